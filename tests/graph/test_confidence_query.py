"""``--min-confidence`` on queries: the query rewritten, never the store copied.

The oracle is what the rule means, computed the slow way: the store dumped through the
export's :class:`~bilateral_kg.graph.confidence.ConfidenceFilter` into a store of its own
(what ``bkg query --min-confidence`` used to do), the query asked there unfiltered.
"""
from __future__ import annotations

import io

import pytest

from bilateral_kg.cli import main
from bilateral_kg.graph import summaries
from bilateral_kg.graph.backends import OxigraphStore
from bilateral_kg.graph.confidence_query import ConfidenceQueryError, tokenize
from bilateral_kg.graph.examples import example_queries
from bilateral_kg.graph.store import KnowledgeGraph

TSV = {"select": "text/tab-separated-values", "ask": "text/tab-separated-values",
       "graph": "application/n-triples"}

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s ?o WHERE { ?s bkg:opposes ?o }",
    "SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s bkg:condemns ?o } }",
    "SELECT ?p ?c WHERE { ?p bkg:officialOf ?c }",
    "SELECT ?g ?p ?c WHERE { GRAPH ?g { ?p bkg:officialOf ?c } }",
    "SELECT ?e ?c WHERE { ?e a bkg:Evidence ; bkg:confidence ?c }",
    "SELECT ?e ?c ?s WHERE { GRAPH ?g { ?e bkg:confidence ?c ; rdf:subject ?s } }",
    "SELECT ?x ?e WHERE { ?x bkg:evidence ?e }",
    "SELECT ?x ?y WHERE { ?x ?p ?y FILTER NOT EXISTS { ?x bkg:supports ?y } }",
    "SELECT ?a ?b ?c WHERE { ?a bkg:meetsWith ?b OPTIONAL { ?a bkg:officialOf ?c } }",
    "SELECT ?a ?b WHERE { { ?a bkg:visits ?b } UNION { ?a bkg:signs ?b . } }",
    "SELECT ?a ?n WHERE { { SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a bkg:signs ?b } GROUP BY ?a } }",
    "SELECT ?a ?b WHERE { ?a bkg:signs ?b MINUS { ?a bkg:visits ?b } }",
    "SELECT ?n ?c WHERE { GRAPH <https://w3id.org/bilateral-kg/graph/summaries> "
    "{ ?n <https://w3id.org/bilateral-kg/summary#bestConfidence> ?c } }",
    "ASK { ?a bkg:opposes policy:GDI }",
    "CONSTRUCT { ?a bkg:supports ?b } WHERE { ?a bkg:supports ?b ; rdfs:label 'x', ?l }",
    "CONSTRUCT WHERE { ?a bkg:opposes ?b . ?b rdfs:label ?l }",
    "PREFIX b: <https://w3id.org/bilateral-kg/ontology#> SELECT ?a ?b # a comment: { ?x }\n"
    "WHERE { ?a b:sanctions ?b ; rdfs:label ?l FILTER(?l != \"}\") }",
]


def copied_filter(kg, threshold):
    """The store without the readings below ``threshold``, copied: the oracle."""
    copy, buffer = OxigraphStore(None), io.BytesIO()
    kg.backend.dump(buffer, "application/n-quads", keep=kg.confidence_filter(threshold))
    copy.load_bytes(buffer.getvalue(), "nquads")
    summaries.rebuild_merged(copy)
    return KnowledgeGraph(copy)


def answer(kg, query, min_confidence=None):
    return sorted(kg.write_results(query, TSV, min_confidence=min_confidence).body.splitlines())


def shipped_examples():
    return [example.render().replace("SAMPLE(", "MIN(")  # SAMPLE may pick any of its values
            for example in example_queries().values()]


@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.9])
def test_rewritten_queries_answer_as_the_filtered_copy(corpus_kg, threshold):
    reference = copied_filter(corpus_kg, threshold)
    for query in QUERIES:
        assert answer(corpus_kg, query, threshold) == answer(reference, query), query


def test_the_examples_and_the_seeds_answer_as_the_filtered_copy(seed_store):
    kg = KnowledgeGraph(seed_store, read_only=True)
    queries = shipped_examples() + QUERIES
    assert len(queries) > len(QUERIES) + 5
    for threshold in (0.8, 0.95):
        reference = copied_filter(kg, threshold)
        for query in queries:
            assert answer(kg, query, threshold) == answer(reference, query), query


def test_the_filter_leaves_out_what_is_weak_and_keeps_the_rest(corpus_kg):
    def opposed(threshold):
        rows = corpus_kg.select("SELECT ?o WHERE { country:USA bkg:opposes ?o }",
                                min_confidence=threshold)[1]
        return sorted(str(o).rsplit("/", 1)[-1] for o, in rows)

    assert opposed(None) == ["CHN", "GDI"]  # condemns China at 0.6, rejects the GDI at 0.4
    assert opposed(0.5) == ["CHN"]
    assert opposed(0.7) == []


def test_knowledge_base_relations_are_not_readings(corpus_kg):
    """The KB's office holders have no evidence: no threshold hides them."""
    query = "SELECT ?c WHERE { GRAPH <https://w3id.org/bilateral-kg/graph/kb> { ?p bkg:officialOf ?c } } LIMIT 1"
    assert len(answer(corpus_kg, query, 0.99)) == 2
    assert corpus_kg.ask("ASK { ?p bkg:officialOf country:USA }", min_confidence=0.99)


@pytest.mark.parametrize("query, says", [
    ("DESCRIBE country:USA", "DESCRIBE"),
    ("SELECT ?a WHERE { ?a bkg:supports|bkg:opposes ?b }", "property path"),
    ("SELECT ?b WHERE { [] bkg:signs ?b }", "blank node"),
    ("SELECT ?s WHERE { [ a bkg:Evidence ; rdf:subject ?s ] }", "blank node"),
    ("SELECT ?a WHERE { ?a nope:x ?b }", "unknown prefix 'nope'"),
])
def test_a_query_it_cannot_judge_is_refused_not_answered_unfiltered(runner, seed_store, query, says):
    result = runner.invoke(main, ["query", query, "--store", str(seed_store),
                                  "--min-confidence", "0.8"])
    assert result.exit_code == 1 and says in result.output, result.output
    assert "Traceback" not in result.output


def test_paths_and_blank_nodes_that_need_no_filter_still_run(corpus_kg):
    query = "SELECT ?l WHERE { [] rdfs:label|skos:altLabel ?l }"
    assert answer(corpus_kg, query, 0.8) == answer(copied_filter(corpus_kg, 0.8), query)


def test_cli_filter_matches_the_library(runner, seed_store):
    query = "SELECT ?s ?o WHERE { ?s bkg:officialOf ?o } ORDER BY ?s ?o"
    kg = KnowledgeGraph(seed_store, read_only=True)
    expected = kg.select(query, min_confidence=0.95)[1]
    result = runner.invoke(main, ["query", query, "--store", str(seed_store), "--format", "csv",
                                  "--min-confidence", "0.95"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == len(expected) + 1


def test_tokens_keep_strings_iris_and_comments_apart():
    tokens = tokenize('SELECT * { ?s rdfs:label "a } # b" . <http://x/#y> ?p 1.5 } # { ?x }')
    assert [t.text for t in tokens] == ["SELECT", "*", "{", "?s", "rdfs:label", '"a } # b"', ".",
                                        "<http://x/#y>", "?p", "1.5", "}"]
    with pytest.raises(ConfidenceQueryError, match="could not read"):
        tokenize("SELECT ?s { ?s ` }")
    with pytest.raises(ConfidenceQueryError, match="could not read|not closed"):
        KnowledgeGraph.confident_query("SELECT ?s { ?s bkg:supports", 0.8)
