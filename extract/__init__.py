"""Extraction: text -> spaCy Doc -> mentions -> linked entities -> relations with evidence.

The spaCy components (``bkg_attributes``, ``bkg_paragraphs``, ``bkg_mentions``,
``bkg_relations``) are registered when this package is imported; their rules and word lists
are the JSON Lines files in ``extract/patterns`` (``bkg_attributes`` takes the model's).
"""
from .model import DocumentExtraction, Entity, Evidence, Relation
from .pipeline import (
    EXTRACTOR_VERSION, build_pipeline, default_pipeline, extract_documents, extract_file,
    extract_text,
)
from .text import InputError, read_document

__all__ = [
    "DocumentExtraction", "Entity", "Evidence", "Relation", "EXTRACTOR_VERSION",
    "build_pipeline", "default_pipeline", "extract_documents", "extract_file", "extract_text",
    "InputError", "read_document",
]
