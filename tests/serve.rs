//! `claimgraph serve` end to end: the real binary on a free loopback port,
//! asked by a standard client (Python's urllib), then stopped.

mod common;

use common::*;
use std::process::Command;

/// Asks with Python's urllib: a GET (or a POST of `form`), returning the
/// status and body.
fn fetch(url: &str, accept: &str, form: Option<&str>) -> (u16, String) {
    let script = r#"
import sys, urllib.request, urllib.error
url, accept, form = sys.argv[1], sys.argv[2], sys.argv[3]
data = form.encode() if form else None
request = urllib.request.Request(url, data=data, headers={"Accept": accept})
try:
    with urllib.request.urlopen(request, timeout=60) as response:
        status, body = response.status, response.read()
except urllib.error.HTTPError as error:
    status, body = error.code, error.read()
sys.stdout.write(str(status) + "\n" + body.decode())
"#;
    let out = Command::new("python3")
        .args(["-c", script, url, accept, form.unwrap_or("")])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (status, body) = text.split_once('\n').unwrap();
    (status.parse().unwrap(), body.to_owned())
}

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
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is locked by another process"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
