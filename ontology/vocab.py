"""The bilateral-kg vocabulary as Python names.

Every term of ``bkg.ttl`` is an attribute of :class:`BKG`; ``tests/ontology/test_vocab.py``
fails when the two drift apart, and a misspelt term raises at import time of the caller:

>>> BKG.supports
rdflib.term.URIRef('https://w3id.org/bilateral-kg/ontology#supports')
>>> BKG.suports
Traceback (most recent call last):
...
AttributeError: term 'suports' not in namespace 'https://w3id.org/bilateral-kg/ontology#'
"""
import difflib
import re
from importlib import resources

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/bilateral-kg/ontology"
ENTITY_BASE = "https://w3id.org/bilateral-kg/id/"
DOCUMENT_BASE = "https://w3id.org/bilateral-kg/doc/"

#: Instances (countries, people, projects...) live under this namespace.
ID = Namespace(ENTITY_BASE)
#: Source documents, and their named graphs, live under this namespace.
DOC = Namespace(DOCUMENT_BASE)
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")


class BKG(DefinedNamespace):
    """Classes and properties of ``ontology/bkg.ttl``."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    QuadClass: URIRef
    VerbalCooperation: URIRef
    MaterialCooperation: URIRef
    VerbalConflict: URIRef
    MaterialConflict: URIRef
    Entity: URIRef
    Actor: URIRef
    Country: URIRef
    Person: URIRef
    Organization: URIRef
    Policy: URIRef
    Project: URIRef
    Agreement: URIRef
    Place: URIRef
    Region: URIRef
    Event: URIRef
    Group: URIRef
    Document: URIRef
    Evidence: URIRef
    Modality: URIRef
    Factual: URIRef
    Planned: URIRef

    # core relations
    supports: URIRef
    opposes: URIRef
    praises: URIRef
    proposes: URIRef
    visits: URIRef
    meetsWith: URIRef
    cooperatesWith: URIRef
    signs: URIRef
    builds: URIRef
    funds: URIRef
    providesAid: URIRef
    sanctions: URIRef
    officialOf: URIRef
    memberOf: URIRef
    locatedIn: URIRef

    # finer relations
    condemns: URIRef
    accuses: URIRef
    rejects: URIRef
    recognizes: URIRef
    investsIn: URIRef
    lendsTo: URIRef
    donatesTo: URIRef
    imposesTariffsOn: URIRef
    holdsTalksWith: URIRef

    # evidence and provenance
    evidence: URIRef
    document: URIRef
    sentence: URIRef
    startChar: URIRef
    endChar: URIRef
    confidence: URIRef
    modality: URIRef
    cue: URIRef
    rule: URIRef
    extractorVersion: URIRef
    eventDate: URIRef
    datePrecision: URIRef
    dateFromDocument: URIRef
    mentionedIn: URIRef
    sourcePath: URIRef
    contentHash: URIRef

    # knowledge-base attributes
    iso3: URIRef
    iso2: URIRef
    cowCode: URIRef
    cowLetter: URIRef
    demonym: URIRef
    capital: URIRef
    governmentForm: URIRef
    feature: URIRef
    subregion: URIRef
    acronym: URIRef
    partOf: URIRef
    hasMember: URIRef
    proposedBy: URIRef

    # annotations
    cameoCode: URIRef
    quadClass: URIRef
    goldsteinWeight: URIRef
    cameoLabel: URIRef
    ploverCategory: URIRef
    wikidataProperty: URIRef


#: The fifteen relations of the shared gold vocabulary, by local name.
CORE_RELATIONS = (
    "supports", "opposes", "praises", "proposes", "visits", "meetsWith", "cooperatesWith",
    "signs", "builds", "funds", "providesAid", "sanctions", "officialOf", "memberOf", "locatedIn",
)
#: Relations whose direction carries no meaning.
SYMMETRIC_RELATIONS = frozenset({"meetsWith", "cooperatesWith", "holdsTalksWith"})
#: Finer relations and the core relation each refines.
FINER_RELATIONS = {
    "condemns": "opposes", "accuses": "opposes", "rejects": "opposes",
    "recognizes": "supports", "investsIn": "funds", "lendsTo": "funds",
    "donatesTo": "providesAid", "imposesTariffsOn": "sanctions", "holdsTalksWith": "meetsWith",
}
#: The entity classes an extracted entity can have, by local name.
ENTITY_CLASSES = (
    "Country", "Person", "Organization", "Policy", "Project", "Agreement", "Place", "Event",
)


def core_relation(name):
    """Return the core relation that relation ``name`` is, or refines.

    >>> core_relation("condemns")
    'opposes'
    >>> core_relation("builds")
    'builds'
    """
    if name in CORE_RELATIONS:
        return name
    return FINER_RELATIONS[name]


def ontology_path(filename="bkg.ttl"):
    """Path of a file shipped in the ontology package (``bkg.ttl``, ``shapes.ttl``, ``kb.ttl``)."""
    return resources.files("bilateral_kg.ontology").joinpath(filename)


def vocabulary_terms():
    """Local names of every term of the vocabulary.

    >>> "supports" in vocabulary_terms() and "Country" in vocabulary_terms()
    True
    """
    return frozenset(name for name in BKG.__annotations__ if not name.startswith("_"))


def unknown_terms(sparql):
    """``(term, nearest known term or None)`` for each ``bkg:`` term of a query not in the vocabulary.

    >>> unknown_terms("SELECT ?s WHERE { ?s bkg:suports policy:GDI ; a bkg:Country }")
    [('suports', 'supports')]
    """
    known = vocabulary_terms()
    namespace = re.escape(str(BKG._NS))
    used = re.findall(r"(?<![\w:])bkg:([A-Za-z_][\w-]*)|<" + namespace + r"([^>]*)>", sparql)
    out = []
    for short, full in used:
        term = short or full
        if term and term not in known and term not in (t for t, _ in out):
            near = difflib.get_close_matches(term, sorted(known), n=1, cutoff=0.6)
            out.append((term, near[0] if near else None))
    return out
