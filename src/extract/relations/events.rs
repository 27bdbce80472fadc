//! Events the article narrates: pacts, meetings and summons, casualties.

use super::{contains_word, dated, entity_at, pronoun_subject, relation};
use crate::extract::dates::{date_in, sentence_date};
use crate::extract::{EntityIdx, Extraction, Kind, Predicate, Reading};

/// "Putin and Kim signed a comprehensive strategic partnership in June",
/// "the two countries signed a historic defense pact", "a pact that the
/// two countries' leaders signed in Pyongyang": parties are the states or
/// leaders of the signing clause ("the two countries" are the last two
/// states named before it); date and place come after the verb.
pub(super) fn pacts(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
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
            parties = states_before(cx, clause_start);
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

pub(super) fn meetings(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    let span = cx.doc.span_of(range.start, range.end);
    let subject_before = |k: usize| {
        cx.table
            .mentions_in(cx.doc, range.start, k)
            .into_iter()
            .rev()
            .map(|m| m.2)
            .find(|&e| cx.table.entity(e).kind.is_actor())
            .or_else(|| pronoun_subject(cx, &range, k))
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
                dated(
                    cx,
                    out,
                    subject,
                    Predicate::ConvenesMeeting,
                    object,
                    s,
                    span,
                );
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
            dated(cx, out, subject, Predicate::Summons, object, s, span);
        }
    }
    // "after talks with a South Korean delegation".
    let talks = range.clone().find(|&k| {
        words.talk_nouns.contains(cx.doc.lower(k))
            && k + 1 < range.end
            && cx.doc.lower(k + 1) == "with"
    });
    if let Some(verb) = contains_word(cx, &range, &words.meet_verbs).or(talks) {
        let object = cx
            .table
            .mentions_in(cx.doc, verb + 1, range.end)
            .into_iter()
            .map(|m| m.2)
            .find(|&e| cx.table.entity(e).kind.is_actor());
        if let (Some(subject), Some(object)) = (subject_before(verb), object) {
            dated(cx, out, subject, Predicate::MeetsWith, object, s, span);
        }
    }
}

/// "Dozens of North Korean soldiers were killed in the Kursk region": told
/// by the narrator (the driver calls it only for a narrated sentence), nationals killed or
/// injured at a place → the state killedIn / injuredIn the place, with the
/// date. Attributed casualty figures stay statements.
pub(super) fn casualties(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
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
        .demonyms_in(range.clone())
        .iter()
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
        let span = cx.doc.span_of(range.start, range.end);
        dated(cx, out, state, predicate, place, s, span);
    }
}

/// **Visits**: "Putin visited Pyongyang", "Umerov's visit to Seoul", "a
/// visit by Putin to Pyongyang", "Kim left by train to visit China", and the
/// wire style "Visiting Japanese Foreign Minister Takeshi Iwaya said in
/// Ukraine" → visits, with the date.
pub(super) fn visits(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    let words = &cx.doc.lexicon.relations;
    let actor_at = |t: usize| entity_at(cx, t, Kind::is_actor);
    // Where a visit goes: a state, place or body right after `from` (past
    // "the", "a").
    let destination = |from: usize| {
        let mut k = from;
        while k < range.end && matches!(cx.doc.lower(k), "the" | "a" | "an") {
            k += 1;
        }
        let m = cx.table.mention_at(k)?;
        let e = m.entity;
        matches!(
            cx.table.entity(e).kind,
            Kind::State | Kind::Place | Kind::Organization
        )
        .then_some(e)
    };
    let span = cx.doc.span_of(range.start, range.end);
    let mut found: Vec<(EntityIdx, EntityIdx)> = Vec::new();
    for k in range.clone() {
        let lower = cx.doc.lower(k);
        let noun = words.visit_nouns.contains(lower)
            && k + 2 < range.end
            && matches!(cx.doc.lower(k + 1), "to" | "by");
        if words.visit_verbs.contains(lower) && !noun {
            // "Visiting Japanese Foreign Minister Takeshi Iwaya said in
            // Ukraine": the visitor is named next, the place later.
            if lower == "visiting" && cx.doc.is_capitalized(k) {
                let visitor = (k + 1..range.end.min(k + 7)).find_map(|t| {
                    actor_at(t).filter(|&e| {
                        matches!(cx.table.entity(e).kind, Kind::Official | Kind::Person)
                    })
                });
                let place = (k + 1..range.end.saturating_sub(1))
                    .filter(|&t| cx.doc.lower(t) == "in")
                    .find_map(|t| destination(t + 1));
                if let (Some(v), Some(p)) = (visitor, place) {
                    found.push((v, p));
                }
                continue;
            }
            // The visitor: the nearest person before the verb, else the
            // nearest actor ("Kim left Pyongyang by train to visit China").
            let before = || (range.start..k).rev();
            let person = before().find_map(|t| {
                actor_at(t)
                    .filter(|&e| matches!(cx.table.entity(e).kind, Kind::Official | Kind::Person))
            });
            let subject = person.or_else(|| before().find_map(actor_at));
            if let (Some(v), Some(p)) = (subject, destination(k + 1)) {
                found.push((v, p));
            }
        } else if noun {
            // "Umerov's visit to Seoul", "a visit by Putin to Pyongyang".
            let possessor = (k >= range.start + 2
                && cx.doc.tokens[k - 1].kind == crate::extract::text::TokenKind::Possessive)
                .then(|| actor_at(k - 2))
                .flatten();
            let (visitor, to) = match possessor {
                Some(v) => (Some(v), k + 1),
                None if cx.doc.lower(k + 1) == "by" => {
                    let v = actor_at(k + 2);
                    let end = cx
                        .table
                        .mention_at(k + 2)
                        .and_then(|m| cx.doc.token_ending_at(m.span.end))
                        .map_or(k + 3, |e| e + 1);
                    (v, end)
                }
                None => (None, k + 1),
            };
            if to < range.end
                && cx.doc.lower(to) == "to"
                && let (Some(v), Some(p)) = (visitor, destination(to + 1))
            {
                found.push((v, p));
            }
        }
    }
    for (visitor, place) in found {
        dated(cx, out, visitor, Predicate::Visits, place, s, span);
    }
}

/// **Cooperation**, narrated (the driver calls it only for a narrated
/// sentence): "military
/// cooperation between Russia and the DPRK", "relations between Moscow and
/// Pyongyang", "Moscow and Pyongyang have deepened their military
/// partnership" → cooperatesWith; "the anniversary of a military pact
/// between North Korea and Russia" → signsPactWith.
pub(super) fn cooperation(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    // Cooperation someone speaks of is what they say, not narrated fact.
    let words = &cx.doc.lexicon.relations;
    let actor_at = |t: usize| entity_at(cx, t, |k| matches!(k, Kind::State | Kind::Organization));
    let after = |t: usize| {
        cx.table
            .mention_at(t)
            .and_then(|m| cx.doc.token_ending_at(m.span.end))
            .map_or(t + 1, |e| e + 1)
    };
    // "A and [the] B" starting at `t`: both parties.
    let pair_at = |t: usize| {
        let a = actor_at(t)?;
        let mut k = after(t);
        if k >= range.end || cx.doc.lower(k) != "and" {
            return None;
        }
        k += 1;
        if k < range.end && cx.doc.lower(k) == "the" {
            k += 1;
        }
        let b = (k < range.end).then(|| actor_at(k)).flatten()?;
        Some((a, b, after(k)))
    };
    let span = cx.doc.span_of(range.start, range.end);
    let mut found = Vec::new();
    for k in range.clone() {
        let lower = cx.doc.lower(k);
        // "a military pact between North Korea and Russia" is a pact.
        let pact = words.pact_nouns.contains(lower) && !words.cooperation_nouns.contains(lower);
        if (pact || words.cooperation_nouns.contains(lower))
            && k + 2 < range.end
            && cx.doc.lower(k + 1) == "between"
        {
            let from = k + 2 + usize::from(cx.doc.lower(k + 2) == "the");
            let predicate = if pact {
                Predicate::SignsPactWith
            } else {
                Predicate::CooperatesWith
            };
            found.extend(pair_at(from).map(|(a, b, _)| (a, predicate, b)));
        } else if let Some((a, b, end)) = pair_at(k) {
            // "Moscow and Pyongyang have deepened their military partnership".
            let verb = (end..range.end.min(end + 4)).find(|&t| {
                words
                    .cooperation_verbs
                    .iter()
                    .any(|v| cx.doc.lower(t).starts_with(v))
            });
            let noun = verb.and_then(|v| {
                (v + 1..range.end.min(v + 6))
                    .find(|&t| words.cooperation_nouns.contains(cx.doc.lower(t)))
            });
            if noun.is_some() {
                found.push((a, Predicate::CooperatesWith, b));
            }
        }
    }
    for (a, predicate, b) in found {
        out.relations.extend(relation(cx, a, predicate, b, s, span));
    }
}

/// **Deployments**, narrated (the driver calls it only for a narrated
/// sentence): a state's
/// troops sent, deployed or arriving somewhere — "some 10,000 North Korean
/// troops have been sent to Kursk", "footage showed North Korean soldiers
/// arriving at the Sergeevka training ground" → deploysTo, with the date.
pub(super) fn deployments(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    let words = &cx.doc.lexicon.relations;
    let Some(verb) = contains_word(cx, &range, &words.deploy_verbs) else {
        return;
    };
    // Whose troops: a nationality right before a word for troops, before
    // the verb.
    let state = cx
        .doc
        .demonyms_in(range.start..verb.saturating_sub(1))
        .iter()
        .find_map(|&(d, len, entry)| {
            let troops = (d + len..(d + len + 2).min(verb))
                .any(|k| words.casualty_people.contains(cx.doc.lower(k)));
            let id = &cx.doc.lexicon.entries[entry].id;
            troops.then(|| super::entity_by_key(out, id)).flatten()
        });
    // Where: the first place or state after "to|in|at|into" after the verb.
    let place = (verb + 1..range.end.min(verb + 8))
        .filter(|&k| words.deploy_prepositions.contains(cx.doc.lower(k)))
        .find_map(|k| {
            let t = k + 1 + usize::from(k + 1 < range.end && cx.doc.lower(k + 1) == "the");
            cx.table
                .mention_at(t)
                .map(|m| m.entity)
                .filter(|&e| matches!(cx.table.entity(e).kind, Kind::Place | Kind::State))
        });
    if let (Some(state), Some(place)) = (state, place) {
        let span = cx.doc.span_of(range.start, range.end);
        dated(cx, out, state, Predicate::DeploysTo, place, s, span);
    }
}

/// How far back "the two countries" looks for the states it names.
const PARTIES_TOKENS: usize = 400;

/// The last two states named before token `to` (within
/// [`PARTIES_TOKENS`]), in text order: who "the two countries" are.
fn states_before(cx: Reading<'_>, to: usize) -> Vec<EntityIdx> {
    let mut states = Vec::new();
    let mut k = to;
    let stop = to.saturating_sub(PARTIES_TOKENS);
    while k > stop && states.len() < 2 {
        k -= 1;
        let Some(m) = cx.table.mention_at(k) else {
            continue;
        };
        let entity = m.entity;
        k = cx
            .doc
            .tokens
            .partition_point(|t| t.span.start < m.span.start);
        if cx.table.entity(entity).kind == Kind::State && !states.contains(&entity) {
            states.push(entity);
        }
    }
    states.reverse();
    states
}
