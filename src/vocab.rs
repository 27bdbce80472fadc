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

/// The named graph a CONSTRUCT result is loaded into when a graph view is
/// built from it (in a scratch store, never the project's).
pub const SCRATCH_GRAPH: oxigraph::model::NamedNodeRef<'static> =
    oxigraph::model::NamedNodeRef::new_unchecked("urn:claimgraph:construct");

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
        HEADLINE = "headline", DATE_PUBLISHED = "datePublished", URL = "url",
        ARTICLE_BODY = "articleBody");
}

pub mod skos {
    terms!("http://www.w3.org/2004/02/skos/core#"; ALT_LABEL = "altLabel");
}

/// Classes and properties of the claimgraph ontology that are not in the
/// enums below: the classes of entities, stances and qualifiers are the
/// [`Kind`], [`Stance`] and [`Qualifier`] terms, and relation properties
/// the [`Predicate`] ones.
pub mod cg {
    terms!("https://w3id.org/claimgraph/ontology#";
        // Classes: the superclass of the kinds, and the classes of the
        // stance and qualifier individuals.
        ACTOR = "Actor", STANCE = "Stance", QUALIFIER = "Qualifier",
        ARTICLE = "Article", STATEMENT = "Statement", PROPOSITION = "Proposition",
        RELATION = "Relation", FIGURE = "Figure",
        // Article properties.
        ARTICLE_ID = "articleId", CONTENT_HASH = "contentHash", PUBLISHER_NAME = "publisherName",
        EXTRACTOR = "extractor",
        // Entity properties.
        AFFILIATION = "affiliation", MENTION_COUNT = "mentionCount",
        // Statement properties.
        SPEAKER = "speaker", STANCE_PROP = "stance", PROPOSITION_PROP = "proposition",
        FIGURE_PROP = "figure", VIA = "via", CUE = "cue", EVIDENCE = "evidence", SENTENCE = "sentence", START = "start", END = "end",
        DATE = "date",
        // Figure properties.
        QUANTITY = "quantity", QUALIFIER_PROP = "qualifier", UNIT = "unit",
        // Proposition and relation properties.
        SUBJECT = "subject", PREDICATE = "predicate", OBJECT = "object", PLACE_PROP = "place",
        // The summary: tallies kept by every build and removal.
        TALLY = "Tally", SPEAKER_TALLY = "SpeakerTally", PROPOSITION_TALLY = "PropositionTally",
        STANCE_TALLY = "StanceTally",
        FIGURE_TALLY = "FigureTally", OUTLET_TALLY = "OutletTally", DATE_TALLY = "DateTally",
        TALLY_SPEAKER = "tallySpeaker", TALLY_STANCE = "tallyStance",
        TALLY_PROPOSITION = "tallyProposition", TALLY_DATE = "tallyDate",
        TALLY_OUTLET = "tallyOutlet", STATEMENT_COUNT = "statementCount",
        ARTICLE_COUNT = "articleCount", QUANTITY_SUM = "quantitySum",
        PENDING_ARTICLE = "pendingArticle", FOLDED_KEYS = "foldedKeys", TALLY_UNIT = "tallyUnit",
        SUMMARY_VERSION = "summaryVersion", RELATION_TALLY = "RelationTally",
        TALLY_SUBJECT = "tallySubject", TALLY_PREDICATE = "tallyPredicate",
        TALLY_OBJECT = "tallyObject",
    );
}

/// An enum of ontology terms in the `cg` namespace: each variant knows its
/// local name and IRI, and parses from its local name (serde included), so
/// a misspelt name in the lexicon is an error rather than a silent fallback.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $local:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            /// Every term, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The term's local name in the ontology.
            pub fn local_name(self) -> &'static str {
                match self {
                    $($name::$variant => $local),*
                }
            }

            /// The term's IRI.
            pub fn iri(self) -> oxigraph::model::NamedNodeRef<'static> {
                match self {
                    $($name::$variant => oxigraph::model::NamedNodeRef::new_unchecked(
                        concat!("https://w3id.org/claimgraph/ontology#", $local),
                    )),*
                }
            }

            /// The term with this local name.
            pub fn from_local_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.local_name() == name)
            }

            /// The term with this IRI.
            pub fn from_iri(iri: &str) -> Option<Self> {
                Self::from_local_name(iri.strip_prefix(CG)?)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.local_name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = String::deserialize(d)?;
                Self::from_local_name(&name).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|t| t.local_name()).collect();
                    serde::de::Error::custom(format!(
                        "unknown {} {name:?}; expected one of {}",
                        stringify!($name).to_lowercase(),
                        known.join(", ")
                    ))
                })
            }
        }
    };
}

vocabulary! {
    /// The class of an entity.
    Kind {
        State = "State",
        Official = "Official",
        Agency = "Agency",
        Organization = "Organization",
        MilitaryUnit = "MilitaryUnit",
        MediaOutlet = "MediaOutlet",
        Person = "Person",
        Place = "Place",
    }
}

impl Kind {
    /// Whether entities of this kind can speak.
    pub fn is_actor(self) -> bool {
        self != Kind::Place
    }
}

vocabulary! {
    /// The attitude of a speaker to a proposition.
    Stance {
        Claims = "claims",
        Denies = "denies",
        Confirms = "confirms",
        CannotVerify = "cannotVerify",
        Warns = "warns",
        Condemns = "condemns",
        CallsFor = "callsFor",
        Other = "other",
    }
}

vocabulary! {
    /// How a figure is hedged.
    Qualifier {
        Exactly = "exactly",
        About = "about",
        UpTo = "upTo",
        AtLeast = "atLeast",
        MoreThan = "moreThan",
    }
}

vocabulary! {
    /// A relation property of the ontology: what a proposition or relation
    /// asserts between its subject and object.
    Predicate {
        SendsTroopsTo = "sendsTroopsTo",
        DeploysTo = "deploysTo",
        MovesToward = "movesToward",
        TrainsIn = "trainsIn",
        Trains = "trains",
        FightsFor = "fightsFor",
        KilledIn = "killedIn",
        InjuredIn = "injuredIn",
        SuppliesWeaponsTo = "suppliesWeaponsTo",
        TransfersTechnologyTo = "transfersTechnologyTo",
        Supports = "supports",
        CooperatesWith = "cooperatesWith",
        SignsPactWith = "signsPactWith",
        Threatens = "threatens",
        EscalatesWarIn = "escalatesWarIn",
        Violates = "violates",
        WithdrawsFrom = "withdrawsFrom",
        RespondsTo = "respondsTo",
        Monitors = "monitors",
        BenefitsFrom = "benefitsFrom",
        GainsExperienceIn = "gainsExperienceIn",
        HasMilitaryStrength = "hasMilitaryStrength",
        PartOf = "partOf",
        MemberOf = "memberOf",
        SpokespersonFor = "spokespersonFor",
        Leads = "leads",
        HoldsOfficeIn = "holdsOfficeIn",
        FormerlyServedIn = "formerlyServedIn",
        BasedIn = "basedIn",
        LocatedIn = "locatedIn",
        MeetsWith = "meetsWith",
        ConvenesMeeting = "convenesMeeting",
        Summons = "summons",
        Visits = "visits",
        Sanctions = "sanctions",
        AtWarWith = "atWarWith",
        Occupies = "occupies",
        RelatedTo = "relatedTo",
    }
}

impl Predicate {
    /// Events and ties a diagram draws between actors even without a
    /// statement: pacts, meetings, summons, visits, sanctions, wars,
    /// occupations, cooperation and arms supplies.
    pub fn is_event(self) -> bool {
        matches!(
            self,
            Predicate::SignsPactWith
                | Predicate::MeetsWith
                | Predicate::ConvenesMeeting
                | Predicate::Summons
                | Predicate::Visits
                | Predicate::Sanctions
                | Predicate::AtWarWith
                | Predicate::Occupies
                | Predicate::CooperatesWith
                | Predicate::SuppliesWeaponsTo
        )
    }

    /// Ties that hold both ways (`owl:SymmetricProperty` in the ontology):
    /// "A is at war with B" is "B is at war with A".
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Predicate::SignsPactWith
                | Predicate::MeetsWith
                | Predicate::AtWarWith
                | Predicate::CooperatesWith
        )
    }
}
