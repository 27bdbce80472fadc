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
        /// Store folder
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Article ids (`claimgraph stats` lists them)
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Run a SPARQL query; the default graph is the union of all articles
    Query {
        /// Store folder
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Read the query from a file
        #[arg(long, conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Output format: table, csv, tsv, json, xml (SELECT, ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE)
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Also print Oxigraph's query plan, with rows and time per operator, to standard error
        #[arg(long)]
        explain: bool,
        /// The query text
        query: Option<String>,
    },
    /// Write the graph (or one article's graph) in a standard RDF format
    Export {
        /// Store folder
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
    /// Compact the store after a large build: queries get several times faster
    Optimize {
        /// Store folder
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
    /// Counts by class, stance and article
    Stats {
        /// Store folder
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
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
    /// Draw who-says-what and who-is-tied-to-whom with Graphviz
    Diagram {
        #[command(flatten)]
        source: GraphSource,
        /// Draw what lies around this actor (label or alias)
        #[arg(long)]
        focus: Option<String>,
        /// Steps from the focus
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// Only these stances and relations, comma-separated (claims,denies,signsPactWith,...)
        #[arg(long, value_delimiter = ',')]
        relations: Vec<String>,
        /// Without --focus, how many of the most stated propositions to draw
        #[arg(long, default_value_t = 8)]
        top: usize,
        #[arg(long, value_enum, default_value_t = EngineArg::Dot)]
        engine: EngineArg,
        #[arg(long, value_enum, default_value_t = DiagramFormat::Svg)]
        format: DiagramFormat,
        /// Output file
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Which graph to look at.
#[derive(clap::Args)]
struct GraphSource {
    /// Store folder
    #[arg(long, default_value = DEFAULT_STORE)]
    store: PathBuf,
    /// Only this article's graph
    #[arg(long, conflicts_with = "query")]
    article: Option<String>,
    /// The graph a CONSTRUCT query returns
    #[arg(long)]
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

#[derive(Clone, Copy, ValueEnum)]
enum Measure {
    Degree,
    Pagerank,
    Betweenness,
}

#[derive(Clone, Copy, ValueEnum)]
enum EngineArg {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiagramFormat {
    Dot,
    Svg,
    Png,
    Pdf,
}

impl GraphSource {
    fn load(&self) -> Result<claimgraph::graph::GraphView> {
        let store = GraphStore::open_read_only(&self.store)?;
        Ok(match (&self.query, &self.article) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read the query file", path.display()))?;
                claimgraph::graph::GraphView::from_construct(store.store(), &text)?
            }
            (None, article) => {
                claimgraph::graph::GraphView::from_store(store.store(), article.as_deref())?
            }
        })
    }
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
            explain,
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
            let stderr = io::stderr();
            let mut plan = stderr.lock();
            let plan = explain.then_some(&mut plan as &mut dyn Write);
            query::run_explained(store.store(), &text, format.into(), &mut out, plan)?;
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
        Command::Optimize { store } => {
            let started = Instant::now();
            let store = GraphStore::open(&store)?;
            store.optimize()?;
            eprintln!(
                "store {} compacted ({:.2} s)",
                store.path().display(),
                started.elapsed().as_secs_f64()
            );
            Ok(true)
        }
        Command::Stats { store } => stats(store),
        Command::Graph { source, question } => graph_question(&source, question),
        Command::Generate {
            articles,
            seed,
            output,
        } => {
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path).with_context(|| {
                        format!("{}: cannot create the output file", path.display())
                    })?;
                    claimgraph::synth::write_jsonl(articles, seed, BufWriter::new(file))?;
                }
                None => claimgraph::synth::write_jsonl(
                    articles,
                    seed,
                    BufWriter::new(io::stdout().lock()),
                )?,
            }
            Ok(true)
        }
        Command::Diagram {
            source,
            focus,
            depth,
            relations,
            top,
            engine,
            format,
            output,
        } => {
            use claimgraph::diagram::{self, DiagramOptions, Engine, OutputFormat};
            let view = source.load()?;
            let focus = focus.map(|name| view.find(&name)).transpose()?;
            let options = DiagramOptions {
                focus,
                depth,
                relations: relations.into_iter().collect(),
                max_propositions: top,
            };
            let engine = match engine {
                EngineArg::Dot => Engine::Dot,
                EngineArg::Neato => Engine::Neato,
                EngineArg::Fdp => Engine::Fdp,
                EngineArg::Sfdp => Engine::Sfdp,
                EngineArg::Circo => Engine::Circo,
            };
            let format = match format {
                DiagramFormat::Dot => OutputFormat::Dot,
                DiagramFormat::Svg => OutputFormat::Svg,
                DiagramFormat::Png => OutputFormat::Png,
                DiagramFormat::Pdf => OutputFormat::Pdf,
            };
            let bytes = diagram::render(diagram::to_dot(&view, &options), engine, format)?;
            std::fs::write(&output, bytes)
                .with_context(|| format!("{}: cannot write the diagram", output.display()))?;
            eprintln!("wrote {}", output.display());
            Ok(true)
        }
    }
}

fn graph_question(source: &GraphSource, question: GraphQuestion) -> Result<bool> {
    use claimgraph::graph::{self, NodeKind};
    let view = source.load()?;
    let g = &view.graph;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let kind = |n: petgraph::graph::NodeIndex| match &g[n].kind {
        NodeKind::Entity(k) => k.clone(),
        NodeKind::Proposition { .. } => "Proposition".to_owned(),
    };
    match question {
        GraphQuestion::Centrality { measure, top } => {
            let scores = match measure {
                Measure::Degree => graph::degree(g),
                Measure::Pagerank => graph::page_rank(g),
                Measure::Betweenness => graph::betweenness(g),
            };
            let mut ranked: Vec<_> = g
                .node_indices()
                .filter(|&n| matches!(g[n].kind, NodeKind::Entity(_)))
                .map(|n| (scores[n.index()], n))
                .collect();
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let rows: Vec<Vec<String>> = ranked
                .into_iter()
                .take(top)
                .map(|(score, n)| vec![view.label(n).to_owned(), kind(n), format!("{score:.4}")])
                .collect();
            query::write_table(
                &mut out,
                &["actor".into(), "kind".into(), "score".into()],
                &rows,
            )?;
        }
        GraphQuestion::Path { from, to } => {
            let (a, b) = (view.find(&from)?, view.find(&to)?);
            match graph::shortest_path(g, a, b) {
                None => writeln!(
                    out,
                    "no connection between {} and {}",
                    view.label(a),
                    view.label(b)
                )?,
                Some(path) => {
                    let rows: Vec<Vec<String>> = graph::path_edges(g, &path)
                        .into_iter()
                        .map(|(x, y, e)| {
                            vec![
                                view.label(x).to_owned(),
                                e.label.clone(),
                                view.label(y).to_owned(),
                                e.statements.to_string(),
                                e.articles.iter().cloned().collect::<Vec<_>>().join(" "),
                            ]
                        })
                        .collect();
                    let header = ["from", "edge", "to", "statements", "articles"].map(String::from);
                    query::write_table(&mut out, &header, &rows)?;
                }
            }
        }
        GraphQuestion::Neighbors { name, depth } => {
            let start = view.find(&name)?;
            let rows: Vec<Vec<String>> = graph::neighbourhood(g, start, depth)
                .into_iter()
                .filter(|(n, _)| *n != start)
                .map(|(n, d)| (d, view.label(n).to_owned(), kind(n)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|(d, label, k)| vec![d.to_string(), label, k])
                .collect();
            query::write_table(
                &mut out,
                &["steps".into(), "node".into(), "kind".into()],
                &rows,
            )?;
        }
        GraphQuestion::Components => {
            let rows: Vec<Vec<String>> = graph::components(g)
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut labels: Vec<&str> = c.iter().map(|&n| view.label(n)).collect();
                    labels.sort();
                    let shown: Vec<&str> = labels.iter().take(6).copied().collect();
                    let more = if labels.len() > 6 { ", ..." } else { "" };
                    vec![
                        (i + 1).to_string(),
                        c.len().to_string(),
                        format!("{}{more}", shown.join(", ")),
                    ]
                })
                .collect();
            query::write_table(
                &mut out,
                &["component".into(), "nodes".into(), "members".into()],
                &rows,
            )?;
        }
    }
    Ok(true)
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
    // Only index scans here: this line must stay cheap on a large store,
    // where a re-build of an unchanged corpus takes seconds.
    eprintln!(
        "articles: {} new, {} changed, {} unchanged, {} failed; {} statements and {} relations extracted; store {} holds {} articles ({:.2} s)",
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.failed,
        summary.statements,
        summary.relations,
        store.path().display(),
        store.article_count()?,
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
