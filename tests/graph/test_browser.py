"""The view and the explorer in a real headless Chromium (Debian's /usr/bin/chromium).

Everything runs on loopback or from file://; the pages must load nothing from elsewhere,
which the tests check by failing every request that leaves the machine.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import threading
import urllib.parse

import pytest

from bilateral_kg.graph.server import make_server
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.graph.view import write_view

CHROMIUM = "/usr/bin/chromium"
ID = "https://w3id.org/bilateral-kg/id/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing: apt-get install chromium to run browser tests"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@contextlib.contextmanager
def serving(store):
    """`bkg serve` of ``store`` on a free loopback port, for as long as the block runs."""
    running = make_server(str(store), query_timeout=20)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()


@pytest.fixture(scope="module")
def server(xss_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("browser-served") / "store"
    shutil.copytree(xss_store, copy)
    with serving(copy) as running:
        yield running


class Watch:
    """A page with every dialog, script error, CSP report and outside request recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.dialogs, self.errors, self.outside = [], [], []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _route(self, route):
        url = urllib.parse.urlsplit(route.request.url)
        if url.scheme == "file" or url.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url):
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=true]", timeout=30000)
        return self.page

    def check_clean(self, expected_errors=()):
        assert self.dialogs == [], "a script from the data ran"
        assert self.outside == [], "the page asked for something beyond this machine"
        assert [e for e in self.errors if not any(x in e for x in expected_errors)] == []
        assert self.page.locator("img").count() == 0
        assert self.page.locator("#bkg-status.bkg-error").count() == 0, \
            self.page.locator("#bkg-status").inner_text()

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser):
    opened = Watch(browser)
    yield opened
    opened.close()


# -- helpers that act like a person -------------------------------------------------------------

def search_and_pick(page, text, expected_label):
    page.fill("#bkg-search", text)
    option = page.locator("#bkg-suggestions li", has_text=expected_label).first
    option.wait_for()
    option.click()
    page.wait_for_selector("#bkg-panel:not([hidden])")
    sync_api.expect(page.locator("#bkg-panel h2")).to_contain_text(expected_label)


def click_edge(page, edge_id):
    """Click the middle of an edge on the canvas, where a person would."""
    point = page.evaluate("""(id) => {
        const app = window.bkgApp, net = app.network;
        const edge = app.edges.get(id);
        net.fit({nodes: [edge.from, edge.to], animation: false});
        const p = net.getPositions([edge.from, edge.to]);
        const mid = net.canvasToDOM({x: (p[edge.from].x + p[edge.to].x) / 2,
                                     y: (p[edge.from].y + p[edge.to].y) / 2});
        const box = document.getElementById('bkg-graph').getBoundingClientRect();
        return {x: box.left + mid.x, y: box.top + mid.y};
    }""", edge_id)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#bkg-panel ol.bkg-evidence")


def visible_counts(page):
    return page.evaluate("() => [window.bkgApp.visibleNodes.size, window.bkgApp.visibleEdges.size]")


def positions(page):
    return page.evaluate("() => window.bkgApp.network.getPositions()")


def edge_id(source, relation, target):
    return f"{ID}{source}|{relation}|{ID}{target}"


# -- the standalone view --------------------------------------------------------------------

def test_static_view_search_filter_and_evidence(watch, tmp_path, graph_data):
    kg = graph_data.build_corpus(KnowledgeGraph(None))
    write_view(kg, tmp_path / "view.html")
    page = watch.open((tmp_path / "view.html").as_uri())
    assert visible_counts(page) == [14, 22]

    search_and_pick(page, "kingdom of les", "Lesotho")  # found by an alternative name
    sync_api.expect(page.locator("#bkg-panel")).to_contain_text("Kingdom of Lesotho")

    click_edge(page, edge_id("country/LSO", "supports", "policy/GDI"))
    panel = page.locator("#bkg-panel")
    sync_api.expect(panel.locator("h2")).to_have_text("Lesotho supports Global Development Initiative")
    sync_api.expect(panel.locator("blockquote")).to_have_text(
        "Lesotho reiterated its backing for the Global Development Initiative.")
    sync_api.expect(panel.locator("blockquote mark")).to_have_text("backing")
    sync_api.expect(panel).to_contain_text("China and Lesotho elevate strategic partnership")

    # Filters: a relation, a class, the confidence threshold.
    page.locator("#bkg-relations label", has_text="supports").locator("input").uncheck()
    assert visible_counts(page)[1] == 20
    page.locator("#bkg-classes label", has_text="Person").locator("input").uncheck()
    assert visible_counts(page) == [11, 15]  # three people and their five relations hidden
    page.click("#bkg-reset")
    page.locator("#bkg-confidence").fill("0.9")
    assert visible_counts(page)[1] == 7
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("7 relations of 22")
    watch.check_clean()


def test_static_view_hover_shows_evidence_and_source(watch, tmp_path, graph_data):
    kg = graph_data.build_corpus(KnowledgeGraph(None))
    write_view(kg, tmp_path / "view.html", focus="United States")
    page = watch.open((tmp_path / "view.html").as_uri())
    point = page.evaluate("""() => {
        const net = window.bkgApp.network;
        const id = 'https://w3id.org/bilateral-kg/id/person/marco-rubio';
        net.fit({animation: false});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('bkg-graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("#bkg-tooltip")
    tooltip.wait_for(state="visible")
    sync_api.expect(tooltip).to_contain_text("Marco Rubio")
    watch.check_clean()


def test_static_view_keeps_markup_as_text(watch, tmp_path, graph_data):
    XSS_IMG, XSS_SCRIPT = graph_data.XSS_IMG, graph_data.XSS_SCRIPT
    kg = graph_data.build_xss(graph_data.build_corpus(KnowledgeGraph(None)))
    write_view(kg, tmp_path / "xss.html", title=f"View {XSS_SCRIPT}")
    page = watch.open((tmp_path / "xss.html").as_uri())
    assert page.title() == f"View {XSS_SCRIPT}"
    search_and_pick(page, "onerror", XSS_IMG)
    assert page.locator("#bkg-panel h2").inner_text().strip().endswith(XSS_IMG)
    click_edge(page, edge_id("person/xss-img", "officialOf", "org/xss-script"))
    quote = page.locator("#bkg-panel blockquote").first
    assert quote.inner_text() == f"The envoy {XSS_IMG} serves {XSS_SCRIPT} since 2020."
    sync_api.expect(page.locator("#bkg-panel")).to_contain_text(f"evil/{XSS_IMG}.txt")
    click_edge(page, edge_id("org/xss-script", "praises", "country/CHN"))
    sync_api.expect(page.locator("#bkg-panel blockquote").first).to_contain_text(
        "</script><script>alert(2)</script>")
    page.wait_for_timeout(200)
    watch.check_clean()


# -- the served explorer ---------------------------------------------------------------------

def test_explorer_focus_expand_filter_and_documents(watch, server):
    page = watch.open(server.url + "?" + urllib.parse.urlencode({"focus": ID + "person/wang-yi"}))
    sync_api.expect(page.locator("#bkg-panel h2")).to_contain_text("Wang Yi")
    before = visible_counts(page)
    assert before == [4, 5]

    # Expand China: its other relations come in around it; what was there does not move.
    search_and_pick(page, "China", "China")
    still = positions(page)
    page.click("#bkg-expand")
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("Added")
    after = visible_counts(page)
    assert after[0] > before[0] and after[1] > before[1]
    moved = positions(page)
    assert all(moved[k] == still[k] for k in still)
    page.wait_for_timeout(700)
    assert positions(page) == moved  # settled: nothing drifts

    # Search a name that is not loaded yet: the server finds it and brings it in.
    search_and_pick(page, "Rubio", "Marco Rubio")
    assert page.evaluate(f"() => window.bkgApp.visibleNodes.has('{ID}person/marco-rubio')")

    # Filters: country, date range, class.
    page.select_option("#bkg-country", label="Lesotho")
    nodes, edges = visible_counts(page)
    assert 0 < edges < after[1]
    page.select_option("#bkg-country", value="")
    page.fill("#bkg-date-from", "2025-05-01")
    page.dispatch_event("#bkg-date-from", "change")
    shown = page.evaluate("""() => [...window.bkgApp.visibleEdges].map(id => window.bkgApp.edges.get(id))
        .filter(e => !e.fold).map(e => [e.first_date, e.last_date])""")
    # Only relations reported on or after the day are left (usa-chn's, of 2025-03-14, go),
    # and the undated ones (the "undated" box is ticked)
    assert any(last for _, last in shown) and all(last is None or last >= "2025-05-01" for _, last in shown)
    assert len(shown) < after[1]
    page.click("#bkg-reset")

    # Evidence, then its document.
    click_edge(page, edge_id("person/wang-yi", "visits", "country/LSO"))
    link = page.locator("#bkg-panel .bkg-source a").first
    sync_api.expect(link).to_have_text("China and Lesotho elevate strategic partnership")
    link.click()
    page.wait_for_url("**/document?id=lso-chn*")
    sync_api.expect(page.locator("li:target blockquote")).to_have_text(
        "Wang Yi paid an official visit to Lesotho.")
    watch.check_clean()


def test_explorer_expands_while_filters_hide_nodes(watch, server):
    page = watch.open(server.url + "?" + urllib.parse.urlencode({"focus": ID + "person/wang-yi"}))
    page.locator("#bkg-confidence").fill("0.92")  # hides Lesotho's and China's weaker ties
    loaded = page.evaluate("() => window.bkgApp.nodes.length")
    search_and_pick(page, "China", "China")
    page.click("#bkg-expand")
    sync_api.expect(page.locator("#bkg-status")).to_contain_text("Added")
    assert page.evaluate("() => window.bkgApp.nodes.length") > loaded
    watch.check_clean()


def test_sparql_page_runs_an_example_and_links_into_the_explorer(watch, server):
    page = watch.page
    page.goto(server.url + "query")
    page.click("[data-example=gdi_supporters]")
    table = page.locator("table.bkg-results")
    table.wait_for()
    sync_api.expect(table.locator("tbody tr")).to_have_count(2)
    sync_api.expect(table).to_contain_text("Lesotho")
    sync_api.expect(page.locator("#bkg-query-status")).to_contain_text("2 rows")

    # A query typed by hand, and an error shown as the parser reports it.
    page.click(".cm-content")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text("SELECT ?x WHERE { ?x ")
    page.keyboard.press("Control+Enter")
    sync_api.expect(page.locator("pre.bkg-error-text")).to_contain_text("Invalid SPARQL query")

    page.click("[data-example=gdi_supporters]")
    table.locator("a", has_text="country:LSO").click()
    page.wait_for_selector("body[data-ready=true]")
    assert "focus=" in page.url
    sync_api.expect(page.locator("#bkg-panel h2")).to_contain_text("Lesotho")
    watch.check_clean(expected_errors=["status of 400"])  # the bad query's answer


def test_explorer_keeps_markup_as_text(watch, server, graph_data):
    XSS_IMG, XSS_SCRIPT = graph_data.XSS_IMG, graph_data.XSS_SCRIPT
    page = watch.open(server.url)
    assert visible_counts(page)[0] == 16
    search_and_pick(page, "script org", XSS_SCRIPT)
    assert page.locator("#bkg-panel h2").inner_text().strip().endswith(XSS_SCRIPT)
    search_and_pick(page, "onerror", XSS_IMG)
    click_edge(page, edge_id("person/xss-img", "officialOf", "org/xss-script"))
    quote = page.locator("#bkg-panel blockquote").first
    assert quote.inner_text() == f"The envoy {XSS_IMG} serves {XSS_SCRIPT} since 2020."
    page.locator("#bkg-panel .bkg-source a").first.click()
    page.wait_for_url("**/document?id=xss-doc*")
    sync_api.expect(page.locator("h2").first).to_have_text(f"Title {XSS_SCRIPT}")
    sync_api.expect(page.locator("body")).to_contain_text(f"evil/{XSS_IMG}.txt")
    # A query whose results carry the markup: shown as text in the table.
    page.goto(server.url + "query?" + urllib.parse.urlencode(
        {"query": "SELECT ?l WHERE { ?x rdfs:label ?l FILTER(CONTAINS(?l, 'onerror')) }"}))
    page.click("#bkg-run")
    sync_api.expect(page.locator("table.bkg-results")).to_contain_text(XSS_IMG)
    page.wait_for_timeout(200)
    watch.check_clean()


# -- a real document with markup, through the real extractor ------------------------------------

MARKUP_TEXT = (
    '<img src=x onerror=alert(1)> Kenya and Ethiopia sign "><script>alert(1)</script> pact\n\n'
    'Kenya praised Ethiopia for "><script>alert(2)</script> hosting the talks '
    '<img src=x onerror=alert(3)>.\n')


@pytest.fixture(scope="module")
def markup_store(tmp_path_factory):
    from click.testing import CliRunner

    from bilateral_kg.cli import main

    folder = tmp_path_factory.mktemp("markup")
    (folder / "markup.txt").write_text(MARKUP_TEXT, encoding="utf-8")
    store = folder / "store"
    result = CliRunner().invoke(main, ["ingest", str(folder / "markup.txt"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _markup_shows_as_text(page):
    search_and_pick(page, "Kenya", "Kenya")
    click_edge(page, edge_id("country/KEN", "praises", "country/ETH"))
    quote = page.locator("#bkg-panel blockquote").first.inner_text()
    assert '"><script>alert(2)</script>' in quote and "<img src=x onerror=alert(3)>" in quote


def test_ingested_markup_stays_text_in_the_view(watch, markup_store, tmp_path):
    page_file = tmp_path / "view.html"
    with KnowledgeGraph(markup_store, read_only=True) as kg:
        write_view(kg, page_file)
    page = watch.open(page_file.as_uri())
    _markup_shows_as_text(page)
    watch.check_clean()


def test_ingested_markup_stays_text_in_the_explorer(watch, markup_store):
    with serving(markup_store) as running:
        page = watch.open(running.url)
        _markup_shows_as_text(page)
        page.locator("#bkg-panel .bkg-source a").first.click()
        page.wait_for_url("**/document?id=markup*")
        sync_api.expect(page.locator("h2").first).to_contain_text("<img src=x onerror=alert(1)>")
        watch.check_clean()


def test_explorer_pages_through_an_edge_with_much_evidence(watch, graph_data, tmp_path):
    """An edge stated by 25 documents: its panel shows the best 20, then the rest on request."""
    kg = KnowledgeGraph(str(tmp_path / "store"))
    for n in range(25):
        confidence = round(0.5 + n / 50, 2)
        kg.ingest(graph_data.make_extraction(f"talks-{n:02d}", f"Talks, round {n}", [
            ("country/CHN", "meetsWith", "country/LSO",
             f"China and Lesotho held talks, round {n}.", confidence, "factual", "held talks")]))
    kg.close()
    with serving(tmp_path / "store") as running:
        page = watch.open(running.url + "?" + urllib.parse.urlencode({"focus": ID + "country/CHN"}))
        click_edge(page, edge_id("country/CHN", "meetsWith", "country/LSO"))
        items = page.locator("#bkg-panel ol.bkg-evidence > li")
        sync_api.expect(items).to_have_count(20)
        sync_api.expect(page.locator("#bkg-panel")).to_contain_text("25 evidence sentences in 25 documents")
        sync_api.expect(items.first.locator("blockquote")).to_have_text(
            "China and Lesotho held talks, round 24.")  # the most confident first
        page.click("#bkg-panel button.bkg-more")
        sync_api.expect(items).to_have_count(25)
        sync_api.expect(page.locator("#bkg-panel button.bkg-more")).to_be_hidden()
        sync_api.expect(items.last.locator("blockquote")).to_have_text(
            "China and Lesotho held talks, round 0.")
        watch.check_clean()
