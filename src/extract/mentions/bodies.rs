//! Rule family **bodies**: organisations by their head noun
//! ([`Resolver::bodies`], [`Resolver::common_bodies`]) or by the description
//! before their name ([`Resolver::described_organisations`]).
//!
//! Reads `[bodies]` of `data/lexicon.toml` (`heads` by kind,
//! `determiners`, `name_links`, `common_modifiers`, `common_heads`,
//! `described_heads`).

use super::{Resolver, slug};
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Kind};

impl Resolver<'_> {
    /// **Bodies** — capitalised phrases ending in a head noun.
    ///
    /// Pattern: Capitalised* head [(of|on|for) Capitalised+], the kind from
    /// the head (`[bodies.heads]`). Examples: "National Security Office" →
    /// Agency, "US Pacific Command" → MilitaryUnit. Affiliation: a
    /// nationality or state in the phrase, else the nearest state before it
    /// (or the dateline's). A longer body takes over a shorter one inside it.
    pub(super) fn bodies(&mut self) {
        let lexicon = self.lexicon;
        let heads = &lexicon.org_heads;
        let mut i = 0;
        while i < self.doc.tokens.len() {
            let Some((kind, from, to, state)) = self.body_at(i, heads) else {
                i += 1;
                continue;
            };
            // A body reaching beyond this phrase was found by a surer rule.
            let overlaps_out = (from..to).any(|k| {
                self.table.mention_at(k).is_some_and(|m| {
                    m.span.start < self.doc.tokens[from].span.start
                        || m.span.end > self.doc.tokens[to - 1].span.end
                })
            });
            if overlaps_out {
                i = to;
                continue;
            }
            // A longer body swallows gazetteer bodies inside it.
            let inner_bodies: Vec<usize> = (from..to)
                .filter(|&k| {
                    self.table.mention_at(k).is_some_and(|m| {
                        matches!(
                            self.table.entity(m.entity).kind,
                            Kind::Agency | Kind::Organization | Kind::MilitaryUnit
                        )
                    })
                })
                .collect();
            if let (Some(&a), Some(&b)) = (inner_bodies.first(), inner_bodies.last()) {
                let m = *self.table.mention_at(a).unwrap();
                let (ms, me) = (
                    self.doc.token_starting_at(m.span.start).unwrap_or(a),
                    self.doc
                        .token_ending_at(m.span.end)
                        .map_or(b + 1, |e| e + 1),
                );
                if ms == from && me == to {
                    i = to;
                    continue;
                }
                self.release(a, b + 1);
            }
            // Keep the state inside ("US Pacific Command" mentions the US too).
            let label_from = from;
            let label = self
                .doc
                .span_of(label_from, to)
                .text(self.doc.text)
                .to_owned();
            let affiliation = state.or_else(|| self.context_state(from));
            let affiliation_key = affiliation.map(|a| self.table.entity(a).key.clone());
            let key = match &affiliation_key {
                Some(a) => format!("{a}/{}", slug(&label)),
                None => format!("{}/{}", slug(&self.doc.article.id), slug(&label)),
            };
            let entity = self.table.intern(key, label, kind, affiliation_key, None);
            let name_from = (from..to)
                .find(|&k| self.table.covered[k].is_none())
                .unwrap_or(from);
            if !self.add_mention(name_from, to, entity) {
                i = to;
                continue;
            }
            let full = self.doc.span_of(from, to).text(self.doc.text).to_owned();
            self.table.entities[entity.0].aliases.push(full);
            i = to;
        }
    }

    /// A body phrase ending at or after token `i`: capitalised words ending in
    /// a head noun, optionally "of"/"on" + capitalised words.
    fn body_at(
        &mut self,
        i: usize,
        heads: &[(String, Kind)],
    ) -> Option<(Kind, usize, usize, Option<EntityIdx>)> {
        let determiners = &self.lexicon.bodies.determiners;
        if !self.doc.is_capitalized(i) || determiners.contains(self.doc.tok(i)) {
            return None;
        }
        // The phrase starts at the first word: "North" of "North Korean
        // Ministry ..." was already tried.
        if i > 0
            && self.doc.is_capitalized(i - 1)
            && self.table.covered[i - 1].is_none()
            && !determiners.contains(self.doc.tok(i - 1))
        {
            return None;
        }
        let doc = self.doc;
        let head_kind = |k: usize| {
            heads
                .iter()
                .find(|(h, _)| h == doc.tok(k))
                .map(|(_, kind)| *kind)
        };
        let mut j = i;
        let mut kind = None;
        let mut last_head = None;
        // A name does not run over a line break (a headline into the body).
        // "National Security and Defense Council": "and" between capitalised
        // words of one name.
        let joins = |j: usize| {
            j > i
                && doc.tok(j) == "and"
                && j + 1 < doc.tokens.len()
                && doc.is_capitalized(j + 1)
                && doc.is_capitalized(j - 1)
        };
        while j < self.doc.tokens.len()
            && (self.doc.is_capitalized(j) || joins(j))
            && j - i < 7
            && (j == i || !self.doc.line_break_before(j))
        {
            if let Some(k) = head_kind(j) {
                kind = Some(k);
                last_head = Some(j);
            }
            j += 1;
        }
        let mut end = last_head? + 1;
        let kind = kind?;
        // "Ministry of Foreign Affairs", "Council on Foreign Relations".
        if end < self.doc.tokens.len()
            && self.lexicon.bodies.name_links.contains(self.doc.tok(end))
            && self.doc.is_capitalized(end + 1)
        {
            let mut k = end + 1;
            // "Council on Foreign Relations", not "Forces on Tuesday".
            while k < self.doc.tokens.len()
                && ((self.doc.is_capitalized(k) && !self.lexicon.is_stopword(self.doc.tok(k)))
                    || self.doc.tok(k) == "and")
                && k - end < 5
                && !self.doc.line_break_before(k)
            {
                k += 1;
            }
            if self.doc.is_capitalized(k - 1) {
                end = k;
            }
        }
        // The phrase must be more than a lone head noun ("Council", "Army"),
        // and not the start of a longer title ("Chief Cabinet Secretary").
        if end - i < 2 || (end < self.doc.tokens.len() && self.doc.is_capitalized(end)) {
            return None;
        }
        // A leading state or nationality names the affiliation and is kept in
        // the label ("US Pacific Command", "North Korean Ministry of ...").
        let mut from = i;
        let mut state = None;
        if let Some((s, len)) = self.nationality_at(i) {
            state = Some(s);
            if len >= end - i {
                return None;
            }
            if self.doc.tokens[i + len - 1].kind == TokenKind::Possessive {
                from = i + len;
            }
        }
        if !self.table.is_free(from, end)
            && (from..end).any(|k| {
                self.table.mention_at(k).is_some_and(|m| {
                    matches!(
                        self.table.entity(m.entity).kind,
                        Kind::Official | Kind::Person | Kind::MediaOutlet
                    )
                })
            })
        {
            return None;
        }
        // "of Ukraine" names the affiliation too.
        if state.is_none() {
            for k in from..end {
                if let Some(m) = self.table.mention_at(k)
                    && self.table.entity(m.entity).kind == Kind::State
                {
                    state = Some(m.entity);
                }
            }
        }
        Some((kind, from, end, state))
    }
}

impl Resolver<'_> {
    /// **Described organisations** — an unknown name after a lower-case
    /// description ending in an organisation noun.
    ///
    /// Pattern: [demonym | state `’s`] word{0,3} described_head Name, the
    /// heads from `[bodies] described_heads`. Examples: "the Ukrainian
    /// nuclear agency Energoatom" → Organization "Energoatom" of Ukraine;
    /// "the rebel group Ansar Dine" → Organization "Ansar Dine". A news
    /// agency is left to the outlet rules.
    pub(super) fn described_organisations(&mut self) {
        let words = &self.lexicon.bodies;
        for j in 1..self.doc.tokens.len() {
            let head = self.doc.lower(j - 1);
            if !words.described_heads.contains(head)
                || !self.doc.tok(j - 1).starts_with(|c: char| c.is_lowercase())
                || (j >= 2 && self.doc.lower(j - 2) == "news")
                || self.table.covered[j - 1].is_some()
            {
                continue;
            }
            let Some(end) = self.name_run(j) else {
                continue;
            };
            // The state: a demonym or a state's possessive before the
            // description's words.
            let mut from = j - 1;
            while from > 0
                && j - 1 - from < 3
                && self
                    .doc
                    .tok(from - 1)
                    .starts_with(|c: char| c.is_lowercase())
                && !words
                    .determiners
                    .contains(&capitalised(self.doc.lower(from - 1)))
                && self.table.covered[from - 1].is_none()
            {
                from -= 1;
            }
            let demonym = self.doc.demonym_ending_at(from);
            let state = match demonym {
                Some((_, _, entry)) => Some(self.intern_entry(entry)),
                None if from >= 2 && self.doc.tokens[from - 1].kind == TokenKind::Possessive => {
                    self.table
                        .mention_at(from - 2)
                        .filter(|m| self.table.entity(m.entity).kind == Kind::State)
                        .map(|m| m.entity)
                }
                None => None,
            };
            let label = self.doc.span_of(j, end).text(self.doc.text).to_owned();
            let state_key = state.map(|s| self.table.entity(s).key.clone());
            let entity =
                self.table
                    .intern(slug(&label), label, Kind::Organization, state_key, None);
            // The description is part of the mention; the state named in it
            // stays mentioned.
            let start = demonym.map_or(from, |d| d.0);
            if self.table.is_free(start, end)
                && self.add_mention(start, end, entity)
                && let (Some((d, len, _)), Some(state)) = (demonym, state)
            {
                self.add_nested_mention(self.doc.span_of(d, d + len), state);
            }
        }
    }

    /// **Common bodies** — a government body named in lower case.
    ///
    /// Pattern: [demonym | state `’s`] modifier{1,2} head, the modifiers and
    /// heads from `[bodies] common_modifiers` and `common_heads`. The state:
    /// the demonym or possessive, else "in|of" + a state or place after the
    /// head; with neither, no body (the state in context is too often
    /// another one). Examples: "Russia’s foreign ministry
    /// said" → Agency "Russian Foreign Ministry" of Russia; "the health
    /// ministry in Gaza" → Agency "Gaza Health Ministry". Keyed by state and
    /// name, so every article's "Russian foreign ministry" is one entity.
    pub(super) fn common_bodies(&mut self) {
        let words = &self.lexicon.bodies;
        let mut i = 0;
        while i < self.doc.tokens.len() {
            let mut k = i;
            while k < self.doc.tokens.len()
                && k - i < 2
                && words.common_modifiers.contains(self.doc.lower(k))
                && self.table.covered[k].is_none()
            {
                k += 1;
            }
            let is_body = k > i
                && k < self.doc.tokens.len()
                && words.common_heads.contains(self.doc.lower(k))
                && self.table.is_free(i, k + 1)
                && (i == 0 || !words.common_modifiers.contains(self.doc.lower(i - 1)));
            if !is_body {
                i += 1;
                continue;
            }
            let end = k + 1;
            let (state, prefix) = self.common_body_owner(i, end);
            let name: Vec<String> = (i..end).map(|t| capitalised(self.doc.lower(t))).collect();
            let name = name.join(" ");
            let Some(state) = state else {
                i = end;
                continue;
            };
            let state_key = self.table.entity(state).key.clone();
            let label = format!("{prefix} {name}");
            let key = format!("{state_key}/{}", slug(&name));
            let entity = self
                .table
                .intern(key, label, Kind::Agency, Some(state_key), None);
            self.add_mention(i, end, entity);
            i = end;
        }
    }

    /// Whose body tokens `from..to` name, and the word naming it in the
    /// label: a demonym or a state's possessive before, or "in|of X" after.
    fn common_body_owner(&mut self, from: usize, to: usize) -> (Option<EntityIdx>, String) {
        let demonym_of = |r: &Self, state: EntityIdx| {
            let entity = r.table.entity(state);
            r.lexicon
                .demonym_of(&entity.key)
                .map_or_else(|| entity.label.clone(), str::to_owned)
        };
        if let Some((d, _, entry)) = self.doc.demonym_ending_at(from) {
            let state = self.intern_entry(entry);
            let _ = d;
            return (Some(state), demonym_of(self, state));
        }
        // "Russia’s foreign ministry".
        if from >= 2
            && self.doc.tokens[from - 1].kind == TokenKind::Possessive
            && let Some(m) = self.table.mention_at(from - 2).copied()
            && self.table.entity(m.entity).kind == Kind::State
        {
            return (Some(m.entity), demonym_of(self, m.entity));
        }
        // "the health ministry in Gaza".
        if to + 1 < self.doc.tokens.len()
            && matches!(self.doc.lower(to), "in" | "of")
            && let Some(m) = self.table.mention_at(to + 1).copied()
        {
            let entity = self.table.entity(m.entity);
            match entity.kind {
                Kind::State => return (Some(m.entity), demonym_of(self, m.entity)),
                Kind::Place => {
                    let word = m.span.text(self.doc.text).to_owned();
                    let state = entity.affiliation.clone().and_then(|a| {
                        self.lexicon
                            .entry(&a)
                            .filter(|e| e.kind == Kind::State)
                            .map(|e| e.id.clone())
                    });
                    let state = state.and_then(|id| self.intern_id(&id));
                    return (state.or(Some(m.entity)), word);
                }
                _ => {}
            }
        }
        // The state in context is too often another one ("the
        // parliamentary intelligence committee" after a foreign state): an
        // unowned lower-case body is left alone.
        (None, String::new())
    }
}

/// "foreign" → "Foreign".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
