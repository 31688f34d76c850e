"""The Python vocabulary and the ontology file agree, and the ontology says what it must."""
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS

from bilateral_kg.ontology.vocab import (
    BKG, CORE_RELATIONS, ENTITY_CLASSES, FINER_RELATIONS, SYMMETRIC_RELATIONS, ontology_path,
)


@pytest.fixture(scope="module")
def onto():
    return rdflib.Graph().parse(str(ontology_path("bkg.ttl")))


def test_every_ontology_term_is_in_the_namespace_class_and_back(onto):
    ns = str(BKG._NS)
    in_file = {str(t)[len(ns):] for t in onto.all_nodes()
               if isinstance(t, rdflib.URIRef) and str(t).startswith(ns)}
    in_class = set(BKG.__annotations__)
    assert in_file == in_class


def test_a_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        BKG.suports  # noqa: B018


@pytest.mark.parametrize("name", CORE_RELATIONS)
def test_core_relation_is_documented(onto, name):
    term = BKG[name]
    assert (term, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(term, RDFS.label) is not None
    assert onto.value(term, SKOS.definition) is not None
    assert onto.value(term, RDFS.domain) is not None
    assert onto.value(term, RDFS.range) is not None
    assert onto.value(term, BKG.cameoCode) is not None
    assert onto.value(term, BKG.ploverCategory) is not None


def test_symmetric_relations_are_declared_symmetric(onto):
    declared = {str(s).split("#")[1] for s in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert declared == set(SYMMETRIC_RELATIONS)


@pytest.mark.parametrize("finer,core", sorted(FINER_RELATIONS.items()))
def test_finer_relations_refine_a_core_one(onto, finer, core):
    assert (BKG[finer], RDFS.subPropertyOf, BKG[core]) in onto


@pytest.mark.parametrize("name", ENTITY_CLASSES)
def test_entity_classes_exist(onto, name):
    assert (BKG[name], RDF.type, OWL.Class) in onto
