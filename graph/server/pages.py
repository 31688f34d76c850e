"""What the server shows besides SPARQL results: templates, static files, example queries.

Every page is served with :data:`SECURITY_HEADERS`: a strict Content-Security-Policy (scripts
and styles from the server only, no inline script) and its companions.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..examples import example_queries as shipped_examples

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
#: Headers every response carries.
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Resource-Policy": "same-origin",
}
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}


def example_queries():
    """The shipped example queries as dicts (name, title, description, query), by file name;
    parameters are bound to their defaults (the page's user edits them in the query)."""
    return [{"name": q.name, "title": q.title, "description": q.description, "query": q.render()}
            for q in shipped_examples().values()]


def vocabulary_terms():
    """The classes and properties of ``ontology/bkg.ttl``, for the query editor's completion.

    >>> next(t for t in vocabulary_terms() if t["name"] == "supports")["kind"]
    'property'
    """
    from rdflib import OWL, RDF, RDFS, SKOS, Graph

    from ..rdf import PREFIXES
    graph = Graph().parse(data=resources.files("bilateral_kg.ontology").joinpath("bkg.ttl")
                          .read_text(encoding="utf-8"), format="turtle")
    base = PREFIXES["bkg"]
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "property", OWL.DatatypeProperty: "property",
             RDF.Property: "property", OWL.AnnotationProperty: "property"}
    terms = {}
    for subject in set(graph.subjects(RDF.type)):
        if not str(subject).startswith(base):
            continue
        name = str(subject)[len(base):]
        found = [kinds[k] for k in graph.objects(subject, RDF.type) if k in kinds]
        terms[name] = {"prefix": "bkg", "name": name, "kind": found[0] if found else "individual",
                           "label": str(graph.value(subject, RDFS.label) or ""),
                           "definition": str(graph.value(subject, SKOS.definition) or "")}
    return sorted(terms.values(), key=lambda t: t["name"].lower())


class Pages:
    """Templates and static files, read once."""

    def __init__(self):
        from ..pages import template_environment
        self.env = template_environment()
        self.static = resources.files("bilateral_kg.graph").joinpath("static")
        self.examples = example_queries()
        self.terms = vocabulary_terms()

    def state_names(self):
        """The knowledge base's states as ``(ISO3 code, name)``, by name, for the dyad form.

        >>> ("LSO", "Lesotho") in Pages.__new__(Pages).state_names()
        True
        """
        if getattr(self, "_states", None) is None:
            from bilateral_kg.ontology.kb import load_kb
            self._states = sorted(((e.key.split("/", 1)[1], e.label) for e in load_kb()
                                   if e.type == "Country"), key=lambda s: s[1].casefold())
        return self._states

    def render(self, name, **values):
        """A template rendered to UTF-8 bytes."""
        return self.env.get_template(name).render(**values).encode("utf-8")

    def static_file(self, name):
        """``(bytes, content type)`` of a file of ``graph/static``, or None.

        >>> Pages.__new__(Pages).static_file("../server.py") is None
        True
        """
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
            return None
        entry = self.static.joinpath(name)
        if not entry.is_file():
            return None
        return entry.read_bytes(), _STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")
