//! The extractor's knowledge: the gazetteer of known actors and places and
//! the rule lexicon (every word list the rules read), loaded from
//! `data/gazetteer.toml` and `data/lexicon.toml`.
//!
//! Both files are embedded in the binary; [`Lexicon::from_sources`] builds a
//! lexicon from other files (`--gazetteer`, `--lexicon`). The lexicon's
//! sections are named after the rule families that read them
//! ([`sections`]); each rule's doc names the keys it reads.

pub mod sections;
pub mod words;

pub use sections::{
    Anonymous, Bodies, Coreference, Cue, CueWords, Dates, Figures, Frame, GazetteerWords, Names,
    Numbers, Outlets, Places, RelationWords, Speaker, StatementWords, TextWords, Titles, Units,
};
pub use words::{PhraseIndex, Phrases, Words};

use super::{Kind, Predicate, Qualifier, Stance};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sections::LexiconFile;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use words::words;

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
    pub text: TextWords,
    pub names: Names,
    pub gazetteer: GazetteerWords,
    pub titles: Titles,
    title_set: HashSet<String>,
    pub bodies: Bodies,
    /// `[bodies.heads]`: head noun and the kind it makes.
    pub org_heads: Vec<(String, Kind)>,
    pub anonymous: Anonymous,
    pub outlets: Outlets,
    pub places: Places,
    pub units: Units,
    pub coreference: Coreference,
    /// `[cues]`, longest phrase first.
    pub cues: Vec<(Vec<String>, Cue)>,
    /// `cues` by first word, longest first (group: index into `cues`).
    pub cue_index: PhraseIndex,
    pub cue_words: CueWords,
    pub speaker: Speaker,
    /// `[stance]` families in the order they are tried.
    pub stance_families: Vec<(Stance, Vec<Vec<String>>)>,
    /// `stance_families` by first word (group: index into it).
    pub stance_index: PhraseIndex,
    pub figures: Figures,
    /// `[figure]` qualifier phrases, longest first.
    pub qualifiers: Vec<(Vec<String>, Qualifier)>,
    pub numbers: Numbers,
    /// `[proposition]` rules in the order they are tried.
    pub predicates: Vec<(Predicate, Vec<Vec<String>>)>,
    /// `predicates` keywords by first word (group: index into `predicates`).
    pub predicate_index: PhraseIndex,
    pub dates: Dates,
    pub statements: StatementWords,
    pub relations: RelationWords,
    /// Which extractor this is: see [`Lexicon::extractor`].
    extractor: String,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("entries", &self.entries.len())
            .field("cues", &self.cues.len())
            .finish_non_exhaustive()
    }
}

/// `claimgraph/VERSION+FINGERPRINT`, the fingerprint covering the code
/// (`build.rs` hashes it) and both data files.
fn extractor_version(gazetteer: &str, lexicon: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in [env!("CLAIMGRAPH_EXTRACTOR_CODE"), gazetteer, lexicon] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("claimgraph/{}+{hex}", env!("CARGO_PKG_VERSION"))
}

/// An automaton that finds the leftmost, then longest, pattern: "South
/// Korean National Intelligence Service" wins over "South Korea".
fn leftmost_longest(patterns: &[String]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
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
    pub const EMBEDDED_GAZETTEER: &'static str = include_str!("../../../data/gazetteer.toml");
    /// `data/lexicon.toml` as embedded in the binary.
    pub const EMBEDDED_LEXICON: &'static str = include_str!("../../../data/lexicon.toml");

    /// Which extractor this lexicon makes: claimgraph's version and a
    /// fingerprint of the rules' code, this gazetteer and this lexicon. It
    /// is stored with each article, and an article stored by another
    /// extractor is extracted again by the next build.
    pub fn extractor(&self) -> &str {
        &self.extractor
    }

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
        let extractor = extractor_version(gazetteer, lexicon);
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
        let automaton_error = |e: aho_corasick::BuildError| LexiconError::Invalid {
            file: gazetteer_file.to_owned(),
            message: e.to_string(),
        };
        let aliases = leftmost_longest(&patterns).map_err(automaton_error)?;

        let mut demonym_patterns = Vec::new();
        let mut demonym_entry = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            for form in &entry.demonyms {
                demonym_patterns.push(form.clone());
                demonym_entry.push(i);
            }
        }
        let demonyms = leftmost_longest(&demonym_patterns).map_err(automaton_error)?;

        let stance_families: Vec<(Stance, Vec<Vec<String>>)> = file
            .stance
            .family
            .into_iter()
            .map(|f| (f.stance, f.keywords.iter().map(|k| words(k)).collect()))
            .collect();
        let heads = file.bodies.heads;
        let org_heads = [
            (heads.agency, Kind::Agency),
            (heads.unit, Kind::MilitaryUnit),
            (heads.organization, Kind::Organization),
            (heads.place, Kind::Place),
        ]
        .into_iter()
        .flat_map(|(heads, kind)| heads.into_iter().map(move |h| (h, kind)))
        .collect();
        let mut qualifiers: Vec<(Vec<String>, Qualifier)> = file
            .figure
            .qualifier
            .iter()
            .flat_map(|q| q.phrases.iter().map(|p| (words(p), q.qualifier)))
            .collect();
        // Longest phrases first, so "more than" wins over "more".
        qualifiers.sort_by_key(|q| std::cmp::Reverse(q.0.len()));
        let predicates: Vec<(Predicate, Vec<Vec<String>>)> = file
            .proposition
            .rule
            .into_iter()
            .map(|r| (r.predicate, r.keywords.iter().map(|k| words(k)).collect()))
            .collect();
        let titles = file.titles;
        let title_set = [
            &titles.office,
            &titles.spokesperson,
            &titles.leader,
            &titles.person,
        ]
        .into_iter()
        .flat_map(Words::iter)
        .map(str::to_owned)
        .collect();
        let mut cues: Vec<(Vec<String>, Cue)> = file
            .cues
            .cue
            .into_iter()
            .map(|c| (words(&c.phrase), c))
            .collect();
        cues.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        if let Some((_, cue)) = cues.iter().find(|(phrase, _)| phrase.is_empty()) {
            return Err(invalid(format!(
                "cues: a cue with stance {} has no phrase",
                cue.stance
            )));
        }

        let cue_index = PhraseIndex::new(cues.iter().enumerate().map(|(i, (p, _))| (i, p)));
        let stance_index = PhraseIndex::of_rules(&stance_families);
        let predicate_index = PhraseIndex::of_rules(&predicates);
        for (key, list) in [
            ("dates.weekdays", &file.dates.weekdays),
            ("dates.months", &file.dates.months),
        ] {
            let expected = if key == "dates.weekdays" { 7 } else { 12 };
            if list.len() != expected {
                return Err(invalid(format!(
                    "{key}: needs {expected} names in calendar order, has {}",
                    list.len()
                )));
            }
        }

        Ok(Self {
            extractor,
            entries,
            by_id,
            aliases,
            alias_entry,
            demonyms,
            demonym_entry,
            text: file.text,
            names: file.names,
            gazetteer: file.gazetteer,
            titles,
            title_set,
            bodies: Bodies {
                determiners: file.bodies.determiners,
                name_links: file.bodies.name_links,
                common_modifiers: file.bodies.common_modifiers,
                common_heads: file.bodies.common_heads,
                described_heads: file.bodies.described_heads,
            },
            org_heads,
            anonymous: file.anonymous,
            outlets: file.outlets,
            places: file.places,
            units: file.units,
            coreference: file.coreference,
            cues,
            cue_index,
            cue_words: CueWords {
                negations: file.cues.negations,
                noun_determiners: file.cues.noun_determiners,
                noun_followers: file.cues.noun_followers,
                passive_auxiliaries: file.cues.passive_auxiliaries,
            },
            speaker: file.speaker,
            stance_families,
            stance_index,
            figures: Figures {
                person_units: file.figure.person_units,
                formation_units: file.figure.formation_units,
            },
            qualifiers,
            numbers: file.numbers,
            predicates,
            predicate_index,
            dates: file.dates,
            statements: file.statements,
            relations: file.relations,
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

    /// Capitalised words that never start a name (`[names] stopwords`).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.names.stopwords.contains(word)
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

    /// The embedded lexicon with `from` replaced by `to` (once).
    fn edited(from: &str, to: &str) -> Result<Lexicon, LexiconError> {
        let text = Lexicon::EMBEDDED_LEXICON.replacen(from, to, 1);
        assert_ne!(
            text,
            Lexicon::EMBEDDED_LEXICON,
            "{from:?} is not in the lexicon"
        );
        Lexicon::from_sources(
            ("gazetteer.toml", Lexicon::EMBEDDED_GAZETTEER),
            ("my-lexicon.toml", &text),
        )
    }

    #[test]
    fn unknown_sections_keys_and_names_are_errors_naming_file_and_line() {
        for (from, to, message) in [
            ("\n[places]\n", "\n[plaices]\n", "unknown field `plaices`"),
            ("compass = [", "kompass = [", "unknown field `kompass`"),
            (
                "stance = \"denies\"",
                "stance = \"deny\"",
                "unknown stance \"deny\"",
            ),
            (
                "predicate = \"killedIn\"",
                "predicate = \"kiledIn\"",
                "unknown predicate",
            ),
            (
                "qualifier = \"about\"",
                "qualifier = \"around\"",
                "unknown qualifier",
            ),
        ] {
            let error = edited(from, to).unwrap_err().to_string();
            assert!(error.starts_with("my-lexicon.toml:"), "{error}");
            assert!(error.contains(message), "{error}");
            assert!(!error.contains('\n'), "{error}");
        }
        let error = edited("weekdays = [\"monday\", ", "weekdays = [").unwrap_err();
        assert!(error.to_string().contains("needs 7 names"), "{error}");
    }

    #[test]
    fn stance_families_are_tried_in_the_order_of_the_file() {
        use crate::article::{Article, Metadata};
        let text = "Headline\nPeskov said the report was a hoax and a threat.\n";
        let article = Article::new("t".into(), text.into(), Metadata::default(), "t".into());
        let stance =
            |lexicon: &Lexicon| crate::extract::extract(&article, lexicon).statements[0].stance;
        assert_eq!(stance(&Lexicon::embedded().unwrap()), Stance::Denies);
        // Warnings first: the same words now warn.
        let warns_first = edited(
            "[[stance.family]]\nstance = \"denies\"",
            "[[stance.family]]\nstance = \"warns\"\nkeywords = [\"threat\"]\n[[stance.family]]\nstance = \"denies\"",
        )
        .unwrap();
        assert_eq!(stance(&warns_first), Stance::Warns);
        // A family the code never named is read too.
        let confirms = edited(
            "[[stance.family]]\nstance = \"denies\"",
            "[[stance.family]]\nstance = \"confirms\"\nkeywords = [\"hoax\"]\n[[stance.family]]\nstance = \"denies\"",
        )
        .unwrap();
        assert_eq!(stance(&confirms), Stance::Confirms);
    }
}
