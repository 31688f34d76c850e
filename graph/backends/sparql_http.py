r"""A remote store: any SPARQL 1.1 server, over the SPARQL Protocol and the Graph Store Protocol.

``SparqlStore("http://127.0.0.1:7878")`` talks to ``oxigraph serve`` (its ``/query``,
``/update`` and ``/store`` endpoints); other servers name their endpoints with
``query_url``, ``update_url`` and ``gsp_url`` (or ``$BKG_SPARQL_QUERY_URL``,
``$BKG_SPARQL_UPDATE_URL``, ``$BKG_SPARQL_STORE_URL``; an empty Graph Store URL loads
files with ``INSERT DATA`` instead). Credentials: ``http://user:password@host/...`` (HTTP
Basic) or a bearer token, ``token=`` or ``$BKG_SPARQL_TOKEN``. Only the standard library
speaks HTTP.

What the server must do, and what this store does with it:

- queries see the union of the named graphs as their default graph: ``oxigraph serve
  --union-default-graph``, or the matching setting of another server. The store checks it
  with one ASK before the first such query and refuses, with a message, a server that does
  not (a query naming its dataset, ``default_graphs``, needs no union);
- :meth:`SparqlStore.replace_graphs` is one update request (``DROP SILENT GRAPH`` and
  ``INSERT DATA``): atomic where the server runs an update request as one transaction, as
  Oxigraph does, and only as atomic as the server makes it elsewhere;
- answers come back as SPARQL JSON results or N-Triples and are written by pyoxigraph, the
  writer of the embedded store, so both stores write the same bytes for the same answer;
- only named graphs are read (``quads``, ``dump``, ``len``): the project writes nothing else.

Every failure is a :class:`~.base.StoreError` naming the URL.
"""
from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

from .base import IRI, Store, StoreError, replace_graphs_update
from .oxigraph import (
    _RDF_FORMATS, OxigraphStore, boolean_of, solutions_of, to_node, to_object, to_value,
    written_answer,
)

_JSON = "application/sparql-results+json"
_ACCEPT = f"{_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
_MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples",
                "nquads": "application/n-quads", "trig": "application/trig",
                "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
#: A named graph's triple that the default graph lacks: the server's default graph is no union.
_NO_UNION = ("ASK { { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 } "
             "FILTER NOT EXISTS { ?s ?p ?o } }")
_ANY_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"


def is_remote(location):
    """Whether a store location is a SPARQL server's URL rather than a folder.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("bkg-store"), is_remote(None)
    (True, False, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


class SparqlStore(Store):
    """A SPARQL 1.1 server holding the knowledge graph, one named graph per document.

    Parameters
    ----------
    url : str
        The server's base URL; the endpoints default to Oxigraph server's below it.
    query_url, update_url, gsp_url : str, optional
        The query, update and Graph Store endpoints (else the ``$BKG_SPARQL_*_URL``
        variables, else ``URL/query``, ``URL/update``, ``URL/store``). ``gsp_url=""``: the
        server has none; files are loaded with ``INSERT DATA``.
    read_only : bool
        Refuse to write (the server is not asked to).
    timeout : float
        Seconds a request may take.
    token : str, optional
        Sent as ``Authorization: Bearer`` (else ``$BKG_SPARQL_TOKEN``, if set).
    """

    def __init__(self, url, query_url=None, update_url=None, gsp_url=None, read_only=False,
                 timeout=120.0, token=None):
        base = url.rstrip("/")
        self.location = url
        self.read_only = read_only
        self.timeout = float(timeout)
        env = os.environ.get
        self.query_url = _first(query_url, env("BKG_SPARQL_QUERY_URL"), base + "/query")
        self.update_url = _first(update_url, env("BKG_SPARQL_UPDATE_URL"), base + "/update")
        self.gsp_url = _first(gsp_url, env("BKG_SPARQL_STORE_URL"), base + "/store")
        self.token = token or env("BKG_SPARQL_TOKEN") or None
        self._union_checked = False
        self._request(self.query_url, {"query": "ASK {}"}, _JSON)  # reachable, and a SPARQL server

    # -- HTTP --------------------------------------------------------------------------------
    def _request(self, url, form=None, accept=None, body=None, content_type=None,
                 method="POST"):
        """The response body and content type of one request; :class:`StoreError` on failure."""
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type} if content_type else {}
        if accept:
            headers["Accept"] = accept
        url, credentials = _split_credentials(url)
        if credentials:
            headers["Authorization"] = "Basic " + credentials
        elif self.token:
            headers["Authorization"] = "Bearer " + self.token
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return response.read(), kind
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"the SPARQL server at {url} answered {err.code} {err.reason}"
                             + (f": {detail}" if detail else ""),
                             syntax=err.code == 400) from err
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from err

    def _run(self, sparql, prefixes=None, default_graphs=None, named_graphs=None, union=True):
        """Parsed answer of a query: a ``QuerySolutions``, a ``QueryBoolean`` or triples.

        ``union=False``: the query reads named graphs only (``GRAPH``), so the default graph
        need not be their union.
        """
        if union and not default_graphs:
            self._check_union()
        form = {"query": _with_prefixes(sparql, prefixes)}
        if default_graphs:
            form["default-graph-uri"] = [str(g) for g in default_graphs]
        if named_graphs:
            form["named-graph-uri"] = [str(g) for g in named_graphs]
        body, kind = self._request(self.query_url, form, _ACCEPT)
        try:
            if kind in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            return list(ox.parse(body, ox.RdfFormat.from_media_type(kind or "text/turtle")))
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"the SPARQL server at {self.query_url} sent an answer that "
                             f"does not parse as {kind or 'anything'}: {err}") from err

    def _check_union(self):
        """Refuse a server whose default graph is not the union of its graphs (checked once)."""
        if self._union_checked:
            return
        if not _boolean(self._request(self.query_url, {"query": _ANY_GRAPH}, _JSON)):
            return  # no data yet: nothing to tell
        if _boolean(self._request(self.query_url, {"query": _NO_UNION}, _JSON)):
            raise StoreError(
                f"the SPARQL server at {self.query_url} does not query the union of its "
                "named graphs by default; start it with `oxigraph serve "
                "--union-default-graph` (README, 'Other stores', for other servers)")
        self._union_checked = True

    def _write(self, sparql):
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        self._request(self.update_url, {"update": sparql})

    # -- queries -------------------------------------------------------------------------------
    def select(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        return solutions_of(self._run(sparql, prefixes, default_graphs, named_graphs))

    def ask(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        return boolean_of(self._run(sparql, prefixes, default_graphs, named_graphs))

    def write_results(self, sparql, media_types, limit=None, prefixes=None,
                      default_graphs=None, named_graphs=None, output_prefixes=None):
        result = self._run(sparql, prefixes, default_graphs, named_graphs)
        return written_answer(result, media_types, limit, output_prefixes)

    # -- patterns and graphs -----------------------------------------------------------------
    def _quad_terms(self, subject=None, predicate=None, obj=None, graph=None, exclude=()):
        """Matching quads as pyoxigraph terms, read with one SELECT over the named graphs."""
        terms = [to_node(subject), to_node(predicate), to_object(obj), to_node(graph)]
        names = ["?s", "?p", "?o", "?g"]
        s, p, o, g = (names[i] if t is None else str(t) for i, t in enumerate(terms))
        unwanted = ", ".join(str(to_node(name)) for name in exclude)
        where = f"FILTER (?g NOT IN ({unwanted}))" if unwanted and graph is None else ""
        result = self._run(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} {where} }}",
                           union=False)
        for row in result:
            yield tuple(terms[i] if terms[i] is not None else row[names[i][1:]]
                        for i in range(4))

    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        for quad in self._quad_terms(subject, predicate, obj, graph):
            yield tuple(to_value(term) for term in quad)

    def graph_names(self):
        rows = self._run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                         union=False)
        return [IRI(row["g"].value) for row in rows if isinstance(row["g"], ox.NamedNode)]

    def has_graph(self, graph):
        return bool(self._run(f"ASK {{ GRAPH {to_node(graph)} {{ ?s ?p ?o }} }}",
                              union=False))

    def replace_graphs(self, graphs):
        if graphs:
            self._write(replace_graphs_update(graphs))

    def load_file(self, path, rdf_format, graph):
        with open(path, "rb") as handle:
            self.load_bytes(handle.read(), rdf_format, graph)

    def load_bytes(self, data, rdf_format, graph=None):
        fmt = _RDF_FORMATS[rdf_format]
        if not fmt.supports_datasets:
            self._post_graph(data, _MEDIA_TYPES[rdf_format], graph)
            return
        by_graph = {}
        for quad in ox.parse(data, fmt):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            by_graph.setdefault(name, []).append(quad.triple)
        for name, triples in by_graph.items():
            self._post_graph(ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b"",
                             "application/n-triples", name or graph)

    def _post_graph(self, data, media_type, graph):
        """Add triples to a graph: Graph Store ``POST``, or ``INSERT DATA`` without one."""
        if self.read_only:
            raise StoreError(f"the store at {self.location} was opened read-only")
        if not self.gsp_url:
            fmt = ox.RdfFormat.from_media_type(media_type)
            lines = " ".join(f"{t} ." for t in ox.parse(data, fmt))
            target = f"GRAPH {to_node(graph)} {{ {lines} }}" if graph else lines
            self._write(f"INSERT DATA {{ {target} }}")
            return
        where = {"graph": str(graph)} if graph else {"default": ""}
        url = self.gsp_url + ("&" if "?" in self.gsp_url else "?") + urllib.parse.urlencode(where)
        self._request(url, body=data, content_type=media_type)

    def update(self, sparql, prefixes=None):
        self._write(_with_prefixes(sparql, prefixes))

    def dump(self, output, media_type, graphs=None, exclude=(), keep=None, prefixes=None):
        # Read the quads once and let the embedded store's writer write them (in memory).
        copy = OxigraphStore(None)
        exclude = set(exclude)
        sources = [None] if graphs is None else list(graphs)
        quads = [ox.Quad(*quad) for source in sources
                 for quad in self._quad_terms(graph=source, exclude=exclude)
                 if quad[3].value not in exclude]
        copy._store.extend(quads)
        copy.dump(output, media_type, keep=keep, prefixes=prefixes)

    def __len__(self):
        rows = self._run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                         union=False)
        return int(next(iter(rows))["n"].value)


def _split_credentials(url):
    """The URL without its ``user:password@`` and those credentials for HTTP Basic (or None).

    >>> _split_credentials("http://me:pw@h:1/q")
    ('http://h:1/q', 'bWU6cHc=')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    user = urllib.parse.unquote(parts.username) + ":" + urllib.parse.unquote(parts.password or "")
    host = parts.netloc.rsplit("@", 1)[1]
    return (urllib.parse.urlunsplit(parts._replace(netloc=host)),
            base64.b64encode(user.encode("utf-8")).decode("ascii"))


def _first(*values):
    return next(v for v in values if v is not None)


def _boolean(answer):
    body, _ = answer
    try:
        return bool(json.loads(body)["boolean"])
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(f"a SPARQL server answered an ASK with {body[:200]!r}") from err


def _with_prefixes(sparql, prefixes):
    """The query or update with ``prefixes`` declared before it, on its first line (so that
    the server's error messages count lines as the caller does).

    >>> _with_prefixes("ASK {}", {"ex": "http://x/"})
    'PREFIX ex: <http://x/> ASK {}'
    """
    if not prefixes:
        return sparql
    return "".join(f"PREFIX {p}: <{ns}> " for p, ns in prefixes.items()) + sparql
