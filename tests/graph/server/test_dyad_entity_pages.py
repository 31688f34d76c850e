"""The dyad and entity pages over real HTTP on loopback: the seeds and dated texts ingested
by `bkg ingest` (real extractor), and the hand-made store full of would-be script."""
from __future__ import annotations

import html
import re
import shutil
import urllib.parse

import pytest
from markupsafe import escape

from serving import ID, request, start, stop


@pytest.fixture(scope="module")
def seeds(dated_seed_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("pages-served") / "store"
    shutil.copytree(dated_seed_store, copy)
    running = start(str(copy), query_timeout=10.0, workers=1)
    yield running
    stop(running)


def page(server, path, **params):
    return request(server, path + ("?" + urllib.parse.urlencode(params) if params else ""))


def rows(text, table_class):
    """The rows of a table on a page, as lists of cell texts (tags stripped, unescaped)."""
    table = re.search(rf'<table class="[^"]*{table_class}[^"]*">(.*?)</table>', text, re.S).group(1)
    body = table.split("<tbody>", 1)[1]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_dyad_page_of_china_and_lesotho_shows_their_officials_relations(seeds):
    response = page(seeds, "/dyad", a="CHN", b="Lesotho")
    assert response.status == 200
    text = response.text
    assert "<script" not in text  # the chart is markup, nothing runs
    assert re.search(r'<h2 class="bkg-dyad-title"><a href="/entity\?iri=[^"]+">China</a> and '
                     r'<a href="/entity\?iri=[^"]+">Lesotho</a></h2>', text)
    relations = rows(text, "bkg-dyad-relations")
    triples = {(r[0], r[1], r[2]) for r in relations}
    assert ("Wang Yi (official)", "visits", "Lesotho") in triples
    # between their people: each an official of one state of the pair
    assert {("Lejone Mpotjoana (official)", "meetsWith", "Wang Yi (official)"),
            ("Wang Yi (official)", "meetsWith", "Lejone Mpotjoana (official)")} & triples
    assert any(r[0] == "China" and r[2] == "Lesotho" for r in relations)
    assert all(int(r[3]) >= 1 and int(r[4]) >= 1 for r in relations)
    # the seeds have no event dates: the chart says so, the sentences are still listed
    assert "no dated relations" in text
    assert "Wang Yi" in text and text.count('data-month="undated"') >= len(relations)
    # without the officials only the states' own relations are left (as bkg timeline counts)
    states_only = rows(page(seeds, "/dyad", a="CHN", b="LSO", officials="no").text,
                       "bkg-dyad-relations")
    assert states_only and all(r[0] in ("China", "Lesotho") and r[2] in ("China", "Lesotho")
                               for r in states_only)
    assert len(states_only) < len(relations)


def test_dyad_evidence_links_to_the_sentence_on_its_document_page(seeds):
    text = page(seeds, "/dyad", a="country/CHN", b=ID + "country/LSO").text
    links = re.findall(r'<a href="(/document\?id=[^"#]+)#(ev-[0-9a-f]+)"', text)
    assert links
    document, anchor = links[0]
    target = request(seeds, html.unescape(document)).text
    assert f'<li id="{anchor}">' in target
    # and the document page links its entities to their entity pages
    assert '<a href="/entity?iri=https%3A//w3id.org/bilateral-kg/id/country/LSO">Lesotho</a>' in target


def test_dated_dyad_is_a_chart_and_a_table_by_month(seeds):
    text = page(seeds, "/dyad", a="KEN", b="ETH").text
    assert text.count('class="month"') == 4 and 'class="bar coop"' in text
    months = {r[0]: r for r in rows(text, "bkg-months")}
    assert sorted(months) == ["2024-02", "2024-03", "2024-04", "2024-06"]
    net = {m: float(r[-1]) for m, r in months.items()}
    assert net["2024-02"] > 0 and net["2024-03"] > 0 and net["2024-06"] < 0
    sentences = {m: int(r[-4]) for m, r in months.items()}
    assert sentences["2024-04"] == 2  # the states' meeting and their ministers'
    # the event date the text gives (3 March), not the file's (1 July)
    assert "On 3 March 2024, Kenya signed" in text and 'id="month-2024-07"' not in text
    # evidence by date, each month's chart bar linking to its table row
    dates = re.findall(r'<span class="bkg-date">([^<]+)</span>', text)
    assert dates == sorted(dates) and dates[0] == "2024-02-05"
    assert 'href="#month-2024-06"' in text and 'id="month-2024-06"' in text
    states_only = {r[0]: r for r in rows(page(seeds, "/dyad", a="KEN", b="ETH",
                                              officials="no").text, "bkg-months")}
    assert int(states_only["2024-04"][-4]) == 1
    # a confidence threshold leaves the weaker sentences out of the chart, table and list
    strong = page(seeds, "/dyad", a="KEN", b="ETH", min_confidence="0.9").text
    assert 'value="0.9"' in strong and len(re.findall(r'class="bkg-date"', strong)) < len(dates)
    assert len(rows(strong, "bkg-dyad-relations")) < len(rows(text, "bkg-dyad-relations"))


def test_dyad_errors_are_pages_naming_the_problem(seeds):
    misspelt = page(seeds, "/dyad", a="CHN", b="Lesoto")
    assert misspelt.status == 404 and "text/html" in misspelt.headers["Content-Type"]
    assert "&#39;Lesoto&#39;" in misspelt.text and "Traceback" not in misspelt.text
    assert '<a href="?a=CHN&amp;b=Lesotho">Lesotho</a>' in misspelt.text
    nowhere = page(seeds, "/dyad", a="Atlantis", b="KEN")
    assert nowhere.status == 404 and "&#39;Atlantis&#39;" in nowhere.text
    one = page(seeds, "/dyad", a="CHN")
    assert one.status == 400 and "Give both ?a= and ?b=" in one.text
    same = page(seeds, "/dyad", a="CHN", b="China")
    assert same.status == 400 and "same entity" in same.text
    assert page(seeds, "/dyad", a="CHN", b="LSO", min_confidence="2").status == 400
    form = page(seeds, "/dyad")
    assert form.status == 200 and '<form class="bkg-dyad-form"' in form.text
    assert '<option value="LSO">Lesotho</option>' in form.text


def test_entity_page_of_a_minister(seeds):
    response = page(seeds, "/entity", iri="Wang Yi")
    assert response.status == 200
    text = response.text
    assert '<h2 class="bkg-entity-title">Wang Yi <span class="bkg-pill">Person</span></h2>' in text
    # offices held, with the knowledge base's title and a link to the state
    assert re.search(r'<li>Foreign Minister, <a href="/entity\?iri=[^"]*country/CHN">China</a>', text)
    assert "Politburo of the Communist Party of China" in text
    # relations grouped, each related entity linked to its page
    assert re.search(r"Wang Yi visits …</strong>\s*<span class=\"bkg-muted\">\d+ entit", text)
    assert re.search(r'<a href="/entity\?iri=[^"]*country/LSO">Lesotho</a>', text)
    # the documents that mention him, linked to their pages
    assert '<a href="/document?id=000_c767cd52c52b28ad">' in text


def test_entity_page_of_a_state_lists_officials_and_dyads(seeds):
    text = page(seeds, "/entity", iri="CHN").text
    assert "<h2 class=\"bkg-entity-title\">China" in text
    assert 'href="https://www.wikidata.org/wiki/Q148"' in text
    assert "People" in text or "Beijing" in text  # other names
    officials = text.split('id="bkg-officials"', 1)[1].split("</section>", 1)[0]
    assert "Wang Yi" in officials and "Xi Jinping" in officials
    # one the knowledge base knows though no text names him, after those the texts name
    assert re.search(r'Hu Jintao</a>, [^<]*President[^<]* <span class="bkg-badge">knowledge base',
                     officials)
    assert officials.index("Xi Jinping") < officials.index("Hu Jintao")
    dyad = (f'href="/dyad?a={urllib.parse.quote(ID + "country/CHN", safe="/")}&amp;'
            f'b={urllib.parse.quote(ID + "country/LSO", safe="/")}"')
    assert dyad in text
    count = int(re.search(r"(\d+) documents? mention China", text).group(1))
    assert count == 2 == text.split('id="bkg-entity-documents"')[1].count("<li>")
    # pages past the end show the last one
    assert page(seeds, "/entity", iri="CHN", page="99").status == 200


def test_entity_errors(seeds):
    missing = page(seeds, "/entity", iri="Lesoto")
    assert missing.status == 404 and '<a href="?iri=Lesotho">Lesotho</a>' in missing.text
    assert page(seeds, "/entity").status == 400
    assert page(seeds, "/entity", iri="CHN", page="zero").status == 400
    odd = page(seeds, "/entity", iri="a> } DROP ALL")
    assert odd.status == 404 and "Traceback" not in odd.text


def test_pages_keep_markup_from_the_text_as_text(server, graph_data):
    """Labels, titles and sentences carrying markup (the hand-made store) stay text."""
    XSS_IMG, XSS_SCRIPT = graph_data.XSS_IMG, graph_data.XSS_SCRIPT
    for path, params in (("/entity", {"iri": "person/xss-img"}), ("/entity", {"iri": "org/xss-script"}),
                         ("/dyad", {"a": "org/xss-script", "b": "CHN"}),
                         ("/entity", {"iri": XSS_SCRIPT}), ("/dyad", {"a": XSS_IMG, "b": "CHN"})):
        response = page(server, path, **params)
        assert response.status in (200, 404), (path, params)
        text = response.text
        assert XSS_IMG not in text and "<script>" not in text and XSS_SCRIPT not in text
        assert "&lt;" in text
    entity = page(server, "/entity", iri="person/xss-img").text
    assert str(escape(XSS_IMG)) in entity and str(escape(XSS_SCRIPT)) in entity
    dyad = page(server, "/dyad", a="org/xss-script", b="CHN").text
    assert "<mark>praised</mark> China &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;." in dyad
