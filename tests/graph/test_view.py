"""The force layout, the view payload and the standalone HTML page."""
from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import pytest

from bilateral_kg.graph.layout import EDGE_LENGTH, layout_positions
from bilateral_kg.graph.network import relation_network
from bilateral_kg.graph.pages import csp_hash, script_json
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.graph.view import network_payload, render_html, write_view

ID = "https://w3id.org/bilateral-kg/id/"


@pytest.fixture(scope="module")
def kg(graph_data):
    return graph_data.build_corpus(KnowledgeGraph(None))


@pytest.fixture(scope="module")
def xss_kg(graph_data):
    return graph_data.build_xss(graph_data.build_corpus(KnowledgeGraph(None)))


class Page(HTMLParser):
    """The parts of a page the tests look at: elements, attributes, script bodies, text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.text = [], [], []
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = {"attrs": dict(attrs), "body": ""}

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data
        else:
            self.text.append(data)

    def data_island(self, element_id):
        for script in self.scripts:
            if script["attrs"].get("id") == element_id:
                return json.loads(script["body"])
        raise KeyError(element_id)


# -- layout ----------------------------------------------------------------------------------

def test_layout_is_deterministic_and_spread_out(graph_data):
    kg = graph_data.build_large(KnowledgeGraph(None), entities=150, relations=300)
    net = relation_network(kg)
    first, second = layout_positions(net), layout_positions(net)
    assert first == second
    assert set(first) == set(net.nodes)
    points = list(first.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert closest > 5
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)


def test_layout_puts_leaves_near_their_only_neighbour(kg):
    net = relation_network(kg)
    positions = layout_positions(net)
    rubio, usa = positions[ID + "person/marco-rubio"], positions[ID + "country/USA"]
    assert math.dist(rubio, usa) < 2 * EDGE_LENGTH


def test_payload_has_vis_items_with_positions(kg):
    payload = network_payload(relation_network(kg))
    assert len(payload["nodes"]) == 14 and len(payload["edges"]) == 22
    assert all("x" in n and "y" in n for n in payload["nodes"])
    assert payload["options"]["physics"]["enabled"] is False
    planned = [e for e in payload["edges"] if e["modality"] == "planned"]
    assert planned and all(e["dashes"] for e in planned)
    symmetric = [e for e in payload["edges"] if e["symmetric"]]
    assert symmetric and all(e["arrows"] == "" for e in symmetric)
    sanction = [e for e in payload["edges"] if e["relation"] == "sanctions"]
    condemn = [e for e in payload["edges"] if e["relation"] == "condemns"]
    # Two relations between the same pair curve apart instead of overlapping.
    assert sanction[0]["smooth"] and condemn[0]["smooth"]
    assert sanction[0]["smooth"]["type"] != condemn[0]["smooth"]["type"]


# -- the HTML page -------------------------------------------------------------------------

def test_page_holds_the_nodes_and_edges(kg, tmp_path):
    counts = write_view(kg, tmp_path / "kg.html")
    assert counts == {"nodes": 14, "edges": 22}
    page = Page((tmp_path / "kg.html").read_text("utf-8"))
    data = page.data_island("bkg-data")
    assert {n["label"] for n in data["nodes"]} >= {"China", "Lesotho", "Global Development Initiative"}
    assert len(data["edges"]) == 22
    assert data["documents"]["lso-chn"]["title"] == "China and Lesotho elevate strategic partnership"
    assert page.data_island("bkg-config")["mode"] == "static"


def test_page_loads_nothing_from_outside(kg):
    html = render_html(relation_network(kg))
    page = Page(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data", "srcset", "poster"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, name, value)
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")
    assert "cdn" not in " ".join(str(a) for _, a in page.tags).lower()
    executable = [s for s in page.scripts if s["attrs"].get("type") != "application/json"]
    assert len(executable) == 2 and all("src" not in s["attrs"] for s in executable)


def test_page_csp_allows_exactly_its_own_inline_scripts(kg):
    html = render_html(relation_network(kg))
    page = Page(html)
    (csp,) = [a["content"] for t, a in page.tags
              if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    for script in page.scripts:
        if script["attrs"].get("type") != "application/json":
            assert csp_hash(script["body"]) in csp
    # The CSP meta comes before any script, so it governs them all.
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_markup_in_names_sentences_and_titles_stays_text(xss_kg, graph_data):
    XSS_IMG, XSS_SCRIPT = graph_data.XSS_IMG, graph_data.XSS_SCRIPT
    html = render_html(relation_network(xss_kg), title=f"View {XSS_SCRIPT}")
    # Nothing of the would-be markup reaches the page unescaped...
    assert XSS_IMG not in html and "<img" not in html
    assert "<script>alert" not in html and "</script><script>" not in html
    page = Page(html)
    assert not any(tag == "img" for tag, _ in page.tags)
    executable = [s for s in page.scripts if s["attrs"].get("type") != "application/json"]
    assert len(executable) == 2
    # ...and all of it is still there as data and as text.
    data = page.data_island("bkg-data")
    labels = {n["label"] for n in data["nodes"]}
    assert XSS_IMG in labels and XSS_SCRIPT in labels
    sentences = [e["sentence"] for edge in data["edges"] for e in edge["evidence"]]
    assert any("</script><script>alert(2)</script>" in s for s in sentences)
    assert f"View {XSS_SCRIPT}" in "".join(page.text)
    assert any(d["source_path"] == f"evil/{XSS_IMG}.txt" for d in data["documents"].values())


def test_focus_and_relation_filters_shape_the_page(kg, tmp_path):
    counts = write_view(kg, tmp_path / "wang.html", focus="Wang Yi")
    assert counts == {"nodes": 4, "edges": 5}
    data = Page((tmp_path / "wang.html").read_text("utf-8")).data_island("bkg-data")
    assert data["focus"] == [ID + "person/wang-yi"]
    counts = write_view(kg, tmp_path / "support.html", relations=["supports"])
    data = Page((tmp_path / "support.html").read_text("utf-8")).data_island("bkg-data")
    assert counts["edges"] == 2 and {e["relation"] for e in data["edges"]} == {"supports"}
    counts = write_view(kg, tmp_path / "sure.html", min_confidence=0.9)
    assert counts["edges"] == 7


@pytest.mark.parametrize("text", [
    "</script><script>alert(1)</script>", "<!--", "a\u2028b\u2029c", "&amp;", "'\"\\", "\x00",
])
def test_script_json_is_inert_and_lossless(text):
    encoded = script_json({"value": text})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == {"value": text}
