//! The commands that build, change and read the store.

use super::sink;
use anyhow::{Context, Result, bail};
use claimgraph::article::{ARTICLE_EXTENSIONS, Article, ArticleError, Articles};
use claimgraph::display::{Shown, inert};
use claimgraph::extract::Lexicon;
use claimgraph::pipeline::{self, Event};
use claimgraph::query::{self, OutputFormat};
use claimgraph::rdf::sources::Sources;
use claimgraph::rdf::store::{ExportFormat, GraphStore};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `claimgraph build`: extracts the articles (the sample corpus if no path
/// is given) into the store, reporting each bad file on one line.
pub fn build(
    store_path: &Path,
    lexicon: &Lexicon,
    options: pipeline::Options,
    report: bool,
    paths: &[PathBuf],
) -> Result<bool> {
    let started = Instant::now();
    let store = GraphStore::open(store_path)?;
    build_into(&store, lexicon, options, report, paths, started)
}

/// Builds the articles under `paths` (the sample corpus if none) into an
/// open store, with the one summary line of `build`.
pub fn build_into(
    store: &GraphStore,
    lexicon: &Lexicon,
    options: pipeline::Options,
    report: bool,
    paths: &[PathBuf],
    started: Instant,
) -> Result<bool> {
    let articles = articles_in(paths);
    let progress = if io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles  {per_sec}  {msg}")
            .expect("valid progress template"),
    );
    let mut coverage = Vec::new();
    let summary = pipeline::build(
        store,
        lexicon,
        options,
        articles,
        |event| {
            progress.inc(1);
            if let Event::Failed(message) = event {
                progress.suspend(|| eprintln!("error: {}", inert(&message)));
            }
        },
        |c| {
            if report {
                coverage.push(c);
            }
        },
    )?;
    progress.finish_and_clear();
    if report {
        let mut out = sink(None)?;
        for c in &coverage {
            writeln!(
                out,
                "{}: {} of {} sentences yielded nothing",
                c.article,
                c.silent.len(),
                c.sentences
            )?;
            for (n, sentence) in &c.silent {
                let short: String = sentence.chars().take(110).collect();
                writeln!(out, "  {n:>4}  {short}")?;
            }
            if !c.diagnostics.is_empty() {
                writeln!(
                    out,
                    "{}: {} things not understood",
                    c.article,
                    c.diagnostics.len()
                )?;
                for (n, message) in &c.diagnostics {
                    writeln!(out, "  {n:>4}  {message}")?;
                }
            }
        }
        out.flush()?;
    }
    let reextracted = match summary.reextracted {
        0 => String::new(),
        n => format!(" ({n} for a new extractor)"),
    };
    eprintln!(
        "articles: {} new, {} changed{reextracted}, {} unchanged, {} failed; {} statements and {} relations extracted; store {} holds {} articles ({:.2} s)",
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.failed,
        summary.statements,
        summary.relations,
        Shown(store.path()),
        // From the summary: after a large build the freshly ingested index
        // files wait for RocksDB to compact them, and counting the
        // articles themselves would decode every one's content hash.
        store.tallied_article_count()?,
        started.elapsed().as_secs_f64()
    );
    let read = summary.new + summary.changed + summary.unchanged + summary.failed;
    Ok(!none_found(paths, read) && summary.failed == 0)
}

/// `claimgraph extract`: the article graphs to standard output, without a
/// store, for a sharded extraction loaded with another store's bulk loader.
pub fn extract(lexicon: &Lexicon, format: super::StreamFormat, paths: &[PathBuf]) -> Result<bool> {
    let started = Instant::now();
    let articles = articles_in(paths);
    let format = match format {
        super::StreamFormat::Nquads => oxigraph::io::RdfFormat::NQuads,
        super::StreamFormat::Trig => oxigraph::io::RdfFormat::TriG,
    };
    let stdout = io::stdout();
    let mut writer = claimgraph::rdf::store::serializer(format)
        .for_writer(io::BufWriter::with_capacity(1 << 20, stdout.lock()));
    let summary = pipeline::extract_all(
        lexicon,
        articles,
        |event| {
            if let Event::Failed(message) = event {
                eprintln!("error: {}", inert(&message));
            }
        },
        |_, quads| {
            quads
                .graph
                .iter()
                .chain(&quads.shared)
                .try_for_each(|quad| writer.serialize_quad(quad))
        },
    )
    .context("cannot write to standard output")?;
    writer
        .finish()
        .and_then(|mut out| out.flush())
        .context("cannot write to standard output")?;
    eprintln!(
        "articles: {} extracted, {} failed; {} statements and {} relations ({:.2} s)",
        summary.new,
        summary.failed,
        summary.statements,
        summary.relations,
        started.elapsed().as_secs_f64()
    );
    Ok(!none_found(paths, summary.new + summary.failed) && summary.failed == 0)
}

/// The articles under `paths` (files or folders), or the sample corpus if
/// none is given; files passed over get one line.
fn articles_in(paths: &[PathBuf]) -> Box<dyn Iterator<Item = Result<Article, ArticleError>>> {
    if paths.is_empty() {
        return Box::new(claimgraph::sample_articles());
    }
    let articles = Articles::new(paths);
    note_skipped(articles.skipped());
    Box::new(articles)
}

/// Whether paths were given and no article was read from them (then one
/// line says so).
fn none_found(paths: &[PathBuf], read: usize) -> bool {
    if read > 0 || paths.is_empty() {
        return false;
    }
    let given: Vec<String> = paths.iter().map(|p| Shown(p).to_string()).collect();
    eprintln!(
        "error: no articles in {}; give files ending in .{}",
        given.join(", "),
        ARTICLE_EXTENSIONS.join(", .")
    );
    true
}

/// One line for the files the walk passed over, so none is left out
/// without a word.
fn note_skipped(skipped: &[PathBuf]) {
    let Some(first) = skipped.first() else {
        return;
    };
    let others = match skipped.len() {
        1 => String::new(),
        2 => " and 1 other".to_owned(),
        n => format!(" and {} others", n - 1),
    };
    eprintln!(
        "note: skipped {}{others}: not an article file (articles end in .{})",
        Shown(first),
        ARTICLE_EXTENSIONS.join(", .")
    );
}

/// `claimgraph remove`: retracts each article; an unknown id is reported
/// and the others are still removed.
pub fn remove(store_path: &Path, ids: &[String]) -> Result<bool> {
    let store = GraphStore::open(store_path)?;
    store.fold_tallies()?;
    let mut sources = Sources::load(store.path(), store.tallied_article_count()?)?;
    sources.before_removing()?;
    let mut ok = true;
    for id in ids {
        match store.remove_article(id) {
            Ok(()) => {
                sources.remove(id);
                eprintln!("removed {}", Shown(id));
            }
            Err(e) => {
                eprintln!("error: {e}");
                ok = false;
            }
        }
    }
    sources.save()?;
    // No flush, as after a build: the transactions are in the write-ahead
    // log, and a flush right after a large build waits for RocksDB to
    // compact what the build ingested.
    Ok(ok)
}

/// `claimgraph query`: runs a SPARQL query from the command line or a file.
pub fn query(
    store_path: &Path,
    file: Option<&Path>,
    text: Option<String>,
    format: OutputFormat,
    explain: bool,
    timeout: Option<f64>,
    max_memory_mb: u64,
) -> Result<bool> {
    let text = match (file, text) {
        (Some(file), _) => std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read the query file", file.display()))?,
        (None, Some(text)) => text,
        (None, None) => bail!("give a query, or --file F.rq"),
    };
    let store = GraphStore::open_read_only(store_path)?;
    let mut out = sink(None)?;
    // Not locked for the whole query: the time limit writes to it.
    let mut plan = io::stderr();
    let options = query::RunOptions {
        explain: explain.then_some(&mut plan as &mut dyn Write),
        cancel: Some(super::guard::watch(timeout, max_memory_mb)),
    };
    query::run_with(store.store(), &text, format, &mut out, options)?;
    out.flush()?;
    Ok(true)
}

/// `claimgraph export`: the store, or one article's graph, in `format`.
pub fn export(
    store_path: &Path,
    format: ExportFormat,
    article: Option<&str>,
    output: Option<&Path>,
) -> Result<bool> {
    let store = GraphStore::open_read_only(store_path)?;
    let mut out = sink(output)?;
    store.export(format, article, &mut out)?;
    out.flush()?;
    Ok(true)
}

/// `claimgraph optimize`: compacts the store.
pub fn optimize(store_path: &Path) -> Result<bool> {
    let started = Instant::now();
    let store = GraphStore::open(store_path)?;
    store.optimize()?;
    eprintln!(
        "store {} compacted ({:.2} s)",
        store.path().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}

/// `claimgraph stats`: counts by class, stance and article.
pub fn stats(store_path: &Path) -> Result<bool> {
    let store = GraphStore::open_read_only(store_path)?;
    super::guard::watch(None, super::guard::default_max_memory_mb());
    let mut out = sink(None)?;
    query::write_stats(store.store(), &mut out)?;
    out.flush()?;
    Ok(true)
}

/// `claimgraph check`: reads the whole store and says whether it is sound.
pub fn check(store_path: &Path) -> Result<bool> {
    let started = Instant::now();
    let store = GraphStore::open_read_only(store_path)?;
    super::guard::watch(None, super::guard::default_max_memory_mb());
    let quads = store.check()?;
    eprintln!(
        "store {}: sound; {} articles, {quads} quads ({:.2} s)",
        Shown(store.path()),
        store.article_count()?,
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}
