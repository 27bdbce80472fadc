//! Extraction: pure functions from an [`Article`] and a [`Lexicon`] to an
//! [`Extraction`] of entities, mentions, statements and relations.
//!
//! Invariant: extraction does no I/O and knows nothing of RDF or Oxigraph.
//!
//! The stages, each in its own module:
//! 1. [`document`]: the read-only view every rule reads ([`text`] tokens
//!    and sentences with byte spans, lower-case forms, nationality words);
//! 2. [`mentions`]: one module per rule family (gazetteer, titles, bodies,
//!    anonymous sources, outlets, places, units, coreference, offices)
//!    filling the [`entities`] table;
//! 3. [`statements`]: one module per rule family (cues, speaker, relay,
//!    stance, figure, proposition) for each attributed statement;
//! 4. [`relations`]: events and ties told by the narrator (pacts, meetings,
//!    summons, office holding, structure).
//!
//! [`dates`] and [`numbers`] read dates and figures for both of the last two.

pub mod dates;
pub mod document;
pub mod entities;
pub mod lexicon;
pub mod mentions;
pub mod numbers;
pub mod relations;
pub mod statements;
pub mod text;

pub use lexicon::{GazetteerEntry, Lexicon, LexiconError};

use crate::article::Article;
use crate::date::PartialDate;
pub use crate::vocab::{Kind, Predicate, Qualifier, Stance};
use document::Document;
use entities::EntityTable;

/// A byte range of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// Index of an entity in [`Extraction::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIdx(pub usize);

/// An actor or place found in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable across articles: the gazetteer id or a slug minted from kind,
    /// affiliation and label.
    pub key: String,
    pub label: String,
    pub kind: Kind,
    /// The key of the state (or body) the entity acts for.
    pub affiliation: Option<String>,
    pub wikidata: Option<String>,
    /// Surface forms seen in this article, sorted.
    pub aliases: Vec<String>,
    pub mentions: usize,
}

/// A span of text that refers to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub span: Span,
    pub entity: EntityIdx,
}

/// A number given in a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub value: u64,
    pub qualifier: Qualifier,
    /// The counted noun as written, lower-case ("troops", "brigades").
    pub unit: String,
    pub span: Span,
}

/// Subject, predicate, object: what a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Proposition {
    pub subject: Option<EntityIdx>,
    pub predicate: Predicate,
    pub object: Option<EntityIdx>,
}

/// An attributed statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub speaker: EntityIdx,
    pub stance: Stance,
    pub proposition: Proposition,
    pub figure: Option<Figure>,
    /// The outlet (or person) the statement reached us through.
    pub via: Option<EntityIdx>,
    /// The reporting cue as written ("said", "according to", "denied").
    pub cue: String,
    /// The sentence the statement is in.
    pub sentence: usize,
    pub evidence: Span,
    pub date: Option<PartialDate>,
}

/// An event or tie the article reports as fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub subject: EntityIdx,
    pub predicate: Predicate,
    pub object: EntityIdx,
    pub date: Option<PartialDate>,
    pub place: Option<EntityIdx>,
    pub sentence: usize,
    pub evidence: Span,
}

/// Something the extractor noticed but could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub sentence: usize,
    pub message: String,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub statements: Vec<Statement>,
    pub relations: Vec<Relation>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.entities[idx.0]
    }

    /// Sentences that yielded no statement and no relation.
    pub fn silent_sentences(&self) -> Vec<usize> {
        let mut used = vec![false; self.sentences.len()];
        for s in &self.statements {
            used[s.sentence] = true;
        }
        for r in &self.relations {
            used[r.sentence] = true;
        }
        (0..self.sentences.len()).filter(|&i| !used[i]).collect()
    }
}

/// Extracts entities, statements and relations from one article.
pub fn extract(article: &Article, lexicon: &Lexicon) -> Extraction {
    let doc = Document::new(article, lexicon);
    let table = mentions::resolve(&doc);
    let cx = Reading {
        doc: &doc,
        table: &table,
    };
    let mut extraction = table.to_extraction(&doc);
    extraction.diagnostics = unread_names(&doc, &table);
    statements::extract_statements(cx, lexicon, &mut extraction);
    relations::extract_relations(cx, lexicon, &mut extraction);
    extraction.finish();
    extraction
}

/// Capitalised names inside a sentence that no mention rule read: runs of
/// capitalised words not at the sentence start, not stopwords and not
/// covered by a mention.
fn unread_names(doc: &Document<'_>, table: &EntityTable) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (s, range) in doc.sentence_tokens.iter().enumerate() {
        let mut k = range.start + 1;
        while k < range.end {
            let unread = |k: usize| {
                doc.is_capitalized(k)
                    && table.covered[k].is_none()
                    && !doc.lexicon.is_stopword(doc.tok(k))
                    && !doc.lexicon.is_title(doc.tok(k))
            };
            if !unread(k) {
                k += 1;
                continue;
            }
            let from = k;
            while k < range.end && unread(k) {
                k += 1;
            }
            let name = doc.span_of(from, k).text(doc.text);
            out.push(Diagnostic {
                sentence: s,
                message: format!("name \"{name}\" yielded no entity"),
            });
        }
    }
    out
}

/// What statement and relation rules read: the document and the entities
/// and mentions resolved in it.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    pub doc: &'a Document<'a>,
    pub table: &'a EntityTable,
}

impl Extraction {
    /// Sorts and deduplicates the output so that it does not depend on the
    /// order rules ran in, and drops entities nothing refers to.
    fn finish(&mut self) {
        self.mentions.sort();
        self.mentions.dedup();
        let mut seen = std::collections::BTreeSet::new();
        self.statements.retain(|s| {
            seen.insert((
                s.speaker,
                s.stance,
                s.proposition,
                s.figure.as_ref().map(|f| f.value),
                s.via,
                s.sentence,
            ))
        });
        let mut seen = std::collections::BTreeSet::new();
        // A symmetric tie stated both ways is one tie.
        self.relations.retain(|r| {
            let (a, b) = if r.predicate.is_symmetric() && r.object < r.subject {
                (r.object, r.subject)
            } else {
                (r.subject, r.object)
            };
            seen.insert((a, r.predicate, b))
        });
        for entity in &mut self.entities {
            entity.aliases.sort();
            entity.aliases.dedup();
        }
    }
}
