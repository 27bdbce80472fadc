//! `claimgraph generate`: a deterministic generator of realistic synthetic
//! news articles for benchmarks (`scripts/bench.sh`, `docs/PERFORMANCE.md`):
//! varied actors and titles, reporting frames, stances, figures with
//! qualifiers, dates and outlets, about 600 words each. Part of the binary,
//! not of the library's API.
//!
//! The same seed and count give byte-identical output.

use claimgraph::date::Date;
use std::io::{self, Write};

/// SplitMix64: small, fast and good enough to vary templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// (title phrase, name): speakers that the extractor should find.
const SPEAKERS: &[(&str, &str)] = &[
    ("Kremlin spokesman", "Dmitry Peskov"),
    ("Russian Foreign Minister", "Sergey Lavrov"),
    ("Ukrainian President", "Volodymyr Zelenskyy"),
    ("South Korean President", "Yoon Suk Yeol"),
    ("NATO Secretary General", "Mark Rutte"),
    ("Pentagon spokesperson", "Sabrina Singh"),
    ("U.S. Secretary of State", "Antony Blinken"),
    ("South Korean Defence Minister", "Kim Yong-hyun"),
    ("Ukrainian military intelligence chief", "Kyrylo Budanov"),
    ("Chinese foreign ministry spokesman", "Lin Jian"),
    ("Japanese Chief Cabinet Secretary", "Yoshimasa Hayashi"),
    ("British Defence Secretary", "John Healey"),
    ("Estonian Foreign Minister", "Margus Tsahkna"),
    ("Polish Defence Minister", "Wladyslaw Kosiniak-Kamysz"),
    ("EU foreign policy chief", "Kaja Kallas"),
];

const BODIES: &[&str] = &[
    "South Korea's National Intelligence Service",
    "Ukraine's military intelligence",
    "the Pentagon",
    "the State Department",
    "the Kremlin",
    "North Korea's foreign ministry",
    "South Korea's Joint Chiefs of Staff",
    "the Institute for the Study of War",
];

const OUTLETS: &[&str] = &[
    "Reuters",
    "Yonhap",
    "AFP",
    "the Associated Press",
    "CNN",
    "the BBC",
    "Ukrinform",
    "TASS",
    "NK News",
    "The Kyiv Independent",
];

const PLACES: &[&str] = &[
    "Russia's Kursk region",
    "eastern Russia",
    "the Russian Far East",
    "the Donetsk region",
    "occupied parts of Ukraine",
    "Vladivostok",
    "Belgorod",
];

const QUALIFIERS: &[&str] = &[
    "",
    "about ",
    "around ",
    "up to ",
    "at least ",
    "more than ",
    "nearly ",
    "some ",
];
const UNITS: &[&str] = &[
    "troops",
    "soldiers",
    "personnel",
    "officers",
    "special forces troops",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const CLAIMS: &[&str] = &[
    "North Korea had sent {n} to {place}",
    "{n} from North Korea were training in {place}",
    "Pyongyang was preparing to deploy {n} to {place}",
    "{n} had arrived in {place} by ship and train",
];

const DENIALS: &[&str] = &[
    "the reports were \"fake news\"",
    "there were no North Korean troops in Russia",
    "the claims were baseless and part of a Western campaign",
];

const WARNINGS: &[&str] = &[
    "the deployment posed a grave threat to security in Europe and Asia",
    "any North Korean involvement would mark a dangerous escalation of the war",
    "the cooperation between Moscow and Pyongyang threatened the region",
];

/// Filler sentences: narration with no attribution, as in real reports.
const NARRATION: &[&str] = &[
    "The war in Ukraine is now in its third year, with fighting concentrated in the east.",
    "Russia and North Korea signed a mutual defence pact in Pyongyang in June.",
    "Satellite images have shown increased rail traffic near the border between the two countries.",
    "Analysts have long expected Pyongyang to seek technology and cash in return for its support.",
    "Western governments have imposed new sanctions on entities involved in arms transfers.",
    "The deployment, if confirmed, would be North Korea's first large-scale involvement in a foreign war in decades.",
    "Officials in Seoul have been monitoring the situation closely since the summer.",
    "Kyiv has repeatedly asked its allies for more air defence systems and long-range weapons.",
];

fn figure(rng: &mut Rng) -> String {
    let n = match rng.below(4) {
        0 => format!("{}", 500 * (1 + rng.below(30))),
        1 => format!("{},000", 1 + rng.below(15)),
        2 => ["two", "three", "four", "six", "several hundred"][rng.below(5)].to_owned(),
        _ => format!("{}", 100 * (1 + rng.below(50))),
    };
    format!("{}{n} {}", rng.word(QUALIFIERS), rng.word(UNITS))
}

fn fill(template: &str, rng: &mut Rng) -> String {
    template
        .replace("{n}", &figure(rng))
        .replace("{place}", rng.word(PLACES))
}

/// One attributed sentence in one of the common English reporting frames.
fn statement(rng: &mut Rng) -> String {
    let (title, name) = *rng.pick(SPEAKERS);
    let surname = name.rsplit(' ').next().unwrap_or(name);
    let day = rng.word(WEEKDAYS);
    let claim = fill(rng.word(CLAIMS), rng);
    match rng.below(9) {
        0 => format!("{title} {name} said on {day} that {claim}."),
        1 => format!(
            "\"{}\", {surname} told {}.",
            capitalise(&claim),
            rng.word(OUTLETS)
        ),
        2 => format!("According to {}, {claim}.", rng.word(BODIES)),
        3 => format!(
            "{} reported that {claim}, citing {}.",
            capitalise(rng.word(OUTLETS)),
            rng.word(BODIES)
        ),
        4 => format!(
            "{title} {name} denied the reports, saying {}.",
            rng.word(DENIALS)
        ),
        5 => format!("{title} {name} warned that {}.", rng.word(WARNINGS)),
        6 => format!(
            "{} said it could not confirm that {claim}.",
            capitalise(rng.word(BODIES))
        ),
        7 => format!("{title} {name} urged Pyongyang to withdraw its troops immediately."),
        _ => format!(
            "{} condemned what it called the illegal deployment, a spokesperson said.",
            capitalise(rng.word(BODIES))
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The text of article `index` (about 600 words).
fn article(rng: &mut Rng, index: usize) -> (String, String, String, String) {
    let date = Date::new(2024, 10, 1)
        .expect("valid date")
        .add_days(rng.below(120) as i64);
    let publisher = rng.word(OUTLETS).trim_start_matches("the ").to_owned();
    let headline = format!(
        "{} as reports of North Korean troops in Russia grow",
        capitalise(&statement(rng)).trim_end_matches('.')
    );
    let mut paragraphs = Vec::new();
    let mut words = 0;
    while words < 600 {
        let mut paragraph = Vec::new();
        for _ in 0..(2 + rng.below(3)) {
            let sentence = if rng.below(3) == 0 {
                rng.word(NARRATION).to_owned()
            } else {
                statement(rng)
            };
            words += sentence.split_whitespace().count();
            paragraph.push(sentence);
        }
        paragraphs.push(paragraph.join(" "));
    }
    let _ = index;
    (
        headline,
        publisher,
        date.to_string(),
        paragraphs.join("\n\n"),
    )
}

/// Writes `count` articles as JSON Lines.
pub fn write_jsonl(count: usize, seed: u64, mut out: impl Write) -> io::Result<()> {
    let mut rng = Rng(seed);
    for i in 0..count {
        let (headline, publisher, published, text) = article(&mut rng, i);
        let record = serde_json::json!({
            "id": format!("synth-{seed}-{i:06}"),
            "headline": headline,
            "publisher": publisher,
            "published": published,
            "text": format!("{headline}\n\n{text}"),
        });
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_about_600_words() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_jsonl(5, 7, &mut a).unwrap();
        write_jsonl(5, 7, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let words = v["text"].as_str().unwrap().split_whitespace().count();
            assert!((550..800).contains(&words), "{words}");
        }
        let mut c = Vec::new();
        write_jsonl(5, 8, &mut c).unwrap();
        assert_ne!(text.as_bytes(), c.as_slice());
    }
}
