//! Unit tests of the mention rules.

use super::*;
use crate::article::{Article, Metadata};

fn doc_entities(text: &str) -> Vec<(String, Kind)> {
    let lexicon = Lexicon::embedded().unwrap();
    let article = Article::new("t".into(), text.into(), Metadata::default(), "t".into());
    let doc = Document::new(&article, &lexicon);
    let extraction = resolve(&doc);
    let mut out: Vec<(String, Kind)> = extraction
        .entities
        .iter()
        .filter(|e| e.mentions > 0)
        .map(|e| (e.label.clone(), e.kind))
        .collect();
    out.sort();
    out
}

fn has(entities: &[(String, Kind)], label: &str, kind: Kind) -> bool {
    entities.iter().any(|(l, k)| l == label && *k == kind)
}

#[test]
fn slugs_are_stable_ascii_segments() {
    assert_eq!(slug("Kim Tae-hyo"), "kim-tae-hyo");
    assert_eq!(slug("U.S. officials"), "us-officials");
    assert_eq!(slug("South Korea’s spy agency"), "south-koreas-spy-agency");
}

#[test]
fn capital_is_city_in_locative_context_and_state_as_actor() {
    let e = doc_entities("Pyongyang denied it. The summit was held in Pyongyang.");
    assert!(has(&e, "North Korea", Kind::State));
    assert!(has(&e, "Pyongyang", Kind::Place));
}

#[test]
fn titled_unknown_names_become_officials_with_affiliation() {
    let lexicon = Lexicon::embedded().unwrap();
    let article = Article::new(
        "t".into(),
        "Finnish Defence Minister Antti Häkkänen said the report was credible.".into(),
        Metadata::default(),
        "t".into(),
    );
    let doc = Document::new(&article, &lexicon);
    let e = resolve(&doc);
    let person = e
        .entities
        .iter()
        .find(|e| e.label == "Antti Häkkänen")
        .unwrap();
    assert_eq!(person.kind, Kind::Official);
    assert_eq!(person.affiliation.as_deref(), Some("finland"));
}

#[test]
fn appositions_make_former_officers_persons() {
    let e = doc_entities(
        "Jane Roe, a former colonel in the US Army, told reporters that it was a risk.",
    );
    assert!(has(&e, "Jane Roe", Kind::Person), "{e:?}");
}

#[test]
fn anonymous_sources_and_collectives() {
    let e = doc_entities(
        "A senior Ukrainian official said so. Ukrainian media reported it. Analysts say so.",
    );
    assert!(
        has(&e, "senior Ukrainian official", Kind::Official),
        "{e:?}"
    );
    assert!(has(&e, "Ukrainian media", Kind::MediaOutlet), "{e:?}");
    assert!(has(&e, "analysts", Kind::Person), "{e:?}");
}

#[test]
fn bodies_by_head_noun_and_outlets_by_role() {
    let e = doc_entities(
        "The Lithuanian State Security Department said so, according to The Baltic Sentinel.",
    );
    assert!(
        has(&e, "Lithuanian State Security Department", Kind::Agency),
        "{e:?}"
    );
    assert!(has(&e, "The Baltic Sentinel", Kind::MediaOutlet), "{e:?}");
}

#[test]
fn surnames_refer_back() {
    let lexicon = Lexicon::embedded().unwrap();
    let article = Article::new(
        "t".into(),
        "Estonian Foreign Minister Margus Tsahkna spoke. Tsahkna said more.".into(),
        Metadata::default(),
        "t".into(),
    );
    let doc = Document::new(&article, &lexicon);
    let e = resolve(&doc);
    let idx = e
        .entities
        .iter()
        .position(|e| e.label == "Margus Tsahkna")
        .unwrap();
    assert_eq!(e.entities[idx].mentions, 2);
}

#[test]
fn a_title_before_a_name_is_not_an_anonymous_source() {
    let e = doc_entities(
        "Kremlin spokesman Dmitry Peskov said so at a NATO defense ministers' meeting.",
    );
    assert!(
        !e.iter()
            .any(|(l, _)| l.contains("spokesman") || l.contains("ministers")),
        "{e:?}"
    );
    assert!(has(&e, "Kremlin", Kind::Agency), "{e:?}");
}

#[test]
fn offices_of_leaders_are_their_presidential_office() {
    let e = doc_entities(
        "The office of South Korean President Yoon Suk Yeol said so. President Yoon's office added more.",
    );
    assert!(
        has(&e, "South Korean presidential office", Kind::Agency),
        "{e:?}"
    );
    assert!(has(&e, "Yoon Suk Yeol", Kind::Official), "{e:?}");
}

#[test]
fn hyphen_compounds_keep_the_name() {
    let e = doc_entities("A New York-based think tank spoke of Russian-occupied areas of Ukraine.");
    assert!(has(&e, "New York", Kind::Place), "{e:?}");
    assert!(
        has(&e, "Russian-occupied areas of Ukraine", Kind::Place),
        "{e:?}"
    );
}

#[test]
fn photo_credits_are_not_sources() {
    let e = doc_entities("Troops march in Pyongyang. Photo: EPA-EFE/KCNA");
    assert!(!has(&e, "KCNA", Kind::MediaOutlet), "{e:?}");
}

#[test]
fn names_in_titles_and_prefixes_mention_their_state_and_parent() {
    let e = doc_entities("British Defense Secretary John Healey spoke at the UN General Assembly.");
    assert!(has(&e, "United Kingdom", Kind::State), "{e:?}");
    assert!(has(&e, "United Nations", Kind::Organization), "{e:?}");
    assert!(has(&e, "UN General Assembly", Kind::Agency), "{e:?}");
}
