"""The derived graphs (relation summaries, entity records, counters) stay exactly what a
rebuild from scratch computes while documents are added, replaced and removed."""
import json
import shutil

from bilateral_kg.cli import main
from bilateral_kg.graph import summaries
from bilateral_kg.graph.search import search_entities
from bilateral_kg.graph.store import KnowledgeGraph

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

_FIRST = ("Kenya and Tanzania signed a trade agreement in Nairobi on 3 March 2025. "
          "Kenya condemned the attack on Sudan.\n")
_CHANGED = ("Kenya and Tanzania signed a trade agreement in Nairobi on 3 March 2025. "
            "Tanzania praised Kenya for its support.\n")
_SECOND = "Ghana supports the Global Development Initiative, President Mahama said on Monday.\n"


def _run(runner, *args, ok=True):
    result = runner.invoke(main, [str(a) for a in args])
    assert (result.exit_code == 0) == ok, result.output
    return result


def _state(store):
    """What the derived graphs hold, the counters and a search; then the same in a copy of
    the store rebuilt from scratch (the store itself goes on being kept incrementally)."""
    copy = store.with_name(store.name + "-rebuilt")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    with KnowledgeGraph(store, read_only=True) as kg:
        kept = (summaries.derived_quads(kg.backend), kg.stats(), search_entities(kg, "ken"))
    with KnowledgeGraph(copy) as kg:
        kg.rebuild_summaries()
        rebuilt = (summaries.derived_quads(kg.backend), kg.stats(), search_entities(kg, "ken"))
    return kept, rebuilt


def test_summaries_stay_equal_to_a_rebuild(runner, tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(SEEDS, texts)
    (texts / "kenya.txt").write_text(_FIRST, encoding="utf-8")
    (texts / "ghana.txt").write_text(_SECOND, encoding="utf-8")
    store = tmp_path / "store"
    _run(runner, "ingest", texts, "--store", store, "--quiet")
    kept, rebuilt = _state(store)
    assert kept == rebuilt and kept[1]["documents"] == 4 and kept[0]

    (texts / "kenya.txt").write_text(_CHANGED, encoding="utf-8")
    _run(runner, "ingest", texts, "--store", store, "--quiet")
    kept, rebuilt = _state(store)
    assert kept == rebuilt
    assert "praises" in kept[1]["by_relation"]

    assert "1 document removed" in _run(runner, "remove", "ghana", "--store", store).output
    kept, rebuilt = _state(store)
    assert kept == rebuilt and kept[1]["documents"] == 3

    _run(runner, "ingest", texts, "--store", store, "--quiet")
    kept, rebuilt = _state(store)
    assert kept == rebuilt and kept[1]["documents"] == 4

    # A new document stating relations already summarised: merged into the stored nodes.
    (texts / "again.txt").write_text(_FIRST + _SECOND, encoding="utf-8")
    _run(runner, "ingest", texts, "--store", store, "--quiet")
    kept, rebuilt = _state(store)
    assert kept == rebuilt and kept[1]["documents"] == 5
    assert any(p.endswith("#documents") and o == "2" for _, p, o, g in kept[0]
               if g == summaries.SUMMARIES_GRAPH)


def test_removing_every_document_leaves_empty_counts(runner, seed_store_copy):
    with KnowledgeGraph(seed_store_copy) as kg:
        for doc_id in kg.documents():
            assert kg.remove(doc_id)
        assert kg.stats() == summaries.empty_counts()
        derived = [q for q in summaries.derived_quads(kg.backend) if q[3] is not None]
        assert derived == [q for q in derived if q[0] == summaries.COUNTS_NODE]
        # The default graph is back to the merge of the KB and the ontology, nothing else
        merged = {q[:3] for q in kg.backend.default_graph_quads()}
        kb = {q[:3] for g in ("kb", "ontology")
              for q in kg.quads(None, None, None, summaries.GRAPH_BASE + g)}
        assert merged == kb


def test_remove_names_an_unknown_document(runner, seed_store_copy):
    result = _run(runner, "remove", "nothing-here", "--store", seed_store_copy, ok=False)
    assert "no document with the id nothing-here" in result.output


def test_a_store_without_summaries_is_upgraded_on_open(seed_store_copy):
    with KnowledgeGraph(seed_store_copy) as kg:
        expected = summaries.derived_quads(kg.backend)
        kg.backend.update(f"DROP GRAPH <{summaries.SUMMARIES_GRAPH}> ; "
                          f"DROP GRAPH <{summaries.ENTITIES_GRAPH}>")
        assert summaries.read_counts(kg.backend) is None
    with KnowledgeGraph(seed_store_copy, read_only=True) as kg:
        assert kg.stats()["documents"] == 2   # computed, since it cannot be written
    with KnowledgeGraph(seed_store_copy) as kg:
        assert summaries.derived_quads(kg.backend) == expected


def test_stats_json_is_read_from_the_counters(runner, seed_store):
    counts = json.loads(_run(runner, "stats", "--json", "--store", seed_store).output)
    with KnowledgeGraph(seed_store, read_only=True) as kg:
        assert counts == summaries.compute(kg.backend)[2]


def test_stats_rebuild_gives_the_same_counts(runner, seed_store_copy):
    before = json.loads(_run(runner, "stats", "--json", "--store", seed_store_copy).output)
    after = _run(runner, "stats", "--json", "--rebuild", "--store", seed_store_copy).output
    assert json.loads(after) == before and before["documents"] == 2
