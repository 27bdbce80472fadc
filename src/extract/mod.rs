//! Extraction: pure functions from an [`Article`] and a [`Lexicon`] to an
//! [`Extraction`] of entities, mentions, statements and relations.
//!
//! Invariant: extraction does no I/O and knows nothing of RDF or Oxigraph.
//!
//! The stages, each in its own module:
//! 1. [`text`]: tokens and sentences with byte spans;
//! 2. [`mentions`]: gazetteer matches, then rule-found actors (titles and
//!    names, organisation head nouns, anonymous sources, outlets), then
//!    coreference (surnames, titles, pronouns);
//! 3. [`statements`]: reporting cues, speaker, stance, relay (`via`), figure
//!    and proposition for each attributed statement;
//! 4. [`relations`]: events and ties told by the narrator (pacts, meetings,
//!    summons, office holding, structure).

pub mod lexicon;
pub mod mentions;
pub mod relations;
pub mod statements;
pub mod text;

pub use lexicon::{Lexicon, LexiconError};

use crate::article::Article;
use crate::date::PartialDate;
use serde::Deserialize;
use std::fmt;

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

/// The class of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Kind {
    State,
    Official,
    Agency,
    Organization,
    MilitaryUnit,
    MediaOutlet,
    Person,
    Place,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::State,
        Kind::Official,
        Kind::Agency,
        Kind::Organization,
        Kind::MilitaryUnit,
        Kind::MediaOutlet,
        Kind::Person,
        Kind::Place,
    ];

    /// The local name of the class in the ontology.
    pub fn local_name(self) -> &'static str {
        match self {
            Kind::State => "State",
            Kind::Official => "Official",
            Kind::Agency => "Agency",
            Kind::Organization => "Organization",
            Kind::MilitaryUnit => "MilitaryUnit",
            Kind::MediaOutlet => "MediaOutlet",
            Kind::Person => "Person",
            Kind::Place => "Place",
        }
    }

    /// Whether entities of this kind can speak.
    pub fn is_actor(self) -> bool {
        self != Kind::Place
    }
}

/// The attitude of a speaker to a proposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stance {
    Claims,
    Denies,
    Confirms,
    CannotVerify,
    Warns,
    Condemns,
    CallsFor,
    Other,
}

impl Stance {
    pub const ALL: [Stance; 8] = [
        Stance::Claims,
        Stance::Denies,
        Stance::Confirms,
        Stance::CannotVerify,
        Stance::Warns,
        Stance::Condemns,
        Stance::CallsFor,
        Stance::Other,
    ];

    pub fn local_name(self) -> &'static str {
        match self {
            Stance::Claims => "claims",
            Stance::Denies => "denies",
            Stance::Confirms => "confirms",
            Stance::CannotVerify => "cannotVerify",
            Stance::Warns => "warns",
            Stance::Condemns => "condemns",
            Stance::CallsFor => "callsFor",
            Stance::Other => "other",
        }
    }
}

/// How a figure is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Qualifier {
    Exactly,
    About,
    UpTo,
    AtLeast,
    MoreThan,
}

impl Qualifier {
    pub fn local_name(self) -> &'static str {
        match self {
            Qualifier::Exactly => "exactly",
            Qualifier::About => "about",
            Qualifier::UpTo => "upTo",
            Qualifier::AtLeast => "atLeast",
            Qualifier::MoreThan => "moreThan",
        }
    }
}

/// A relation property of the ontology, by its local name (one of
/// [`crate::vocab::RELATION_PROPERTIES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Predicate(pub &'static str);

impl Predicate {
    pub const SENDS_TROOPS_TO: Predicate = Predicate("sendsTroopsTo");
    pub const PART_OF: Predicate = Predicate("partOf");
    pub const HOLDS_OFFICE_IN: Predicate = Predicate("holdsOfficeIn");
    pub const SPOKESPERSON_FOR: Predicate = Predicate("spokespersonFor");
    pub const LEADS: Predicate = Predicate("leads");
    pub const FORMERLY_SERVED_IN: Predicate = Predicate("formerlyServedIn");
    pub const MEMBER_OF: Predicate = Predicate("memberOf");
    pub const LOCATED_IN: Predicate = Predicate("locatedIn");
    pub const BASED_IN: Predicate = Predicate("basedIn");
    /// The fallback when no rule names what a statement is about.
    pub const RELATED_TO: Predicate = Predicate("relatedTo");

    /// Looks up a predicate by local name.
    pub fn from_local_name(name: &str) -> Option<Predicate> {
        crate::vocab::RELATION_PROPERTIES
            .iter()
            .find(|p| **p == name)
            .map(|p| Predicate(p))
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
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
    let doc = mentions::Document::new(article, lexicon);
    let mut extraction = doc.resolve();
    statements::extract_statements(&doc, lexicon, &mut extraction);
    relations::extract_relations(&doc, lexicon, &mut extraction);
    extraction.finish();
    extraction
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
        self.relations
            .retain(|r| seen.insert((r.subject, r.predicate, r.object)));
        for entity in &mut self.entities {
            entity.aliases.sort();
            entity.aliases.dedup();
        }
    }
}
