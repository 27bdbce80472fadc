//! Rule family **gazetteer**: known actors and places by their aliases.
//!
//! Reads `data/gazetteer.toml` (every entity's name and aliases) and
//! `[gazetteer]` of `data/lexicon.toml` (`credit_words`, `locative`,
//! `actor_heads`). One rule, [`Resolver::gazetteer`], the first of all.

use super::Resolver;
use crate::extract::Kind;

impl Resolver<'_> {
    /// **Gazetteer** — every alias, leftmost-longest.
    ///
    /// Pattern: any name or alias of a gazetteer entry, on token bounds (a
    /// place's name also in capitals, for datelines). Example: "South
    /// Korea’s spy agency" → the National Intelligence Service, not South
    /// Korea. A capital stands for its state unless the context makes it
    /// the city: "Pyongyang denied" → North Korea, "a summit in Pyongyang"
    /// or "Pyongyang, North Korea" → the city (`locative`, `actor_heads`).
    /// Names in photo credits ("Photo: EPA-EFE/KCNA", `credit_words`) are
    /// skipped; "UN Security Council" also mentions the United Nations.
    pub(super) fn gazetteer(&mut self) {
        let matches: Vec<(usize, usize, usize)> = self
            .lexicon
            .aliases
            .find_iter(self.doc.text)
            .filter_map(|m| {
                let from = self.doc.token_starting_at(m.start())?;
                let to = self.doc.token_ending_at(m.end())? + 1;
                Some((from, to, self.lexicon.alias_entry[m.pattern().as_usize()]))
            })
            .collect();
        let credits = self.credit_zones();
        let mut previous_choice: Option<(usize, bool)> = None;
        for (from, to, entry_index) in matches {
            // Photo credits ("Photo: EPA-EFE/KCNA") are not the article's sources.
            if credits.iter().any(|z| z.contains(&from)) {
                continue;
            }
            let entry = &self.lexicon.entries[entry_index];
            let entity = match &entry.metonym_of {
                Some(state_id) => {
                    let as_place = self.capital_is_place(from, to, previous_choice);
                    previous_choice = Some((to, as_place));
                    if as_place {
                        self.intern_entry(entry_index)
                    } else {
                        let state_id = state_id.clone();
                        match self.intern_id(&state_id) {
                            Some(idx) => idx,
                            None => continue,
                        }
                    }
                }
                None => self.intern_entry(entry_index),
            };
            if self.add_mention(from, to, entity) {
                self.mention_parent_prefix(from, to, entry_index);
            }
        }
    }

    /// Token ranges of photo and image credits: from "Photo:" to the end of
    /// the sentence.
    fn credit_zones(&self) -> Vec<std::ops::Range<usize>> {
        let mut zones = Vec::new();
        for (k, token) in self.doc.tokens.iter().enumerate() {
            let word = &self.doc.text[token.span.start..token.span.end];
            let is_credit = self.lexicon.gazetteer.credit_words.contains(word)
                && self
                    .doc
                    .tokens
                    .get(k + 1)
                    .is_some_and(|_| matches!(self.doc.tok(k + 1), ":" | "/"));
            if is_credit {
                let end = self.doc.sentence_tokens[self.doc.sentence_of_token(k)].end;
                zones.push(k..end);
            }
        }
        zones
    }

    /// "UN Security Council" also mentions the United Nations: a body whose
    /// name starts with its parent organisation's name mentions the parent.
    fn mention_parent_prefix(&mut self, from: usize, to: usize, entry_index: usize) {
        let entry = &self.lexicon.entries[entry_index];
        let Some(parent_id) = entry.affiliation.clone() else {
            return;
        };
        let Some(parent) = self.lexicon.entry(&parent_id) else {
            return;
        };
        if parent.kind != Kind::Organization {
            return;
        }
        let forms: Vec<String> = std::iter::once(parent.name.clone())
            .chain(parent.aliases.iter().cloned())
            .collect();
        for k in from + 1..to {
            let prefix = self.doc.span_of(from, k).text(self.doc.text);
            if forms.iter().any(|f| f == prefix) {
                if let Some(idx) = self.intern_id(&parent_id) {
                    self.add_nested_mention(self.doc.span_of(from, k), idx);
                }
                return;
            }
        }
    }

    /// Decides whether a capital city at tokens `from..to` is the place or
    /// stands for its state.
    fn capital_is_place(&self, from: usize, to: usize, previous: Option<(usize, bool)>) -> bool {
        // A dateline: "KYIV, Jan 13 -" or "Seoul, South Korea" opening a line.
        let line_start = from == 0
            || self.doc.text[self.doc.tokens[from - 1].span.end..self.doc.tokens[from].span.start]
                .contains('\n');
        if line_start
            && self
                .doc
                .tokens
                .get(to)
                .is_some_and(|_| self.doc.tok(to) == ",")
        {
            return true;
        }
        // "Pyongyang, North Korea" and datelines: the city.
        if self
            .doc
            .tokens
            .get(to)
            .is_some_and(|_| self.doc.tok(to) == ",")
            && self.doc.tokens.get(to + 1).is_some()
            && self
                .lexicon
                .aliases
                .find(&self.doc.text[self.doc.tokens[to + 1].span.start..])
                .is_some_and(|m| {
                    m.start() == 0
                        && self.lexicon.entries[self.lexicon.alias_entry[m.pattern().as_usize()]]
                            .kind
                            == Kind::State
                })
        {
            return true;
        }
        let before = |k: usize| from.checked_sub(k).map(|i| self.doc.lower(i));
        // "Moscow and Pyongyang": the second conjunct follows the first.
        if let (Some(prev), Some((prev_end, prev_place))) = (before(1), previous)
            && (prev == "and" || prev == "or")
            && prev_end + 1 == from
        {
            return prev_place;
        }
        // "officials in Kiev" stand for the state; "a summit in Pyongyang" is the city.
        let words = &self.lexicon.gazetteer;
        before(1).is_some_and(|w| words.locative.contains(w))
            && !words.actor_heads.contains(before(2).unwrap_or_default())
    }
}
