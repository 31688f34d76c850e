"""Stores behind one interface: what the knowledge graph asks of an RDF quad store.

:class:`~.base.Store` is the interface; :class:`~.oxigraph.OxigraphStore` the embedded
default (an Oxigraph database on disk or in memory). Nothing outside this package talks to
a store's own API, so a remote SPARQL 1.1 store can stand in for the embedded one.

Terms cross the boundary as plain strings: IRIs as :class:`~.base.IRI`, blank nodes as
:class:`~.base.BlankNode` (both ``str`` subclasses equal to their text), literals as their
lexical form (a plain ``str``), unbound as ``None``. Data to write goes in as rdflib terms.
"""
from .base import IRI, BlankNode, NotAcceptable, QueryOutput, Solutions, Store, StoreError
from .oxigraph import OxigraphStore

__all__ = ["IRI", "BlankNode", "NotAcceptable", "OxigraphStore", "QueryOutput", "Solutions", "Store", "StoreError", "open_backend"]


def open_backend(location=None, read_only=False):
    """The store at ``location``: a folder (created if missing) or ``None`` for memory.

    >>> store = open_backend(None)
    >>> len(store)
    0
    """
    return OxigraphStore(location, read_only=read_only)
