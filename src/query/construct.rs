//! A CONSTRUCT query read a bounded number of solutions at a time: what an
//! interactive view draws of a query that may match the whole store.
//!
//! A CONSTRUCT result is a set of triples, so reading its first triples can
//! take reading every solution (a thousand solutions may make ten distinct
//! triples). The pattern is run as a SELECT of at most `limit` solutions
//! instead, and the template is filled in here, each blank node fresh per
//! solution as SPARQL says.

use super::{QueryError, limits};
use oxigraph::model::{BlankNode, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use spargebra::{Query, SparqlParser};
use std::collections::{HashMap, HashSet};

/// The distinct triples of the first solutions, and whether there were more
/// solutions than read.
pub struct Constructed {
    pub triples: Vec<Triple>,
    pub cut: bool,
}

/// Runs `query` if it is a CONSTRUCT, over at most `limit` solutions (in
/// the order the query gives); `None` for another kind of query.
pub fn construct_capped(
    store: &Store,
    query: &str,
    cancel: Option<CancellationToken>,
    limit: usize,
) -> Result<Option<Constructed>, QueryError> {
    limits::check(query).map_err(QueryError::TooLarge)?;
    if limits::uses_service(query) {
        return Err(QueryError::Service);
    }
    let mut parser = SparqlParser::new();
    for (prefix, iri) in crate::vocab::PREFIXES {
        parser = parser
            .with_prefix(*prefix, *iri)
            .expect("vocabulary prefixes are valid IRIs");
    }
    let Ok(Query::Construct {
        template,
        dataset,
        pattern,
        base_iri,
    }) = parser.parse_query(query)
    else {
        // Another kind of query, or a syntax error the usual path reports.
        return Ok(None);
    };
    let select = Query::Select {
        dataset,
        pattern: GraphPattern::Slice {
            inner: Box::new(pattern),
            start: 0,
            length: Some(limit + 1),
        },
        base_iri,
    };
    let mut evaluator = super::evaluator();
    if let Some(token) = cancel {
        evaluator = evaluator.with_cancellation_token(token);
    }
    let mut prepared = evaluator.for_query(select);
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute()? else {
        return Ok(None);
    };
    let mut seen = HashSet::new();
    let mut triples = Vec::new();
    let mut read = 0;
    for solution in solutions {
        let solution = solution?;
        read += 1;
        if read > limit {
            return Ok(Some(Constructed { triples, cut: true }));
        }
        let mut blanks = HashMap::new();
        for pattern in &template {
            if let Some(triple) = fill(pattern, &solution, &mut blanks)
                && seen.insert(triple.clone())
            {
                triples.push(triple);
            }
        }
    }
    Ok(Some(Constructed {
        triples,
        cut: false,
    }))
}

/// One template triple for one solution; `None` where a variable is unbound
/// or a term cannot stand where it is.
fn fill(
    pattern: &TriplePattern,
    solution: &QuerySolution,
    blanks: &mut HashMap<String, BlankNode>,
) -> Option<Triple> {
    let term = |t: &TermPattern, blanks: &mut HashMap<String, BlankNode>| -> Option<Term> {
        match t {
            TermPattern::NamedNode(n) => Some(n.clone().into()),
            TermPattern::Literal(l) => Some(l.clone().into()),
            TermPattern::BlankNode(b) => Some(
                blanks
                    .entry(b.as_str().to_owned())
                    .or_default()
                    .clone()
                    .into(),
            ),
            TermPattern::Variable(v) => solution.get(v).cloned(),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    };
    let subject = match term(&pattern.subject, blanks)? {
        Term::NamedNode(n) => NamedOrBlankNode::NamedNode(n),
        Term::BlankNode(b) => NamedOrBlankNode::BlankNode(b),
        _ => return None,
    };
    let predicate: NamedNode = match &pattern.predicate {
        NamedNodePattern::NamedNode(n) => n.clone(),
        NamedNodePattern::Variable(v) => match solution.get(v)? {
            Term::NamedNode(n) => n.clone(),
            _ => return None,
        },
    };
    let object = term(&pattern.object, blanks)?;
    Some(Triple::new(subject, predicate, object))
}
