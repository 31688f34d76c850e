"""``bkg_attributes`` gives every token exactly what the model's attribute ruler gives it."""
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from bilateral_kg.extract import attributes
from bilateral_kg.extract.pipeline import MODEL

ROOT = Path(__file__).resolve().parents[2]

# Sentences of our own that reach the ruler's rarer rules: two-token rules ("gonna",
# "gotta", "let's", "y'all"), rules on a dependency ("there is", auxiliaries, "do" as a
# verb, determiners as pronouns, "but" as an adverb), word corrections and spaces.
RARE_RULES = [
    "I ain't gonna sign it, y'all, and we gotta leave now.",
    "Let's go. C'mon, there is nothin' doin' here, ol' man; I'll tell 'em.",
    "He gets the point; she got the memo. Did they? They did have talks.",
    "That is what it is: all but finished, and those who came left.",
    "The envoy met  the minister.\n\nThen   he left,  \t quietly.",
    "You and I met it, and it met you and me.",
]


def _texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "benchmarks").glob("dev*/**/*.txt"))]
    return texts + RARE_RULES


def _annotations(doc):
    return [(t.i, t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_,
             t.ent_type_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    model, indexed = spacy.load(MODEL), spacy.load(MODEL)
    assert attributes.use_indexed_attributes(indexed)
    return model, indexed


def test_the_shipped_pipeline_uses_it(nlp):
    assert "bkg_attributes" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names


def test_every_token_is_annotated_as_by_the_model(pipelines):
    model, indexed = pipelines
    texts = _texts()
    assert len(texts) > 40
    for text in texts:
        assert _annotations(indexed(text)) == _annotations(model(text)), text[:80]


def test_the_rare_rules_are_reached(pipelines):
    _, indexed = pipelines
    doc = indexed(RARE_RULES[0] + " " + RARE_RULES[1])
    lemma = {t.text: t.lemma_ for t in doc}
    assert lemma["gon"] == "go" and lemma["na"] == "to" and lemma["'em"] == "them"
    assert {t.text: t.pos_ for t in indexed("There is a plan.")}["is"] == "VERB"


def test_forgetting_what_it_remembered_changes_nothing(pipelines, monkeypatch):
    model, _ = pipelines
    monkeypatch.setattr(attributes, "_MAX_REMEMBERED", 5)
    forgetful = spacy.load(MODEL)
    attributes.use_indexed_attributes(forgetful)
    for text in RARE_RULES + _texts()[:3]:
        assert _annotations(forgetful(text)) == _annotations(model(text))
    assert len(forgetful.get_pipe("bkg_attributes")._judged) <= 5


def test_a_ruler_it_cannot_index_is_kept():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks", "OP": "+"}]], {"LEMMA": "talk"})
    assert not attributes.indexable(ruler)
    assert not attributes.use_indexed_attributes(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert not attributes.use_indexed_attributes(spacy.blank("en"))  # no ruler at all


def test_a_ruler_it_can_index_is_replaced_in_place():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": {"IN": ["accord", "pact"]}}]], {"LEMMA": "agreement"})
    ruler.add([[{"LOWER": "joint"}, {"LOWER": {"REGEX": "^statements?$"}}]],
              {"LEMMA": "statement"}, index=-1)
    nlp.add_pipe("merge_entities")
    assert attributes.use_indexed_attributes(nlp)
    assert nlp.pipe_names == ["sentencizer", "bkg_attributes", "merge_entities"]
    doc = nlp("The pact and the joint statement.")
    assert [t.lemma_ for t in doc][1:6] == ["agreement", "", "", "", "statement"]
