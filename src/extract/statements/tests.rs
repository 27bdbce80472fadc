//! Unit tests of the statement rules.

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
    let got =
        statements("A NATO spokesperson told Reuters the alliance could not confirm the reports.");
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
    let got = statements("Budanov: Around 11,000 North Korean troops in Kursk\nMore text here.");
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
