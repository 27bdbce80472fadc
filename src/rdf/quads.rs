//! One article's extraction as quads: its own graph, and the quads it shares
//! with other articles (stated once per store, see [`super::shared`]).

use super::{article_graph, article_iri, data_iri, date_literal, entity_iri, id_segment};
use super::{figure_iri, proposition_iri, shared};
use crate::article::Article;
use crate::extract::{Entity, EntityIdx, Extraction, GazetteerEntry, Lexicon};
use crate::vocab::{self, cg, owl, rdf, rdfs, schema, skos, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeSet;

/// The quads of one article.
#[derive(Debug, Default)]
pub struct ArticleQuads {
    /// Its named graph: the article, what it says, what it mentions.
    pub graph: Vec<Quad>,
    /// Quads for the shared graphs: the gazetteer's descriptions of the
    /// entities it uses, the propositions its statements are about, the
    /// figures they give, the relations it narrates as plain triples. Other articles may give the
    /// same ones.
    pub shared: Vec<Quad>,
}

impl ArticleQuads {
    pub fn len(&self) -> usize {
        self.graph.len() + self.shared.len()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.is_empty() && self.shared.is_empty()
    }
}

/// Converts byte offsets into character offsets of `text`, for spans sorted
/// or not; used so evidence offsets count characters as the ontology says.
struct CharOffsets<'a> {
    text: &'a str,
}

impl CharOffsets<'_> {
    fn at(&self, byte: usize) -> usize {
        self.text[..byte].chars().count()
    }
}

/// Collects quads into one graph.
struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphWriter {
    fn new(graph: NamedNode) -> Self {
        Self {
            graph: GraphName::NamedNode(graph),
            quads: Vec::new(),
        }
    }

    fn add(&mut self, s: &NamedNode, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::from(s.clone()),
            p.into(),
            o.into(),
            self.graph.clone(),
        ));
    }
}

/// The writers of one article: its graph and the four shared ones.
struct Writers {
    graph: GraphWriter,
    entities: GraphWriter,
    propositions: GraphWriter,
    figures: GraphWriter,
    facts: GraphWriter,
}

/// All quads for one article.
pub fn to_quads(article: &Article, extraction: &Extraction, lexicon: &Lexicon) -> ArticleQuads {
    let mut w = Writers {
        graph: GraphWriter::new(article_graph(&article.id)),
        entities: GraphWriter::new(shared::entities_graph()),
        propositions: GraphWriter::new(shared::propositions_graph()),
        figures: GraphWriter::new(shared::figures_graph()),
        facts: GraphWriter::new(shared::facts_graph()),
    };
    let a = article_iri(&article.id);
    article_node(&mut w.graph, &a, article, lexicon);
    let used = entities(&mut w.graph, extraction, lexicon);
    statements(&mut w, article, extraction);
    relations(&mut w, article, extraction);
    descriptions(&mut w.entities, &used, lexicon);
    let mut shared = w.entities.quads;
    shared.append(&mut w.propositions.quads);
    shared.append(&mut w.figures.quads);
    shared.append(&mut w.facts.quads);
    ArticleQuads {
        graph: w.graph.quads,
        shared,
    }
}

fn article_node(w: &mut GraphWriter, a: &NamedNode, article: &Article, lexicon: &Lexicon) {
    w.add(a, rdf::TYPE, cg::ARTICLE.into_owned());
    w.add(a, cg::ARTICLE_ID, Literal::new_simple_literal(&article.id));
    w.add(
        a,
        schema::HEADLINE,
        Literal::new_simple_literal(&article.headline),
    );
    w.add(
        a,
        cg::CONTENT_HASH,
        Literal::new_simple_literal(&article.content_hash),
    );
    // The text itself: evidence offsets count its characters, so a reader
    // (or the explorer) can mark every statement in it, and the evidence
    // of each is a substring of it.
    w.add(
        a,
        schema::ARTICLE_BODY,
        Literal::new_simple_literal(&article.text),
    );
    w.add(
        a,
        cg::EXTRACTOR,
        Literal::new_simple_literal(lexicon.extractor()),
    );
    if let Some(publisher) = &article.publisher {
        w.add(
            a,
            cg::PUBLISHER_NAME,
            Literal::new_simple_literal(publisher),
        );
    }
    if let Some(date) = article.published {
        w.add(
            a,
            schema::DATE_PUBLISHED,
            Literal::new_typed_literal(date.to_string(), xsd::DATE),
        );
    }
    if let Some(url) = &article.url {
        match NamedNode::new(url.trim()) {
            Ok(iri) => w.add(a, schema::URL, iri),
            Err(_) => w.add(a, schema::URL, Literal::new_simple_literal(url)),
        }
    }
}

fn wikidata_iri(q: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{q}", vocab::WD))
}

/// The entities: how often each is mentioned and the names it goes by in
/// this article, and whatever of its description the gazetteer does not
/// give (all of it for an entity minted from the text). Returns the keys of
/// every entity the article's quads name.
fn entities(w: &mut GraphWriter, extraction: &Extraction, lexicon: &Lexicon) -> BTreeSet<String> {
    let mut referenced: BTreeSet<EntityIdx> = BTreeSet::new();
    for s in &extraction.statements {
        referenced.insert(s.speaker);
        referenced.extend(s.via);
        referenced.extend(s.proposition.subject);
        referenced.extend(s.proposition.object);
    }
    for r in &extraction.relations {
        referenced.extend([r.subject, r.object]);
        referenced.extend(r.place);
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut affiliations: BTreeSet<&str> = BTreeSet::new();
    for (i, entity) in extraction.entities.iter().enumerate() {
        let mentioned = entity.mentions > 0;
        if !mentioned && !referenced.contains(&EntityIdx(i)) {
            continue;
        }
        used.insert(entity.key.clone());
        let e = entity_iri(&entity.key);
        let entry = lexicon.entry(&entity.key);
        if entry.is_none_or(|entry| entry.name != entity.label) {
            w.add(&e, rdfs::LABEL, Literal::new_simple_literal(&entity.label));
        }
        if !mentioned {
            continue;
        }
        own_description(w, &e, entity, entry);
        if let Some(affiliation) = &entity.affiliation {
            affiliations.insert(affiliation);
        }
    }
    // Labels of affiliations minted from the text and not otherwise here.
    for key in affiliations {
        if used.contains(key) {
            continue;
        }
        used.insert(key.to_owned());
        if lexicon.entry(key).is_some() {
            continue;
        }
        if let Some(found) = extraction.entities.iter().find(|e| e.key == key) {
            w.add(
                &entity_iri(key),
                rdfs::LABEL,
                Literal::new_simple_literal(&found.label),
            );
        }
    }
    used
}

/// What this article says of a mentioned entity beyond its gazetteer entry.
fn own_description(
    w: &mut GraphWriter,
    e: &NamedNode,
    entity: &Entity,
    entry: Option<&GazetteerEntry>,
) {
    if entry.is_none_or(|entry| entry.kind != entity.kind) {
        w.add(e, rdf::TYPE, entity.kind.iri());
    }
    w.add(e, cg::MENTION_COUNT, Literal::from(entity.mentions as i64));
    for alias in &entity.aliases {
        if alias != &entity.label {
            w.add(e, skos::ALT_LABEL, Literal::new_simple_literal(alias));
        }
    }
    let known =
        |field: fn(&GazetteerEntry) -> &Option<String>| entry.and_then(|e| field(e).as_ref());
    if let Some(affiliation) = &entity.affiliation
        && known(|e| &e.affiliation) != Some(affiliation)
    {
        w.add(e, cg::AFFILIATION, entity_iri(affiliation));
    }
    if let Some(q) = &entity.wikidata
        && known(|e| &e.wikidata) != Some(q)
    {
        w.add(e, owl::SAME_AS, wikidata_iri(q));
    }
}

/// The gazetteer's description of every entity in `used` that it knows,
/// and of the bodies they are affiliated with, in the shared entities graph.
fn descriptions(w: &mut GraphWriter, used: &BTreeSet<String>, lexicon: &Lexicon) {
    let mut todo: Vec<&str> = used.iter().map(String::as_str).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while let Some(key) = todo.pop() {
        if !done.insert(key) {
            continue;
        }
        let Some(entry) = lexicon.entry(key) else {
            continue;
        };
        let e = entity_iri(key);
        w.add(&e, rdf::TYPE, entry.kind.iri());
        w.add(&e, rdfs::LABEL, Literal::new_simple_literal(&entry.name));
        if let Some(q) = &entry.wikidata {
            w.add(&e, owl::SAME_AS, wikidata_iri(q));
        }
        if let Some(affiliation) = &entry.affiliation {
            w.add(&e, cg::AFFILIATION, entity_iri(affiliation));
            todo.push(affiliation);
        }
    }
}

/// The IRI of an article's `n`th (from 0) statement or relation.
fn node_iri(kind: &str, article: &Article, n: usize) -> NamedNode {
    data_iri(kind, &format!("{}/{:04}", id_segment(&article.id), n + 1))
}

/// Where a statement or relation was read: its sentence (from 1) and the
/// character offsets of its evidence in the body.
fn evidence(
    g: &mut GraphWriter,
    node: &NamedNode,
    offsets: &CharOffsets<'_>,
    sentence: usize,
    span: crate::extract::Span,
) {
    g.add(node, cg::SENTENCE, Literal::from(sentence as i64 + 1));
    g.add(
        node,
        cg::START,
        Literal::from(offsets.at(span.start) as i64),
    );
    g.add(node, cg::END, Literal::from(offsets.at(span.end) as i64));
}

fn statements(w: &mut Writers, article: &Article, extraction: &Extraction) {
    let offsets = CharOffsets {
        text: &article.text,
    };
    let key_of = |idx: EntityIdx| extraction.entity(idx).key.as_str();
    let mut propositions = BTreeSet::new();
    let mut figures = BTreeSet::new();
    for (n, s) in extraction.statements.iter().enumerate() {
        let st = node_iri("statement", article, n);
        let p = proposition_iri(
            s.proposition.subject.map(key_of),
            s.proposition.predicate,
            s.proposition.object.map(key_of),
        );
        let g = &mut w.graph;
        g.add(&st, cg::SPEAKER, entity_iri(key_of(s.speaker)));
        g.add(&st, cg::STANCE_PROP, s.stance.iri());
        g.add(&st, cg::PROPOSITION_PROP, p.clone());
        if let Some(f) = &s.figure {
            let figure = figure_iri(f.qualifier, f.value, &f.unit);
            g.add(&st, cg::FIGURE_PROP, figure.clone());
            if figures.insert(figure.clone()) {
                let w = &mut w.figures;
                w.add(&figure, rdf::TYPE, cg::FIGURE.into_owned());
                w.add(&figure, cg::QUANTITY, Literal::from(f.value as i64));
                w.add(&figure, cg::QUALIFIER_PROP, f.qualifier.iri());
                w.add(&figure, cg::UNIT, Literal::new_simple_literal(&f.unit));
            }
        }
        if let Some(via) = s.via {
            g.add(&st, cg::VIA, entity_iri(key_of(via)));
        }
        g.add(&st, cg::CUE, Literal::new_simple_literal(&s.cue));
        evidence(g, &st, &offsets, s.sentence, s.evidence);
        if let Some(date) = s.date {
            g.add(&st, cg::DATE, date_literal(date));
        }
        if propositions.insert(p.clone()) {
            let w = &mut w.propositions;
            w.add(&p, rdf::TYPE, cg::PROPOSITION.into_owned());
            w.add(&p, cg::PREDICATE, s.proposition.predicate.iri());
            if let Some(subject) = s.proposition.subject {
                w.add(&p, cg::SUBJECT, entity_iri(key_of(subject)));
            }
            if let Some(object) = s.proposition.object {
                w.add(&p, cg::OBJECT, entity_iri(key_of(object)));
            }
        }
    }
}

fn relations(w: &mut Writers, article: &Article, extraction: &Extraction) {
    let offsets = CharOffsets {
        text: &article.text,
    };
    let key_of = |idx: EntityIdx| extraction.entity(idx).key.as_str();
    let mut facts = BTreeSet::new();
    for (n, r) in extraction.relations.iter().enumerate() {
        let rel = node_iri("relation", article, n);
        let (subject, object) = (entity_iri(key_of(r.subject)), entity_iri(key_of(r.object)));
        if facts.insert((r.subject, r.predicate, r.object)) {
            w.facts.add(&subject, r.predicate.iri(), object.clone());
        }
        let g = &mut w.graph;
        g.add(&rel, rdf::TYPE, cg::RELATION.into_owned());
        g.add(&rel, cg::SUBJECT, subject);
        g.add(&rel, cg::PREDICATE, r.predicate.iri());
        g.add(&rel, cg::OBJECT, object);
        if let Some(date) = r.date {
            g.add(&rel, cg::DATE, date_literal(date));
        }
        if let Some(place) = r.place {
            g.add(&rel, cg::PLACE_PROP, entity_iri(key_of(place)));
        }
        evidence(g, &rel, &offsets, r.sentence, r.evidence);
    }
}
