"""The reading's registries: strategies and rules run in a fixed order, under their names."""
import json
from pathlib import Path

import pytest

from bilateral_kg.extract.arguments import STRATEGIES, strategy
from bilateral_kg.extract.document_rules import DOCUMENT_RULES, SENTENCE_RULES
from bilateral_kg.extract.lexicon import load_lexicon
from bilateral_kg.extract.state import Vocabulary

PATTERNS = Path(__file__).resolve().parents[2] / "extract" / "patterns"


def test_reference_strategies_are_tried_names_first_and_in_order():
    assert list(STRATEGIES) == [
        "mention", "pronoun", "not-a-noun", "title-for-name", "actor-in-capital",
        "descriptive-head", "actor-modifier", "officials-of", "party-phrase", "host",
        "state-noun",
        "policy-anaphor", "agreement-anaphor", "repeated-head", "event-anaphor", "via-of",
        "possessor"]


def test_a_strategy_name_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        strategy("pronoun")(lambda state, token, role, cue: None)


def test_rules_run_in_the_reader_s_order_under_their_calibration_names():
    assert list(SENTENCE_RULES) == ["title-attribute", "prep:in", "joint-agreement",
                                    "agreement-parties", "passive-signing", "pair-statement",
                                    "stance-received", "reciprocal", "has-back", "angered",
                                    "aid-purpose", "contributed-to", "evaluative-quote",
                                    "place-apposition", "place-comma", "place-in",
                                    "place-gazetteer", "here-visit", "ally-modifier",
                                    "patron-modifier", "member-modifier", "org-title", "party-owner",
                                    "policy-author", "participle-author", "party-modifier",
                                    "in-capital-abroad", "hosted-visit", "visit-destination",
                                    "delegation-leader", "joint-work"]
    assert list(DOCUMENT_RULES) == ["signing-meeting", "official-for-state", "lifted",
                                    "co-signers", "talks-abroad", "capital-visit",
                                    "project-place"]
    calibrated = {json.loads(line).get("rule")
                  for line in (PATTERNS / "calibration.jsonl").read_text().splitlines()}
    # the rules calibration has measured are scored under the names they register
    assert {"title-attribute", "prep:in", "official-for-state", "lifted", "co-signers",
            "talks-abroad", "capital-visit"} <= calibrated


def test_every_rule_has_its_confidence_in_factors():
    words = Vocabulary.from_lexicon(load_lexicon())
    for name in [*SENTENCE_RULES, *DOCUMENT_RULES]:
        assert name in words.factors


def test_every_row_of_the_new_pattern_files_says_what_it_is_for():
    for name in ("reference_words.jsonl", "relation_words.jsonl", "factors.jsonl"):
        for line in (PATTERNS / name).read_text(encoding="utf-8").splitlines():
            assert json.loads(line).get("note"), f"{name}: {line[:60]}"
