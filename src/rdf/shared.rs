//! What article graphs share, stated once per store: the gazetteer's
//! descriptions of the entities articles name (`cgid:graph/entities`), the
//! propositions statements are about (`cgid:graph/propositions`), the
//! figures they give (`cgid:graph/figures`) and the relations articles
//! narrate, as plain triples (`cgid:graph/facts`).
//!
//! Invariant: a shared graph holds exactly what the article graphs in the
//! store use, so the store equals one built from its articles alone: a
//! proposition while a statement is about it, a figure while a statement
//! gives it, a fact while a `cg:Relation`
//! states it, an entity's description while any quad but its own
//! description names the entity. A build adds what its articles use in the
//! same atomic load as their graphs; removing an article prunes what only
//! it used in the same transaction as its graph goes.

use super::article_graph;
use crate::vocab::{self, cg};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term,
    TermRef,
};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

fn shared_graph(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}graph/{name}", vocab::DATA))
}

/// The gazetteer's descriptions of the entities articles name.
pub fn entities_graph() -> NamedNode {
    shared_graph("entities")
}

/// The propositions statements are about.
pub fn propositions_graph() -> NamedNode {
    shared_graph("propositions")
}

/// The figures statements give: how many, how hedged, of what.
pub fn figures_graph() -> NamedNode {
    shared_graph("figures")
}

/// The relations articles narrate, each as one plain triple.
pub fn facts_graph() -> NamedNode {
    shared_graph("facts")
}

/// The shared graphs.
pub fn graphs() -> [NamedNode; 4] {
    [
        entities_graph(),
        propositions_graph(),
        figures_graph(),
        facts_graph(),
    ]
}

fn is_entity(term: &Term) -> bool {
    matches!(term, Term::NamedNode(n) if is_entity_iri(n.as_str()))
}

fn is_entity_iri(iri: &str) -> bool {
    iri.strip_prefix(vocab::DATA)
        .is_some_and(|rest| rest.starts_with("entity/"))
}

fn named(subject: &NamedOrBlankNode) -> Option<&NamedNode> {
    match subject {
        NamedOrBlankNode::NamedNode(n) => Some(n),
        NamedOrBlankNode::BlankNode(_) => None,
    }
}

/// What removing article graphs may leave unused in the shared graphs.
#[derive(Debug, Default)]
pub struct Candidates {
    entities: BTreeSet<NamedNode>,
    propositions: BTreeSet<NamedNode>,
    figures: BTreeSet<NamedNode>,
    facts: BTreeSet<(NamedNode, NamedNode, NamedNode)>,
}

impl Candidates {
    /// Notes what the quads of one article graph use.
    fn note(
        &mut self,
        quads: impl IntoIterator<Item = Result<Quad, StorageError>>,
    ) -> Result<(), StorageError> {
        let mut relations: BTreeMap<NamedNode, [Option<NamedNode>; 3]> = BTreeMap::new();
        for quad in quads {
            let quad = quad?;
            let Some(subject) = named(&quad.subject) else {
                continue;
            };
            if is_entity_iri(subject.as_str()) {
                self.entities.insert(subject.clone());
            }
            let Term::NamedNode(object) = &quad.object else {
                continue;
            };
            if is_entity_iri(object.as_str()) {
                self.entities.insert(object.clone());
            }
            let slot = if quad.predicate == cg::PROPOSITION_PROP {
                self.propositions.insert(object.clone());
                continue;
            } else if quad.predicate == cg::FIGURE_PROP {
                self.figures.insert(object.clone());
                continue;
            } else if quad.predicate == cg::SUBJECT {
                0
            } else if quad.predicate == cg::PREDICATE {
                1
            } else if quad.predicate == cg::OBJECT {
                2
            } else {
                continue;
            };
            relations.entry(subject.clone()).or_default()[slot] = Some(object.clone());
        }
        for [s, p, o] in relations.into_values() {
            if let (Some(s), Some(p), Some(o)) = (s, p, o) {
                self.facts.insert((s, p, o));
            }
        }
        Ok(())
    }

    /// Notes what the graph of article `id` uses, then removes the graph,
    /// returning its quads.
    pub fn remove_article(
        &mut self,
        transaction: &mut Transaction<'_>,
        id: &str,
    ) -> Result<Vec<Quad>, StorageError> {
        let graph = article_graph(id);
        let quads = transaction
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .collect::<Result<Vec<_>, _>>()?;
        self.note(quads.iter().cloned().map(Ok))?;
        transaction.remove_named_graph(graph.as_ref())?;
        Ok(quads)
    }

    /// Entities whose description a rebuild replaced (their old affiliation
    /// may be left unused).
    pub fn add_entities(&mut self, entities: impl IntoIterator<Item = NamedNode>) {
        self.entities.extend(entities);
    }

    /// Removes from the shared graphs whatever the candidates name that no
    /// quad in the store uses any more.
    pub fn prune(self, transaction: &mut Transaction<'_>) -> Result<(), StorageError> {
        let mut entities = self.entities;
        let facts = facts_graph();
        for (s, p, o) in self.facts {
            if !fact_used(transaction, &s, &p, &o)? {
                transaction.remove(QuadRef::new(&s, &p, &o, &facts));
                entities.extend([s, o]);
            }
        }
        let propositions = propositions_graph();
        for p in self.propositions {
            if used_as(transaction, cg::PROPOSITION_PROP, &p)? {
                continue;
            }
            for quad in remove_about(transaction, &p, &propositions)? {
                if is_entity(&quad.object) {
                    entities.extend(object_node(quad.object));
                }
            }
        }
        let figures = figures_graph();
        for f in self.figures {
            if !used_as(transaction, cg::FIGURE_PROP, &f)? {
                remove_about(transaction, &f, &figures)?;
            }
        }
        let described = entities_graph();
        let mut todo: Vec<NamedNode> = entities.into_iter().collect();
        while let Some(e) = todo.pop() {
            if entity_used(transaction, &e, &described)? {
                continue;
            }
            for quad in remove_about(transaction, &e, &described)? {
                if quad.predicate == cg::AFFILIATION {
                    todo.extend(object_node(quad.object));
                }
            }
        }
        Ok(())
    }
}

fn object_node(term: Term) -> Option<NamedNode> {
    match term {
        Term::NamedNode(n) => Some(n),
        _ => None,
    }
}

/// Removes every quad about `subject` in `graph`, returning them.
fn remove_about(
    transaction: &mut Transaction<'_>,
    subject: &NamedNode,
    graph: &NamedNode,
) -> Result<Vec<Quad>, StorageError> {
    let quads = transaction
        .quads_for_pattern(Some(subject.into()), None, None, Some(graph.into()))
        .collect::<Result<Vec<_>, _>>()?;
    for quad in &quads {
        transaction.remove(quad);
    }
    Ok(quads)
}

fn fact_used(
    transaction: &Transaction<'_>,
    s: &NamedNode,
    p: &NamedNode,
    o: &NamedNode,
) -> Result<bool, StorageError> {
    // Propositions have a subject, predicate and object too: only a
    // relation node states a fact.
    let propositions = propositions_graph();
    let propositions = GraphNameRef::NamedNode(propositions.as_ref());
    for quad in transaction.quads_for_pattern(None, Some(cg::SUBJECT), Some(s.into()), None) {
        let quad = quad?;
        let graph = quad.graph_name.as_ref();
        let relation = quad.subject.as_ref();
        if graph != propositions
            && transaction.contains(QuadRef::new(relation, cg::PREDICATE, p, graph))?
            && transaction.contains(QuadRef::new(relation, cg::OBJECT, o, graph))?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether some statement names `node` (a proposition or a figure) with
/// `property`.
fn used_as(
    transaction: &Transaction<'_>,
    property: NamedNodeRef<'_>,
    node: &NamedNode,
) -> Result<bool, StorageError> {
    let mut uses = transaction.quads_for_pattern(None, Some(property), Some(node.into()), None);
    Ok(uses.next().transpose()?.is_some())
}

/// Whether any quad names `e` but its own description.
fn entity_used(
    transaction: &Transaction<'_>,
    e: &NamedNode,
    described: &NamedNode,
) -> Result<bool, StorageError> {
    let own = GraphNameRef::NamedNode(described.as_ref());
    for quad in transaction.quads_for_pattern(Some(e.into()), None, None, None) {
        if quad?.graph_name.as_ref() != own {
            return Ok(true);
        }
    }
    let e_ref: TermRef<'_> = e.into();
    for quad in transaction.quads_for_pattern(None, None, Some(e_ref), None) {
        let quad = quad?;
        if quad.graph_name.as_ref() != own || named(&quad.subject) != Some(e) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The shared quads of a batch that `store` does not hold yet, each once,
/// and the entity descriptions it holds that the gazetteer now gives
/// otherwise (`stale`, with the entities they describe), to replace in the
/// transaction that removes the batch's changed articles.
#[derive(Debug, Default)]
pub struct SharedPlan {
    pub new: Vec<Quad>,
    pub stale: Vec<Quad>,
    pub replaced: Vec<Quad>,
}

/// The shared quads a build has settled: given to an earlier batch's plan,
/// which found them stored or loaded them. Every one is used by a graph the
/// build loaded, and a removal commits what is loaded before it prunes, so
/// nothing settled goes while the build runs; later batches leave them out
/// before the writer sees them (no look-up in the store's indexes, no
/// second copy loaded while the first waits for its commit).
#[derive(Debug, Default)]
pub struct Settled {
    quads: HashSet<Quad>,
    /// Entities whose description is as the gazetteer gives it.
    described: HashSet<NamedOrBlankNode>,
}

impl Settled {
    /// Of a batch's shared quads, those not settled, each once but for
    /// descriptions (all of each entity's, for the plan to compare); they
    /// count as settled from now on.
    pub fn unsettled(&mut self, shared: impl IntoIterator<Item = Quad>) -> Vec<Quad> {
        let described = GraphName::NamedNode(entities_graph());
        let mut out = Vec::new();
        let mut subjects = HashSet::new();
        for quad in shared {
            if quad.graph_name == described {
                if !self.described.contains(&quad.subject) {
                    subjects.insert(quad.subject.clone());
                    out.push(quad);
                }
            } else if !self.quads.contains(&quad) {
                self.quads.insert(quad.clone());
                out.push(quad);
            }
        }
        self.described.extend(subjects);
        out
    }
}

/// Splits a batch's shared quads against what `store` holds.
pub fn plan(store: &Store, shared: Vec<Quad>) -> Result<SharedPlan, StorageError> {
    let described = GraphName::NamedNode(entities_graph());
    let mut wanted: HashSet<Quad> = HashSet::new();
    let mut descriptions: HashMap<NamedOrBlankNode, HashSet<Quad>> = HashMap::new();
    for quad in shared {
        if quad.graph_name == described {
            descriptions
                .entry(quad.subject.clone())
                .or_default()
                .insert(quad);
        } else {
            wanted.insert(quad);
        }
    }
    let mut out = SharedPlan::default();
    for (subject, want) in descriptions {
        let held = store
            .quads_for_pattern(Some(subject.as_ref()), None, None, Some(described.as_ref()))
            .collect::<Result<HashSet<_>, _>>()?;
        if held.is_empty() {
            out.new.extend(want);
        } else if held != want {
            out.stale.extend(held);
            out.replaced.extend(want);
        }
    }
    for quad in wanted {
        if !store.contains(&quad)? {
            out.new.push(quad);
        }
    }
    Ok(out)
}

/// The shared quads one article graph uses: its propositions, figures, facts and
/// the descriptions of the entities these and the graph name (with the
/// bodies those are affiliated with), so an article exported alone says
/// everything the store says about it.
pub fn used_by(store: &Store, graph: &NamedNode) -> Result<Vec<Quad>, StorageError> {
    let mut uses = Candidates::default();
    uses.note(store.quads_for_pattern(None, None, None, Some(graph.into())))?;
    let mut out = Vec::new();
    let propositions = propositions_graph();
    for p in &uses.propositions {
        for quad in
            store.quads_for_pattern(Some(p.into()), None, None, Some((&propositions).into()))
        {
            let quad = quad?;
            if is_entity(&quad.object) {
                uses.entities.extend(object_node(quad.object.clone()));
            }
            out.push(quad);
        }
    }
    let figures = figures_graph();
    for f in &uses.figures {
        for quad in store.quads_for_pattern(Some(f.into()), None, None, Some((&figures).into())) {
            out.push(quad?);
        }
    }
    let facts = GraphName::NamedNode(facts_graph());
    for (s, p, o) in &uses.facts {
        let quad = Quad::new(s.clone(), p.clone(), o.clone(), facts.clone());
        if store.contains(&quad)? {
            out.push(quad);
        }
    }
    let described = entities_graph();
    let mut todo: Vec<NamedNode> = uses.entities.into_iter().collect();
    let mut done: BTreeSet<NamedNode> = BTreeSet::new();
    while let Some(e) = todo.pop() {
        if !done.insert(e.clone()) {
            continue;
        }
        for quad in
            store.quads_for_pattern(Some((&e).into()), None, None, Some((&described).into()))
        {
            let quad = quad?;
            if quad.predicate == cg::AFFILIATION {
                todo.extend(object_node(quad.object.clone()));
            }
            out.push(quad);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_build_settled_is_not_planned_again() {
        let store = Store::new().unwrap();
        let proposition = super::super::proposition_iri(
            Some("north-korea"),
            vocab::Predicate::SendsTroopsTo,
            Some("russia"),
        );
        let kremlin = super::super::entity_iri("kremlin");
        let shared = vec![
            Quad::new(
                proposition.clone(),
                cg::PREDICATE,
                vocab::Predicate::SendsTroopsTo.iri(),
                propositions_graph(),
            ),
            Quad::new(
                kremlin,
                vocab::rdf::TYPE,
                vocab::Kind::Agency.iri(),
                entities_graph(),
            ),
        ];
        let mut settled = Settled::default();
        let twice: Vec<Quad> = shared.iter().chain(&shared).cloned().collect();
        let first = settled.unsettled(twice);
        // Both of an entity's description quads go on, for the plan to
        // compare; the other quad once.
        assert_eq!(first.len(), 3);
        assert_eq!(plan(&store, first).unwrap().new.len(), 2);
        // Loaded, not committed: the store does not have them yet, and the
        // next batch does not plan them again.
        assert!(settled.unsettled(shared.clone()).is_empty());
        // A build that settled nothing plans them.
        assert_eq!(Settled::default().unsettled(shared).len(), 2);
    }
}
