//! The explorer in a real browser: headless Chromium (Debian's `chromium`,
//! installed by `.ci/setup`; `CLAIMGRAPH_CHROMIUM` names another) loads the
//! page served on the sample corpus, runs its script against the server and
//! gives back the DOM it built; screenshots go to the target folder.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> String {
    std::env::var("CLAIMGRAPH_CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// Chromium's arguments for a headless run that lets the page's requests
/// finish (virtual time runs out only once the page is idle).
fn headless(extra: &[String], url: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--virtual-time-budget=10000",
        "--window-size=1200,900",
    ]
    .map(String::from)
    .to_vec();
    args.extend_from_slice(extra);
    args.push(url.to_owned());
    args
}

/// The DOM the page built for `hash`, as HTML.
fn dom(served: &Served, hash: &str, profile: &std::path::Path) -> String {
    let url = format!("{}/{hash}", served.url);
    let out = Command::new(chromium())
        .args(headless(
            &[
                format!("--user-data-dir={}", profile.display()),
                "--dump-dom".into(),
            ],
            &url,
        ))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (install Debian's chromium): {e}", chromium()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn screenshot(served: &Served, hash: &str, name: &str, profile: &std::path::Path) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("explorer-{name}.png"));
    let url = format!("{}/{hash}", served.url);
    let out = Command::new(chromium())
        .args(headless(
            &[
                format!("--user-data-dir={}", profile.display()),
                format!("--screenshot={}", path.display()),
            ],
            &url,
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

#[test]
fn the_explorer_shows_who_said_what_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let store = build_sample(dir.path());
    // A headline that tries to run a script is shown as text.
    let hostile = dir.path().join("hostile.txt");
    std::fs::write(
        &hostile,
        "+++\nheadline = \"<script>document.title='owned'</script><img src=x onerror=alert(1)> Breaking\"\n+++\nThe Kremlin denied that North Korea sent troops, Peskov said.\n",
    )
    .unwrap();
    let out = run(&["build", "--store", &store, &hostile.display().to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let served = serve(&store);
    let profile = dir.path().join("chromium");

    let found = dom(&served, "#/search/Pesko", &profile);
    assert!(found.contains("Dmitry Peskov"), "search: {found}");

    let peskov = encoded("https://w3id.org/claimgraph/id/entity/dmitry-peskov");
    let actor = dom(&served, &format!("#/actor/{peskov}"), &profile);
    assert!(actor.contains("<h1>Dmitry Peskov</h1>"), "actor: {actor}");
    assert!(actor.contains(">denies</span>"), "actor: {actor}");
    assert!(
        actor.contains("another piece of fake news"),
        "actor: {actor}"
    );

    let statement = encoded("https://w3id.org/claimgraph/id/statement/001_e61aee8b45da73a5/0013");
    let article = dom(
        &served,
        &format!("#/article/001_e61aee8b45da73a5?s={statement}"),
        &profile,
    );
    let current = article
        .split("<mark")
        .find(|m| m.contains("class=\"current\""))
        .unwrap_or_else(|| panic!("no marked statement: {article}"));
    assert!(current.contains("another hoax"), "{current}");

    let graph = dom(&served, &format!("#/graph/{peskov}"), &profile);
    assert!(graph.contains("<canvas"), "graph: {graph}");
    assert!(graph.contains("nodes, "), "graph: {graph}");

    let contested = dom(&served, "#/contested", &profile);
    assert!(
        contested.contains("class=\"contested\""),
        "contested: {contested}"
    );
    assert!(
        contested.contains("Denied or not verified"),
        "contested: {contested}"
    );

    let figures = dom(&served, "#/figures?unit=troops", &profile);
    assert!(figures.contains("<circle"), "figures: {figures}");
    assert!(figures.contains("12000"), "figures: {figures}");

    let query = encoded("SELECT ?s WHERE { ?s cg:stance cg:denies }");
    let sparql = dom(&served, &format!("#/sparql?query={query}"), &profile);
    assert!(sparql.contains("<table>"), "sparql: {sparql}");

    let page = dom(&served, "#/article/hostile", &profile);
    assert!(
        page.contains("&lt;script&gt;"),
        "the headline is not shown as text: {page}"
    );
    assert!(!page.contains("<img src=\"x\""), "{page}");
    assert!(!page.contains("<title>owned"), "{page}");

    for (name, hash) in [
        ("actor", format!("#/actor/{peskov}")),
        ("graph", format!("#/graph/{peskov}")),
        ("contested", "#/contested".to_owned()),
        ("figures", "#/figures?unit=troops".to_owned()),
    ] {
        let png = screenshot(&served, &hash, name, &profile);
        assert!(
            std::fs::metadata(&png).is_ok_and(|m| m.len() > 10_000),
            "{png:?}"
        );
    }
}
