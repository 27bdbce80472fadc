//! Attributed statements: who said what, with which stance, figure and relay.
//!
//! Rules, per sentence:
//! - **Cues** — reporting verbs and phrases from the lexicon ("said",
//!   "denied", "could not confirm", "according to", "citing"). A cue after a
//!   determiner or before "of" is a noun ("the claims", "reports of") and is
//!   skipped.
//! - **Speaker** — for a verb cue, the nearest actor mention to its left in
//!   the same clause, skipping an apposition between commas ("Kim Tae-hyo,
//!   the first deputy director ..., said"); else the actor right after it
//!   ("..., said Carl Schuster"); "he"/"she"/"they" take the previous
//!   speaker. "Russia and North Korea have denied" gives two statements.
//! - **Relays** — "citing X" makes X the speaker and the reporter the `via`;
//!   "told CNN", "as quoted by Reuters", "according to Yonhap" set `via`;
//!   an outlet's closing attribution ("..., Yonhap said.") relays the
//!   statement inside the sentence.
//! - **Stance** — the cue's stance; a neutral cue takes the stance of words
//!   in what is said ("fake news" → denies, "threat" → warns, "illegal" →
//!   condemns).
//! - **Figure** — the first count of people (or else of formations) in what
//!   is said, with its qualifier: "around 2,600 soldiers" → 2600 about
//!   soldiers; "two brigades of 6,000 men each" → 6000 men.
//! - **Proposition** — the first predicate rule with a keyword in what is
//!   said; subject and object are the first states, units or places named.

use super::lexicon::{Cue, Frame, Lexicon};
use super::mentions::Document;
use super::text::TokenKind;
use super::{
    EntityIdx, Extraction, Figure, Kind, Predicate, Proposition, Qualifier, Span, Stance, Statement,
};
use crate::date::{Date, PartialDate};

/// A cue found in a sentence: token range and its lexicon entry.
struct FoundCue<'l> {
    from: usize,
    to: usize,
    cue: &'l Cue,
}

const DETERMINERS: &[&str] = &[
    "the",
    "these",
    "those",
    "such",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "media",
    "unconfirmed",
    "of",
    "similar",
    "earlier",
    "previous",
    "initial",
    "recent",
    "multiple",
    "news",
];

/// The cue of a headline attributed after a colon.
static COLON_CUE: Cue = Cue {
    phrase: String::new(),
    stance: Stance::Claims,
    frame: Frame::Verb,
};

/// Words that may stand between a speaker and its verb: auxiliaries,
/// adverbs and time expressions ("Russia has initially denied", "the NIS on
/// Friday said").
const SKIPPABLE: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "initially",
    "previously",
    "repeatedly",
    "earlier",
    "later",
    "reportedly",
    "officially",
    "publicly",
    "again",
    "then",
    "would",
    "will",
    "could",
    "may",
    "might",
    "is",
    "was",
    "were",
    "are",
    "already",
    "further",
    "both",
    "directly",
    "separately",
    "once",
    "first",
    "last",
    "just",
    "recently",
    "currently",
    "now",
    "still",
    "on",
    "in",
    "at",
    "this",
    "week",
    "month",
    "year",
    "today",
    "yesterday",
    "tonight",
    "did",
    "does",
    "do",
    "not",
    "flatly",
    "firmly",
    "strongly",
    "openly",
    "quickly",
    "immediately",
    "jointly",
    "itself",
    "himself",
    "herself",
    "themselves",
    "too",
    "however",
    "meanwhile",
];

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
    /// "reportedly": the article's previous source and relay go on.
    Continue,
    /// No speaker found: the cue's words still count for the stance.
    Nobody,
}

pub fn extract_statements(doc: &Document<'_>, lexicon: &Lexicon, out: &mut Extraction) {
    let mut last_speaker: Option<EntityIdx> = None;
    for (s, range) in doc.sentence_tokens.iter().enumerate() {
        let range = range.clone();
        let cues = find_cues(doc, lexicon, range.clone());
        let mut attach: Vec<Attach> = Vec::with_capacity(cues.len());
        let mut current: Option<EntityIdx> = None;
        for c in &cues {
            let a = match c.cue.frame {
                Frame::Verb => find_speaker_left(doc, range.start, c.from, current, last_speaker)
                    .map(Attach::Left)
                    .or_else(|| find_speaker_right(doc, c.from, c.to).map(Attach::Right))
                    .unwrap_or(Attach::Nobody),
                // "KCNA quoted Kim Jong Un as saying": Kim speaks via KCNA.
                Frame::Participle if c.from > range.start && doc.lower(c.from - 1) == "as" => {
                    quoted_as_saying(doc, range.start, c.from - 1)
                        .map_or(Attach::Nobody, |(speaker, _)| Attach::Right(speaker))
                }
                Frame::Participle => Attach::Inherit,
                Frame::Adverb => Attach::Continue,
                Frame::According | Frame::Citing | Frame::QuotedBy => {
                    mention_after(doc, c.to, range.end)
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
        // Where the words of cue n end: at the next cue that has a speaker.
        let content_end = |n: usize| {
            (n + 1..cues.len())
                .find(|&m| !matches!(attach[m], Attach::Nobody))
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
                    if ends_clause_before(doc, range.start, c.from)
                        && (closes_sentence(doc, c.to, range.end)
                            || opens_with_quote(doc, range.start)
                            || !has_complement(doc, c.to, range.end)) =>
                {
                    Some(n)
                }
                Attach::Right(_)
                    if c.from > range.start
                        && matches!(doc.tok(c.from - 1), "," | "\u{201d}" | "\"") =>
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
                        sp.len() == 1 && doc.entity(sp[0]).kind == Kind::MediaOutlet
                    }
                    Attach::Right(sp) => doc.entity(*sp).kind == Kind::MediaOutlet,
                    _ => false,
                });
                if !closer_is_outlet {
                    continue;
                }
            }
            match &attach[n] {
                Attach::Left(speakers) => {
                    let content = if closing == Some(n) {
                        range.start..speaker_start(doc, range.start, found.from)
                    } else {
                        found.to..content_end(n)
                    };
                    let is_outlet =
                        speakers.len() == 1 && doc.entity(speakers[0]).kind == Kind::MediaOutlet;
                    if is_outlet && closing == Some(n) && out.statements.len() > first_new {
                        // "The NIS said ..., Yonhap said.": Yonhap relays.
                        for st in &mut out.statements[first_new..] {
                            st.via.get_or_insert(speakers[0]);
                        }
                        continue;
                    }
                    let via = told_outlet(doc, found.to);
                    for &speaker in speakers {
                        push(doc, lexicon, out, s, speaker, found, content.clone(), via);
                        sentence_speaker = Some(speaker);
                    }
                }
                Attach::Right(speaker) if found.cue.frame == Frame::Participle => {
                    // "X quoted Y as saying ...": what follows, via X.
                    let via = quoted_as_saying(doc, range.start, found.from - 1).and_then(|q| q.1);
                    push(
                        doc,
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
                        doc,
                        lexicon,
                        out,
                        s,
                        *speaker,
                        found,
                        content,
                        told_outlet(doc, found.to),
                    );
                    sentence_speaker = Some(*speaker);
                }
                Attach::Inherit => {
                    // "..., adding that": the subject of this sentence only.
                    let Some(speaker) = sentence_speaker else {
                        continue;
                    };
                    push(
                        doc,
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
                    let speaking_cue = attach
                        .iter()
                        .any(|a| matches!(a, Attach::Left(_) | Attach::Right(_)));
                    match found.cue.frame {
                        Frame::Citing if has_own => {
                            // "Yonhap reported, citing the NIS": the NIS speaks via Yonhap.
                            for st in &mut out.statements[first_new..] {
                                if st.via.is_none() {
                                    st.via = Some(st.speaker);
                                    st.speaker = source;
                                }
                            }
                        }
                        Frame::According if !speaking_cue => {
                            // "North Korea has ..., according to the CFR".
                            let before = range.start..found.from;
                            let content = if before.is_empty() {
                                found.to..range.end
                            } else {
                                before
                            };
                            push(doc, lexicon, out, s, source, found, content, None);
                            sentence_speaker = Some(source);
                        }
                        _ => {}
                    }
                }
                Attach::Continue => {
                    let speaking = attach.iter().any(|a| {
                        matches!(a, Attach::Left(_) | Attach::Right(_) | Attach::Source(_))
                    });
                    if let (false, Some(previous)) = (speaking, out.statements.last()) {
                        let (speaker, via) = (previous.speaker, previous.via);
                        push(doc, lexicon, out, s, speaker, found, range.clone(), via);
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
                    for st in &mut out.statements[first_new..] {
                        if st.via.is_none() && st.speaker != *source {
                            st.via = Some(st.speaker);
                            st.speaker = *source;
                        }
                    }
                }
            }
        }
        // A headline led by its source: "Budanov: Around 11,000 troops in Kursk".
        if out.statements.len() == first_new && range.end > range.start + 3 {
            if let Some(m) = doc.mention_at(range.start) {
                let end = doc.tokens.partition_point(|t| t.span.end <= m.span.end);
                if end < range.end && doc.tok(end) == ":" && doc.entity(m.entity).kind.is_actor() {
                    let cue = FoundCue {
                        from: end,
                        to: end + 1,
                        cue: &COLON_CUE,
                    };
                    push(
                        doc,
                        lexicon,
                        out,
                        s,
                        m.entity,
                        &cue,
                        end + 1..range.end,
                        None,
                    );
                }
            }
        }
        // A headline attributed after a colon: "N. Korea may have sent more
        // troops: JCS".
        if out.statements.len() == first_new
            && range.end >= range.start + 3
            && doc.tok(range.end - 2) == ":"
        {
            if let Some(m) = doc.mention_at(range.end - 1) {
                if doc.entity(m.entity).kind.is_actor() {
                    let cue = FoundCue {
                        from: range.end - 2,
                        to: range.end - 1,
                        cue: &COLON_CUE,
                    };
                    push(
                        doc,
                        lexicon,
                        out,
                        s,
                        m.entity,
                        &cue,
                        range.start..range.end - 2,
                        None,
                    );
                }
            }
        }
        // Relays named anywhere in the sentence: "according to Yonhap",
        // "X, as quoted by Reuters, stated".
        for (n, found) in cues.iter().enumerate() {
            if let (Frame::QuotedBy | Frame::According, Attach::Source(source)) =
                (found.cue.frame, &attach[n])
            {
                let relay = doc.entity(*source).kind == Kind::MediaOutlet
                    || found.cue.frame == Frame::QuotedBy;
                if relay {
                    for st in &mut out.statements[first_new..] {
                        if st.via.is_none() && st.speaker != *source {
                            st.via = Some(*source);
                        }
                    }
                }
            }
        }
        if let Some(last) = out.statements[first_new..].last() {
            last_speaker = Some(last.speaker);
        }
    }
    merge_repeats(doc, out);
}

/// Reporting cues in a token range, longest match first, skipping nouns.
fn find_cues<'l>(
    doc: &Document<'_>,
    lexicon: &'l Lexicon,
    range: std::ops::Range<usize>,
) -> Vec<FoundCue<'l>> {
    let mut found = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let Some((phrase, cue)) = lexicon
            .cue_index
            .starting_with(doc.lower(i))
            .iter()
            .find(|(_, phrase)| i + phrase.len() <= range.end && doc.matches_at(i, phrase))
            .map(|(cue, _)| &lexicon.cues[*cue])
        else {
            i += 1;
            continue;
        };
        let to = i + phrase.len();
        let before = i
            .checked_sub(1)
            .filter(|&p| p >= range.start)
            .map(|p| doc.lower(p));
        let after = (to < range.end).then(|| doc.lower(to));
        // "the claims", "reports of", "claims were": nouns, not verbs.
        let word = doc.lower(i);
        let noun_form = word.ends_with('s') && !word.ends_with("ss");
        let subject_before = i > range.start && doc.mention_at(i - 1).is_some();
        let noun = cue.frame == Frame::Verb
            && phrase.len() == 1
            && !subject_before
            && (before.is_some_and(|b| DETERMINERS.contains(&b))
                || (noun_form
                    && after.is_some_and(|a| {
                        matches!(a, "of" | "about" | "were" | "have" | "are" | "by" | "from")
                    })));
        // "did not say" is no statement; negated denials are cues of their own.
        let negated = cue.stance == Stance::Claims
            && cue.frame == Frame::Verb
            && (1..=2).any(|k| {
                i.checked_sub(k).is_some_and(|p| {
                    p >= range.start && lexicon.negations.iter().any(|n| *n == doc.lower(p))
                })
            });
        if !noun && !negated && doc.mention_at(i).is_none() {
            found.push(FoundCue { from: i, to, cue });
        }
        i = to;
    }
    found
}

/// The speaker(s) of a verb cue: the actor right before it, across
/// auxiliaries, adverbs, time expressions, a bracketed acronym and an
/// apposition between commas.
fn find_speaker_left(
    doc: &Document<'_>,
    start: usize,
    cue: usize,
    current: Option<EntityIdx>,
    last: Option<EntityIdx>,
) -> Option<Vec<EntityIdx>> {
    let mut k = cue;
    while k > start {
        k -= 1;
        let lower = doc.lower(k);
        if let Some(m) = doc.mention_at(k) {
            let entity = m.entity;
            let first = doc
                .tokens
                .partition_point(|tok| tok.span.start < m.span.start);
            if !doc.entity(entity).kind.is_actor() {
                // "Zelensky in Brussels said": a place is passed over.
                k = first;
                continue;
            }
            let mut speakers = vec![entity];
            // "Russia and North Korea have denied": coordinated speakers.
            if first >= start + 2 && doc.lower(first - 1) == "and" {
                if let Some(other) = doc.mention_at(first - 2) {
                    if doc.entity(other.entity).kind.is_actor() && other.entity != entity {
                        speakers.insert(0, other.entity);
                    }
                }
            }
            return Some(speakers);
        }
        match lower {
            // "X summoned the ambassador and urged ...": the clause's subject.
            "and" | "but" => {
                return current
                    .or_else(|| first_actor_of_clause(doc, start, k))
                    .map(|e| vec![e]);
            }
            "he" | "she" | "they" => {
                // "that while they cannot confirm": inside what is said, not a speaker.
                if k > start && CLAUSE_OPENERS.contains(&doc.lower(k - 1)) {
                    return None;
                }
                let speaker = current.or(last)?;
                let kind = doc.entity(speaker).kind;
                let ok = lower == "they" || matches!(kind, Kind::Official | Kind::Person);
                return ok.then(|| vec![speaker]);
            }
            ")" => {
                // "the National Intelligence Service (NIS) said".
                k = (start..k).rev().find(|&p| doc.tok(p) == "(")?;
            }
            "," => {
                // ", a former director ..., said" / ", as quoted by Reuters, stated".
                let open = (start..k).rev().find(|&p| doc.tok(p) == ",")?;
                let inner = doc.lower(open + 1);
                let apposition = matches!(
                    inner,
                    "a" | "an"
                        | "the"
                        | "as"
                        | "former"
                        | "who"
                        | "which"
                        | "in"
                        | "speaking"
                        | "citing"
                        | "according"
                ) || doc.mention_at(open + 1).is_some();
                if !apposition {
                    return None;
                }
                k = open;
            }
            _ if SKIPPABLE.contains(&lower)
                || doc.lexicon.weekdays.iter().any(|w| w == lower)
                || doc.lexicon.months.iter().any(|m| m == lower)
                || doc.tokens[k].kind == TokenKind::Number => {}
            _ => return None,
        }
    }
    None
}

/// Words after which a pronoun belongs to what is said.
const CLAUSE_OPENERS: &[&str] = &[
    "that", "while", "if", "because", "as", "when", "since", "although", "though", "whether",
    "what", "which", "who", "how", "why", "where", "unless", "once",
];

/// The first actor of the clause that ends at `end`: the clause starts after
/// the last comma, semicolon or quote before it.
fn first_actor_of_clause(doc: &Document<'_>, start: usize, end: usize) -> Option<EntityIdx> {
    let clause_start = (start..end)
        .rev()
        .find(|&k| matches!(doc.tok(k), "," | ";" | ":" | "\u{201c}" | "\u{201d}" | "\""))
        .map_or(start, |k| k + 1);
    doc.mentions_in(clause_start, end)
        .into_iter()
        .map(|(_, _, e)| e)
        .find(|&e| doc.entity(e).kind.is_actor())
}

/// "X quoted Y as saying": (Y, X) for the "as" at `as_index`.
fn quoted_as_saying(
    doc: &Document<'_>,
    start: usize,
    as_index: usize,
) -> Option<(EntityIdx, Option<EntityIdx>)> {
    let quoted = (start..as_index)
        .rev()
        .find(|&k| doc.lower(k) == "quoted")?;
    let speaker = doc
        .mentions_in(quoted + 1, as_index)
        .into_iter()
        .map(|m| m.2)
        .find(|&e| doc.entity(e).kind.is_actor())?;
    let relay = doc
        .mentions_in(start, quoted)
        .into_iter()
        .map(|m| m.2)
        .rfind(|&e| doc.entity(e).kind.is_actor());
    Some((speaker, relay))
}

/// "..., said Carl Schuster": an actor right after the cue.
fn find_speaker_right(doc: &Document<'_>, cue: usize, from: usize) -> Option<EntityIdx> {
    // Only the inverted quote frame: "“...,” said X" / "..., says X".
    let after_quote = cue > 0 && matches!(doc.tok(cue - 1), "," | "\u{201d}" | "\"" | "'");
    if !after_quote {
        return None;
    }
    let m = doc.mention_at(from)?;
    doc.entity(m.entity).kind.is_actor().then_some(m.entity)
}

/// The first actor mention in `from..end`, skipping "the", with its first token.
fn mention_after(doc: &Document<'_>, from: usize, end: usize) -> Option<(EntityIdx, usize)> {
    let mut k = from;
    while k < end
        && matches!(
            doc.lower(k),
            "the"
                | "a"
                | "an"
                | "its"
                | "their"
                | "official"
                | "state"
                | "state-run"
                | "state-owned"
        )
    {
        k += 1;
    }
    // "citing the country’s National Intelligence Service".
    if k + 1 < end
        && matches!(doc.lower(k), "country" | "nation" | "government" | "state")
        && doc.tokens[k + 1].kind == TokenKind::Possessive
    {
        k += 2;
    }
    let m = doc.mention_at(k)?;
    doc.entity(m.entity)
        .kind
        .is_actor()
        .then_some((m.entity, k))
}

/// "told CNN": the outlet told.
fn told_outlet(doc: &Document<'_>, after_cue: usize) -> Option<EntityIdx> {
    let previous = doc.lower(after_cue.checked_sub(1)?);
    if previous != "told" && previous != "tells" {
        return None;
    }
    let (entity, _) = mention_after(doc, after_cue, doc.tokens.len())?;
    (doc.entity(entity).kind == Kind::MediaOutlet).then_some(entity)
}

/// Whether only the speaker and time words follow the cue to the sentence end.
fn closes_sentence(doc: &Document<'_>, after: usize, end: usize) -> bool {
    let mut k = after;
    while k < end {
        let t = doc.lower(k);
        // A relay clause may follow: "..., Yonhap said, citing the NIS."
        if matches!(t, "citing" | "according" | "adding" | "quoting") {
            return true;
        }
        let is_trailer = doc.mention_at(k).is_some()
            || doc.tokens[k].kind == TokenKind::Punct
            || doc.tokens[k].kind == TokenKind::Number
            || matches!(
                t,
                "on" | "in"
                    | "at"
                    | "to"
                    | "it"
                    | "this"
                    | "last"
                    | "week"
                    | "earlier"
                    | "later"
                    | "told"
                    | "reporters"
                    | "newsmen"
                    | "journalists"
                    | "the"
                    | "a"
                    | "statement"
                    | "briefing"
                    | "press"
                    | "conference"
                    | "news"
                    | "agency"
                    | "also"
            )
            || doc.lexicon.weekdays.iter().any(|w| w == t)
            || doc.lexicon.months.iter().any(|m| m == t);
        if !is_trailer {
            return false;
        }
        k += 1;
    }
    true
}

/// Whether a cue is followed by what is said ("that ...", a quote, a
/// colon); without it, "..., X told reporters after a briefing." attributes
/// what came before.
fn has_complement(doc: &Document<'_>, after: usize, end: usize) -> bool {
    const FINITE: &[&str] = &[
        "had", "has", "have", "was", "were", "is", "are", "would", "will", "could", "can", "may",
        "might", "should", "must", "did", "does",
    ];
    // "said in an interview published on ...": an adjunct, unless "that" or
    // a quote follows it.
    let adjunct = after < end
        && matches!(
            doc.lower(after),
            "in" | "on" | "at" | "during" | "after" | "before" | "by" | "while" | "from" | "via" | "through" | "late" | "earlier"
        )
        // "said at least 100 soldiers ...": a qualifier, not a preposition.
        && !(after + 1 < end && matches!(doc.lower(after + 1), "least" | "most"));
    (after..end).take_while(|&k| doc.tok(k) != ",").any(|k| {
        let word = doc.lower(k);
        if adjunct {
            return matches!(word, "that" | ":" | "\u{201c}" | "\"");
        }
        // "that ...", a quote, or a clause with a finite verb ("said 100
        // soldiers had been killed", "said the troops lacked ...").
        matches!(word, "that" | ":" | "\u{201c}" | "\"")
            || FINITE.contains(&word)
            || (word.len() > 4 && word.ends_with("ed") && k > after)
    })
}

/// Whether the sentence starts with a quotation: "“...,” X told reporters
/// after talks" attributes the quote whatever follows.
fn opens_with_quote(doc: &Document<'_>, start: usize) -> bool {
    matches!(doc.tok(start), "\u{201c}" | "\"" | "\u{2018}")
}

/// Whether a comma or closing quote separates what is said from the speaker
/// before the cue ("“...,” Peskov said").
fn ends_clause_before(doc: &Document<'_>, start: usize, cue: usize) -> bool {
    let s = speaker_start(doc, start, cue);
    s > start && matches!(doc.tok(s - 1), "," | "\u{201d}" | "\"" | "'" | "\u{2019}")
}

/// The first token of the speaker phrase right before a cue.
fn speaker_start(doc: &Document<'_>, start: usize, cue: usize) -> usize {
    let mut k = cue;
    while k > start {
        let p = k - 1;
        // "military intelligence (HUR) chief": a bracketed acronym, and possessives.
        if doc.tok(p) == ")" {
            match (start..p).rev().find(|&q| doc.tok(q) == "(") {
                Some(open) => {
                    k = open;
                    continue;
                }
                None => break,
            }
        }
        if doc.tokens[p].kind == TokenKind::Possessive {
            k = p;
            continue;
        }
        if doc.mention_at(p).is_some()
            || SKIPPABLE.contains(&doc.lower(p))
            || matches!(
                doc.lower(p),
                "the"
                    | "he"
                    | "she"
                    | "they"
                    | "news"
                    | "agency"
                    | "outlet"
                    | "newspaper"
                    | "broadcaster"
                    | "daily"
                    | "wire"
                    | "service"
                    | "channel"
                    | "television"
                    | "website"
                    | "state-run"
                    | "state"
                    | "media"
            )
            || doc.lexicon.is_title(doc.tok(p))
            || (doc.is_capitalized(p) && doc.tok(p) != "\u{201c}")
        {
            k = p;
        } else {
            break;
        }
    }
    k
}

#[allow(clippy::too_many_arguments)]
fn push(
    doc: &Document<'_>,
    lexicon: &Lexicon,
    out: &mut Extraction,
    sentence: usize,
    speaker: EntityIdx,
    found: &FoundCue<'_>,
    content: std::ops::Range<usize>,
    via: Option<EntityIdx>,
) {
    let content = if content.is_empty() {
        found.to..doc.sentence_tokens[sentence].end
    } else {
        content
    };
    // "X said A and that B", "X said A, and was B": two claims.
    if let Some(split) = coordinated_split(doc, content.clone()) {
        push(
            doc,
            lexicon,
            out,
            sentence,
            speaker,
            found,
            content.start..split.0,
            via,
        );
        push(
            doc,
            lexicon,
            out,
            sentence,
            speaker,
            found,
            split.1..content.end,
            via,
        );
        return;
    }
    let words: Vec<String> = content.clone().map(|k| doc.lower(k).to_owned()).collect();
    let stance = stance(lexicon, found.cue.stance, &words);
    let figure = figure(doc, lexicon, content.clone());
    let proposition = proposition(doc, lexicon, content.clone(), &words, speaker);
    let cue = doc.span_of(found.from, found.to).text(doc.text).to_owned();
    let evidence = trim_span(doc.sentences[sentence], doc.text);
    // When it was said: a time expression next to the cue ("said on
    // Friday", "on Monday ... told"), not a date inside what was said.
    let bounds = doc.sentence_tokens[sentence].clone();
    let mut from = speaker_start(doc, bounds.start, found.from);
    // "And on Thursday, Zelenskyy said": a time phrase opening the clause.
    if from > bounds.start && doc.tok(from - 1) == "," {
        let opener = (bounds.start..from - 1).rev().take_while(|&k| {
            let w = doc.lower(k);
            matches!(
                w,
                "and"
                    | "but"
                    | "on"
                    | "in"
                    | "at"
                    | "last"
                    | "this"
                    | "earlier"
                    | "late"
                    | "early"
                    | "."
            ) || doc.lexicon.weekdays.iter().any(|d| d == w)
                || doc
                    .lexicon
                    .months
                    .iter()
                    .any(|m| m.starts_with(w) && w.len() >= 3)
                || doc.tokens[k].kind == TokenKind::Number
        });
        // It must open the clause, not end what was said ("... by November 1,").
        if let Some(first) = opener.last() {
            if first == bounds.start || matches!(doc.tok(first - 1), "," | ";") {
                from = first;
            }
        }
    }
    let window = from..(found.to + 5).min(bounds.end);
    let date = date_in(doc, window);
    out.statements.push(Statement {
        speaker,
        stance,
        proposition,
        figure,
        via,
        cue,
        sentence,
        evidence,
        date,
    });
}

/// Where what is said splits into two coordinated claims: "and that", or
/// ", and" before a verb of the same subject ("..., and was training ...").
/// Returns (end of the first, start of the second).
fn coordinated_split(
    doc: &Document<'_>,
    content: std::ops::Range<usize>,
) -> Option<(usize, usize)> {
    const AUXILIARIES: &[&str] = &[
        "was", "is", "were", "are", "has", "had", "have", "would", "will", "could",
    ];
    let mut depth = 0usize;
    for k in content.start + 2..content.end.saturating_sub(2) {
        match doc.tok(k) {
            "\u{201c}" => depth += 1,
            "\u{201d}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || doc.lower(k) != "and" {
            continue;
        }
        let next = doc.lower(k + 1);
        if next == "that" {
            return Some((k, k + 2));
        }
        if doc.tok(k - 1) == "," && AUXILIARIES.contains(&next) {
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

/// The stance of a statement: a neutral cue takes the stance of the words.
fn stance(lexicon: &Lexicon, cue: Stance, words: &[String]) -> Stance {
    if cue != Stance::Claims {
        return cue;
    }
    const PRIORITY: [Stance; 6] = [
        Stance::Denies,
        Stance::CannotVerify,
        Stance::Condemns,
        Stance::CallsFor,
        Stance::Warns,
        Stance::Other,
    ];
    let groups = lexicon
        .stance_index
        .groups_in(words, lexicon.stance_keywords.len());
    for stance in PRIORITY {
        let hit = lexicon
            .stance_keywords
            .iter()
            .zip(&groups)
            .any(|((s, _), &hit)| *s == stance && hit);
        if hit {
            return stance;
        }
        // "If that's true, it would mark ...": a conditional assessment is
        // neither a claim nor a warning.
        if stance == Stance::Warns && is_conditional(words) {
            return Stance::Other;
        }
    }
    cue
}

fn is_conditional(words: &[String]) -> bool {
    let has = |w: &str| words.iter().any(|x| x == w);
    has("if") && (has("would") || has("could"))
}

/// Reads a number at token `k`: digits ("12,000", "1.2" + "million") or
/// words ("six", "ten thousand"). Returns (value, tokens used).
fn number_at(doc: &Document<'_>, lexicon: &Lexicon, k: usize, end: usize) -> Option<(u64, usize)> {
    let t = doc.tok(k);
    let (mut value, mut used) = if doc.tokens[k].kind == TokenKind::Number {
        let digits: String = t.chars().filter(|c| *c != ',').collect();
        let v: f64 = digits.parse().ok()?;
        (v, 1)
    } else {
        let n = *lexicon.figures.numbers.get(&t.to_lowercase())?;
        (n as f64, 1)
    };
    while k + used < end {
        let next = doc.lower(k + used);
        match lexicon.figures.multipliers.get(next) {
            Some(m) => {
                value *= *m as f64;
                used += 1;
            }
            None => break,
        }
    }
    (value >= 1.0 && value.fract() == 0.0).then_some((value as u64, used))
}

/// The figure of a statement: prefer counts of people over formations.
fn figure(
    doc: &Document<'_>,
    lexicon: &Lexicon,
    content: std::ops::Range<usize>,
) -> Option<Figure> {
    let person: Vec<Vec<String>> = lexicon
        .figures
        .person_units
        .iter()
        .map(|u| u.split_whitespace().map(str::to_owned).collect())
        .collect();
    let formation: Vec<Vec<String>> = lexicon
        .figures
        .formation_units
        .iter()
        .map(|u| u.split_whitespace().map(str::to_owned).collect())
        .collect();
    let mut best: Option<(bool, Figure)> = None;
    let mut k = content.start;
    while k < content.end {
        let Some((value, used)) = number_at(doc, lexicon, k, content.end) else {
            k += 1;
            continue;
        };
        // Up to three words (adjectives, quotes) between number and unit.
        let mut unit = None;
        let mut j = k + used;
        let mut gap = 0;
        while j < content.end && gap <= 3 {
            let units = person
                .iter()
                .map(|u| (true, u))
                .chain(formation.iter().map(|u| (false, u)));
            let hit = units
                .filter(|(_, u)| doc.matches_at(j, u))
                .max_by_key(|(_, u)| u.len());
            if let Some((is_person, u)) = hit {
                unit = Some((is_person, u.join(" "), j + u.len()));
                break;
            }
            if matches!(doc.tok(j), "," | "." | ";") {
                break;
            }
            j += 1;
            gap += 1;
        }
        if let Some((is_person, unit_name, unit_end)) = unit {
            let qualifier = qualifier_before(doc, lexicon, k, content.start);
            let figure = Figure {
                value,
                qualifier,
                unit: unit_name,
                span: doc.span_of(k, unit_end),
            };
            let better = match &best {
                None => true,
                Some((best_person, _)) => is_person && !best_person,
            };
            if better {
                best = Some((is_person, figure));
            }
            if is_person {
                break;
            }
        }
        k += used;
    }
    best.map(|(_, f)| f)
}

fn qualifier_before(doc: &Document<'_>, lexicon: &Lexicon, k: usize, start: usize) -> Qualifier {
    for (phrase, qualifier) in &lexicon.qualifiers {
        if k >= start + phrase.len() && doc.matches_at(k - phrase.len(), phrase) {
            return *qualifier;
        }
    }
    Qualifier::Exactly
}

/// What a statement is about: predicate from keywords, subject and object
/// from the states, units and places it names.
fn proposition(
    doc: &Document<'_>,
    lexicon: &Lexicon,
    content: std::ops::Range<usize>,
    words: &[String],
    speaker: EntityIdx,
) -> Proposition {
    let predicate = lexicon
        .predicate_index
        .groups_in(words, lexicon.predicates.len())
        .iter()
        .position(|&hit| hit)
        .map_or(Predicate::RELATED_TO, |i| lexicon.predicates[i].0);
    let mut participants: Vec<EntityIdx> = Vec::new();
    let extraction = doc.extraction();
    let mut k = content.start;
    while k < content.end {
        if let Some(m) = doc.mention_at(k) {
            let kind = doc.entity(m.entity).kind;
            if matches!(
                kind,
                Kind::State | Kind::MilitaryUnit | Kind::Place | Kind::Organization
            ) && m.entity != speaker
                && !participants.contains(&m.entity)
            {
                participants.push(m.entity);
            }
        } else if let Some((_, entry)) = doc.state_of_demonym_at(k) {
            let key = &lexicon.entries[entry].id;
            if let Some(pos) = extraction.entities.iter().position(|e| &e.key == key) {
                let idx = EntityIdx(pos);
                if !participants.contains(&idx) {
                    participants.push(idx);
                }
            }
        }
        k += 1;
    }
    // The subject is the first actor (a place in a dateline or an adverbial
    // rarely is one); the object is the next participant after it.
    let subject_at = participants
        .iter()
        .position(|&e| doc.entity(e).kind != Kind::Place)
        .unwrap_or(0);
    Proposition {
        subject: participants.get(subject_at).copied(),
        predicate,
        object: participants.get(subject_at + 1).copied(),
    }
}

/// A date named in the sentence, resolved against the publication date:
/// "on Friday", "on October 16, 2024", "on 4 October", "in June".
pub fn sentence_date(doc: &Document<'_>, sentence: usize) -> Option<PartialDate> {
    date_in(doc, doc.sentence_tokens[sentence].clone())
}

/// The first date named in a token range, resolved as [`sentence_date`].
pub fn date_in(doc: &Document<'_>, range: std::ops::Range<usize>) -> Option<PartialDate> {
    let published = doc.article.published;
    for k in range.clone() {
        let lower = doc.lower(k);
        if let Some(wd) = doc.lexicon.weekdays.iter().position(|w| *w == lower) {
            let published = published?;
            return Some(PartialDate::Day(published.last_weekday(wd as u8)));
        }
        // "October", or "Oct." / "Sept." abbreviated with a period.
        let abbreviated =
            k + 1 < range.end && doc.tok(k + 1) == "." && (3..=4).contains(&lower.len());
        let month = doc.lexicon.months.iter().position(|m| {
            *m == lower
                || (abbreviated && (m.starts_with(lower) && (lower.len() == 3 || lower == "sept")))
        });
        if let Some(month) = month {
            let month = month as u8 + 1;
            let after = if abbreviated { k + 2 } else { k + 1 };
            // "October 16, 2024", "16 October 2024", "4 October", "Oct. 3".
            let number_at = |j: usize| {
                (j < range.end)
                    .then(|| doc.tok(j).parse::<i32>().ok())
                    .flatten()
            };
            let day_after = number_at(after).filter(|d| (1..=31).contains(d));
            let day_before = k
                .checked_sub(1)
                .filter(|&j| j >= range.start)
                .and_then(number_at)
                .filter(|d| (1..=31).contains(d));
            let year_at = |j: usize| number_at(j).filter(|y| (1900..2200).contains(y));
            let day = day_after.or(day_before);
            // "by November 1": a deadline looks ahead; other dates look back.
            let ahead = k
                .checked_sub(1)
                .is_some_and(|j| matches!(doc.lower(j), "by" | "until" | "before" | "next"));
            let year = year_at(after)
                .or_else(|| year_at(after + 2))
                .or_else(|| year_at(after + 1))
                .or_else(|| {
                    let p = published?;
                    Some(match (ahead, month > p.month, month < p.month) {
                        (true, _, true) => p.year + 1,
                        (false, true, _) => p.year - 1,
                        _ => p.year,
                    })
                });
            let Some(year) = year else { continue };
            return match day.and_then(|d| Date::new(year, month, d as u8)) {
                Some(date) => Some(PartialDate::Day(date)),
                None => Some(PartialDate::Month { year, month }),
            };
        }
    }
    None
}

/// Merges repeats of the same claim by the same speaker in one article
/// (same stance, relay and figure, or same sentence text).
fn merge_repeats(doc: &Document<'_>, out: &mut Extraction) {
    /// What makes two statements the same claim.
    type Claim = (
        EntityIdx,
        Stance,
        Option<EntityIdx>,
        Option<u64>,
        usize,
        String,
    );
    let mut seen: Vec<Claim> = Vec::new();
    out.statements.retain(|st| {
        let text = st.evidence.text(doc.text).to_owned();
        let value = st.figure.as_ref().map(|f| f.value);
        // The same figure from the same source, or the same sentence repeated
        // elsewhere (a headline printed twice).
        let repeat = seen.iter().any(|(sp, stance, via, v, sentence, t)| {
            *sp == st.speaker
                && *stance == st.stance
                && ((value.is_some() && *v == value && *via == st.via)
                    || (*sentence != st.sentence && *t == text))
        });
        if !repeat {
            seen.push((st.speaker, st.stance, st.via, value, st.sentence, text));
        }
        !repeat
    });
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, Metadata};
    use crate::date::Date;
    use crate::extract::{Lexicon, Stance, extract};

    /// (speaker label, stance, quantity, via label) for a text.
    /// Extracts a text published on Friday 2024-10-18.
    fn extraction(text: &str) -> crate::extract::Extraction {
        let lexicon = Lexicon::embedded().unwrap();
        let meta = Metadata {
            published: Date::parse("2024-10-18"),
            ..Metadata::default()
        };
        extract(
            &Article::new("t".into(), text.into(), meta, "t".into()),
            &lexicon,
        )
    }

    fn statements(text: &str) -> Vec<(String, Stance, Option<u64>, Option<String>)> {
        let e = extraction(text);
        e.statements
            .iter()
            .map(|s| {
                (
                    e.entity(s.speaker).label.clone(),
                    s.stance,
                    s.figure.as_ref().map(|f| f.value),
                    s.via.map(|v| e.entity(v).label.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn subject_of_reporting_verb_with_figure_and_qualifier() {
        let got = statements(
            "Ukraine's military intelligence said about 3,000 North Korean troops had arrived.",
        );
        assert_eq!(
            got,
            [(
                "Defence Intelligence of Ukraine".into(),
                Stance::Claims,
                Some(3000),
                None
            )]
        );
    }

    #[test]
    fn denial_words_set_the_stance() {
        let got = statements("Kremlin spokesman Dmitry Peskov called the reports “a hoax”.");
        assert_eq!(got[0].0, "Dmitry Peskov");
        assert_eq!(got[0].1, Stance::Denies);
    }

    #[test]
    fn citing_makes_the_source_speak_via_the_outlet() {
        let got = statements(
            "Pyongyang sent 1,500 soldiers, Yonhap reported on Friday, citing the National Intelligence Service.",
        );
        assert_eq!(
            got,
            [(
                "National Intelligence Service".into(),
                Stance::Claims,
                Some(1500),
                Some("Yonhap".into())
            )]
        );
    }

    #[test]
    fn cannot_verify_and_told_outlet() {
        let got = statements(
            "A NATO spokesperson told Reuters the alliance could not confirm the reports.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].3.as_deref(), Some("Reuters"));
        let got = statements("Mark Rutte said the alliance cannot verify the reports.");
        assert_eq!(got[0].1, Stance::CannotVerify);
    }

    #[test]
    fn closing_attribution_and_pronouns() {
        let got = statements(
            "“They will come back more dangerous,” said Jane Roe, a former colonel. “It is a habit,” she added.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|s| s.0 == "Jane Roe"), "{got:?}");
    }

    #[test]
    fn coordinated_speakers_each_deny() {
        let got = statements("Russia and North Korea have denied the reports.");
        let speakers: Vec<&str> = got.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(speakers, ["Russia", "North Korea"]);
        assert!(got.iter().all(|s| s.1 == Stance::Denies));
    }

    #[test]
    fn per_unit_figure_is_kept_as_written() {
        let got = statements("Zelensky said Russia was training two brigades of 6,000 men each.");
        assert_eq!(got[0].2, Some(6000));
    }

    #[test]
    fn coordinated_verbs_share_the_clause_subject() {
        let got = statements(
            "On Monday, the Foreign Ministry summoned the Russian ambassador and urged a withdrawal.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Foreign Ministry");
        assert_eq!(got[0].1, Stance::CallsFor);
    }

    #[test]
    fn a_pronoun_inside_what_is_said_is_not_a_speaker() {
        let got = statements(
            "Rutte said it was serious. Later he mentioned that while they cannot confirm it, things could change.",
        );
        assert!(got.iter().all(|s| s.0 == "Mark Rutte"), "{got:?}");
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn only_an_inverted_quote_takes_the_speaker_after_the_verb() {
        let got = statements("Several governments have accused Pyongyang of supplying weapons.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn outlets_before_reported_are_subjects_not_determiners() {
        let got = statements(
            "Ukrainian media reported earlier this month that six North Koreans were killed.",
        );
        assert_eq!(
            got,
            [("Ukrainian media".into(), Stance::Claims, Some(6), None)]
        );
    }

    #[test]
    fn coordinated_claims_split_and_keep_their_own_figures() {
        let got = statements(
            "Zelensky said that North Korea had sent officers to Russia, and was training 10,000 troops.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].2, None);
        assert_eq!(got[1].2, Some(10000));
    }

    #[test]
    fn reportedly_continues_the_previous_source_and_relay() {
        let got = statements(
            "The Kyiv Post reported six deaths, citing Ukrainian intelligence. Three more soldiers were reportedly injured.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[1],
            (
                "Ukrainian intelligence".into(),
                Stance::Claims,
                Some(3),
                Some("Kyiv Post".into())
            )
        );
    }

    #[test]
    fn a_conditional_assessment_is_other() {
        let got = statements(
            "“If that’s true, it would mark a significant increase in the relationship,” spokesperson Matthew Miller said.",
        );
        assert_eq!(got[0].1, Stance::Other, "{got:?}");
    }

    #[test]
    fn an_outlet_described_before_its_name_closes_the_sentence() {
        let got = statements(
            "Pyongyang is to send 12,000 troops, South Korean news agency Yonhap reported, citing the country’s National Intelligence Service (NIS).",
        );
        assert_eq!(
            got,
            [(
                "National Intelligence Service".into(),
                Stance::Claims,
                Some(12000),
                Some("Yonhap".into())
            )]
        );
    }

    #[test]
    fn citing_before_the_verb_relays_the_cited_source() {
        let got = statements(
            "A senior South Korean lawmaker, citing the National Intelligence Service, said at least 100 North Korean soldiers had been killed.",
        );
        assert_eq!(
            got,
            [(
                "National Intelligence Service".into(),
                Stance::Claims,
                Some(100),
                Some("senior South Korean lawmaker".into())
            )]
        );
    }

    #[test]
    fn a_headline_attributed_after_a_colon() {
        let got =
            statements("N. Korea may have sent additional troops to Russia: JCS\nThe war goes on.");
        assert_eq!(
            got,
            [("Joint Chiefs of Staff".into(), Stance::Claims, None, None)]
        );
    }

    #[test]
    fn abbreviated_ranks_are_titles() {
        let got = statements(
            "“We have seen reports,” Pentagon press secretary Maj. Gen. Pat Ryder told reporters.",
        );
        assert_eq!(got[0].0, "Pat Ryder");
    }

    #[test]
    fn dates_resolve_against_the_publication_date() {
        use crate::date::PartialDate;
        // The date of a statement is when it was said, next to its cue; dates
        // inside what was said ("by November 1") are not it.
        let e = extraction(
            "The Kremlin said on Oct. 3 that troops moved. Budanov said Tuesday that troops will deploy by November 1. Troops will deploy by November 1, Budanov said. Lavrov on Monday noted the pact signed in June.",
        );
        let dates: Vec<String> = e
            .statements
            .iter()
            .map(|s| {
                s.date
                    .map(|d: PartialDate| d.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(dates, ["2024-10-03", "2024-10-15", "", "2024-10-14"]);
    }

    #[test]
    fn a_time_phrase_opening_the_clause_dates_the_statement() {
        let e = extraction(
            "And on Thursday, Ukrainian President Volodymyr Zelenskyy said 10,000 troops were ready.",
        );
        assert_eq!(
            e.statements[0].date.map(|d| d.to_string()).as_deref(),
            Some("2024-10-17")
        );
    }

    #[test]
    fn quoted_as_saying_and_source_led_headlines() {
        let got = statements(
            "North Korean state media KCNA quoted leader Kim Jong Un as saying the country would support Moscow.",
        );
        assert_eq!(
            got,
            [(
                "Kim Jong Un".into(),
                Stance::Claims,
                None,
                Some("KCNA".into())
            )]
        );
        let got =
            statements("Budanov: Around 11,000 North Korean troops in Kursk\nMore text here.");
        assert_eq!(
            got,
            [("Kyrylo Budanov".into(), Stance::Claims, Some(11000), None)]
        );
    }

    #[test]
    fn an_adjunct_after_the_verb_is_not_what_is_said() {
        let got = statements(
            "Around 11,000 North Korean soldiers are deployed in Kursk, Kyrylo Budanov said in an interview published on Nov. 19.",
        );
        assert_eq!(got[0].2, Some(11000), "{got:?}");
    }
}
