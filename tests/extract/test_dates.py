"""Dated evidence: absolute and relative dates resolve against the document's date."""
import pytest

from bilateral_kg.extract import extract_text
from bilateral_kg.extract.dates import event_date

DOC_DATE = "2024-05-09"  # a Thursday


@pytest.mark.parametrize("sentence,expected", [
    ("Ghana and Togo signed the accord on 12 March 2019.", ("2019-03-12", "day")),
    ("The envoys met on March 4, 2021 in Lome.", ("2021-03-04", "day")),
    ("Kenya recalled its ambassador on 2 May.", ("2024-05-02", "day")),
    ("Talks were held on Thursday.", ("2024-05-09", "day")),
    ("Talks were held on Tuesday (May 7).", ("2024-05-07", "day")),
    ("Ethiopia condemned the raid on Monday.", ("2024-05-06", "day")),
    ("Uganda praised Kenya yesterday.", ("2024-05-08", "day")),
    ("The two leaders met last week.", ("2024-04-29", "week")),
    ("Ghana will visit Togo next month.", ("2024-06-01", "month")),
    ("The bloc imposed sanctions in June 2023.", ("2023-06-01", "month")),
    ("Kenya joined the bloc in 2019.", ("2019-01-01", "year")),
])
def test_dates_resolve_against_the_document_date(sentence, expected):
    assert event_date(sentence, DOC_DATE) == expected


def test_relative_dates_need_a_document_date():
    assert event_date("Uganda praised Kenya yesterday.", None) is None
    assert event_date("Uganda praised Kenya in 2019.", None) == ("2019-01-01", "year")


def test_evidence_carries_its_date_or_the_documents(nlp):
    text = "Kenya condemned Sudan's attacks on Monday.\n\nGhana praised Togo's reforms."
    extraction = extract_text(text, "dated", nlp, date=DOC_DATE)
    by_cue = {e.cue: e for r in extraction.relations for e in r.evidence}
    condemned = next(e for cue, e in by_cue.items() if "condemn" in cue)
    praised = next(e for cue, e in by_cue.items() if "prais" in cue)
    assert (condemned.date, condemned.date_precision, condemned.date_from_document) == (
        "2024-05-06", "day", False)
    assert (praised.date, praised.date_from_document) == (DOC_DATE, True)
