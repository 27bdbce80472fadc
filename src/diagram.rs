//! Diagrams of the graph view: DOT built with graphviz-rust, rendered by
//! Graphviz's `dot` program.
//!
//! Node shape and colour follow the kind; officials, agencies and units are
//! drawn inside their state's cluster; edge colour and style follow the
//! stance or relation, repeated edges are merged with a count, and a legend
//! explains the colours. Every label is escaped, so any article text is safe.

use crate::graph::{EdgeData, EdgeKind, GraphView, NodeKind};
use crate::vocab::{Kind, Predicate, Stance};
use graphviz_rust::cmd::{CommandArg, Format, Layout};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, thiserror::Error)]
pub enum DiagramError {
    #[error(
        "Graphviz's `dot` program was not found; install Graphviz (Debian: apt-get install graphviz) or use --format dot"
    )]
    DotMissing,
    #[error("Graphviz failed: {0}")]
    Render(String),
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct DiagramOptions {
    /// Draw only what lies within `depth` steps of this node.
    pub focus: Option<NodeIndex>,
    pub depth: usize,
    /// Only these stances and relations (local names); empty: the defaults.
    pub relations: BTreeSet<String>,
    /// Without focus, how many propositions to keep (most stated first).
    pub max_propositions: usize,
}

/// The colour and line style of a stance.
pub fn stance_style(stance: Stance) -> (&'static str, &'static str) {
    match stance {
        Stance::Claims => ("#1f4e79", "solid"),
        Stance::Confirms => ("#2e7d32", "bold"),
        Stance::Denies => ("#c62828", "dashed"),
        Stance::CannotVerify => ("#757575", "dotted"),
        Stance::Warns => ("#ef6c00", "solid"),
        Stance::Condemns => ("#6a1b9a", "bold"),
        Stance::CallsFor => ("#0277bd", "dashed"),
        Stance::Other => ("#9e9e9e", "solid"),
    }
}

/// The shape and fill of an entity's node.
pub fn kind_style(kind: Option<Kind>) -> (&'static str, &'static str) {
    match kind {
        Some(Kind::State) => ("box3d", "#f9e79f"),
        Some(Kind::Official) => ("ellipse", "#aed6f1"),
        Some(Kind::Agency) => ("box", "#d6eaf8"),
        Some(Kind::Organization) => ("hexagon", "#d5f5e3"),
        Some(Kind::MilitaryUnit) => ("house", "#a9dfbf"),
        Some(Kind::MediaOutlet) => ("note", "#fdebd0"),
        Some(Kind::Person) | None => ("ellipse", "#ffffff"),
        Some(Kind::Place) => ("tab", "#eaeded"),
    }
}

/// A DOT string literal: quotes and backslashes escaped, so no text from an
/// article can break out of a label or inject attributes.
pub fn quote(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), quote(value))
}

fn node_id(n: NodeIndex) -> NodeId {
    NodeId(Id::Plain(format!("n{}", n.index())), None)
}

/// Picks the nodes and edges worth drawing.
fn select(
    view: &GraphView,
    options: &DiagramOptions,
) -> (BTreeSet<NodeIndex>, Vec<petgraph::graph::EdgeIndex>) {
    let g = &view.graph;
    // Relations drawn by default are events; ties like partOf are drawn
    // as clusters instead.
    let wanted = |edge: &EdgeData| {
        if !options.relations.is_empty() {
            return options.relations.contains(edge.label())
                || matches!(edge.kind, EdgeKind::Role(_));
        }
        match edge.kind {
            EdgeKind::Stance(_) | EdgeKind::Role(_) => true,
            EdgeKind::Relation(predicate) => predicate.is_event(),
        }
    };
    let mut nodes: BTreeSet<NodeIndex> = match options.focus {
        Some(focus) => crate::graph::neighbourhood(g, focus, options.depth.max(1))
            .into_keys()
            .collect(),
        None => {
            // The propositions most stated, and those that anyone denies.
            let mut propositions: Vec<(usize, bool, NodeIndex)> = g
                .node_indices()
                .filter(|&n| {
                    matches!(&g[n].kind, NodeKind::Proposition { predicate } if *predicate != Predicate::RelatedTo)
                })
                .map(|n| {
                    let incoming: Vec<_> = g
                        .edges_directed(n, petgraph::Direction::Incoming)
                        .filter(|e| wanted(e.weight()))
                        .collect();
                    let count = incoming.iter().map(|e| e.weight().statements).sum();
                    let contested = incoming.iter().any(|e| {
                        matches!(
                            e.weight().kind,
                            EdgeKind::Stance(Stance::Denies | Stance::CannotVerify)
                        )
                    });
                    (count, contested, n)
                })
                .filter(|(count, _, _)| *count > 0)
                .collect();
            propositions.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            let keep = options.max_propositions.max(1);
            let mut nodes: BTreeSet<NodeIndex> =
                propositions.iter().take(keep).map(|p| p.2).collect();
            nodes.extend(propositions.iter().filter(|p| p.1).map(|p| p.2));
            // Their speakers, subjects and objects, and the parties to events.
            for &p in nodes.clone().iter() {
                nodes.extend(g.neighbors_undirected(p));
            }
            for e in g.edge_references() {
                if matches!(e.weight().kind, EdgeKind::Relation(_)) && wanted(e.weight()) {
                    nodes.insert(e.source());
                    nodes.insert(e.target());
                }
            }
            nodes
        }
    };
    let edges: Vec<_> = g
        .edge_references()
        .filter(|e| nodes.contains(&e.source()) && nodes.contains(&e.target()))
        .filter(|e| wanted(e.weight()))
        .map(|e| e.id())
        .collect();
    // Drop nodes left without an edge (but keep the focus).
    let used: BTreeSet<NodeIndex> = edges
        .iter()
        .flat_map(|&e| {
            let (a, b) = g.edge_endpoints(e).expect("edge exists");
            [a, b]
        })
        .collect();
    nodes.retain(|n| used.contains(n) || Some(*n) == options.focus);
    (nodes, edges)
}

/// Builds the DOT graph.
pub fn to_dot(view: &GraphView, options: &DiagramOptions) -> Graph {
    let g = &view.graph;
    let (nodes, edges) = select(view, options);
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("fontname", "Helvetica"),
            attr("labelloc", "t"),
            attr("label", "claimgraph: who says what"),
            attr("newrank", "true"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("style", "filled"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
        ])),
    ];
    // Clusters: actors inside the state they act for.
    let state_of = |n: NodeIndex| -> Option<NodeIndex> {
        let iri = g[n].affiliation.as_ref()?;
        let s = g.node_indices().find(|&m| &g[m].iri == iri)?;
        matches!(g[s].kind, NodeKind::Entity(Some(Kind::State))).then_some(s)
    };
    let mut clusters: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
    let mut loose = Vec::new();
    for &n in &nodes {
        match (&g[n].kind, state_of(n)) {
            (NodeKind::Entity(Some(Kind::State)), _) => {
                clusters.entry(n).or_default();
            }
            (NodeKind::Entity(k), Some(s)) if *k != Some(Kind::Place) && nodes.contains(&s) => {
                clusters.entry(s).or_default().push(n)
            }
            _ => loose.push(n),
        }
    }
    let node_stmt = |n: NodeIndex| -> Stmt {
        let data = &g[n];
        let attributes = match &data.kind {
            NodeKind::Entity(kind) => {
                let (shape, fill) = kind_style(*kind);
                vec![
                    attr("label", &data.label),
                    attr("shape", shape),
                    attr("fillcolor", fill),
                    attr("tooltip", &format!("{}: {}", data.kind.name(), data.iri)),
                ]
            }
            NodeKind::Proposition { .. } => vec![
                attr("label", &data.label),
                attr("shape", "box"),
                attr("style", "rounded,filled"),
                attr("fillcolor", "#ffffff"),
                attr("color", "#7f8c8d"),
            ],
        };
        Stmt::Node(Node::new(node_id(n), attributes))
    };
    for (state, members) in &clusters {
        let mut inner = vec![
            Stmt::Attribute(attr("label", &g[*state].label)),
            Stmt::Attribute(attr("style", "rounded,dashed")),
            Stmt::Attribute(attr("color", "#b7950b")),
            node_stmt(*state),
        ];
        inner.extend(members.iter().map(|&m| node_stmt(m)));
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("cluster_{}", state.index())),
            stmts: inner,
        }));
    }
    stmts.extend(loose.into_iter().map(node_stmt));
    for e in edges {
        let (a, b) = g.edge_endpoints(e).expect("edge exists");
        let data = &g[e];
        let count = if data.statements > 1 {
            format!(" ×{}", data.statements)
        } else {
            String::new()
        };
        let tooltip = format!(
            "{} statement(s) in {}",
            data.statements,
            data.articles.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let attributes = match data.kind {
            EdgeKind::Stance(stance) => {
                let (color, style) = stance_style(stance);
                vec![
                    attr("label", &format!("{}{count}", data.label())),
                    attr("color", color),
                    attr("fontcolor", color),
                    attr("style", style),
                    attr("penwidth", &format!("{}", 1 + data.statements.min(4))),
                    attr("tooltip", &tooltip),
                ]
            }
            EdgeKind::Relation(predicate) => {
                let pact = predicate == Predicate::SignsPactWith;
                vec![
                    attr("label", &format!("{}{count}", data.label())),
                    attr("color", if pact { "#1b2631" } else { "#566573" }),
                    attr("style", if pact { "bold" } else { "solid" }),
                    attr("penwidth", if pact { "3" } else { "1" }),
                    attr("tooltip", &tooltip),
                ]
            }
            EdgeKind::Role(_) => vec![
                attr("color", "#bdc3c7"),
                attr("arrowhead", "none"),
                attr("style", "dotted"),
                attr("label", data.label()),
                attr("fontcolor", "#95a5a6"),
            ],
        };
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(a)), Vertex::N(node_id(b))),
            attributes,
        }));
    }
    stmts.push(legend());
    Graph::DiGraph {
        id: Id::Plain("claimgraph".into()),
        strict: false,
        stmts,
    }
}

/// A cluster of sample edges, one per stance, and the pact style.
fn legend() -> Stmt {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#aab7b8")),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "plaintext"),
            attr("style", "solid"),
            attr("label", ""),
        ])),
    ];
    let mut entries: Vec<(&str, &str, &str, &str)> = Stance::ALL
        .iter()
        .map(|&stance| {
            let (color, style) = stance_style(stance);
            (stance.local_name(), color, style, "1.5")
        })
        .collect();
    entries.push(("signsPactWith", "#1b2631", "bold", "3"));
    for (i, (label, color, style, width)) in entries.into_iter().enumerate() {
        let (a, b) = (format!("legend_{i}_a"), format!("legend_{i}_b"));
        for id in [&a, &b] {
            stmts.push(Stmt::Node(Node::new(
                NodeId(Id::Plain(id.clone()), None),
                vec![attr("width", "0.1"), attr("height", "0.1")],
            )));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Plain(a), None)),
                Vertex::N(NodeId(Id::Plain(b), None)),
            ),
            attributes: vec![
                attr("label", label),
                attr("color", color),
                attr("fontcolor", color),
                attr("style", style),
                attr("penwidth", width),
            ],
        }));
    }
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts,
    })
}

/// The DOT text of a graph.
pub fn print(graph: &Graph) -> String {
    graph.print(&mut PrinterContext::default())
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Dot,
    Svg,
    Png,
    Pdf,
}

/// Layout engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

/// Renders with Graphviz (`--format dot` needs no Graphviz).
pub fn render(graph: Graph, engine: Engine, format: OutputFormat) -> Result<Vec<u8>, DiagramError> {
    let format = match format {
        OutputFormat::Dot => return Ok(print(&graph).into_bytes()),
        OutputFormat::Svg => Format::Svg,
        OutputFormat::Png => Format::Png,
        OutputFormat::Pdf => Format::Pdf,
    };
    let layout = match engine {
        Engine::Dot => Layout::Dot,
        Engine::Neato => Layout::Neato,
        Engine::Fdp => Layout::Fdp,
        Engine::Sfdp => Layout::Sfdp,
        Engine::Circo => Layout::Circo,
    };
    graphviz_rust::exec(
        graph,
        &mut PrinterContext::default(),
        vec![CommandArg::Layout(layout), CommandArg::Format(format)],
    )
    .map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            DiagramError::DotMissing
        } else {
            DiagramError::Render(e.to_string().lines().next().unwrap_or_default().to_owned())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::graph::NodeData;
    use std::collections::BTreeSet;

    fn node(label: &str, kind: NodeKind) -> NodeData {
        NodeData {
            iri: format!("urn:{label}"),
            label: label.into(),
            kind,
            aliases: BTreeSet::new(),
            affiliation: None,
        }
    }

    /// Two speakers, one proposition; one speaker's name is hostile DOT.
    fn small_view(hostile: &str) -> GraphView {
        let mut view = GraphView::default();
        let g = &mut view.graph;
        let a = g.add_node(node(hostile, NodeKind::Entity(Some(Kind::Official))));
        let b = g.add_node(node("Kremlin", NodeKind::Entity(Some(Kind::Agency))));
        let p = g.add_node(node(
            "North Korea sendsTroopsTo Russia",
            NodeKind::Proposition {
                predicate: Predicate::SendsTroopsTo,
            },
        ));
        let edge = |stance, n| EdgeData {
            kind: EdgeKind::Stance(stance),
            statements: n,
            articles: BTreeSet::from(["a1".to_string()]),
        };
        g.add_edge(a, p, edge(Stance::Claims, 1));
        g.add_edge(b, p, edge(Stance::Denies, 3));
        view
    }

    #[test]
    fn svg_has_nodes_stance_colours_counts_and_escaped_labels() {
        let hostile = "Evil\"]; x [label=\"pwned\\ <b>";
        let svg = render(
            to_dot(&small_view(hostile), &DiagramOptions::default()),
            Engine::Dot,
            OutputFormat::Svg,
        )
        .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        // The hostile name is one node label, shown literally.
        assert!(
            svg.contains("Evil&quot;]; x [label=&quot;pwned\\ &lt;b&gt;"),
            "{svg}"
        );
        assert!(!svg.contains(">pwned<"));
        let nodes = svg.matches("class=\"node\"").count();
        assert_eq!(
            nodes,
            3 + 2 * (Stance::ALL.len() + 1),
            "three nodes plus the legend's"
        );
        assert!(svg.contains("#c62828") && svg.contains("denies ×3"));
        assert!(svg.contains("#1f4e79") && svg.contains(">claims<"));
    }

    #[test]
    fn dot_format_needs_no_graphviz_and_relations_filter() {
        let options = DiagramOptions {
            relations: BTreeSet::from(["denies".to_string()]),
            ..DiagramOptions::default()
        };
        let dot = String::from_utf8(
            render(
                to_dot(&small_view("Peskov"), &options),
                Engine::Dot,
                OutputFormat::Dot,
            )
            .unwrap(),
        )
        .unwrap();
        assert!(dot.starts_with("digraph claimgraph"));
        assert!(dot.contains("Kremlin") && !dot.contains("Peskov"), "{dot}");
    }

    #[test]
    fn quoting_neutralises_hostile_labels() {
        let Id::Escaped(q) = quote("a\"]; evil [label=\"x\\") else {
            panic!()
        };
        assert_eq!(q, "\"a\\\"]; evil [label=\\\"x\\\\\"");
        let Id::Escaped(q) = quote("line\nbreak") else {
            panic!()
        };
        assert_eq!(q, "\"line\\nbreak\"");
    }
}
