//! Times extraction alone (no store) over a JSON Lines corpus, to tell
//! extraction cost from storage cost: `cargo run --release --example
//! extract_timing -- corpus.jsonl`.

use claimgraph::article::Articles;
use claimgraph::extract::{Lexicon, extract};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("give a corpus path");
    let lexicon = Lexicon::embedded().expect("embedded lexicon");
    let articles: Vec<_> = Articles::new(&[path.into()])
        .filter_map(Result::ok)
        .collect();
    let started = Instant::now();
    let mut statements = 0;
    let mut quads = 0;
    for article in &articles {
        let extraction = extract(article, &lexicon);
        statements += extraction.statements.len();
        quads += claimgraph::rdf::to_quads(article, &extraction, &lexicon).len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} articles, {statements} statements, {quads} quads extracted in {secs:.2} s ({:.0} articles/s, one thread)",
        articles.len(),
        articles.len() as f64 / secs
    );
}
