//! The petgraph view of the store: entities and propositions as nodes,
//! stances and relations as edges, each edge counting the statements and
//! articles behind it; and the graph algorithms analysts ask for.
//!
//! The view is built with SPARQL from the store (all articles or one), or
//! from the triples of any CONSTRUCT query; [`algo`] holds the algorithms.

mod algo;
mod around;

pub use algo::{
    betweenness, components, degree, neighbourhood, page_rank, path_edges, shortest_path,
};
pub use around::{Described, Neighbourhood, describe_entities, describe_propositions};

use crate::vocab::{Kind, Predicate, Stance};
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error("cannot hold the CONSTRUCT result: {0}")]
    Scratch(#[from] oxigraph::store::StorageError),
    #[error("--query must be a CONSTRUCT or DESCRIBE query (it gave {0})")]
    NotConstruct(&'static str),
    #[error("no actor named {name:?}{}", suggestions(.candidates))]
    UnknownName {
        name: String,
        candidates: Vec<String>,
    },
}

impl From<oxigraph::sparql::QueryEvaluationError> for GraphError {
    fn from(error: oxigraph::sparql::QueryEvaluationError) -> Self {
        Self::Query(error.into())
    }
}

impl From<oxigraph::sparql::SparqlSyntaxError> for GraphError {
    fn from(error: oxigraph::sparql::SparqlSyntaxError) -> Self {
        Self::Query(crate::query::QueryError::Syntax(error))
    }
}

fn suggestions(candidates: &[String]) -> String {
    if candidates.is_empty() {
        "; `claimgraph query --file examples/queries/entities.rq` lists them".into()
    } else {
        format!(
            "; did you mean {}?",
            candidates
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// What a node stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// An entity, with its class (`None`: named in a statement or relation
    /// of the view but not typed there, as a CONSTRUCT result may leave it).
    Entity(Option<Kind>),
    /// A proposition (subject, predicate, object) that statements are about.
    Proposition { predicate: Predicate },
}

impl NodeKind {
    /// The class's local name, "Actor" for an untyped entity, or "Proposition".
    pub fn name(&self) -> &'static str {
        match self {
            NodeKind::Entity(Some(kind)) => kind.local_name(),
            NodeKind::Entity(None) => "Actor",
            NodeKind::Proposition { .. } => "Proposition",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NodeData {
    pub iri: String,
    pub label: String,
    pub kind: NodeKind,
    pub aliases: BTreeSet<String>,
    /// The IRI of the state or body the entity acts for.
    pub affiliation: Option<String>,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// speaker → proposition.
    Stance(Stance),
    /// entity → entity.
    Relation(Predicate),
    /// proposition → its subject or object.
    Role(Role),
}

/// The part an entity plays in a proposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Subject,
    Object,
}

#[derive(Debug, Clone)]
pub struct EdgeData {
    pub kind: EdgeKind,
    pub statements: usize,
    pub articles: BTreeSet<String>,
}

impl EdgeData {
    /// The stance, property or role local name (`denies`, `signsPactWith`,
    /// `subject`).
    pub fn label(&self) -> &'static str {
        match self.kind {
            EdgeKind::Stance(stance) => stance.local_name(),
            EdgeKind::Relation(predicate) => predicate.local_name(),
            EdgeKind::Role(Role::Subject) => "subject",
            EdgeKind::Role(Role::Object) => "object",
        }
    }
}

/// The graph view. Node and edge order is deterministic (sorted by IRI).
#[derive(Debug, Default)]
pub struct GraphView {
    pub graph: DiGraph<NodeData, EdgeData>,
    index: BTreeMap<String, NodeIndex>,
}

/// The rows of a SELECT (variable → IRI or literal value), cancelled with
/// `token` if given.
fn select(
    store: &Store,
    token: Option<&CancellationToken>,
    query: &str,
) -> Result<Vec<BTreeMap<String, String>>, GraphError> {
    let prepared = crate::query::prepare(query, token.cloned())?;
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute()? else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        rows.push(
            solution
                .iter()
                .map(|(v, t)| {
                    let value = match t {
                        Term::NamedNode(n) => n.as_str().to_owned(),
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    };
                    (v.as_str().to_owned(), value)
                })
                .collect(),
        );
    }
    Ok(rows)
}

fn local(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}

impl GraphView {
    /// Builds the view from the store: every article, or only `article`.
    pub fn from_store(store: &Store, article: Option<&str>) -> Result<Self, GraphError> {
        let graphs = match article {
            Some(id) => format!(
                "VALUES ?g {{ <{}> }}",
                crate::rdf::article_graph(id).as_str()
            ),
            None => String::new(),
        };
        let kinds: Vec<String> = Kind::ALL.iter().map(|k| format!("cg:{k}")).collect();
        let kinds = kinds.join(", ");
        let known = crate::rdf::shared::entities_graph();
        let known = known.as_str();
        let mut view = GraphView::default();
        let entities = select(
            store,
            None,
            &format!(
                "SELECT DISTINCT ?e ?label ?k ?aff WHERE {{ {graphs} GRAPH ?g {{ ?e cg:mentionCount ?m OPTIONAL {{ ?e rdfs:label ?ownLabel }} OPTIONAL {{ ?e a ?ownKind }} OPTIONAL {{ ?e cg:affiliation ?ownAff }} }} OPTIONAL {{ GRAPH <{known}> {{ ?e rdfs:label ?knownLabel }} }} OPTIONAL {{ GRAPH <{known}> {{ ?e a ?knownKind }} }} OPTIONAL {{ GRAPH <{known}> {{ ?e cg:affiliation ?knownAff }} }} BIND(COALESCE(?ownLabel, ?knownLabel) AS ?label) BIND(COALESCE(?ownKind, ?knownKind) AS ?k) BIND(COALESCE(?ownAff, ?knownAff) AS ?aff) FILTER(?k IN ({kinds})) }} ORDER BY ?e ?label"
            ),
        )?;
        for row in &entities {
            let iri = &row["e"];
            if view.index.contains_key(iri) {
                continue;
            }
            view.add_node(NodeData {
                iri: iri.clone(),
                label: row["label"].clone(),
                kind: NodeKind::Entity(Kind::from_iri(&row["k"])),
                aliases: BTreeSet::new(),
                affiliation: row.get("aff").cloned(),
            });
        }
        let aliases = select(
            store,
            None,
            &format!(
                "SELECT DISTINCT ?e ?alias WHERE {{ {graphs} GRAPH ?g {{ ?e skos:altLabel ?alias }} }} ORDER BY ?e ?alias"
            ),
        )?;
        for row in aliases {
            if let Some(&n) = view.index.get(&row["e"]) {
                view.graph[n].aliases.insert(row["alias"].clone());
            }
        }
        // The gazetteer's labels, then the articles' own (which win).
        let mut labels: BTreeMap<String, String> = BTreeMap::new();
        for query in [
            format!(
                "SELECT ?e ?label WHERE {{ GRAPH <{known}> {{ ?e rdfs:label ?label }} }} ORDER BY ?e ?label"
            ),
            format!(
                "SELECT DISTINCT ?e ?label WHERE {{ {graphs} GRAPH ?g {{ ?a cg:articleId ?id . ?e rdfs:label ?label }} }} ORDER BY ?e ?label"
            ),
        ] {
            for row in select(store, None, &query)? {
                labels.insert(row["e"].clone(), row["label"].clone());
            }
        }
        let statements = select(
            store,
            None,
            &format!(
                "SELECT ?s ?speaker ?st ?p ?pred ?subj ?obj ?doc WHERE {{ {graphs} GRAPH ?g {{ ?a cg:articleId ?doc . ?s cg:speaker ?speaker ; cg:stance ?st ; cg:proposition ?p }} ?p cg:predicate ?pred . OPTIONAL {{ ?p cg:subject ?subj }} OPTIONAL {{ ?p cg:object ?obj }} }} ORDER BY ?s"
            ),
        )?;
        for row in statements {
            // A proposition that names neither subject nor object would join
            // unrelated speakers through one meaningless node.
            if !row.contains_key("subj") && !row.contains_key("obj") {
                continue;
            }
            let doc = row.get("doc").cloned().unwrap_or_default();
            let name = |key: &str| {
                row.get(key)
                    .map(|iri| labels.get(iri).cloned().unwrap_or_else(|| local(iri)))
            };
            let (Some(predicate), Some(stance)) = (
                Predicate::from_iri(&row["pred"]),
                Stance::from_iri(&row["st"]),
            ) else {
                continue;
            };
            let prop_label = format!(
                "{} {} {}",
                name("subj").unwrap_or_else(|| "?".into()),
                predicate,
                name("obj").unwrap_or_else(|| "?".into())
            );
            let p = view.node(&row["p"], || NodeData {
                iri: row["p"].clone(),
                label: prop_label.clone(),
                kind: NodeKind::Proposition { predicate },
                aliases: BTreeSet::new(),
                affiliation: None,
            });
            let speaker = view.entity_node(&row["speaker"], &labels);
            view.add_edge(speaker, p, EdgeKind::Stance(stance), &doc);
            for (key, role) in [("subj", Role::Subject), ("obj", Role::Object)] {
                if let Some(iri) = row.get(key) {
                    let e = view.entity_node(iri, &labels);
                    view.add_edge(p, e, EdgeKind::Role(role), &doc);
                }
            }
        }
        let relations = select(
            store,
            None,
            &format!(
                "SELECT ?r ?subj ?pred ?obj ?doc WHERE {{ {graphs} GRAPH ?g {{ ?a cg:articleId ?doc . ?r a cg:Relation ; cg:subject ?subj ; cg:predicate ?pred ; cg:object ?obj }} }} ORDER BY ?r"
            ),
        )?;
        for row in relations {
            let Some(predicate) = Predicate::from_iri(&row["pred"]) else {
                continue;
            };
            let doc = row.get("doc").cloned().unwrap_or_default();
            let a = view.entity_node(&row["subj"], &labels);
            let b = view.entity_node(&row["obj"], &labels);
            view.add_edge(a, b, EdgeKind::Relation(predicate), &doc);
        }
        Ok(view)
    }

    /// Builds the view from what a CONSTRUCT (or DESCRIBE) query returns.
    pub fn from_construct(store: &Store, query: &str) -> Result<Self, GraphError> {
        let results = crate::query::prepare(query, None)?
            .on_store(store)
            .execute()?;
        let QueryResults::Graph(triples) = results else {
            return Err(GraphError::NotConstruct(match results {
                QueryResults::Boolean(_) => "a boolean",
                _ => "solutions",
            }));
        };
        let scratch = Store::new()?;
        let graph = GraphName::NamedNode(crate::vocab::SCRATCH_GRAPH.into_owned());
        for triple in triples {
            let t = triple?;
            scratch.insert(&Quad::new(t.subject, t.predicate, t.object, graph.clone()))?;
        }
        Self::from_store(&scratch, None)
    }

    fn add_node(&mut self, data: NodeData) -> NodeIndex {
        let iri = data.iri.clone();
        let n = self.graph.add_node(data);
        self.index.insert(iri, n);
        n
    }

    fn node(&mut self, iri: &str, make: impl FnOnce() -> NodeData) -> NodeIndex {
        match self.index.get(iri) {
            Some(&n) => n,
            None => self.add_node(make()),
        }
    }

    /// An entity node, made with what is known if the entity was not typed.
    fn entity_node(&mut self, iri: &str, labels: &BTreeMap<String, String>) -> NodeIndex {
        self.node(iri, || NodeData {
            iri: iri.to_owned(),
            label: labels.get(iri).cloned().unwrap_or_else(|| local(iri)),
            kind: NodeKind::Entity(None),
            aliases: BTreeSet::new(),
            affiliation: None,
        })
    }

    /// Adds one statement or report to the edge, merging repeats.
    fn add_edge(&mut self, a: NodeIndex, b: NodeIndex, kind: EdgeKind, doc: &str) {
        let existing = self
            .graph
            .edges_connecting(a, b)
            .find(|e| e.weight().kind == kind)
            .map(|e| e.id());
        let edge = match existing {
            Some(e) => e,
            None => self.graph.add_edge(
                a,
                b,
                EdgeData {
                    kind,
                    statements: 0,
                    articles: BTreeSet::new(),
                },
            ),
        };
        let data = &mut self.graph[edge];
        data.statements += 1;
        if !doc.is_empty() {
            data.articles.insert(doc.to_owned());
        }
    }

    /// Finds an entity by label or alias, case-insensitively; an unknown
    /// name gets the closest labels as suggestions.
    pub fn find(&self, name: &str) -> Result<NodeIndex, GraphError> {
        let wanted = fold(name);
        let entities = self
            .graph
            .node_indices()
            .filter(|&n| matches!(self.graph[n].kind, NodeKind::Entity(_)));
        let exact: Vec<NodeIndex> = entities
            .clone()
            .filter(|&n| {
                fold(&self.graph[n].label) == wanted
                    || self.graph[n].aliases.iter().any(|a| fold(a) == wanted)
            })
            .collect();
        if let Some(&n) = exact.iter().max_by_key(|&&n| {
            (
                self.graph.neighbors_undirected(n).count(),
                std::cmp::Reverse(n),
            )
        }) {
            return Ok(n);
        }
        let mut scored: Vec<(usize, String)> = entities
            .map(|n| {
                let label = &self.graph[n].label;
                let distance = if fold(label).contains(&wanted) {
                    0
                } else {
                    strsim::levenshtein(&fold(label), &wanted)
                };
                (distance, label.clone())
            })
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        let limit = (wanted.chars().count() / 2).max(2);
        Err(GraphError::UnknownName {
            name: name.to_owned(),
            candidates: scored
                .into_iter()
                .filter(|(d, _)| *d <= limit)
                .take(3)
                .map(|(_, l)| l)
                .collect(),
        })
    }

    /// The node of an entity or proposition, by IRI.
    pub fn by_iri(&self, iri: &str) -> Option<NodeIndex> {
        self.index.get(iri).copied()
    }

    pub fn label(&self, n: NodeIndex) -> &str {
        &self.graph[n].label
    }

    /// The kind of a node by name: its class, "Actor" or "Proposition".
    pub fn kind_name(&self, n: NodeIndex) -> &'static str {
        self.graph[n].kind.name()
    }
}

/// A centrality measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Measure {
    Degree,
    Pagerank,
    Betweenness,
}

/// The entities of the view ranked by `measure`, highest first (ties in
/// node order, so the ranking is stable). Costs what the measure costs.
pub fn rank(graph: &DiGraph<NodeData, EdgeData>, measure: Measure) -> Vec<(NodeIndex, f64)> {
    let scores = match measure {
        Measure::Degree => degree(graph),
        Measure::Pagerank => page_rank(graph),
        Measure::Betweenness => betweenness(graph),
    };
    let mut ranked: Vec<(NodeIndex, f64)> = graph
        .node_indices()
        .filter(|&n| matches!(graph[n].kind, NodeKind::Entity(_)))
        .map(|n| (n, scores[n.index()]))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['\u{2019}', '.'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_apostrophes_periods_and_spacing() {
        assert_eq!(fold("Kim  Jong Un’s"), "kim jong uns");
        assert_eq!(fold("U.S."), "us");
    }
}
