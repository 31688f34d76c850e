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
