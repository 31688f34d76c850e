"""The HTML pages' parts: styles, templates, static files, safe JSON and the vis-network options.

Both the offline page (``bkg view``) and the explorer (``bkg serve``) are built from these.
The offline page works offline and loads nothing: vis-network (shipped with pyvis, copied
to ``graph/static/``), the page's script and style are inlined, the network is a JSON data
island, and a Content-Security-Policy ``<meta>`` lets only those exact inline scripts run
(by hash). Every text that comes from documents (names, sentences, titles, paths) reaches
the page as JSON data and is put into the DOM with ``textContent`` or drawn on the canvas,
never parsed as HTML.

>>> html = render_page({"nodes": [], "edges": [], "counts": {"nodes": 0, "edges": 0}}, "empty")
>>> "<title>empty</title>" in html
True
"""
from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from bilateral_kg.ontology.vocab import ENTITY_CLASSES

from .records import ALL_RELATIONS

__all__ = [
    "CLASS_STYLES", "RELATION_STYLES", "STRUCTURE_COLOUR", "page_styles", "static_text",
    "template_environment", "csp_hash", "script_json", "vis_options", "render_page",
]

#: Colour (Okabe-Ito based, colour-blind safe), vis shape and legend glyph of each class.
#: Shapes differ too, so the classes stay apart without colour.
CLASS_STYLES = {
    "Country": {"color": "#0072B2", "shape": "dot", "glyph": "\u25cf"},
    "Person": {"color": "#E69F00", "shape": "diamond", "glyph": "\u25c6"},
    "Organization": {"color": "#CC79A7", "shape": "square", "glyph": "\u25a0"},
    "Policy": {"color": "#009E73", "shape": "triangle", "glyph": "\u25b2"},
    "Project": {"color": "#D55E00", "shape": "triangleDown", "glyph": "\u25bc"},
    "Agreement": {"color": "#56B4E9", "shape": "hexagon", "glyph": "\u2b22"},
    "Place": {"color": "#8C8C3A", "shape": "dot", "glyph": "\u25cf"},
    "Region": {"color": "#B8B86B", "shape": "dot", "glyph": "\u25cf"},
    "Event": {"color": "#7A5195", "shape": "star", "glyph": "\u2605"},
    "Group": {"color": "#5F7A8A", "shape": "square", "glyph": "\u25a0"},
    "Entity": {"color": "#9AA5B1", "shape": "dot", "glyph": "\u25cf"},
}

_COOPERATIVE = "#2E8B57"
_CONFLICT = "#C0392B"
_CONTACT = "#3D6FB6"
_MATERIAL = "#B9770E"
STRUCTURE_COLOUR = "#8795A1"
#: Edge colour by relation family: cooperation, conflict, contact, material, structure.
RELATION_STYLES = {
    "supports": _COOPERATIVE, "recognizes": _COOPERATIVE, "praises": _COOPERATIVE,
    "proposes": _COOPERATIVE, "cooperatesWith": _COOPERATIVE, "signs": _COOPERATIVE,
    "opposes": _CONFLICT, "condemns": _CONFLICT, "accuses": _CONFLICT, "rejects": _CONFLICT,
    "sanctions": _CONFLICT, "imposesTariffsOn": _CONFLICT,
    "visits": _CONTACT, "meetsWith": _CONTACT, "holdsTalksWith": _CONTACT,
    "builds": _MATERIAL, "funds": _MATERIAL, "investsIn": _MATERIAL, "lendsTo": _MATERIAL,
    "providesAid": _MATERIAL, "donatesTo": _MATERIAL,
    "officialOf": STRUCTURE_COLOUR, "memberOf": STRUCTURE_COLOUR, "locatedIn": STRUCTURE_COLOUR,
}

_VIEW_DIR = "static"


def static_text(name):
    """The text of a file in ``graph/static`` (vis-network, the page script and style)."""
    return resources.files("bilateral_kg.graph").joinpath(_VIEW_DIR, name).read_text("utf-8")


def template_environment():
    """The Jinja environment of ``graph/templates``, autoescaping HTML."""
    return Environment(loader=PackageLoader("bilateral_kg.graph", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True,
                       lstrip_blocks=True)


def csp_hash(text):
    """The CSP source expression that allows exactly one inline script or style.

    >>> csp_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data):
    """JSON text that is safe inside a ``<script>`` element and inside HTML in general.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no ``</script>`` or ``<!--``
    can end the element early; U+2028 and U+2029 are escaped for old JavaScript parsers.
    The result is still JSON: ``json.loads`` reads back the same data.

    >>> script_json({"label": "</script><script>alert(1)</script>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    >>> json.loads(script_json(["a\\u2028b & <c>"])) == ["a\\u2028b & <c>"]
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def vis_options(node_count=0, edge_count=0):
    """vis-network options: no physics (positions come from Python), quiet when zoomed out.

    >>> vis_options()["physics"]["enabled"]
    False
    """
    large = edge_count > 1500 or node_count > 1000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "multiselect": False, "keyboard": False,
                        "navigationButtons": False, "zoomSpeed": 0.8},
        "nodes": {
            "borderWidth": 1, "borderWidthSelected": 3,
            "font": {"size": 15, "color": "#1f2933", "strokeWidth": 4, "strokeColor": "#ffffff",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            # Labels grow with the degree and are drawn only when at least 8 px on screen:
            # zoomed out, the hubs keep their names and the leaves fall silent.
            "scaling": {"min": 12, "max": 42,
                        "label": {"enabled": True, "min": 15, "max": 60, "drawThreshold": 8,
                                  "maxVisible": 20}},
        },
        "edges": {
            "width": 1.2, "selectionWidth": 2.5, "hoverWidth": 1.5,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.55}},
            "font": {"size": 13, "color": "#3e4c59", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "middle",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"},
            "scaling": {"min": 1.2, "max": 6, "label": {"enabled": True, "min": 13, "max": 15,
                                                        "drawThreshold": 5, "maxVisible": 16}},
            "smooth": False,
        },
    }


def page_styles():
    """Colours, shapes and glyphs of classes and relations, for the legend and filters."""
    classes = list(ENTITY_CLASSES)
    classes.insert(classes.index("Place") + 1, "Region")
    return {"classes": CLASS_STYLES, "relations": RELATION_STYLES,
            "class_order": [*classes, "Group", "Entity"], "relation_order": list(ALL_RELATIONS)}


def render_page(payload, title="bilateral-kg"):
    """The standalone page of a view payload (:func:`~.view.network_payload`).

    Parameters
    ----------
    payload : dict
        JSON-ready data the page draws; ``payload["counts"]`` is shown as text.
    title : str
        Page title and heading (escaped).

    Returns
    -------
    str
        HTML with no external resource: inline vis-network, script and style, a JSON data
        island, and a Content-Security-Policy allowing just those inline scripts.
    """
    config = {"mode": "static", "title": title}
    scripts = [static_text("vis-network.min.js"), static_text("bkg-graph.js")]
    style = static_text("bkg.css")
    csp = ("default-src 'none'; script-src " + " ".join(csp_hash(s) for s in scripts)
           + f"; style-src {csp_hash(style)}; img-src data:; base-uri 'none'; form-action 'none'")
    template = template_environment().get_template("view.html")
    return template.render(
        title=title, csp=csp, style=Markup(style), scripts=[Markup(s) for s in scripts],
        data=Markup(script_json(payload)), config=Markup(script_json(config)),
        counts=payload["counts"])
