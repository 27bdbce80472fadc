//! The commands that read the graph view: questions and diagrams; and the
//! figures chart.

use super::{GraphQuestion, GraphSource};
use anyhow::{Context, Result, bail};
use claimgraph::diagram::{self, DiagramOptions, Engine};
use claimgraph::graph::{self, GraphView};
use claimgraph::query;
use claimgraph::rdf::store::GraphStore;
use claimgraph::timeline;
use claimgraph::vocab::{Predicate, Stance};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

impl GraphSource {
    /// The view of the whole store, one article, or a CONSTRUCT result.
    fn load(&self, store_path: &Path) -> Result<GraphView> {
        let store = GraphStore::open_read_only(store_path)?;
        super::guard::watch(None, super::guard::default_max_memory_mb());
        Ok(match (&self.query, &self.article) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read the query file", path.display()))?;
                GraphView::from_construct(store.store(), &text)?
            }
            (None, article) => {
                if let Some(id) = article {
                    store.check_article(id)?;
                }
                GraphView::from_store(store.store(), article.as_deref())?
            }
        })
    }
}

/// `claimgraph graph`: answers one question about the view as a table.
pub fn question(store: &Path, source: &GraphSource, question: GraphQuestion) -> Result<bool> {
    let view = source.load(store)?;
    let g = &view.graph;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let kind = |n| view.kind_name(n).to_owned();
    match question {
        GraphQuestion::Centrality { measure, top } => {
            let rows: Vec<Vec<String>> = graph::rank(g, measure)
                .into_iter()
                .take(top)
                .map(|(n, score)| vec![view.label(n).to_owned(), kind(n), format!("{score:.4}")])
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
                                e.label().to_owned(),
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

/// What `claimgraph diagram` draws and how.
#[derive(clap::Args)]
pub struct DiagramArgs {
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
    #[arg(long, value_enum, default_value_t = Engine::Dot)]
    engine: Engine,
    #[arg(long, value_enum, default_value_t = diagram::OutputFormat::Svg)]
    format: diagram::OutputFormat,
}

/// `claimgraph diagram`: renders the view (or part of it) with Graphviz.
pub fn diagram(
    store: &Path,
    source: &GraphSource,
    args: DiagramArgs,
    output: &Path,
) -> Result<bool> {
    for name in &args.relations {
        if Stance::from_local_name(name).is_none() && Predicate::from_local_name(name).is_none() {
            let stances: Vec<&str> = Stance::ALL.iter().map(|s| s.local_name()).collect();
            bail!(
                "--relations: {name:?} is neither a stance ({}) nor a relation property of the ontology (signsPactWith, meetsWith, ...)",
                stances.join(", ")
            );
        }
    }
    let view = source.load(store)?;
    let focus = args.focus.map(|name| view.find(&name)).transpose()?;
    let options = DiagramOptions {
        focus,
        depth: args.depth,
        relations: args.relations.into_iter().collect(),
        max_propositions: args.top,
    };
    let bytes = diagram::render(diagram::to_dot(&view, &options), args.engine, args.format)?;
    std::fs::write(output, bytes)
        .with_context(|| format!("{}: cannot write the diagram", output.display()))?;
    eprintln!("wrote {}", output.display());
    Ok(true)
}

/// What `claimgraph timeline` charts, and how.
#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Only figures for propositions reading like this: words of the subject, predicate and object ("North Korea sends troops Russia"), or a proposition's IRI
    #[arg(long, value_name = "TEXT")]
    proposition: Option<String>,
    /// Only figures whose unit holds this word ("troops")
    #[arg(long, value_name = "WORD")]
    unit: Option<String>,
    /// Chart size in pixels
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "1000x600", value_parser = chart_size)]
    size: (u32, u32),
    /// TrueType font for the text (default: DejaVu Sans or Liberation Sans from the system)
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// Chart at most this many figures, the earliest first
    #[arg(long, default_value_t = 20_000)]
    limit: usize,
}

fn chart_size(value: &str) -> std::result::Result<(u32, u32), String> {
    let parsed = value
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)));
    match parsed {
        Some((w, h)) if (200..=10_000).contains(&w) && (150..=10_000).contains(&h) => Ok((w, h)),
        _ => Err(format!(
            "{value:?} is not a size such as 1000x600 (200 to 10000 wide, 150 to 10000 high)"
        )),
    }
}

/// `claimgraph timeline`: the figures chart of the web page, as a file.
pub fn timeline(store_path: &Path, args: TimelineArgs, output: &Path) -> Result<bool> {
    let filter = timeline::Filter {
        unit: args.unit,
        proposition: args.proposition,
    };
    let store = GraphStore::open_read_only(store_path)?;
    super::guard::watch(None, super::guard::default_max_memory_mb());
    let figures = timeline::figures(store.store(), None, &filter, args.limit.saturating_add(1))?;
    if figures.is_empty() {
        bail!(
            "no dated figures for {} in {}; `claimgraph query --file examples/queries/troop-figures.rq` lists the figures",
            filter.describe(),
            store_path.display()
        );
    }
    let mut figures = figures;
    if figures.len() > args.limit {
        figures.truncate(args.limit);
        eprintln!(
            "note: charting the first {} figures only; raise --limit to chart more",
            args.limit
        );
    }
    let speakers: std::collections::BTreeSet<&str> =
        figures.iter().map(|f| f.speaker.as_str()).collect();
    let options = timeline::ChartOptions {
        width: args.size.0,
        height: args.size.1,
        title: format!(
            "Figures for {}: {} from {}",
            filter.describe(),
            plural(figures.len(), "figure"),
            plural(speakers.len(), "speaker")
        ),
        font: args.font,
    };
    timeline::draw(&figures, output, &options)?;
    eprintln!("wrote {}", output.display());
    Ok(true)
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
