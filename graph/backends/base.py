"""The store interface: SPARQL in, plain rows or serialised results out, graphs replaced whole.

Every implementation keeps the same promises:

- a document's graph is replaced in one transaction (readers see the old graph or the new);
- queries see the merge of all graphs as their default graph unless told otherwise: the
  embedded store keeps its default graph as that merge (each statement once), a remote
  server answers with its union default graph;
- results in a SPARQL results format are written by the store, in one writer for the CLI
  and the HTTP endpoint, with an optional row limit that reports truncation.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

#: Media types of SPARQL results (SELECT, ASK) the stores write.
RESULT_MEDIA_TYPES = (
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values",
)
#: Media types of RDF graphs (CONSTRUCT, DESCRIBE, exports) the stores write.
GRAPH_MEDIA_TYPES = (
    "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
    "application/trig", "application/n-quads",
)


class IRI(str):
    """An IRI as a plain string that knows it is one (equal to, and hashed as, its text).

    >>> IRI("http://x/a") == "http://x/a", isinstance(IRI("http://x/a"), IRI)
    (True, True)
    """

    __slots__ = ()

    def __repr__(self):
        return f"IRI({str.__repr__(self)})"


class BlankNode(str):
    """A blank node's label as a plain string that knows it is one."""

    __slots__ = ()

    def __repr__(self):
        return f"BlankNode({str.__repr__(self)})"


class StoreError(Exception):
    """A store could not answer: a bad query (``syntax`` is True) or a failing backend."""

    def __init__(self, message, syntax=False):
        super().__init__(message)
        self.syntax = syntax


class NotAcceptable(Exception):
    """The caller offered no media type for this form of query (``args[0]``: the form)."""


@dataclass
class Solutions:
    """The rows of a SELECT query: ``variables`` and, per row, one value per variable."""

    variables: list
    rows: list = field(default_factory=list)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def dicts(self):
        """The rows as dicts, variable -> value.

        >>> Solutions(["s"], [("a",)]).dicts()
        [{'s': 'a'}]
        """
        return [dict(zip(self.variables, row)) for row in self.rows]


@dataclass
class QueryOutput:
    """A query's answer already written in a media type."""

    form: str        # "select", "ask" or "graph"
    media_type: str
    body: bytes
    count: int = 0
    truncated: bool = False


def replace_graphs_update(graphs):
    """The one SPARQL update that replaces named graphs: ``{graph IRI: triples or None}``.

    Every graph is dropped (silently, if missing) and the new triples (rdflib terms) are
    inserted, in one request, so a store that runs an update as one transaction replaces
    them all or none.

    >>> from rdflib import URIRef
    >>> a = URIRef("http://x/a")
    >>> print(replace_graphs_update({"http://x/g": [(a, a, a)], "http://x/h": None}))
    DROP SILENT GRAPH <http://x/g> ;
    DROP SILENT GRAPH <http://x/h> ;
    INSERT DATA {
    GRAPH <http://x/g> {
    <http://x/a> <http://x/a> <http://x/a> }
    }
    """
    drops = "\n".join(f"DROP SILENT GRAPH <{iri}> ;" for iri in graphs)
    inserts = insert_data_update(graphs)
    return drops + "\n" + inserts if inserts else drops.rstrip(" ;")


def insert_data_update(graphs):
    """``INSERT DATA`` of ``{graph IRI: triples or None}`` (rdflib terms), one ``GRAPH``
    block a graph (its name read once, not once a triple); "" when there is nothing to add.

    >>> from rdflib import URIRef
    >>> a = URIRef("http://x/a")
    >>> print(insert_data_update({"http://x/g": [(a, a, a), (a, a, a)], "http://x/h": None}))
    INSERT DATA {
    GRAPH <http://x/g> {
    <http://x/a> <http://x/a> <http://x/a> .
    <http://x/a> <http://x/a> <http://x/a> }
    }
    """
    n3 = _n3_writer()
    blocks = [f"GRAPH <{iri}> {{\n"
              + " .\n".join(f"{n3(s)} {n3(p)} {n3(o)}" for s, p, o in triples) + " }"
              for iri, triples in graphs.items() if triples]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}" if blocks else ""


def _n3_writer():
    """``term.n3()``, each term written once: a document's graph names its evidence nodes,
    entities and predicates again and again, and rdflib checks and quotes them every time."""
    written = {}

    def n3(term):
        text = written.get(term)
        if text is None:
            text = written[term] = term.n3()
        return text

    return n3


class Store(ABC):
    """An RDF quad store holding the knowledge graph, one named graph per document.

    Parameters of the query methods: ``prefixes`` (prefix -> namespace, predeclared),
    ``default_graphs`` (IRIs making up the default graph; else the merge of all graphs) and
    ``named_graphs`` (IRIs ``GRAPH`` may range over; else all).
    """

    read_only = False

    @abstractmethod
    def select(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        """A SELECT query's :class:`Solutions`."""

    @abstractmethod
    def ask(self, sparql, prefixes=None, default_graphs=None, named_graphs=None):
        """An ASK query's answer as a bool."""

    @abstractmethod
    def write_results(self, sparql, media_types, limit=None, prefixes=None,
                      default_graphs=None, named_graphs=None, output_prefixes=None):
        """Run any query and write its answer; a :class:`QueryOutput`.

        ``media_types`` maps the query's form (``"select"``, ``"ask"``, ``"graph"``) to the
        media type wanted for it, one of :data:`RESULT_MEDIA_TYPES` or
        :data:`GRAPH_MEDIA_TYPES`; a form it does not map raises :class:`NotAcceptable`.
        ``limit`` caps rows or triples (the output says whether it cut any);
        ``output_prefixes`` are declared in Turtle-like outputs.
        """

    @abstractmethod
    def quads(self, subject=None, predicate=None, obj=None, graph=None):
        """``(subject, predicate, object, graph)`` tuples matching a pattern (None: any)."""

    @abstractmethod
    def graph_names(self):
        """IRIs of the named graphs."""

    @abstractmethod
    def has_graph(self, graph):
        """Whether a named graph exists."""

    @abstractmethod
    def replace_graphs(self, graphs):
        """Replace named graphs in one transaction: ``{graph IRI: triples or None}``.

        Triples are ``(subject, predicate, object)`` of rdflib terms; ``None`` drops the graph.
        """

    @abstractmethod
    def load_file(self, path, rdf_format, graph):
        """Load an RDF file (``"turtle"``, ``"ntriples"``...) into a named graph."""

    @abstractmethod
    def load_bytes(self, data, rdf_format, graph=None):
        """Load RDF data; quad formats keep their graphs, triple formats go into ``graph``."""

    @abstractmethod
    def update(self, sparql, prefixes=None):
        """Run a SPARQL update."""

    @abstractmethod
    def dump(self, output, media_type, graphs=None, exclude=(), keep=None, prefixes=None):
        """Write quads (or, for triple formats, distinct triples) to a path or binary file.

        ``graphs`` limits the dump to those graphs, ``exclude`` leaves graphs out, and
        ``keep(subject, predicate, object, graph)`` (plain values) filters quad by quad; a
        ``keep`` with a ``quad_test(node)`` method (the confidence filter) may be asked for a
        test of the store's own terms instead.
        """

    @abstractmethod
    def __len__(self):
        """The number of quads."""

    def flush(self):
        """Make what was written durable (no-op where every write already is)."""

    def close(self):
        """Release the store (and any lock on it)."""
