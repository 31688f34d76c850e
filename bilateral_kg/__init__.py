"""bilateral-kg: a knowledge graph of bilateral relations between states, built from text.

The package is three families, in the order the data flows:

- :mod:`bilateral_kg.ontology`: the vocabulary (OWL, SHACL) and the knowledge base.
- :mod:`bilateral_kg.extract`: text -> spaCy Doc -> mentions -> linked entities -> relations.
- :mod:`bilateral_kg.graph`: RDF in an Oxigraph store -> SPARQL, views and exports.
"""

__version__ = "0.1.0"
