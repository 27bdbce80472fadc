//! Rule family **places**: places recognised by their shape, not by name.
//!
//! These rules and those of [`super::units`] scan the text together, token by
//! token, in the order [`super::SHAPE_RULES`] gives: at each token the first
//! rule that matches claims its phrase and the scan goes on after it.
//!
//! Reads `[places]` of `data/lexicon.toml` (`compass`, `settlement_nouns`,
//! `site_suffixes`, `described_sites`, `occupied_nouns`, `vague_nouns`) and `[names] stopwords`.

use super::{Resolver, slug};
use crate::extract::Kind;
use crate::extract::text::TokenKind;

impl Resolver<'_> {
    /// **Compass place** — a compass adjective before a state mention.
    ///
    /// Pattern: `eastern|western|northern|...|central` + state. Example:
    /// "troops in eastern Russia" → Place "eastern Russia", in Russia, keyed
    /// `russia/eastern-russia`. The state mention gives way to the place.
    pub(super) fn compass_place(&mut self, i: usize) -> Option<usize> {
        let lower = self.doc.lower(i);
        if !self.lexicon.places.compass.contains(lower) {
            return None;
        }
        let m = self.table.mention_at(i + 1).copied()?;
        if self.table.entity(m.entity).kind != Kind::State
            || self.doc.token_starting_at(m.span.start) != Some(i + 1)
        {
            return None;
        }
        let end = self
            .doc
            .token_ending_at(m.span.end)
            .map_or(i + 2, |e| e + 1);
        let state_key = self.table.entity(m.entity).key.clone();
        let label = format!("{lower} {}", self.table.entity(m.entity).label);
        let entity = self.table.intern(
            format!("{state_key}/{}", slug(&label)),
            label,
            Kind::Place,
            Some(state_key),
            None,
        );
        self.release(i + 1, end);
        self.add_mention(i, end, entity);
        Some(end)
    }

    /// **Settlement** — a place named after the kind of place it is.
    ///
    /// Pattern: `city|town|village|port|...` + `of` + Name (`[places]
    /// settlement_nouns`). Examples: "the city of Bucha" → Place "Bucha";
    /// "the North Korean port city of Wonsan" → Place "Wonsan" of North
    /// Korea (a demonym up to three words before the noun names the state;
    /// the state in context is too often another one).
    pub(super) fn settlement(&mut self, i: usize) -> Option<usize> {
        let words = &self.lexicon.places;
        if !words.settlement_nouns.contains(self.doc.lower(i))
            || i + 2 >= self.doc.tokens.len()
            || self.doc.lower(i + 1) != "of"
        {
            return None;
        }
        let end = self.name_run(i + 2)?;
        let demonym = (i.saturating_sub(3)..=i)
            .find_map(|end| self.doc.demonym_ending_at(end))
            .map(|(_, _, entry)| entry);
        let state = demonym.map(|entry| self.intern_entry(entry));
        let label = self.doc.span_of(i + 2, end).text(self.doc.text).to_owned();
        let state_key = state.map(|s| self.table.entity(s).key.clone());
        let entity = self
            .table
            .intern(slug(&label), label, Kind::Place, state_key, None);
        self.add_mention(i + 2, end, entity);
        Some(end)
    }

    /// **Named site** — up to three capitalised words before a site noun.
    ///
    /// Pattern: Capitalised{1,3} + `[places] site_suffixes` (in any case).
    /// Examples: "the Sergeevka training ground" → Place "Sergeevka training
    /// ground", affiliated with the state in context; "the Dnipro River",
    /// "the Kakhovka dam". A known place or capital inside the name gives its
    /// state and is taken over ("the Zaporizhzhia nuclear power plant", "the
    /// Kyiv region").
    pub(super) fn named_site(&mut self, i: usize) -> Option<usize> {
        if !self.doc.is_capitalized(i) || self.lexicon.is_stopword(self.doc.tok(i)) {
            return None;
        }
        let mut state_key = None;
        let mut j = i;
        // "Nord Stream 1": a number may follow the capitalised words.
        let name_word = |r: &Self, j: usize| {
            r.doc.is_capitalized(j) || (j > i && r.doc.tokens[j].kind == TokenKind::Number)
        };
        while j < self.doc.tokens.len() && name_word(self, j) && j - i < 3 {
            if self.site_suffix_at(j) > 0 && j > i {
                break;
            }
            if self.table.covered[j].is_some() {
                let (end, state) = self.place_named_at(j, false)?;
                state_key = state_key.or(state);
                j = end;
            } else {
                j += 1;
            }
        }
        let suffix_len = self.site_suffix_at(j);
        if suffix_len == 0 || j == i {
            return None;
        }
        let end = j + suffix_len;
        // A state inside the name must be named by its capital ("the Kyiv
        // region", not "the Ukraine region").
        let mut k = i;
        while k < j {
            match self.table.covered[k] {
                Some(_) => k = self.place_named_at(k, true)?.0,
                None => k += 1,
            }
        }
        let own_word = (i..j).any(|k| self.table.covered[k].is_none());
        let description = !own_word
            && self
                .lexicon
                .places
                .described_sites
                .iter()
                .any(|d| self.doc.matches_at(j, d));
        if !self.table.is_free(j, end) || description {
            // "the Gaza hospital" describes a hospital; it names none.
            return None;
        }
        let label = self.doc.span_of(i, end).text(self.doc.text).to_owned();
        // "the Al-Ahli hospital" after "the Al-Ahli Baptist Hospital": the
        // same site, named short.
        let (first, last) = (self.doc.lower(i), self.doc.lower(end - 1));
        let named_before = self.table.entities.iter().position(|e| {
            let label = e.label.to_lowercase();
            e.kind == Kind::Place
                && label.starts_with(&format!("{first} "))
                && label.ends_with(&format!(" {last}"))
        });
        if let Some(index) = named_before {
            let entity = crate::extract::EntityIdx(index);
            self.release(i, end);
            self.add_mention(i, end, entity);
            return Some(end);
        }
        let state_key = match state_key {
            Some(key) => Some(key),
            None => self
                .context_state(i)
                .map(|s| self.table.entity(s).key.clone()),
        };
        let entity = self
            .table
            .intern(slug(&label), label, Kind::Place, state_key, None);
        self.release(i, end);
        self.add_mention(i, end, entity);
        Some(end)
    }

    /// How many tokens of a site noun start at `j` (0 for none).
    fn site_suffix_at(&self, j: usize) -> usize {
        let suffixes = &self.lexicon.places.site_suffixes;
        if j >= self.doc.tokens.len() || !suffixes.may_start_with(self.doc.lower(j)) {
            return 0;
        }
        suffixes
            .iter()
            .filter(|suffix| self.doc.matches_at(j, suffix))
            .map(<[String]>::len)
            .max()
            .unwrap_or(0)
    }

    /// A mention starting at token `j` that can be part of a site's name: a
    /// place, or a capital standing for its state (`check_capital`: whether
    /// to check it is one, the costlier step). Returns the token after it and
    /// the state it lies in.
    fn place_named_at(&self, j: usize, check_capital: bool) -> Option<(usize, Option<String>)> {
        let m = self.table.mention_at(j)?;
        if m.span.start != self.doc.tokens[j].span.start {
            return None;
        }
        let end = self.doc.token_ending_at(m.span.end)? + 1;
        let entity = self.table.entity(m.entity);
        match entity.kind {
            Kind::Place => Some((end, entity.affiliation.clone())),
            Kind::State if !check_capital => Some((end, Some(entity.key.clone()))),
            Kind::State => {
                let surface = m.span.text(self.doc.text);
                let capital = self.lexicon.entries.iter().any(|e| {
                    e.kind == Kind::Place
                        && e.metonym_of.as_deref() == Some(entity.key.as_str())
                        && (e.name == surface || e.aliases.iter().any(|a| a == surface))
                });
                capital.then(|| (end, Some(entity.key.clone())))
            }
            _ => None,
        }
    }

    /// **Occupied territory** — land named by its occupation.
    ///
    /// Pattern: [`temporarily`] [demonym `-`] `*occupied` +
    /// `territories|regions|areas|lands` [`of` state]. Example: "the
    /// occupied territories of Ukraine" → Place keyed
    /// `ukraine/occupied-territories`; without "of X" the key is the
    /// article's, since whose land it is goes unsaid. "occupied part(s)" is
    /// skipped (too vague to be a place).
    pub(super) fn occupied_territory(&mut self, i: usize) -> Option<usize> {
        let lower = self.doc.lower(i);
        if !lower.ends_with("occupied") || i + 1 >= self.doc.tokens.len() {
            return None;
        }
        let noun = self.doc.lower(i + 1);
        if !self.lexicon.places.occupied_nouns.contains(noun) {
            return None;
        }
        let mut from = i;
        if i > 0 && self.doc.lower(i - 1) == "temporarily" {
            from = i - 1;
        }
        // "Russian-occupied": the occupier's adjective belongs to the name.
        if i >= 2
            && self.doc.tok(i - 1) == "-"
            && let Some((d, _, _)) = self.doc.demonym_ending_at(i - 1)
        {
            from = d;
        }
        let mut end = i + 2;
        let mut state = None;
        if end + 1 < self.doc.tokens.len()
            && self.doc.lower(end) == "of"
            && let Some(m) = self.table.mention_at(end + 1).copied()
            && self.table.entity(m.entity).kind == Kind::State
        {
            state = Some(m.entity);
            end = self
                .doc
                .token_ending_at(m.span.end)
                .map_or(end + 2, |e| e + 1);
        }
        if self.lexicon.places.vague_nouns.contains(noun) {
            return Some(end);
        }
        // Whose territory it is, only when the text says ("... of Ukraine").
        let state_key = state.map(|s| self.table.entity(s).key.clone());
        let label = self.doc.span_of(from, end).text(self.doc.text).to_owned();
        let key = match &state_key {
            Some(state) => format!("{state}/occupied-territories"),
            None => format!("{}/occupied-territories", slug(&self.doc.article.id)),
        };
        let entity = self.table.intern(key, label, Kind::Place, state_key, None);
        self.replace_with_outer(from, end, entity);
        Some(end)
    }

    /// **Headquarters** — the seat of a body.
    ///
    /// Pattern: organisation or agency mention + `headquarters`. Example:
    /// "NATO headquarters" → Place "NATO headquarters", affiliated with NATO,
    /// which stays mentioned inside it.
    pub(super) fn headquarters(&mut self, i: usize) -> Option<usize> {
        let m = self.table.mention_at(i).copied()?;
        let end = self
            .doc
            .token_ending_at(m.span.end)
            .map_or(i + 1, |e| e + 1);
        let body = self.table.entity(m.entity);
        if self.doc.token_starting_at(m.span.start) != Some(i)
            || !matches!(body.kind, Kind::Organization | Kind::Agency)
            || end >= self.doc.tokens.len()
            || self.doc.lower(end) != "headquarters"
        {
            return None;
        }
        let key = format!("{}/headquarters", body.key);
        let affiliation = Some(body.key.clone());
        let label = format!(
            "{} headquarters",
            self.doc.span_of(i, end).text(self.doc.text)
        );
        let entity = self
            .table
            .intern(key, label, Kind::Place, affiliation, None);
        self.replace_with_outer(i, end + 1, entity);
        Some(end + 1)
    }
}
