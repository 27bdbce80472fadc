//! The petgraph view of the store: entities and propositions as nodes,
//! stances and relations as edges, each edge counting the statements and
//! articles behind it; and the graph algorithms analysts ask for.
//!
//! The view is built with SPARQL from the store (all articles or one), or
//! from the triples of any CONSTRUCT query.

use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("query failed: {0}")]
    Query(String),
    #[error("--query must be a CONSTRUCT or DESCRIBE query (it gave {0})")]
    NotConstruct(&'static str),
    #[error("no actor named {name:?}{}", suggestions(.candidates))]
    UnknownName {
        name: String,
        candidates: Vec<String>,
    },
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
    /// An entity, with its class's local name (`State`, `Official` ...).
    Entity(String),
    /// A proposition (subject, predicate, object) that statements are about.
    Proposition { predicate: String },
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
    /// speaker → proposition, labelled with the stance.
    Stance,
    /// entity → entity, labelled with the relation property.
    Relation,
    /// proposition → its subject or object.
    Role,
}

#[derive(Debug, Clone)]
pub struct EdgeData {
    /// The stance or property local name (`denies`, `signsPactWith`, `subject`).
    pub label: String,
    pub kind: EdgeKind,
    pub statements: usize,
    pub articles: BTreeSet<String>,
}

/// The graph view. Node and edge order is deterministic (sorted by IRI).
#[derive(Debug, Default)]
pub struct GraphView {
    pub graph: DiGraph<NodeData, EdgeData>,
    index: BTreeMap<String, NodeIndex>,
}

const KINDS: &str = "cg:State, cg:Official, cg:Agency, cg:Organization, cg:MilitaryUnit, cg:MediaOutlet, cg:Person, cg:Place";

fn select(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, String>>, GraphError> {
    let prepared = crate::query::evaluator()
        .parse_query(query)
        .map_err(|e| GraphError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = prepared
        .on_store(store)
        .execute()
        .map_err(|e| GraphError::Query(e.to_string()))?
    else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| GraphError::Query(e.to_string()))?;
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
        let mut view = GraphView::default();
        let entities = select(
            store,
            &format!(
                "SELECT DISTINCT ?e ?label ?k ?aff WHERE {{ {graphs} GRAPH ?g {{ ?e a ?k ; rdfs:label ?label . OPTIONAL {{ ?e cg:affiliation ?aff }} FILTER(?k IN ({KINDS})) }} }} ORDER BY ?e ?label"
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
                kind: NodeKind::Entity(local(&row["k"])),
                aliases: BTreeSet::new(),
                affiliation: row.get("aff").cloned(),
            });
        }
        let aliases = select(
            store,
            &format!(
                "SELECT DISTINCT ?e ?alias WHERE {{ {graphs} GRAPH ?g {{ ?e skos:altLabel ?alias }} }} ORDER BY ?e ?alias"
            ),
        )?;
        for row in aliases {
            if let Some(&n) = view.index.get(&row["e"]) {
                view.graph[n].aliases.insert(row["alias"].clone());
            }
        }
        let labels: BTreeMap<String, String> = select(
            store,
            &format!("SELECT DISTINCT ?e ?label WHERE {{ {graphs} GRAPH ?g {{ ?e rdfs:label ?label }} }} ORDER BY ?e ?label"),
        )?
        .into_iter()
        .map(|r| (r["e"].clone(), r["label"].clone()))
        .collect();
        let statements = select(
            store,
            &format!(
                "SELECT ?s ?speaker ?st ?p ?pred ?subj ?obj ?doc WHERE {{ {graphs} GRAPH ?g {{ ?s cg:speaker ?speaker ; cg:stance ?st ; cg:proposition ?p . ?p cg:predicate ?pred . OPTIONAL {{ ?p cg:subject ?subj }} OPTIONAL {{ ?p cg:object ?obj }} OPTIONAL {{ ?s prov:wasDerivedFrom/cg:articleId ?doc }} }} }} ORDER BY ?s"
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
            let predicate = local(&row["pred"]);
            let prop_label = format!(
                "{} {} {}",
                name("subj").unwrap_or_else(|| "?".into()),
                predicate,
                name("obj").unwrap_or_else(|| "?".into())
            );
            let p = view.node(&row["p"], || NodeData {
                iri: row["p"].clone(),
                label: prop_label.clone(),
                kind: NodeKind::Proposition {
                    predicate: predicate.clone(),
                },
                aliases: BTreeSet::new(),
                affiliation: None,
            });
            let speaker = view.entity_node(&row["speaker"], &labels);
            view.add_edge(speaker, p, &local(&row["st"]), EdgeKind::Stance, &doc);
            for role in ["subj", "obj"] {
                if let Some(iri) = row.get(role) {
                    let e = view.entity_node(iri, &labels);
                    view.add_edge(
                        p,
                        e,
                        if role == "subj" { "subject" } else { "object" },
                        EdgeKind::Role,
                        &doc,
                    );
                }
            }
        }
        let relations = select(
            store,
            &format!(
                "SELECT ?r ?subj ?pred ?obj ?doc WHERE {{ {graphs} GRAPH ?g {{ ?r a cg:Relation ; cg:subject ?subj ; cg:predicate ?pred ; cg:object ?obj . OPTIONAL {{ ?r prov:wasDerivedFrom/cg:articleId ?doc }} }} }} ORDER BY ?r"
            ),
        )?;
        for row in relations {
            let doc = row.get("doc").cloned().unwrap_or_default();
            let a = view.entity_node(&row["subj"], &labels);
            let b = view.entity_node(&row["obj"], &labels);
            view.add_edge(a, b, &local(&row["pred"]), EdgeKind::Relation, &doc);
        }
        Ok(view)
    }

    /// Builds the view from what a CONSTRUCT (or DESCRIBE) query returns.
    pub fn from_construct(store: &Store, query: &str) -> Result<Self, GraphError> {
        let mut prepared = crate::query::evaluator()
            .parse_query(query)
            .map_err(|e| GraphError::Query(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(store)
            .execute()
            .map_err(|e| GraphError::Query(e.to_string()))?;
        let QueryResults::Graph(triples) = results else {
            return Err(GraphError::NotConstruct(match results {
                QueryResults::Boolean(_) => "a boolean",
                _ => "solutions",
            }));
        };
        let scratch = Store::new().map_err(|e| GraphError::Query(e.to_string()))?;
        let graph = GraphName::NamedNode(NamedNode::new_unchecked("urn:claimgraph:construct"));
        for triple in triples {
            let t = triple.map_err(|e| GraphError::Query(e.to_string()))?;
            scratch
                .insert(&Quad::new(t.subject, t.predicate, t.object, graph.clone()))
                .map_err(|e| GraphError::Query(e.to_string()))?;
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
            kind: NodeKind::Entity(String::from("Actor")),
            aliases: BTreeSet::new(),
            affiliation: None,
        })
    }

    /// Adds one statement or report to the edge, merging repeats.
    fn add_edge(&mut self, a: NodeIndex, b: NodeIndex, label: &str, kind: EdgeKind, doc: &str) {
        let existing = self
            .graph
            .edges_connecting(a, b)
            .find(|e| e.weight().label == label)
            .map(|e| e.id());
        let edge = match existing {
            Some(e) => e,
            None => self.graph.add_edge(
                a,
                b,
                EdgeData {
                    label: label.to_owned(),
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
                    edit_distance(&fold(label), &wanted)
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

    pub fn label(&self, n: NodeIndex) -> &str {
        &self.graph[n].label
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['\u{2019}', '.'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Degree centrality: the number of distinct neighbours, ignoring direction.
/// O(V + E).
pub fn degree<N, E>(graph: &DiGraph<N, E>) -> Vec<f64> {
    graph
        .node_indices()
        .map(|n| {
            let neighbours: BTreeSet<NodeIndex> =
                graph.neighbors_undirected(n).filter(|&m| m != n).collect();
            neighbours.len() as f64
        })
        .collect()
}

/// PageRank with damping 0.85 over the directed edges (who speaks about
/// what points to it). O(iterations × (V + E)).
pub fn page_rank<N, E>(graph: &DiGraph<N, E>) -> Vec<f64> {
    petgraph::algo::page_rank(graph, 0.85_f64, 100)
}

/// Betweenness centrality (Brandes), undirected and unweighted: how many
/// shortest paths between other nodes go through each node. O(V × E).
pub fn betweenness<N, E>(graph: &DiGraph<N, E>) -> Vec<f64> {
    let n = graph.node_count();
    let mut centrality = vec![0.0; n];
    let neighbours: Vec<Vec<usize>> = graph
        .node_indices()
        .map(|v| {
            let set: BTreeSet<usize> = graph
                .neighbors_undirected(v)
                .map(|m| m.index())
                .filter(|&m| m != v.index())
                .collect();
            set.into_iter().collect()
        })
        .collect();
    for s in 0..n {
        let mut stack = Vec::new();
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut sigma = vec![0.0_f64; n];
        let mut distance = vec![-1_i64; n];
        sigma[s] = 1.0;
        distance[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &neighbours[v] {
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    sigma[w] += sigma[v];
                    predecessors[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0_f64; n];
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each undirected path was counted from both ends.
    centrality.iter().map(|c| c / 2.0).collect()
}

/// The shortest connection between two nodes, ignoring direction (BFS):
/// the nodes along the way, both ends included. O(V + E).
pub fn shortest_path<N, E>(
    graph: &DiGraph<N, E>,
    from: NodeIndex,
    to: NodeIndex,
) -> Option<Vec<NodeIndex>> {
    let mut previous: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(v) = queue.pop_front() {
        if v == to {
            let mut path = vec![to];
            while let Some(&p) = previous.get(path.last().unwrap()) {
                path.push(p);
            }
            path.reverse();
            return Some(path);
        }
        let neighbours: BTreeSet<NodeIndex> = graph.neighbors_undirected(v).collect();
        for w in neighbours {
            if seen.insert(w) {
                previous.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    None
}

/// Nodes within `depth` steps of `start`, ignoring direction, with their
/// distance. O(V + E).
pub fn neighbourhood<N, E>(
    graph: &DiGraph<N, E>,
    start: NodeIndex,
    depth: usize,
) -> BTreeMap<NodeIndex, usize> {
    let mut found = BTreeMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let d = found[&v];
        if d == depth {
            continue;
        }
        let neighbours: BTreeSet<NodeIndex> = graph.neighbors_undirected(v).collect();
        for w in neighbours {
            if let std::collections::btree_map::Entry::Vacant(e) = found.entry(w) {
                e.insert(d + 1);
                queue.push_back(w);
            }
        }
    }
    found
}

/// Connected components, ignoring direction, largest first. O(V + E).
pub fn components<N, E>(graph: &DiGraph<N, E>) -> Vec<Vec<NodeIndex>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for start in graph.node_indices() {
        if seen.contains(&start) {
            continue;
        }
        let component: Vec<NodeIndex> = neighbourhood(graph, start, usize::MAX)
            .into_keys()
            .collect();
        seen.extend(component.iter().copied());
        out.push(component);
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.len()));
    out
}

/// The edges between consecutive nodes of a path, either direction.
pub fn path_edges<'g, N, E>(
    graph: &'g DiGraph<N, E>,
    path: &[NodeIndex],
) -> Vec<(NodeIndex, NodeIndex, &'g E)> {
    path.windows(2)
        .filter_map(|w| {
            graph
                .edges_connecting(w[0], w[1])
                .next()
                .map(|e| (w[0], w[1], e.weight()))
                .or_else(|| {
                    graph
                        .edges_connecting(w[1], w[0])
                        .next()
                        .map(|e| (w[1], w[0], e.weight()))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// a - b - c - d, plus e - b: b is the hub.
    fn star() -> DiGraph<&'static str, ()> {
        let mut g = DiGraph::new();
        let [a, b, c, d, e] = ["a", "b", "c", "d", "e"].map(|l| g.add_node(l));
        g.extend_with_edges([(a, b), (b, c), (c, d), (e, b)]);
        g
    }

    #[test]
    fn degree_counts_distinct_neighbours() {
        assert_eq!(degree(&star()), [1.0, 3.0, 2.0, 1.0, 1.0]);
    }

    #[test]
    fn betweenness_of_a_path_and_a_hub() {
        // Paths through b: a-c, a-d, e-c, e-d, a-e = 5; through c: a-d, b-d, e-d = 3.
        assert_eq!(betweenness(&star()), [0.0, 5.0, 3.0, 0.0, 0.0]);
    }

    #[test]
    fn page_rank_sums_to_one_and_favours_pointed_at_nodes() {
        let ranks = page_rank(&star());
        assert!((ranks.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        assert!(ranks[3] > ranks[0]);
    }

    #[test]
    fn shortest_path_ignores_direction() {
        let g = star();
        let path = shortest_path(&g, NodeIndex::new(4), NodeIndex::new(3)).unwrap();
        assert_eq!(
            path.iter().map(|n| g[*n]).collect::<Vec<_>>(),
            ["e", "b", "c", "d"]
        );
    }

    #[test]
    fn neighbourhood_and_components() {
        let mut g = star();
        let lone = g.add_node("f");
        let near = neighbourhood(&g, NodeIndex::new(0), 2);
        assert_eq!(
            near.keys().map(|n| g[*n]).collect::<Vec<_>>(),
            ["a", "b", "c", "e"]
        );
        let parts = components(&g);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1], [lone]);
    }

    #[test]
    fn suggestions_rank_close_labels() {
        assert_eq!(edit_distance("peskov", "peskow"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
