//! Rule family **coreference**: short names and definite descriptions. One
//! rule, [`Resolver::coreference`].
//!
//! Reads `[coreference] family_name_first`, `[names] stopwords` and the
//! titles kept by [`super::titles`].

use super::Resolver;
use crate::extract::{EntityIdx, Kind, Span};
use std::collections::HashMap;

impl Resolver<'_> {
    /// **Coreference** — later mentions of people already named.
    ///
    /// Patterns: a surname alone ("Peskov"), or the family name for names
    /// that put it first ("Kim" for Kim Jong Un, `family_name_first`); "the
    /// president", "the official": the latest person with that title. A
    /// short name that starts a longer unknown one ("Kim Il Sung") is left.
    pub(super) fn coreference(&mut self) {
        // Short names of the people mentioned so far: surname, or family name
        // first for East Asian names.
        let mut short: HashMap<String, EntityIdx> = HashMap::new();
        let mut order: Vec<EntityIdx> = self
            .table
            .mentions
            .iter()
            .filter(|m| m.span != Span::default())
            .map(|m| m.entity)
            .collect();
        order.dedup();
        for idx in order {
            let e = self.table.entity(idx);
            if !matches!(e.kind, Kind::Official | Kind::Person) || e.key.contains('/') {
                continue;
            }
            let parts: Vec<&str> = e.label.split_whitespace().collect();
            if parts.len() < 2 {
                continue;
            }
            let family_first = self
                .lexicon
                .coreference
                .family_name_first
                .contains(parts[0]);
            let name = if family_first {
                parts[0]
            } else {
                parts[parts.len() - 1]
            };
            short.entry(name.to_owned()).or_insert(idx);
        }
        for i in 0..self.doc.tokens.len() {
            if self.table.covered[i].is_some() || !self.doc.is_capitalized(i) {
                continue;
            }
            if let Some(&entity) = short.get(self.doc.tok(i)) {
                // Not the start of a longer unknown name ("Kim Il Sung").
                if self.doc.is_capitalized(i + 1)
                    && self.table.covered.get(i + 1).is_some_and(Option::is_none)
                    && !self.lexicon.is_stopword(self.doc.tok(i + 1))
                {
                    continue;
                }
                self.add_mention(i, i + 1, entity);
            }
        }
        // "the president", "the Pentagon chief": the latest person with that title.
        for i in 0..self.doc.tokens.len().saturating_sub(1) {
            if self.doc.lower(i) != "the" || !self.table.is_free(i + 1, i + 2) {
                continue;
            }
            let word = self.doc.lower(i + 1);
            if !self.lexicon.is_title(word) {
                continue;
            }
            // "the official KCNA news agency": an adjective before a name.
            if self.doc.is_capitalized(i + 2) {
                continue;
            }
            let start = self.doc.tokens[i].span.start;
            let target = self
                .table
                .titles
                .iter()
                .filter(|t| t.span.end <= start && t.title.split_whitespace().any(|w| w == word))
                .map(|t| t.person)
                .next_back()
                .or_else(|| {
                    (word == "official").then(|| {
                        self.table
                            .mentions
                            .iter()
                            .filter(|m| m.span.end <= start && m.span != Span::default())
                            .filter(|m| self.table.entity(m.entity).kind == Kind::Official)
                            .map(|m| m.entity)
                            .next_back()
                    })?
                });
            if let Some(person) = target {
                self.add_mention(i + 1, i + 2, person);
            }
        }
    }
}
