"""Cleaning messy input before parsing, keeping every character where it is.

Text scraped from the web and wire copy carry things that are not sentences: photo credits
('Image copyright Agency Image caption ...'), time stamps, bylines, 'Read more' lines,
cookie notices, headlines in capitals, lines hard-wrapped at 65 characters. Each cleaning
here is a same-length substitution, so offsets into the cleaned copy are offsets into the
text as read, and evidence stays exact:

- :func:`unwrap_hard_lines`: in hard-wrapped text a line break inside a paragraph becomes a
  space ('Finance\\nMinister' is one name again); indented lines and blank lines stay
  paragraph breaks.
- :func:`blank_furniture`: credits, caption marks, time stamps, bylines, agency signatures
  and furniture lines become spaces; a blanked span inside a line ends in a blank line, so
  what follows it (a caption's own sentence) is read as a sentence of its own.
- :func:`recase_headlines`: a line in capitals, and a Title Case headline at the top, are
  put in sentence case, knowledge-base names keeping their own case ('ZAMBIA STOPS SENDING
  COPPER' -> 'Zambia stops sending copper'), so the model does not take every word for a
  name.

The phrases consulted are the lexicon's ``cleaning_words.jsonl`` sets.
"""
from __future__ import annotations

import functools
import re

from .lexicon import load_lexicon

# Hard-wrapped text: at least this many lines, wrapped at a width within these bounds,
# and most lines filled to near the width.
_WRAP_MIN_LINES = 6
_WRAP_WIDTHS = (30, 100)
_WRAP_FULL_SHARE = 0.75   # a line this full (of the width) counts as filled
_WRAP_FILLED_LINES = 0.5  # ... and at least this share of the lines are filled
_WRAP_JOIN_SHARE = 0.5    # a line shorter than this (of the width) ended deliberately
_SENTENCE_END = ".!?:\"'"
_BULLETS = "-*\u2022#>|"
# A credit with no caption mark after it: its name is this many words at most.
_CREDIT_NAME_WORDS = 3
_CREDIT_CAPTION_REACH = 60  # characters from a credit mark to the caption mark it opens
_MAX_FURNITURE_LINE = 300
_MAX_BYLINE = 100
_MAX_HEADLINE = 200
_MIN_HEADLINE_WORDS = 3
_NAME_WINDOW = 5  # the longest knowledge-base name, in words, a headline is searched for


def _alternation(words, flags=""):
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


class Cleaner:
    """The compiled cleaning rules of one lexicon."""

    def __init__(self, lex):
        credit = _alternation(lex.words("credit_marks"), "i")
        caption = _alternation(lex.words("caption_marks"), "i")
        self.credit_caption = re.compile(
            rf"\b{credit}\b[^\n]{{0,{_CREDIT_CAPTION_REACH}}}?\b{caption}\b[ \t]*[:,-]?")
        self.credit_alone = re.compile(
            rf"\b{credit}\b[ \t]*[:,-]?(?:[ \t]+[A-Z][\w&.'-]*){{0,{_CREDIT_NAME_WORDS}}}")
        self.caption = re.compile(rf"\b{caption}\b[ \t]*[:,-]?")
        self.phrases = re.compile(rf"\b{_alternation(lex.words('furniture_phrases'), 'i')}\b")
        starts = _alternation(lex.words("furniture_line_starts"), "i")
        self.line_starts = re.compile(
            rf"(?m)^[ \t]*{starts}(?![\w])[^\n]{{0,{_MAX_FURNITURE_LINE}}}$")
        self.tails = re.compile(
            rf"(?<!\w){_alternation(lex.words('furniture_tails'), 'i')}[^\n]*")
        marks = _alternation(lex.words("timestamp_marks"), "i")
        fillers = _alternation(lex.words("timestamp_fillers"), "i")
        self.timestamps = re.compile(rf"\b{marks}(?:\s+{fillers})?\s+\d{{1,3}}\s+[a-z]+\s+ago\b")
        by = _alternation(lex.words("byline_marks"), "i")
        self.bylines = re.compile(
            rf"(?m)^[ \t]*{by}[ \t]+[A-Z][\w'.-]+(?:[ \t]+[A-Z][\w'.-]+){{1,3}}"
            rf"(?:[ \t]*(?:,|&|-|\||and\b)[^\n]*)?$")
        self.signatures = re.compile(
            rf"(?m)^[ \t]*{_alternation(lex.words('wire_signatures'), 'i')}[ \t]*$")
        self.agency_credits = re.compile(
            rf"(?m)^[ \t]*\({_alternation(lex.words('agency_credits'), 'i')}\)[ \t]*[-\u2013\u2014:]?")
        self.small_words = lex.words("headline_small_words")
        # Each scan runs only when a word it needs is in the text (a quick substring test).
        credits = _clues(lex.words("credit_marks"))
        self.scans = (
            (self.credit_caption, True, credits), (self.credit_alone, True, credits),
            (self.caption, True, _clues(lex.words("caption_marks"))),
            (self.phrases, True, _clues(lex.words("furniture_phrases"))),
            (self.line_starts, False, None), (self.signatures, False, None),
            (self.timestamps, True, ("ago",)),
            (self.tails, True, _clues(lex.words("furniture_tails"))),
            (self.bylines, False, None), (self.agency_credits, False, ("(",)),
        )

    # -- furniture -----------------------------------------------------------------------
    def blank_furniture(self, text):
        """Blank credits, caption marks, stamps, bylines, signatures and furniture lines."""
        lowered, spans = text.lower(), []
        for pattern, breaks, clues in self.scans:
            if clues is not None and not any(clue in lowered for clue in clues):
                continue
            spans += [(m.start(), m.end(), breaks) for m in pattern.finditer(text)
                      if _kept(m.group(0), pattern, self)]
        return _blank_spans(text, spans)


def _clues(phrases):
    """The longest word of each phrase: a text without any of them holds none."""
    return tuple({max(p.split(), key=len) for p in phrases})


def _kept(found, pattern, cleaner):
    """Labels, stamps and bylines are printed capitalised ('Related Topics', 'By ...')."""
    if pattern in (cleaner.timestamps, cleaner.tails, cleaner.bylines):
        return _printed_as_label(found, pattern is cleaner.bylines)
    return True


def _printed_as_label(found, byline):
    """Whether furniture found case-blind is written as a label: capitalised, and, for a
    byline, a short line that is not a sentence."""
    body = found.strip()
    if not body[:1].isupper():
        return False
    return not byline or (len(body) <= _MAX_BYLINE and not body.endswith("."))


def _merged(spans):
    """Overlapping spans as one, which breaks when any of them does."""
    merged = []
    for start, end, breaks in sorted(spans):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] or breaks)
        else:
            merged.append((start, end, breaks))
    return merged


def _blank_spans(text, spans):
    """``text`` with each ``(start, end, breaks)`` span blanked; a span that ``breaks``
    inside a line ends in a blank line, so what follows starts a sentence."""
    if not spans:
        return text
    chars = list(text)
    for start, end, breaks in _merged(spans):
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        inside_line = end < len(text) and text[end] not in "\r\n"
        if breaks and inside_line and end - start >= 3 and "\n" not in text[start:end]:
            chars[end - 2] = chars[end - 1] = "\n"
    return "".join(chars)


# -- hard-wrapped lines ------------------------------------------------------------------
def _wrap_width(lines):
    """The width a text is hard-wrapped at, or None when it is not hard-wrapped."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < _WRAP_MIN_LINES:
        return None
    width = sorted(lengths)[int(0.95 * (len(lengths) - 1))]
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return None
    filled = sum(1 for n in lengths if n >= _WRAP_FULL_SHARE * width)
    return width if filled >= _WRAP_FILLED_LINES * len(lengths) else None


def _soft_wrap(line, following, width):
    """Whether the break between two lines of hard-wrapped text is inside a paragraph."""
    body = line.rstrip()
    if not following[:1].strip() or not following.strip() or following[0] in _BULLETS:
        return False  # a blank or indented next line, or a list item: a paragraph break
    if len(body) < _WRAP_JOIN_SHARE * width or not any(c.islower() for c in body):
        return False  # a short line, or a headline in capitals, ended on purpose
    return not (body[-1] in _SENTENCE_END and len(body) < _WRAP_FULL_SHARE * width)


def unwrap_hard_lines(text):
    """In hard-wrapped text, a line break inside a paragraph becomes a space.

    >>> wire = "    PARIS - Talks on the loan resumed, officials of the Finance\\n" \\
    ...        "Ministry said on Tuesday after a week in which they broke off.\\n" * 6
    >>> "Finance Ministry said" in unwrap_hard_lines(wire), "Finance\\nMinistry" in wire
    (True, True)
    >>> unwrap_hard_lines("A short line.\\nAnother.") == "A short line.\\nAnother."
    True
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    width = _wrap_width(lines)
    if width is None:
        return text
    chars, position = None, 0
    for line, following in zip(lines, lines[1:]):
        position += len(line)
        if _soft_wrap(line, following, width):
            chars = chars or list(text)
            chars[position] = " "
            if line.endswith("\r"):
                chars[position - 1] = " "
        position += 1
    return "".join(chars) if chars else text


# -- headlines ---------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+(?:[.'&-][^\W_]+)*\.?")
_POSSESSIVE = re.compile(r"(?i)'s$")


@functools.lru_cache(maxsize=1)
def _kb_casing():
    """Every knowledge-base name, acronym and demonym, folded -> as the KB writes it."""
    from bilateral_kg.ontology.kb import load_kb, normalize_name

    casing = {}
    for entity in load_kb():
        for name in (*entity.names, *entity.acronyms, *entity.demonyms):
            casing.setdefault(normalize_name(name), name)
    return casing


def _is_headline(line, small_words, at_top):
    """A line in capitals anywhere, or a Title Case line at the top of the text."""
    body = line.strip()
    capitals = body == body.upper()
    if len(body) > _MAX_HEADLINE or not (capitals or at_top):
        return False
    words = [w for w in _WORD.findall(body) if any(c.isalpha() for c in w)]
    if len(words) < _MIN_HEADLINE_WORDS:
        return False
    if capitals:
        return sum(1 for w in words if len(w) > 1) >= _MIN_HEADLINE_WORDS
    if body[-1] in ".!?:":
        return False
    return all(w[0].isupper() or w.lower() in small_words for w in words)


def _recase_line(line, casing):
    """A headline in sentence case, knowledge-base names as the KB writes them."""
    from bilateral_kg.ontology.kb import normalize_name

    words = list(_WORD.finditer(line))
    chars = list(line.lower())
    i = 0
    while i < len(words):
        for n in range(min(_NAME_WINDOW, len(words) - i), 0, -1):
            start = words[i].start()
            whole = _POSSESSIVE.sub("", line[start:words[i + n - 1].end()])
            span = next((s for s in (whole, whole.rstrip(".")) if normalize_name(s) in casing),
                        None)
            if span:
                _apply_case(chars, start, span, casing[normalize_name(span)])
                i += n
                break
        else:
            i += 1
    first = next((k for k, c in enumerate(chars) if c.isalpha()), None)
    if first is not None:
        chars[first] = chars[first].upper()
    return "".join(chars)


def _apply_case(chars, start, span, cased):
    """Write ``span`` (at ``start``) in the case of ``cased``: letter by letter when the two
    line up, else each word capitalised; an acronym written in capitals stays so."""
    if span.isupper() and cased.isupper():
        chars[start:start + len(span)] = span
    elif len(span) == len(cased):
        chars[start:start + len(span)] = [c if o.isalpha() else o for c, o in zip(cased, span)]
    else:
        for m in re.finditer(r"[^\W_]+", span):
            chars[start + m.start()] = span[m.start()].upper()


def recase_headlines(text, small_words, casing=None):
    """Lines in capitals, and a Title Case first line, in sentence case (KB names kept).

    >>> recase_headlines("KENYA AND ETHIOPIA SIGN TRADE PACT\\n\\nNAIROBI - ...",
    ...                  frozenset(), {"kenya": "Kenya", "ethiopia": "Ethiopia"})[:35]
    'Kenya and Ethiopia sign trade pact\\n'
    """
    casing = _kb_casing() if casing is None else casing
    out, seen_text = [], False
    for line in text.split("\n"):
        if line.strip() and _is_headline(line, small_words, not seen_text):
            out.append(_recase_line(line, casing))
        else:
            out.append(line)
        seen_text = seen_text or bool(line.strip())
    return "\n".join(out)


@functools.lru_cache(maxsize=2)
def _quoted_name(patterns_dir=None):
    """A quoted capitalised name right before a type head: 'the "Belt and Road" initiative'."""
    heads = load_lexicon(patterns_dir).type_heads
    return re.compile(r'"([A-Z][^"\n]{0,60}?)"(\s+)(' + _alternation(sorted(heads, key=len, reverse=True))
                      + r")\b", re.I)


def unquote_names(text, patterns_dir=None):
    """Quotes around a name before its type head moved out of it, the length kept, so that
    the name and its head read as one name ("Belt and Road initiative").

    >>> unquote_names('Kenya backed the "Belt and Road" initiative.')
    'Kenya backed the Belt and Road initiative  .'
    """
    return _quoted_name(patterns_dir).sub(
        lambda m: m.group(1) + m.group(2) + m.group(3) + "  ", text)


@functools.lru_cache(maxsize=2)
def _cleaner(patterns_dir=None):
    return Cleaner(load_lexicon(patterns_dir))


def clean_for_nlp(text, patterns_dir=None):
    """Every cleaning of this module, in order; the result has the length of ``text``.

    >>> clean_for_nlp("Image copyright Agency Image caption Kenya hosts a summit").split("\\n")
    ['                                   ', '', 'Kenya hosts a summit']
    """
    cleaner = _cleaner(patterns_dir)
    cleaned = unwrap_hard_lines(cleaner.blank_furniture(text))
    return unquote_names(recase_headlines(cleaned, cleaner.small_words), patterns_dir)


def blank_furniture(text, patterns_dir=None):
    """Credits, caption marks, stamps, bylines, signatures and furniture lines blanked.

    >>> blank_furniture("Read more: the story\\nKenya hosts a summit.")
    '                    \\nKenya hosts a summit.'
    """
    return _cleaner(patterns_dir).blank_furniture(text)
