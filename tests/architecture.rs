//! Guards the invariants ARCHITECTURE.md states, by reading the sources.

use std::fs;
use std::path::{Path, PathBuf};

/// The Rust files under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Lines of `files` containing any of `needles`, as "file:line: text".
fn occurrences(files: &[PathBuf], needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, code));
            }
        }
    }
    found
}

#[test]
fn extraction_does_no_io_and_knows_no_rdf() {
    let files = rust_files(&src().join("extract"));
    assert!(files.len() > 10, "{files:?}");
    let found = occurrences(
        &files,
        &[
            "oxigraph",
            "std::fs",
            "fs::",
            "File::",
            "std::net",
            "std::process",
            "crate::rdf",
        ],
    );
    assert!(
        found.is_empty(),
        "extraction must stay pure:\n{}",
        found.join("\n")
    );
}

#[test]
fn iris_are_built_only_in_vocab_and_rdf() {
    let all = rust_files(&src());
    let path = |f: &PathBuf| f.to_string_lossy().replace('\\', "/");
    // IRI strings: only in vocab.rs.
    let outside_vocab: Vec<PathBuf> = all
        .iter()
        .filter(|f| !path(f).ends_with("src/vocab.rs"))
        .cloned()
        .collect();
    // The push module's tests name servers' URLs, which are no IRIs of the
    // data.
    let iri_holders: Vec<PathBuf> = outside_vocab
        .iter()
        .filter(|f| !path(f).contains("src/push/"))
        .cloned()
        .collect();
    let literals = occurrences(&iri_holders, &["\"http://", "\"https://"]);
    assert!(
        literals.is_empty(),
        "IRI strings live in src/vocab.rs:\n{}",
        literals.join("\n")
    );
    // Named nodes: built only in vocab.rs and src/rdf/.
    let outside_rdf: Vec<PathBuf> = outside_vocab
        .into_iter()
        .filter(|f| !path(f).contains("src/rdf/"))
        .collect();
    let built = occurrences(&outside_rdf, &["NamedNode::new", "NamedNodeRef::new"]);
    assert!(
        built.is_empty(),
        "IRIs are minted in src/rdf from src/vocab terms:\n{}",
        built.join("\n")
    );
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let long: Vec<String> = rust_files(&src())
        .into_iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(&f).unwrap().lines().count();
            (lines > 600).then(|| format!("{}: {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these modules:\n{}", long.join("\n"));
}

#[test]
fn the_binary_is_glue_over_the_library() {
    // The library does not reach into the command line.
    let found = occurrences(
        &rust_files(&src())
            .into_iter()
            .filter(|f| !f.to_string_lossy().contains("src/cli") && !f.ends_with("main.rs"))
            .collect::<Vec<_>>(),
        &["anyhow::", "eprintln!", "println!", "std::process::exit"],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_lexicon_section_is_named_after_the_module_that_reads_it() {
    let lexicon = fs::read_to_string(src().join("../data/lexicon.toml")).unwrap();
    let sections: Vec<&str> = lexicon
        .lines()
        .filter_map(|l| l.strip_prefix('['))
        .filter(|l| !l.starts_with('['))
        .filter_map(|l| l.split(']').next())
        .filter(|name| !name.contains('.'))
        .collect();
    assert!(sections.len() > 15, "{sections:?}");
    let extract = src().join("extract");
    let files = rust_files(&extract);
    for section in sections {
        // [names] is shared by several mention families.
        if section != "names" {
            let module = files.iter().any(|f| {
                f.file_stem().is_some_and(|s| s == section)
                    || (f.ends_with("mod.rs") && f.parent().is_some_and(|d| d.ends_with(section)))
            });
            assert!(
                module,
                "no module src/extract/**/{section}.rs reads [{section}]"
            );
        }
        // One hop back: the readers' docs name the section.
        let named = files
            .iter()
            .filter(|f| !f.to_string_lossy().contains("lexicon"))
            .any(|f| {
                fs::read_to_string(f)
                    .unwrap()
                    .contains(&format!("[{section}]"))
            });
        assert!(named, "no rule's doc names [{section}]");
    }
}
