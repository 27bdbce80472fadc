//! The graph algorithms of the view, each with what it returns and its
//! cost. Generic over node and edge weights; where a question ignores
//! direction the graph is read through petgraph's `UndirectedAdaptor`.

use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::{EdgeRef, UndirectedAdaptor};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

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

/// The shortest connection between two nodes, ignoring direction: the
/// nodes along the way, both ends included. Among equally short paths, each
/// step goes to the lowest-numbered node that is one step closer, so the
/// answer is the same on every run. O(E log V) (Dijkstra from `to` with
/// unit costs, then one walk from `from`).
pub fn shortest_path<N, E>(
    graph: &DiGraph<N, E>,
    from: NodeIndex,
    to: NodeIndex,
) -> Option<Vec<NodeIndex>> {
    let distance = dijkstra(UndirectedAdaptor(graph), to, Some(from), |_| 1_usize);
    let mut steps = *distance.get(&from)?;
    let mut path = vec![from];
    let mut here = from;
    while steps > 0 {
        steps -= 1;
        here = graph
            .neighbors_undirected(here)
            .filter(|n| distance.get(n) == Some(&steps))
            .min()?;
        path.push(here);
    }
    Some(path)
}

/// Nodes within `depth` steps of `start`, ignoring direction, with their
/// distance (Dijkstra with unit costs). O(E log V).
pub fn neighbourhood<N, E>(
    graph: &DiGraph<N, E>,
    start: NodeIndex,
    depth: usize,
) -> BTreeMap<NodeIndex, usize> {
    dijkstra(UndirectedAdaptor(graph), start, None, |_| 1_usize)
        .into_iter()
        .filter(|&(_, d)| d <= depth)
        .collect()
}

/// Connected components, ignoring direction, largest first; ties in the
/// order of their first node, members in node order. O(E α(V)).
pub fn components<N, E>(graph: &DiGraph<N, E>) -> Vec<Vec<NodeIndex>> {
    let mut sets = UnionFind::new(graph.node_count());
    for edge in graph.edge_references() {
        sets.union(edge.source().index(), edge.target().index());
    }
    let mut slot_of_root: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out: Vec<Vec<NodeIndex>> = Vec::new();
    for n in graph.node_indices() {
        let root = sets.find(n.index());
        let slot = *slot_of_root.entry(root).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[slot].push(n);
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
}
