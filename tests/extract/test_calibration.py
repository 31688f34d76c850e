"""Calibrated confidences: generated from the blind counts, and meaningful."""
import json
from pathlib import Path

from bilateral_kg.extract.calibrate import calibration_rows, calibration_text
from bilateral_kg.extract.lexicon import default_patterns_dir

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_calibration_matches_a_fresh_rebuild_from_the_blind_counts():
    counts = json.loads((ROOT / "benchmarks" / "blind_rule_counts.json").read_text())
    shipped = Path(str(default_patterns_dir())).joinpath("calibration.jsonl").read_text()
    assert shipped == calibration_text(calibration_rows(counts)), (
        "calibration.jsonl is stale: run "
        "`python -m bilateral_kg.extract.calibrate counts benchmarks/blind_rule_counts.json`")


def test_rules_that_erred_on_unseen_text_are_trusted_less():
    rows = {r["rule"]: r for r in calibration_rows(
        {"good": {"right": 20, "wrong": 0, "confidence": 15.0},
         "bad": {"right": 2, "wrong": 8, "confidence": 7.5}})}
    assert rows["good"]["factor"] > 1 > rows["bad"]["factor"]


def test_confidence_is_applied(extract):
    ex = extract("Chinese Foreign Minister Wang Yi met Kenyan President William Ruto.")
    official = [r for r in ex.relations if r.predicate == "officialOf"]
    assert official and all(0.9 < r.confidence <= 0.99 for r in official)
