//! Rule family **titles**: titled names and appositions, in two rules:
//! [`Resolver::titled_names`], then [`Resolver::mention_title_states`].
//!
//! Reads `[titles]` of `data/lexicon.toml` (`office`, `spokesperson`,
//! `leader`, `person`, `former`, `title_words`, `title_modifiers`,
//! `apposition_openers`, `auxiliaries`, `speech_verbs`), `[names]
//! stopwords` and `[bodies.heads]`. The titles read are kept in the entity
//! table for [`super::offices`] and the office ties of `relations`.

use super::{Resolver, slug};
use crate::extract::entities::TitleInfo;
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Kind, Span};

impl Resolver<'_> {
    /// Capitalised name runs: 1–4 capitalised words that are not stopwords,
    /// titles or already mentioned; a middle initial ("Victor D. Cha") is
    /// part of the name.
    pub(super) fn name_run(&self, i: usize) -> Option<usize> {
        let middle_initial = |j: usize| {
            let mut chars = self.doc.tok(j).chars();
            j > i
                && j + 1 < self.doc.tokens.len()
                && self.doc.is_capitalized(j + 1)
                && self.table.covered[j + 1].is_none()
                && matches!(
                    (chars.next(), chars.next(), chars.next()),
                    (Some(c), Some('.'), None) if c.is_uppercase()
                )
        };
        let stop = |j: usize| {
            let w = self.doc.tok(j);
            self.lexicon.is_stopword(w)
                || self.lexicon.is_title(w)
                || self.doc.state_of_demonym_at(j).is_some()
        };
        if !self.doc.is_capitalized(i) || stop(i) || self.table.covered[i].is_some() {
            return None;
        }
        let mut j = i;
        while j < self.doc.tokens.len()
            && j - i < 4
            && (j == i || !self.doc.line_break_before(j))
            && self.doc.is_capitalized(j)
            && self.table.covered[j].is_none()
            && !stop(j)
            && self.doc.tok(j).chars().filter(|c| c.is_uppercase()).count() <= 2
            && (middle_initial(j)
                || !self
                    .doc
                    .tok(j)
                    .chars()
                    .all(|c| c.is_uppercase() || c == '.'))
        {
            j += 1;
        }
        // "State Security Department" is a body, not a person.
        let is_head = |k: usize| {
            k < self.doc.tokens.len()
                && self
                    .lexicon
                    .org_heads
                    .iter()
                    .any(|(h, _)| h == self.doc.tok(k))
        };
        if (i..=j).any(is_head) {
            return None;
        }
        (j > i).then_some(j)
    }

    /// **Titled names** — an unknown name with a title before it, or an
    /// apposition after it.
    ///
    /// Pattern: [nationality|body] title Name, or Name `,` (a|the) [former]
    /// title .... Examples: "Pentagon spokesperson Sabrina Singh" → Official
    /// Sabrina Singh, affiliated with the United States; "Carl Schuster, a
    /// former director of ..." → Person (a former office, or a role such as
    /// "analyst", makes a Person). A capitalised name followed by a
    /// reporting verb or preceded by "said" is a person even untitled.
    pub(super) fn titled_names(&mut self) {
        let mut i = 0;
        while i < self.doc.tokens.len() {
            let Some(end) = self.name_run(i) else {
                i += 1;
                continue;
            };
            if end - i < 2 {
                i = end;
                continue;
            }
            let (title_from, title_words, body, state, former) = self.title_before(i);
            let apposition = if title_words.is_empty() {
                self.apposition_after(end)
            } else {
                None
            };
            let speaks = self.followed_by_speech(end) || self.preceded_by_said(i);
            let (title, body, state, former) = match (&apposition, title_words.is_empty()) {
                (Some(app), true) => (app.0.clone(), app.1, app.2, app.3),
                _ => (title_words.clone(), body, state, former),
            };
            // "Ukraine's Military Intelligence said": words of titles and
            // bodies name no person.
            let office_words =
                (i..end).any(|k| self.lexicon.titles.title_words.contains(self.doc.tok(k)));
            if title.is_empty() && (!speaks || office_words) {
                i = end;
                continue;
            }
            let name = self.doc.span_of(i, end).text(self.doc.text).to_owned();
            // "Kim Jong also said" after "Kim Jong Un": a known person's name
            // cut short is that person.
            let known = self.table.entities.iter().position(|e| {
                matches!(e.kind, Kind::Official | Kind::Person)
                    && e.mentions > 0
                    && e.label.starts_with(&format!("{name} "))
            });
            if let Some(index) = known {
                self.add_mention(i, end, EntityIdx(index));
                i = end;
                continue;
            }
            let is_person_role = title
                .split_whitespace()
                .any(|w| self.lexicon.titles.person.contains(w));
            let kind = if title.is_empty() || former || is_person_role {
                Kind::Person
            } else {
                Kind::Official
            };
            let affiliation = state.or_else(|| {
                body.and_then(|b| {
                    let e = self.table.entity(b);
                    match e.kind {
                        Kind::Organization => Some(b),
                        _ => e.affiliation.as_ref().and_then(|a| self.table.by_key(a)),
                    }
                })
            });
            let affiliation_key = if kind == Kind::Official {
                affiliation.map(|a| self.table.entity(a).key.clone())
            } else {
                None
            };
            let entity = self
                .table
                .intern(slug(&name), name, kind, affiliation_key, None);
            let from = if title_from < i { title_from } else { i };
            // The bare name is the mention; the title phrase is an alias.
            self.add_mention(i, end, entity);
            if from < i {
                let full = self.doc.span_of(from, end).text(self.doc.text).to_owned();
                self.table.entities[entity.0].aliases.push(full);
            }
            if !title.is_empty() {
                self.table.titles.push(TitleInfo {
                    person: entity,
                    title,
                    body: body.or(state),
                    former,
                    span: self.doc.span_of(from, end),
                });
            }
            i = end;
        }
        // Titles of gazetteer people ("Kremlin spokesman Dmitry Peskov").
        let people: Vec<(usize, EntityIdx)> = self
            .table
            .mentions
            .iter()
            .filter(|m| {
                matches!(
                    self.table.entity(m.entity).kind,
                    Kind::Official | Kind::Person
                )
            })
            .filter_map(|m| Some((self.doc.token_starting_at(m.span.start)?, m.entity)))
            .collect();
        for (i, person) in people {
            if self.table.titles.iter().any(|t| {
                t.person == person
                    && t.span.end >= self.doc.tokens[i].span.end
                    && t.span.start <= self.doc.tokens[i].span.start
            }) {
                continue;
            }
            let (from, title, body, state, former) = self.title_before(i);
            let (title, body, state, former) = if title.is_empty() {
                let end = self
                    .doc
                    .token_ending_at(
                        self.table
                            .mentions
                            .iter()
                            .find(|m| {
                                m.entity == person && self.doc.tokens[i].span.start == m.span.start
                            })
                            .map_or(self.doc.tokens[i].span.end, |m| m.span.end),
                    )
                    .map_or(i + 1, |e| e + 1);
                match self.apposition_after(end) {
                    Some(app) => app,
                    None => continue,
                }
            } else {
                (title, body, state, former)
            };
            let end_byte = self
                .table
                .mentions
                .iter()
                .find(|m| m.span.start == self.doc.tokens[i].span.start)
                .map_or(self.doc.tokens[i].span.end, |m| m.span.end);
            let span = Span::new(self.doc.tokens[from].span.start, end_byte);
            if from < i {
                let full = span.text(self.doc.text).to_owned();
                self.table.entities[person.0].aliases.push(full);
            }
            self.table.titles.push(TitleInfo {
                person,
                title,
                body: body.or(state),
                former,
                span,
            });
        }
    }

    /// "British Defense Secretary John Healey" mentions the United Kingdom:
    /// a nationality in a title names the state the official serves.
    pub(super) fn mention_title_states(&mut self) {
        let spans: Vec<Span> = self.table.titles.iter().map(|t| t.span).collect();
        for span in spans {
            let first = self
                .doc
                .tokens
                .partition_point(|t| t.span.start < span.start);
            let after = self.doc.tokens.partition_point(|t| t.span.end <= span.end);
            let demonyms = self.doc.demonyms_in(first..after).to_vec();
            for (d, len, entry) in demonyms {
                let state = self.intern_entry(entry);
                self.add_nested_mention(self.doc.span_of(d, d + len), state);
            }
        }
    }

    /// Reads the title phrase right before a name at token `i`: returns
    /// (first token of the phrase, title words, body named, state named,
    /// former?).
    fn title_before(
        &mut self,
        i: usize,
    ) -> (usize, String, Option<EntityIdx>, Option<EntityIdx>, bool) {
        let mut j = i;
        let mut words: Vec<String> = Vec::new();
        let mut body = None;
        let mut state = None;
        let mut former = false;
        let mut saw_title = false;
        // A title never reaches back over a line break (a headline above).
        while j > 0 && !self.doc.line_break_before(j) {
            let k = j - 1;
            let t = self.doc.tok(k);
            let lower = t.to_lowercase();
            if self.doc.tokens[k].kind == TokenKind::Possessive {
                j = k;
                continue;
            }
            // "Ukraine's military intelligence (HUR) chief": skip the acronym.
            if t == ")"
                && let Some(open) = (j.saturating_sub(6)..k)
                    .rev()
                    .find(|&q| self.doc.tok(q) == "(")
            {
                j = open;
                continue;
            }
            // "Maj. Gen. Pat Ryder": the period of an abbreviated rank.
            if t == "."
                && k > 0
                && self
                    .lexicon
                    .is_title(&format!("{}.", self.doc.lower(k - 1)))
            {
                j = k;
                continue;
            }
            if let Some(m) = self.table.mention_at(k).copied() {
                let start = self.doc.token_starting_at(m.span.start).unwrap_or(k);
                let e = self.table.entity(m.entity);
                match e.kind {
                    Kind::State => state = state.or(Some(m.entity)),
                    Kind::Agency | Kind::Organization | Kind::MilitaryUnit => {
                        body = body.or(Some(m.entity))
                    }
                    Kind::Place => {
                        if let Some(s) = e.affiliation.clone() {
                            state = state.or(self.intern_id(&s));
                        }
                    }
                    _ => break,
                }
                j = start;
                continue;
            }
            if let Some((_, len, entry)) = self.doc.demonym_ending_at(k + 1) {
                state = state.or(Some(self.intern_entry(entry)));
                j = k + 1 - len;
                continue;
            }
            if self.lexicon.is_title(t)
                || self.lexicon.titles.former.contains(&lower)
                || (self.doc.is_capitalized(k)
                    && self.lexicon.titles.title_words.contains(t))
                || (saw_title && (lower == "of" || lower == "for"))
                // "Japan's Chief Cabinet Secretary": capitalised words of the title.
                || (saw_title
                    && self.doc.is_capitalized(k)
                    && !self.lexicon.is_stopword(t)
                    && self.doc.state_of_demonym_at(k).is_none())
                || (saw_title
                    && self.lexicon.titles.title_modifiers.contains(&lower))
            {
                if self.lexicon.titles.former.contains(&lower) {
                    former = true;
                }
                if self.lexicon.is_title(t) {
                    saw_title = true;
                }
                words.push(lower);
                j = k;
                continue;
            }
            break;
        }
        if !saw_title {
            return (i, String::new(), None, None, false);
        }
        // A trailing "of"/"for" with nothing after it is not part of the title.
        words.reverse();
        (j, words.join(" "), body, state, former)
    }

    /// Reads an apposition after a name: ", (a|an|the) [former] title ...".
    fn apposition_after(
        &mut self,
        end: usize,
    ) -> Option<(String, Option<EntityIdx>, Option<EntityIdx>, bool)> {
        if self.doc.tokens.get(end).is_none() || self.doc.tok(end) != "," {
            return None;
        }
        // An apposition opens like a noun phrase ("a former director",
        // "the first deputy director"), not with a verb ("met Putin").
        let opener = self
            .doc
            .tokens
            .get(end + 1)
            .map(|_| self.doc.lower(end + 1));
        let opens_phrase = opener.is_some_and(|w| {
            self.lexicon.titles.apposition_openers.contains(w)
                || self.lexicon.is_title(w)
                || self.doc.state_of_demonym_at(end + 1).is_some()
        });
        if !opens_phrase {
            return None;
        }
        let mut k = end + 1;
        let mut former = false;
        let mut words = Vec::new();
        let mut saw_title = false;
        let limit = (end + 14).min(self.doc.tokens.len());
        let mut body = None;
        let mut state = None;
        while k < limit {
            let t = self.doc.tok(k);
            if t == "," || t == "." || t == ";" {
                break;
            }
            let lower = t.to_lowercase();
            if self.lexicon.titles.former.contains(&lower) {
                former = true;
            }
            if self.lexicon.is_title(t) {
                saw_title = true;
            }
            if let Some(m) = self.table.mention_at(k).copied() {
                let e = self.table.entity(m.entity);
                match e.kind {
                    Kind::State => state = state.or(Some(m.entity)),
                    Kind::Agency | Kind::Organization | Kind::MilitaryUnit => {
                        body = body.or(Some(m.entity))
                    }
                    _ => {}
                }
            } else if let Some((_, entry)) = self.doc.state_of_demonym_at(k) {
                state = state.or(Some(self.intern_entry(entry)));
            }
            words.push(lower);
            k += 1;
            if k - end > 6 && !saw_title && !former {
                break;
            }
        }
        (saw_title || former).then(|| (words.join(" "), body, state, former))
    }

    /// Whether a reporting verb follows token `end`, across auxiliaries and
    /// an aside between commas.
    pub(super) fn followed_by_speech(&self, end: usize) -> bool {
        let mut k = end;
        // "The head of the agency, Jane Roe, said": the name in apposition.
        if k + 1 < self.doc.tokens.len() && self.doc.tok(k) == "," && self.verb_cue_at(k + 1) {
            return true;
        }
        // "Lee Seong-kweun, a member of the committee, said".
        if k < self.doc.tokens.len()
            && self.doc.tok(k) == ","
            && let Some(close) =
                (k + 1..(k + 16).min(self.doc.tokens.len())).find(|&c| self.doc.tok(c) == ",")
        {
            k = close + 1;
        }
        while k < self.doc.tokens.len()
            && self.lexicon.titles.auxiliaries.contains(self.doc.lower(k))
        {
            k += 1;
        }
        k < self.doc.tokens.len() && self.verb_cue_at(k)
    }

    /// **Speaking surnames** — one unknown capitalised word that speaks
    /// mid-sentence is a person: "“...,” Grossi said". Runs after
    /// coreference, so the surname of someone already named is theirs; a
    /// sentence's first word may be anything and is left alone.
    pub(super) fn speaking_surnames(&mut self) {
        for i in 1..self.doc.tokens.len().saturating_sub(1) {
            let starts_sentence =
                self.doc.sentence_tokens[self.doc.sentence_of_token(i)].start == i;
            // "Officials in Quarnstrom said": after a preposition, a place.
            let after_locative = self
                .lexicon
                .gazetteer
                .locative
                .contains(self.doc.lower(i - 1));
            if starts_sentence
                || after_locative
                || self.name_run(i) != Some(i + 1)
                || !self.verb_cue_at(i + 1)
            {
                continue;
            }
            let name = self.doc.tok(i).to_owned();
            let entity = self
                .table
                .intern(slug(&name), name, Kind::Person, None, None);
            self.add_mention(i, i + 1, entity);
        }
    }

    /// Whether a reporting verb ("said", "told") starts at token `k`.
    fn verb_cue_at(&self, k: usize) -> bool {
        self.lexicon.cues.iter().any(|(phrase, cue)| {
            cue.frame == crate::extract::lexicon::Frame::Verb && self.doc.matches_at(k, phrase)
        })
    }

    fn preceded_by_said(&self, i: usize) -> bool {
        i > 0
            && self
                .lexicon
                .titles
                .speech_verbs
                .contains(self.doc.lower(i - 1))
    }
}
