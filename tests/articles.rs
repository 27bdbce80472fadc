//! Data-driven extraction tests: every `tests/articles/NAME.txt` (articles
//! written for these tests, not the development set) is extracted and
//! compared with two golden files:
//! - `NAME.expected`, a readable rendering of entities, statements and
//!   relations. A line known to be wrong ends with `  # FIXME: why`; the
//!   mark is kept when the file is re-blessed and the line still comes out.
//! - `NAME.nq`, the article's graph as canonical N-Quads (sorted; claimgraph
//!   mints no blank nodes, so sorting is canonicalisation).
//!
//! Re-bless both with `UPDATE_EXPECT=1 cargo test --release --test articles`
//! after checking that the difference is right.

use claimgraph::article::read_text_file;
use claimgraph::extract::{Extraction, Lexicon, extract};
use claimgraph::rdf::to_quads;
use similar::TextDiff;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

const FIXME: &str = "  # FIXME";

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

/// The article's graph as sorted N-Quads lines.
fn canonical_nquads(quads: &[oxigraph::model::Quad]) -> String {
    let mut lines: Vec<String> = quads.iter().map(|q| format!("{q} .")).collect();
    lines.sort();
    lines.dedup();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// An expected file without its FIXME marks, and the marks by line.
fn strip_fixmes(expected: &str) -> (String, BTreeMap<String, String>) {
    let mut marks = BTreeMap::new();
    let mut plain = String::new();
    for line in expected.lines() {
        let (content, mark) = match line.find(FIXME) {
            Some(at) => (&line[..at], Some(&line[at..])),
            None => (line, None),
        };
        if let Some(mark) = mark {
            marks.insert(content.to_owned(), mark.to_owned());
        }
        plain.push_str(content);
        plain.push('\n');
    }
    (plain, marks)
}

/// `got` with the FIXME marks of lines that are still produced.
fn keep_fixmes(got: &str, marks: &BTreeMap<String, String>) -> String {
    got.lines()
        .map(|line| match marks.get(line) {
            Some(mark) => format!("{line}{mark}\n"),
            None => format!("{line}\n"),
        })
        .collect()
}

/// Compares `got` with the golden file, or re-blesses it; a mismatch is a
/// unified diff (reorderings show as moved lines).
fn check(path: &Path, got: &str, update: bool, failures: &mut Vec<String>) {
    let expected = fs::read_to_string(path).unwrap_or_default();
    let (plain, marks) = strip_fixmes(&expected);
    if update {
        fs::write(path, keep_fixmes(got, &marks)).unwrap();
        return;
    }
    if got != plain {
        let diff = TextDiff::from_lines(plain.as_str(), got)
            .unified_diff()
            .context_radius(2)
            .header("expected", "extracted")
            .to_string();
        failures.push(format!("{}:\n{diff}", path.display()));
    }
}

fn test_articles() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn articles_match_their_golden_extractions_and_graphs() {
    let lexicon = Lexicon::embedded().unwrap();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let paths = test_articles();
    assert!(paths.len() >= 5, "{paths:?}");
    for path in paths {
        let article = read_text_file(&path).unwrap();
        let extraction = extract(&article, &lexicon);
        check(
            &path.with_extension("expected"),
            &render(&extraction),
            update,
            &mut failures,
        );
        let quads = to_quads(&article, &extraction, &lexicon);
        check(
            &path.with_extension("nq"),
            &canonical_nquads(&quads),
            update,
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "extraction changed (UPDATE_EXPECT=1 re-blesses):\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn fixme_marks_survive_a_rebless_and_are_ignored_when_comparing() {
    let expected = "a | b\nc | d  # FIXME: d is wrong\n";
    let (plain, marks) = strip_fixmes(expected);
    assert_eq!(plain, "a | b\nc | d\n");
    assert_eq!(
        keep_fixmes("c | d\ne | f\n", &marks),
        "c | d  # FIXME: d is wrong\ne | f\n"
    );
}
