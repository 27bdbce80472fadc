//! `claimgraph serve` end to end: the real binary on a free loopback port,
//! asked by a standard client (Python's urllib), then stopped.

mod common;

use common::*;

#[test]
fn a_standard_client_gets_real_answers() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let served = serve(&store);

    let denials = "SELECT ?label WHERE { GRAPH ?g { ?s cg:stance cg:denies ; cg:speaker ?e } ?e rdfs:label ?label }";
    let (status, body) = fetch(
        &format!("{}/sparql?query={}", served.url, encoded(denials)),
        "application/sparql-results+json",
        None,
    );
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let labels: Vec<&str> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["label"]["value"].as_str())
        .collect();
    assert!(labels.contains(&"Dmitry Peskov"), "{labels:?}");

    let figures = std::fs::read_to_string(query_file("troop-figures.rq")).unwrap();
    let (status, body) = fetch(
        &format!("{}/query", served.url),
        "text/csv",
        Some(&format!("query={}", encoded(&figures))),
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        body.lines()
            .any(|l| l.contains("National Intelligence Service") && l.contains("12000")),
        "{body}"
    );

    let (status, body) = fetch(
        &format!(
            "{}/sparql?query={}",
            served.url,
            encoded("DELETE WHERE { ?s ?p ?o }")
        ),
        "",
        None,
    );
    assert_eq!(status, 403, "{body}");

    // The server holds the store: a build is told so on one line.
    let out = run(&["build", "--store", &store]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{} | server: {}",
        stderr(&out),
        served.log()
    );
    let err = stderr(&out);
    assert!(err.contains("is locked by another process"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// The number of article graphs the server answers for.
fn served_articles(url: &str) -> usize {
    let count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s cg:articleId ?id } }";
    let (status, body) = fetch(
        &format!("{url}/sparql?query={}", encoded(count)),
        "text/csv",
        None,
    );
    assert_eq!(status, 200, "{body}");
    body.lines().nth(1).unwrap().trim().parse().unwrap()
}

/// Waits (boundedly) until `ready` holds: the watcher looks every half
/// second, the bound only tells a watcher that never sees from a slow one.
fn eventually(what: &str, served: &Served, ready: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{what} never happened: {}",
            served.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn serve_watch_rebuilds_what_changes_and_ctrl_c_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let mut samples: Vec<_> = std::fs::read_dir(sample_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    samples.sort();
    for sample in &samples[..2] {
        std::fs::copy(sample, articles.join(sample.file_name().unwrap())).unwrap();
    }
    let store = store_arg(dir.path());
    let watched = articles.display().to_string();
    let mut served = serve_with(&store, &["--watch", &watched, "--watch-interval-s", "0.5"]);
    eventually("the first build", &served, || {
        served_articles(&served.url) == 2
    });

    // A new file is built in while the store is served.
    let third = articles.join(samples[2].file_name().unwrap());
    std::fs::copy(&samples[2], &third).unwrap();
    eventually("the new article's build", &served, || {
        served_articles(&served.url) == 3
    });
    // The build says so once it has ended, a moment after its articles
    // are visible.
    eventually("the new article's build report", &served, || {
        served.log().contains("1 new, 0 changed, 2 unchanged")
    });

    // SIGHUP rebuilds at once; nothing changed, so nothing is extracted.
    served.signal("HUP");
    eventually("the rebuild asked for", &served, || {
        served.log().contains("0 new, 0 changed, 3 unchanged")
    });

    // The server owns the store: another build is told so on one line.
    let out = run(&["build", "--store", &store, &watched]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("serve --watch"), "{}", stderr(&out));

    // Ctrl-C: the server says so and ends well; the store is whole.
    served.signal("INT");
    let status = served.wait_for_exit(std::time::Duration::from_secs(60));
    assert!(status.success(), "{status}: {}", served.log());
    assert!(served.log().contains("stopped"), "{}", served.log());
    let out = run(&["check", "--store", &store]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(article_ids(&store).len(), 3);
}

#[test]
fn sigterm_stops_a_read_only_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    let mut served = serve(&store);
    assert_eq!(served_articles(&served.url), 5);
    served.signal("HUP");
    eventually("the note on SIGHUP", &served, || {
        served.log().contains("nothing to reload")
    });
    served.signal("TERM");
    let status = served.wait_for_exit(std::time::Duration::from_secs(60));
    assert!(status.success(), "{status}: {}", served.log());
    assert!(served.log().contains("stopped"), "{}", served.log());
    // The lock is released: the store can be built again.
    let out = run(&["build", "--store", &store]);
    assert!(out.status.success(), "{}", stderr(&out));
}
