//! What a tally counts by, and how its node is named and keyed.

use super::summary_graph;
use crate::vocab::{self, cg, rdf};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

/// What a tally counts by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
    /// Speaker and stance IRIs.
    Speaker(String, String),
    /// Proposition and stance IRIs.
    Proposition(String, String),
    /// Speaker, proposition and stance IRIs: who took which side.
    Stance(String, String, String),
    /// Proposition IRI, the date (value, datatype IRI) and the unit, if
    /// any.
    Figure(String, Option<(String, String)>, Option<String>),
    /// The publisher's name, if any.
    Outlet(Option<String>),
    /// The date articles were published on (value, datatype IRI), if any.
    Published(Option<(String, String)>),
    /// Subject, predicate and object IRIs of relations narrated as fact.
    Relation(String, String, String),
}

fn key_text(key: &Key) -> String {
    match key {
        Key::Speaker(s, st) => format!("speaker\n{s}\n{st}"),
        Key::Proposition(p, st) => format!("proposition\n{p}\n{st}"),
        Key::Stance(s, p, st) => format!("stance\n{s}\n{p}\n{st}"),
        Key::Figure(p, date, unit) => {
            let mut text = match date {
                Some((value, datatype)) => format!("figure\n{p}\n{value}\n{datatype}"),
                None => format!("figure\n{p}"),
            };
            if let Some(unit) = unit {
                text.push_str("\nunit\n");
                text.push_str(unit);
            }
            text
        }
        Key::Outlet(name) => match name {
            Some(name) => format!("outlet\n{name}"),
            None => "outlet".to_owned(),
        },
        Key::Published(date) => match date {
            Some((value, datatype)) => format!("published\n{value}\n{datatype}"),
            None => "published".to_owned(),
        },
        Key::Relation(s, p, o) => format!("relation\n{s}\n{p}\n{o}"),
    }
}

/// A key's tally node.
pub(super) fn node_iri(key: &Key) -> NamedNode {
    let digest = Sha256::digest(key_text(key).as_bytes());
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    NamedNode::new_unchecked(format!("{}tally/{hex}", vocab::DATA))
}

/// A tally node's class and key.
pub(super) fn write_key(quads: &mut Vec<Quad>, node: &NamedNode, key: &Key) {
    let graph = GraphName::NamedNode(summary_graph());
    let mut add = |p: NamedNodeRef<'_>, o: Term| {
        quads.push(Quad::new(node.clone(), p, o, graph.clone()));
    };
    let iri = |s: &str| Term::NamedNode(NamedNode::new_unchecked(s));
    match key {
        Key::Speaker(speaker, stance) => {
            add(rdf::TYPE, cg::SPEAKER_TALLY.into_owned().into());
            add(cg::TALLY_SPEAKER, iri(speaker));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Proposition(proposition, stance) => {
            add(rdf::TYPE, cg::PROPOSITION_TALLY.into_owned().into());
            add(cg::TALLY_PROPOSITION, iri(proposition));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Stance(speaker, proposition, stance) => {
            add(rdf::TYPE, cg::STANCE_TALLY.into_owned().into());
            add(cg::TALLY_SPEAKER, iri(speaker));
            add(cg::TALLY_PROPOSITION, iri(proposition));
            add(cg::TALLY_STANCE, iri(stance));
        }
        Key::Figure(proposition, date, unit) => {
            add(rdf::TYPE, cg::FIGURE_TALLY.into_owned().into());
            add(cg::TALLY_PROPOSITION, iri(proposition));
            if let Some((value, datatype)) = date {
                let datatype = NamedNode::new_unchecked(datatype.as_str());
                add(
                    cg::TALLY_DATE,
                    Literal::new_typed_literal(value, datatype).into(),
                );
            }
            if let Some(unit) = unit {
                add(cg::TALLY_UNIT, Literal::new_simple_literal(unit).into());
            }
        }
        Key::Outlet(name) => {
            add(rdf::TYPE, cg::OUTLET_TALLY.into_owned().into());
            if let Some(name) = name {
                add(cg::TALLY_OUTLET, Literal::new_simple_literal(name).into());
            }
        }
        Key::Published(date) => {
            add(rdf::TYPE, cg::DATE_TALLY.into_owned().into());
            if let Some((value, datatype)) = date {
                let datatype = NamedNode::new_unchecked(datatype.as_str());
                add(
                    cg::TALLY_DATE,
                    Literal::new_typed_literal(value, datatype).into(),
                );
            }
        }
        Key::Relation(subject, predicate, object) => {
            add(rdf::TYPE, cg::RELATION_TALLY.into_owned().into());
            add(cg::TALLY_SUBJECT, iri(subject));
            add(cg::TALLY_PREDICATE, iri(predicate));
            add(cg::TALLY_OBJECT, iri(object));
        }
    }
}
