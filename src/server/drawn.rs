//! The graphs the page draws, in the diagrams' shapes and colours: an
//! actor's neighbourhood, a CONSTRUCT result, and the legend.

use super::sparql::Failure;
use crate::graph::{EdgeKind, GraphError, Neighbourhood, NodeKind};
use crate::query::QueryError;
use crate::vocab::{Kind, Predicate, Stance};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many nodes in a neighbourhood, the nearest first.
const NEIGHBOURHOOD_NODES: usize = 150;

/// What lies within `depth` steps of an actor in the graph view (the
/// petgraph view `claimgraph graph neighbors` and the diagrams read):
/// entities and propositions as nodes, stances, relations and roles as
/// edges, with the diagrams' shapes and colours.
pub(super) fn neighbourhood(
    store: &Store,
    token: &CancellationToken,
    iri: &str,
    depth: usize,
) -> Result<Option<Value>, Failure> {
    let around = Neighbourhood::around(store, Some(token), iri, depth, NEIGHBOURHOOD_NODES)
        .map_err(|e| match e {
            GraphError::Query(q) => Failure::Query(q),
            other => Failure::Query(QueryError::Dataset(other.to_string())),
        })?;
    let Some(around) = around else {
        return Ok(None);
    };
    let view = &around.view;
    let near: Vec<(usize, petgraph::graph::NodeIndex)> = view
        .graph
        .node_indices()
        .map(|n| (around.distance[&n], n))
        .collect();
    let nodes: Vec<Value> = near
        .iter()
        .map(|&(distance, n)| {
            let node = &view.graph[n];
            let (kind, shape, colour) = match node.kind {
                NodeKind::Entity(kind) => {
                    let (shape, colour) = crate::diagram::kind_style(kind);
                    (kind.map_or("Entity", |k| k.local_name()), shape, colour)
                }
                NodeKind::Proposition { .. } => ("Proposition", "rounded", "#ffffff"),
            };
            json!({
                "id": node.iri,
                "label": node.label,
                "kind": kind,
                "shape": page_shape(shape),
                "colour": colour,
                "distance": distance,
            })
        })
        .collect();
    let edges: Vec<Value> = view
        .graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = view.graph.edge_endpoints(e)?;
            let edge = &view.graph[e];
            let colour = match edge.kind {
                EdgeKind::Stance(stance) => crate::diagram::stance_style(stance).0,
                EdgeKind::Relation(_) => "#455a64",
                EdgeKind::Role(_) => "#b0bec5",
            };
            Some(json!({
                "source": view.graph[a].iri,
                "target": view.graph[b].iri,
                "label": edge.label(),
                "colour": colour,
                "statements": edge.statements,
            }))
        })
        .collect();
    Ok(Some(
        json!({ "center": iri, "depth": depth, "nodes": nodes, "edges": edges }),
    ))
}

/// The page's (cytoscape.js) nearest match for a Graphviz node shape of
/// the diagrams.
fn page_shape(graphviz: &str) -> &'static str {
    match graphviz {
        "box" => "rectangle",
        "box3d" => "barrel",
        "hexagon" => "hexagon",
        "house" => "pentagon",
        "note" => "cut-rectangle",
        "tab" => "tag",
        "rounded" => "round-rectangle",
        _ => "ellipse",
    }
}

/// The colours of the diagrams, so the page draws stances and kinds alike.
pub(super) fn legend() -> Value {
    let stances: Map<String, Value> = Stance::ALL
        .iter()
        .map(|&s| {
            (
                s.local_name().to_owned(),
                Value::from(crate::diagram::stance_style(s).0),
            )
        })
        .collect();
    let kinds: Map<String, Value> = Kind::ALL
        .iter()
        .map(|&k| {
            (
                k.local_name().to_owned(),
                Value::from(crate::diagram::kind_style(Some(k)).1),
            )
        })
        .collect();
    json!({ "stances": stances, "kinds": kinds })
}

/// At most this many triples of a CONSTRUCT result are drawn.
const DRAWN_TRIPLES: usize = 1_000;

/// At most this many solutions of a CONSTRUCT's pattern are read for them
/// (a view answers at once; a query matching more says it was cut).
const DRAWN_SOLUTIONS: usize = 5_000;

/// What a node of a drawn CONSTRUCT result carries.
#[derive(Default)]
struct Drawn {
    label: Option<String>,
    kind: Option<Kind>,
    /// Literal values and classes other than claimgraph's, as "property: value".
    details: Vec<String>,
}

/// The triples a CONSTRUCT or DESCRIBE query gives, as a graph to draw:
/// IRIs and blank nodes as nodes (labelled by `rdfs:label`, from the result
/// or else from the store; shaped by their claimgraph class), the other
/// triples with an IRI object as edges (in the stance colours when the
/// property is a stance), literals as each node's details. At most
/// [`DRAWN_TRIPLES`] triples, from at most [`DRAWN_SOLUTIONS`] solutions;
/// `cut` says whether there were more.
pub(super) fn construct(
    store: &Store,
    token: &CancellationToken,
    query: &str,
) -> Result<Option<Value>, Failure> {
    // A CONSTRUCT is read a bounded number of solutions at a time; a
    // DESCRIBE (a few nodes' triples) as the store gives it.
    let (triples, mut cut): (Box<dyn Iterator<Item = Result<Triple, QueryError>>>, bool) =
        match crate::query::construct_capped(store, query, Some(token.clone()), DRAWN_SOLUTIONS)? {
            Some(constructed) => (
                Box::new(constructed.triples.into_iter().map(Ok)),
                constructed.cut,
            ),
            None => {
                let results = crate::query::prepare(query, Some(token.clone()))?
                    .on_store(store)
                    .execute()
                    .map_err(QueryError::from)?;
                let QueryResults::Graph(triples) = results else {
                    return Err(Failure::NotAGraph);
                };
                (
                    Box::new(triples.map(|t| t.map_err(QueryError::from))),
                    false,
                )
            }
        };
    let mut nodes: BTreeMap<String, Drawn> = BTreeMap::new();
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut read = 0;
    for triple in triples {
        let triple = triple?;
        if read == DRAWN_TRIPLES {
            cut = true;
            break;
        }
        read += 1;
        let subject = triple.subject.to_string();
        let subject = subject
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned();
        let predicate = triple.predicate.as_str();
        match &triple.object {
            Term::Literal(literal) => {
                let node = nodes.entry(subject).or_default();
                if predicate == rdfs::LABEL.as_str() && node.label.is_none() {
                    node.label = Some(literal.value().to_owned());
                } else if node.details.len() < 20 {
                    node.details
                        .push(format!("{}: {}", local(predicate), literal.value()));
                }
            }
            object => {
                let object = match object {
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    other => other.to_string(),
                };
                if predicate == rdf::TYPE.as_str() {
                    let node = nodes.entry(subject).or_default();
                    match Kind::from_iri(&object) {
                        Some(kind) => node.kind = Some(kind),
                        None if node.details.len() < 20 => {
                            node.details.push(format!("type: {}", local(&object)));
                        }
                        None => {}
                    }
                    continue;
                }
                nodes.entry(subject.clone()).or_default();
                nodes.entry(object.clone()).or_default();
                edges.insert((subject, object, predicate.to_owned()));
            }
        }
    }
    if token.is_cancelled() {
        return Err(Failure::Query(QueryError::Cancelled));
    }
    let unnamed: Vec<&str> = nodes
        .iter()
        .filter(|(id, node)| node.label.is_none() && crate::rdf::parse_iri(id).is_some())
        .map(|(id, _)| id.as_str())
        .collect();
    let failed = |e: GraphError| match e {
        GraphError::Query(q) => Failure::Query(q),
        other => Failure::Query(QueryError::Dataset(other.to_string())),
    };
    let propositions =
        crate::graph::describe_propositions(store, Some(token), &unnamed).map_err(failed)?;
    let unnamed: Vec<&str> = unnamed
        .into_iter()
        .filter(|iri| !propositions.contains_key(*iri))
        .collect();
    let known = crate::graph::describe_entities(store, Some(token), &unnamed).map_err(failed)?;
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|(id, node)| {
            if let Some(label) = propositions.get(id) {
                return json!({
                    "id": id,
                    "label": label,
                    "kind": "Proposition",
                    "shape": page_shape("rounded"),
                    "colour": "#ffffff",
                    "details": node.details,
                });
            }
            let found = known.get(id);
            let kind = node.kind.or_else(|| found.and_then(|f| f.kind));
            let label = node
                .label
                .clone()
                .or_else(|| found.map(|f| f.label.clone()))
                .unwrap_or_else(|| local(id));
            let (shape, colour) = crate::diagram::kind_style(kind);
            json!({
                "id": id,
                "label": label,
                "kind": kind.map_or("Entity", |k| k.local_name()),
                "shape": page_shape(shape),
                "colour": colour,
                "details": node.details,
            })
        })
        .collect();
    let edges: Vec<Value> = edges
        .iter()
        .map(|(source, target, predicate)| {
            let colour = match (Stance::from_iri(predicate), Predicate::from_iri(predicate)) {
                (Some(stance), _) => crate::diagram::stance_style(stance).0,
                (None, Some(_)) => "#455a64",
                (None, None) => "#90a4ae",
            };
            json!({ "source": source, "target": target, "label": local(predicate), "colour": colour })
        })
        .collect();
    Ok(Some(
        json!({ "nodes": nodes, "edges": edges, "triples": read, "cut": cut }),
    ))
}

/// An IRI's last segment (after `#` or `/`).
fn local(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}
