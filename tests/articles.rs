//! Data-driven extraction tests: every `tests/articles/NAME.txt` (articles
//! written for these tests, not the development set) is extracted and
//! compared with `NAME.expected`. Re-bless with `UPDATE_EXPECT=1 cargo test
//! --release --test articles` after checking the difference is right.

use claimgraph::article::read_text_file;
use claimgraph::extract::{Extraction, Lexicon, extract};
use std::fmt::Write;
use std::fs;
use std::path::Path;

/// A readable rendering of what was extracted, stable across runs.
fn render(extraction: &Extraction) -> String {
    let label = |idx: Option<claimgraph::extract::EntityIdx>| {
        idx.map_or(String::from("-"), |i| extraction.entity(i).label.clone())
    };
    let mut out = String::from("# entities: label | kind | affiliation\n");
    let mut entities: Vec<String> = extraction
        .entities
        .iter()
        .filter(|e| e.mentions > 0)
        .map(|e| {
            format!(
                "{} | {} | {}",
                e.label,
                e.kind.local_name(),
                e.affiliation.as_deref().unwrap_or("-")
            )
        })
        .collect();
    entities.sort();
    for e in entities {
        writeln!(out, "{e}").unwrap();
    }
    out.push_str("\n# statements: sentence | speaker | stance | figure | via | cue | subject predicate object\n");
    for s in &extraction.statements {
        let figure = s.figure.as_ref().map_or(String::from("-"), |f| {
            format!("{} {} {}", f.qualifier.local_name(), f.value, f.unit)
        });
        writeln!(
            out,
            "{} | {} | {} | {} | {} | {} | {} {} {}",
            s.sentence + 1,
            label(Some(s.speaker)),
            s.stance.local_name(),
            figure,
            label(s.via),
            s.cue,
            label(s.proposition.subject),
            s.proposition.predicate,
            label(s.proposition.object),
        )
        .unwrap();
    }
    out.push_str("\n# relations: sentence | subject predicate object | date | place\n");
    for r in &extraction.relations {
        writeln!(
            out,
            "{} | {} {} {} | {} | {}",
            r.sentence + 1,
            label(Some(r.subject)),
            r.predicate,
            label(Some(r.object)),
            r.date.map_or(String::from("-"), |d| d.to_string()),
            label(r.place),
        )
        .unwrap();
    }
    out
}

#[test]
fn articles_match_their_expected_extractions() {
    let lexicon = Lexicon::embedded().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let article = read_text_file(&path).unwrap();
        let got = render(&extract(&article, &lexicon));
        let expected_path = path.with_extension("expected");
        if update {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            let diff: Vec<String> = got
                .lines()
                .filter(|l| !expected.lines().any(|e| e == *l))
                .map(|l| format!("+ {l}"))
                .chain(
                    expected
                        .lines()
                        .filter(|e| !got.lines().any(|l| l == *e))
                        .map(|l| format!("- {l}")),
                )
                .collect();
            failures.push(format!("{}:\n{}", path.display(), diff.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "extraction changed (UPDATE_EXPECT=1 re-blesses):\n{}",
        failures.join("\n\n")
    );
}
