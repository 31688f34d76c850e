"""Paragraphs and datelines: the ``bkg_paragraphs`` component, before the parser.

Line breaks end sentences where the text's layout says so, so that a headline or byline
does not run into the first sentence and a dateline ('KINGSTOWN, St Vincent -') is not
read as the subject. The punctuation it consults is the lexicon's ``dateline_ends``,
``clause_end_marks`` and ``dangling_marks``.
"""
from __future__ import annotations

import functools

from spacy.language import Language

from .lexicon import load_lexicon

# A line that ends on one of these parts of speech stops mid-phrase; grammar, not vocabulary.
_CONTINUATION_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ"})
# A dateline is short: its end sign comes within this many tokens of the paragraph start.
_DATELINE_MAX_TOKENS = 14
# A line indented by this many spaces (or a tab) starts a paragraph.
_PARAGRAPH_INDENT = 2


class ParagraphBreaker:
    """The ``bkg_paragraphs`` component: sets ``is_sent_start`` from the text's layout."""

    def __init__(self, lex):
        self.dateline_ends = lex.words("dateline_ends")
        self.clause_end_marks = lex.words("clause_end_marks")
        self.dangling_marks = lex.words("dangling_marks")

    def __call__(self, doc):
        self._break_after_datelines(doc)
        for token in doc[1:-1]:
            if token.text == ";":
                doc[token.i + 1].is_sent_start = True  # independent clauses, read apart
            elif token.is_space and "\n" in token.text and self._ends_sentence(doc, token):
                doc[token.i + 1].is_sent_start = True
        return doc

    def _break_after_datelines(self, doc):
        starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
        for start in starts:
            end = self._dateline_end(doc, start) if start < len(doc) else None
            if end is not None and end + 1 < len(doc):
                doc[end + 1].is_sent_start = True

    def _dateline_end(self, doc, start):
        """Where a dateline ('KINGSTOWN, St Vincent -', 'TEHRAN, April 2 (AP) -') that
        starts at ``start`` ends, or None."""
        first = doc[start]
        if not (first.is_upper and first.is_alpha and len(first) > 1):
            return None
        for i in range(start + 1, min(start + _DATELINE_MAX_TOKENS, len(doc) - 1)):
            if doc[i].text in self.dateline_ends:
                return i
            if doc[i].is_space and "\n" in doc[i].text:
                return None
        return None

    def _ends_sentence(self, doc, line_break):
        """After a blank line or before an indented line (a paragraph of wire copy), unless
        the line stopped mid-phrase; after a finished clause, when the next line starts
        with a capital."""
        before, after = doc[line_break.i - 1], doc[line_break.i + 1]
        indent = line_break.text_with_ws.rsplit("\n", 1)[1].expandtabs(_PARAGRAPH_INDENT)
        blank_line = line_break.text.count("\n") >= 2 or len(indent) >= _PARAGRAPH_INDENT
        ends_clause = before.text in self.clause_end_marks or before.is_space
        dangling = before.pos_ in _CONTINUATION_POS or before.text in self.dangling_marks
        return (blank_line and not dangling) or (ends_clause and after.is_title)


@functools.lru_cache(maxsize=1)
def _shipped_breaker():
    return ParagraphBreaker(load_lexicon())


def paragraph_breaks(doc):
    """Start a sentence after a blank line, unless the line stopped mid-phrase, and after a
    dateline, so that 'KINGSTOWN, St Vincent -' is not read as the subject.

    The ``bkg_paragraphs`` component with the shipped patterns, as a function.
    """
    return _shipped_breaker()(doc)


@Language.factory("bkg_paragraphs", default_config={"patterns_dir": None})
def make_paragraph_breaker(nlp, name, patterns_dir):
    """The ``bkg_paragraphs`` component, reading its punctuation from ``patterns_dir``."""
    return ParagraphBreaker(load_lexicon(patterns_dir))
