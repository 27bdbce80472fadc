//! `claimgraph extract`: the article graphs streamed without a store are
//! the quads a build stores.

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::fs;

mod common;

use common::*;

/// The quads of an N-Quads or TriG text, each as one canonical N-Quads line.
fn quads(bytes: &[u8], format: RdfFormat) -> BTreeSet<String> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.expect("well-formed RDF").to_string())
        .collect()
}

#[test]
fn extracted_quads_are_what_a_build_stores() {
    let dir = tempfile::tempdir().unwrap();
    let articles = sample_dir().display().to_string();
    let out = run(&["extract", &articles]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("5 extracted, 0 failed"),
        "{}",
        stderr(&out)
    );
    let extracted = quads(&out.stdout, RdfFormat::NQuads);

    let store = store_arg(dir.path());
    let built = run(&["build", "--store", &store, &articles]);
    assert!(built.status.success(), "{}", stderr(&built));
    let exported = run(&["export", "--store", &store, "--format", "nquads"]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    // Everything but the summary, which a store tallies over all its
    // articles (a stream of articles has none).
    let summary = "<https://w3id.org/claimgraph/id/graph/summary>";
    let stored: BTreeSet<String> = quads(&exported.stdout, RdfFormat::NQuads)
        .into_iter()
        .filter(|q| !q.ends_with(summary))
        .collect();
    assert!(stored.len() > 1000, "{}", stored.len());
    assert_eq!(extracted, stored, "extract and build+export differ");

    // The same input gives the same bytes; TriG carries the same quads.
    let again = run(&["extract", &articles]);
    assert_eq!(out.stdout, again.stdout);
    let trig = run(&["extract", "--format", "trig", &articles]);
    assert!(trig.status.success(), "{}", stderr(&trig));
    assert_eq!(quads(&trig.stdout, RdfFormat::TriG), extracted);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(
        &good,
        "Kremlin spokesman Dmitry Peskov denied the reports, calling them fake.\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let out = run(&["extract", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("bad.txt"), "{message}");
    assert!(message.contains("1 extracted, 1 failed"), "{message}");
    let extracted = quads(&out.stdout, RdfFormat::NQuads);
    assert!(
        extracted.iter().any(|q| q.contains("dmitry-peskov")),
        "{extracted:?}"
    );

    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let out = run(&["extract", &empty.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no articles in"), "{}", stderr(&out));
}
