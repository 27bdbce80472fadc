//! claimgraph turns news articles into an RDF knowledge graph of who said
//! what: actors, attributed statements with their stance, the figures they
//! give, the outlets they came through, and the events and ties reported,
//! each traced to the sentence it came from.
//!
//! The layers, bottom up:
//! - [`article`]: reading articles (text with front matter, JSON Lines);
//! - [`extract`]: pure extraction from an article and a [`extract::Lexicon`];
//! - [`rdf`]: deterministic IRIs, quads, and the Oxigraph store;
//! - [`query`]: SPARQL with the union default graph and result formats;
//! - [`pipeline`]: incremental, parallel builds;
//! - [`graph`]: the petgraph view and its algorithms;
//! - [`diagram`]: DOT with graphviz-rust, rendered by Graphviz.
//!
//! ```no_run
//! use claimgraph::{article::Articles, extract::Lexicon, pipeline, rdf::store::GraphStore};
//! let store = GraphStore::open("claimgraph.db".as_ref())?;
//! let lexicon = Lexicon::embedded()?;
//! let articles = Articles::new(&["data/articles".into()]);
//! let summary = pipeline::build(&store, &lexicon, pipeline::Options::default(), articles, |_| {}, |_| {})?;
//! println!("{} new articles", summary.new);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

// The extraction docs are written for contributors reading the rules: their
// links lead to the private rule modules, which `cargo doc
// --document-private-items` renders.
#![allow(rustdoc::private_intra_doc_links)]

pub mod article;
pub mod date;
pub mod diagram;
pub mod display;
pub mod extract;
pub mod graph;
pub mod pipeline;
pub mod push;
pub mod query;
pub mod rdf;
pub mod server;
pub mod timeline;
pub mod vocab;

use article::{Article, ArticleError};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/sample_corpus.rs"));
include!(concat!(env!("OUT_DIR"), "/canned_queries.rs"));

/// The sample corpus embedded in the binary: the five October 2024 reports on
/// North Korean troops in Russia.
pub fn sample_articles() -> impl Iterator<Item = Result<Article, ArticleError>> {
    SAMPLE_CORPUS.iter().map(|(name, text)| {
        let stem = name.rsplit_once('.').map_or(*name, |(s, _)| s);
        let origin = format!("sample:{name}");
        article::parse_text(text.as_bytes(), stem, Path::new(&origin), origin.clone())
    })
}

/// A store in a temporary folder holding the sample corpus, for unit tests.
#[cfg(test)]
pub(crate) fn sample_store() -> (tempfile::TempDir, rdf::store::GraphStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = rdf::store::GraphStore::open(dir.path()).unwrap();
    let lexicon = extract::Lexicon::embedded().unwrap();
    pipeline::build(
        &store,
        &lexicon,
        pipeline::Options::default(),
        sample_articles(),
        |_| {},
        |_| {},
    )
    .unwrap();
    (dir, store)
}
