//! Conflict: wars and occupations.

use super::{entity_at, relation};
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Extraction, Kind, Predicate, Reading};

/// **War**: who wages a war and on whom. "Russia’s war in Ukraine",
/// "Moscow's full-scale invasion of Ukraine", "the Russian invasion of
/// Ukraine", "Russia, in its war against Ukraine", "the Russia-Ukraine war",
/// "the war between Russia and Ukraine" → atWarWith.
pub(super) fn wars(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
    let words = &cx.doc.lexicon.relations;
    let state_at = |t: usize| entity_at(cx, t, |k| k == Kind::State);
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
                    && !words.function_words.contains(cx.doc.lower(p - 1))))
        {
            p -= 1;
        }
        let mut parties: Vec<EntityIdx> = Vec::new();
        if p > range.start {
            let before = p - 1;
            let demonym = cx
                .doc
                .demonym_ending_at(p)
                .and_then(|(_, _, entry)| cx.table.by_key(&cx.doc.lexicon.entries[entry].id));
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

/// **Occupation**: who holds land that is not theirs. "Russian-held
/// Crimea", "Russian-occupied areas of Ukraine", "a Russian-held area of
/// eastern Ukraine", "the plant, which is also under Russian control",
/// "the victims of Russian occupation in the city of Bucha", "Russia ...
/// controls most of Zaporizhzhia" → occupies.
pub(super) fn occupations(
    cx: Reading<'_>,
    s: usize,
    range: std::ops::Range<usize>,
    out: &mut Extraction,
) {
    let words = &cx.doc.lexicon.relations;
    let place_at = |t: usize| entity_at(cx, t, |k| k == Kind::Place);
    // The first place within a few words after `from` ("areas of eastern
    // Ukraine", "in the city of Bucha").
    let place_after = |from: usize| {
        (from..range.end.min(from + 6))
            .take_while(|&t| cx.doc.tok(t) != "," && cx.doc.tok(t) != ".")
            .find_map(place_at)
    };
    let mut found: Vec<(String, EntityIdx, usize)> = Vec::new();
    for k in range.clone() {
        let demonym = cx.doc.demonym_at(k);
        if let Some((_, len, entry)) = demonym {
            let id = cx.doc.lexicon.entries[entry].id.clone();
            let next = k + len;
            // "Russian-held Crimea", "Russian controlled part of ...".
            let adjective = if next + 1 < range.end && cx.doc.tok(next) == "-" {
                next + 1
            } else {
                next
            };
            if adjective < range.end
                && words
                    .occupation_adjectives
                    .contains(cx.doc.lower(adjective))
            {
                // "Russian-occupied areas of Ukraine" is itself the place.
                let place = place_at(k).or_else(|| place_after(adjective + 1));
                if let Some(place) = place {
                    found.push((id, place, k));
                }
                continue;
            }
            // "under Russian control": the place before.
            if k > range.start
                && cx.doc.lower(k - 1) == "under"
                && next < range.end
                && words.occupation_nouns.contains(cx.doc.lower(next))
            {
                if let Some(place) = (range.start..k - 1).rev().find_map(place_at) {
                    found.push((id, place, k));
                }
                continue;
            }
            // "the victims of Russian occupation in the city of Bucha".
            if next < range.end
                && words.occupation_nouns.contains(cx.doc.lower(next))
                && let Some(place) = place_after(next + 1)
            {
                found.push((id, place, k));
            }
            continue;
        }
        // "Russia ... currently controls most of Zaporizhzhia" (the place
        // right after the verb: "captured two soldiers in Kursk" is no
        // occupation).
        if words.occupation_verbs.contains(cx.doc.lower(k)) {
            let subject = (range.start..k)
                .rev()
                .find_map(|t| cx.table.mention_at(t).map(|m| m.entity))
                .filter(|&e| cx.table.entity(e).kind == Kind::State);
            let mut q = k + 1;
            while q < range.end && words.occupation_quantifiers.contains(cx.doc.lower(q)) {
                q += 1;
            }
            if let (Some(state), Some(place)) =
                (subject, (q < range.end).then(|| place_at(q)).flatten())
            {
                let id = cx.table.entity(state).key.clone();
                found.push((id, place, k));
            }
        }
    }
    for (id, place, k) in found {
        let Some(state) = super::known_entity(out, cx.doc.lexicon, &id) else {
            continue;
        };
        let span = cx.doc.span_of(k, (k + 6).min(range.end));
        out.relations
            .extend(relation(cx, state, Predicate::Occupies, place, s, span));
    }
}
