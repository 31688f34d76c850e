"""The dyad and entity pages in a real headless Chromium, reached from the explorer as a
person would: the seeds and dated texts ingested by `bkg ingest`, served on loopback.

``BKG_SCREENSHOTS=1`` also writes the dyad page's picture to ``docs/dyad.png``.
"""
from __future__ import annotations

import os
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from test_browser import (  # noqa: F401 - browser is a fixture
    CHROMIUM, ID, Watch, browser, click_edge, edge_id, search_and_pick, serving,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing: apt-get install chromium to run browser tests"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def served(dated_seed_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("pages-browser") / "store"
    shutil.copytree(dated_seed_store, copy)
    with serving(copy) as running:
        yield running


@pytest.fixture
def watch(browser):  # noqa: F811 - the fixture imported above
    opened = Watch(browser)
    yield opened
    opened.close()


def test_dyad_page_from_the_explorer(watch, served, tmp_path):
    page = watch.open(served.url + "?" + urllib.parse.urlencode({"focus": ID + "country/KEN"}))
    click_edge(page, edge_id("country/KEN", "praises", "country/ETH"))
    link = page.locator("#bkg-panel a.bkg-dyad-page")
    sync_api.expect(link).to_have_text("Dyad page")
    link.click()
    page.wait_for_url("**/dyad?*")
    # (the pair's edges lie on one line: whichever is clicked, its ends make the pair)
    sync_api.expect(page.locator("h2.bkg-dyad-title")).to_have_text(
        re.compile(r"^(Kenya and Ethiopia|Ethiopia and Kenya)$"))

    # The chart: a bar group per month, drawn at a readable size.
    chart = page.locator("svg.bkg-timeline")
    sync_api.expect(chart.locator("a.month")).to_have_count(4)
    box = chart.bounding_box()
    assert box["width"] > 500 and box["height"] > 150
    assert page.locator("svg.bkg-timeline rect.bar.coop").first.bounding_box()["height"] > 10
    # The evidence, by date, each with its document.
    items = page.locator("ol.bkg-dyad-evidence > li")
    assert items.count() == 6
    sync_api.expect(items.first).to_contain_text("Kenya praised Ethiopia")
    sync_api.expect(items.first.locator("mark")).to_have_text("praised")
    if os.environ.get("BKG_SCREENSHOTS"):
        page.set_viewport_size({"width": 1200, "height": 900})
        page.screenshot(path=str(DOCS / "dyad.png"), full_page=True)

    # A month's bar leads to its row of the table.
    page.locator('svg.bkg-timeline a.month[data-month="2024-06"]').click()
    sync_api.expect(page.locator("tr:target th")).to_have_text("2024-06")
    # ... and the row's sentences to that month's evidence, first of the list by date
    page.locator('tr#month-2024-06 a[href="#evidence-2024-06"]').click()
    target = page.locator("ol.bkg-dyad-evidence li:target")
    sync_api.expect(target).to_have_attribute("data-month", "2024-06")
    sync_api.expect(target.locator(".bkg-date")).to_contain_text("2024-06")

    # A sentence leads to its place on the document page.
    items.nth(2).locator(".bkg-doc-link a").click()
    page.wait_for_url("**/document?id=*#ev-*")
    sync_api.expect(page.locator("li:target blockquote")).to_contain_text("Musalia Mudavadi")
    page.go_back()

    # A state's name leads to its entity page, which links back to dyads.
    page.locator("h2.bkg-dyad-title a", has_text="Ethiopia").click()
    page.wait_for_url(re.compile(r"/entity\?iri="))
    sync_api.expect(page.locator("h2.bkg-entity-title")).to_contain_text("Ethiopia")
    sync_api.expect(page.locator("#bkg-officials ~ ul")).to_contain_text("Abiy Ahmed")
    sync_api.expect(page.locator("a.bkg-dyad-link").first).to_be_visible()
    watch.check_clean()


def test_entity_page_from_the_explorer(watch, served):
    page = watch.open(served.url)
    search_and_pick(page, "Wang Yi", "Wang Yi")
    page.locator("#bkg-panel a.bkg-entity-page").click()
    page.wait_for_url(re.compile(r"/entity\?iri="))
    sync_api.expect(page.locator("h2.bkg-entity-title")).to_have_text("Wang Yi Person")
    offices = page.locator("#bkg-offices ~ ul")
    sync_api.expect(offices).to_contain_text("Foreign Minister, China")
    groups = page.locator("details.bkg-group")
    assert groups.count() >= 2
    sync_api.expect(groups.filter(has_text="Wang Yi visits")).to_contain_text("Lesotho")
    # Related entities and documents are links.
    page.locator("details.bkg-group a", has_text="Lesotho").first.click()
    page.wait_for_url(re.compile(r"/entity\?iri=.*LSO"))
    sync_api.expect(page.locator("h2.bkg-entity-title")).to_contain_text("Lesotho")
    page.locator(".bkg-entity-docs a").first.click()
    page.wait_for_url("**/document?id=*")
    sync_api.expect(page.locator("h2").first).not_to_be_empty()
    watch.check_clean()
