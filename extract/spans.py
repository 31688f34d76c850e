"""Spans as names: trimming a span to the name it gives, and the token tests the mention
rules share.

The trimming words (articles, possessive endings) are the lexicon's ``name_leading_words``
and ``name_trailing_words``:

>>> import spacy
>>> doc = spacy.blank("en")("the Mafeteng plant's")
>>> span_label(doc, 0, len(doc))
'Mafeteng plant'
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .lexicon import load_lexicon

# Parts of speech a capitalised word of a name may have; grammar, not vocabulary.
_NAME_POS = ("PROPN", "NOUN", "ADJ", "X")
_CHAIN_START_POS = ("PROPN", "NOUN", "ADJ", "NUM")


@dataclass(frozen=True)
class NameTrimmer:
    """Trims articles, possessive endings, punctuation and line breaks off a span."""

    leading: frozenset
    trailing: frozenset

    @classmethod
    def from_lexicon(cls, lex):
        return cls(lex.words("name_leading_words"), lex.words("name_trailing_words"))

    def bounds(self, doc, start, end):
        """``(start, end)`` of the name inside tokens ``start:end``; it stops at a line break."""
        while start < end and (doc[start].lower_ in self.leading or doc[start].is_punct
                               or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].lower_ in self.trailing or doc[end - 1].is_punct
                               or doc[end - 1].is_space):
            end -= 1
        for i in range(start, end):
            if "\n" in doc[i].text_with_ws and i + 1 < end:
                end = i + 1
                break
        return start, end

    def label(self, doc, start, end):
        """The name tokens ``start:end`` give, on one line."""
        start, end = self.bounds(doc, start, end)
        return " ".join(doc[start:end].text.split())


@functools.lru_cache(maxsize=1)
def shipped_trimmer():
    """The :class:`NameTrimmer` of the shipped patterns."""
    return NameTrimmer.from_lexicon(load_lexicon())


def span_label(doc, start, end):
    """The name a span gives, without article or possessive ending.

    Parameters
    ----------
    doc : spacy.tokens.Doc
    start, end : int
        Token offsets of the span.

    Returns
    -------
    str
    """
    return shipped_trimmer().label(doc, start, end)


def coverage(mentions):
    """The token offsets the mentions cover."""
    return {i for m in mentions for i in range(m.start, m.end)}


def has_capital(doc, start, end):
    """Whether any word of tokens ``start:end`` starts with a capital."""
    return any(t.text[:1].isupper() for t in doc[start:end])


def capitalised(token):
    """A capitalised word, or a number before one ('2 Military Hospital')."""
    return (token.text[:1].isupper() and token.is_alpha) or (
        token.like_num and token.i + 1 < len(token.doc) and token.nbor().text[:1].isupper())


def namelike(token):
    """A word that may be part of a person's name (an apostrophe inside: "O'Neill")."""
    return token.text[:1].isupper() and _letters_and_inner_apostrophes(token.text) \
        and token.pos_ in _NAME_POS


def _letters_and_inner_apostrophes(word):
    """
    >>> [_letters_and_inner_apostrophes(w) for w in ("Ruto", "O'Neill", "N\u2019Diaye", "Ruto'")]
    [True, True, True, False]
    """
    parts = word.replace("\u2019", "'").split("'")
    return all(part.isalpha() for part in parts)


def chain_start(token):
    """A word that may start a typed proper name ('Mafeteng Solar Power Plant')."""
    return capitalised(token) and not token.is_stop and token.pos_ in _CHAIN_START_POS
