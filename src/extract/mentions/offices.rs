//! Rule family **offices**: the offices of leaders. One rule,
//! [`Resolver::offices`]; it reads the titles kept by [`super::titles`].

use super::Resolver;
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Kind};

impl Resolver<'_> {
    /// "the office of South Korean President Yoon Suk Yeol" and "President
    /// Yoon's office" are the presidential office of the leader's state.
    pub(super) fn offices(&mut self) {
        let mut k = 0;
        while k < self.doc.tokens.len() {
            let found = self.office_phrase_at(k);
            let Some((from, to, person, title)) = found else {
                k += 1;
                continue;
            };
            let Some(state_key) = self.table.entity(person).affiliation.clone() else {
                k = to;
                continue;
            };
            let (suffix, key_suffix) = if title.contains("prime minister") {
                ("prime minister's office", "prime-ministers-office")
            } else {
                ("presidential office", "presidential-office")
            };
            let label = match self.lexicon.demonym_of(&state_key) {
                Some(demonym) => format!("{demonym} {suffix}"),
                None => format!(
                    "{suffix} of {}",
                    self.lexicon
                        .entry(&state_key)
                        .map_or(state_key.as_str(), |e| e.name.as_str())
                ),
            };
            let office = match self.lexicon.entries.iter().position(|e| e.name == label) {
                Some(index) => self.intern_entry(index),
                None => self.table.intern(
                    format!("{state_key}/{key_suffix}"),
                    label,
                    Kind::Agency,
                    Some(state_key),
                    None,
                ),
            };
            self.replace_with_outer(from, to, office);
            k = to;
        }
    }

    /// An office phrase at token `k`: (first token, end, leader, title).
    fn office_phrase_at(&self, k: usize) -> Option<(usize, usize, EntityIdx, String)> {
        let title_of = |person: EntityIdx| -> Option<String> {
            self.table
                .titles
                .iter()
                .filter(|t| t.person == person)
                .map(|t| t.title.clone())
                .find(|t| t.contains("president") || t.contains("prime minister"))
        };
        let person_at = |i: usize| -> Option<(EntityIdx, usize)> {
            let m = self.table.mention_at(i)?;
            (self.table.entity(m.entity).kind == Kind::Official).then_some(())?;
            Some((m.entity, self.doc.token_ending_at(m.span.end)? + 1))
        };
        // "office of [the] [South Korean] President Yoon Suk Yeol"
        if self.doc.lower(k) == "office"
            && self.doc.tokens.get(k + 1).is_some()
            && self.doc.lower(k + 1) == "of"
        {
            for j in k + 2..(k + 9).min(self.doc.tokens.len()) {
                if let Some((person, end)) = person_at(j) {
                    let title = title_of(person)?;
                    return Some((k, end, person, title));
                }
            }
            return None;
        }
        // "[President] Yoon's office"
        let (person, end) = person_at(k)?;
        if k > 0 && self.table.covered[k - 1] == self.table.covered[k] {
            return None;
        }
        let possessive = self
            .doc
            .tokens
            .get(end)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        if !possessive
            || self.doc.tokens.get(end + 1).is_none()
            || self.doc.lower(end + 1) != "office"
        {
            return None;
        }
        let title = title_of(person)?;
        let from = if k > 0 && self.lexicon.is_title(self.doc.tok(k - 1)) {
            k - 1
        } else {
            k
        };
        Some((from, end + 2, person, title))
    }
}
