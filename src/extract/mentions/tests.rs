//! Unit tests of the mention rules: one table row per rule and example.

use super::*;
use crate::article::{Article, Metadata};

/// The entities mentioned in `text`, each as "label | Kind | affiliation"
/// and its mention count.
fn entities(text: &str) -> Vec<(String, usize)> {
    let lexicon = Lexicon::embedded().unwrap();
    let article = Article::new("t".into(), text.into(), Metadata::default(), "t".into());
    let doc = Document::new(&article, &lexicon);
    let mut out: Vec<(String, usize)> = resolve(&doc)
        .entities
        .iter()
        .filter(|e| e.mentions > 0)
        .map(|e| {
            let affiliation = e.affiliation.as_deref().unwrap_or("-");
            (
                format!("{} | {} | {affiliation}", e.label, e.kind),
                e.mentions,
            )
        })
        .collect();
    out.sort();
    out
}

/// (rule, text, entities that must be found as "label | Kind" or "label |
/// Kind | affiliation", labels that must not).
const CASES: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "gazetteer: a capital is the city in a locative, the state as an actor",
        "Pyongyang denied it. The summit was held in Pyongyang.",
        &["North Korea | State", "Pyongyang | Place"],
        &[],
    ),
    (
        "gazetteer: photo credits are not sources",
        "Troops march in Pyongyang. Photo: EPA-EFE/KCNA",
        &[],
        &["KCNA"],
    ),
    (
        "gazetteer: a body named after its parent mentions the parent",
        "British Defense Secretary John Healey spoke at the UN General Assembly.",
        &[
            "United Kingdom | State",
            "United Nations | Organization",
            "UN General Assembly | Agency",
        ],
        &[],
    ),
    (
        "gazetteer: states, demonyms and capitals beyond one story",
        "Egyptian Foreign Minister Ola Hamdy said in Cairo that Ankara and Qatari officials agreed.",
        &[
            "Ola Hamdy | Official | egypt",
            "Cairo | Place | egypt",
            "Turkey | State",
            "Qatari officials | Official | qatar",
        ],
        &[],
    ),
    (
        "titles: a titled unknown name is an official of the title's state",
        "Finnish Defence Minister Antti Häkkänen said the report was credible.",
        &["Antti Häkkänen | Official | finland"],
        &[],
    ),
    (
        "titles: an apposition with a former office makes a person",
        "Jane Roe, a former colonel in the US Army, told reporters that it was a risk.",
        &["Jane Roe | Person"],
        &[],
    ),
    (
        "anonymous: a place names local officials",
        "Gaza officials said the toll had risen, and Hamas denied it.",
        &["Gaza officials | Official", "Hamas | Organization"],
        &[],
    ),
    (
        "bodies: capitalised words ending in a head noun",
        "The Lithuanian State Security Department said so, according to The Baltic Sentinel.",
        &["Lithuanian State Security Department | Agency | lithuania"],
        &[],
    ),
    (
        "bodies: a name stops at a weekday and at a line break",
        "Talks in Estonia\nNational Security Council members met. The Estonian Border Guard on Monday said so.",
        &["Estonian Border Guard | Agency | estonia"],
        &["Estonia\nNational", "on Monday"],
    ),
    (
        "bodies: government bodies named in lower case",
        "Russia's foreign ministry said so, and the health ministry in Gaza gave a toll.",
        &[
            "Russian Foreign Ministry | Agency | russia",
            "Gaza Health Ministry | Agency | palestine",
        ],
        &[],
    ),
    (
        "anonymous: anonymous officials, collective media and analysts",
        "A senior Ukrainian official said so. Ukrainian media reported it. Analysts say so.",
        &[
            "senior Ukrainian official | Official | ukraine",
            "Ukrainian media | MediaOutlet",
            "analysts | Person",
        ],
        &[],
    ),
    (
        "anonymous: sources of a region, and of two nationalities at once",
        "Western officials agreed. South Korean and Western intelligence agencies said so.",
        &[
            "Western officials | Official | -",
            "South Korean and Western intelligence agencies | Official | south-korea",
        ],
        &[],
    ),
    (
        "anonymous: a title before a name is not an anonymous source",
        "Kremlin spokesman Dmitry Peskov said so at a NATO defense ministers' meeting.",
        &["Kremlin | Agency"],
        &["spokesman", "ministers"],
    ),
    (
        "outlets: a name with a leading The after according to",
        "The Lithuanian State Security Department said so, according to The Baltic Sentinel.",
        &["The Baltic Sentinel | MediaOutlet"],
        &[],
    ),
    (
        "places: a compass word before a state",
        "Troops are training in eastern Russia.",
        &["eastern Russia | Place | russia"],
        &[],
    ),
    (
        "places: a name before a site noun",
        "In Russia, troops were seen at the Sergeevka training ground.",
        &["Sergeevka training ground | Place | russia"],
        &[],
    ),
    (
        "places: occupied territories of a state; a dash keeps the name",
        "A New York-based think tank spoke of Russian-occupied areas of Ukraine.",
        &[
            "New York | Place",
            "Russian-occupied areas of Ukraine | Place | ukraine",
        ],
        &[],
    ),
    (
        "places: the headquarters of a body",
        "Ministers met at NATO headquarters on Monday.",
        &["NATO headquarters | Place | nato"],
        &[],
    ),
    (
        "units: a state's special forces",
        "Russian special forces units were seen.",
        &["Russian special forces | MilitaryUnit | russia"],
        &[],
    ),
    (
        "units: counted formations take the state in context",
        "North Korea has formed four brigades.",
        &["four brigades | MilitaryUnit | north-korea"],
        &[],
    ),
    (
        "units: a state's intelligence and army by demonym",
        "Ukrainian intelligence said the South Korean army was on alert.",
        &[
            "Ukrainian intelligence | Agency | ukraine",
            "South Korean army | MilitaryUnit | south-korea",
        ],
        &[],
    ),
    (
        "units: a state's intelligence by its name, with a modifier or a collective",
        "The US intelligence community estimated it. Seoul's military intelligence disagreed.",
        &[
            "US intelligence community | Agency | united-states",
            "United States | State",
            "Seoul's military intelligence | Agency | south-korea",
        ],
        &[],
    ),
    (
        "anonymous: sources named by where they are, when they speak",
        "Security officials in Kyiv said so. He later met officials in Warsaw.",
        &["Security officials in Kyiv | Official | ukraine"],
        &["officials in Warsaw"],
    ),
    (
        "titles: a middle initial is part of the name",
        "“It is a signal,” said Victor D. Cha, a professor at the university.",
        &["Victor D. Cha | Person"],
        &[],
    ),
    (
        "bodies: a name after a description ending in an organisation noun",
        "The Ukrainian nuclear operator Energoatom said so. The rebel group Ansar Dine agreed.",
        &[
            "Energoatom | Organization | ukraine",
            "Ukraine | State",
            "Ansar Dine | Organization",
        ],
        &["Ansar Dine | Person"],
    ),
    (
        "places: sites named before a site noun in any case, with places inside and a short name after",
        "The Nova Kakhovka hydroelectric dam on the Dnipro River burst. The Kyiv region and the Zaporizhzhia nuclear power plant lost power. The Al-Ahli Baptist Hospital was hit; the Al-Ahli hospital is full. The Gaza hospital is not a name.",
        &[
            "Nova Kakhovka hydroelectric dam | Place",
            "Dnipro River | Place",
            "Kyiv region | Place | ukraine",
            "Zaporizhzhia nuclear power plant | Place | ukraine",
            "Al-Ahli Baptist Hospital | Place",
        ],
        &["Al-Ahli hospital", "Gaza hospital"],
    ),
    (
        "titles: a title never reaches over a line break; a known name cut short is that person",
        "Missiles for troops: Seoul's top security adviser\nNational Security Adviser Shin Won-sik spoke. Kim Jong Un agreed. Kim Jong also said so.",
        &["Shin Won-sik | Official", "Kim Jong Un | Official"],
        &["National Security", "Kim Jong | Person"],
    ),
    (
        "bodies: a generic body with its owner, in capitals too",
        "The Hamas-run Health Ministry in Gaza said 500 died.",
        &["Gaza Health Ministry | Agency"],
        &[],
    ),
    (
        "anonymous: sources a state installed are not the state; two nationalities",
        "Russian-appointed authorities said so. Ukrainian and international prosecutors agreed. South Korean authorities did not.",
        &[
            "Russian-appointed authorities | Official | russia",
            "Ukrainian and international prosecutors | Official | ukraine",
            "South Korea | State",
        ],
        &["Russia | State"],
    ),
    (
        "bodies: 'and' inside a body's name",
        "Oleksiy Danilov, Secretary of Ukraine’s National Security and Defense Council, spoke.",
        &["National Security and Defense Council | Agency | ukraine"],
        &[],
    ),
    (
        "units: forces named by nationality mention the state",
        "North Korean troops arrived.",
        &["North Korea | State"],
        &["North Korean troops"],
    ),
    (
        "offices: the office of a leader is the presidential office",
        "The office of South Korean President Yoon Suk Yeol said so. President Yoon's office added more.",
        &[
            "South Korean presidential office | Agency",
            "Yoon Suk Yeol | Official",
        ],
        &[],
    ),
];

#[test]
fn each_rule_reads_its_example() {
    let mut failures = Vec::new();
    for &(rule, text, present, absent) in CASES {
        let got = entities(text);
        let missing: Vec<&&str> = present
            .iter()
            .filter(|want| !got.iter().any(|(e, _)| e.starts_with(**want)))
            .collect();
        let unwanted: Vec<&&str> = absent
            .iter()
            .filter(|label| got.iter().any(|(e, _)| e.contains(**label)))
            .collect();
        if !missing.is_empty() || !unwanted.is_empty() {
            failures.push(format!(
                "{rule}:\n  text: {text}\n  missing {missing:?}, unwanted {unwanted:?}\n  got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn coreference_counts_a_surname_as_a_mention_of_the_person() {
    let got = entities("Estonian Foreign Minister Margus Tsahkna spoke. Tsahkna said more.");
    let count = got
        .iter()
        .find(|(e, _)| e.starts_with("Margus Tsahkna | Official"))
        .map(|(_, n)| *n);
    assert_eq!(count, Some(2), "{got:?}");
}

#[test]
fn slugs_are_stable_ascii_segments() {
    for (text, slugged) in [
        ("Kim Tae-hyo", "kim-tae-hyo"),
        ("U.S. officials", "us-officials"),
        ("South Korea’s spy agency", "south-koreas-spy-agency"),
    ] {
        assert_eq!(slug(text), slugged);
    }
}
