//! The only place where IRI strings live: namespaces and the terms of
//! `ontology/claimgraph.ttl`.
//!
//! Invariant: every `cg` term here is declared in the ontology and every term
//! the ontology declares is here (checked by `tests/ontology.rs`).

/// The claimgraph ontology namespace.
pub const CG: &str = "https://w3id.org/claimgraph/ontology#";
/// Where minted data IRIs live: entities, articles, statements, propositions, graphs.
pub const DATA: &str = "https://w3id.org/claimgraph/id/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SCHEMA: &str = "https://schema.org/";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const WD: &str = "http://www.wikidata.org/entity/";

/// The prefixes used when serialising Turtle, TriG and RDF/XML.
pub const PREFIXES: &[(&str, &str)] = &[
    ("cg", CG),
    ("cgid", DATA),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("prov", PROV),
    ("schema", SCHEMA),
    ("skos", SKOS),
    ("org", ORG),
    ("wd", WD),
];

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: oxigraph::model::NamedNodeRef<'static> =
            oxigraph::model::NamedNodeRef::new_unchecked(concat!($ns, $local));)*
    };
}

pub mod rdf {
    terms!("http://www.w3.org/1999/02/22-rdf-syntax-ns#"; TYPE = "type");
}

pub mod rdfs {
    terms!("http://www.w3.org/2000/01/rdf-schema#"; LABEL = "label", COMMENT = "comment");
}

pub mod owl {
    terms!("http://www.w3.org/2002/07/owl#"; SAME_AS = "sameAs");
}

pub mod xsd {
    terms!("http://www.w3.org/2001/XMLSchema#";
        INTEGER = "integer", DATE = "date", G_YEAR_MONTH = "gYearMonth");
}

pub mod prov {
    terms!("http://www.w3.org/ns/prov#"; WAS_DERIVED_FROM = "wasDerivedFrom");
}

pub mod schema {
    terms!("https://schema.org/";
        HEADLINE = "headline", DATE_PUBLISHED = "datePublished", URL = "url");
}

pub mod skos {
    terms!("http://www.w3.org/2004/02/skos/core#"; ALT_LABEL = "altLabel");
}

/// Classes, properties and individuals of the claimgraph ontology.
pub mod cg {
    terms!("https://w3id.org/claimgraph/ontology#";
        // Classes.
        ACTOR = "Actor", STATE = "State", OFFICIAL = "Official", AGENCY = "Agency",
        ORGANIZATION = "Organization", MILITARY_UNIT = "MilitaryUnit", MEDIA_OUTLET = "MediaOutlet",
        PERSON = "Person", PLACE = "Place", ARTICLE = "Article", STATEMENT = "Statement",
        PROPOSITION = "Proposition", RELATION = "Relation", STANCE = "Stance",
        QUALIFIER = "Qualifier",
        // Article properties.
        ARTICLE_ID = "articleId", CONTENT_HASH = "contentHash", PUBLISHER_NAME = "publisherName",
        // Entity properties.
        AFFILIATION = "affiliation", MENTION_COUNT = "mentionCount",
        // Statement properties.
        SPEAKER = "speaker", STANCE_PROP = "stance", PROPOSITION_PROP = "proposition",
        QUANTITY = "quantity", QUALIFIER_PROP = "qualifier", UNIT = "unit", VIA = "via",
        CUE = "cue", EVIDENCE = "evidence", SENTENCE = "sentence", START = "start", END = "end",
        DATE = "date",
        // Proposition and relation properties.
        SUBJECT = "subject", PREDICATE = "predicate", OBJECT = "object", PLACE_PROP = "place",
        // Stances.
        CLAIMS = "claims", DENIES = "denies", CONFIRMS = "confirms", CANNOT_VERIFY = "cannotVerify",
        WARNS = "warns", CONDEMNS = "condemns", CALLS_FOR = "callsFor", OTHER = "other",
        // Qualifiers.
        EXACTLY = "exactly", ABOUT = "about", UP_TO = "upTo", AT_LEAST = "atLeast",
        MORE_THAN = "moreThan",
    );
}

/// The ontology's relation properties: local names in the order of
/// `extract::Predicate`.
pub const RELATION_PROPERTIES: &[&str] = &[
    "sendsTroopsTo",
    "deploysTo",
    "movesToward",
    "trainsIn",
    "trains",
    "fightsFor",
    "killedIn",
    "injuredIn",
    "suppliesWeaponsTo",
    "transfersTechnologyTo",
    "supports",
    "cooperatesWith",
    "signsPactWith",
    "threatens",
    "escalatesWarIn",
    "violates",
    "withdrawsFrom",
    "respondsTo",
    "monitors",
    "benefitsFrom",
    "gainsExperienceIn",
    "hasMilitaryStrength",
    "partOf",
    "memberOf",
    "spokespersonFor",
    "leads",
    "holdsOfficeIn",
    "formerlyServedIn",
    "basedIn",
    "locatedIn",
    "meetsWith",
    "convenesMeeting",
    "summons",
    "visits",
    "sanctions",
    "atWarWith",
    "occupies",
    "relatedTo",
];
