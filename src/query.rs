//! SPARQL over the store: the default graph is the union of all article
//! graphs, the claimgraph prefixes are predeclared, and results are written
//! in the W3C formats or as a plain-text table.

use crate::rdf::store::serializer;
use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator, SparqlSyntaxError};
use oxigraph::store::Store;
use std::io::Write;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("malformed SPARQL: {}", one_line(&.0.to_string()))]
    Syntax(SparqlSyntaxError),
    #[error(
        "SPARQL Update is refused: queries are read-only; change the store with `claimgraph build` or `claimgraph remove`"
    )]
    ReadOnly,
    #[error("query failed: {0}")]
    Evaluation(#[from] QueryEvaluationError),
    #[error("format {format} is for {expected} results; use {hint}")]
    Format {
        format: &'static str,
        expected: &'static str,
        hint: &'static str,
    },
    #[error("cannot write output")]
    Output(#[from] std::io::Error),
}

/// How query results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "lower")]
pub enum OutputFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    NTriples,
    JsonLd,
    RdfXml,
}

impl OutputFormat {
    fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Xml => "xml",
            Self::Turtle => "turtle",
            Self::NTriples => "ntriples",
            Self::JsonLd => "jsonld",
            Self::RdfXml => "rdfxml",
        }
    }

    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            Self::Turtle | Self::Table => Some(RdfFormat::Turtle),
            Self::NTriples => Some(RdfFormat::NTriples),
            Self::JsonLd => Some(RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            }),
            Self::RdfXml => Some(RdfFormat::RdfXml),
            _ => None,
        }
    }
}

/// The sections of `claimgraph stats`: a title and the query behind it.
pub const STATS: &[(&str, &str)] = &[
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

/// Writes the [`STATS`] report: each title, then its table.
pub fn write_stats(store: &Store, out: &mut dyn Write) -> Result<(), QueryError> {
    for (title, query) in STATS {
        writeln!(out, "{title}")?;
        run(store, query, OutputFormat::Table, out)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A SPARQL evaluator with the claimgraph prefixes predeclared.
pub fn evaluator() -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in vocab::PREFIXES {
        evaluator = evaluator
            .with_prefix(*prefix, *iri)
            .expect("vocabulary prefixes are valid IRIs");
    }
    evaluator
}

/// Parses and runs `query` against `store`, writing results to `out`.
pub fn run(
    store: &Store,
    query: &str,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    run_explained(store, query, format, out, None)
}

/// Like [`run`]; with `explain`, also writes there Oxigraph's query plan
/// (JSON) with the rows and time each operator took.
pub fn run_explained(
    store: &Store,
    query: &str,
    format: OutputFormat,
    out: &mut dyn Write,
    explain: Option<&mut dyn Write>,
) -> Result<(), QueryError> {
    let mut prepared = evaluator().parse_query(query).map_err(|e| {
        // An update is well-formed SPARQL, only not a query.
        if evaluator().parse_update(query).is_ok() {
            QueryError::ReadOnly
        } else {
            QueryError::Syntax(e)
        }
    })?;
    prepared.dataset_mut().set_default_graph_as_union();
    let prepared = prepared.on_store(store);
    let Some(explain) = explain else {
        let results = prepared.execute()?;
        return write_results(results, format, out);
    };
    let (results, explanation) = prepared.compute_statistics().explain();
    let results = results?;
    write_results(results, format, out)?;
    explanation.write_in_json(&mut *explain)?;
    writeln!(explain)?;
    Ok(())
}

fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    match results {
        QueryResults::Boolean(value) => match format.results_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value)?;
            }
            None if format == OutputFormat::Table => writeln!(out, "{value}")?,
            None => return Err(wrong_format(format, true)),
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if let Some(f) = format.results_format() {
                let mut writer = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(out, variables)?;
                for solution in solutions {
                    writer.serialize(&solution?)?;
                }
                writer.finish()?;
            } else if format == OutputFormat::Table {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v).map(short).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                write_table(out, &header, &rows)?;
            } else {
                return Err(wrong_format(format, true));
            }
        }
        QueryResults::Graph(triples) => {
            let Some(f) = format.rdf_format() else {
                return Err(wrong_format(format, false));
            };
            let mut writer = serializer(f).for_writer(out);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// Oxigraph lists every expected character class on several lines; one
/// line with the position and the start of the list is what a reader needs.
fn one_line(message: &str) -> String {
    let flat: String = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        let cut: String = flat.chars().take(159).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

fn wrong_format(format: OutputFormat, tabular: bool) -> QueryError {
    if tabular {
        QueryError::Format {
            format: format.name(),
            expected: "CONSTRUCT and DESCRIBE",
            hint: "--format table, csv, tsv, json or xml for SELECT and ASK",
        }
    } else {
        QueryError::Format {
            format: format.name(),
            expected: "SELECT and ASK",
            hint: "--format turtle, ntriples, jsonld or rdfxml for CONSTRUCT and DESCRIBE",
        }
    }
}

/// A term for people: prefixed IRIs, literal values without quotes.
pub fn short(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            for (prefix, ns) in vocab::PREFIXES {
                if let Some(local) = iri.strip_prefix(ns) {
                    return format!("{prefix}:{local}");
                }
            }
            format!("<{iri}>")
        }
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// Writes rows as an aligned plain-text table; long cells are cut.
pub fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    const MAX: usize = 60;
    let cell = |s: &str| -> String {
        // One line, and inert: a terminal escape from the data is shown, not obeyed.
        let one_line = crate::display::inert(&s.replace(['\n', '\r', '\t'], " ")).into_owned();
        if one_line.chars().count() > MAX {
            let cut: String = one_line.chars().take(MAX - 1).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, row: &[String]| -> std::io::Result<()> {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for row in &cells {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}
