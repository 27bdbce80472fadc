//! The ontology and the code agree: every `cg` term the code writes is
//! declared (with a label and a comment), and every declared term is used.

use claimgraph::vocab;
use claimgraph::vocab::{Kind, Predicate, Qualifier, Stance};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use std::collections::BTreeSet;

fn ontology() -> Vec<Triple> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ontology/claimgraph.ttl"
    ))
    .unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .unwrap()
}

fn declared(triples: &[Triple]) -> BTreeSet<String> {
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().strip_prefix(vocab::CG).map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// The local names of every `cg` constant in `src/vocab.rs`.
fn in_code() -> BTreeSet<String> {
    let source = include_str!("../src/vocab.rs");
    let module = source
        .split("pub mod cg {")
        .nth(1)
        .unwrap()
        .split("\n}\n")
        .next()
        .unwrap();
    let mut names: BTreeSet<String> = module
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains('/') && !s.contains('#'))
        .map(str::to_owned)
        .collect();
    names.extend(Kind::ALL.iter().map(|k| k.local_name().to_owned()));
    names.extend(Stance::ALL.iter().map(|s| s.local_name().to_owned()));
    names.extend(Qualifier::ALL.iter().map(|q| q.local_name().to_owned()));
    names.extend(Predicate::ALL.iter().map(|p| p.local_name().to_owned()));
    names
}

#[test]
fn every_code_term_is_declared_and_every_declared_term_is_in_the_code() {
    let triples = ontology();
    let declared = declared(&triples);
    let code = in_code();
    let undeclared: Vec<_> = code.difference(&declared).collect();
    let unused: Vec<_> = declared.difference(&code).collect();
    assert!(
        undeclared.is_empty(),
        "used in code, not declared in the ontology: {undeclared:?}"
    );
    assert!(
        unused.is_empty(),
        "declared in the ontology, not in src/vocab.rs: {unused:?}"
    );
}

#[test]
fn every_term_has_a_label_and_a_comment_and_relations_have_domain_and_range() {
    let triples = ontology();
    let has = |term: &str, property: &str| {
        triples.iter().any(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == format!("{}{term}", vocab::CG))
                && t.predicate.as_str() == property
        })
    };
    for term in declared(&triples) {
        assert!(
            has(&term, "http://www.w3.org/2000/01/rdf-schema#label"),
            "{term} has no rdfs:label"
        );
        assert!(
            has(&term, "http://www.w3.org/2000/01/rdf-schema#comment"),
            "{term} has no rdfs:comment"
        );
    }
    // Every relation property, the list among them.
    for p in Predicate::ALL.iter().map(|p| p.local_name()) {
        assert!(
            has(p, "http://www.w3.org/2000/01/rdf-schema#domain"),
            "{p} has no domain"
        );
        assert!(
            has(p, "http://www.w3.org/2000/01/rdf-schema#range"),
            "{p} has no range"
        );
    }
    for p in [
        "signsPactWith",
        "sendsTroopsTo",
        "deploysTo",
        "trainsIn",
        "fightsFor",
        "killedIn",
        "suppliesWeaponsTo",
        "partOf",
        "memberOf",
        "spokespersonFor",
        "holdsOfficeIn",
        "meetsWith",
        "convenesMeeting",
        "summons",
        "locatedIn",
    ] {
        assert!(Predicate::from_local_name(p).is_some(), "{p} is missing");
    }
}

#[test]
fn stances_and_kinds_are_exactly_the_ontology_s() {
    let triples = ontology();
    let individuals_of = |class: &str| -> BTreeSet<String> {
        triples
            .iter()
            .filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            .filter(|t| {
                t.object
                    == Term::from(oxigraph::model::NamedNode::new_unchecked(format!(
                        "{}{class}",
                        vocab::CG
                    )))
            })
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(n) => {
                    n.as_str().strip_prefix(vocab::CG).map(str::to_owned)
                }
                _ => None,
            })
            .collect()
    };
    let stances: BTreeSet<String> = Stance::ALL
        .iter()
        .map(|s| s.local_name().to_owned())
        .collect();
    assert_eq!(individuals_of("Stance"), stances);
    let expected: BTreeSet<&str> = [
        "claims",
        "denies",
        "confirms",
        "cannotVerify",
        "warns",
        "condemns",
        "callsFor",
        "other",
    ]
    .into();
    assert_eq!(
        stances.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        expected
    );
    let declared = declared(&triples);
    for kind in Kind::ALL {
        assert!(declared.contains(kind.local_name()), "{kind:?}");
    }
}
