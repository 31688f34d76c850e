"""Turn one document's extraction into RDF.

Each relation becomes a direct triple (``id:country/LSO bkg:supports id:policy/GDI``) and,
for each sentence that states it, a :class:`bkg:Evidence` node that reifies the triple
(``rdf:subject``, ``rdf:predicate``, ``rdf:object``) and says where it was read.
"""
from __future__ import annotations

import hashlib

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS

from bilateral_kg.ontology.kb import KEY_PREFIX
from bilateral_kg.ontology.vocab import BKG, DOC, ID, PROV, WD, core_relation

#: Prefixes predeclared in queries and used in Turtle output. Each kind of entity has its
#: own (``country:LSO``, ``policy:GDI``, ``person:wang-yi``), since SPARQL prefixed names
#: cannot hold the slash of ``id:country/LSO``.
PREFIXES = {
    "bkg": str(BKG._NS), "id": str(ID), "doc": str(DOC), "rdf": str(RDF), "rdfs": str(RDFS),
    "owl": str(OWL), "skos": str(SKOS), "xsd": str(XSD), "prov": str(PROV), "wd": str(WD),
    "dct": str(DCTERMS),
    **{kind: f"{ID}{kind}/" for kind in sorted(set(KEY_PREFIX.values()))},
    "group": f"{ID}group/",
}


def entity_iri(key):
    """The IRI of an entity key.

    >>> entity_iri("country/LSO")
    rdflib.term.URIRef('https://w3id.org/bilateral-kg/id/country/LSO')
    """
    return ID[key]


def document_iri(doc_id):
    """The IRI of a document, which is also the name of the graph holding what it says.

    >>> document_iri("004_3da303880bc4fff3")
    rdflib.term.URIRef('https://w3id.org/bilateral-kg/doc/004_3da303880bc4fff3')
    """
    return DOC[doc_id]


def class_iris(type_name):
    """Classes to assert for an entity type: regions are places too, so plain queries find them.

    >>> [str(c).split('#')[1] for c in class_iris("Region")]
    ['Region', 'Place']
    """
    if type_name == "Region":
        return [BKG.Region, BKG.Place]
    return [BKG[type_name]]


def new_graph():
    graph = Graph(bind_namespaces="none")  # rdflib's own "org:" would clash with ours
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _evidence_iri(doc_id, relation, evidence):
    digest = hashlib.sha1(
        f"{relation.subject}|{relation.predicate}|{relation.object}|{evidence.start}|{evidence.rule}"
        .encode()
    ).hexdigest()[:16]
    return DOC[f"{doc_id}/evidence/{digest}"]


def extraction_to_graph(extraction):
    """An rdflib :class:`~rdflib.Graph` of everything one document says.

    Parameters
    ----------
    extraction : bilateral_kg.extract.model.DocumentExtraction

    Returns
    -------
    rdflib.Graph
        Document metadata, the entities it names, the relations as direct triples and one
        evidence node per reading (see :func:`document_triples`).
    """
    graph = new_graph()
    for triple in document_triples(extraction):
        graph.add(triple)
    return graph


def document_triples(extraction):
    """The triples of one document's graph, as rdflib terms, each once."""
    seen = set()
    for triple in _document_triples(extraction):
        if triple not in seen:
            seen.add(triple)
            yield triple


def _literal_maker():
    """``Literal(value, datatype=...)``, each value made once: a document's evidence nodes
    repeat their sentence, cue, rule, dates and the extractor version, and rdflib's
    constructor is the most of what building the graph costs."""
    made = {}

    def literal(value, datatype=None):
        key = (type(value), value, datatype)  # True == 1, but they are different literals
        term = made.get(key)
        if term is None:
            term = made[key] = Literal(value, datatype=datatype)
        return term

    return literal


def _document_triples(extraction):
    doc = document_iri(extraction.doc_id)
    literal = _literal_maker()
    yield doc, RDF.type, BKG.Document
    if extraction.title:
        yield doc, DCTERMS.title, Literal(extraction.title)
    if extraction.date:
        yield doc, DCTERMS.date, Literal(extraction.date, datatype=XSD.date)
    if extraction.source_path:
        yield doc, BKG.sourcePath, Literal(extraction.source_path)
    if extraction.content_hash:
        yield doc, BKG.contentHash, Literal(extraction.content_hash)
    yield doc, BKG.extractorVersion, Literal(extraction.extractor_version)
    for entity in extraction.entities.values():
        yield from _entity_triples(entity, doc)
    for relation in extraction.relations:
        yield from _relation_triples(relation, extraction, doc, literal)


def _entity_triples(entity, doc):
    node = entity_iri(entity.key)
    for cls in class_iris(entity.type):
        yield node, RDF.type, cls
    yield node, RDFS.label, Literal(entity.label)
    for name in sorted((entity.names | entity.aliases) - {entity.label}):
        yield node, SKOS.altLabel, Literal(name)
    if entity.wikidata:
        yield node, OWL.sameAs, WD[entity.wikidata]
    yield node, BKG.mentionedIn, doc


def _relation_triples(relation, extraction, doc, literal):
    subject, obj = entity_iri(relation.subject), entity_iri(relation.object)
    predicate = BKG[relation.predicate]
    yield subject, predicate, obj
    core = core_relation(relation.predicate)
    if core != relation.predicate:
        yield subject, BKG[core], obj
    for evidence in relation.evidence:
        node = _evidence_iri(extraction.doc_id, relation, evidence)
        yield node, RDF.type, BKG.Evidence
        yield node, RDF.subject, subject
        yield node, RDF.predicate, predicate
        yield node, RDF.object, obj
        yield node, BKG.document, doc
        yield node, BKG.sentence, literal(evidence.sentence)
        yield node, BKG.startChar, literal(evidence.start)
        yield node, BKG.endChar, literal(evidence.end)
        yield node, BKG.confidence, literal(f"{evidence.confidence:.2f}", datatype=XSD.decimal)
        yield node, BKG.modality, BKG.Planned if evidence.modality == "planned" else BKG.Factual
        yield node, BKG.cue, literal(evidence.cue)
        yield node, BKG.rule, literal(evidence.rule)
        if getattr(evidence, "date", None):
            yield node, BKG.eventDate, literal(evidence.date, datatype=XSD.date)
            yield node, BKG.datePrecision, literal(evidence.date_precision)
            if evidence.date_from_document:
                yield node, BKG.dateFromDocument, literal(True)
        yield node, BKG.extractorVersion, literal(extraction.extractor_version)
        yield subject, BKG.evidence, node
        yield obj, BKG.evidence, node


def to_turtle(graph):
    """Serialise a graph as Turtle text with the project's prefixes."""
    return graph.serialize(format="turtle")
