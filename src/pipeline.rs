//! The build: articles in, store updated incrementally.
//!
//! Articles stream in batches; each batch is extracted in parallel and
//! written in order. An unchanged article (same content hash) is skipped, a
//! changed one has its graph replaced in one transaction, and a bad file is
//! reported and counted while the rest of the batch goes on.

use crate::article::{Article, ArticleError};
use crate::extract::{self, Lexicon};
use crate::rdf::{self, store::GraphStore, store::StoreError};
use rayon::prelude::*;
use std::collections::HashMap;

/// How many articles are extracted in parallel before being written.
const BATCH: usize = 256;

/// What happened to one input.
#[derive(Debug)]
pub enum Event<'a> {
    New(&'a Article),
    Changed(&'a Article),
    Unchanged(&'a Article),
    Failed(String),
}

/// Totals of one build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub statements: usize,
    pub relations: usize,
}

/// Per-article coverage: sentences that yielded nothing.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub article: String,
    pub sentences: usize,
    pub silent: Vec<(usize, String)>,
}

/// Builds `articles` into `store`, calling `on_event` for each input and
/// `on_coverage` for each article extracted. Store errors stop the build;
/// article errors do not.
pub fn build(
    store: &GraphStore,
    lexicon: &Lexicon,
    articles: impl Iterator<Item = Result<Article, ArticleError>>,
    mut on_event: impl FnMut(Event<'_>),
    mut on_coverage: impl FnMut(Coverage),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut articles = articles.peekable();
    while articles.peek().is_some() {
        let mut batch = Vec::with_capacity(BATCH);
        for item in articles.by_ref().take(BATCH) {
            match item {
                Ok(article) => {
                    if let Some(first) = seen.get(&article.id) {
                        summary.failed += 1;
                        on_event(Event::Failed(format!(
                            "{}: article id {:?} is already used by {first}; give one of them another id",
                            article.origin, article.id
                        )));
                        continue;
                    }
                    seen.insert(article.id.clone(), article.origin.clone());
                    let stored = store.article_hash(&article.id)?;
                    if stored.as_deref() == Some(article.content_hash.as_str()) {
                        summary.unchanged += 1;
                        on_event(Event::Unchanged(&article));
                        continue;
                    }
                    batch.push((article, stored.is_some()));
                }
                Err(e) => {
                    summary.failed += 1;
                    on_event(Event::Failed(e.to_string()));
                }
            }
        }
        let extracted: Vec<_> = batch
            .par_iter()
            .map(|(article, _)| {
                let extraction = extract::extract(article, lexicon);
                let quads = rdf::to_quads(article, &extraction, lexicon);
                (extraction, quads)
            })
            .collect();
        for ((article, existed), (extraction, quads)) in batch.iter().zip(extracted) {
            store.replace_article(&article.id, &quads)?;
            summary.statements += extraction.statements.len();
            summary.relations += extraction.relations.len();
            if *existed {
                summary.changed += 1;
                on_event(Event::Changed(article));
            } else {
                summary.new += 1;
                on_event(Event::New(article));
            }
            let silent = extraction
                .silent_sentences()
                .into_iter()
                .map(|i| {
                    (
                        i + 1,
                        extraction.sentences[i]
                            .text(&article.text)
                            .trim()
                            .to_owned(),
                    )
                })
                .collect();
            on_coverage(Coverage {
                article: article.id.clone(),
                sentences: extraction.sentences.len(),
                silent,
            });
        }
    }
    store.flush()?;
    Ok(summary)
}
