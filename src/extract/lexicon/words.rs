//! The shapes word lists take once loaded: sets of words, lists of
//! phrases, and an index of phrases by their first word.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// A list of words to look a token up in. Lookups compare exactly: lists
/// compared with lower-cased tokens are written in lower case.
#[derive(Debug, Clone, Default)]
pub struct Words {
    list: Vec<String>,
    set: HashSet<String>,
}

impl Words {
    /// Short lists are scanned (faster than hashing a token); long ones
    /// are hashed.
    const SCAN: usize = 12;

    pub fn contains(&self, word: &str) -> bool {
        if self.list.len() <= Self::SCAN {
            self.list.iter().any(|w| w == word)
        } else {
            self.set.contains(word)
        }
    }

    /// The words in the order the file gives them.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(String::as_str)
    }

    /// The position of a word in the list.
    pub fn position(&self, word: &str) -> Option<usize> {
        self.list.iter().position(|w| w == word)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl From<Vec<String>> for Words {
    fn from(list: Vec<String>) -> Self {
        let set = list.iter().cloned().collect();
        Self { list, set }
    }
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(Self::from)
    }
}

/// Phrases as lower-case words, in the order the file gives them, with the
/// set of their first words (so most tokens are ruled out by one lookup).
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    phrases: Vec<Vec<String>>,
    first: Words,
}

impl Phrases {
    pub fn iter(&self) -> impl Iterator<Item = &[String]> {
        self.phrases.iter().map(Vec::as_slice)
    }

    /// Whether some phrase starts with this (lower-case) word.
    pub fn may_start_with(&self, word: &str) -> bool {
        self.first.contains(word)
    }
}

impl<'de> Deserialize<'de> for Phrases {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let phrases: Vec<Vec<String>> = Vec::<String>::deserialize(d)?
            .iter()
            .map(|p| words(p))
            .collect();
        let mut first: Vec<String> = phrases.iter().filter_map(|p| p.first().cloned()).collect();
        first.sort();
        first.dedup();
        Ok(Self {
            phrases,
            first: Words::from(first),
        })
    }
}

/// Lower-case words of a phrase.
pub fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
}

/// Phrases (lower-case words) by their first word, so a run of tokens is
/// scanned once rather than once per phrase. Each phrase belongs to a group
/// (the index of its rule); candidates keep the order they were given in.
#[derive(Debug, Default)]
pub struct PhraseIndex {
    by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
}

impl PhraseIndex {
    pub(super) fn new<'p>(phrases: impl IntoIterator<Item = (usize, &'p Vec<String>)>) -> Self {
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

    /// The keywords of ordered rules, each rule its group.
    pub(super) fn of_rules<T>(rules: &[(T, Vec<Vec<String>>)]) -> Self {
        Self::new(
            rules
                .iter()
                .enumerate()
                .flat_map(|(i, (_, phrases))| phrases.iter().map(move |p| (i, p))),
        )
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
    fn words_look_up_the_same_whether_scanned_or_hashed() {
        let short = Words::from(vec!["a".to_owned(), "B".to_owned()]);
        let long = Words::from((0..40).map(|n| n.to_string()).collect::<Vec<_>>());
        for (words, hit, miss) in [(&short, "B", "b"), (&long, "39", "40")] {
            assert!(words.contains(hit));
            assert!(!words.contains(miss));
        }
        assert_eq!(long.position("3"), Some(3));
    }
}
