"""SHACL shapes: the extracted graph of the seeds conforms; malformed graphs do not."""
import pytest
import rdflib
from pyshacl import validate
from rdflib import RDF, RDFS, Literal

from bilateral_kg.graph.rdf import extraction_to_graph
from bilateral_kg.ontology.vocab import BKG, ID, ontology_path
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def shapes():
    return rdflib.Graph().parse(str(ontology_path("shapes.ttl")))


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(str(ontology_path("bkg.ttl")))


def _conforms(graph, shapes, ontology):
    conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    return conforms, text


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_extractions_conform(extract, shapes, ontology, seed):
    extraction = extract((SEEDS / seed).read_text(encoding="utf-8"), seed[:-4])
    assert extraction.relations
    conforms, text = _conforms(extraction_to_graph(extraction), shapes, ontology)
    assert conforms, text


def test_relation_without_evidence_is_reported(extract, shapes, ontology):
    graph = extraction_to_graph(extract("Kenya condemned Sudan."))
    graph.add((ID["country/KEN"], BKG.supports, ID["country/UGA"]))
    graph.add((ID["country/UGA"], RDF.type, BKG.Country))
    conforms, text = _conforms(graph, shapes, ontology)
    assert not conforms
    assert "without evidence" in text


def test_relation_between_wrong_classes_is_reported(extract, shapes, ontology):
    graph = extraction_to_graph(extract("Kenya condemned Sudan."))
    graph.add((ID["country/KEN"], BKG.builds, ID["country/SDN"]))
    conforms, text = _conforms(graph, shapes, ontology)
    assert not conforms


def test_untyped_entity_is_reported(shapes, ontology):
    graph = rdflib.Graph()
    graph.add((ID["thing/x"], BKG.mentionedIn, rdflib.URIRef("https://w3id.org/bilateral-kg/doc/d")))
    graph.add((ID["thing/x"], RDFS.label, Literal("x")))
    conforms, _ = _conforms(graph, shapes, ontology)
    assert not conforms


def test_extractor_relation_types_agree_with_the_shapes(shapes):
    from bilateral_kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for relation, (subjects, objects) in lex.relation_types.items():
        shape = rdflib.URIRef("https://w3id.org/bilateral-kg/shapes#" + relation[0].upper() + relation[1:] + "Shape")
        listed = {str(o).split("#")[1] for alt in shapes.objects(shape, sh["or"])
                  for node in rdflib.collection.Collection(shapes, alt)
                  for o in shapes.objects(node, sh["class"])}
        assert listed == set(subjects), relation
