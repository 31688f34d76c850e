"""Collecting what the components left on a Doc into one document's extraction.

Relations are keyed by their core relation (``supports`` for ``endorses``...), symmetric
ones with their ends in a stable order; each sentence that states a relation is one
:class:`~bilateral_kg.extract.model.Evidence`, the most confident reading of it kept.
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS, core_relation

from .dates import event_date
from .model import DocumentExtraction, Entity, Evidence, Relation
from .text import content_hash

#: Evidence kept per relation and document. A long text that says one thing a thousand times
#: (a digest of repeated boilerplate, a yearbook) would otherwise store a thousand evidence
#: nodes for one relation, and the document's graph, written in one transaction, would grow
#: with the text rather than with what it states. The most confident sentences are kept.
MAX_EVIDENCE = 20


def doc_to_extraction(doc, doc_id, text, source_path=None, title=None, date=None, offset=0,
                      text_hash=None, extractor_version=""):
    """A processed Doc's entities and relations as a :class:`DocumentExtraction`.

    ``doc`` may cover only ``text[offset:]`` (a chunk of a long text): evidence offsets are
    into ``text``.
    """
    relations = {}
    sentences = {}  # first token -> what _sentence found (a sentence states several readings)
    for reading in doc._.bkg_relations or []:
        sent = doc[reading.token].sent
        if sent.start not in sentences:
            sentences[sent.start] = _sentence(sent, text, offset, date)
        _add_reading(relations, reading, _evidence(doc_id, reading, *sentences[sent.start]))
    return DocumentExtraction(
        doc_id=doc_id, text=text, source_path=source_path,
        content_hash=text_hash or content_hash(text), title=title, date=date,
        entities=dict(doc._.bkg_entities or {}), relations=list(relations.values()),
        extractor_version=extractor_version,
    )


def _sentence(sent, text, offset, document_date):
    """``(start, end, sentence, dated, from_document)`` of a sentence stating readings."""
    # From its first word to its last: blanked page furniture at its edges is not part of it.
    words = [t for t in sent if not t.is_space] or [sent[0]]
    start, end = offset + words[0].idx, offset + words[-1].idx + len(words[-1].text)
    sentence = text[start:end].strip()
    dated = event_date(sentence, document_date)
    if dated is None and document_date:
        dated, from_document = (document_date, "day"), True
    else:
        from_document = False
    return start, end, sentence, dated, from_document


def _evidence(doc_id, reading, start, end, sentence, dated, from_document):
    return Evidence(doc_id=doc_id, sentence=sentence, start=start, end=end,
                    cue=reading.cue, rule=reading.rule,
                    confidence=round(min(reading.confidence, 0.99), 2), modality=reading.modality,
                    date=dated and dated[0], date_precision=dated and dated[1],
                    date_from_document=from_document)


def _add_reading(relations, reading, evidence):
    core = core_relation(reading.relation)
    s, o = reading.subject, reading.object
    if core in SYMMETRIC_RELATIONS and o < s:
        s, o = o, s
    relation = relations.get((s, core, o))
    if relation is None:
        relation = relations[(s, core, o)] = Relation(s, core, o)
    if reading.finer:
        relation.predicate = reading.finer
    _add_evidence(relation, evidence)


def _add_evidence(relation, evidence, limit=MAX_EVIDENCE):
    """Add a sentence's evidence: one per sentence, at most ``limit``, the most confident.

    >>> r = Relation("a", "supports", "b")
    >>> for start, confidence in [(0, 0.5), (9, 0.7), (0, 0.8), (20, 0.6)]:
    ...     _add_evidence(r, Evidence("d", "s", start, start + 5, "c", "x", confidence), limit=2)
    >>> [(e.start, e.confidence) for e in r.evidence]
    [(0, 0.8), (9, 0.7)]
    """
    same_sentence = [e for e in relation.evidence if e.start == evidence.start]
    if same_sentence:
        if same_sentence[0].confidence < evidence.confidence:
            relation.evidence[relation.evidence.index(same_sentence[0])] = evidence
    elif len(relation.evidence) < limit:
        relation.evidence.append(evidence)
    else:
        weakest = min(relation.evidence, key=lambda e: e.confidence)
        if weakest.confidence < evidence.confidence:
            relation.evidence[relation.evidence.index(weakest)] = evidence


def merge_extractions(parts):
    """One extraction from those of a text's chunks, in order (entities and relations unite).

    >>> from bilateral_kg.extract.model import DocumentExtraction, Entity
    >>> a = DocumentExtraction("d", "t", entities={"country/KEN": Entity("country/KEN", "Kenya", "Country", names={"Kenya"})})
    >>> b = DocumentExtraction("d", "t", entities={"country/KEN": Entity("country/KEN", "Kenya", "Country", names={"Kenyan"})})
    >>> sorted(merge_extractions([a, b]).entities["country/KEN"].names)
    ['Kenya', 'Kenyan']
    """
    failed = [part for part in parts if isinstance(part, Exception)]
    if failed:
        return failed[0]
    first = parts[0]
    entities, relations = {}, {}
    for part in parts:
        for key, entity in part.entities.items():
            _merge_entity(entities, key, entity)
        for relation in part.relations:
            _merge_relation(relations, relation)
    first.entities, first.relations = entities, list(relations.values())
    return first


def _merge_entity(entities, key, entity):
    known = entities.get(key)
    if known is None:
        entities[key] = Entity(entity.key, entity.label, entity.type, entity.in_kb,
                               entity.wikidata, set(entity.names), set(entity.aliases))
        return
    known.names |= entity.names
    known.aliases |= entity.aliases


def _merge_relation(relations, relation):
    key = (relation.subject, core_relation(relation.predicate), relation.object)
    known = relations.get(key)
    if known is None:
        relations[key] = Relation(relation.subject, relation.predicate, relation.object,
                                  list(relation.evidence))
        return
    if relation.predicate != key[1]:
        known.predicate = relation.predicate
    for evidence in relation.evidence:
        _add_evidence(known, evidence)
