//! Events and ties the article reports as fact. Reads `[relations]` of
//! `data/lexicon.toml` (the verbs and nouns of each rule) and `[titles]`.
//!
//! Rules:
//! - **Office ties** from titles: "Kremlin spokesman Dmitry Peskov" →
//!   Peskov spokespersonFor Kremlin; "NATO Secretary-General Mark Rutte" →
//!   leads NATO; "British Defense Secretary John Healey" → holdsOfficeIn
//!   United Kingdom; "a former director of ... Center" → formerlyServedIn.
//! - **Structure**: an agency or unit with a state → partOf the state; UN
//!   organs → partOf United Nations.
//! - **Containment**: "Pyongyang, North Korea", "Russia’s Kursk region",
//!   "NATO headquarters in Brussels" → locatedIn.
//! - **Pacts**: "signed a ... pact/treaty/partnership" → signsPactWith between
//!   the parties named before the verb ("the two countries" → the last two
//!   states named), with the date ("in June", "on June 19, 2024") and place.
//! - **Meetings and summons**: "X convened/held an ... meeting with A, B and
//!   C" → convenesMeeting; "X summoned the Russian ambassador" → summons.
//! - **War**: "Russia’s war in/on/against Ukraine", "the Russian invasion
//!   of Ukraine", "the Russia-Ukraine war", "the war between A and B" →
//!   atWarWith.

use super::Reading;
use super::dates::{date_in, sentence_date};
use super::lexicon::Lexicon;
use super::lexicon::Words;
use super::text::TokenKind;
use super::{EntityIdx, Extraction, Kind, Predicate, Relation, Span};

pub fn extract_relations(cx: Reading<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    office_ties(cx, out);
    structure(cx, lexicon, out);
    for (s, range) in cx.doc.sentence_tokens.iter().enumerate() {
        let range = range.clone();
        containment(cx, s, range.clone(), out);
        pacts(cx, s, range.clone(), out);
        meetings(cx, s, range.clone(), out);
        casualties(cx, s, range.clone(), out);
        wars(cx, s, range, out);
    }
}

fn relation(
    cx: Reading<'_>,
    subject: EntityIdx,
    predicate: Predicate,
    object: EntityIdx,
    sentence: usize,
    evidence: Span,
) -> Option<Relation> {
    (subject != object).then(|| Relation {
        subject,
        predicate,
        object,
        date: None,
        place: None,
        sentence: sentence.min(cx.doc.sentences.len().saturating_sub(1)),
        evidence,
    })
}

fn sentence_at(cx: Reading<'_>, span: Span) -> usize {
    cx.doc.sentences.partition_point(|s| s.end <= span.start)
}

fn entity_by_key(out: &Extraction, key: &str) -> Option<EntityIdx> {
    out.entities
        .iter()
        .position(|e| e.key == key)
        .map(EntityIdx)
}

fn office_ties(cx: Reading<'_>, out: &mut Extraction) {
    let titles = &cx.doc.lexicon.titles;
    for info in &cx.table.titles {
        let sentence = sentence_at(cx, info.span);
        let words: Vec<&str> = info.title.split_whitespace().collect();
        let has = |list: &Words| {
            list.iter().any(|t| {
                words
                    .windows(t.split_whitespace().count())
                    .any(|w| w.join(" ") == t)
            })
        };
        let person = info.person;
        let body_kind = info.body.map(|b| out.entities[b.0].kind);
        let (predicate, object) = if info.former {
            match info.body {
                Some(body) => (Predicate::FormerlyServedIn, body),
                None => continue,
            }
        } else if has(&titles.spokesperson)
            && matches!(body_kind, Some(Kind::Agency | Kind::Organization))
        {
            (Predicate::SpokespersonFor, info.body.unwrap_or(person))
        } else if has(&titles.leader)
            && matches!(
                body_kind,
                Some(Kind::Agency | Kind::Organization | Kind::MilitaryUnit)
            )
        {
            (Predicate::Leads, info.body.unwrap_or(person))
        } else if out.entities[person.0].kind == Kind::Official {
            let state = match body_kind {
                Some(Kind::State) => info.body,
                _ => out.entities[person.0]
                    .affiliation
                    .clone()
                    .and_then(|a| entity_by_key(out, &a)),
            };
            match state {
                Some(state) if out.entities[state.0].kind == Kind::State => {
                    (Predicate::HoldsOfficeIn, state)
                }
                _ => continue,
            }
        } else {
            continue;
        };
        if let Some(r) = relation(cx, person, predicate, object, sentence, info.span) {
            out.relations.push(r);
        }
    }
}

fn structure(cx: Reading<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    let mut found = Vec::new();
    for (i, entity) in out.entities.iter().enumerate() {
        if entity.mentions == 0 || !matches!(entity.kind, Kind::Agency | Kind::MilitaryUnit) {
            continue;
        }
        let Some(affiliation) = &entity.affiliation else {
            continue;
        };
        let Some(mention) = out
            .mentions
            .iter()
            .find(|m| m.entity.0 == i && m.span != Span::default())
        else {
            continue;
        };
        found.push((EntityIdx(i), affiliation.clone(), mention.span));
    }
    for (entity, affiliation, span) in found {
        let object = match entity_by_key(out, &affiliation) {
            Some(o) => o,
            None => {
                // The parent is known but not mentioned: add it without a mention.
                let Some(entry) = lexicon.entry(&affiliation) else {
                    continue;
                };
                out.entities.push(super::Entity {
                    key: entry.id.clone(),
                    label: entry.name.clone(),
                    kind: entry.kind,
                    affiliation: entry.affiliation.clone(),
                    wikidata: entry.wikidata.clone(),
                    aliases: Vec::new(),
                    mentions: 0,
                });
                EntityIdx(out.entities.len() - 1)
            }
        };
        if let Some(r) = relation(
            cx,
            entity,
            Predicate::PartOf,
            object,
            sentence_at(cx, span),
            span,
        ) {
            out.relations.push(r);
        }
    }
}

/// "Pyongyang, North Korea", "Russia’s Kursk region", "X in Y".
fn containment(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    let mentions = cx.table.mentions_in(cx.doc, range.start, range.end);
    for pair in mentions.windows(2) {
        let (a_from, a_to, a) = pair[0];
        let (b_from, b_to, b) = pair[1];
        let ka = cx.table.entity(a).kind;
        let kb = cx.table.entity(b).kind;
        let between: Vec<String> = (a_to..b_from).map(|k| cx.doc.lower(k).to_owned()).collect();
        let between: Vec<&str> = between.iter().map(String::as_str).collect();
        let span = cx.doc.span_of(a_from, b_to);
        let r = match (between.as_slice(), ka, kb) {
            ([","] | ["in"], Kind::Place, Kind::State | Kind::Place) => {
                relation(cx, a, Predicate::LocatedIn, b, s, span)
            }
            (["’s"] | ["'s"], Kind::State, Kind::Place) => {
                relation(cx, b, Predicate::LocatedIn, a, s, span)
            }
            _ => None,
        };
        out.relations.extend(r);
    }
}

fn contains_word(cx: Reading<'_>, range: &std::ops::Range<usize>, words: &Words) -> Option<usize> {
    range.clone().find(|&k| words.contains(cx.doc.lower(k)))
}

/// "Putin and Kim signed a comprehensive strategic partnership in June",
/// "the two countries signed a historic defense pact", "a pact that the
/// two countries' leaders signed in Pyongyang": parties are the states or
/// leaders of the signing clause ("the two countries" are the last two
/// states named before it); date and place come after the verb.
fn pacts(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    let words = &cx.doc.lexicon.relations;
    for verb in range.clone() {
        if !words.pact_verbs.contains(cx.doc.lower(verb)) {
            continue;
        }
        // "signed into law" ratifies; it does not sign with anyone.
        if verb + 1 < range.end && cx.doc.lower(verb + 1) == "into" {
            continue;
        }
        let near = |from: usize, to: usize| {
            (from.max(range.start)..to.min(range.end))
                .any(|k| words.pact_nouns.contains(cx.doc.lower(k)))
        };
        if !near(verb + 1, verb + 7) && !near(verb.saturating_sub(8), verb) {
            continue;
        }
        // A comma right before the verb ("Putin and ... Kim Jong Un, signed")
        // does not end the subject.
        let clause_start = (range.start..verb.saturating_sub(1))
            .rev()
            .find(|&k| matches!(cx.doc.lower(k), "," | ";" | "that" | "which" | "—" | "-"))
            .map_or(range.start, |k| k + 1);
        let mut parties: Vec<EntityIdx> = cx
            .table
            .mentions_in(cx.doc, clause_start, verb)
            .into_iter()
            .map(|m| m.2)
            .filter(|&e| matches!(cx.table.entity(e).kind, Kind::State | Kind::Official))
            .collect();
        parties.dedup();
        if parties.len() < 2
            && contains_word(cx, &(clause_start..verb), &words.pact_party_words).is_some()
        {
            parties = cx
                .table
                .mentions_in(cx.doc, 0, clause_start)
                .into_iter()
                .rev()
                .map(|m| m.2)
                .filter(|&e| cx.table.entity(e).kind == Kind::State)
                .fold(Vec::new(), |mut acc, e| {
                    if !acc.contains(&e) && acc.len() < 2 {
                        acc.push(e);
                    }
                    acc
                });
            parties.reverse();
        }
        if parties.len() < 2 {
            continue;
        }
        let (a, b) = (parties[parties.len() - 2], parties[parties.len() - 1]);
        let clause_end = (verb + 1..range.end)
            .find(|&k| matches!(cx.doc.tok(k), ";"))
            .unwrap_or(range.end);
        let place = cx
            .table
            .mentions_in(cx.doc, verb, clause_end)
            .into_iter()
            .map(|m| m.2)
            .find(|&e| cx.table.entity(e).kind == Kind::Place);
        let span = cx.doc.span_of(clause_start, clause_end);
        if let Some(mut r) = relation(cx, a, Predicate::SignsPactWith, b, s, span) {
            r.date = date_in(cx.doc, verb..clause_end).or_else(|| sentence_date(cx.doc, s));
            r.place = place;
            out.relations.push(r);
        }
    }
}

fn meetings(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    let span = cx.doc.span_of(range.start, range.end);
    let subject_before = |k: usize| {
        cx.table
            .mentions_in(cx.doc, range.start, k)
            .into_iter()
            .rev()
            .map(|m| m.2)
            .find(|&e| cx.table.entity(e).kind.is_actor())
    };
    let words = &cx.doc.lexicon.relations;
    if let Some(verb) = contains_word(cx, &range, &words.meeting_verbs) {
        let meeting = (verb + 1..range.end.min(verb + 6))
            .find(|&k| words.meeting_nouns.contains(cx.doc.lower(k)));
        if let (Some(meeting), Some(subject)) = (meeting, subject_before(verb)) {
            let participants: Vec<EntityIdx> = cx
                .table
                .mentions_in(cx.doc, meeting + 1, range.end)
                .into_iter()
                .map(|m| m.2)
                .filter(|&e| {
                    matches!(
                        cx.table.entity(e).kind,
                        Kind::Agency | Kind::Official | Kind::MilitaryUnit
                    )
                })
                .collect();
            for object in participants {
                let mut r = relation(cx, subject, Predicate::ConvenesMeeting, object, s, span);
                if let Some(r) = &mut r {
                    r.date = sentence_date(cx.doc, s);
                }
                out.relations.extend(r);
            }
        }
    }
    if let Some(verb) = contains_word(cx, &range, &words.summon_verbs) {
        let object = cx
            .table
            .mentions_in(cx.doc, verb + 1, range.end)
            .into_iter()
            .map(|m| m.2)
            .next();
        if let (Some(subject), Some(object)) = (subject_before(verb), object) {
            if let Some(mut r) = relation(cx, subject, Predicate::Summons, object, s, span) {
                r.date = sentence_date(cx.doc, s);
                out.relations.push(r);
            }
        }
    }
    if let Some(verb) = contains_word(cx, &range, &words.meet_verbs) {
        let object = cx
            .table
            .mentions_in(cx.doc, verb + 1, range.end)
            .into_iter()
            .map(|m| m.2)
            .find(|&e| cx.table.entity(e).kind.is_actor());
        if let (Some(subject), Some(object)) = (subject_before(verb), object) {
            if let Some(mut r) = relation(cx, subject, Predicate::MeetsWith, object, s, span) {
                r.date = sentence_date(cx.doc, s);
                out.relations.push(r);
            }
        }
    }
}

/// "Dozens of North Korean soldiers were killed in the Kursk region": told
/// by the narrator (no statement in the sentence), nationals killed or
/// injured at a place → the state killedIn / injuredIn the place, with the
/// date. Attributed casualty figures stay statements.
fn casualties(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    if out.statements.iter().any(|st| st.sentence == s) {
        return;
    }
    let words = &cx.doc.lexicon.relations;
    let predicate = if contains_word(cx, &range, &words.killed_words).is_some() {
        Predicate::KilledIn
    } else if contains_word(cx, &range, &words.injured_words).is_some() {
        Predicate::InjuredIn
    } else {
        return;
    };
    // Whose nationals: "North Koreans", or a nationality before a word for
    // troops ("North Korean soldiers").
    let state = cx
        .doc
        .demonyms
        .iter()
        .filter(|&&(d, len, _)| range.start <= d && d + len <= range.end)
        .find_map(|&(d, len, entry)| {
            let plural_noun = cx.doc.span_of(d, d + len).text(cx.doc.text).ends_with('s');
            let before_people =
                d + len < range.end && words.casualty_people.contains(cx.doc.lower(d + len));
            let id = &cx.doc.lexicon.entries[entry].id;
            (plural_noun || before_people)
                .then(|| {
                    out.entities
                        .iter()
                        .position(|e| &e.key == id)
                        .map(EntityIdx)
                })
                .flatten()
        });
    let place = cx
        .table
        .mentions_in(cx.doc, range.start, range.end)
        .into_iter()
        .map(|m| m.2)
        .find(|&e| cx.table.entity(e).kind == Kind::Place);
    if let (Some(state), Some(place)) = (state, place) {
        if let Some(mut r) = relation(
            cx,
            state,
            predicate,
            place,
            s,
            cx.doc.span_of(range.start, range.end),
        ) {
            r.date = sentence_date(cx.doc, s);
            out.relations.push(r);
        }
    }
}

/// **War**: who wages a war and on whom. "Russia’s war in Ukraine",
/// "Moscow's full-scale invasion of Ukraine", "the Russian invasion of
/// Ukraine", "Russia, in its war against Ukraine", "the Russia-Ukraine war",
/// "the war between Russia and Ukraine" → atWarWith.
fn wars(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    let words = &cx.doc.lexicon.relations;
    let state_at = |t: usize| {
        cx.table
            .mention_at(t)
            .map(|m| m.entity)
            .filter(|&e| cx.table.entity(e).kind == Kind::State)
    };
    for k in range.clone() {
        if !words.war_nouns.contains(cx.doc.lower(k)) {
            continue;
        }
        // Across modifiers ("full-scale", "ongoing") to who wages it.
        let mut p = k;
        while p > range.start
            && k - p < 4
            && (cx.doc.tok(p - 1) == "-"
                || (cx.doc.tok(p - 1).starts_with(|c: char| c.is_lowercase())
                    && !words.war_stops.contains(cx.doc.lower(p - 1))))
        {
            p -= 1;
        }
        let mut parties: Vec<EntityIdx> = Vec::new();
        if p > range.start {
            let before = p - 1;
            let demonym = cx
                .doc
                .demonyms
                .iter()
                .find(|d| d.0 + d.1 == p)
                .and_then(|&(_, _, entry)| cx.table.by_key(&cx.doc.lexicon.entries[entry].id));
            if cx.doc.tokens[before].kind == TokenKind::Possessive && before > range.start {
                parties.extend(state_at(before - 1));
            } else if words.war_possessives.contains(cx.doc.lower(before)) {
                // "its war on Ukraine": the last state named before.
                parties.extend((range.start..before).rev().find_map(state_at));
            } else if let Some(state) = demonym {
                parties.push(state);
            } else if let Some(b) = state_at(before) {
                // "the Russia-Ukraine war".
                let first = cx
                    .table
                    .mention_at(before)
                    .and_then(|m| cx.doc.token_starting_at(m.span.start))
                    .unwrap_or(before);
                if first >= range.start + 2 && cx.doc.tok(first - 1) == "-" {
                    parties.extend(state_at(first - 2));
                }
                parties.push(b);
            }
        }
        // On whom: "in|on|against|with|of [the] X", or "between X and Y".
        let mut q = k + 1;
        if q < range.end && cx.doc.lower(q) == "between" {
            parties.clear();
            parties.extend(state_at(q + 1));
            let after_first = cx
                .table
                .mention_at(q + 1)
                .and_then(|m| cx.doc.token_ending_at(m.span.end))
                .map_or(q + 2, |e| e + 1);
            if after_first + 1 < range.end && cx.doc.lower(after_first) == "and" {
                parties.extend(state_at(after_first + 1));
            }
        } else if q < range.end && words.war_prepositions.contains(cx.doc.lower(q)) {
            q += 1;
            if q < range.end && cx.doc.lower(q) == "the" {
                q += 1;
            }
            if q < range.end {
                parties.extend(state_at(q));
            }
        }
        if let [a, b] = parties[..] {
            let span = cx
                .doc
                .span_of(p.saturating_sub(2).max(range.start), (k + 4).min(range.end));
            out.relations
                .extend(relation(cx, a, Predicate::AtWarWith, b, s, span));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, Metadata};
    use crate::date::Date;
    use crate::extract::{Lexicon, extract};

    /// (subject, predicate, object, date) of each relation.
    fn relations(text: &str) -> Vec<(String, String, String, String)> {
        let lexicon = Lexicon::embedded().unwrap();
        let meta = Metadata {
            published: Date::parse("2024-12-17"),
            ..Metadata::default()
        };
        let article = Article::new("t".into(), text.into(), meta, "t".into());
        let e = extract(&article, &lexicon);
        e.relations
            .iter()
            .map(|r| {
                (
                    e.entity(r.subject).label.clone(),
                    r.predicate.to_string(),
                    e.entity(r.object).label.clone(),
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn narrated_casualties_are_events_attributed_ones_are_not() {
        let got =
            relations("Dozens of North Korean soldiers were killed in the Kursk region on Monday.");
        assert!(
            got.contains(&(
                "North Korea".into(),
                "killedIn".into(),
                "Kursk region".into(),
                "2024-12-16".into()
            )),
            "{got:?}"
        );
        let got = relations(
            "Ukraine said dozens of North Korean soldiers were killed in the Kursk region.",
        );
        assert!(!got.iter().any(|r| r.1 == "killedIn"), "{got:?}");
    }

    #[test]
    fn wars_in_every_shape_are_one_tie() {
        for text in [
            "Russia’s war in Ukraine goes on.",
            "Moscow's full-scale invasion of Ukraine goes on.",
            "The Russian invasion of Ukraine goes on.",
            "Russia, in its ongoing war against Ukraine, fired missiles.",
            "The war between Russia and Ukraine goes on.",
        ] {
            let got = relations(text);
            let wars: Vec<_> = got.iter().filter(|r| r.1 == "atWarWith").collect();
            assert_eq!(wars.len(), 1, "{text}: {got:?}");
            assert_eq!(
                (wars[0].0.as_str(), wars[0].2.as_str()),
                ("Russia", "Ukraine")
            );
        }
        let got =
            relations("The war between Russia and Ukraine, and Ukraine’s war against Russia.");
        assert_eq!(
            got.iter().filter(|r| r.1 == "atWarWith").count(),
            1,
            "{got:?}"
        );
        let got = relations("Russia warned of a war. The war in Ukraine goes on.");
        assert!(!got.iter().any(|r| r.1 == "atWarWith"), "{got:?}");
    }

    #[test]
    fn pacts_take_parties_from_the_signing_clause() {
        let got = relations(
            "In June, the two countries signed a defence pact. Russia and North Korea are allies.",
        );
        assert!(got.is_empty(), "no states named before the clause: {got:?}");
        let got = relations(
            "Putin and Kim Jong Un signed a comprehensive strategic partnership in Pyongyang on June 19, 2024.",
        );
        assert!(
            got.contains(&(
                "Vladimir Putin".into(),
                "signsPactWith".into(),
                "Kim Jong Un".into(),
                "2024-06-19".into()
            )),
            "{got:?}"
        );
        let got = relations("Putin on Saturday signed into law a treaty with North Korea.");
        assert!(!got.iter().any(|r| r.1 == "signsPactWith"), "{got:?}");
    }
}
