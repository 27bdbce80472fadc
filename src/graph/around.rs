//! The neighbourhood of one node, read from the store outward: what a
//! person asks of a large store ("what lies around Peskov"), where
//! building the whole view first would read every statement.
//!
//! Nodes are expanded nearest first, each one's heaviest edges first (by
//! the statements behind them), until `max_nodes` nodes are known or
//! [`EXPANDED_PER_STEP`] nodes of a step are expanded; every query starts
//! from a named node, so the cost grows with what is drawn, not with the
//! store. How many statements or relations lie behind an edge is read from
//! the summary's tallies, never counted. Propositions that name neither subject nor
//! object are left out, as in the whole view: they would join unrelated
//! speakers.

use super::{EdgeData, EdgeKind, GraphError, GraphView, NodeData, NodeKind, Role, local, select};
use crate::rdf::shared::propositions_graph;
use crate::rdf::summary::summary_graph;
use crate::vocab::{Kind, Predicate, Stance};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet};

/// At most this many nodes are expanded at each step, the first met (the
/// heaviest) first: each costs a look at its tallies and relations.
const EXPANDED_PER_STEP: usize = 40;

/// A neighbourhood: the view of the nodes kept and the edges among them,
/// with each node's distance from the start. Edges count statements;
/// their article sets are left empty.
#[derive(Debug, Default)]
pub struct Neighbourhood {
    pub view: GraphView,
    pub distance: BTreeMap<NodeIndex, usize>,
}

/// One row of a SELECT: variable → IRI or literal value.
type Row = BTreeMap<String, String>;

fn count(row: &Row) -> usize {
    row.get("n").and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// `VALUES ?var { <a> <b> }` for IRIs already known to be well formed.
fn values(var: &str, iris: &[&str]) -> String {
    let list: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!("VALUES ?{var} {{ {} }}", list.join(" "))
}

/// What is found while expanding: nodes in the order met, edges by ends.
#[derive(Default)]
struct Found {
    order: Vec<String>,
    distance: BTreeMap<String, usize>,
    propositions: BTreeSet<String>,
    edges: BTreeMap<(String, String, EdgeKind), usize>,
}

impl Found {
    fn meet(&mut self, iri: &str, distance: usize, proposition: bool) {
        if !self.distance.contains_key(iri) {
            self.distance.insert(iri.to_owned(), distance);
            self.order.push(iri.to_owned());
        }
        if proposition {
            self.propositions.insert(iri.to_owned());
        }
    }

    fn edge(&mut self, a: &str, b: &str, kind: EdgeKind, statements: usize) {
        let weight = self
            .edges
            .entry((a.to_owned(), b.to_owned(), kind))
            .or_default();
        *weight = (*weight).max(statements);
    }
}

impl Neighbourhood {
    /// The nodes within `depth` steps of `iri` (an entity or a
    /// proposition), at most `max_nodes`, nearest and heaviest first.
    /// `None` when the store says nothing of `iri`.
    pub fn around(
        store: &Store,
        token: Option<&CancellationToken>,
        iri: &str,
        depth: usize,
        max_nodes: usize,
    ) -> Result<Option<Self>, GraphError> {
        let start = crate::rdf::parse_iri(iri).map(|n| n.into_string());
        let Some(start) = start else {
            return Ok(None);
        };
        let is_proposition = !select(
            store,
            token,
            &format!("SELECT ?p WHERE {{ GRAPH ?g {{ <{start}> cg:predicate ?p }} }} LIMIT 1"),
        )?
        .is_empty();
        let mut found = Found::default();
        found.meet(&start, 0, is_proposition);
        let mut frontier = vec![start.clone()];
        for distance in 1..=depth {
            let mut next = Vec::new();
            for node in frontier.iter().take(EXPANDED_PER_STEP) {
                if found.order.len() >= max_nodes {
                    break;
                }
                let before = found.order.len();
                if found.propositions.contains(node) {
                    expand_proposition(store, token, node, distance, max_nodes, &mut found)?;
                } else {
                    expand_entity(store, token, node, distance, max_nodes, &mut found)?;
                }
                next.extend(found.order[before..].iter().cloned());
            }
            frontier = next;
        }
        if found.order.len() == 1 && found.edges.is_empty() && !known(store, token, &start)? {
            return Ok(None);
        }
        found.order.truncate(max_nodes);
        let described = describe(store, token, &found)?;
        Ok(Some(assemble(found, described)))
    }
}

fn known(store: &Store, token: Option<&CancellationToken>, iri: &str) -> Result<bool, GraphError> {
    Ok(!select(
        store,
        token,
        &format!("SELECT ?l WHERE {{ GRAPH ?g {{ <{iri}> rdfs:label ?l }} }} LIMIT 1"),
    )?
    .is_empty())
}

/// An entity's propositions (as speaker, subject or object) and relations.
fn expand_entity(
    store: &Store,
    token: Option<&CancellationToken>,
    e: &str,
    distance: usize,
    limit: usize,
    found: &mut Found,
) -> Result<(), GraphError> {
    let (summary, propositions) = (summary_graph(), propositions_graph());
    for row in select(
        store,
        token,
        &format!(
            "SELECT ?p ?st ?n WHERE {{ GRAPH {summary} {{ ?t a cg:StanceTally ; cg:tallySpeaker <{e}> ; cg:tallyProposition ?p ; cg:tallyStance ?st ; cg:statementCount ?n }} FILTER EXISTS {{ GRAPH {propositions} {{ ?p cg:subject|cg:object ?end }} }} }} ORDER BY DESC(?n) ?p ?st LIMIT {limit}"
        ),
    )? {
        let Some(stance) = Stance::from_iri(&row["st"]) else {
            continue;
        };
        found.meet(&row["p"], distance, true);
        found.edge(e, &row["p"], EdgeKind::Stance(stance), count(&row));
    }
    for row in select(
        store,
        token,
        &format!(
            "SELECT ?p ?role ?n WHERE {{ VALUES ?role {{ cg:subject cg:object }} GRAPH {propositions} {{ ?p ?role <{e}> }} LATERAL {{ SELECT ?p (SUM(?c) AS ?n) WHERE {{ GRAPH {summary} {{ ?t a cg:PropositionTally ; cg:tallyProposition ?p ; cg:statementCount ?c }} }} GROUP BY ?p }} }} ORDER BY DESC(?n) ?p ?role LIMIT {limit}"
        ),
    )? {
        let role = if row["role"].ends_with("subject") {
            Role::Subject
        } else {
            Role::Object
        };
        found.meet(&row["p"], distance, true);
        found.edge(&row["p"], e, EdgeKind::Role(role), count(&row));
    }
    for row in select(
        store,
        token,
        &format!(
            "SELECT ?a ?pred ?b ?n WHERE {{ GRAPH {summary} {{ {{ ?t cg:tallySubject <{e}> ; a cg:RelationTally ; cg:tallyPredicate ?pred ; cg:tallyObject ?b ; cg:statementCount ?n BIND(<{e}> AS ?a) }} UNION {{ ?t cg:tallyObject <{e}> ; a cg:RelationTally ; cg:tallyPredicate ?pred ; cg:tallySubject ?a ; cg:statementCount ?n BIND(<{e}> AS ?b) }} }} }} ORDER BY DESC(?n) ?a ?pred ?b LIMIT {limit}"
        ),
    )? {
        let Some(predicate) = Predicate::from_iri(&row["pred"]) else {
            continue;
        };
        let other = if row["a"] == e { &row["b"] } else { &row["a"] };
        found.meet(other, distance, false);
        found.edge(
            &row["a"],
            &row["b"],
            EdgeKind::Relation(predicate),
            count(&row),
        );
    }
    Ok(())
}

/// A proposition's speakers, subject and object.
fn expand_proposition(
    store: &Store,
    token: Option<&CancellationToken>,
    p: &str,
    distance: usize,
    limit: usize,
    found: &mut Found,
) -> Result<(), GraphError> {
    let summary = summary_graph();
    for row in select(
        store,
        token,
        &format!(
            "SELECT ?who ?st ?n WHERE {{ GRAPH {summary} {{ ?t a cg:StanceTally ; cg:tallyProposition <{p}> ; cg:tallySpeaker ?who ; cg:tallyStance ?st ; cg:statementCount ?n }} }} ORDER BY DESC(?n) ?who ?st LIMIT {limit}"
        ),
    )? {
        let Some(stance) = Stance::from_iri(&row["st"]) else {
            continue;
        };
        found.meet(&row["who"], distance, false);
        found.edge(&row["who"], p, EdgeKind::Stance(stance), count(&row));
    }
    for row in select(
        store,
        token,
        &format!(
            "SELECT ?role ?e WHERE {{ VALUES ?role {{ cg:subject cg:object }} LATERAL {{ SELECT ?role ?e WHERE {{ <{p}> ?role ?e }} LIMIT 1 }} }}"
        ),
    )? {
        found.meet(&row["e"], distance, false);
    }
    Ok(())
}

/// What the kept nodes are: each entity's label, kind and affiliation,
/// each proposition's predicate, subject and object (with their labels),
/// and the statements behind each proposition.
#[derive(Default)]
struct Kept {
    entities: BTreeMap<String, (String, Option<Kind>, Option<String>)>,
    propositions: BTreeMap<String, (Predicate, Option<String>, Option<String>, usize)>,
    labels: BTreeMap<String, String>,
}

fn describe(
    store: &Store,
    token: Option<&CancellationToken>,
    found: &Found,
) -> Result<Kept, GraphError> {
    let mut described = Kept::default();
    let propositions: Vec<&str> = found
        .order
        .iter()
        .filter(|i| found.propositions.contains(*i))
        .map(String::as_str)
        .collect();
    let mut named: BTreeSet<&str> = found
        .order
        .iter()
        .filter(|i| !found.propositions.contains(*i))
        .map(String::as_str)
        .collect();
    let mut roles = Vec::new();
    if !propositions.is_empty() {
        for row in select(
            store,
            token,
            &format!(
                "SELECT ?p ?pred ?subj ?obj WHERE {{ {} LATERAL {{ SELECT ?p ?pred ?subj ?obj WHERE {{ GRAPH ?g {{ ?p cg:predicate ?pred OPTIONAL {{ ?p cg:subject ?subj }} OPTIONAL {{ ?p cg:object ?obj }} }} }} LIMIT 1 }} }}",
                values("p", &propositions)
            ),
        )? {
            let Some(predicate) = Predicate::from_iri(&row["pred"]) else {
                continue;
            };
            roles.push(row);
            let row = roles.last().expect("just pushed");
            described.propositions.insert(
                row["p"].clone(),
                (
                    predicate,
                    row.get("subj").cloned(),
                    row.get("obj").cloned(),
                    0,
                ),
            );
        }
        for row in select(
            store,
            token,
            &format!(
                "SELECT ?p (SUM(?c) AS ?n) WHERE {{ {} GRAPH {} {{ ?t a cg:PropositionTally ; cg:tallyProposition ?p ; cg:statementCount ?c }} }} GROUP BY ?p",
                values("p", &propositions),
                summary_graph(),
            ),
        )? {
            if let Some(entry) = described.propositions.get_mut(&row["p"]) {
                entry.3 = count(&row);
            }
        }
    }
    for row in &roles {
        for key in ["subj", "obj"] {
            if let Some(e) = row.get(key) {
                named.insert(e.as_str());
            }
        }
    }
    let named: Vec<&str> = named.into_iter().collect();
    if named.is_empty() {
        return Ok(described);
    }
    for (iri, entity) in describe_entities(store, token, &named)? {
        described.labels.insert(iri.clone(), entity.label.clone());
        described
            .entities
            .insert(iri, (entity.label, entity.kind, entity.affiliation));
    }
    Ok(described)
}

/// What the store says an entity is: one label, class and affiliation.
#[derive(Debug, Clone)]
pub struct Described {
    /// The entity's label, or its IRI's last segment if it has none.
    pub label: String,
    pub kind: Option<Kind>,
    pub affiliation: Option<String>,
}

/// One label, class and affiliation for each of `iris` (well-formed IRIs),
/// each looked up on its own (LATERAL): an entity found in the text is
/// described in every article graph that names it.
pub fn describe_entities(
    store: &Store,
    token: Option<&CancellationToken>,
    iris: &[&str],
) -> Result<BTreeMap<String, Described>, GraphError> {
    let kinds: Vec<String> = Kind::ALL.iter().map(|k| format!("cg:{k}")).collect();
    let mut out = BTreeMap::new();
    for chunk in iris.chunks(500) {
        for row in select(
            store,
            token,
            &format!(
                "SELECT ?e ?label ?k ?aff WHERE {{ {}
                   LATERAL {{ OPTIONAL {{ SELECT ?e ?label WHERE {{ ?e rdfs:label ?label }} LIMIT 1 }} }}
                   LATERAL {{ OPTIONAL {{ SELECT ?e ?k WHERE {{ ?e a ?k FILTER(?k IN ({})) }} LIMIT 1 }} }}
                   LATERAL {{ OPTIONAL {{ SELECT ?e ?aff WHERE {{ ?e cg:affiliation ?aff }} LIMIT 1 }} }} }}",
                values("e", chunk),
                kinds.join(", ")
            ),
        )? {
            let iri = row["e"].clone();
            out.insert(
                iri.clone(),
                Described {
                    label: row.get("label").cloned().unwrap_or_else(|| local(&iri)),
                    kind: row.get("k").and_then(|k| Kind::from_iri(k)),
                    affiliation: row.get("aff").cloned(),
                },
            );
        }
    }
    Ok(out)
}

/// A label for each of `iris` that is a proposition ("North Korea
/// sendsTroopsTo Russia"), from its predicate and its subject's and object's
/// labels; IRIs that are not propositions are left out.
pub fn describe_propositions(
    store: &Store,
    token: Option<&CancellationToken>,
    iris: &[&str],
) -> Result<BTreeMap<String, String>, GraphError> {
    let mut parts = Vec::new();
    for chunk in iris.chunks(500) {
        parts.extend(select(
            store,
            token,
            &format!(
                "SELECT ?p ?pred ?subj ?obj WHERE {{ {} LATERAL {{ SELECT ?p ?pred ?subj ?obj WHERE {{ GRAPH ?g {{ ?p cg:predicate ?pred OPTIONAL {{ ?p cg:subject ?subj }} OPTIONAL {{ ?p cg:object ?obj }} }} }} LIMIT 1 }} }}",
                values("p", chunk)
            ),
        )?);
    }
    let ends: BTreeSet<&str> = parts
        .iter()
        .flat_map(|row| [row.get("subj"), row.get("obj")])
        .flatten()
        .map(String::as_str)
        .collect();
    let ends: Vec<&str> = ends.into_iter().collect();
    let named = describe_entities(store, token, &ends)?;
    let name = |iri: Option<&String>| {
        iri.map_or_else(
            || "?".to_owned(),
            |i| named.get(i).map_or_else(|| local(i), |d| d.label.clone()),
        )
    };
    Ok(parts
        .iter()
        .filter_map(|row| {
            let predicate = Predicate::from_iri(&row["pred"])?;
            Some((
                row["p"].clone(),
                format!(
                    "{} {predicate} {}",
                    name(row.get("subj")),
                    name(row.get("obj"))
                ),
            ))
        })
        .collect())
}

/// The view of the kept nodes, in the order met, and the edges among them
/// (with each kept proposition's roles towards kept entities).
fn assemble(found: Found, described: Kept) -> Neighbourhood {
    let mut out = Neighbourhood::default();
    let label_of = |iri: &str| {
        described
            .labels
            .get(iri)
            .cloned()
            .unwrap_or_else(|| local(iri))
    };
    for iri in &found.order {
        let data = match described.propositions.get(iri) {
            Some((predicate, subj, obj, _)) => NodeData {
                iri: iri.clone(),
                label: format!(
                    "{} {} {}",
                    subj.as_deref().map_or_else(|| "?".into(), label_of),
                    predicate,
                    obj.as_deref().map_or_else(|| "?".into(), label_of)
                ),
                kind: NodeKind::Proposition {
                    predicate: *predicate,
                },
                aliases: BTreeSet::new(),
                affiliation: None,
            },
            None => {
                let (label, kind, affiliation) = described
                    .entities
                    .get(iri)
                    .cloned()
                    .unwrap_or_else(|| (local(iri), None, None));
                NodeData {
                    iri: iri.clone(),
                    label,
                    kind: NodeKind::Entity(kind),
                    aliases: BTreeSet::new(),
                    affiliation,
                }
            }
        };
        let n = out.view.add_node(data);
        out.distance.insert(n, found.distance[iri]);
    }
    let mut edges = found.edges;
    for (p, (_, subj, obj, statements)) in &described.propositions {
        for (end, role) in [(subj, Role::Subject), (obj, Role::Object)] {
            if let Some(e) = end {
                edges
                    .entry((p.clone(), e.clone(), EdgeKind::Role(role)))
                    .or_insert(*statements);
            }
        }
    }
    for ((a, b, kind), statements) in edges {
        let (Some(a), Some(b)) = (out.view.by_iri(&a), out.view.by_iri(&b)) else {
            continue;
        };
        out.view.graph.add_edge(
            a,
            b,
            EdgeData {
                kind,
                statements,
                articles: BTreeSet::new(),
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Below the caps, reading outward finds exactly what the whole view
    /// finds within the same steps, at the same distances, with the same
    /// edges and statement counts.
    #[test]
    fn reading_outward_agrees_with_the_whole_view() {
        let (_dir, store) = crate::sample_store();
        let store = store.store();
        let whole = GraphView::from_store(store, None).unwrap();
        let mut compared = 0;
        for start in whole.graph.node_indices() {
            let iri = &whole.graph[start].iri;
            for depth in 1..=2 {
                let within = crate::graph::neighbourhood(&whole.graph, start, depth);
                if within.len() > 60 {
                    continue;
                }
                let near = Neighbourhood::around(store, None, iri, depth, 1_000)
                    .unwrap()
                    .expect("a node of the view is in the store");
                let expected: BTreeMap<&str, usize> = within
                    .iter()
                    .map(|(&n, &d)| (whole.graph[n].iri.as_str(), d))
                    .collect();
                let found: BTreeMap<&str, usize> = near
                    .distance
                    .iter()
                    .map(|(&n, &d)| (near.view.graph[n].iri.as_str(), d))
                    .collect();
                assert_eq!(found, expected, "around {iri}, depth {depth}");
                let edges = |view: &GraphView| -> BTreeSet<(String, String, &'static str, usize)> {
                    view.graph
                        .edge_indices()
                        .filter_map(|e| {
                            let (a, b) = view.graph.edge_endpoints(e)?;
                            let (a, b) = (&view.graph[a].iri, &view.graph[b].iri);
                            (found.contains_key(a.as_str()) && found.contains_key(b.as_str())).then(
                                || {
                                    let data = &view.graph[e];
                                    (a.clone(), b.clone(), data.label(), data.statements)
                                },
                            )
                        })
                        .collect()
                };
                let (mine, theirs) = (edges(&near.view), edges(&whole));
                assert!(
                    mine.is_subset(&theirs),
                    "around {iri}, depth {depth}: {:?}",
                    mine.difference(&theirs).collect::<Vec<_>>()
                );
                compared += 1;
            }
        }
        assert!(compared > 50, "only {compared} neighbourhoods compared");
        let nobody = crate::rdf::entity_iri("nobody-at-all");
        assert!(
            Neighbourhood::around(store, None, nobody.as_str(), 1, 10)
                .unwrap()
                .is_none()
        );
    }
}
