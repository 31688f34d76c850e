"""The SPARQL page and the explorer's view state in a real headless Chromium.

The fixtures and person-like helpers are those of test_browser.py.
"""
from __future__ import annotations

import os
import urllib.parse
import urllib.request

import pytest

from test_browser import CHROMIUM, ID, browser, search_and_pick, server, sync_api, visible_counts, watch  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing"),
]

COUNTRIES = ("SELECT ?country ?n WHERE { ?country a bkg:Country . "
             "{ SELECT ?country (COUNT(?e) AS ?n) WHERE { ?e bkg:document ?d . ?e rdf:subject ?country } "
             "GROUP BY ?country } }")


def open_query(watch, server, query=None):
    url = server.url + "query" + ("?" + urllib.parse.urlencode({"query": query}) if query else "")
    return watch.open(url)


def type_query(page, text):
    """Replace the editor's text by typing, as a person does (completion popups closed)."""
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def test_editor_highlights_and_completes_the_vocabulary(watch, server):
    page = open_query(watch, server)
    sync_api.expect(page.locator(".cm-content .tok-keyword").first).to_be_visible()
    assert page.locator(".cm-content .tok-keyword", has_text="SELECT").count() >= 1
    type_query(page, "SELECT ?x WHERE { ?x ")
    page.keyboard.type("bkg:sup")
    option = page.locator(".cm-tooltip-autocomplete li", has_text="bkg:supports")
    option.wait_for()
    page.keyboard.press("Enter")
    sync_api.expect(page.locator(".cm-content")).to_contain_text("?x bkg:supports")
    page.keyboard.type(" ?y }")
    page.keyboard.press("Control+Enter")
    sync_api.expect(page.locator("#bkg-query-status")).to_contain_text("row")
    # The prefix itself is offered too.
    type_query(page, "SELECT * { ?s ?p ?o . ?s a ")
    page.keyboard.type("sk")
    page.locator(".cm-tooltip-autocomplete li", has_text="skos:").wait_for()
    watch.check_clean()


def test_results_sort_by_number_and_download_as_csv_and_json(watch, server):
    page = open_query(watch, server, COUNTRIES)  # runs at once: the query is in the address
    table = page.locator("table.bkg-results")
    table.wait_for()
    numbers = table.locator("tbody td.bkg-number")
    assert numbers.count() >= 3
    assert "xsd:" not in table.inner_text()  # counts read as numbers, without a datatype tag

    table.locator('th button[title="Sort by n"]').click()
    values = [int(v) for v in numbers.all_inner_texts()]
    assert values == sorted(values) and len(set(values)) > 1
    table.locator('th button[title="Sort by n"]').click()
    values = [int(v) for v in numbers.all_inner_texts()]
    assert values == sorted(values, reverse=True)
    sync_api.expect(table.locator("th").nth(1)).to_have_attribute("aria-sort", "descending")

    href = page.locator("#bkg-download-csv").get_attribute("href")
    with urllib.request.urlopen(server.url.rstrip("/") + href) as answer:
        assert answer.headers["Content-Type"].startswith("text/csv")
        lines = answer.read().decode().splitlines()
    assert lines[0] == "country,n" and len(lines) == numbers.count() + 1
    href = page.locator("#bkg-download-json").get_attribute("href")
    with urllib.request.urlopen(server.url.rstrip("/") + href) as answer:
        assert "sparql-results+json" in answer.headers["Content-Type"]
    with page.expect_download() as download:
        page.click("#bkg-download-csv")
    assert download.value.suggested_filename == "results.csv"
    watch.check_clean()


def test_typed_numbers_read_plainly(watch, server):
    page = open_query(watch, server, "SELECT ?c WHERE { ?e bkg:confidence ?c } ORDER BY DESC(?c) LIMIT 1")
    cell = page.locator("table.bkg-results td.bkg-number")
    sync_api.expect(cell).to_have_text("0.95")  # the best confidence of the corpus
    page.goto(server.url + "query?" + urllib.parse.urlencode(
        {"query": "SELECT (0.9 AS ?c) (3 AS ?n) {}"}))
    sync_api.expect(page.locator("table.bkg-results td.bkg-number").first).to_have_text("0.90")
    sync_api.expect(page.locator("table.bkg-results td.bkg-number").nth(1)).to_have_text("3")
    assert page.locator("table.bkg-results .bkg-datatype").count() == 0
    watch.check_clean()


def test_query_in_the_address_round_trips(watch, server):
    page = open_query(watch, server)
    query = "SELECT ?label WHERE { ?x a bkg:Person ; rdfs:label ?label } ORDER BY ?label"
    type_query(page, query)
    page.click("#bkg-run")
    sync_api.expect(page.locator("#bkg-query-status")).to_contain_text("rows")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["query"] == [query]
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    sync_api.expect(page.locator(".cm-content")).to_have_text(query)
    sync_api.expect(page.locator("table.bkg-results")).to_contain_text("Wang Yi")
    watch.check_clean()


def test_query_page_works_without_scripts(browser, server):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url + "query")
        page.fill("#bkg-sparql", "SELECT ?x WHERE { ?x a bkg:Country } LIMIT 2")
        with page.expect_download() as download:
            page.click("#bkg-run")
        text = open(download.value.path(), encoding="utf-8").read()
        assert text.splitlines()[0] == "x" and len(text.splitlines()) == 3
    finally:
        context.close()


# -- the explorer: expanding, the address bar, the side panel, zoom and folds -----------------

def test_expand_after_search_brings_the_neighbours_in(watch, server):
    page = watch.open(server.url + "?" + urllib.parse.urlencode({"focus": ID + "person/wang-yi"}))
    search_and_pick(page, "Rubio", "Marco Rubio")  # not loaded: comes with its neighbours
    before = visible_counts(page)
    page.click("#bkg-expand")
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("Added")
    after = visible_counts(page)
    assert after[0] > before[0] and after[1] > before[1]
    assert page.evaluate(f"() => window.bkgApp.visibleNodes.has('{ID}policy/GDI')")  # two steps away
    watch.check_clean()


def test_address_keeps_focus_depth_and_filters_across_a_reload(watch, server):
    page = watch.open(server.url)
    search_and_pick(page, "Lesotho", "Lesotho")
    page.click("#bkg-expand")
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("Added")
    page.locator("#bkg-confidence").fill("0.8")
    page.locator("#bkg-relations label", has_text="supports").locator("input").uncheck()
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert state["focus"] == [ID + "country/LSO"] and state["confidence"] == ["0.80"]
    assert "supports" not in state["relations"][0] and "visits" in state["relations"][0]
    shown = visible_counts(page)

    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    sync_api.expect(page.locator("#bkg-panel h2")).to_contain_text("Lesotho")
    assert page.locator("#bkg-confidence").input_value() == "0.8"
    assert not page.locator("#bkg-relations label", has_text="supports").locator("input").is_checked()
    assert page.evaluate(f"() => window.bkgApp.network.getSelectedNodes()") == [ID + "country/LSO"]
    assert visible_counts(page)[1] <= shown[1]
    watch.check_clean()


def test_side_panel_leaves_the_clicked_node_in_sight(watch, server):
    page = watch.open(server.url)
    point = page.evaluate("""() => {
        const net = window.bkgApp.network;
        net.fit({animation: false});
        const pos = net.getPositions();
        const id = Object.keys(pos).sort((a, b) => pos[b].x - pos[a].x)[0];  // the rightmost
        const p = net.canvasToDOM(pos[id]);
        const box = document.getElementById('bkg-graph').getBoundingClientRect();
        return {id, x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#bkg-panel:not([hidden])")
    page.wait_for_timeout(400)  # the pan's animation
    where = page.evaluate("""(id) => {
        const net = window.bkgApp.network;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('bkg-graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, right: box.right,
                panel: document.getElementById('bkg-panel').getBoundingClientRect().left};
    }""", point["id"])
    assert where["x"] < where["right"] - 20 and where["x"] < where["panel"] - 20
    watch.check_clean()


HUB = "country/CHN"
LEAVES = [f"person/envoy-{i}" for i in range(7)]


@pytest.fixture(scope="module")
def hub_server(graph_data, tmp_path_factory):
    """A store where seven envoys hang on China by officialOf, and China has other ties."""
    from bilateral_kg.graph.server import make_server
    from bilateral_kg.graph.store import KnowledgeGraph

    entities = dict(graph_data.ENTITIES)
    entities.update({key: (f"Envoy {i}", "Person", set(), None) for i, key in enumerate(LEAVES)})
    relations = [(key, "officialOf", HUB, f"Envoy {i} serves China.", 0.9, "factual", "serves")
                 for i, key in enumerate(LEAVES)]
    relations += [(HUB, "supports", "policy/GDI", "China backs the initiative.", 0.9, "factual", "backs"),
                  ("country/LSO", "supports", "policy/GDI", "Lesotho backs it.", 0.9, "factual", "backs"),
                  (HUB, "meetsWith", "country/LSO", "China met Lesotho.", 0.9, "factual", "met")]
    path = tmp_path_factory.mktemp("hub") / "store"
    kg = KnowledgeGraph(str(path))
    kg.ingest(graph_data.make_extraction("hub-doc", "Envoys", relations, entities=entities))
    kg.flush()
    del kg
    running = make_server(str(path), query_timeout=20)
    import threading
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()


def test_repeated_leaves_fold_into_one_node_that_unfolds_on_click(watch, hub_server):
    page = watch.open(hub_server.url)
    fold = page.evaluate("() => window.bkgApp.nodes.get({filter: (n) => n.fold}).map((n) => [n.id, n.label])")
    assert [label for _, label in fold] == ["+7"]
    assert not page.evaluate(f"() => window.bkgApp.visibleNodes.has('{ID}{LEAVES[0]}')")
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("7 folded")
    point = page.evaluate("""(id) => {
        const net = window.bkgApp.network;
        net.fit({animation: false});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('bkg-graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", fold[0][0])
    page.mouse.click(point["x"], point["y"])
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("Unfolded 7")
    assert all(page.evaluate(f"() => window.bkgApp.visibleNodes.has('{ID}{key}')") for key in LEAVES)
    assert page.evaluate("() => window.bkgApp.nodes.get({filter: (n) => n.fold}).length") == 0
    watch.check_clean()


def test_zoomed_out_only_the_hubs_keep_their_labels(watch, hub_server):
    page = watch.open(hub_server.url)
    page.evaluate("() => window.bkgApp.unfold(window.bkgApp.nodes.get({filter: (n) => n.fold})[0].id)")
    shown = "(id) => window.bkgApp.labelShown(id)"
    page.evaluate("() => window.bkgApp.network.moveTo({scale: 1})")
    assert page.evaluate(shown, ID + HUB) and page.evaluate(shown, ID + LEAVES[0])
    page.evaluate("() => window.bkgApp.network.moveTo({scale: 0.25})")
    assert page.evaluate(shown, ID + HUB)
    assert not page.evaluate(shown, ID + LEAVES[0])
    watch.check_clean()
