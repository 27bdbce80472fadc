//! From extractions to RDF: deterministic IRIs, quads, and the store.
//!
//! Invariant: IRIs are minted only here, from `vocab` constants and stable
//! keys, so two builds of the same input give identical graphs.

mod lock;
pub mod sources;
pub mod store;

use crate::article::Article;
use crate::date::PartialDate;
use crate::extract::{EntityIdx, Extraction, Lexicon, Predicate};
use crate::vocab::{self, cg, owl, prov, rdf, rdfs, schema, skos, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Everything but the unreserved characters of RFC 3986 is escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The same, keeping `/` for entity keys that have a path.
const PATH: &AsciiSet = &SEGMENT.remove(b'/');

/// Percent-encodes a key as IRI path segments (one, unless `keep_slash`).
fn encode(segment: &str, keep_slash: bool) -> String {
    let set = if keep_slash { PATH } else { SEGMENT };
    utf8_percent_encode(segment, set).to_string()
}

fn data_iri(kind: &str, encoded: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{kind}/{encoded}", vocab::DATA))
}

/// An article id as one IRI path segment.
fn id_segment(article_id: &str) -> String {
    encode(article_id, false)
}

/// An IRI someone gave (a dataset parameter of the SPARQL protocol), if it
/// is one.
pub fn parse_iri(text: &str) -> Option<NamedNode> {
    NamedNode::new(text).ok()
}

/// The named graph holding everything extracted from one article.
pub fn article_graph(article_id: &str) -> NamedNode {
    data_iri("graph", &id_segment(article_id))
}

/// The article id whose graph is `graph`, if `graph` is one that
/// [`article_graph`] mints.
pub fn graph_article_id(graph: &str) -> Option<String> {
    let segment = graph.strip_prefix(vocab::DATA)?.strip_prefix("graph/")?;
    let id = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?
        .into_owned();
    (article_graph(&id).as_str() == graph).then_some(id)
}

pub fn article_iri(article_id: &str) -> NamedNode {
    data_iri("article", &id_segment(article_id))
}

pub fn entity_iri(key: &str) -> NamedNode {
    data_iri("entity", &encode(key, true))
}

/// The same (subject, predicate, object) gets the same proposition IRI in
/// every article, so corroboration and contradiction are joins.
pub fn proposition_iri(
    subject: Option<&str>,
    predicate: Predicate,
    object: Option<&str>,
) -> NamedNode {
    let mut hasher = Sha256::new();
    for part in [
        subject.unwrap_or(""),
        predicate.local_name(),
        object.unwrap_or(""),
    ] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    data_iri("proposition", &hex)
}

fn date_literal(date: PartialDate) -> Literal {
    match date {
        PartialDate::Day(_) => Literal::new_typed_literal(date.to_string(), xsd::DATE),
        PartialDate::Month { .. } => {
            Literal::new_typed_literal(date.to_string(), xsd::G_YEAR_MONTH)
        }
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

/// Collects the quads of one article graph.
struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphWriter {
    fn add(&mut self, s: &NamedNode, p: impl Into<NamedNode>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::from(s.clone()),
            p.into(),
            o.into(),
            self.graph.clone(),
        ));
    }
}

/// All quads for one article, in its own named graph.
pub fn to_quads(article: &Article, extraction: &Extraction, lexicon: &Lexicon) -> Vec<Quad> {
    let graph = article_graph(&article.id);
    let mut w = GraphWriter {
        graph: GraphName::NamedNode(graph),
        quads: Vec::new(),
    };
    let offsets = CharOffsets {
        text: &article.text,
    };
    let a = article_iri(&article.id);
    w.add(&a, rdf::TYPE, cg::ARTICLE.into_owned());
    w.add(&a, cg::ARTICLE_ID, Literal::new_simple_literal(&article.id));
    w.add(
        &a,
        schema::HEADLINE,
        Literal::new_simple_literal(&article.headline),
    );
    w.add(
        &a,
        cg::CONTENT_HASH,
        Literal::new_simple_literal(&article.content_hash),
    );
    // The text itself: evidence offsets count its characters, so a reader
    // (or the explorer) can mark every statement in it.
    w.add(
        &a,
        schema::ARTICLE_BODY,
        Literal::new_simple_literal(&article.text),
    );
    w.add(
        &a,
        cg::EXTRACTOR,
        Literal::new_simple_literal(lexicon.extractor()),
    );

    if let Some(publisher) = &article.publisher {
        w.add(
            &a,
            cg::PUBLISHER_NAME,
            Literal::new_simple_literal(publisher),
        );
    }
    if let Some(date) = article.published {
        w.add(
            &a,
            schema::DATE_PUBLISHED,
            Literal::new_typed_literal(date.to_string(), xsd::DATE),
        );
    }
    if let Some(url) = &article.url {
        match NamedNode::new(url.trim()) {
            Ok(iri) => w.add(&a, schema::URL, iri),
            Err(_) => w.add(&a, schema::URL, Literal::new_simple_literal(url)),
        }
    }

    // Entities: mentioned ones fully, referenced ones by label only.
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
    let mut labelled: BTreeSet<String> = BTreeSet::new();
    for (i, entity) in extraction.entities.iter().enumerate() {
        let mentioned = entity.mentions > 0;
        if !mentioned && !referenced.contains(&EntityIdx(i)) {
            continue;
        }
        let e = entity_iri(&entity.key);
        w.add(&e, rdfs::LABEL, Literal::new_simple_literal(&entity.label));
        labelled.insert(entity.key.clone());
        if !mentioned {
            continue;
        }
        w.add(&e, rdf::TYPE, entity.kind.iri());
        w.add(&e, cg::MENTION_COUNT, Literal::from(entity.mentions as i64));
        for alias in &entity.aliases {
            if alias != &entity.label {
                w.add(&e, skos::ALT_LABEL, Literal::new_simple_literal(alias));
            }
        }
        if let Some(affiliation) = &entity.affiliation {
            w.add(&e, cg::AFFILIATION, entity_iri(affiliation));
        }
        if let Some(q) = &entity.wikidata {
            w.add(
                &e,
                owl::SAME_AS,
                NamedNode::new_unchecked(format!("{}{q}", vocab::WD)),
            );
        }
    }
    // Labels of affiliations that are known but not otherwise in this graph.
    let affiliations: BTreeSet<&String> = extraction
        .entities
        .iter()
        .filter(|e| e.mentions > 0)
        .filter_map(|e| e.affiliation.as_ref())
        .collect();
    for key in affiliations {
        if labelled.contains(key) {
            continue;
        }
        let label = lexicon.entry(key).map(|e| e.name.clone()).or_else(|| {
            extraction
                .entities
                .iter()
                .find(|e| &e.key == key)
                .map(|e| e.label.clone())
        });
        if let Some(label) = label {
            w.add(
                &entity_iri(key),
                rdfs::LABEL,
                Literal::new_simple_literal(label),
            );
        }
    }

    let key_of = |idx: EntityIdx| extraction.entity(idx).key.as_str();
    let mut propositions = BTreeSet::new();
    for (n, s) in extraction.statements.iter().enumerate() {
        let st = data_iri(
            "statement",
            &format!("{}/{:04}", id_segment(&article.id), n + 1),
        );
        let p = proposition_iri(
            s.proposition.subject.map(key_of),
            s.proposition.predicate,
            s.proposition.object.map(key_of),
        );
        w.add(&st, rdf::TYPE, cg::STATEMENT.into_owned());
        w.add(&st, cg::SPEAKER, entity_iri(key_of(s.speaker)));
        w.add(&st, cg::STANCE_PROP, s.stance.iri());
        w.add(&st, cg::PROPOSITION_PROP, p.clone());
        if let Some(f) = &s.figure {
            w.add(&st, cg::QUANTITY, Literal::from(f.value as i64));
            w.add(&st, cg::QUALIFIER_PROP, f.qualifier.iri());
            w.add(&st, cg::UNIT, Literal::new_simple_literal(&f.unit));
        }
        if let Some(via) = s.via {
            w.add(&st, cg::VIA, entity_iri(key_of(via)));
        }
        w.add(&st, cg::CUE, Literal::new_simple_literal(&s.cue));
        w.add(
            &st,
            cg::EVIDENCE,
            Literal::new_simple_literal(s.evidence.text(&article.text)),
        );
        w.add(&st, cg::SENTENCE, Literal::from(s.sentence as i64 + 1));
        w.add(
            &st,
            cg::START,
            Literal::from(offsets.at(s.evidence.start) as i64),
        );
        w.add(
            &st,
            cg::END,
            Literal::from(offsets.at(s.evidence.end) as i64),
        );
        if let Some(date) = s.date {
            w.add(&st, cg::DATE, date_literal(date));
        }
        w.add(&st, prov::WAS_DERIVED_FROM, a.clone());
        if propositions.insert(p.clone()) {
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
    for (n, r) in extraction.relations.iter().enumerate() {
        let rel = data_iri(
            "relation",
            &format!("{}/{:04}", id_segment(&article.id), n + 1),
        );
        let (subject, object) = (entity_iri(key_of(r.subject)), entity_iri(key_of(r.object)));
        w.add(&subject, r.predicate.iri(), object.clone());
        w.add(&rel, rdf::TYPE, cg::RELATION.into_owned());
        w.add(&rel, cg::SUBJECT, subject);
        w.add(&rel, cg::PREDICATE, r.predicate.iri());
        w.add(&rel, cg::OBJECT, object);
        if let Some(date) = r.date {
            w.add(&rel, cg::DATE, date_literal(date));
        }
        if let Some(place) = r.place {
            w.add(&rel, cg::PLACE_PROP, entity_iri(key_of(place)));
        }
        w.add(
            &rel,
            cg::EVIDENCE,
            Literal::new_simple_literal(r.evidence.text(&article.text)),
        );
        w.add(&rel, cg::SENTENCE, Literal::from(r.sentence as i64 + 1));
        w.add(
            &rel,
            cg::START,
            Literal::from(offsets.at(r.evidence.start) as i64),
        );
        w.add(
            &rel,
            cg::END,
            Literal::from(offsets.at(r.evidence.end) as i64),
        );
        w.add(&rel, prov::WAS_DERIVED_FROM, a.clone());
    }
    w.quads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_percent_encoded_as_iri_segments() {
        for (key, keep_slash, encoded) in [
            ("000_059dc0b7487d2191", false, "000_059dc0b7487d2191"),
            ("a b/c%", false, "a%20b%2Fc%25"),
            ("a b/c%", true, "a%20b/c%25"),
            ("übung", false, "%C3%BCbung"),
            ("north-korea/army.~", true, "north-korea/army.~"),
        ] {
            assert_eq!(encode(key, keep_slash), encoded, "{key}");
        }
        assert!(article_graph("a b").as_str().ends_with("graph/a%20b"));
    }

    #[test]
    fn graphs_give_back_their_article_ids() {
        for id in ["a b/c%", "übung", "000_1"] {
            assert_eq!(
                graph_article_id(article_graph(id).as_str()).as_deref(),
                Some(id)
            );
        }
        let entity = entity_iri("russia");
        assert_eq!(graph_article_id(entity.as_str()), None);
        let unminted = format!("{}graph/a b", vocab::DATA);
        assert_eq!(graph_article_id(&unminted), None);
    }

    #[test]
    fn propositions_are_shared_across_articles() {
        let p = Predicate::SendsTroopsTo;
        assert_eq!(
            proposition_iri(Some("north-korea"), p, Some("russia")),
            proposition_iri(Some("north-korea"), p, Some("russia"))
        );
        assert_ne!(
            proposition_iri(Some("north-korea"), p, Some("russia")),
            proposition_iri(Some("russia"), p, Some("north-korea"))
        );
    }
}
