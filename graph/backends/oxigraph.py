r"""The embedded store: an Oxigraph database in a folder (or in memory), no server needed.

This module is the only one that talks to pyoxigraph's store API.

>>> store = OxigraphStore(None)
>>> from rdflib import Literal, URIRef
>>> triple = (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x"))
>>> store.replace_graphs({"http://example.org/g": [triple]})
>>> store.select("SELECT ?s ?o WHERE { ?s ?p ?o }").dicts()
[{'s': IRI('http://example.org/a'), 'o': 'x'}]
>>> store.write_results("SELECT ?o WHERE { ?s ?p ?o }", {"select": "text/csv"}).body
b'o\r\nx\r\n'
"""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .base import (
    IRI, BlankNode, GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, NotAcceptable, QueryOutput, Solutions, Store, StoreError,
    replace_graphs_update,
)

_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}


def to_value(term):
    """A pyoxigraph term as a plain value (IRI, BlankNode, or a literal's lexical ``str``).

    >>> to_value(ox.NamedNode("http://x/a")), to_value(ox.Literal("1.5")), to_value(None)
    (IRI('http://x/a'), '1.5', None)
    """
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return IRI(term.value)
    if kind is ox.Literal:
        return term.value
    if kind is ox.BlankNode:
        return BlankNode(term.value)
    if kind is ox.DefaultGraph:
        return None
    return str(term)  # an RDF-star triple, in N-Triples syntax


def to_node(value):
    """A subject, predicate or graph given as a value (a ``str`` is an IRI) as a pyoxigraph term."""
    if value is None:
        return None
    if isinstance(value, (BNode, BlankNode)):
        return ox.BlankNode(str(value))
    return ox.NamedNode(str(value))


def to_object(value):
    """An object given as a value: IRI, BlankNode and rdflib nodes are nodes, else a literal."""
    if value is None:
        return None
    if isinstance(value, (IRI, BlankNode, URIRef, BNode)):
        return to_node(value)
    if isinstance(value, Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
    return ox.Literal(str(value))


class OxigraphStore(Store):
    """An Oxigraph database: a folder, or ``None`` for a store in memory.

    Its default graph is kept as the merge of its named graphs (each statement once; see
    :mod:`~bilateral_kg.graph.summaries`), and queries read it once
    :attr:`union_default` is turned off (a store whose merge is current); until then they
    read the union of the named graphs.

    Parameters
    ----------
    location : str, pathlib.Path or None
    read_only : bool
        Open an existing store for reading only; several readers may share it.
    """

    merges_default_graph = True

    def __init__(self, location=None, read_only=False):
        self.location = None if location is None else str(location)
        self.read_only = read_only
        self.union_default = True
        if location is None:
            self._store = ox.Store()
        elif read_only:
            if not Path(location).exists():
                raise FileNotFoundError(f"no knowledge graph at {location}: run `bkg ingest` first")
            self._store = ox.Store.read_only(str(location))
        else:
            self._store = ox.Store(str(location))

    # -- queries ---------------------------------------------------------------------------
    def _query(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        options = {"prefixes": prefixes or {}}
        if default_graphs:
            options["default_graph"] = [to_node(g) for g in default_graphs]
        elif self.union_default:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [to_node(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as err:
            raise StoreError(str(err), syntax=True) from err
        except OSError as err:
            raise StoreError(f"the store could not answer: {err}") from err

    def select(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        return solutions_of(self._query(sparql, prefixes, default_graphs, named_graphs))

    def ask(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        return boolean_of(self._query(sparql, prefixes, default_graphs, named_graphs))

    def write_results(self, sparql, media_types, limit=None, prefixes=None,
                      default_graphs=None, named_graphs=None, output_prefixes=None):
        result = self._query(sparql, prefixes, default_graphs, named_graphs)
        return written_answer(result, media_types, limit, output_prefixes)

    # -- patterns and graphs -----------------------------------------------------------------
    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        pattern = self._store.quads_for_pattern(to_node(subject), to_node(predicate),
                                                to_object(obj), to_node(graph))
        for quad in pattern:
            if graph is None and isinstance(quad.graph_name, ox.DefaultGraph):
                continue  # any named graph: the merged default graph only repeats them
            yield (to_value(quad.subject), to_value(quad.predicate), to_value(quad.object),
                   to_value(quad.graph_name))

    def graph_names(self):
        return [IRI(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def has_graph(self, graph):
        return self._store.contains_named_graph(to_node(graph))

    def replace_graphs(self, graphs):
        if not graphs:
            return
        # One update is one transaction: readers see the old graphs or the new ones.
        self._store.update(replace_graphs_update(graphs))

    def load_file(self, path, rdf_format, graph):
        self._store.load(path=str(path), format=_RDF_FORMATS[rdf_format], to_graph=to_node(graph))

    def load_bytes(self, data, rdf_format, graph=None):
        self._store.load(data, format=_RDF_FORMATS[rdf_format], to_graph=to_node(graph))

    def update(self, sparql, prefixes=None):
        try:
            self._store.update(sparql, prefixes=prefixes or {})
        except SyntaxError as err:
            raise StoreError(str(err), syntax=True) from err

    def dump(self, output, media_type, graphs=None, exclude=(), keep=None, prefixes=None):
        fmt = ox.RdfFormat.from_media_type(media_type)
        quads = self._dump_quads(graphs, set(exclude), keep)
        data = quads if fmt.supports_datasets else _distinct_triples(quads)
        target = str(output) if hasattr(output, "__fspath__") or isinstance(output, str) else output
        if isinstance(target, io.TextIOBase):
            target.write(ox.serialize(data, None, fmt, prefixes=_prefixes_for(fmt, prefixes))
                         .decode("utf-8"))
            return
        ox.serialize(data, target, fmt, prefixes=_prefixes_for(fmt, prefixes))

    def _dump_quads(self, graphs, exclude, keep):
        if graphs is None:  # every named graph, one by one: the merged default graph is not read
            graphs = [g.value for g in self._store.named_graphs() if g.value not in exclude]
        sources = (q for g in graphs for q in self._store.quads_for_pattern(
            None, None, None, to_node(g)))
        # A filter that can test the store's terms is spared a conversion to text per quad
        test = keep.quad_test(ox.NamedNode) if hasattr(keep, "quad_test") else None
        excluded = {ox.NamedNode(g) for g in exclude}
        for quad in sources:
            graph = quad.graph_name
            if graph in excluded or isinstance(graph, ox.DefaultGraph):
                continue  # the default graph is the merge of the others: not dumped
            if test is not None:
                named = graph if isinstance(graph, ox.NamedNode) else None
                if not test(quad.subject, quad.predicate, quad.object, named):
                    continue
            elif keep is not None and not keep(quad.subject.value, quad.predicate.value,
                                               quad.object.value, getattr(graph, "value", None)):
                continue
            yield quad

    def optimize(self):
        """Compact the store's files (a rebuild of the derived graphs leaves much behind)."""
        if self.location is not None and not self.read_only:
            self._store.optimize()

    def __len__(self):
        """Quads in the named graphs (the merged default graph repeats them)."""
        return len(self._store) - self._default_graph_size()

    def _default_graph_size(self):
        answer = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(answer))[0].value)

    def default_graph_quads(self):
        """The default graph's triples as plain ``(s, p, o, None)`` tuples."""
        return [(to_value(q.subject), to_value(q.predicate), to_value(q.object), None)
                for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())]

    def flush(self):
        if self.location is not None and not self.read_only:
            self._store.flush()

    def close(self):
        if self._store is not None:
            self.flush()
            self._store = None


def solutions_of(result):
    """A pyoxigraph SELECT answer as :class:`Solutions` of plain values."""
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("not a SELECT query")
    names = [v.value for v in result.variables]
    # a solution iterates over its values in the variables' order (None where unbound):
    # quicker than looking each up by name, and the writer reads many rows per transaction
    return Solutions(names, [tuple(map(to_value, s)) for s in result])


def boolean_of(result):
    """A pyoxigraph ASK answer as a bool."""
    if not isinstance(result, ox.QueryBoolean):
        raise ValueError("not an ASK query")
    return bool(result)


def written_answer(result, media_types, limit=None, output_prefixes=None):
    """Any pyoxigraph answer written in the media type asked for its form (the one results
    writer: :meth:`Store.write_results` of every store that can read answers into pyoxigraph)."""
    if isinstance(result, ox.QueryBoolean):
        media_type = _media_type(media_types, "ask", RESULT_MEDIA_TYPES)
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        return QueryOutput("ask", media_type, result.serialize(None, fmt), 1)
    if isinstance(result, ox.QuerySolutions):
        media_type = _media_type(media_types, "select", RESULT_MEDIA_TYPES)
        fmt = ox.QueryResultsFormat.from_media_type(media_type)
        return _solutions_output(result, media_type, fmt, limit)
    media_type = _media_type(media_types, "graph", GRAPH_MEDIA_TYPES)
    fmt = ox.RdfFormat.from_media_type(media_type)
    triples, truncated = _take(result, limit)
    body = ox.serialize(triples, None, fmt, prefixes=_prefixes_for(fmt, output_prefixes)) or b""
    return QueryOutput("graph", media_type, body, len(triples), truncated)


def _media_type(media_types, form, supported):
    media_type = media_types.get(form)
    if media_type is None:
        raise NotAcceptable(form)
    if media_type not in supported:
        raise ValueError(f"{media_type} cannot hold the answer of a {form} query")
    return media_type


def _take(iterator, limit):
    items = []
    for item in iterator:
        if limit is not None and len(items) >= limit:
            return items, True
        items.append(item)
    return items, False


def _solutions_output(result, media_type, fmt, limit):
    if limit is None:
        body = result.serialize(None, fmt)
        return QueryOutput("select", media_type, body, -1)
    names = [v.value for v in result.variables]
    rows, truncated = _take(result, limit)
    # SPARQL TSV is the terms in N-Triples syntax: re-read by pyoxigraph, it writes any format.
    tsv = "\t".join("?" + n for n in names) + "\n" + "".join(
        "\t".join("" if s[n] is None else str(s[n]) for n in names) + "\n" for s in rows)
    if fmt == ox.QueryResultsFormat.TSV:
        body = tsv.encode("utf-8")
    else:
        body = ox.parse_query_results(tsv.encode("utf-8"), ox.QueryResultsFormat.TSV).serialize(None, fmt)
    return QueryOutput("select", media_type, body, len(rows), truncated)


def _prefixes_for(fmt, prefixes):
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        return prefixes
    return None


def _distinct_triples(quads):
    seen = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple
