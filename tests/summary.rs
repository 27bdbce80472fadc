//! The summary's tallies (statements per speaker and stance, per
//! proposition and stance, figures per proposition, date and unit, relations
//! per subject, predicate and object, names per entity, articles per outlet
//! and day) equal what a full scan of the article graphs gives,
//! after builds, changes and removals.

mod common;

use common::{copy_sample, run, stderr, store_arg};
use serde_json::Value;
use std::fs;

/// Each pair: the whole-corpus count by a scan, and the same read from the
/// tallies (one node per key: the sums check that too).
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "statements per speaker and stance",
        "SELECT ?k1 ?k2 (COUNT(?s) AS ?n) (COUNT(DISTINCT ?g) AS ?a) WHERE {
           GRAPH ?g { ?s cg:speaker ?k1 ; cg:stance ?k2 } } GROUP BY ?k1 ?k2",
        "SELECT ?k1 ?k2 (SUM(?c) AS ?n) (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:SpeakerTally ; cg:tallySpeaker ?k1 ; cg:tallyStance ?k2 ;
              cg:statementCount ?c ; cg:articleCount ?d } } GROUP BY ?k1 ?k2",
    ),
    (
        "statements per proposition and stance",
        "SELECT ?k1 ?k2 (COUNT(?s) AS ?n) (COUNT(DISTINCT ?g) AS ?a) WHERE {
           GRAPH ?g { ?s cg:proposition ?k1 ; cg:stance ?k2 } } GROUP BY ?k1 ?k2",
        "SELECT ?k1 ?k2 (SUM(?c) AS ?n) (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:PropositionTally ; cg:tallyProposition ?k1 ; cg:tallyStance ?k2 ;
              cg:statementCount ?c ; cg:articleCount ?d } } GROUP BY ?k1 ?k2",
    ),
    (
        "statements per speaker, proposition and stance",
        "SELECT ?k1 ?k2 ?k3 (COUNT(?s) AS ?n) (COUNT(DISTINCT ?g) AS ?a) WHERE {
           GRAPH ?g { ?s cg:speaker ?k1 ; cg:proposition ?k2 ; cg:stance ?k3 } } GROUP BY ?k1 ?k2 ?k3",
        "SELECT ?k1 ?k2 ?k3 (SUM(?c) AS ?n) (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:StanceTally ; cg:tallySpeaker ?k1 ; cg:tallyProposition ?k2 ; cg:tallyStance ?k3 ;
              cg:statementCount ?c ; cg:articleCount ?d } } GROUP BY ?k1 ?k2 ?k3",
    ),
    (
        "figures per proposition, date and unit",
        "SELECT ?k1 ?k2 ?k3 (COUNT(?s) AS ?n) (COUNT(DISTINCT ?g) AS ?a) (SUM(?q) AS ?sum) WHERE {
           GRAPH ?g { ?s cg:proposition ?k1 ; cg:figure ?f .
                      ?art cg:articleId ?id
                      OPTIONAL { ?s cg:date ?said } OPTIONAL { ?art schema:datePublished ?published } }
           GRAPH cgid:graph\\/figures { ?f cg:quantity ?q OPTIONAL { ?f cg:unit ?k3 } }
           BIND(COALESCE(?said, ?published) AS ?k2) } GROUP BY ?k1 ?k2 ?k3",
        "SELECT ?k1 ?k2 ?k3 (SUM(?c) AS ?n) (SUM(?d) AS ?a) (SUM(?q) AS ?sum) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:FigureTally ; cg:tallyProposition ?k1 ; cg:statementCount ?c ;
              cg:articleCount ?d ; cg:quantitySum ?q
           OPTIONAL { ?t cg:tallyDate ?k2 } OPTIONAL { ?t cg:tallyUnit ?k3 } } } GROUP BY ?k1 ?k2 ?k3",
    ),
    (
        "relations per subject, predicate and object",
        "SELECT ?k1 ?k2 ?k3 (COUNT(?r) AS ?n) (COUNT(DISTINCT ?g) AS ?a) WHERE {
           GRAPH ?g { ?r a cg:Relation ; cg:subject ?k1 ; cg:predicate ?k2 ; cg:object ?k3 } } GROUP BY ?k1 ?k2 ?k3",
        "SELECT ?k1 ?k2 ?k3 (SUM(?c) AS ?n) (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:RelationTally ; cg:tallySubject ?k1 ; cg:tallyPredicate ?k2 ; cg:tallyObject ?k3 ;
              cg:statementCount ?c ; cg:articleCount ?d } } GROUP BY ?k1 ?k2 ?k3",
    ),
    (
        "articles per outlet",
        "SELECT ?k1 (COUNT(?art) AS ?a) WHERE {
           GRAPH ?g { ?art cg:articleId ?id OPTIONAL { ?art cg:publisherName ?k1 } } } GROUP BY ?k1",
        "SELECT ?k1 (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:OutletTally ; cg:articleCount ?d OPTIONAL { ?t cg:tallyOutlet ?k1 } } } GROUP BY ?k1",
    ),
    (
        "articles per day",
        "SELECT ?k1 (COUNT(?art) AS ?a) WHERE {
           GRAPH ?g { ?art cg:articleId ?id OPTIONAL { ?art schema:datePublished ?k1 } } } GROUP BY ?k1",
        "SELECT ?k1 (SUM(?d) AS ?a) WHERE { GRAPH cgid:graph\\/summary {
           ?t a cg:DateTally ; cg:articleCount ?d OPTIONAL { ?t cg:tallyDate ?k1 } } } GROUP BY ?k1",
    ),
];

/// A query's rows, each cell as text, sorted.
fn rows(store: &str, query: &str) -> Vec<Vec<String>> {
    let out = run(&["query", "--store", store, "--format", "json", query]);
    assert!(out.status.success(), "{query}: {}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let vars: Vec<String> = json["head"]["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut rows: Vec<Vec<String>> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            vars.iter()
                .map(|v| b[v]["value"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn assert_tallies_are_exact(store: &str, when: &str) {
    for (what, scan, tallies) in PAIRS {
        let scanned = rows(store, scan);
        assert_eq!(rows(store, tallies), scanned, "{what}, {when}");
    }
}

fn build(store: &str, files: &[&str]) {
    let mut args = vec!["build", "--store", store];
    args.extend_from_slice(files);
    let out = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn tallies_equal_a_full_scan_after_builds_changes_and_removals() {
    let dir = tempfile::tempdir().unwrap();
    let articles = copy_sample(dir.path());
    let store = store_arg(&dir.path().join("store"));
    let folder = articles.display().to_string();
    build(&store, &[&folder]);
    let scanned = rows(&store, PAIRS[0].1);
    assert!(scanned.len() > 20, "{scanned:?}");
    assert_tallies_are_exact(&store, "after the first build");

    // A changed article: one more figure, the same speaker again.
    let changed = articles.join("003_e67624c713d5ee1f.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str(
        "\nSouth Korea's spy agency said on Friday that about 3,000 North Korean troops had been sent to Russia.\n",
    );
    fs::write(&changed, text).unwrap();
    build(&store, &[&folder]);
    assert_tallies_are_exact(&store, "after a change");

    // A generated corpus in two builds, one of its articles twice.
    let corpus = dir.path().join("corpus.jsonl");
    let corpus_arg = corpus.display().to_string();
    let out = run(&[
        "generate",
        "--articles",
        "60",
        "--seed",
        "7",
        "-o",
        &corpus_arg,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let (first, second) = lines.split_at(25);
    let part = |name: &str, lines: &[String]| {
        let path = dir.path().join(name);
        fs::write(&path, lines.join("\n") + "\n").unwrap();
        path.display().to_string()
    };
    let one = part("one.jsonl", first);
    let two = part("two.jsonl", second);
    build(&store, &[&one]);
    build(&store, &[&two]);
    assert_tallies_are_exact(&store, "after two generated batches");

    // Removals: a sample article and some generated ones.
    let out = run(&[
        "remove",
        "--store",
        &store,
        "001_e61aee8b45da73a5",
        "synth-7-000003",
        "synth-7-000040",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_tallies_are_exact(&store, "after removals");

    // Everything removed: no tally is left.
    let ids = rows(
        &store,
        "SELECT ?id WHERE { GRAPH ?g { ?a cg:articleId ?id } }",
    );
    let mut args = vec!["remove".to_owned(), "--store".to_owned(), store.clone()];
    args.extend(ids.into_iter().map(|row| row[0].clone()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(run(&args).status.success());
    let left = rows(
        &store,
        "SELECT ?t WHERE { GRAPH cgid:graph\\/summary { ?t ?p ?o } }",
    );
    assert!(left.is_empty(), "{left:?}");
}
