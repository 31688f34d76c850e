"""The store: one graph per document, atomic replacement, evidence reachable in SPARQL."""
import pyoxigraph as ox
import rdflib

from bilateral_kg.extract.model import DocumentExtraction, Entity, Evidence, Relation
from bilateral_kg.graph.rdf import extraction_to_graph, to_turtle
from bilateral_kg.graph.store import KnowledgeGraph, resolve_store_path

ODD_NAMES = [
    'The "Friendship" Bridge', "<img src=x onerror=alert(1)>", "Ōsaka–Kōbe Rail Link",
    "Пакт о дружбе", "中国-莱索托 Hospital", "O'Brien & Sons > Co", "back\\slash {brace}",
    "", "   ", "#hash?query=1",
]


def _extraction(doc_id, names, text="Some text.", content_hash="h"):
    entities = {"country/CHN": Entity("country/CHN", "China", "Country", True, "Q148", {"China"})}
    relations = []
    for i, name in enumerate(names):
        from bilateral_kg.ontology.kb import slugify

        key = f"project/{slugify(name)}-{i}"
        entities[key] = Entity(key, name, "Project", names={name})
        relations.append(Relation("country/CHN", "builds", key, [
            Evidence(doc_id, f"China built {name}.", 0, 10, "built", "verb:build", 0.9)]))
    return DocumentExtraction(doc_id=doc_id, text=text, content_hash=content_hash,
                              entities=entities, relations=relations, extractor_version="t")


def test_odd_names_give_valid_iris_and_turtle_that_parses():
    graph = extraction_to_graph(_extraction("odd", ODD_NAMES))
    turtle = to_turtle(graph)
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    labels = {str(o) for o in parsed.objects(None, rdflib.RDFS.label)}
    for name in ODD_NAMES:
        assert name in labels
    oxi = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(oxi) == len(parsed)
    for s in parsed.subjects():
        assert " " not in str(s) and "<" not in str(s) and '"' not in str(s)


def test_odd_names_round_trip_through_the_store(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    kg.ingest(_extraction("odd", ODD_NAMES))
    names, rows = kg.select("SELECT ?label WHERE { country:CHN bkg:builds ?p . ?p rdfs:label ?label }")
    assert sorted(r[0] for r in rows) == sorted(ODD_NAMES)


def test_reingesting_the_same_text_changes_nothing(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    assert kg.ingest(_extraction("d", ["A Bridge"])).status == "added"
    before = sorted(map(str, kg.quads()))
    assert kg.ingest(_extraction("d", ["A Bridge"])).status == "unchanged"
    assert sorted(map(str, kg.quads())) == before


def test_a_changed_text_replaces_what_the_document_said(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    kg.ingest(_extraction("d", ["Old Bridge"], content_hash="1"))
    kg.ingest(_extraction("other", ["Other Dam"], content_hash="1"))
    assert kg.ingest(_extraction("d", ["New Road"], content_hash="2")).status == "replaced"
    _, rows = kg.select("SELECT ?l WHERE { ?s bkg:builds ?p . ?p rdfs:label ?l } ORDER BY ?l")
    assert [r[0] for r in rows] == ["New Road", "Other Dam"]


def test_store_persists_across_opens(tmp_path):
    path = tmp_path / "kg"
    with KnowledgeGraph(path) as kg:
        kg.ingest(_extraction("d", ["A Bridge"]))
    with KnowledgeGraph(path, read_only=True) as kg:
        assert kg.documents() == ["d"]
        assert kg.ask("ASK { ?s bkg:builds ?o }")


def test_evidence_is_reachable_from_the_plain_triple(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    kg.ingest(_extraction("d", ["A Bridge"]))
    _, rows = kg.select("""
        SELECT ?sentence ?doc ?conf WHERE {
          ?s bkg:builds ?o .
          ?e rdf:subject ?s ; rdf:predicate bkg:builds ; rdf:object ?o ;
             bkg:sentence ?sentence ; bkg:document ?doc ; bkg:confidence ?conf .
        }""")
    assert rows == [["China built A Bridge.", "https://w3id.org/bilateral-kg/doc/d", "0.9"]]


def test_knowledge_base_is_loaded_once_and_queryable(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    assert kg.ask("ASK { country:LSO bkg:capital ?c . ?c rdfs:label 'Maseru' }")
    assert kg.ensure_kb() is False


def test_min_confidence_filter_keeps_the_sure_relations(tmp_path):
    kg = KnowledgeGraph(tmp_path / "kg")
    extraction = _extraction("d", ["Sure Bridge", "Unsure Dam"])
    extraction.relations[1].evidence[0].confidence = 0.4
    kg.ingest(extraction)
    _, rows = kg.select("SELECT ?l WHERE { ?s bkg:builds ?p . ?p rdfs:label ?l }", min_confidence=0.5)
    assert [r[0] for r in rows] == ["Sure Bridge"]


def test_confidence_filter_on_store_terms_is_the_filter_on_text(seed_store):
    """The filter's fast test of the store's own terms leaves out exactly what it does."""
    import io

    kg = KnowledgeGraph(seed_store, read_only=True)
    for threshold in (0.5, 0.8, 0.9):
        keep = kg.confidence_filter(threshold)
        dumps = []
        for test in (keep.keep, keep):  # a plain function, and the filter with quad_test
            buffer = io.BytesIO()
            kg.backend.dump(buffer, "application/n-quads", keep=test)
            dumps.append(sorted(buffer.getvalue().splitlines()))
        assert dumps[0] == dumps[1] and len(dumps[0]) < len(kg)


def test_store_location_precedence(monkeypatch):
    monkeypatch.delenv("BKG_STORE", raising=False)
    assert resolve_store_path(None) == "bkg-store"
    monkeypatch.setenv("BKG_STORE", "/data/kg")
    assert resolve_store_path(None) == "/data/kg"
    assert resolve_store_path("here") == "here"


def test_notebook_hand_off_keeps_the_cli_filters(seed_store):
    kg = KnowledgeGraph(seed_store, read_only=True)
    net = kg.to_networkx(focus="Lesotho", depth=1)
    assert "https://w3id.org/bilateral-kg/id/country/LSO" in net
    assert kg.to_networkx(min_confidence=0.99).number_of_edges() < kg.to_networkx().number_of_edges()
    frame = kg.to_dataframe("SELECT ?o WHERE { country:LSO bkg:supports ?o }")
    assert list(frame.columns) == ["o"] and "https://w3id.org/bilateral-kg/id/policy/GDI" in set(frame["o"])
