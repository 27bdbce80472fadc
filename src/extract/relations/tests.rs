//! Unit tests of the relation rules.

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
    let got =
        relations("Ukraine said dozens of North Korean soldiers were killed in the Kursk region.");
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
    let got = relations("The war between Russia and Ukraine, and Ukraine’s war against Russia.");
    assert_eq!(
        got.iter().filter(|r| r.1 == "atWarWith").count(),
        1,
        "{got:?}"
    );
    let got = relations("Russia warned of a war. The war in Ukraine goes on.");
    assert!(!got.iter().any(|r| r.1 == "atWarWith"), "{got:?}");
}

#[test]
fn occupations_by_adjective_phrase_and_verb() {
    let has = |got: &[(String, String, String, String)], place: &str| {
        got.iter()
            .any(|r| r.0 == "Russia" && r.1 == "occupies" && r.2 == place)
    };
    let got = relations("Water was cut to Russian-held Crimea.");
    assert!(has(&got, "Crimea"), "{got:?}");
    let got = relations(
        "The Zaporizhzhia nuclear plant, which is also under Russian control, lost power.",
    );
    assert!(has(&got, "Zaporizhzhia nuclear plant"), "{got:?}");
    let got = relations("He honoured the victims of Russian occupation in the city of Bucha.");
    assert!(has(&got, "Bucha"), "{got:?}");
    assert!(!got.iter().any(|r| r.1 == "locatedIn"), "{got:?}");
    let got = relations("Russia also currently controls most of Zaporizhzhia.");
    assert!(has(&got, "Zaporizhzhia region"), "{got:?}");
    let got = relations("Ukraine retook Crimea.");
    assert!(!got.iter().any(|r| r.1 == "occupies"), "{got:?}");
}

#[test]
fn places_of_a_kind_lie_in_the_state_named_before() {
    let got = relations(
        "Troops reached the southern Russian city of Rostov. Kursk, a region of Russia, was hit. \
         Officers went to the occupied territories of Georgia. Shells hit the Donetsk region in eastern Russia.",
    );
    for place in ["Rostov", "Kursk region", "Donetsk region"] {
        assert!(
            got.iter()
                .any(|r| r.0 == place && r.1 == "locatedIn" && r.2 == "Russia"),
            "{place}: {got:?}"
        );
    }
    assert!(
        got.iter().any(|r| r.0 == "occupied territories of Georgia"
            && r.1 == "locatedIn"
            && r.2 == "Georgia"),
        "{got:?}"
    );
}

#[test]
fn visits_by_verb_noun_and_wire_style() {
    let visits = |text: &str| -> Vec<(String, String)> {
        relations(text)
            .into_iter()
            .filter(|r| r.1 == "visits")
            .map(|r| (r.0, r.2))
            .collect()
    };
    let pair = |a: &str, b: &str| vec![(a.to_owned(), b.to_owned())];
    assert_eq!(
        visits("The talks followed Rustem Umerov’s visit to Seoul."),
        pair("Rustem Umerov", "South Korea")
    );
    assert_eq!(
        visits("Kim Jong Un left Pyongyang by special train to visit China."),
        pair("Kim Jong Un", "China")
    );
    assert_eq!(
        visits(
            "Visiting Japanese Foreign Minister Takeshi Iwaya said in Ukraine that aid would come."
        ),
        pair("Takeshi Iwaya", "Ukraine")
    );
    assert!(visits("Iwaya visited a memorial.").is_empty());
}

#[test]
fn narrated_cooperation_only() {
    let coop = |text: &str| {
        relations(text)
            .iter()
            .filter(|r| r.1 == "cooperatesWith")
            .count()
    };
    assert_eq!(
        coop("Military cooperation between Russia and North Korea grew."),
        1
    );
    assert_eq!(
        coop("Moscow and Pyongyang have deepened their military partnership."),
        1
    );
    assert_eq!(
        coop("Seoul said the cooperation between Russia and North Korea was a threat."),
        0
    );
    let got = relations(
        "A gala marked the anniversary of a military pact between North Korea and Russia.",
    );
    assert!(got.iter().any(|r| r.1 == "signsPactWith"), "{got:?}");
}

#[test]
fn office_holders_by_title_or_by_what_the_gazetteer_knows() {
    let got = relations(
        "Secretary of State Antony Blinken said so. Ukrainian presidential adviser Mykhailo Podolyak agreed.",
    );
    for (person, state) in [
        ("Antony Blinken", "United States"),
        ("Mykhailo Podolyak", "Ukraine"),
    ] {
        assert!(
            got.iter()
                .any(|r| r.0 == person && r.1 == "holdsOfficeIn" && r.2 == state),
            "{person}: {got:?}"
        );
    }
    let got = relations(
        "Carl Schuster, a former director of the US Pacific Command’s Joint Intelligence Center, spoke.",
    );
    assert!(
        got.iter().any(|r| r.0 == "Carl Schuster"
            && r.1 == "formerlyServedIn"
            && r.2 == "Joint Intelligence Center"),
        "{got:?}"
    );
}

#[test]
fn meetings_by_talks_and_by_a_pronoun_subject() {
    let meets = |text: &str| -> Vec<(String, String)> {
        relations(text)
            .into_iter()
            .filter(|r| r.1 == "meetsWith")
            .map(|r| (r.0, r.2))
            .collect()
    };
    assert_eq!(
        meets("NATO Secretary General Mark Rutte spoke after talks with Volodymyr Zelensky."),
        vec![("Mark Rutte".to_owned(), "Volodymyr Zelenskyy".to_owned())]
    );
    assert_eq!(
        meets(
            "NATO Secretary General Mark Rutte arrived in Kyiv. He met later with Volodymyr Zelensky."
        ),
        vec![("Mark Rutte".to_owned(), "Volodymyr Zelenskyy".to_owned())]
    );
}

#[test]
fn narrated_deployments_only() {
    let deploys = |text: &str| {
        relations(text)
            .iter()
            .filter(|r| r.1 == "deploysTo")
            .count()
    };
    assert_eq!(
        deploys("Some 10,000 North Korean troops have been sent to the Kursk region."),
        1
    );
    assert_eq!(
        deploys("Kyiv said 10,000 North Korean troops had been sent to the Kursk region."),
        0
    );
}

#[test]
fn sources_named_after_their_body_belong_to_it() {
    let got = relations(
        "A North Korean Ministry of Foreign Affairs official said so. A State Department spokesperson agreed.",
    );
    assert!(
        got.iter()
            .any(|r| r.1 == "memberOf" && r.2 == "North Korean Ministry of Foreign Affairs"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|r| r.1 == "spokespersonFor" && r.2 == "U.S. State Department"),
        "{got:?}"
    );
    let got = relations("Kyrylo Budanov, head of Ukraine’s Military Intelligence, said so.");
    assert!(
        got.iter()
            .any(|r| r.0 == "Kyrylo Budanov" && r.1 == "leads"),
        "{got:?}"
    );
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
