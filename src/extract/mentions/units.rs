//! Rule family **units**: military units and services recognised by their
//! shape, and the states that forces named by nationality stand for.
//!
//! The shape rules run in the scan described in [`super::places`];
//! [`Resolver::nationalities`] is a pass of its own, the last.
//! Reads `[units]` of `data/lexicon.toml` (`unit_nouns`, `formations`,
//! `services`, `intelligence`, `intelligence_modifiers`,
//! `intelligence_tails`, `forces`) and `[numbers] words`.

use super::{Resolver, StateAt, slug};
use crate::extract::Kind;
use crate::extract::numbers::number_word;

impl Resolver<'_> {
    /// **Special forces** — a state's special forces.
    ///
    /// Pattern: [demonym] `special forces` [`unit(s)`]. Example: "Russian
    /// special forces" → MilitaryUnit "Russian special forces" of Russia;
    /// without a demonym the state in context owns them.
    pub(super) fn special_forces(&mut self, i: usize) -> Option<usize> {
        if self.doc.lower(i) != "special"
            || i + 1 >= self.doc.tokens.len()
            || self.doc.lower(i + 1) != "forces"
            || !self.table.is_free(i, i + 2)
        {
            return None;
        }
        let (from, state) = match i
            .checked_sub(1)
            .and_then(|p| self.doc.demonym_ending_at(p + 1))
        {
            Some((d, _, entry)) => (d, Some(self.intern_entry(entry))),
            None => (i, self.context_state(i)),
        };
        let mut end = i + 2;
        if end < self.doc.tokens.len()
            && self.lexicon.units.unit_nouns.contains(self.doc.lower(end))
        {
            end += 1;
        }
        let label = match state.and_then(|s| self.lexicon.demonym_of(&self.table.entity(s).key)) {
            Some(demonym) => format!("{demonym} special forces"),
            None => "special forces".to_owned(),
        };
        let state_key = state.map(|s| self.table.entity(s).key.clone());
        let entity = self
            .table
            .intern(slug(&label), label, Kind::MilitaryUnit, state_key, None);
        self.add_mention(from, end, entity);
        Some(end)
    }

    /// **Counted formations** — a number of formations.
    ///
    /// Pattern: number word (2–99) [demonym] [`military`]
    /// `brigades|units|battalions|regiments|divisions`. Example: "four
    /// brigades" → MilitaryUnit "four brigades", keyed per article (two
    /// reports' "four brigades" need not be the same ones).
    pub(super) fn counted_formations(&mut self, i: usize) -> Option<usize> {
        number_word(self.doc, i)?;
        let mut k = i + 1;
        let mut state = None;
        if let Some((len, entry)) = self.doc.state_of_demonym_at(k) {
            state = Some(self.intern_entry(entry));
            k += len;
        }
        if k < self.doc.tokens.len() && self.doc.lower(k) == "military" {
            k += 1;
        }
        if k >= self.doc.tokens.len()
            || !self.lexicon.units.formations.contains(self.doc.lower(k))
            || !self.table.is_free(i, k + 1)
        {
            return None;
        }
        let state = state.or_else(|| self.context_state(i));
        let label = self.doc.span_of(i, k + 1).text(self.doc.text).to_owned();
        let state_key = state.map(|s| self.table.entity(s).key.clone());
        let key = format!("{}/{}", slug(&self.doc.article.id), slug(&label));
        let entity = self
            .table
            .intern(key, label, Kind::MilitaryUnit, state_key, None);
        self.add_mention(i, k + 1, entity);
        Some(k + 1)
    }

    /// **Intelligence service** — a state's intelligence, named by its
    /// nationality or its name.
    ///
    /// Pattern: demonym or state + [`intelligence_modifiers`]
    /// `intelligence` [`intelligence_tails`]. Examples: "Ukrainian
    /// intelligence" → Agency keyed `ukraine/intelligence`; "the US
    /// intelligence community" → Agency "US intelligence community" of the
    /// United States, which stays mentioned; "South Korean military
    /// intelligence" → keyed `south-korea/military-intelligence`.
    pub(super) fn intelligence_service(&mut self, i: usize) -> Option<usize> {
        let units = &self.lexicon.units;
        let (state, state_len) = self.state_named_at(i)?;
        let mut k = i + state_len;
        let modifier = (k < self.doc.tokens.len()
            && units.intelligence_modifiers.contains(self.doc.lower(k)))
        .then(|| self.doc.lower(k).to_owned());
        k += usize::from(modifier.is_some());
        if k >= self.doc.tokens.len() || !units.intelligence.contains(self.doc.lower(k)) {
            return None;
        }
        let mut end = k + 1;
        if end < self.doc.tokens.len() && units.intelligence_tails.contains(self.doc.lower(end)) {
            end += 1;
        }
        let service = match modifier {
            Some(m) => format!("{m}-{}", self.doc.lower(k)),
            None => self.doc.lower(k).to_owned(),
        };
        self.claim_state_service(i, (state, state_len), end, service, Kind::Agency)
    }

    /// **National army** — a state's army or navy, named by demonym.
    ///
    /// Pattern: demonym + `army|navy`. Example: "the South Korean army" →
    /// MilitaryUnit keyed `south-korea/army`.
    pub(super) fn national_army(&mut self, i: usize) -> Option<usize> {
        let (len, entry) = self.doc.state_of_demonym_at(i)?;
        let k = i + len;
        if k >= self.doc.tokens.len() || !self.lexicon.units.services.contains(self.doc.tok(k)) {
            return None;
        }
        let service = self.doc.tok(k).to_owned();
        let state = (StateAt::Demonym(entry), len);
        self.claim_state_service(i, state, k + 1, service, Kind::MilitaryUnit)
    }

    /// Claims tokens `i..end` for the service `service` of the state named
    /// by the first `state_len` of them (as [`Self::state_named_at`] found it), keyed `{state}/{service}`; the
    /// state stays mentioned inside it.
    fn claim_state_service(
        &mut self,
        i: usize,
        (state, state_len): (StateAt, usize),
        end: usize,
        service: String,
        kind: Kind,
    ) -> Option<usize> {
        // A demonym's tokens must be free; a state mention is taken over.
        let free_from = match state {
            StateAt::Demonym(_) => i,
            StateAt::Mention(_) => i + state_len,
        };
        if !self.table.is_free(free_from, end) {
            return None;
        }
        let state = self.state_entity(state);
        let label = self.doc.span_of(i, end).text(self.doc.text).to_owned();
        let state_key = self.table.entity(state).key.clone();
        let entity = self.table.intern(
            format!("{state_key}/{service}"),
            label,
            kind,
            Some(state_key),
            None,
        );
        if !self.replace_with_outer(i, end, entity) {
            return None;
        }
        Some(end)
    }

    /// **Nationalities** — a nationality adjective left free by every other
    /// rule mentions its state; forces named by their nationality stand for
    /// the state and are not units of their own.
    ///
    /// Examples: "North Korean troops" → a mention of North Korea inside the
    /// phrase, so the state counts as mentioned while the tokens stay free
    /// for figures; "the Swedish economic zone" mentions Sweden.
    pub(super) fn nationalities(&mut self) {
        let found: Vec<(usize, usize, usize)> = self
            .doc
            .demonyms
            .iter()
            .copied()
            .filter(|&(d, len, _)| self.table.covered[d..d + len].iter().all(Option::is_none))
            .collect();
        for (d, len, entry) in found {
            let state = self.intern_entry(entry);
            self.add_nested_mention(self.doc.span_of(d, d + len), state);
        }
    }
}
