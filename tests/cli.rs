//! End-to-end tests: the real binary on the sample corpus and on bad input.

use oxigraph::io::{RdfFormat, RdfParser};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

mod common;

use common::*;

#[test]
fn sample_corpus_yields_the_story_s_key_statements() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let rows = select(&store, &query_file("statements.rq"));
    assert!(
        rows.iter()
            .any(|r| value(r, "speaker") == "Dmitry Peskov" && value(r, "stance") == "denies"),
        "the Kremlin spokesman's denial is missing"
    );
    assert!(
        rows.iter()
            .any(|r| value(r, "speaker") == "National Intelligence Service"
                && value(r, "quantity") == "12000"),
        "the NIS figure of 12,000 is missing"
    );
    let pacts = select(&store, &query_file("pacts.rq"));
    assert!(
        pacts
            .iter()
            .any(|r| value(r, "date") == "2024-06-19" && value(r, "place") == "Pyongyang"),
        "the pact signed in Pyongyang on 2024-06-19 is missing: {pacts:?}"
    );
    // Every statement traces back to its evidence: offsets into the text of
    // the article whose graph holds it.
    let denial = rows
        .iter()
        .find(|r| value(r, "speaker") == "Dmitry Peskov" && value(r, "stance") == "denies")
        .unwrap();
    assert!(value(denial, "evidence").contains("Peskov"), "{denial:?}");
    let trace = run(&[
        "query",
        "--store",
        &store,
        "--format",
        "csv",
        "SELECT ?evidence WHERE { GRAPH ?g { ?a schema:articleBody ?body . ?s cg:speaker ?speaker ; cg:start ?start ; cg:end ?end } BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?evidence) FILTER(STRLEN(?evidence) > 20) }",
    ]);
    assert!(trace.status.success(), "{}", stderr(&trace));
    assert_eq!(stdout(&trace).lines().count(), rows.len() + 1);
}

#[test]
fn every_canned_query_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    for entry in
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries")).unwrap()
    {
        let path = entry.unwrap().path();
        let rows = select(&store, &path.display().to_string());
        assert!(
            !rows.is_empty(),
            "{} returns no rows on the sample corpus",
            path.display()
        );
    }
    // --explain adds the plan, with rows per operator, on standard error.
    let explained = run(&[
        "query",
        "--store",
        &store,
        "--explain",
        "--format",
        "csv",
        "SELECT ?s WHERE { ?s cg:speaker ?speaker }",
    ]);
    assert!(explained.status.success(), "{}", stderr(&explained));
    let plan: Value = serde_json::from_str(stderr(&explained).trim()).expect("plan is JSON");
    assert!(plan.to_string().contains("number of results"), "{plan}");
    assert!(stdout(&explained).starts_with("s\r\n"));
}

#[test]
fn building_twice_changes_nothing_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let first = run(&["export", "--store", &store, "--format", "nquads"]);
    let again = run(&["build", "--store", &store]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("0 new, 0 changed, 5 unchanged, 0 failed"),
        "{}",
        stderr(&again)
    );
    let second = run(&["export", "--store", &store, "--format", "nquads"]);
    assert_eq!(first.stdout, second.stdout);
    // Compaction changes the files, not the content.
    let optimized = run(&["optimize", "--store", &store]);
    assert!(optimized.status.success(), "{}", stderr(&optimized));
    assert!(stderr(&optimized).contains("compacted"));
    let compacted = run(&["export", "--store", &store, "--format", "nquads"]);
    assert_eq!(first.stdout, compacted.stdout);
    // A fresh store from the same input is byte-identical too.
    let other = tempfile::tempdir().unwrap();
    let other_store = build_sample(other.path());
    let third = run(&["export", "--store", &other_store, "--format", "nquads"]);
    assert_eq!(first.stdout, third.stdout);
}

#[test]
fn one_article_can_be_updated_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let articles = copy_sample(dir.path());
    let store = store_arg(dir.path());
    let articles_arg = articles.display().to_string();
    assert!(
        run(&["build", "--store", &store, &articles_arg])
            .status
            .success()
    );

    let changed = articles.join("003_e67624c713d5ee1f.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nEstonian Foreign Minister Margus Tsahkna said about 500 North Korean troops had reached Kursk.\n");
    fs::write(&changed, text).unwrap();
    let rebuilt = run(&["build", "--store", &store, &articles_arg]);
    assert!(
        stderr(&rebuilt).contains("0 new, 1 changed, 4 unchanged"),
        "{}",
        stderr(&rebuilt)
    );
    let rows = select(&store, &query_file("statements.rq"));
    assert!(
        rows.iter()
            .any(|r| value(r, "speaker") == "Margus Tsahkna" && value(r, "quantity") == "500")
    );
    // A replaced graph (a transaction) is what a fresh store gets (the bulk loader).
    let fresh = tempfile::tempdir().unwrap();
    let fresh_store = store_arg(fresh.path());
    assert!(
        run(&["build", "--store", &fresh_store, &articles_arg])
            .status
            .success()
    );
    let export = |store: &str| run(&["export", "--store", store, "--format", "nquads"]).stdout;
    assert_eq!(export(&store), export(&fresh_store));

    let removed = run(&["remove", "--store", &store, "003_e67624c713d5ee1f"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    let rows = select(&store, &query_file("statements.rq"));
    assert!(
        rows.iter()
            .all(|r| value(r, "doc") != "003_e67624c713d5ee1f")
    );
    assert!(
        rows.iter()
            .any(|r| value(r, "doc") == "002_a0c74e52440efbcf")
    );

    let unknown = run(&["remove", "--store", &store, "no-such-article"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no article with id \"no-such-article\""));
}

#[test]
fn bad_inputs_are_reported_per_file_and_the_rest_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("good.txt"),
        "Headline\nRussia denied sending troops, Peskov said.\n",
    )
    .unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    fs::write(input.join("binary.txt"), b"\x7fELF\x00\x01\x02").unwrap();
    fs::write(input.join("latin1.txt"), b"Headline\nCaf\xe9 talk\n").unwrap();
    fs::write(
        input.join("front.md"),
        "+++\npublished = \"last week\"\n+++\nText\n",
    )
    .unwrap();
    fs::write(
        input.join("corpus.jsonl"),
        "{\"id\": \"j1\", \"text\": \"Seoul said 1,500 troops were sent.\"}\n{not json\n{\"id\": \"j3\"}\n",
    )
    .unwrap();
    // Bigger than any article: refused without reading it into memory.
    let huge = "All quiet on the front. ".repeat(700_000);
    fs::write(input.join("huge.txt"), huge).unwrap();
    let store = store_arg(dir.path());
    let missing = dir.path().join("missing.txt").display().to_string();
    let out = run(&[
        "build",
        "--store",
        &store,
        &input.display().to_string(),
        &missing,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for needle in [
        "empty.txt: is empty",
        "binary.txt: looks binary",
        "latin1.txt:2: is not valid UTF-8",
        "front.md:1: malformed front matter",
        "corpus.jsonl:2: malformed JSON line",
        "corpus.jsonl:3: malformed JSON line: missing \"text\"",
        "missing.txt: no such file or folder",
        "huge.txt: is 16800000 bytes, more than",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"));
    assert!(
        err.contains("2 new, 0 changed, 0 unchanged, 8 failed"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        8,
        "{err}"
    );
    let rows = select(&store, &query_file("entities.rq"));
    let docs: Vec<&str> = rows.iter().map(|r| value(r, "doc")).collect();
    assert!(docs.contains(&"good") && docs.contains(&"j1"), "{docs:?}");
}

#[test]
fn nothing_stored_is_lost_when_a_later_batch_has_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let before = run(&["export", "--store", &store, "--format", "nquads"]).stdout;
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"\x00\x00").unwrap();
    let out = run(&["build", "--store", &store, &bad.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let after = run(&["export", "--store", &store, "--format", "nquads"]).stdout;
    assert_eq!(before, after);
}

#[test]
fn a_locked_store_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let _held = claimgraph::rdf::store::GraphStore::open(Path::new(&store)).unwrap();
    let out = run(&["build", "--store", &store]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is locked by another process"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_queries_and_arguments_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let out = run(&["query", "--store", &store, "SELECT ?x WHERE { ?x ?y }"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("malformed SPARQL"), "{err}");
    assert!(err.contains("1:"), "the position is missing: {err}");

    // Issue 11, item 9: an update is told it is refused, not that it lacks
    // a CONSTRUCT; the store is unchanged.
    let out = run(&[
        "query",
        "--store",
        &store,
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("queries are read-only"), "{err}");
    let out = run(&[
        "query",
        "--store",
        &store,
        "ASK { <urn:a> <urn:b> <urn:c> }",
    ]);
    assert!(stdout(&out).contains("false"), "{}", stdout(&out));

    let out = run(&[
        "query",
        "--store",
        &store,
        "--format",
        "turtle",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("use --format table"),
        "{}",
        stderr(&out)
    );

    let out = run(&["export", "--store", &store, "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&[
        "export",
        "--store",
        &store,
        "--format",
        "turtle",
        "--article",
        "nope",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no article with id \"nope\""));

    let out = run(&[
        "query",
        "--store",
        &dir.path().join("none").display().to_string(),
        "ASK {}",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not found; run `claimgraph build"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_export_format_parses_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let quads = {
        let out = run(&["export", "--store", &store, "--format", "nquads"]);
        RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&out.stdout)
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .len()
    };
    assert!(quads > 1000, "only {quads} quads");
    for (name, format) in [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("trig", RdfFormat::TriG),
        ("rdfxml", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let out = run(&["export", "--store", &store, "--format", name]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let parsed = RdfParser::from_format(format)
            .for_slice(&out.stdout)
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{name} does not parse back: {e}"));
        if format.supports_datasets() {
            assert_eq!(parsed.len(), quads, "{name}");
        } else {
            assert!(
                parsed.len() > 500 && parsed.len() <= quads,
                "{name}: {}",
                parsed.len()
            );
        }
    }
    let one = run(&[
        "export",
        "--store",
        &store,
        "--format",
        "turtle",
        "--article",
        "002_a0c74e52440efbcf",
    ]);
    assert!(stdout(&one).contains("Yonhap"));
    assert!(!stdout(&one).contains("Ukrinform"));
}

#[test]
fn stats_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let out = run(&["stats", "--store", &store]);
    assert!(out.status.success());
    let text = stdout(&out);
    for needle in [
        "Entities by class",
        "Official",
        "Statements by stance",
        "denies",
        "002_a0c74e52440efbcf",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    for command in ["build", "remove", "query", "export", "stats"] {
        let out = run(&[command, "--help"]);
        assert!(out.status.success(), "{command} --help");
    }
}

#[test]
fn report_lists_the_sentences_that_yielded_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "Headline\nThe weather was mild in the capital. Peskov said the reports were fake news. Officials in Quarnstrom stated nothing new.\n",
    )
    .unwrap();
    let store = store_arg(dir.path());
    let out = run(&[
        "build",
        "--report",
        "--store",
        &store,
        &article.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("a: 3 of 4 sentences yielded nothing"),
        "{report}"
    );
    // The extractor's own list of what it did not understand.
    assert!(
        report.contains("name \"Quarnstrom\" yielded no entity"),
        "{report}"
    );
    assert!(
        report.contains("reporting cue \"stated\" yielded no statement"),
        "{report}"
    );
    assert!(
        report.contains("The weather was mild in the capital."),
        "{report}"
    );
    assert!(!report.contains("fake news"), "{report}");
}

#[test]
fn graph_questions_name_actors_by_label_or_alias() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let out = run(&["graph", "--store", &store, "centrality", "--top", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The story's two main actors lead, whichever of them is first.
    let table = stdout(&out);
    let top: Vec<&str> = table
        .lines()
        .skip(2)
        .take(2)
        .map(|l| l.split("  ").next().unwrap_or_default())
        .collect();
    assert!(
        top.contains(&"North Korea") && top.contains(&"Russia"),
        "{table}"
    );
    // "Peskov" is an alias; the path runs through what he denies.
    let out = run(&[
        "graph",
        "--store",
        &store,
        "path",
        "Peskov",
        "Sabrina Singh",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Dmitry Peskov") && text.contains("denies"),
        "{text}"
    );
    let out = run(&["graph", "--store", &store, "neighbors", "Pesko"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("did you mean \"Dmitry Peskov\""),
        "{}",
        stderr(&out)
    );
    let out = run(&["graph", "--store", &store, "components"]);
    assert!(stdout(&out).contains("component"), "{}", stdout(&out));
}

#[test]
fn diagrams_render_real_svg_with_stance_colours() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("hostile.txt");
    fs::write(
        &article,
        "Headline\nRussia denied sending troops to Ukraine, Peskov said. \
         North Korean \"Commander <b>X\" & Co\\ spokesman John \"Q\" Doe said 500 North Korean troops went to Russia.\n",
    )
    .unwrap();
    let store = store_arg(dir.path());
    assert!(run(&["build", "--store", &store]).status.success());
    assert!(
        run(&["build", "--store", &store, &article.display().to_string()])
            .status
            .success()
    );
    let svg_path = dir.path().join("all.svg");
    let out = run(&[
        "diagram",
        "--store",
        &store,
        "-o",
        &svg_path.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = fs::read_to_string(&svg_path).unwrap();
    assert!(
        svg.starts_with("<?xml") && svg.contains("<svg"),
        "not an SVG"
    );
    assert!(svg.contains("Dmitry Peskov") && svg.contains("North Korea sendsTroopsTo Russia"));
    assert!(svg.contains("#c62828"), "no red denial edge");
    assert!(svg.contains("Legend"));
    // A focused diagram stays around its actor.
    let focus_path = dir.path().join("focus.dot");
    let out = run(&[
        "diagram",
        "--store",
        &store,
        "--focus",
        "Peskov",
        "--depth",
        "1",
        "--format",
        "dot",
        "-o",
        &focus_path.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dot = fs::read_to_string(&focus_path).unwrap();
    assert!(
        dot.contains("Dmitry Peskov") && !dot.contains("Sabrina Singh"),
        "{dot}"
    );
}

#[test]
fn without_graphviz_dot_output_works_and_rendering_names_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let empty_path = dir.path().join("no-bin");
    fs::create_dir(&empty_path).unwrap();
    let run_without_dot = |format: &str, output: &str| {
        Command::new(BIN)
            .args([
                "diagram", "--store", &store, "--format", format, "-o", output,
            ])
            .env("PATH", &empty_path)
            .output()
            .unwrap()
    };
    let dot_file = dir.path().join("d.dot").display().to_string();
    let out = run_without_dot("dot", &dot_file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::read_to_string(&dot_file)
            .unwrap()
            .starts_with("digraph claimgraph")
    );
    let out = run_without_dot("svg", &dir.path().join("d.svg").display().to_string());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("Graphviz's `dot` program was not found"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn benchmark_runs_at_a_small_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench.sh"))
        .args(["20", &dir.path().join("bench").display().to_string()])
        .env("CLAIMGRAPH_BIN", BIN)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    for needle in [
        "build 20 articles (fresh store)",
        "articles/s",
        "re-build / build",
        "query statements.rq: median",
        "quads per article: ",
        "view actor Peskov: median",
        "view neighbourhood Peskov 2: median",
        "view page: median",
    ] {
        assert!(text.contains(needle), "missing {needle:?}:\n{text}");
    }
    let views: Vec<&str> = text.lines().filter(|l| l.starts_with("view ")).collect();
    assert_eq!(views.len(), 12, "{text}");
    assert!(views.iter().all(|l| l.contains("status 200")), "{text}");
    // The generated corpus is deterministic.
    let again = run(&["generate", "--articles", "20", "--seed", "1"]);
    assert_eq!(
        again.stdout,
        fs::read(dir.path().join("bench/corpus.jsonl")).unwrap()
    );
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let before = run(&["graph", "--store", &store, "centrality", "--top", "2"]);
    let after = run(&["graph", "centrality", "--top", "2", "--store", &store]);
    let first = run(&["--store", &store, "graph", "centrality", "--top", "2"]);
    for out in [&before, &after, &first] {
        assert!(out.status.success(), "{}", stderr(out));
    }
    assert_eq!(before.stdout, after.stdout);
    assert_eq!(before.stdout, first.stdout);
    assert!(stdout(&after).contains("North Korea"), "{}", stdout(&after));
    let stats = run(&["stats", "--store", &store]);
    assert!(stdout(&stats).contains("Statements by stance"));
}

#[test]
fn another_gazetteer_and_lexicon_load_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gazetteer = dir.path().join("gazetteer.toml");
    let mut text = fs::read_to_string(root.join("data/gazetteer.toml")).unwrap();
    text.push_str(
        "\n[[entity]]\nid = \"freedonia\"\nname = \"Freedonia\"\nkind = \"State\"\ndemonyms = [\"Freedonian\"]\n",
    );
    fs::write(&gazetteer, text).unwrap();
    let article = dir.path().join("a.txt");
    fs::write(
        &article,
        "Freedonia denies the report\nFreedonia denied sending troops to Sylvania, its foreign ministry said on Monday.\n",
    )
    .unwrap();
    let store = store_arg(dir.path());
    let gazetteer_arg = gazetteer.display().to_string();
    let article_arg = article.display().to_string();
    let out = run(&[
        "build",
        "--store",
        &store,
        "--gazetteer",
        &gazetteer_arg,
        &article_arg,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = select(&store, &query_file("entities.rq"));
    assert!(
        rows.iter()
            .any(|r| r["label"] == "Freedonia" && r["kind"] == "State"),
        "{rows:?}"
    );

    // A misspelt stance in a lexicon is one line naming the file and line.
    let lexicon = dir.path().join("lexicon.toml");
    let text = fs::read_to_string(root.join("data/lexicon.toml")).unwrap();
    let broken = text.replacen("stance = \"denies\"", "stance = \"deny\"", 1);
    assert_ne!(broken, text, "the lexicon has a denial cue");
    fs::write(&lexicon, broken).unwrap();
    let lexicon_arg = lexicon.display().to_string();
    let out = run(&["build", "--store", &store, "--lexicon", &lexicon_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("{lexicon_arg}:")), "{err}");
    assert!(err.contains("unknown stance \"deny\""), "{err}");
    let missing = dir.path().join("missing.toml").display().to_string();
    let out = run(&["build", "--store", &store, "--lexicon", &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("missing.toml: cannot read"),
        "{}",
        stderr(&out)
    );
}
