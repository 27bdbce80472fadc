//! The command line: clap types, and the thin layer that turns flags into
//! library calls and prints.

use anyhow::{Context, Result, bail};
use claimgraph::article::Articles;
use claimgraph::extract::Lexicon;
use claimgraph::pipeline::{self, Event};
use claimgraph::query::{self, OutputFormat};
use claimgraph::rdf::store::{ExportFormat, GraphStore};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

const DEFAULT_STORE: &str = "claimgraph.db";

#[derive(Parser)]
#[command(name = "claimgraph", version, about = "Turns news reports into a knowledge graph of who said what", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles into the store (incremental: unchanged articles are skipped)
    Build {
        /// Store folder
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Print, per article, the sentences that yielded nothing
        #[arg(long)]
        report: bool,
        /// Article files (.txt, .md, .jsonl) or folders; default: the sample corpus
        paths: Vec<PathBuf>,
    },
    /// Retract articles: their whole graphs are removed
    Remove {
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Article ids (`claimgraph stats` lists them)
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Run a SPARQL query; the default graph is the union of all articles
    Query {
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Read the query from a file
        #[arg(long, conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Output format: table, csv, tsv, json, xml (SELECT, ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE)
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// The query text
        query: Option<String>,
    },
    /// Write the graph (or one article's graph) in a standard RDF format
    Export {
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        #[arg(long, value_enum)]
        format: RdfFormatArg,
        /// Only this article's graph
        #[arg(long)]
        article: Option<String>,
        /// Output file (default: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Counts by class, stance and article
    Stats {
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Jsonld,
    Rdfxml,
}

impl From<QueryFormat> for OutputFormat {
    fn from(f: QueryFormat) -> Self {
        match f {
            QueryFormat::Table => OutputFormat::Table,
            QueryFormat::Csv => OutputFormat::Csv,
            QueryFormat::Tsv => OutputFormat::Tsv,
            QueryFormat::Json => OutputFormat::Json,
            QueryFormat::Xml => OutputFormat::Xml,
            QueryFormat::Turtle => OutputFormat::Turtle,
            QueryFormat::Ntriples => OutputFormat::NTriples,
            QueryFormat::Jsonld => OutputFormat::JsonLd,
            QueryFormat::Rdfxml => OutputFormat::RdfXml,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RdfFormatArg {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

impl From<RdfFormatArg> for ExportFormat {
    fn from(f: RdfFormatArg) -> Self {
        match f {
            RdfFormatArg::Turtle => ExportFormat::Turtle,
            RdfFormatArg::Ntriples => ExportFormat::NTriples,
            RdfFormatArg::Nquads => ExportFormat::NQuads,
            RdfFormatArg::Trig => ExportFormat::TriG,
            RdfFormatArg::Rdfxml => ExportFormat::RdfXml,
            RdfFormatArg::Jsonld => ExportFormat::JsonLd,
        }
    }
}

/// Runs the command; `Ok(false)` means it ran but something failed (exit 1).
pub fn run(cli: Cli) -> Result<bool> {
    match cli.command {
        Command::Build {
            store,
            report,
            paths,
        } => build(store, report, paths),
        Command::Remove { store, ids } => remove(store, ids),
        Command::Query {
            store,
            file,
            format,
            query,
        } => {
            let text = match (file, query) {
                (Some(file), _) => std::fs::read_to_string(&file)
                    .with_context(|| format!("{}: cannot read the query file", file.display()))?,
                (None, Some(query)) => query,
                (None, None) => bail!("give a query, or --file F.rq"),
            };
            let store = GraphStore::open_read_only(&store)?;
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            query::run(store.store(), &text, format.into(), &mut out)?;
            out.flush()?;
            Ok(true)
        }
        Command::Export {
            store,
            format,
            article,
            output,
        } => {
            let store = GraphStore::open_read_only(&store)?;
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path).with_context(|| {
                        format!("{}: cannot create the output file", path.display())
                    })?;
                    store.export(format.into(), article.as_deref(), BufWriter::new(file))?;
                }
                None => {
                    let stdout = io::stdout();
                    store.export(
                        format.into(),
                        article.as_deref(),
                        BufWriter::new(stdout.lock()),
                    )?;
                }
            }
            Ok(true)
        }
        Command::Stats { store } => stats(store),
    }
}

fn build(store_path: PathBuf, report: bool, paths: Vec<PathBuf>) -> Result<bool> {
    let started = Instant::now();
    let store = GraphStore::open(&store_path)?;
    let lexicon = Lexicon::embedded()?;
    let articles: Box<dyn Iterator<Item = _>> = if paths.is_empty() {
        Box::new(claimgraph::sample_articles())
    } else {
        Box::new(Articles::new(&paths))
    };
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
        &store,
        &lexicon,
        articles,
        |event| {
            progress.inc(1);
            if let Event::Failed(message) = event {
                progress.suspend(|| eprintln!("error: {message}"));
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
        let stdout = io::stdout();
        let mut out = stdout.lock();
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
        }
    }
    let count = |q: &str| -> Result<String> {
        let mut buf = Vec::new();
        query::run(store.store(), q, OutputFormat::Csv, &mut buf)?;
        Ok(String::from_utf8_lossy(&buf)
            .lines()
            .nth(1)
            .unwrap_or("0")
            .trim()
            .to_owned())
    };
    let entities = count(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?k . FILTER(?k IN (cg:State, cg:Official, cg:Agency, cg:Organization, cg:MilitaryUnit, cg:MediaOutlet, cg:Person, cg:Place)) }",
    )?;
    let statements = count("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a cg:Statement }")?;
    eprintln!(
        "articles: {} new, {} changed, {} unchanged, {} failed; store {}: {} entities, {} statements, {} quads ({:.2} s)",
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.failed,
        store.path().display(),
        entities,
        statements,
        store.len()?,
        started.elapsed().as_secs_f64()
    );
    Ok(summary.failed == 0)
}

fn remove(store_path: PathBuf, ids: Vec<String>) -> Result<bool> {
    let store = GraphStore::open(&store_path)?;
    let mut ok = true;
    for id in &ids {
        match store.remove_article(id) {
            Ok(()) => eprintln!("removed {id}"),
            Err(e) => {
                eprintln!("error: {e}");
                ok = false;
            }
        }
    }
    store.flush()?;
    Ok(ok)
}

fn stats(store_path: PathBuf) -> Result<bool> {
    let store = GraphStore::open_read_only(&store_path)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let sections = [
        (
            "Entities by class",
            "SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE { ?e a ?k . FILTER(?k IN (cg:State, cg:Official, cg:Agency, cg:Organization, cg:MilitaryUnit, cg:MediaOutlet, cg:Person, cg:Place)) BIND(STRAFTER(STR(?k), '#') AS ?class) } GROUP BY ?class ORDER BY DESC(?entities) ?class",
        ),
        (
            "Statements by stance",
            "SELECT ?stance (COUNT(?s) AS ?statements) WHERE { GRAPH ?g { ?s cg:stance ?st } BIND(STRAFTER(STR(?st), '#') AS ?stance) } GROUP BY ?stance ORDER BY DESC(?statements) ?stance",
        ),
        (
            "Articles",
            "SELECT ?article ?published ?publisher (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?r) AS ?relations) WHERE { GRAPH ?g { ?a cg:articleId ?article . OPTIONAL { ?a schema:datePublished ?published } OPTIONAL { ?a cg:publisherName ?publisher } OPTIONAL { ?s a cg:Statement } OPTIONAL { ?r a cg:Relation } } } GROUP BY ?article ?published ?publisher ORDER BY ?article",
        ),
    ];
    for (title, q) in sections {
        writeln!(out, "{title}")?;
        query::run(store.store(), q, OutputFormat::Table, &mut out)?;
        writeln!(out)?;
    }
    Ok(true)
}
