//! The graphs the page draws, in the diagrams' shapes and colours: an
//! actor's neighbourhood, and the legend.

use super::sparql::Failure;
use crate::graph::{EdgeKind, GraphError, Neighbourhood, NodeKind};
use crate::query::QueryError;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use serde_json::{Map, Value, json};

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
    let stances: Map<String, Value> = crate::vocab::Stance::ALL
        .iter()
        .map(|&s| {
            (
                s.local_name().to_owned(),
                Value::from(crate::diagram::stance_style(s).0),
            )
        })
        .collect();
    let kinds: Map<String, Value> = crate::vocab::Kind::ALL
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
