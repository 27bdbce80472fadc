//! The sections of `data/lexicon.toml`, one per rule family, each named
//! after the module that reads it. Every struct rejects unknown keys and the
//! file rejects unknown sections, so a typo is an error, not a rule that
//! silently reads nothing.

use super::words::{Phrases, Words};
use crate::extract::{Predicate, Qualifier, Stance};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LexiconFile {
    pub text: TextWords,
    pub names: Names,
    pub gazetteer: GazetteerWords,
    pub titles: Titles,
    pub bodies: BodiesFile,
    pub anonymous: Anonymous,
    pub outlets: Outlets,
    pub places: Places,
    pub units: Units,
    pub coreference: Coreference,
    pub cues: CuesFile,
    pub speaker: Speaker,
    pub stance: StanceFile,
    pub figure: FigureFile,
    pub numbers: Numbers,
    pub proposition: PropositionFile,
    pub dates: Dates,
    pub statements: StatementWords,
    pub relations: RelationWords,
}

/// `[text]`, read by `extract/text.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextWords {
    pub abbreviations: Words,
    pub compound_suffixes: Words,
}

/// `[names]`, read by several mention families.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub stopwords: Words,
}

/// `[gazetteer]`, read by `mentions/gazetteer.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerWords {
    pub credit_words: Words,
    pub locative: Words,
    pub actor_heads: Words,
}

/// `[titles]`, read by `mentions/titles.rs` (and offices, relations).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// Titles of office: their holder is an `Official`.
    pub office: Words,
    /// Titles of speaking for a body: `spokespersonFor`.
    pub spokesperson: Words,
    /// Titles of leading a body: `leads`.
    pub leader: Words,
    /// Roles that are not offices: their holder is a `Person`.
    pub person: Words,
    /// Words that turn an office into a former one.
    pub former: Words,
    pub title_words: Words,
    pub title_modifiers: Words,
    pub apposition_openers: Words,
    pub auxiliaries: Words,
    pub speech_verbs: Words,
}

/// `[bodies]` as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BodiesFile {
    pub determiners: Words,
    pub name_links: Words,
    pub common_modifiers: Words,
    pub common_heads: Words,
    pub described_heads: Words,
    pub heads: BodyHeads,
}

/// `[bodies.heads]`: head nouns by the kind they make.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BodyHeads {
    pub agency: Vec<String>,
    pub unit: Vec<String>,
    pub organization: Vec<String>,
    pub place: Vec<String>,
}

/// `[bodies]`, read by `mentions/bodies.rs`.
#[derive(Debug, Clone)]
pub struct Bodies {
    pub determiners: Words,
    pub name_links: Words,
    pub common_modifiers: Words,
    pub common_heads: Words,
    pub described_heads: Words,
}

/// `[anonymous]`, read by `mentions/anonymous.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anonymous {
    pub heads: Words,
    pub modifiers: Words,
    pub collective_media: Phrases,
    pub persons: Phrases,
    pub state_heads: Words,
    pub located: Words,
    pub installed: Words,
    pub articles: Words,
    pub regions: Words,
}

/// `[outlets]`, read by `mentions/outlets.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlets {
    pub media_heads: Words,
    pub triggers: Phrases,
}

/// `[places]`, read by `mentions/places.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Places {
    pub compass: Words,
    pub settlement_nouns: Words,
    pub site_suffixes: Phrases,
    pub described_sites: Phrases,
    pub occupied_nouns: Words,
    pub vague_nouns: Words,
}

/// `[units]`, read by `mentions/units.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Units {
    pub unit_nouns: Words,
    pub formations: Words,
    pub services: Words,
    pub intelligence: Words,
    pub intelligence_modifiers: Words,
    pub intelligence_tails: Words,
    pub forces: Words,
}

/// `[coreference]`, read by `mentions/coreference.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coreference {
    pub family_name_first: Words,
}

/// `[cues]` as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CuesFile {
    pub cue: Vec<Cue>,
    pub negations: Words,
    pub noun_determiners: Words,
    pub noun_followers: Words,
    pub passive_auxiliaries: Words,
}

/// How a reporting cue attaches its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// "X said (that) ...", "... , X said", "... , said X".
    Verb,
    /// "... , adding that ...": the speaker is the previous statement's.
    Participle,
    /// "according to X": X is the speaker, or the relay if X is an outlet.
    According,
    /// "citing X": X is the speaker, the subject of the sentence the relay.
    Citing,
    /// "as quoted by X", "as reported by X": X is the relay.
    QuotedBy,
    /// "were reportedly injured": the previous statement's source goes on.
    Adverb,
}

/// One reporting cue of `[cues]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    pub phrase: String,
    pub stance: Stance,
    #[serde(default = "default_frame")]
    pub frame: Frame,
}

fn default_frame() -> Frame {
    Frame::Verb
}

/// `[cues]` words other than the cues themselves.
#[derive(Debug, Clone)]
pub struct CueWords {
    pub negations: Words,
    pub noun_determiners: Words,
    pub noun_followers: Words,
    pub passive_auxiliaries: Words,
}

/// `[speaker]`, read by `statements/speaker.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    pub skippable: Words,
    pub catenatives: Phrases,
    pub partitives: Words,
    pub clause_openers: Words,
    pub aside_openers: Words,
    pub source_determiners: Words,
    pub collective_nouns: Words,
    pub relay_words: Words,
    pub trailers: Words,
    pub finite: Words,
    pub adjunct_prepositions: Words,
    pub qualifier_words: Words,
    pub speaker_words: Words,
    pub documents: Words,
}

/// `[stance]`: keyword families in the order they are tried.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StanceFile {
    pub family: Vec<StanceFamily>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StanceFamily {
    pub stance: Stance,
    pub keywords: Vec<String>,
}

/// `[figure]` as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FigureFile {
    pub person_units: Phrases,
    pub formation_units: Phrases,
    pub qualifier: Vec<QualifierPhrases>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualifierPhrases {
    pub qualifier: Qualifier,
    pub phrases: Vec<String>,
}

/// `[figure]` units, read by `statements/figure.rs`.
#[derive(Debug, Clone)]
pub struct Figures {
    pub person_units: Phrases,
    pub formation_units: Phrases,
}

/// `[numbers]`, read by `extract/numbers.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    pub words: BTreeMap<String, u64>,
    pub multipliers: BTreeMap<String, u64>,
}

/// `[proposition]`: predicate rules in the order they are tried.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PropositionFile {
    pub rule: Vec<PredicateRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PredicateRule {
    pub predicate: Predicate,
    pub keywords: Vec<String>,
}

/// `[dates]`, read by `extract/dates.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub weekdays: Words,
    pub months: Words,
    pub deadline_words: Words,
    pub clause_opening: Words,
}

/// `[statements]`, read by the statement driver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementWords {
    pub coordination_auxiliaries: Words,
}

/// `[relations]`, read by `extract/relations/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationWords {
    pub pact_verbs: Words,
    pub pact_nouns: Words,
    pub pact_party_words: Words,
    pub meeting_verbs: Words,
    pub meeting_nouns: Words,
    pub summon_verbs: Words,
    pub meet_verbs: Words,
    pub talk_nouns: Words,
    pub visit_verbs: Words,
    pub visit_nouns: Words,
    pub cooperation_nouns: Words,
    pub cooperation_verbs: Words,
    pub killed_words: Words,
    pub injured_words: Words,
    pub casualty_people: Words,
    pub deploy_verbs: Words,
    pub deploy_prepositions: Words,
    pub war_nouns: Words,
    pub war_prepositions: Words,
    pub war_possessives: Words,
    pub function_words: Words,
    pub occupation_adjectives: Words,
    pub occupation_nouns: Words,
    pub occupation_verbs: Words,
    pub occupation_quantifiers: Words,
}
