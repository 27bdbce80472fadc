//! Rule family **cues**: reporting verbs and phrases.
//!
//! Reads `[cues]` in `data/lexicon.toml` (`cue`, `negations`,
//! `noun_determiners`, `noun_followers`, `passive_auxiliaries`). A cue after a
//! determiner or before "of" is a noun ("the claims", "reports of") and is
//! skipped; "did not say" is no statement.

use crate::extract::lexicon::{Cue, Frame, Lexicon};
use crate::extract::{EntityIdx, Kind, Reading, Stance};
use std::ops::Range;

/// A cue found in a sentence: token range and its lexicon entry.
pub(super) struct FoundCue<'l> {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) cue: &'l Cue,
    /// A passive verb's "by" before its agents ("was condemned by Jordan
    /// and Egypt").
    pub(super) by: Option<usize>,
}

/// The cue of a headline attributed after a colon.
static COLON_CUE: Cue = Cue {
    phrase: String::new(),
    stance: Stance::Claims,
    frame: Frame::Verb,
};

/// Reporting cues in a token range, longest match first, skipping nouns.
pub(super) fn find_cues<'l>(
    cx: Reading<'_>,
    lexicon: &'l Lexicon,
    range: Range<usize>,
) -> Vec<FoundCue<'l>> {
    let mut found = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let Some((phrase, cue)) = lexicon
            .cue_index
            .starting_with(cx.doc.lower(i))
            .iter()
            .find(|(_, phrase)| i + phrase.len() <= range.end && cx.doc.matches_at(i, phrase))
            .map(|(cue, _)| &lexicon.cues[*cue])
        else {
            i += 1;
            continue;
        };
        let to = i + phrase.len();
        let before = i
            .checked_sub(1)
            .filter(|&p| p >= range.start)
            .map(|p| cx.doc.lower(p));
        let after = (to < range.end).then(|| cx.doc.lower(to));
        // "the claims", "reports of", "claims were": nouns, not verbs.
        let word = cx.doc.lower(i);
        let noun_form = word.ends_with('s') && !word.ends_with("ss");
        let subject_before = i > range.start && cx.table.mention_at(i - 1).is_some();
        let noun = cue.frame == Frame::Verb
            && phrase.len() == 1
            && !subject_before
            && (before.is_some_and(|b| lexicon.cue_words.noun_determiners.contains(b))
                || (noun_form
                    && after.is_some_and(|a| lexicon.cue_words.noun_followers.contains(a))));
        // "did not say" is no statement; negated denials are cues of their own.
        let negated = cue.stance == Stance::Claims
            && cue.frame == Frame::Verb
            && (1..=2).any(|k| {
                i.checked_sub(k).is_some_and(|p| {
                    p >= range.start && lexicon.cue_words.negations.contains(cx.doc.lower(p))
                })
            });
        // "North Korea is believed to have ...": a passive verb names no
        // speaker (multi-word cues such as "was concerned" match whole).
        // "was swiftly condemned by ...": an adverb may stand between.
        let auxiliary = |p: usize| {
            p >= range.start
                && lexicon
                    .cue_words
                    .passive_auxiliaries
                    .contains(cx.doc.lower(p))
        };
        let passive = cue.frame == Frame::Verb
            && phrase.len() == 1
            && i > range.start
            && (auxiliary(i - 1)
                || (i > range.start + 1
                    && cx.doc.lower(i - 1).ends_with("ly")
                    && auxiliary(i - 2)));
        // "... was condemned by Jordan": the agents speak.
        let by = passive.then(|| passive_agent(cx, to, range.end)).flatten();
        if !noun && !negated && (!passive || by.is_some()) && cx.table.mention_at(i).is_none() {
            found.push(FoundCue {
                from: i,
                to,
                cue,
                by,
            });
        }
        i = to;
    }
    found
}

/// The "by" before a passive verb's agents: within a few words of the verb
/// ("described as “an act of sabotage” by the US"), followed by an actor.
fn passive_agent(cx: Reading<'_>, from: usize, end: usize) -> Option<usize> {
    let by = (from..end.min(from + 12)).find(|&k| cx.doc.lower(k) == "by")?;
    let (entity, _) = super::speaker::mention_after(cx, by + 1, end)?;
    cx.table.entity(entity).kind.is_actor().then_some(by)
}

/// The actors a passive verb's "by" names: "by Jordan, Turkey, Egypt and
/// Saudi Arabia".
pub(super) fn passive_agents(cx: Reading<'_>, by: usize, end: usize) -> Vec<EntityIdx> {
    let mut agents = Vec::new();
    let mut k = by + 1;
    while let Some((entity, first)) = super::speaker::mention_after(cx, k, end) {
        if !cx.table.entity(entity).kind.is_actor() {
            break;
        }
        if !agents.contains(&entity) {
            agents.push(entity);
        }
        let Some(m) = cx.table.mention_at(first) else {
            break;
        };
        let mut next = cx
            .doc
            .token_ending_at(m.span.end)
            .map_or(first + 1, |t| t + 1);
        // ", " / "and" / ", and" join the next agent.
        let mut joined = false;
        while next < end && matches!(cx.doc.lower(next), "," | "and") {
            next += 1;
            joined = true;
        }
        if !joined {
            break;
        }
        k = next;
    }
    agents
}

/// **Colon attribution** — a headline whose source stands at one end,
/// across a colon: "Budanov: Around 11,000 troops in Kursk" (a person or
/// body first; a country first is the topic) or "N. Korea may have sent more
/// troops: JCS" (source last). A question is no claim. Returns the
/// speaker, the colon as the cue, and what is said.
pub(super) fn colon_attribution(
    cx: Reading<'_>,
    range: Range<usize>,
) -> Option<(EntityIdx, FoundCue<'static>, Range<usize>)> {
    // A question is no claim ("Ukraine: How many soldiers were killed?").
    if cx.doc.tok(range.end - 1) == "?" {
        return None;
    }
    if range.end > range.start + 3
        && let Some(m) = cx.table.mention_at(range.start)
    {
        let end = cx.doc.tokens.partition_point(|t| t.span.end <= m.span.end);
        // A country before a colon is the topic ("North Korea: Kim
        // honours troops"), a person or body the source.
        let kind = cx.table.entity(m.entity).kind;
        if end < range.end && cx.doc.tok(end) == ":" && kind.is_actor() && kind != Kind::State {
            let cue = FoundCue {
                by: None,
                from: end,
                to: end + 1,
                cue: &COLON_CUE,
            };
            return Some((m.entity, cue, end + 1..range.end));
        }
    }
    if range.end >= range.start + 3 && cx.doc.tok(range.end - 2) == ":" {
        let m = cx.table.mention_at(range.end - 1)?;
        if cx.table.entity(m.entity).kind.is_actor() {
            let cue = FoundCue {
                by: None,
                from: range.end - 2,
                to: range.end - 1,
                cue: &COLON_CUE,
            };
            return Some((m.entity, cue, range.start..range.end - 2));
        }
    }
    None
}
