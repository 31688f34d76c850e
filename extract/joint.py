"""Sentence rule ``joint-work``: states that do something jointly cooperate.

- "Kenya and Uganda held joint military exercises", "... launched a joint venture",
  "Kenya held joint drills with Uganda": the subjects of the verb a ``joint_work_nouns``
  noun with "joint" is the object of, and those it is done with;
- "Kenya and Uganda will jointly develop the pipeline": the subjects of a verb "jointly"
  modifies;
- "Kenya is Uganda's largest trading partner": the subject and the owner of a partner
  noun (``partner_nouns``) it is.

Only states and bodies cooperate here (a person's deed is lifted to their state when the
reading is recorded); confidence in ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from itertools import combinations

from .arguments import args, subjects
from .document_rules import sentence_rule
from .mentions import Reading
from .modality import modality
from .model import FACTUAL, PLANNED
from .record import add_reading
from .state import sentence_tokens

_PARTY_TYPES = ("Country", "Organization", "Person")


@sentence_rule("joint-work")
def joint_work(state, sent, name):
    """Each joint deed and each partnership the sentence states."""
    words = state.lex
    for token in sentence_tokens(state, sent):
        lower = token.lower_
        if lower in words.words("joint_modifiers_of_work") and token.dep_ == "amod" \
                and token.head.lemma_.lower() in words.words("joint_work_nouns"):
            verb = token.head.head
            if verb.pos_ in ("VERB", "AUX") and token.head.dep_ in ("dobj", "nsubjpass"):
                _cooperate(state, verb, subjects(state, verb) + _partners(
                    state, [verb, token.head]), name)
        elif lower in words.words("joint_adverbs") and token.head.pos_ == "VERB":
            _cooperate(state, token.head, subjects(state, token.head) + _partners(
                state, [token.head]), name)
        elif token.dep_ == "attr" and token.lemma_.lower() in words.words("partner_nouns"):
            owners = [a for c in token.children if c.dep_ == "poss"
                      for a in args(state, c, "subject")]
            if owners:
                _cooperate(state, token.head, subjects(state, token.head) + owners, name)


def _partners(state, heads):
    """Those the deed is done with: 'held joint drills with Uganda'."""
    return [a for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
            for p in c.children if p.dep_ == "pobj" for a in args(state, p, "object")]


def _cooperate(state, verb, parties, name):
    negated, planned = modality(state, verb)
    if negated:
        return
    keys = list(dict.fromkeys(a.key for a in parties if a.type in _PARTY_TYPES))
    for a, b in combinations(keys, 2):
        add_reading(state, Reading(a, "cooperatesWith", b, verb.i, verb.text, name,
                                   state.words.factors[name], PLANNED if planned else FACTUAL))
