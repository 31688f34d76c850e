"""Stores behind one interface: what the knowledge graph asks of an RDF quad store.

:class:`~.base.Store` is the interface; :class:`~.oxigraph.OxigraphStore` the embedded
default (an Oxigraph database on disk or in memory); :class:`~.sparql_http.SparqlStore` any
SPARQL 1.1 server, chosen by an ``http://`` or ``https://`` location. Nothing outside this package talks to
a store's own API, so a remote SPARQL 1.1 store can stand in for the embedded one.

Terms cross the boundary as plain strings: IRIs as :class:`~.base.IRI`, blank nodes as
:class:`~.base.BlankNode` (both ``str`` subclasses equal to their text), literals as their
lexical form (a plain ``str``), unbound as ``None``. Data to write goes in as rdflib terms.
"""
from .base import IRI, BlankNode, NotAcceptable, QueryOutput, Solutions, Store, StoreError
from .oxigraph import OxigraphStore
from .sparql_http import SparqlStore, is_remote

__all__ = ["IRI", "BlankNode", "NotAcceptable", "OxigraphStore", "QueryOutput", "Solutions", "SparqlStore", "Store",
           "StoreError", "is_remote", "open_backend"]


def open_backend(location=None, read_only=False):
    """The store at ``location``: a SPARQL server's ``http(s)://`` URL, a folder (created if
    missing) or ``None`` for memory.

    >>> store = open_backend(None)
    >>> len(store)
    0
    """
    if is_remote(location):
        return SparqlStore(location, read_only=read_only)
    return OxigraphStore(location, read_only=read_only)
