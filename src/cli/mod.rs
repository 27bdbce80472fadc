//! The command line: clap types, and one function per command that turns
//! flags into library calls and prints.
//!
//! Options shared by every command (`--store`, `--lexicon`, `--gazetteer`)
//! are global: they may come before or after the subcommand.

mod generate;
mod graph;
mod guard;
mod push;
mod serve;
mod store;

pub use guard::{past_limit, stop_at_limit};

use anyhow::{Context, Result};
use claimgraph::extract::Lexicon;
use claimgraph::graph::Measure;
use claimgraph::query::OutputFormat;
use claimgraph::rdf::store::ExportFormat;
use clap::{Parser, Subcommand};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(name = "claimgraph", version, about = "Turns news reports into a knowledge graph of who said what", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes, before or after its name.
#[derive(clap::Args)]
struct Global {
    /// Store folder
    #[arg(long, global = true, default_value = "claimgraph.db")]
    store: PathBuf,
    /// Read the rule lexicon from this file instead of the embedded one
    #[arg(long, global = true, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Read the gazetteer from this file instead of the embedded one
    #[arg(long, global = true, value_name = "FILE")]
    gazetteer: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles into the store (incremental: unchanged articles are skipped)
    Build {
        /// Print, per article, the sentences that yielded nothing
        #[arg(long)]
        report: bool,
        /// Replace stored articles even when their id now comes from another file
        #[arg(long)]
        replace: bool,
        /// Article files (.txt, .md, .jsonl) or folders; default: the sample corpus
        paths: Vec<PathBuf>,
    },
    /// Retract articles: their whole graphs are removed
    Remove {
        /// Article ids (`claimgraph stats` lists them)
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Run a SPARQL query; the default graph is the union of all articles
    Query {
        /// Read the query from a file
        #[arg(long, conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Output format: table, csv, tsv, json, xml (SELECT, ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE)
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Also print Oxigraph's query plan, with rows and time per operator, to standard error
        #[arg(long)]
        explain: bool,
        /// Stop the query after this many seconds
        #[arg(long, value_name = "SECONDS", value_parser = positive_seconds)]
        timeout: Option<f64>,
        /// Stop the query when the process holds more memory than this (default: half the machine's)
        #[arg(long, value_name = "MB")]
        max_memory_mb: Option<u64>,
        /// The query text
        query: Option<String>,
    },
    /// Extract articles to standard output, without a store: the quads a build would store
    Extract {
        /// N-Quads (one quad a line, for any bulk loader) or TriG
        #[arg(long, value_enum, default_value_t = StreamFormat::Nquads)]
        format: StreamFormat,
        /// Article files (.txt, .md, .jsonl) or folders; default: the sample corpus
        paths: Vec<PathBuf>,
    },
    /// Write the graph (or one article's graph) in a standard RDF format
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this article's graph
        #[arg(long)]
        article: Option<String>,
        /// Output file (default: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compact the store after a large build: queries get several times faster
    Optimize,
    /// Counts by class, stance and article
    Stats,
    /// Read the whole store and check its integrity (damaged files, indexes that disagree)
    Check,
    /// Serve the store: the explorer page at /, a SPARQL 1.1 endpoint at /sparql (read-only)
    Serve {
        /// Address to listen on (loopback unless another is given)
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        /// Answer a query still running after this many seconds as a timeout
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = positive_seconds)]
        timeout_s: f64,
        /// Cut results after this many rows (the response says so)
        #[arg(long, default_value_t = 10_000)]
        max_rows: usize,
        /// Let pages from this origin call the endpoint (CORS)
        #[arg(long, value_name = "ORIGIN")]
        cors: Option<String>,
        /// Own the store and rebuild these article files or folders into it whenever they change
        #[arg(long, value_name = "PATH", num_args = 1..)]
        watch: Vec<PathBuf>,
        /// How often --watch looks at the articles
        #[arg(long, value_name = "SECONDS", default_value_t = 2.0, value_parser = positive_seconds)]
        watch_interval_s: f64,
    },
    /// Send the article graphs to a remote triple store (Graph Store Protocol or SPARQL Update), incrementally
    Push {
        #[command(flatten)]
        args: push::PushArgs,
    },
    /// Write a synthetic corpus (JSON Lines) for benchmarks
    Generate {
        /// How many articles
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        /// The same seed gives the same corpus
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (default: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Graph questions: centrality, paths, neighbours, components
    Graph {
        #[command(flatten)]
        source: GraphSource,
        #[command(subcommand)]
        question: GraphQuestion,
    },
    /// Chart the figures given over time, by speaker (SVG or PNG)
    Timeline {
        #[command(flatten)]
        args: graph::TimelineArgs,
        /// Output file: .svg or .png
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Draw who-says-what and who-is-tied-to-whom with Graphviz
    Diagram {
        #[command(flatten)]
        source: GraphSource,
        #[command(flatten)]
        args: graph::DiagramArgs,
        /// Output file
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// The formats `extract` streams: those that carry named graphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StreamFormat {
    Nquads,
    Trig,
}

/// Which graph to look at; valid before or after the graph question.
#[derive(clap::Args)]
struct GraphSource {
    /// Only this article's graph
    #[arg(long, global = true, conflicts_with = "query")]
    article: Option<String>,
    /// The graph a CONSTRUCT query returns
    #[arg(long, global = true)]
    query: Option<PathBuf>,
}

#[derive(Subcommand)]
enum GraphQuestion {
    /// The most central actors
    Centrality {
        #[arg(long, value_enum, default_value_t = Measure::Pagerank)]
        measure: Measure,
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// The shortest connection between two actors, with the statements along the way
    Path { from: String, to: String },
    /// What lies around an actor
    Neighbors {
        name: String,
        #[arg(long, default_value_t = 1)]
        depth: usize,
    },
    /// Connected parts of the graph
    Components,
}

/// Runs the command; `Ok(false)` means it ran but something failed (exit 1).
pub fn run(cli: Cli) -> Result<bool> {
    let Cli { global, command } = cli;
    let store = global.store.as_path();
    match command {
        Command::Build {
            report,
            replace,
            paths,
        } => {
            let lexicon = load_lexicon(&global)?;
            let options = claimgraph::pipeline::Options { replace };
            store::build(store, &lexicon, options, report, &paths)
        }
        Command::Remove { ids } => store::remove(store, &ids),
        Command::Extract { format, paths } => {
            let lexicon = load_lexicon(&global)?;
            store::extract(&lexicon, format, &paths)
        }
        Command::Query {
            file,
            format,
            explain,
            timeout,
            max_memory_mb,
            query,
        } => {
            let max_memory_mb = max_memory_mb.unwrap_or_else(guard::default_max_memory_mb);
            store::query(
                store,
                file.as_deref(),
                query,
                format,
                explain,
                timeout,
                max_memory_mb,
            )
        }
        Command::Export {
            format,
            article,
            output,
        } => store::export(store, format, article.as_deref(), output.as_deref()),
        Command::Optimize => store::optimize(store),
        Command::Stats => store::stats(store),
        Command::Check => store::check(store),
        Command::Serve {
            bind,
            timeout_s,
            max_rows,
            cors,
            watch,
            watch_interval_s,
        } => {
            let config = claimgraph::server::Config {
                timeout: std::time::Duration::from_secs_f64(timeout_s),
                max_rows,
                cors,
            };
            let watch = if watch.is_empty() {
                None
            } else {
                Some(serve::Watch {
                    paths: watch,
                    interval: std::time::Duration::from_secs_f64(watch_interval_s),
                    lexicon: load_lexicon(&global)?,
                })
            };
            serve::serve(store, bind, config, watch)
        }
        Command::Push { args } => push::push(store, args),
        Command::Generate {
            articles,
            seed,
            output,
        } => {
            let mut out = sink(output.as_deref())?;
            generate::write_jsonl(articles, seed, &mut out)?;
            out.flush()?;
            Ok(true)
        }
        Command::Graph { source, question } => graph::question(store, &source, question),
        Command::Diagram {
            source,
            args,
            output,
        } => graph::diagram(store, &source, args, &output),
        Command::Timeline { args, output } => graph::timeline(store, args, &output),
    }
}

fn positive_seconds(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(seconds),
        _ => Err(format!("{value:?} is not a positive number of seconds")),
    }
}

/// The lexicon and gazetteer: the embedded ones, or the files given.
fn load_lexicon(global: &Global) -> Result<Lexicon> {
    if global.lexicon.is_none() && global.gazetteer.is_none() {
        return Ok(Lexicon::embedded()?);
    }
    let read = |path: &Option<PathBuf>, embedded: &'static str| -> Result<String> {
        match path {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read; check the path", path.display())),
            None => Ok(embedded.to_owned()),
        }
    };
    let gazetteer = read(&global.gazetteer, Lexicon::EMBEDDED_GAZETTEER)?;
    let lexicon = read(&global.lexicon, Lexicon::EMBEDDED_LEXICON)?;
    let name = |path: &Option<PathBuf>, default: &str| {
        path.as_ref()
            .map_or_else(|| default.to_owned(), |p| p.display().to_string())
    };
    Ok(Lexicon::from_sources(
        (&name(&global.gazetteer, "gazetteer.toml"), &gazetteer),
        (&name(&global.lexicon, "lexicon.toml"), &lexicon),
    )?)
}

/// Where a command writes: the file given, or standard output.
fn sink(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(std::fs::File::create(path).with_context(
            || format!("{}: cannot create the output file", path.display()),
        )?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}
