//! The build: articles in, store updated incrementally.
//!
//! Articles stream in batches; each batch is extracted in parallel while the
//! previous one is written. An unchanged article (same content hash, same
//! extractor) is skipped, new ones are bulk-loaded together, changed ones
//! have their graphs replaced together (each atomically), and a bad file is
//! reported and counted while the rest of the batch goes on.

mod admit;

use crate::article::{Article, ArticleError};
use crate::display::Shown;
use crate::extract::{self, Lexicon};
use crate::rdf::loader::{COMMIT_QUADS, Loader};
use crate::rdf::shared::Settled;
use crate::rdf::sources::Sources;
use crate::rdf::summary::{self, Tallies};
use crate::rdf::{self, ArticleQuads, store::GraphStore, store::StoreError};
use admit::{Context, admit, claim};
use oxigraph::model::{GraphName, Quad};
use rayon::prelude::*;
use std::collections::HashMap;
use std::convert::Infallible;
use std::thread::ScopedJoinHandle;

/// A batch ends at this many articles or this much text, whichever comes
/// first. Memory holds about two batches of quads (one being extracted, one
/// being written), and quads grow with text, so long articles make smaller
/// batches; larger batches mean fewer index files for RocksDB to compact.
const BATCH_ARTICLES: usize = 1024;
const BATCH_TEXT_BYTES: usize = 4 << 20;

/// What happened to one input. A new or changed article is reported once
/// it is stored, without its text (which is in the store by then).
#[derive(Debug)]
pub enum Event<'a> {
    New(&'a Article),
    Changed(&'a Article),
    Unchanged(&'a Article),
    Failed(String),
}

/// How a build treats what is already stored.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options {
    /// Replace a stored article even when the input comes from another file
    /// than the one it was read from (otherwise that input is refused: two
    /// files with one id would silently take turns).
    pub replace: bool,
}

/// Totals of one build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Of the changed ones, those whose input did not change but whose
    /// stored graph came from another extractor (an upgrade, another lexicon).
    pub reextracted: usize,
    pub failed: usize,
    pub statements: usize,
    pub relations: usize,
}

/// Per-article coverage: sentences that yielded nothing.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub article: String,
    pub sentences: usize,
    /// Sentences (1-based) that yielded nothing, with their text.
    pub silent: Vec<(usize, String)>,
    /// What the extractor noticed but could not use: reporting cues with
    /// no statement, names with no entity (1-based sentence, message).
    pub diagnostics: Vec<(usize, String)>,
}

/// An article extracted and waiting to be written.
struct Extracted {
    article: Article,
    existed: bool,
    statements: usize,
    relations: usize,
    coverage: Coverage,
}

/// Builds `articles` into `store`, calling `on_event` for each input and
/// `on_coverage` for each article extracted. Store errors stop the build;
/// article errors do not.
///
/// Reading and extraction of one batch overlap the writing of the previous
/// one: new articles go in through the bulk loader (one atomic ingest per
/// batch), changed ones through a few transactions per batch. Events for a written
/// article fire once its batch is stored.
pub fn build(
    store: &GraphStore,
    lexicon: &Lexicon,
    options: Options,
    articles: impl Iterator<Item = Result<Article, ArticleError>>,
    mut on_event: impl FnMut(Event<'_>),
    mut on_coverage: impl FnMut(Coverage),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    store.fold_tallies()?;
    let mut sources = Sources::load(store.path(), store.tallied_article_count()?)?;
    // Every stored batch's tallies, added into the summary when the build
    // ends (each batch's articles are marked until then).
    let mut tallies = Tallies::default();
    // Into a store no build has written yet, nothing is marked: the
    // tallies are loaded whole at the end, and a build cut short is
    // tallied afresh by the next one.
    let first = store.summary_is_empty()?;
    let cx = Context {
        store,
        lexicon,
        options,
        empty: !store.has_articles()?,
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    // The shared quads earlier batches planned, left out of later ones.
    let mut settled = Settled::default();
    let mut articles = articles.peekable();
    std::thread::scope(|scope| {
        let mut writer = Writer::Idle(store.loader());
        // Articles loaded whose files are not ingested yet: reported once
        // the loader commits.
        let mut loaded = Vec::new();
        while articles.peek().is_some() {
            let batch = next_batch(
                &mut articles,
                &mut seen,
                &mut summary,
                &mut on_event,
                |article, summary, on_event| admit(&cx, &mut sources, article, summary, on_event),
            )?;
            let extracted = extract_batch(batch, lexicon, &mut summary, &mut on_event);
            let mut loader = writer.finish(&mut loaded, &mut tallies)?;
            if loader.pending() == 0 {
                report(
                    &mut loaded,
                    lexicon,
                    &mut sources,
                    &mut summary,
                    &mut on_event,
                    &mut on_coverage,
                );
            }
            let (mut done, mut quads): (Vec<Extracted>, Vec<ArticleQuads>) =
                extracted.into_iter().unzip();
            let shared =
                settled.unsettled(quads.iter_mut().flat_map(|q| std::mem::take(&mut q.shared)));
            // The texts are in the quads now: the articles wait for their
            // load's commit (and are reported) without them.
            for article in &mut done {
                article.article.text = String::new();
            }
            let ids: Vec<Option<String>> = done
                .iter()
                .map(|d| d.existed.then(|| d.article.id.clone()))
                .collect();
            if ids.iter().any(Option::is_some) {
                sources.before_removing()?;
            }
            let handle = scope.spawn(move || {
                let written = write(store, &mut loader, first, ids, quads, shared);
                (loader, written)
            });
            writer = Writer::Busy(Writing { handle, done });
        }
        let mut loader = writer.finish(&mut loaded, &mut tallies)?;
        loader.commit()?;
        report(
            &mut loaded,
            lexicon,
            &mut sources,
            &mut summary,
            &mut on_event,
            &mut on_coverage,
        );
        Ok::<(), StoreError>(())
    })?;
    // A build that stored nothing writes nothing: right after a large
    // build, any write waits (a minute or two) for RocksDB to compact the
    // ingested files below its write-stall threshold.
    if !tallies.is_empty() {
        if first {
            store.load_first_tallies(&tallies)?;
        } else {
            store.fold_in(&tallies)?;
        }
    }
    sources.save()?;
    // No flush: what transactions wrote is in the write-ahead log, and a
    // flush would wait (a minute, after 100,000 articles) for RocksDB to
    // compact the ingested files below its write-stall threshold.
    Ok(summary)
}

/// Extracts `articles` without a store, handing each article's quads (the
/// very quads `build` would store for it, in the same order) to `write`, in
/// the order read; batches are extracted in parallel. Article errors are
/// reported through `on_event` and the rest goes on; an error from `write`
/// (a closed pipe) stops it.
pub fn extract_all<E>(
    lexicon: &Lexicon,
    articles: impl Iterator<Item = Result<Article, ArticleError>>,
    mut on_event: impl FnMut(Event<'_>),
    mut write: impl FnMut(&Article, &ArticleQuads) -> Result<(), E>,
) -> Result<Summary, E> {
    let mut summary = Summary::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut articles = articles.peekable();
    while articles.peek().is_some() {
        let Ok(batch) = next_batch(
            &mut articles,
            &mut seen,
            &mut summary,
            &mut on_event,
            |article, _, _| Ok::<_, Infallible>(Some((article, false))),
        );
        for (done, quads) in extract_batch(batch, lexicon, &mut summary, &mut on_event) {
            write(&done.article, &quads)?;
            summary.new += 1;
            summary.statements += done.statements;
            summary.relations += done.relations;
            on_event(Event::New(&done.article));
        }
    }
    Ok(summary)
}

/// The next batch to extract from `articles`: up to [`BATCH_ARTICLES`]
/// articles or [`BATCH_TEXT_BYTES`] of text, each one that `admit` hands
/// back (with whether it is stored already). An input that cannot be read,
/// or that reuses an id, is counted and reported, and the batch goes on.
fn next_batch<E>(
    articles: &mut impl Iterator<Item = Result<Article, ArticleError>>,
    seen: &mut HashMap<String, String>,
    summary: &mut Summary,
    on_event: &mut impl FnMut(Event<'_>),
    mut admit: impl FnMut(
        Article,
        &mut Summary,
        &mut dyn FnMut(Event<'_>),
    ) -> Result<Option<(Article, bool)>, E>,
) -> Result<Vec<(Article, bool)>, E> {
    let mut batch = Vec::new();
    let mut text_bytes = 0;
    while batch.len() < BATCH_ARTICLES && text_bytes < BATCH_TEXT_BYTES {
        let Some(item) = articles.next() else { break };
        let refused = match item {
            Ok(article) => match reused_id(seen, &article) {
                Some(message) => message,
                None => {
                    if let Some((article, existed)) = admit(article, summary, on_event)? {
                        text_bytes += article.text.len();
                        batch.push((article, existed));
                    }
                    continue;
                }
            },
            Err(e) => e.to_string(),
        };
        summary.failed += 1;
        on_event(Event::Failed(refused));
    }
    Ok(batch)
}

/// The message for an article whose id an earlier input of the same run
/// already used; otherwise `None`, and the id is taken.
fn reused_id(seen: &mut HashMap<String, String>, article: &Article) -> Option<String> {
    if let Some(first) = seen.get(&article.id) {
        return Some(format!(
            "{}: article id {:?} is already used by {}; give one of them another id",
            Shown(&article.origin),
            article.id,
            Shown(first)
        ));
    }
    seen.insert(article.id.clone(), article.origin.clone());
    None
}

/// Extracts a batch in parallel, in its order; an article whose extraction
/// failed is counted and reported, and left out.
fn extract_batch(
    batch: Vec<(Article, bool)>,
    lexicon: &Lexicon,
    summary: &mut Summary,
    on_event: &mut impl FnMut(Event<'_>),
) -> Vec<(Extracted, ArticleQuads)> {
    let results: Vec<Result<(Extracted, ArticleQuads), String>> = batch
        .into_par_iter()
        .map(|(article, existed)| guarded_extract(article, existed, lexicon))
        .collect();
    let mut extracted = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(done) => extracted.push(done),
            Err(message) => {
                summary.failed += 1;
                on_event(Event::Failed(message));
            }
        }
    }
    extracted
}

/// The writing side of a build: a loader between batches, or a batch being
/// written on its own thread (which hands the loader back).
enum Writer<'scope, 'store> {
    Idle(Loader<'store>),
    Busy(Writing<'scope, 'store>),
}

/// A batch being written, and its articles.
struct Writing<'scope, 'store> {
    handle: ScopedJoinHandle<'scope, (Loader<'store>, Result<Tallies, StoreError>)>,
    done: Vec<Extracted>,
}

impl<'store> Writer<'_, 'store> {
    /// Waits for the batch being written, if any: its tallies join
    /// `tallies`, its articles `loaded`, and the loader is free again.
    fn finish(
        self,
        loaded: &mut Vec<Extracted>,
        tallies: &mut Tallies,
    ) -> Result<Loader<'store>, StoreError> {
        let Writing { handle, done } = match self {
            Self::Idle(loader) => return Ok(loader),
            Self::Busy(writing) => writing,
        };
        let (loader, written) = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        tallies.merge(written?);
        loaded.extend(done);
        Ok(loader)
    }
}

/// Counts and reports the articles `loaded`, now stored (and claimed in
/// `sources`).
fn report(
    loaded: &mut Vec<Extracted>,
    lexicon: &Lexicon,
    sources: &mut Sources,
    summary: &mut Summary,
    on_event: &mut impl FnMut(Event<'_>),
    on_coverage: &mut impl FnMut(Coverage),
) {
    for article in loaded.drain(..) {
        let done = &article.article;
        sources.set(&done.id, done.source_key(), claim(done, lexicon));
        summary.statements += article.statements;
        summary.relations += article.relations;
        if article.existed {
            summary.changed += 1;
            on_event(Event::Changed(&article.article));
        } else {
            summary.new += 1;
            on_event(Event::New(&article.article));
        }
        on_coverage(article.coverage);
    }
}

thread_local! {
    static EXTRACTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is extracting an article: a panic there is a bug
/// the build reports on one line for that article, so a panic hook may
/// stay quiet.
pub fn extracting() -> bool {
    EXTRACTING.with(std::cell::Cell::get)
}

/// Extracts one article; a panic in the rules (a bug) fails that article
/// only, with one line naming it, and the batch goes on.
fn guarded_extract(
    article: Article,
    existed: bool,
    lexicon: &Lexicon,
) -> Result<(Extracted, ArticleQuads), String> {
    let origin = Shown(&article.origin).to_string();
    EXTRACTING.with(|e| e.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract_one(article, existed, lexicon)
    }));
    EXTRACTING.with(|e| e.set(false));
    result.map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!(
            "{origin}: extraction failed ({why}); this is a bug in claimgraph: please report it with the article"
        )
    })
}

fn extract_one(article: Article, existed: bool, lexicon: &Lexicon) -> (Extracted, ArticleQuads) {
    let extraction = extract::extract(&article, lexicon);
    let quads = rdf::to_quads(&article, &extraction, lexicon);
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
    let diagnostics = extraction
        .diagnostics
        .iter()
        .map(|d| (d.sentence + 1, d.message.clone()))
        .collect();
    let coverage = Coverage {
        article: article.id.clone(),
        sentences: extraction.sentences.len(),
        silent,
        diagnostics,
    };
    let done = Extracted {
        article,
        existed,
        statements: extraction.statements.len(),
        relations: extraction.relations.len(),
        coverage,
    };
    (done, quads)
}

/// Writes one batch: `replace` holds the id of each article already stored,
/// `None` for new ones. The stored graphs of changed articles are removed
/// (a few transactions per batch, each pruning the shared graphs of what
/// only the removed graphs used, once what `loader` holds is committed),
/// then every graph of the batch goes to the bulk loader, with those of
/// its `shared` quads (the ones no earlier batch planned) the store lacks
/// and each article's mark in the summary (its
/// tallies, returned, are added in when the build ends); the loader commits
/// once it holds [`COMMIT_QUADS`]. Replacing in transactions would keep
/// each article's old graph until its new one is in, but costs 45 ms an
/// article against 6 (docs/PERFORMANCE.md); a crash between the two steps
/// leaves the changed articles absent, never half-stored, and the next
/// build stores them as new.
fn write(
    store: &GraphStore,
    loader: &mut Loader<'_>,
    first: bool,
    replace: Vec<Option<String>>,
    quads: Vec<ArticleQuads>,
    shared: Vec<Quad>,
) -> Result<Tallies, StoreError> {
    let changed: Vec<String> = replace.into_iter().flatten().collect();
    if !changed.is_empty() {
        loader.commit()?;
        store.remove_articles(&changed)?;
    }
    let mut tallies = Tallies::default();
    if quads.is_empty() {
        return Ok(tallies);
    }
    let mut graphs = Vec::with_capacity(quads.len() + 2);
    let mut names = Vec::with_capacity(quads.len());
    for article in quads {
        tallies.add_graph(&article.graph, 1);
        if let Some(GraphName::NamedNode(name)) = article.graph.first().map(|q| &q.graph_name) {
            names.push(name.clone());
        }
        graphs.push(article.graph);
    }
    graphs.push(store.shared_to_load(shared, loader)?);
    if !first {
        graphs.push(summary::marks(&names));
    }
    let count = graphs.iter().map(Vec::len).sum();
    loader.load(ExactSize {
        quads: graphs.into_iter().flatten(),
        count,
    })?;
    if loader.pending() >= COMMIT_QUADS {
        loader.commit()?;
    }
    Ok(tallies)
}

/// A flattened batch that knows its length.
struct ExactSize<I> {
    quads: I,
    count: usize,
}

impl<I: Iterator<Item = Quad>> Iterator for ExactSize<I> {
    type Item = Quad;

    fn next(&mut self) -> Option<Quad> {
        let quad = self.quads.next()?;
        self.count -= 1;
        Some(quad)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.count, Some(self.count))
    }
}

impl<I: Iterator<Item = Quad>> ExactSizeIterator for ExactSize<I> {}

#[cfg(test)]
mod tests;
