//! Conflict: wars and occupations.

use super::relation;
use crate::extract::text::TokenKind;
use crate::extract::{EntityIdx, Extraction, Kind, Predicate, Reading};

/// **War**: who wages a war and on whom. "Russia’s war in Ukraine",
/// "Moscow's full-scale invasion of Ukraine", "the Russian invasion of
/// Ukraine", "Russia, in its war against Ukraine", "the Russia-Ukraine war",
/// "the war between Russia and Ukraine" → atWarWith.
pub(super) fn wars(cx: Reading<'_>, s: usize, range: std::ops::Range<usize>, out: &mut Extraction) {
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
