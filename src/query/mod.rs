//! SPARQL over the store: the default graph is the union of all article
//! graphs, the claimgraph prefixes are predeclared, and results are written
//! in the W3C formats or as a plain-text table.

mod construct;
mod limits;
mod table;

pub use construct::{Constructed, construct_capped};

pub use limits::{MAX_NESTING, MAX_OPERATORS, MAX_UNIONS, TooLarge};
pub use table::{Table, write_table};

use crate::rdf::store::serializer;
use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator,
    SparqlSyntaxError,
};
use oxigraph::store::{StorageError, Store};
use std::io::Write;

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("malformed SPARQL: {}", one_line(&.0.to_string()))]
    Syntax(SparqlSyntaxError),
    #[error(
        "SPARQL Update is refused: queries are read-only; change the store with `claimgraph build` or `claimgraph remove`"
    )]
    ReadOnly,
    #[error(
        "query refused: it has {} {}, more than the {} claimgraph evaluates; simplify it or split it into several queries",
        .0.found, .0.what, .0.max
    )]
    TooLarge(TooLarge),
    #[error(
        "SERVICE is refused: claimgraph makes no outbound requests; query the other endpoint yourself"
    )]
    Service,
    #[error("bad dataset: {0}")]
    Dataset(String),
    #[error(
        "query stopped at its time limit; make it more selective (start from an id or a label, add LIMIT) or allow more time with --timeout"
    )]
    Cancelled,
    #[error("the store is corrupted ({0}); build the articles into a new store, or restore a copy")]
    Corrupted(StorageError),
    #[error("query failed: {0}")]
    Evaluation(QueryEvaluationError),
    #[error("format {format} is for {expected} results; use {hint}")]
    Format {
        format: &'static str,
        expected: &'static str,
        hint: &'static str,
    },
    #[error("cannot write output")]
    Output(#[from] std::io::Error),
}

impl From<QueryEvaluationError> for QueryError {
    fn from(error: QueryEvaluationError) -> Self {
        match error {
            QueryEvaluationError::Cancelled => Self::Cancelled,
            QueryEvaluationError::Dataset(inner) => match inner.downcast::<StorageError>() {
                Ok(storage) => match *storage {
                    corrupted @ StorageError::Corruption(_) => Self::Corrupted(corrupted),
                    other => Self::Evaluation(QueryEvaluationError::Dataset(Box::new(other))),
                },
                Err(inner) => Self::Evaluation(QueryEvaluationError::Dataset(inner)),
            },
            other => Self::Evaluation(other),
        }
    }
}

impl From<StorageError> for QueryError {
    /// A store read outside SPARQL (the explorer's name index, say) fails
    /// as a query would.
    fn from(error: StorageError) -> Self {
        match error {
            corrupted @ StorageError::Corruption(_) => Self::Corrupted(corrupted),
            other => Self::Evaluation(QueryEvaluationError::Dataset(Box::new(other))),
        }
    }
}

/// How a query runs, beyond its text and format.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// Where to write Oxigraph's query plan (JSON) with the rows and time
    /// each operator took.
    pub explain: Option<&'a mut dyn Write>,
    /// Cancels the evaluation when cancelled (a time limit, a closed client).
    pub cancel: Option<CancellationToken>,
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
        "SELECT ?article ?published ?publisher (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?r) AS ?relations) WHERE { GRAPH ?g { ?a cg:articleId ?article . OPTIONAL { ?a schema:datePublished ?published } OPTIONAL { ?a cg:publisherName ?publisher } OPTIONAL { ?s cg:speaker ?speaker } OPTIONAL { ?r a cg:Relation } } } GROUP BY ?article ?published ?publisher ORDER BY ?article",
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

/// Parses a query the way every claimgraph command runs one: within the
/// [`limits`], with the claimgraph prefixes, the union of the article
/// graphs as the default graph, and `cancel` to stop it by. An update is
/// refused as such.
pub fn prepare(
    query: &str,
    cancel: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery, QueryError> {
    limits::check(query).map_err(QueryError::TooLarge)?;
    if limits::uses_service(query) {
        return Err(QueryError::Service);
    }
    let mut sparql = evaluator();
    if let Some(token) = cancel {
        sparql = sparql.with_cancellation_token(token);
    }
    let mut prepared = sparql.parse_query(query).map_err(|e| {
        // An update is well-formed SPARQL, only not a query.
        if evaluator().parse_update(query).is_ok() {
            QueryError::ReadOnly
        } else {
            QueryError::Syntax(e)
        }
    })?;
    prepared.dataset_mut().set_default_graph_as_union();
    Ok(prepared)
}

/// A SPARQL string literal holding `text`, so that typed text cannot
/// change the query.
pub fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses and runs `query` against `store`, writing results to `out`.
pub fn run(
    store: &Store,
    query: &str,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    run_with(store, query, format, out, RunOptions::default())
}

/// Like [`run`], with a plan to explain or a token to cancel by. A query
/// past the [`limits`] is refused before it is parsed.
pub fn run_with(
    store: &Store,
    query: &str,
    format: OutputFormat,
    out: &mut dyn Write,
    options: RunOptions<'_>,
) -> Result<(), QueryError> {
    let prepared = prepare(query, options.cancel)?.on_store(store);
    let Some(explain) = options.explain else {
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
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                let mut table = Table::new(out, &header);
                for solution in solutions {
                    let solution = solution?;
                    let row: Vec<String> = variables
                        .iter()
                        .map(|v| solution.get(v).map(short).unwrap_or_default())
                        .collect();
                    table.row(&row)?;
                }
                table.finish()?;
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

#[cfg(test)]
mod tests {
    use super::string_literal;

    #[test]
    fn typed_text_cannot_change_the_query() {
        assert_eq!(string_literal("Pe\"sko\\v\n"), "\"Pe\\\"sko\\\\v\\n\"");
        assert_eq!(string_literal("a\u{0}b"), "\"ab\"");
    }
}
