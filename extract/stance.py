"""Stance and aid read beyond a cue's own arguments: sentence rules.

- ``stance-received``: a stance or gift noun whose actor is its owner or a "from" phrase,
  and whose theme is the one who receives it ("the decision drew condemnation from
  Iran", "Kenya won the backing of France", "Ghana received a loan from the World
  Bank", "Peru is grateful for Chile's support"), or the act it stood against ("went ahead despite opposition from A and B").
- ``reciprocal``: "A and B accused each other", "both sides blamed the other".
- ``evaluative-quote``: a verdict said of X by a speaker the parse names ("A called B's
  rebate 'unjustified'", "A said the move was illegal", "according to A, ... was a
  betrayal"): a condemning word is opposing X, a praising one supporting (praising an
  actor). Unsure readings: a low confidence.
- ``aid-purpose``: the recipient named by the gift's purpose clause ("sent aid to help
  Laos cope").
- ``contributed-to``: "A and B had contributed to the package": to whom the story said
  the aid or money was for.
- ``has-back``: "A has B's back".
- ``angered``: "the dam has angered Egypt", "Washington was irked by the move": the one
  angered opposes what angered it.

Words and confidences are data (``relation_words.jsonl``, ``factors.jsonl``).
"""
from __future__ import annotations

from itertools import permutations

from .arguments import ACTOR_TYPES, args, subjects
from .document_rules import sentence_rule
from .lexicon import Cue
from .mentions import Reading
from .modality import modality
from .model import FACTUAL, PLANNED
from .record import add_reading
from .state import sentence_tokens


def _words(state, name):
    return state.lex.words(name)


def _actors(found):
    return [a for a in found if a.type in ACTOR_TYPES]


def record_pairs(state, agents, themes, relation, token, name, conf, modality_name=FACTUAL,
            finer=None):
    for a in agents:
        for b in themes:
            if a.key != b.key:
                add_reading(state, Reading(
                    a.key, relation, b.key, token.i, token.text, name,
                    conf * state.words.discount(a.how) * state.words.discount(b.how),
                    modality_name, finer))


def _cues(state, token, pos, relations):
    return [c for c in state.lex.cues_for(token.lemma_, pos) if c.relation in relations]


# -- a stance or gift noun, received ------------------------------------------------------
def noun_agents(state, noun, receiving):
    """Whose the stance or gift is: 'Iran's', 'from Iran', 'by Iran', 'of Iran' (received)."""
    preps = _words(state, "agent_preps") | ({"of"} if receiving else set())
    found = []
    for c in noun.children:
        if c.dep_ == "poss":
            found += args(state, c, "subject")
        elif c.dep_ == "prep" and c.lower_ in preps:
            found += [a for p in c.children if p.dep_ == "pobj"
                      for a in args(state, p, "subject")]
        elif c.dep_ in ("amod", "compound"):
            found += args(state, c, "modifier")
    return _actors(found)


def received_by(state, noun):
    """The receiving verb a noun is the object of ('drew condemnation'), or None."""
    if noun.dep_ == "pobj" and noun.head.lower_ in _words(state, "measure_preps") and noun.head.head.dep_ == "dobj":
        noun = noun.head.head  # "secured 40 million dollars of aid"
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in _words(state, "receiving_verbs"):
        return verb
    if noun.dep_ == "pobj" and verb.head.pos_ == "ADJ" \
            and verb.head.lemma_.lower() in _words(state, "receiving_adjectives") \
            and not any(c.dep_ == "prep" for c in noun.children):
        return verb.head  # "Peru is grateful for Chile's support": Peru is supported
    if noun.dep_ == "pobj" and verb.lower_ == "with" \
            and verb.head.lemma_.lower() in _words(state, "receiving_verbs"):
        return verb.head  # "met with fierce opposition from A"
    return None


@sentence_rule("stance-received")
def stance_received(state, sent, name):
    """'drew condemnation from Iran', 'won France's backing', 'despite opposition from A'."""
    relations = state.lex.relations("from_agent_relations")
    for noun in sentence_tokens(state, sent):
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        for cue in _cues(state, noun, "NOUN", relations):
            _received_cue(state, noun, cue, name)


def _received_cue(state, noun, cue, name):
    verb = received_by(state, noun)
    despite = noun.dep_ == "pobj" and noun.head.lower_ in _words(state, "despite_preps")
    if verb is None and not despite:
        return
    agents = noun_agents(state, noun, verb is not None)
    if verb is not None and not agents:
        # "received a loan of $5m from the World Bank": the parser hangs "from" on the verb
        agents = _actors([a for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                          for p in c.children if p.dep_ == "pobj"
                          for a in args(state, p, "subject")])
    if not agents:
        return
    negated, planned = modality(state, verb if verb is not None else noun)
    if negated or (verb is not None and verb.lemma_.lower() in _words(state, "asking_verbs")):
        return
    if verb is not None:
        # "the decision drew condemnation": the act's actor, as for an object
        themes = [a for c in verb.children if c.dep_ == "nsubj"
                  for a in args(state, c, "object", cue)] or subjects(state, verb)
        factor = state.words.factors["stance-received"]
    else:
        themes = _despite_themes(state, noun.head.head, cue)
        factor = state.words.factors["stance-despite"]
    record_pairs(state, agents, themes, cue.relation, noun, name, cue.confidence * factor,
            PLANNED if planned else FACTUAL, cue.finer)


def _despite_themes(state, clause, cue):
    """'X went ahead despite opposition': the clause's named object, else its subject."""
    found = [a for c in clause.children if c.dep_ in ("dobj", "nsubjpass")
             for a in args(state, c, "object", cue)]
    if found:
        return found
    # "Japan released the water despite opposition from China"; a person's act ("the
    # minister defended the plan despite opposition") is opposed for what it does
    return [a for a in subjects(state, clause) if a.type in ("Country", "Organization")]


# -- each other ----------------------------------------------------------------------------
def _reciprocal(state, token):
    """'each other', 'one another', 'the other' (or their possessive)."""
    if token.lower_ not in _words(state, "reciprocal_words"):
        return False
    return any(c.lower_ in _words(state, "reciprocal_determiners") for c in token.children) \
        or (token.i > 0 and token.nbor(-1).lower_ in _words(state, "reciprocal_determiners"))


def _reciprocal_object(state, verb, cue):
    for c in verb.children:
        holders = [c]
        if c.dep_ == "prep" and c.lower_ in cue.preps:
            holders = [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ != "dobj":
            continue
        for h in holders:
            if _reciprocal(state, h) or any(g.dep_ == "poss" and _reciprocal(state, g)
                                            for g in h.children):
                return True
    return False


@sentence_rule("reciprocal")
def reciprocal(state, sent, name):
    """'A and B accused each other of ...', 'both sides blamed the other': both ways."""
    relations = state.words.stance_relations
    for verb in sentence_tokens(state, sent):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for cue in _cues(state, verb, "VERB", relations):
            if not _reciprocal_object(state, verb, cue):
                continue
            negated, planned = modality(state, verb)
            if negated:
                continue
            sides = _actors(subjects(state, verb))
            conf = cue.confidence * state.words.factors[name]
            for a, b in permutations(sides, 2):
                record_pairs(state, [a], [b], cue.relation, verb, name, conf,
                        PLANNED if planned else FACTUAL, cue.finer)
            break


# -- "has X's back" ------------------------------------------------------------------------
@sentence_rule("has-back")
def has_back(state, sent, name):
    """'Russia has got his back': the subject supports the owner of the back."""
    nouns, verbs = _words(state, "possessed_support_nouns"), _words(state, "having_verbs")
    for noun in sentence_tokens(state, sent):
        if noun.lower_ not in nouns or noun.dep_ != "dobj" \
                or noun.head.lemma_.lower() not in verbs and noun.head.lower_ not in verbs:
            continue
        owners = [a for c in noun.children if c.dep_ == "poss" for a in args(state, c, "object")]
        if not owners:
            continue
        negated, planned = modality(state, noun.head)
        if not negated:
            record_pairs(state, _actors(subjects(state, noun.head)), owners, "supports", noun,
                         name, state.words.factors[name], PLANNED if planned else FACTUAL)


@sentence_rule("angered")
def angered(state, sent, name):
    """'The dam has angered Egypt', 'Egypt was angered by the dam': Egypt opposes it (an
    act's actor, "the move angered Cairo")."""
    verbs = _words(state, "angering_verbs")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        negated, planned = modality(state, verb)
        if negated:
            continue
        cue = Cue(relation="opposes", lemma=verb.lemma_.lower(), pos="VERB")
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        angry_deps, cause_deps = (("nsubjpass",), ()) if passive else (("dobj",), ("nsubj",))
        angry = _actors([a for c in verb.children if c.dep_ in angry_deps
                         for a in args(state, c, "object")])
        causes = [a for c in verb.children if c.dep_ in cause_deps
                  for a in args(state, c, "object", cue)]
        causes += [a for c in verb.children if c.dep_ == "agent" for p in c.children
                   if p.dep_ == "pobj" for a in args(state, p, "object", cue)]
        record_pairs(state, angry, causes, "opposes", verb, name, state.words.factors[name],
                     PLANNED if planned else FACTUAL)
