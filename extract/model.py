"""What extraction produces: entities, relations and the evidence for each relation.

These are plain data classes, free of spaCy, so the graph family can turn them into RDF
without knowing how they were read. :class:`Mention` and :class:`Reading` are what the
components leave on a Doc on the way (``doc._.bkg_mentions``, ``doc._.bkg_facts``,
``doc._.bkg_relations``), before :func:`~bilateral_kg.extract.collect.doc_to_extraction`
collects them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

FACTUAL = "factual"
PLANNED = "planned"


@dataclass
class Entity:
    """A thing a document speaks of.

    ``key`` is the knowledge-base key (``country/LSO``) when the entity is linked to the KB,
    else a key minted from its type and name (``project/mafeteng-solar-energy-power-plant``).
    ``names`` are the surface forms the document used for it; ``aliases`` the other names
    the knowledge base knows it by (so that a reader who calls it otherwise still finds it).
    """

    key: str
    label: str
    type: str
    in_kb: bool = False
    wikidata: str | None = None
    names: set = field(default_factory=set)
    aliases: set = field(default_factory=set)


@dataclass
class Mention:
    """Tokens ``start:end`` of a document name ``key`` (or, for a group, ``members``)."""

    start: int
    end: int
    key: str | None
    type: str
    via: str
    members: tuple = ()

    @property
    def keys(self):
        return self.members if self.members else (self.key,)


@dataclass
class Reading:
    """One relation read at one token: from a clause (``bkg_relations``) or from the shape of
    a name ("Chinese Foreign Minister Wang Yi" -> ``officialOf``, ``bkg_mentions``)."""

    subject: str
    relation: str
    object: str
    token: int
    cue: str
    rule: str
    confidence: float
    modality: str = FACTUAL
    finer: str | None = None


@dataclass
class Evidence:
    """Where and how one relation was read."""

    doc_id: str
    sentence: str
    start: int
    end: int
    cue: str
    rule: str
    confidence: float
    modality: str = FACTUAL
    date: str | None = None            # ISO date of the event, when known
    date_precision: str | None = None  # "day", "week", "month" or "year"
    date_from_document: bool = False   # the sentence names no date: the document's is used


@dataclass
class Relation:
    """``subject predicate object`` between two entity keys, with every evidence for it."""

    subject: str
    predicate: str
    object: str
    evidence: list = field(default_factory=list)

    @property
    def confidence(self):
        """The best evidence's confidence: one sure reading is enough."""
        return max((e.confidence for e in self.evidence), default=0.0)

    @property
    def modality(self):
        """Factual as soon as one evidence states it as a fact."""
        if any(e.modality == FACTUAL for e in self.evidence):
            return FACTUAL
        return PLANNED


@dataclass
class DocumentExtraction:
    """Everything read from one document."""

    doc_id: str
    text: str
    source_path: str | None = None
    content_hash: str = ""
    title: str | None = None
    date: str | None = None
    entities: dict = field(default_factory=dict)
    relations: list = field(default_factory=list)
    extractor_version: str = ""

    def relation_triples(self):
        """The set of ``(subject label, predicate, object label)``, for reading and tests."""
        label = {k: e.label for k, e in self.entities.items()}
        return {(label[r.subject], r.predicate, label[r.object]) for r in self.relations}
