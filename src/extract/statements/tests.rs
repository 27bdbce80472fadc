//! Unit tests of the statement rules.

use crate::article::{Article, Metadata};
use crate::date::Date;
use crate::extract::{Lexicon, extract};

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

/// Each statement as "speaker stance [figure] [via relay]", joined by "; ".
fn statements(text: &str) -> String {
    let e = extraction(text);
    let rendered: Vec<String> = e
        .statements
        .iter()
        .map(|s| {
            let mut line = format!("{} {}", e.entity(s.speaker).label, s.stance);
            if let Some(f) = &s.figure {
                line.push_str(&format!(" {}", f.value));
            }
            if let Some(v) = s.via {
                line.push_str(&format!(" via {}", e.entity(v).label));
            }
            line
        })
        .collect();
    rendered.join("; ")
}

/// (rule, text, statements as [`statements`] renders them).
const CASES: &[(&str, &str, &str)] = &[
    (
        "a reporting verb's subject speaks, with figure and qualifier",
        "Ukraine's military intelligence said about 3,000 North Korean troops had arrived.",
        "Defence Intelligence of Ukraine claims 3000",
    ),
    (
        "what is said ends at a relay, even one naming nobody",
        "The Pentagon estimated 100 people were killed, according to excerpts of a memo -- far fewer than the 500 deaths officials described.",
        "U.S. Department of Defense claims 100",
    ),
    (
        "a relative clause's actor is not the speaker; its antecedent is",
        "Analysts who have tracked Pyongyang for decades say the troops will fight.",
        "analysts claims",
    ),
    (
        "a murky answer cannot be verified",
        "Officials in Washington said the answers remained murky.",
        "Officials in Washington cannotVerify",
    ),
    (
        "a cue's base form after a catenative verb, and both sides trading blame",
        "Moscow and Kyiv are trading blame over the blast. President Volodymyr Zelensky was quick to blame Russia.",
        "Russia claims; Ukraine claims; Volodymyr Zelenskyy claims",
    ),
    (
        "an aside between subject and verb; an actor after the verb with its own verb is what is said",
        "NATO, on the other hand, said Russia had shelled the plant.",
        "NATO claims",
    ),
    (
        "any aside after a person's name, and 'fake' describing a thing is no denial",
        "John Kirby, head of communications at the council, later reported that 1,100 soldiers using fake IDs had died.",
        "John Kirby claims 1100",
    ),
    (
        "a closing attribution inside a relayed one",
        "Talk of a plot is “an absolute lie,” spokesman Dmitry Peskov said early Friday, Interfax reported.",
        "Dmitry Peskov denies via Interfax",
    ),
    (
        "a passive verb's agents speak, every one of a list",
        "The strike was swiftly condemned by Jordan, Egypt and Qatar. Russia is believed to have sent troops.",
        "Jordan condemns; Egypt condemns; Qatar condemns",
    ),
    (
        "an aside inside a person's apposition; threats warn",
        "Aleksandr Volga, the mayor of Enerhodar, where the plant is located, told Interfax they would retaliate.",
        "Aleksandr Volga warns via Interfax",
    ),
    (
        "a participle clause after the subject speaks for it, part by part",
        "Russian-installed officials gave conflicting accounts, some blaming Ukrainian shelling and others saying the dam burst.",
        "Russian-installed officials claims; Russian-installed officials claims",
    ),
    (
        "denial words set a neutral cue's stance",
        "Kremlin spokesman Dmitry Peskov called the reports “a hoax”.",
        "Dmitry Peskov denies",
    ),
    (
        "citing makes the source speak via the outlet",
        "Pyongyang sent 1,500 soldiers, Yonhap reported on Friday, citing the National Intelligence Service.",
        "National Intelligence Service claims 1500 via Yonhap",
    ),
    (
        "cannot confirm, and told names the relay",
        "A NATO spokesperson told Reuters the alliance could not confirm the reports.",
        "NATO spokesperson cannotVerify via Reuters",
    ),
    (
        "cannot verify is a cue of its own",
        "Mark Rutte said the alliance cannot verify the reports.",
        "Mark Rutte cannotVerify",
    ),
    (
        "a closing attribution and a pronoun after it",
        "“They will come back more dangerous,” said Jane Roe, a former colonel. “It is a habit,” she added.",
        "Jane Roe warns; Jane Roe claims",
    ),
    (
        "coordinated speakers each deny",
        "Russia and North Korea have denied the reports.",
        "Russia denies; North Korea denies",
    ),
    (
        "a per-unit figure is kept as written",
        "Zelensky said Russia was training two brigades of 6,000 men each.",
        "Volodymyr Zelenskyy claims 6000",
    ),
    (
        "coordinated verbs share the clause's subject",
        "On Monday, the Foreign Ministry summoned the Russian ambassador and urged a withdrawal.",
        "Foreign Ministry callsFor",
    ),
    (
        "a pronoun inside what is said is not a speaker",
        "Rutte said it was serious. Later he mentioned that while they cannot confirm it, things could change.",
        "Mark Rutte claims; Mark Rutte cannotVerify",
    ),
    (
        "only an inverted quote takes the speaker after the verb",
        "Several governments have accused Pyongyang of supplying weapons.",
        "",
    ),
    (
        "outlets before reported are subjects, not determiners",
        "Ukrainian media reported earlier this month that six North Koreans were killed.",
        "Ukrainian media claims 6",
    ),
    (
        "coordinated claims split and keep their own figures",
        "Zelensky said that North Korea had sent officers to Russia, and was training 10,000 troops.",
        "Volodymyr Zelenskyy claims; Volodymyr Zelenskyy claims 10000",
    ),
    (
        "reportedly continues the previous source and relay",
        "The Kyiv Post reported six deaths, citing Ukrainian intelligence. Three more soldiers were reportedly injured.",
        "Ukrainian intelligence claims 6 via Kyiv Post; Ukrainian intelligence claims 3 via Kyiv Post",
    ),
    (
        "a conditional assessment is other",
        "“If that’s true, it would mark a significant increase in the relationship,” spokesperson Matthew Miller said.",
        "Matthew Miller other",
    ),
    (
        "an outlet described before its name closes the sentence",
        "Pyongyang is to send 12,000 troops, South Korean news agency Yonhap reported, citing the country’s National Intelligence Service (NIS).",
        "National Intelligence Service claims 12000 via Yonhap",
    ),
    (
        "citing before the verb relays the cited source",
        "A senior South Korean lawmaker, citing the National Intelligence Service, said at least 100 North Korean soldiers had been killed.",
        "National Intelligence Service claims 100 via senior South Korean lawmaker",
    ),
    (
        "a headline attributed after a colon",
        "N. Korea may have sent additional troops to Russia: JCS\nThe war goes on.",
        "Joint Chiefs of Staff claims",
    ),
    (
        "abbreviated ranks are titles",
        "“We have seen reports,” Pentagon press secretary Maj. Gen. Pat Ryder told reporters.",
        "Pat Ryder claims",
    ),
    (
        "X quoted Y as saying",
        "North Korean state media KCNA quoted leader Kim Jong Un as saying the country would support Moscow.",
        "Kim Jong Un claims via KCNA",
    ),
    (
        "a headline led by its source",
        "Budanov: Around 11,000 North Korean troops in Kursk\nMore text here.",
        "Kyrylo Budanov claims 11000",
    ),
    (
        "an adjunct after the verb is not what is said",
        "Around 11,000 North Korean soldiers are deployed in Kursk, Kyrylo Budanov said in an interview published on Nov. 19.",
        "Kyrylo Budanov claims 11000",
    ),
    (
        "coordinated speakers across the second one's title",
        "Kim Jong Un and Russian President Vladimir Putin confirmed the deployment.",
        "Kim Jong Un confirms; Vladimir Putin confirms",
    ),
    (
        "forces named by nationality speak for their state",
        "The Ukrainian armed forces reported clashes with North Korean troops.",
        "Ukraine claims",
    ),
    (
        "a definite description after the verb: \"said the official\"",
        "A senior U.S. official spoke first. It was a costly mistake, said the official.",
        "senior U.S. official claims",
    ),
    (
        "counts after \"according to\" are skipped to the source",
        "Troops crossed the border, according to two senior U.S. officials.",
        "senior U.S. officials claims",
    ),
    (
        "a refusal to comment is other",
        "The White House and the Pentagon declined to comment.",
        "White House other; U.S. Department of Defense other",
    ),
    (
        "a passive verb names no speaker",
        "North Korea is believed to have received food in return.",
        "",
    ),
    (
        "a country before a headline colon is its topic, not its source",
        "North Korea: Kim honours troops killed in Russia\nMore text.",
        "",
    ),
    (
        "a pronoun inside a speaker's own sentence continues the statement",
        "A North Korean official did not confirm the reports but said if true, he believed it would be lawful.",
        "North Korean official cannotVerify; North Korean official other",
    ),
    (
        "an unknown surname that speaks mid-sentence is a person",
        "\u{201c}We have seen what we asked to see,\u{201d} Grossmann said on Friday.",
        "Grossmann claims",
    ),
    (
        "a document speaks for the source quoted before it",
        "The Pentagon said it had finished its review. \u{201c}The strike was a failure,\u{201d} the document said.",
        "U.S. Department of Defense claims; U.S. Department of Defense claims",
    ),
    (
        "each count of people is a statement of its own; a range is one count",
        "Gaza officials said at least 471 people were killed, with more than 300 wounded. The United Nations estimated 100 to 300 people died.",
        "Gaza officials claims 471; Gaza officials claims 300; United Nations claims 100",
    ),
];

#[test]
fn each_rule_reads_its_example() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(rule, text, expected)| {
            let got = statements(text);
            (got != expected)
                .then(|| format!("{rule}:\n  text: {text}\n  want: {expected}\n  got:  {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
fn quadratic_memory_on_run_on_text() {
    // Issue 11, item 1: an unpunctuated page of many cues. Every statement
    // quotes the words around its cue, not the whole 100 KB sentence, and
    // repeats are found without comparing each statement with all others.
    let clauses: Vec<String> = (1..=2_000)
        .map(|i| format!("Russia said {i} soldiers had died and Ukraine denied it"))
        .collect();
    let text = clauses.join(", ") + ".";
    let e = extraction(&text);
    assert!(e.statements.len() >= 2_000, "{}", e.statements.len());
    let longest = e
        .statements
        .iter()
        .map(|s| s.evidence.end - s.evidence.start)
        .max()
        .unwrap_or(0);
    assert!(longest <= super::MAX_EVIDENCE, "{longest}");
    // Each quoted window holds its cue.
    for s in &e.statements {
        let cue = &text[s.evidence.start..s.evidence.end];
        assert!(cue.contains("said") || cue.contains("denied"), "{cue}");
    }
}
