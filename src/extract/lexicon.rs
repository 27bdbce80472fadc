//! The extractor's knowledge: the gazetteer of known actors and places and
//! the rule lexicon (reporting cues, titles, head nouns, figures), loaded
//! from `data/gazetteer.toml` and `data/lexicon.toml`.
//!
//! Both files are embedded in the binary; [`Lexicon::from_toml`] builds a
//! lexicon from other files for tests or custom deployments.

use super::{Kind, Predicate, Qualifier, Stance};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not the TOML its loader expects (syntax, an unknown
    /// section or key, a misspelt stance or kind).
    #[error("{file}:{line}: {message}")]
    Toml {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: entity {id:?}: {message}")]
    Entity {
        file: String,
        id: String,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// Parses one TOML file, naming the file and line of the first error.
fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LexiconError> {
    toml::from_str(text).map_err(|e: toml::de::Error| LexiconError::Toml {
        file: file.to_owned(),
        line: e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1),
        message: e.message().replace('\n', " "),
    })
}

/// One known actor or place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The id of the state or body this entry acts for or lies in.
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    /// For states: adjectives and plural nouns naming their people or
    /// origin ("North Korean", "North Koreans").
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// For capitals: the state the city stands for when it acts
    /// ("Pyongyang denied").
    #[serde(default)]
    pub metonym_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    entity: Vec<GazetteerEntry>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredicateRule {
    pub predicate: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    cue: Vec<Cue>,
    negations: Vec<String>,
    stance_keywords: BTreeMap<String, Vec<String>>,
    titles: Titles,
    org_heads: BTreeMap<String, Vec<String>>,
    media_heads: Vec<String>,
    anonymous: Anonymous,
    figures: Figures,
    predicate: Vec<PredicateRule>,
    family_name_first: Vec<String>,
    stopwords: Vec<String>,
    weekdays: Vec<String>,
    months: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Titles {
    /// Titles of office: their holder is an `Official`.
    pub office: Vec<String>,
    /// Titles of speaking for a body: `spokespersonFor`.
    pub spokesperson: Vec<String>,
    /// Titles of leading a body: `leads`.
    pub leader: Vec<String>,
    /// Roles that are not offices: their holder is a `Person`.
    pub person: Vec<String>,
    /// Words that turn an office into a former one.
    pub former: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anonymous {
    pub heads: Vec<String>,
    pub modifiers: Vec<String>,
    pub collective_media: Vec<String>,
    pub persons: Vec<String>,
    pub state_heads: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub person_units: Vec<String>,
    pub formation_units: Vec<String>,
    pub qualifiers: BTreeMap<String, Vec<String>>,
    pub numbers: BTreeMap<String, u64>,
    pub multipliers: BTreeMap<String, u64>,
}

/// The loaded, indexed lexicon.
pub struct Lexicon {
    pub entries: Vec<GazetteerEntry>,
    by_id: HashMap<String, usize>,
    /// Gazetteer alias automaton over the raw text (leftmost-longest), with
    /// the entry index of each pattern.
    pub(crate) aliases: AhoCorasick,
    pub(crate) alias_entry: Vec<usize>,
    /// Demonym automaton, with the state index of each pattern.
    pub(crate) demonyms: AhoCorasick,
    pub(crate) demonym_entry: Vec<usize>,
    pub cues: Vec<(Vec<String>, Cue)>,
    /// `cues` by first word, longest first (group: index into `cues`).
    pub cue_index: PhraseIndex,
    pub negations: Vec<String>,
    pub stance_keywords: Vec<(Stance, Vec<Vec<String>>)>,
    /// `stance_keywords` by first word (group: index into `stance_keywords`).
    pub stance_index: PhraseIndex,
    pub titles: Titles,
    pub org_heads: Vec<(String, Kind)>,
    pub media_heads: Vec<String>,
    pub anonymous: Anonymous,
    pub figures: Figures,
    pub qualifiers: Vec<(Vec<String>, Qualifier)>,
    pub predicates: Vec<(Predicate, Vec<Vec<String>>)>,
    /// `predicates` keywords by first word (group: index into `predicates`).
    pub predicate_index: PhraseIndex,
    pub family_name_first: Vec<String>,
    pub stopwords: Vec<String>,
    stopword_set: std::collections::HashSet<String>,
    title_set: std::collections::HashSet<String>,
    pub weekdays: Vec<String>,
    pub months: Vec<String>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("entries", &self.entries.len())
            .field("cues", &self.cues.len())
            .finish_non_exhaustive()
    }
}

/// Phrases (lower-case words) by their first word, so a run of tokens is
/// scanned once rather than once per phrase. Each phrase belongs to a group
/// (the index of its rule); candidates keep the order they were given in.
#[derive(Debug, Default)]
pub struct PhraseIndex {
    by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
}

impl PhraseIndex {
    fn new<'p>(phrases: impl IntoIterator<Item = (usize, &'p Vec<String>)>) -> Self {
        let mut by_first: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (group, phrase) in phrases {
            if let Some(first) = phrase.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push((group, phrase.clone()));
            }
        }
        Self { by_first }
    }

    /// The phrases starting with `word`: (group, phrase), in the given order.
    pub fn starting_with(&self, word: &str) -> &[(usize, Vec<String>)] {
        self.by_first.get(word).map_or(&[], Vec::as_slice)
    }

    /// For each of `groups` groups, whether one of its phrases occurs in
    /// `words` (lower case).
    pub fn groups_in(&self, words: &[String], groups: usize) -> Vec<bool> {
        let mut hit = vec![false; groups];
        for (i, word) in words.iter().enumerate() {
            for (group, phrase) in self.starting_with(word) {
                if words[i..].starts_with(phrase) {
                    hit[*group] = true;
                }
            }
        }
        hit
    }
}

fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
}

/// Both apostrophe spellings of a form, so "Russia's" in the data matches
/// "Russia’s" in text.
fn apostrophe_variants(form: &str) -> Vec<String> {
    let straight = form.replace('\u{2019}', "'");
    let curly = form.replace('\'', "\u{2019}");
    if straight == curly {
        vec![straight]
    } else {
        vec![straight, curly]
    }
}

impl Lexicon {
    /// `data/gazetteer.toml` as embedded in the binary.
    pub const EMBEDDED_GAZETTEER: &'static str = include_str!("../../data/gazetteer.toml");
    /// `data/lexicon.toml` as embedded in the binary.
    pub const EMBEDDED_LEXICON: &'static str = include_str!("../../data/lexicon.toml");

    /// The lexicon embedded in the binary.
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_toml(Self::EMBEDDED_GAZETTEER, Self::EMBEDDED_LEXICON)
    }

    /// A lexicon from the texts of a gazetteer and a rule lexicon.
    pub fn from_toml(gazetteer: &str, lexicon: &str) -> Result<Self, LexiconError> {
        Self::from_sources(("gazetteer.toml", gazetteer), ("lexicon.toml", lexicon))
    }

    /// Like [`Lexicon::from_toml`], with the file names errors give:
    /// `(name, text)` for the gazetteer, then for the rule lexicon.
    pub fn from_sources(
        (gazetteer_file, gazetteer): (&str, &str),
        (lexicon_file, lexicon): (&str, &str),
    ) -> Result<Self, LexiconError> {
        let gazetteer: GazetteerFile = parse(gazetteer_file, gazetteer)?;
        let file: LexiconFile = parse(lexicon_file, lexicon)?;
        let entity_error = |id: &str, message: String| LexiconError::Entity {
            file: gazetteer_file.to_owned(),
            id: id.to_owned(),
            message,
        };
        let invalid = |message: String| LexiconError::Invalid {
            file: lexicon_file.to_owned(),
            message,
        };
        let entries = gazetteer.entity;
        let mut by_id = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            if by_id.insert(entry.id.clone(), i).is_some() {
                return Err(entity_error(&entry.id, "duplicate id".into()));
            }
        }
        for entry in &entries {
            for reference in [&entry.affiliation, &entry.metonym_of]
                .into_iter()
                .flatten()
            {
                if !by_id.contains_key(reference) {
                    return Err(entity_error(
                        &entry.id,
                        format!("refers to unknown id {reference:?}"),
                    ));
                }
            }
        }

        let mut patterns = Vec::new();
        let mut alias_entry = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            // Datelines shout city names: "KYIV, Jan 13".
            let dateline = (entry.kind == Kind::Place && !entry.name.contains(' '))
                .then(|| entry.name.to_uppercase());
            for form in std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .chain(dateline.as_ref())
            {
                for variant in apostrophe_variants(form) {
                    if let Some(&other) = seen.get(&variant) {
                        if other != i {
                            return Err(entity_error(
                                &entry.id,
                                format!(
                                    "alias {variant:?} is also an alias of {:?}",
                                    entries[other].id
                                ),
                            ));
                        }
                        continue;
                    }
                    seen.insert(variant.clone(), i);
                    patterns.push(variant);
                    alias_entry.push(i);
                }
            }
        }
        let aliases = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| LexiconError::Invalid {
                file: gazetteer_file.to_owned(),
                message: e.to_string(),
            })?;

        let mut demonym_patterns = Vec::new();
        let mut demonym_entry = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            for form in &entry.demonyms {
                demonym_patterns.push(form.clone());
                demonym_entry.push(i);
            }
        }
        let demonyms = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&demonym_patterns)
            .map_err(|e| LexiconError::Invalid {
                file: gazetteer_file.to_owned(),
                message: e.to_string(),
            })?;

        let mut stance_keywords: Vec<(Stance, Vec<Vec<String>>)> = Vec::new();
        for (name, phrases) in file.stance_keywords {
            let stance = Stance::from_local_name(&name)
                .ok_or_else(|| invalid(format!("stance_keywords: unknown stance {name:?}")))?;
            stance_keywords.push((stance, phrases.iter().map(|p| words(p)).collect()));
        }
        let mut org_heads = Vec::new();
        for (kind, heads) in file.org_heads {
            let kind = match kind.as_str() {
                "agency" => Kind::Agency,
                "unit" => Kind::MilitaryUnit,
                "organization" => Kind::Organization,
                "place" => Kind::Place,
                other => {
                    return Err(invalid(format!("org_heads: unknown kind {other:?}")));
                }
            };
            org_heads.extend(heads.into_iter().map(|h| (h, kind)));
        }
        let mut qualifiers = Vec::new();
        for (name, phrases) in &file.figures.qualifiers {
            let qualifier = match name.as_str() {
                "about" => Qualifier::About,
                "upTo" => Qualifier::UpTo,
                "atLeast" => Qualifier::AtLeast,
                "moreThan" => Qualifier::MoreThan,
                other => {
                    return Err(invalid(format!(
                        "figures.qualifiers: unknown qualifier {other:?}"
                    )));
                }
            };
            qualifiers.extend(phrases.iter().map(|p| (words(p), qualifier)));
        }
        // Longest phrases first, so "more than" wins over "more".
        qualifiers.sort_by_key(|q| std::cmp::Reverse(q.0.len()));
        let mut predicates: Vec<(Predicate, Vec<Vec<String>>)> = Vec::new();
        for rule in file.predicate {
            let predicate = Predicate::from_local_name(&rule.predicate).ok_or_else(|| {
                invalid(format!("predicate: unknown property {:?}", rule.predicate))
            })?;
            predicates.push((predicate, rule.keywords.iter().map(|k| words(k)).collect()));
        }
        let title_set = [
            &file.titles.office,
            &file.titles.spokesperson,
            &file.titles.leader,
            &file.titles.person,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        let mut cues: Vec<(Vec<String>, Cue)> = file
            .cue
            .into_iter()
            .map(|c| (words(&c.phrase), c))
            .collect();
        cues.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));

        let cue_index = PhraseIndex::new(cues.iter().enumerate().map(|(i, (p, _))| (i, p)));
        let stance_index = PhraseIndex::new(
            stance_keywords
                .iter()
                .enumerate()
                .flat_map(|(i, (_, phrases))| phrases.iter().map(move |p| (i, p))),
        );
        let predicate_index = PhraseIndex::new(
            predicates
                .iter()
                .enumerate()
                .flat_map(|(i, (_, phrases))| phrases.iter().map(move |p| (i, p))),
        );

        Ok(Self {
            entries,
            cue_index,
            stance_index,
            predicate_index,
            by_id,
            aliases,
            alias_entry,
            demonyms,
            demonym_entry,
            cues,
            negations: file.negations,
            stance_keywords,
            titles: file.titles,
            org_heads,
            media_heads: file.media_heads,
            anonymous: file.anonymous,
            figures: file.figures,
            qualifiers,
            predicates,
            family_name_first: file.family_name_first,
            stopword_set: file.stopwords.iter().cloned().collect(),
            title_set,
            stopwords: file.stopwords,
            weekdays: file.weekdays,
            months: file.months,
        })
    }

    pub fn entry(&self, id: &str) -> Option<&GazetteerEntry> {
        self.index_of(id).map(|i| &self.entries[i])
    }

    /// The demonym adjective of a state ("North Korean"), if the gazetteer has one.
    pub fn demonym_of(&self, id: &str) -> Option<&str> {
        self.entry(id)?
            .demonyms
            .iter()
            .find(|d| !d.ends_with('s'))
            .map(String::as_str)
    }

    /// Whether a word is a title; abbreviated ranks match with or without
    /// their period ("Gen" and "Gen.").
    pub fn is_title(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.title_set.contains(&lower) || self.title_set.contains(&format!("{lower}."))
    }

    /// Capitalised words that never start a name.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopword_set.contains(word)
    }

    /// The position of a gazetteer id in [`Lexicon::entries`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_index_finds_multi_word_phrases_anywhere_in_order() {
        let phrases = [words("could not confirm"), words("denied"), words("could")];
        let index = PhraseIndex::new([(0, &phrases[0]), (1, &phrases[1]), (2, &phrases[2])]);
        let text = words("Seoul said it could not confirm the report");
        assert_eq!(index.groups_in(&text, 3), vec![true, false, true]);
        assert_eq!(
            index.groups_in(&words("it could not"), 3),
            vec![false, false, true]
        );
        let candidates: Vec<usize> = index.starting_with("could").iter().map(|c| c.0).collect();
        assert_eq!(candidates, vec![0, 2]);
        assert!(index.starting_with("said").is_empty());
    }

    #[test]
    fn embedded_lexicon_loads_and_is_consistent() {
        let lexicon = Lexicon::embedded().unwrap();
        assert!(lexicon.entries.len() > 100);
        let nk = lexicon.entry("north-korea").unwrap();
        assert_eq!(nk.kind, Kind::State);
        assert_eq!(lexicon.demonym_of("north-korea"), Some("North Korean"));
        for entry in &lexicon.entries {
            if let Some(q) = &entry.wikidata {
                assert!(q.starts_with('Q') && q[1..].parse::<u64>().is_ok(), "{q}");
            }
        }
    }
}
