"""When a sentence says its event happened: absolute dates, and dates relative to the
document's own date ("on Monday", "last week", "next month").

Each resolved date keeps its precision ("day", "week", "month" or "year"); a sentence that
names no date takes the document's, marked as such by the caller. Words are data
(``patterns/date_words.jsonl``).

>>> event_date("Ghana and Togo signed the accord on 12 March 2019.", "2019-03-20")
('2019-03-12', 'day')
>>> event_date("The ministers met on Monday in Accra.", "2024-05-09")   # a Thursday
('2024-05-06', 'day')
>>> event_date("Talks resume next month.", "2024-12-15")
('2025-01-01', 'month')
>>> event_date("Kenya joined the bloc in 2019.", "2024-05-09")
('2019-01-01', 'year')
>>> event_date("Kenya praised Ghana.", "2024-05-09") is None
True
"""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from .lexicon import load_lexicon


@functools.lru_cache(maxsize=1)
def _patterns():
    """The date expressions, most precise first, built once from the word lists."""
    lex = load_lexicon()
    months = "|".join(sorted((re.escape(m.capitalize()) for m in lex.map("month_forms")),
                             key=len, reverse=True))
    weekdays = "|".join(w.capitalize() for w in lex.map("weekdays"))
    days = "|".join(lex.map("relative_days"))
    steps = "|".join(lex.map("relative_steps"))
    units = "|".join(lex.words("date_units"))
    month = rf"(?P<month>{months})\.?"
    return (
        ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b")),
        ("day_month_year", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{month},?\s+(?P<year>\d{{4}})\b")),
        ("month_day_year", re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b")),
        ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{month}(?![\w-])")),
        ("month_day", re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}})(?!\d)(?!,?\s+\d{{4}})")),
        ("month_year", re.compile(rf"\b{month}\s+(?P<year>\d{{4}})\b")),
        ("weekday", re.compile(rf"\b(?P<weekday>{weekdays})\b")),
        ("relative_day", re.compile(rf"\b(?P<rday>{days})\b", re.I)),
        ("relative", re.compile(rf"\b(?P<step>{steps})\s+(?P<unit>{units})\b", re.I)),
        ("year", re.compile(r"\b(?:in|since|by|of|until)\s+(?P<year>(?:19|20)\d{2})\b")),
    )


def event_date(sentence, document_date=None):
    """``(ISO date, precision)`` of the first date the sentence names, or None.

    Parameters
    ----------
    sentence : str
    document_date : str or None
        The document's date (``YYYY-MM-DD``); relative dates and dates without a year need it.
    """
    base = _parse_iso(document_date)
    for kind, pattern in _patterns():
        for match in pattern.finditer(sentence):
            found = _resolve(kind, match.groupdict(), base)
            if found is not None:
                return found[0].isoformat(), found[1]
    return None


def _resolve(kind, parts, base):
    lex = load_lexicon()
    try:
        if kind in ("iso", "day_month_year", "month_day_year"):
            month = int(parts["mon"]) if kind == "iso" else _month(parts["month"])
            return date(int(parts["year"]), month, int(parts["day"])), "day"
        if kind == "month_year":
            return date(int(parts["year"]), _month(parts["month"]), 1), "month"
        if kind == "year":
            return date(int(parts["year"]), 1, 1), "year"
    except ValueError:
        return None
    if base is None:
        return None
    if kind in ("day_month", "month_day"):
        return _nearest_year(base, _month(parts["month"]), int(parts["day"]))
    if kind == "weekday":
        back = (base.weekday() - lex.map("weekdays")[parts["weekday"].lower()]) % 7
        return base - timedelta(days=back), "day"
    if kind == "relative_day":
        return base + timedelta(days=lex.map("relative_days")[parts["rday"].lower()]), "day"
    return _step(base, lex.map("relative_steps")[parts["step"].lower()], parts["unit"].lower())


def _month(name):
    return load_lexicon().map("month_forms")[name.lower().rstrip(".")]


def _nearest_year(base, month, day):
    """The date of that day and month nearest the document's (news rarely looks a year ahead)."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs((d - base).days)), "day"


def _step(base, step, unit):
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        return monday, "week"
    if unit == "month":
        index = base.year * 12 + base.month - 1 + step
        return date(index // 12, index % 12 + 1, 1), "month"
    return date(base.year + step, 1, 1), "year"


def _parse_iso(value):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
