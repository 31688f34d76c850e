"""Vocabulary and knowledge base of bilateral-kg.

This family imports nothing from :mod:`bilateral_kg.extract` or :mod:`bilateral_kg.graph`.
"""
from .vocab import BKG, CORE_RELATIONS, ID, DOC, SYMMETRIC_RELATIONS, core_relation, ontology_path
from .kb import KnowledgeBase, KBEntity, load_kb

__all__ = [
    "BKG", "CORE_RELATIONS", "ID", "DOC", "SYMMETRIC_RELATIONS", "core_relation",
    "ontology_path", "KnowledgeBase", "KBEntity", "load_kb",
]
