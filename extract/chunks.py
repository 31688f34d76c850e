"""Cutting a long text into chunks the parser can take, at the most natural breaks.

>>> text = "One paragraph.\\n\\nAnother one here.\\n\\nA third."
>>> [text[a:b] for a, b in text_chunks(text, 25)]
['One paragraph.\\n\\n', 'Another one here.\\n\\n', 'A third.']
"""
from __future__ import annotations

import re

#: Where a chunk may end, best first: a paragraph break, a line break, a sentence end, a space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]?\s"),
           re.compile(r"\s"))


def text_chunks(text, max_chars):
    """``(start, end)`` offsets covering ``text`` in order, each at most ``max_chars`` long.

    Every chunk but the last ends just after the best break found in its second half, so
    no sentence is cut unless a whole half-chunk holds no break at all.
    """
    start, length = 0, len(text)
    while length - start > max_chars:
        end = _break_before(text, start, start + max_chars)
        yield start, end
        start = end
    if start < length or length == 0:
        yield start, length


def _break_before(text, start, limit):
    window = text[start:limit]
    floor = len(window) // 2
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(window) if m.end() > floor]
        if ends:
            return start + ends[-1]
    return limit
