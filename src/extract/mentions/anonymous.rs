//! Rule family **anonymous**: anonymous and collective sources. One rule,
//! [`Resolver::anonymous`], which first reads sources named by where they
//! are.
//!
//! Reads `[anonymous]` of `data/lexicon.toml` (`heads`, `modifiers`,
//! `collective_media`, `persons`, `state_heads`, `articles`, `located`,
//! `installed`, `regions`) and `[names]
//! stopwords`.

use super::{Resolver, slug};
use crate::extract::lexicon::Words;
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Kind, Span};

impl Resolver<'_> {
    /// **Anonymous sources** — [modifiers] nationality|body [modifiers]
    /// head, or a collective.
    ///
    /// Examples: "a senior Ukrainian official" → Official "senior Ukrainian
    /// official" (keyed per article: two reports' anonymous officials need
    /// not be the same person); "Ukrainian media" → MediaOutlet; "analysts"
    /// → Person; "South Korean authorities" → the state itself
    /// (`state_heads`). A head followed by a name is a title, not a source
    /// ("Kremlin spokesman Dmitry Peskov").
    pub(super) fn anonymous(&mut self) {
        self.located_sources();
        let words = &self.lexicon.anonymous;
        let (heads, modifiers, state_heads) = (&words.heads, &words.modifiers, &words.state_heads);
        let (media, persons) = (&words.collective_media, &words.persons);
        let mut last_anonymous: Vec<(String, EntityIdx)> = Vec::new();
        let mut i = 0;
        while i < self.doc.tokens.len() {
            // "analysts", "experts": collective persons.
            if self.table.covered[i].is_none()
                && persons.may_start_with(self.doc.lower(i))
                && persons.iter().any(|p| self.doc.matches_at(i, p))
                && self.table.is_free(i, i + 1)
            {
                let len = persons
                    .iter()
                    .filter(|p| self.doc.matches_at(i, p))
                    .map(<[String]>::len)
                    .max()
                    .unwrap_or(1);
                let label = self
                    .doc
                    .span_of(i, i + len)
                    .text(self.doc.text)
                    .to_lowercase();
                let entity = self.table.intern(
                    format!("{}/{}", slug(&self.doc.article.id), slug(&label)),
                    label,
                    Kind::Person,
                    None,
                    None,
                );
                self.add_mention(i, i + len, entity);
                i += len;
                continue;
            }
            let Some((state, mut len)) = self.nationality_or_body_at(i) else {
                i += 1;
                continue;
            };
            // "South Korean and Western intelligence agencies": one source
            // of two nationalities, affiliated with the first.
            let adjective = |r: &Self, k: usize| {
                r.doc.state_of_demonym_at(k).is_some()
                    || r.lexicon.anonymous.regions.contains(r.doc.tok(k))
            };
            if i + len + 1 < self.doc.tokens.len()
                && self.doc.lower(i + len) == "and"
                && adjective(self, i)
                && adjective(self, i + len + 1)
                && let Some((_, second)) = self.nationality_or_body_at(i + len + 1)
            {
                len += 1 + second;
            }
            // "Russian-installed officials", "Russian-appointed authorities":
            // sources a state put in place, not the state itself.
            let installed = i + len + 1 < self.doc.tokens.len()
                && self.doc.tok(i + len) == "-"
                && words.installed.contains(self.doc.lower(i + len + 1));
            if installed {
                len += 2;
            }
            // Modifiers, then a head noun.
            let mut k = i + len;
            while k < self.doc.tokens.len()
                && self.table.covered[k].is_none()
                && modifiers.contains(self.doc.lower(k))
                // A head noun ends the modifiers unless another head follows.
                && (!heads.contains(self.doc.lower(k)) || self.next_is_head(k + 1, heads))
            {
                k += 1;
            }
            let media_len = media
                .iter()
                .filter(|m| self.doc.matches_at(k, m))
                .map(|m| m.len())
                .max();
            let is_head = k < self.doc.tokens.len()
                && heads.contains(self.doc.lower(k))
                && self.table.covered[k].is_none();
            if media_len.is_none() && !is_head {
                i += 1;
                continue;
            }
            let end = k + media_len.unwrap_or(1);
            // "Kremlin spokesman Dmitry Peskov" is a title, "NATO defense
            // ministers' meeting" a modifier: neither is an anonymous source.
            let next_is_title =
                end < self.doc.tokens.len() && self.lexicon.is_title(self.doc.lower(end));
            let next_is_name = next_is_title
                || end < self.doc.tokens.len()
                    && (self.doc.tokens[end].kind == TokenKind::Possessive
                        || matches!(self.doc.tok(end), "'" | "\u{2019}")
                        || (self.doc.is_capitalized(end)
                            && !self.lexicon.is_stopword(self.doc.tok(end))));
            // "John Kirby, the White House national security spokesman,": a
            // title in apposition to a name.
            let in_apposition = i >= 3
                && words.articles.contains(self.doc.lower(i - 1))
                && self.doc.tok(i - 2) == ","
                && self.table.mention_at(i - 3).is_some_and(|m| {
                    matches!(
                        self.table.entity(m.entity).kind,
                        Kind::Official | Kind::Person
                    )
                });
            if next_is_name || in_apposition {
                i = end;
                continue;
            }
            // Start the label at a modifier before the nationality ("senior").
            let mut from = i;
            while from > 0
                && modifiers.contains(self.doc.lower(from - 1))
                && self.table.covered[from - 1].is_none()
                && self.doc.is_word(from - 1)
                && !self
                    .doc
                    .tok(from - 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                from -= 1;
            }
            let head = self.doc.lower(end - 1).to_owned();
            let state_key = state.map(|s| self.table.entity(s).key.clone());
            if media_len.is_none()
                && state_heads.contains(&head)
                && k == i + len
                && state.is_some()
                && !installed
            {
                // "South Korean authorities" is the state itself.
                if let Some(s) = state
                    && self.table.entity(s).kind == Kind::State
                {
                    self.release(i, i + len);
                    self.add_mention(i, end, s);
                }
                i = end;
                continue;
            }
            if head == "military" || head == "government" || head == "administration" {
                i = end;
                continue;
            }
            let kind = if media_len.is_some() {
                Kind::MediaOutlet
            } else {
                Kind::Official
            };
            let label = self.doc.span_of(from, end).text(self.doc.text).to_owned();
            let key = format!("{}/{}", slug(&self.doc.article.id), slug(&label));
            let entity = self.table.intern(
                key,
                label,
                kind,
                if kind == Kind::Official {
                    state_key
                } else {
                    None
                },
                None,
            );
            // What the phrase names stays mentioned: "U.S. officials" mentions
            // the United States, "Kremlin spokesman" the Kremlin.
            self.replace_with_outer(from, end, entity);
            if kind == Kind::Official {
                last_anonymous.push((head, entity));
            }
            i = end;
        }
        // "the administration official", "the official": the latest anonymous
        // official with that head noun.
        let mut i = 0;
        while i + 1 < self.doc.tokens.len() {
            if self.doc.lower(i) != "the" {
                i += 1;
                continue;
            }
            let mut k = i + 1;
            while k < self.doc.tokens.len() && modifiers.contains(self.doc.lower(k)) {
                k += 1;
            }
            if k >= self.doc.tokens.len() || k == i + 1 || !self.table.is_free(i + 1, k + 1) {
                i += 1;
                continue;
            }
            let head = self.doc.lower(k);
            let start = self.doc.tokens[i].span.start;
            let target = self
                .table
                .mentions
                .iter()
                .filter(|m| m.span.end <= start && m.span != Span::default())
                .filter(|m| {
                    let e = self.table.entity(m.entity);
                    e.kind == Kind::Official
                        && e.key
                            .starts_with(&format!("{}/", slug(&self.doc.article.id)))
                        && e.label.ends_with(&head)
                })
                .map(|m| m.entity)
                .next_back();
            if let Some(entity) = target {
                self.add_mention(i + 1, k + 1, entity);
            }
            i = k + 1;
        }
    }

    /// **Located sources** — officials named by where they are, when they
    /// speak: "officials in Kyiv said", "National security and intelligence
    /// officials in the United States said" → Official of that state, keyed
    /// per article.
    fn located_sources(&mut self) {
        let words = &self.lexicon.anonymous;
        let n = self.doc.tokens.len();
        let free = |r: &Self, k: usize| r.table.covered[k].is_none();
        let mut i = 0;
        while i < n {
            // Modifiers, two of them joined by "and", then a head noun.
            let mut k = i;
            while k + 1 < n
                && free(self, k)
                && (words.modifiers.contains(self.doc.lower(k))
                    || (k > i
                        && self.doc.lower(k) == "and"
                        && words.modifiers.contains(self.doc.lower(k + 1))))
            {
                k += 1;
            }
            let located = k + 2 < n
                && free(self, k)
                && words.heads.contains(self.doc.lower(k))
                && !words.state_heads.contains(self.doc.lower(k))
                && words.located.contains(self.doc.lower(k + 1));
            if !located {
                i += 1;
                continue;
            }
            let at = k + 2 + usize::from(self.doc.lower(k + 2) == "the");
            let state = match self.nationality_or_body_at(at) {
                Some((Some(state), len)) if self.table.entity(state).kind == Kind::State => {
                    Some((state, at + len))
                }
                _ => None,
            };
            let Some((state, end)) = state.filter(|&(_, end)| self.followed_by_speech(end)) else {
                i = k + 1;
                continue;
            };
            let label = self.doc.span_of(i, end).text(self.doc.text).to_owned();
            let key = format!("{}/{}", slug(&self.doc.article.id), slug(&label));
            let affiliation = Some(self.table.entity(state).key.clone());
            let entity = self
                .table
                .intern(key, label, Kind::Official, affiliation, None);
            self.replace_with_outer(i, end, entity);
            i = end;
        }
    }

    fn next_is_head(&self, k: usize, heads: &Words) -> bool {
        k < self.doc.tokens.len() && heads.contains(self.doc.lower(k))
    }

    /// A nationality adjective, a state, a body (for "State Department
    /// spokesperson"), a place ("Gaza officials") or a region's adjective
    /// ("Western officials", `regions`) at token `i`: (what it names, tokens
    /// used).
    fn nationality_or_body_at(&mut self, i: usize) -> Option<(Option<EntityIdx>, usize)> {
        // A body named at i wins over the nationality it starts with
        // ("North Korean Ministry of Foreign Affairs official"); a place
        // names local officials ("Gaza officials", "Kharkiv authorities").
        let body_here = self.table.mention_at(i).is_some_and(|m| {
            m.span.start == self.doc.tokens[i].span.start
                && matches!(
                    self.table.entity(m.entity).kind,
                    Kind::Agency | Kind::Organization | Kind::Place
                )
        });
        if !body_here {
            // "Western officials", "European diplomats": sources of a region.
            if self.table.covered[i].is_none()
                && self.lexicon.anonymous.regions.contains(self.doc.tok(i))
            {
                return Some((None, 1));
            }
            let (state, len) = self.nationality_at(i)?;
            if self.doc.tokens[i + len - 1].kind == TokenKind::Possessive {
                return None;
            }
            return Some((Some(state), len));
        }
        let m = *self.table.mention_at(i)?;
        if m.span.start != self.doc.tokens[i].span.start {
            return None;
        }
        let e = self.table.entity(m.entity);
        if !matches!(e.kind, Kind::Agency | Kind::Organization | Kind::Place) {
            return None;
        }
        let len = self.doc.token_ending_at(m.span.end)? + 1 - i;
        let state = e.affiliation.clone().and_then(|a| self.table.by_key(&a));
        Some((state.or(Some(m.entity)), len))
    }
}
