//! Data-driven extraction tests: every `tests/articles/NAME.txt` (articles
//! written for these tests, not the development set) is extracted and
//! compared with two golden files:
//! - `NAME.expected`, a readable rendering of entities, statements and
//!   relations. A line known to be wrong ends with `  # FIXME: why`; what
//!   should come out and does not is a note line `# FIXME missing: ...`
//!   after the line it follows. Marks and notes are ignored when comparing
//!   and kept when the file is re-blessed.
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
/// The extractor's version changes with the code, so it is shown as
/// `"(varies)"`.
fn canonical_nquads(quads: &[oxigraph::model::Quad]) -> String {
    use claimgraph::vocab::cg;
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| {
            if q.predicate == cg::EXTRACTOR {
                format!(
                    "{} {} \"(varies)\" {} .",
                    q.subject, q.predicate, q.graph_name
                )
            } else {
                format!("{q} .")
            }
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// What an expected file says beyond the extraction itself.
#[derive(Debug, Default, PartialEq)]
struct Fixmes {
    /// Marks on lines known to be wrong, by line.
    marks: BTreeMap<String, String>,
    /// Notes of what is missing, by the line they follow ("" at the top).
    notes: Vec<(String, String)>,
}

/// An expected file without its FIXME marks and notes.
fn strip_fixmes(expected: &str) -> (String, Fixmes) {
    let mut fixmes = Fixmes::default();
    let mut plain = String::new();
    let mut previous = String::new();
    for line in expected.lines() {
        if line.starts_with("# FIXME") {
            fixmes.notes.push((previous.clone(), line.to_owned()));
            continue;
        }
        let content = match line.find(FIXME) {
            Some(at) => {
                fixmes
                    .marks
                    .insert(line[..at].to_owned(), line[at..].to_owned());
                &line[..at]
            }
            None => line,
        };
        plain.push_str(content);
        plain.push('\n');
        previous = content.to_owned();
    }
    (plain, fixmes)
}

/// `got` with the FIXME marks of lines still produced, and each note after
/// the line it followed (at the end if that line is gone).
fn keep_fixmes(got: &str, fixmes: &Fixmes) -> String {
    let mut out = String::new();
    let mut placed = vec![false; fixmes.notes.len()];
    let mut place = |after: &str, out: &mut String| {
        for (n, (line, note)) in fixmes.notes.iter().enumerate() {
            if !placed[n] && line == after {
                placed[n] = true;
                out.push_str(note);
                out.push('\n');
            }
        }
    };
    place("", &mut out);
    for line in got.lines() {
        out.push_str(line);
        if let Some(mark) = fixmes.marks.get(line) {
            out.push_str(mark);
        }
        out.push('\n');
        place(line, &mut out);
    }
    for (n, (_, note)) in fixmes.notes.iter().enumerate() {
        if !placed[n] {
            out.push_str(note);
            out.push('\n');
        }
    }
    out
}

/// Compares `got` with the golden file, or re-blesses it; a mismatch is a
/// unified diff (reorderings show as moved lines).
fn check(path: &Path, got: &str, update: bool, failures: &mut Vec<String>) {
    let expected = fs::read_to_string(path).unwrap_or_default();
    let (plain, fixmes) = strip_fixmes(&expected);
    if update {
        fs::write(path, keep_fixmes(got, &fixmes)).unwrap();
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
        let quads: Vec<_> = quads.graph.into_iter().chain(quads.shared).collect();
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
fn fixme_marks_and_notes_survive_a_rebless_and_are_ignored_when_comparing() {
    let expected = "a | b\n# FIXME missing: x | y\nc | d  # FIXME: d is wrong\n";
    let (plain, fixmes) = strip_fixmes(expected);
    assert_eq!(plain, "a | b\nc | d\n");
    assert_eq!(keep_fixmes(&plain, &fixmes), expected);
    assert_eq!(
        keep_fixmes("c | d\ne | f\n", &fixmes),
        "c | d  # FIXME: d is wrong\ne | f\n# FIXME missing: x | y\n"
    );
}
