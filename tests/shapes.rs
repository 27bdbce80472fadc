//! The sample corpus's graphs conform to `ontology/shapes.ttl`, checked by
//! a real SHACL engine (pySHACL, which `.ci/setup` installs), article by
//! article as the shapes describe one article graph.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_claimgraph");

fn claimgraph(args: &[&str]) -> std::process::Output {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("run claimgraph");
    assert!(
        out.status.success(),
        "claimgraph {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs pySHACL; its absence is a failure that says how to install it.
fn pyshacl(shapes: &Path, data: &Path) -> (bool, String) {
    let out = Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(shapes)
        .args(["-df", "turtle", "-sf", "turtle"])
        .arg(data)
        .output()
        .expect("python3 runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !text.contains("No module named pyshacl"),
        "pySHACL is missing: `python3 -m pip install pyshacl` (bash .ci/setup does)"
    );
    (out.status.success(), text)
}

#[test]
fn every_sample_article_graph_conforms_to_the_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store").display().to_string();
    claimgraph(&["build", "--store", &store]);
    let ids = claimgraph(&[
        "query",
        "--store",
        &store,
        "--format",
        "tsv",
        "SELECT ?id WHERE { ?a cg:articleId ?id } ORDER BY ?id",
    ]);
    let ids: Vec<String> = String::from_utf8(ids.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.trim_matches('"').to_owned())
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/shapes.ttl");
    for id in &ids {
        let file = dir.path().join(format!("{id}.ttl"));
        let path = file.display().to_string();
        claimgraph(&[
            "export",
            "--store",
            &store,
            "--format",
            "turtle",
            "--article",
            id,
            "-o",
            &path,
        ]);
        let (conforms, report) = pyshacl(&shapes, &file);
        assert!(conforms, "{id} does not conform:\n{report}");
    }
}

#[test]
fn the_validator_rejects_a_graph_that_breaks_the_shapes() {
    // A statement without speaker, stance or evidence: the test above
    // could not fail if the validator accepted this.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bad.ttl");
    std::fs::write(
        &data,
        "@prefix cg: <https://w3id.org/claimgraph/ontology#> .\n\
         <https://w3id.org/claimgraph/id/statement/x/1> cg:speaker <https://w3id.org/claimgraph/id/entity/x> , <https://w3id.org/claimgraph/id/entity/y> ; cg:quantity 12000 .\n",
    )
    .unwrap();
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/shapes.ttl");
    let (conforms, report) = pyshacl(&shapes, &data);
    assert!(!conforms, "{report}");
    assert!(report.contains("Conforms: False"), "{report}");
}
