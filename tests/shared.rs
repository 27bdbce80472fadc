//! What article graphs share is stated once per store (the gazetteer's
//! entity descriptions, the propositions, the facts) and stays exact: after
//! removals, changes and a changed gazetteer, the store is byte for byte the
//! one a fresh build of the same articles gives.

mod common;

use common::{run, sample_dir, stderr, store_arg};
use std::fs;
use std::path::Path;

fn export(store: &str) -> String {
    let out = run(&["export", "--store", store, "--format", "nquads"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn build(store: &str, extra: &[&str]) {
    let mut args = vec!["build", "--store", store];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A store built afresh from `files` (with `options` first).
fn fresh(options: &[&str], files: &[String]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let store = store_arg(dir.path());
    let mut args: Vec<&str> = options.to_vec();
    args.extend(files.iter().map(String::as_str));
    build(&store, &args);
    export(&store)
}

fn sample_files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(sample_dir())
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    files
}

fn id_of(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn graph_lines<'a>(export: &'a str, graph: &str) -> Vec<&'a str> {
    export
        .lines()
        .filter(|l| l.ends_with(&format!("<https://w3id.org/claimgraph/id/graph/{graph}> .")))
        .collect()
}

#[test]
fn removing_articles_leaves_what_a_fresh_build_of_the_rest_gives() {
    let files = sample_files();
    let dir = tempfile::tempdir().unwrap();
    let store = store_arg(dir.path());
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    build(&store, &all);
    let whole = export(&store);
    for graph in ["entities", "propositions", "facts"] {
        assert!(!graph_lines(&whole, graph).is_empty(), "no {graph} graph");
    }
    // Each gazetteer entity is described once, not once per article.
    let russia_labels = whole
        .lines()
        .filter(|l| l.starts_with("<https://w3id.org/claimgraph/id/entity/russia> <http://www.w3.org/2000/01/rdf-schema#label>"))
        .count();
    assert_eq!(russia_labels, 1, "{whole}");

    // Two removed, one by one and then together, in another order.
    for (removed, ids) in [
        (vec![1], vec![id_of(&files[1])]),
        (vec![1, 3, 0], vec![id_of(&files[3]), id_of(&files[0])]),
    ] {
        let mut args = vec!["remove", "--store", &store];
        args.extend(ids.iter().map(String::as_str));
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let rest: Vec<String> = files
            .iter()
            .enumerate()
            .filter(|(i, _)| !removed.contains(i))
            .map(|(_, f)| f.clone())
            .collect();
        assert_eq!(
            export(&store),
            fresh(&[], &rest),
            "after removing {removed:?}"
        );
    }
    // Built back, the store is what it was.
    build(&store, &all);
    assert_eq!(export(&store), whole);
    let ids: Vec<String> = files.iter().map(|f| id_of(f)).collect();
    let mut args = vec!["remove", "--store", &store];
    args.extend(ids.iter().map(String::as_str));
    assert!(run(&args).status.success());
    assert_eq!(
        export(&store),
        "",
        "nothing is left once every article is gone"
    );
}

#[test]
fn a_changed_gazetteer_entry_is_described_as_the_gazetteer_now_says() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let original = fs::read_to_string(root.join("data/gazetteer.toml")).unwrap();
    let renamed = original.replacen("name = \"Russia\"", "name = \"Russian Federation (RF)\"", 1);
    assert_ne!(renamed, original, "the gazetteer names Russia");
    let gazetteer = dir.path().join("gazetteer.toml");
    fs::write(&gazetteer, &renamed).unwrap();
    let gazetteer = gazetteer.display().to_string();

    let files = sample_files();
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    let store = store_arg(&dir.path().join("store"));
    build(&store, &all);
    let original = export(&store);
    let russia = "<https://w3id.org/claimgraph/id/entity/russia> <http://www.w3.org/2000/01/rdf-schema#label>";
    let labels = |export: &str| -> Vec<String> {
        export
            .lines()
            .filter(|l| l.starts_with(russia))
            .map(str::to_owned)
            .collect()
    };
    // One article rebuilt with the new gazetteer: the others still name
    // Russia, whose one description now says what the gazetteer says.
    build(&store, &["--gazetteer", &gazetteer, &files[0]]);
    let mixed = labels(&export(&store));
    assert_eq!(mixed.len(), 1, "{mixed:?}");
    assert!(
        mixed[0].contains("\"Russian Federation (RF)\""),
        "{mixed:?}"
    );
    // Back to the embedded gazetteer for all: the store is what it was.
    build(&store, &all);
    assert_eq!(export(&store), original);
    let mut with_renamed = vec!["--gazetteer", gazetteer.as_str()];
    with_renamed.extend(all.iter().copied());
    build(&store, &with_renamed);
    assert_eq!(export(&store), fresh(&["--gazetteer", &gazetteer], &files));
}
