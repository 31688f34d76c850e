"""Cue lexicons and word lists, read from the JSON Lines files in ``extract/patterns``.

Every rule of the extractor takes its words from here, so extending coverage means
editing data, not code.

>>> lex = load_lexicon()
>>> sorted({c.relation for c in lex.cues_for("impose", "VERB")})
['sanctions']
>>> lex.type_of_head("plant")
'Project'

Word sets that rules consult by name live in ``*_words.jsonl`` files, one set a row
(``{"set": "refusals", "note": "...", "words": ["refuse", "decline"]}``), and maps in the
same files (``{"map": "number_words", "entries": {"two": 2}}``); confidence multipliers in
``factors.jsonl`` (``{"factor": "pronoun", "value": 0.9}``). Groups of relation names that
rules treat alike are rows too (``{"relations": "spoken_for_state", "names": [...]}``); they
keep their case, as relation names are compared exactly, and must be ontology relations:

>>> "refuse" in lex.words("refusals")
True
>>> sorted(lex.relations("place_relations"))
['locatedIn', 'visits']
>>> lex.words("no-such-set")
Traceback (most recent call last):
...
KeyError: "no word set 'no-such-set' in extract/patterns/*_words.jsonl"
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bilateral_kg.ontology.vocab import CORE_RELATIONS, FINER_RELATIONS


@dataclass(frozen=True)
class Cue:
    """A word that signals a relation, with where its arguments are."""

    relation: str
    lemma: str
    pos: str
    dobj: bool = False
    preps: tuple = ()
    object_nouns: frozenset = frozenset()
    object_types: tuple = ()
    subject_types: tuple = ()
    particle: tuple = ()
    deep_objects: bool = False
    requires_advmod: tuple = ()
    requires_positive: bool = False
    persons_only: bool = False
    without_clause: bool = False
    finer: str | None = None
    confidence: float = 0.75


@dataclass
class Lexicon:
    cues: dict = field(default_factory=dict)            # (lemma, pos) -> [Cue]
    relation_types: dict = field(default_factory=dict)  # relation -> (subject types, object types)
    type_heads: dict = field(default_factory=dict)      # head noun -> entity type
    titles: dict = field(default_factory=dict)          # title phrase (lower case) -> kind
    title_words: frozenset = frozenset()
    state_nouns: dict = field(default_factory=dict)     # noun -> government forms or None
    feature_words: dict = field(default_factory=dict)   # adjective -> KB feature
    planned_governors: frozenset = frozenset()
    planned_aux: frozenset = frozenset()
    negating_governors: frozenset = frozenset()
    negations: frozenset = frozenset()
    generic_nouns: frozenset = frozenset()
    via_of_nouns: frozenset = frozenset()
    calibration: dict = field(default_factory=dict)     # rule -> confidence factor
    word_sets: dict = field(default_factory=dict)       # name -> frozenset of words
    maps: dict = field(default_factory=dict)            # name -> dict
    factors: dict = field(default_factory=dict)         # name -> confidence multiplier
    relation_sets: dict = field(default_factory=dict)   # name -> frozenset of relation names

    def cues_for(self, lemma, pos):
        return self.cues.get((lemma.lower(), pos), [])

    def type_of_head(self, word):
        return self.type_heads.get(word.lower())

    def words(self, name):
        """The word set called ``name`` (lower-case entries, as the rules compare them)."""
        try:
            return self.word_sets[name]
        except KeyError:
            raise KeyError(f"no word set {name!r} in extract/patterns/*_words.jsonl") from None

    def map(self, name):
        """The map called ``name`` from a ``*_words.jsonl`` file."""
        try:
            return self.maps[name]
        except KeyError:
            raise KeyError(f"no map {name!r} in extract/patterns/*_words.jsonl") from None

    def relations(self, name):
        """The group of relation names called ``name`` (case kept), from a ``*_words.jsonl`` file."""
        try:
            return self.relation_sets[name]
        except KeyError:
            raise KeyError(f"no relation group {name!r} in extract/patterns/*_words.jsonl") from None

    def factor(self, name):
        """The confidence multiplier called ``name`` (``factors.jsonl``)."""
        try:
            return self.factors[name]
        except KeyError:
            raise KeyError(f"no factor {name!r} in extract/patterns/factors.jsonl") from None

    def allowed(self, relation, subject_type, object_type):
        """Whether the ontology allows ``relation`` between entities of these classes."""
        subjects, objects = self.relation_types[relation]
        return subject_type in subjects and object_type in objects


def _rows(folder, name):
    with (folder / name).open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{folder / name}:{number}: not JSON: {err}") from err
            yield row


def _read_word_sets(folder, lex):
    """Every ``*_words.jsonl`` of the folder; a name defined twice is an error."""
    where = {}
    for path in sorted(folder.glob("*_words.jsonl")):
        for row in _rows(folder, path.name):
            name = row.get("set") or row.get("map") or row.get("relations")
            if name is None:
                continue
            if name in where:
                raise ValueError(f"{path}: word set {name!r} is already defined in {where[name]}")
            where[name] = path.name
            if "set" in row:
                lex.word_sets[name] = frozenset(w.lower() for w in row["words"])
            elif "relations" in row:
                lex.relation_sets[name] = _relation_names(path, name, row["names"])
            else:
                lex.maps[name] = dict(row["entries"])


def _relation_names(path, name, names):
    unknown = set(names) - set(CORE_RELATIONS) - set(FINER_RELATIONS)
    if unknown:
        raise ValueError(f"{path}: relation group {name!r} names no relation {sorted(unknown)}")
    return frozenset(names)


def default_patterns_dir():
    return resources.files("bilateral_kg.extract").joinpath("patterns")


@functools.lru_cache(maxsize=4)
def load_lexicon(patterns_dir=None):
    """Read every pattern file of a folder (default: the shipped ``patterns``)."""
    folder = Path(str(patterns_dir)) if patterns_dir else default_patterns_dir()
    lex = Lexicon()
    for row in _rows(folder, "cues.jsonl"):
        if "relation" not in row:
            continue
        cue = Cue(
            relation=row["relation"], lemma=row["lemma"].lower(), pos=row["pos"],
            dobj=row.get("dobj", False), preps=tuple(row.get("preps", ())),
            object_nouns=frozenset(w.lower() for w in row.get("object_nouns", ())),
            object_types=tuple(row.get("object_types", ())),
            subject_types=tuple(row.get("subject_types", ())),
            particle=tuple(row.get("particle", ())),
            deep_objects=row.get("deep_objects", False),
            requires_advmod=tuple(row.get("requires_advmod", ())),
            requires_positive=row.get("requires_positive", False),
            persons_only=row.get("persons_only", False),
            without_clause=row.get("without_clause", False), finer=row.get("finer"),
            confidence=row.get("confidence", 0.75),
        )
        lex.cues.setdefault((cue.lemma, cue.pos), []).append(cue)
    for row in _rows(folder, "relation_types.jsonl"):
        lex.relation_types[row["relation"]] = (frozenset(row["subject"]), frozenset(row["object"]))
    for row in _rows(folder, "type_heads.jsonl"):
        for head in row["heads"]:
            lex.type_heads.setdefault(head.lower(), row["type"])
    for row in _rows(folder, "titles.jsonl"):
        for variant in row["variants"]:
            lex.titles.setdefault(variant.lower(), row["title"])
    for row in _rows(folder, "title_words.jsonl"):
        lex.title_words = frozenset(w.lower() for w in row["words"])
    for row in _rows(folder, "state_nouns.jsonl"):
        lex.state_nouns[row["noun"]] = row
    for row in _rows(folder, "feature_words.jsonl"):
        lex.feature_words[row["word"]] = row["feature"]
    for row in _rows(folder, "modality.jsonl"):
        lex.planned_governors = frozenset(row["planned_governors"])
        lex.planned_aux = frozenset(row["planned_aux"])
        lex.negating_governors = frozenset(row["negating_governors"])
        lex.negations = frozenset(row["negations"])
    for row in _rows(folder, "generic_nouns.jsonl"):
        lex.generic_nouns = frozenset(row["nouns"])
        lex.via_of_nouns = frozenset(row.get("via_of", ()))
    _read_word_sets(folder, lex)
    if (folder / "factors.jsonl").is_file():
        for row in _rows(folder, "factors.jsonl"):
            if "factor" in row:
                lex.factors[row["factor"]] = float(row["value"])
    if (folder / "calibration.jsonl").is_file():
        for row in _rows(folder, "calibration.jsonl"):
            if "rule" in row:
                lex.calibration[row["rule"]] = row["factor"]
    return lex
