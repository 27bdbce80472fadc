//! Attributed statements: who said what, with which stance, figure and relay.
//!
//! The driver, [`extract_statements`], walks the sentences. In each it
//! finds the reporting cues ([`cues`]), attaches each to its speaker
//! ([`speaker`]; `Attach` says how), cuts what each speaker said, and
//! builds one statement per speaker with its stance
//! ([`stance`](mod@stance)), figure ([`figure`](mod@figure)), proposition
//! ([`proposition`](mod@proposition)), relay ([`relay`]) and date
//! (`extract/dates.rs`). Then, in this order:
//! 1. a closing attribution ("..., X said.") takes the words before it, and
//!    an outlet closing ("..., Yonhap said.") relays the sentence's other
//!    statements instead;
//! 2. "citing X" makes X the speaker and the one who cites the relay (the
//!    citing rewrite, [`speak_through`]);
//! 3. a headline attributed with a colon speaks when no cue did;
//! 4. "according to Yonhap", "as quoted by Reuters" relay the sentence's
//!    statements (the relay rewrite, [`relay_through`]);
//! 5. repeats of one claim in the article are merged.
//!
//! "X said A and that B" gives two statements (`[statements]
//! coordination_auxiliaries` of `data/lexicon.toml`); a time phrase opening
//! the clause dates the statement (`[dates] clause_opening`).

mod cues;
mod figure;
mod proposition;
mod relay;
mod speaker;
mod stance;

use super::dates::date_in;
use super::lexicon::{Frame, Lexicon};
use super::text::TokenKind;
use super::{Diagnostic, EntityIdx, Extraction, Kind, Reading, Span, Stance, Statement};
use cues::{FoundCue, colon_attribution, find_cues, passive_agents};
use figure::figures;
use proposition::proposition;
use relay::{quoted_as_saying, told_outlet};
use speaker::{
    closes_sentence, ends_clause_before, find_speaker_left, find_speaker_right, has_complement,
    mention_after, opens_with_quote, speaker_start,
};
use stance::stance;

/// How a cue finds who speaks.
#[derive(Debug, Clone)]
enum Attach {
    /// The subject before the verb (one or more coordinated actors).
    Left(Vec<EntityIdx>),
    /// "..., said X": the actor after the verb.
    Right(EntityIdx),
    /// "..., adding that": the previous speaker in the sentence.
    Inherit,
    /// "according to X", "citing X", "as quoted by X".
    Source(EntityIdx),
    /// "was condemned by X and Y": a passive verb's agents.
    Agents(Vec<EntityIdx>),
    /// "reportedly": the article's previous source and relay go on.
    Continue,
    /// No speaker found: the cue's words still count for the stance.
    Nobody,
}

pub fn extract_statements(cx: Reading<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    let mut last_speaker: Option<EntityIdx> = None;
    for (s, range) in cx.doc.sentence_tokens.iter().enumerate() {
        let range = range.clone();
        let cues = find_cues(cx, lexicon, range.clone());
        let mut attach: Vec<Attach> = Vec::with_capacity(cues.len());
        let mut current: Option<EntityIdx> = None;
        for c in &cues {
            let a = match c.cue.frame {
                Frame::Verb if c.by.is_some() => {
                    let by = c.by.unwrap_or(c.to);
                    Attach::Agents(passive_agents(cx, by, range.end))
                }
                Frame::Verb => find_speaker_left(cx, range.start, c.from, current, last_speaker)
                    .map(Attach::Left)
                    .or_else(|| find_speaker_right(cx, c.from, c.to).map(Attach::Right))
                    .unwrap_or(Attach::Nobody),
                // "KCNA quoted Kim Jong Un as saying": Kim speaks via KCNA.
                Frame::Participle if c.from > range.start && cx.doc.lower(c.from - 1) == "as" => {
                    quoted_as_saying(cx, range.start, c.from - 1)
                        .map_or(Attach::Nobody, |(speaker, _)| Attach::Right(speaker))
                }
                Frame::Participle => Attach::Inherit,
                Frame::Adverb => Attach::Continue,
                Frame::According | Frame::Citing | Frame::QuotedBy => {
                    mention_after(cx, c.to, range.end)
                        .map_or(Attach::Nobody, |(e, _)| Attach::Source(e))
                }
            };
            match &a {
                Attach::Left(speakers) => current = speakers.last().copied(),
                Attach::Right(speaker) => current = Some(*speaker),
                _ => {}
            }
            attach.push(a);
        }
        // Where the words of cue n end: at the next cue that has a speaker,
        // or at a relay ("..., according to excerpts of a document").
        let content_end = |n: usize| {
            (n + 1..cues.len())
                .find(|&m| {
                    !matches!(attach[m], Attach::Nobody)
                        || matches!(
                            cues[m].cue.frame,
                            Frame::According | Frame::Citing | Frame::QuotedBy
                        )
                })
                .map_or(range.end, |m| cues[m].from)
        };
        // "..., X said." closes the sentence: what is said comes before, and
        // cues inside it are part of what is said.
        let closing = cues
            .iter()
            .enumerate()
            .rev()
            .find_map(|(n, c)| match &attach[n] {
                Attach::Left(_)
                    if ends_clause_before(cx, range.start, c.from)
                        && (closes_sentence(cx, c.to, range.end)
                            || opens_with_quote(cx, range.start)
                            || !has_complement(cx, c.to, range.end)) =>
                {
                    Some(n)
                }
                Attach::Right(_)
                    if c.from > range.start
                        && matches!(cx.doc.tok(c.from - 1), "," | "\u{201d}" | "\"") =>
                {
                    Some(n)
                }
                _ => None,
            });
        let first_new = out.statements.len();
        let mut sentence_speaker: Option<EntityIdx> = None;
        for (n, found) in cues.iter().enumerate() {
            if closing.is_some_and(|c| n < c)
                && matches!(found.cue.frame, Frame::Verb | Frame::Participle)
            {
                // Inside a closing attribution's words; an outlet closing
                // relays instead (handled below), so keep inner statements then.
                let closer_is_outlet = closing.is_some_and(|c| match &attach[c] {
                    Attach::Left(sp) => {
                        sp.len() == 1 && cx.table.entity(sp[0]).kind == Kind::MediaOutlet
                    }
                    Attach::Right(sp) => cx.table.entity(*sp).kind == Kind::MediaOutlet,
                    _ => false,
                });
                if !closer_is_outlet {
                    continue;
                }
            }
            match &attach[n] {
                Attach::Left(speakers) => {
                    // "“...,” Peskov said early Friday, state media reported":
                    // a closing attribution inside a relayed one.
                    let closes_inner = closing != Some(n)
                        && ends_clause_before(cx, range.start, found.from)
                        && content_end(n) < range.end
                        && closes_sentence(cx, found.to, content_end(n));
                    let content = if closing == Some(n) || closes_inner {
                        range.start..speaker_start(cx, range.start, found.from)
                    } else {
                        found.to..content_end(n)
                    };
                    let is_outlet = speakers.len() == 1
                        && cx.table.entity(speakers[0]).kind == Kind::MediaOutlet;
                    if is_outlet && closing == Some(n) && out.statements.len() > first_new {
                        // "The NIS said ..., Yonhap said.": Yonhap relays.
                        relay_through(&mut out.statements[first_new..], speakers[0]);
                        continue;
                    }
                    let via = told_outlet(cx, found.to);
                    for &speaker in speakers {
                        push(cx, lexicon, out, s, speaker, found, content.clone(), via);
                        sentence_speaker = Some(speaker);
                    }
                }
                Attach::Right(speaker) if found.cue.frame == Frame::Participle => {
                    // "X quoted Y as saying ...": what follows, via X.
                    let via = quoted_as_saying(cx, range.start, found.from - 1).and_then(|q| q.1);
                    push(
                        cx,
                        lexicon,
                        out,
                        s,
                        *speaker,
                        found,
                        found.to..content_end(n),
                        via,
                    );
                    sentence_speaker = Some(*speaker);
                }
                Attach::Right(speaker) => {
                    let content = range.start..found.from;
                    push(
                        cx,
                        lexicon,
                        out,
                        s,
                        *speaker,
                        found,
                        content,
                        told_outlet(cx, found.to),
                    );
                    sentence_speaker = Some(*speaker);
                }
                Attach::Agents(agents) => {
                    // What the passive says is the sentence up to its agents.
                    let content = range.start..found.by.unwrap_or(found.to);
                    for &agent in agents {
                        push(cx, lexicon, out, s, agent, found, content.clone(), None);
                        sentence_speaker = Some(agent);
                    }
                }
                Attach::Inherit => {
                    // "..., adding that": the subject of this sentence only;
                    // with no speaker yet, the sentence's subject ("Officials
                    // gave conflicting accounts, some blaming shelling").
                    let subject = || {
                        // ", blaming", ", some blaming", "and others saying".
                        let mut k = found.from;
                        if k > range.start
                            && lexicon.speaker.partitives.contains(cx.doc.lower(k - 1))
                        {
                            k -= 1;
                        }
                        let after_comma =
                            k > range.start && matches!(cx.doc.lower(k - 1), "," | "and" | "with");
                        after_comma
                            .then(|| mention_after(cx, range.start, found.from))
                            .flatten()
                            .map(|(entity, _)| entity)
                    };
                    let Some(speaker) = sentence_speaker.or_else(subject) else {
                        continue;
                    };
                    push(
                        cx,
                        lexicon,
                        out,
                        s,
                        speaker,
                        found,
                        found.to..content_end(n),
                        None,
                    );
                }
                Attach::Source(source) => {
                    let source = *source;
                    let has_own = out.statements.len() > first_new;
                    let speaking_cue = attach.iter().any(|a| {
                        matches!(a, Attach::Left(_) | Attach::Right(_) | Attach::Agents(_))
                    });
                    match found.cue.frame {
                        Frame::Citing if has_own => {
                            // "Yonhap reported, citing the NIS": the NIS speaks via Yonhap.
                            speak_through(&mut out.statements[first_new..], source);
                        }
                        Frame::According if !speaking_cue => {
                            // "North Korea has ..., according to the CFR".
                            let before = range.start..found.from;
                            let content = if before.is_empty() {
                                found.to..range.end
                            } else {
                                before
                            };
                            push(cx, lexicon, out, s, source, found, content, None);
                            sentence_speaker = Some(source);
                        }
                        _ => {}
                    }
                }
                Attach::Continue => {
                    let speaking = attach.iter().any(|a| {
                        matches!(
                            a,
                            Attach::Left(_)
                                | Attach::Right(_)
                                | Attach::Agents(_)
                                | Attach::Source(_)
                        )
                    });
                    if let (false, Some(previous)) = (speaking, out.statements.last()) {
                        let (speaker, via) = (previous.speaker, previous.via);
                        push(cx, lexicon, out, s, speaker, found, range.clone(), via);
                    }
                }
                Attach::Nobody => {}
            }
        }
        // "A senior lawmaker, citing the NIS, said ...": the cited source
        // speaks through the one who cites it.
        for (n, found) in cues.iter().enumerate() {
            if let (Frame::Citing, Attach::Source(source)) = (found.cue.frame, &attach[n]) {
                let cited_before_verb = cues[n + 1..].iter().any(|c| c.cue.frame == Frame::Verb);
                if cited_before_verb {
                    speak_through(&mut out.statements[first_new..], *source);
                }
            }
        }
        // Headlines attributed with a colon, where no cue spoke.
        if out.statements.len() == first_new
            && let Some((speaker, cue, content)) = colon_attribution(cx, range.clone())
        {
            push(cx, lexicon, out, s, speaker, &cue, content, None);
        }
        // Relays named anywhere in the sentence: "according to Yonhap",
        // "X, as quoted by Reuters, stated", and "X urged ..., according to
        // two diplomats" (whoever tells of a speaker's words relays them).
        let speaking_cue = attach
            .iter()
            .any(|a| matches!(a, Attach::Left(_) | Attach::Right(_) | Attach::Agents(_)));
        for (n, found) in cues.iter().enumerate() {
            if let (Frame::QuotedBy | Frame::According, Attach::Source(source)) =
                (found.cue.frame, &attach[n])
            {
                let relay = cx.table.entity(*source).kind == Kind::MediaOutlet
                    || found.cue.frame == Frame::QuotedBy
                    || speaking_cue;
                if relay {
                    relay_through(&mut out.statements[first_new..], *source);
                }
            }
        }
        // The extractor's own list of what it did not understand.
        if out.statements.len() == first_new {
            for found in &cues {
                let cue = cx.doc.span_of(found.from, found.to).text(cx.doc.text);
                out.diagnostics.push(Diagnostic {
                    sentence: s,
                    message: format!("reporting cue \"{cue}\" yielded no statement"),
                });
            }
        }
        if let Some(last) = out.statements[first_new..].last() {
            last_speaker = Some(last.speaker);
        }
    }
    merge_repeats(cx, out);
}

#[allow(clippy::too_many_arguments)]
fn push(
    cx: Reading<'_>,
    lexicon: &Lexicon,
    out: &mut Extraction,
    sentence: usize,
    speaker: EntityIdx,
    found: &FoundCue<'_>,
    content: std::ops::Range<usize>,
    via: Option<EntityIdx>,
) {
    let content = if content.is_empty() {
        found.to..cx.doc.sentence_tokens[sentence].end
    } else {
        content
    };
    // "X said A and that B", "X said A, and was B": two claims.
    if let Some((end, start)) = coordinated_split(cx, content.clone()) {
        for part in [content.start..end, start..content.end] {
            push(cx, lexicon, out, sentence, speaker, found, part, via);
        }
        return;
    }
    let words: Vec<String> = content
        .clone()
        .map(|k| cx.doc.lower(k).to_owned())
        .collect();
    let stance = stance(lexicon, found.cue.stance, &words);
    let mut figures = figures(cx, lexicon, content.clone()).into_iter();
    let figure = figures.next();
    let proposition = proposition(cx, lexicon, content.clone(), &words, speaker);
    let cue = cx
        .doc
        .span_of(found.from, found.to)
        .text(cx.doc.text)
        .to_owned();
    let evidence = evidence_of(cx, sentence, found);
    // When it was said: a time expression next to the cue ("said on
    // Friday", "on Monday ... told"), not a date inside what was said.
    let bounds = cx.doc.sentence_tokens[sentence].clone();
    let mut from = speaker_start(cx, bounds.start, found.from);
    // "And on Thursday, Zelenskyy said": a time phrase opening the clause.
    if from > bounds.start && cx.doc.tok(from - 1) == "," {
        let opener = (bounds.start..from - 1).rev().take_while(|&k| {
            let w = cx.doc.lower(k);
            let dates = &cx.doc.lexicon.dates;
            dates.clause_opening.contains(w)
                || dates.weekdays.contains(w)
                || dates
                    .months
                    .iter()
                    .any(|m| m.starts_with(w) && w.len() >= 3)
                || cx.doc.tokens[k].kind == TokenKind::Number
        });
        // It must open the clause, not end what was said ("... by November 1,").
        if let Some(first) = opener.last()
            && (first == bounds.start || matches!(cx.doc.tok(first - 1), "," | ";"))
        {
            from = first;
        }
    }
    let window = from..(found.to + 5).min(bounds.end);
    let date = date_in(cx.doc, window);
    let statement = Statement {
        speaker,
        stance,
        proposition,
        figure,
        via,
        cue,
        sentence,
        evidence,
        date,
    };
    // "N were killed and M wounded": one statement a count.
    let more: Vec<Statement> = figures
        .map(|f| Statement {
            figure: Some(f),
            ..statement.clone()
        })
        .collect();
    out.statements.push(statement);
    out.statements.extend(more);
}

/// Where what is said splits into two coordinated claims: "and that", or
/// ", and" before a verb of the same subject ("..., and was training ...").
/// Returns (end of the first, start of the second).
/// The relay rewrite: `relay` passed on these statements of one sentence
/// ("according to Yonhap", "..., Yonhap said."), unless they have a relay
/// already or are its own.
fn relay_through(statements: &mut [Statement], relay: EntityIdx) {
    for st in statements {
        if st.via.is_none() && st.speaker != relay {
            st.via = Some(relay);
        }
    }
}

/// The citing rewrite: `source` said these statements of one sentence and
/// their speaker passed them on ("Yonhap reported, citing the NIS": the NIS
/// speaks via Yonhap), unless they have a relay already or are its own.
fn speak_through(statements: &mut [Statement], source: EntityIdx) {
    for st in statements {
        if st.via.is_none() && st.speaker != source {
            st.via = Some(st.speaker);
            st.speaker = source;
        }
    }
}

fn coordinated_split(cx: Reading<'_>, content: std::ops::Range<usize>) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for k in content.start + 2..content.end.saturating_sub(2) {
        match cx.doc.tok(k) {
            "\u{201c}" => depth += 1,
            "\u{201d}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || cx.doc.lower(k) != "and" {
            continue;
        }
        let next = cx.doc.lower(k + 1);
        if next == "that" {
            return Some((k, k + 2));
        }
        if cx.doc.tok(k - 1) == ","
            && cx
                .doc
                .lexicon
                .statements
                .coordination_auxiliaries
                .contains(next)
        {
            return Some((k - 1, k + 1));
        }
    }
    None
}

fn trim_span(span: Span, text: &str) -> Span {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    Span::new(span.start + lead, span.end - trail)
}

/// Merges repeats of the same claim by the same speaker in one article
/// (same stance, relay and figure, or same sentence text).
/// The longest evidence a statement quotes, in bytes: a sentence longer
/// than this (an unpunctuated scraped page) is quoted around the cue only,
/// so a run-on text costs memory in proportion to its length, not to its
/// length times its cues.
const MAX_EVIDENCE: usize = 1_000;

/// A statement's evidence: its sentence, or the words around the cue when
/// the sentence is longer than [`MAX_EVIDENCE`].
fn evidence_of(cx: Reading<'_>, sentence: usize, found: &FoundCue<'_>) -> Span {
    let whole = trim_span(cx.doc.sentences[sentence], cx.doc.text);
    if whole.end - whole.start <= MAX_EVIDENCE {
        return whole;
    }
    let tokens = cx.doc.sentence_tokens[sentence].clone();
    let cue = cx.doc.span_of(found.from, found.to);
    let lo = cue.start.saturating_sub(MAX_EVIDENCE * 2 / 5);
    let hi = lo + MAX_EVIDENCE;
    let first = tokens
        .clone()
        .find(|&k| cx.doc.tokens[k].span.start >= lo)
        .unwrap_or(found.from);
    let last = tokens
        .rev()
        .find(|&k| cx.doc.tokens[k].span.end <= hi)
        .unwrap_or(found.to - 1)
        .max(found.to - 1);
    cx.doc.span_of(first.min(found.from), last + 1)
}

fn merge_repeats(cx: Reading<'_>, out: &mut Extraction) {
    use std::collections::hash_map::DefaultHasher;
    use std::collections::{HashMap, HashSet};
    use std::hash::{Hash, Hasher};
    // The same figure from the same source, or the same sentence repeated
    // elsewhere (a headline printed twice). Linear: a set of figures and a
    // map from each evidence text (hashed once per sentence, compared only
    // on a hash match) to the first sentence that said it.
    let mut figures: HashSet<(EntityIdx, Stance, Option<EntityIdx>, u64)> = HashSet::new();
    let mut texts: HashMap<(EntityIdx, Stance, u64), Vec<(usize, Span)>> = HashMap::new();
    let mut hashes: HashMap<Span, u64> = HashMap::new();
    out.statements.retain(|st| {
        let value = st.figure.as_ref().map(|f| f.value);
        let repeated_figure =
            value.is_some_and(|v| figures.contains(&(st.speaker, st.stance, st.via, v)));
        let hash = *hashes.entry(st.evidence).or_insert_with(|| {
            let mut h = DefaultHasher::new();
            st.evidence.text(cx.doc.text).hash(&mut h);
            h.finish()
        });
        let text = st.evidence.text(cx.doc.text);
        let said = texts.entry((st.speaker, st.stance, hash)).or_default();
        let repeated_text = said.iter().any(|&(sentence, span)| {
            sentence != st.sentence && (span == st.evidence || span.text(cx.doc.text) == text)
        });
        let repeat = repeated_figure || repeated_text;
        if !repeat {
            if let Some(v) = value {
                figures.insert((st.speaker, st.stance, st.via, v));
            }
            // One entry per sentence is enough to tell a repeat.
            if !said.iter().any(|&(sentence, _)| sentence == st.sentence) {
                said.push((st.sentence, st.evidence));
            }
        }
        !repeat
    });
}

#[cfg(test)]
mod tests;
