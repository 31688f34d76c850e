"""Verdicts: what a speaker the parse names says of X ('called the rebate "unjustified"').

The sentence rule ``evaluative-quote`` reads three shapes:

- a verb of verdict with its object and the verdict: "A called B's decision
  'unjustified'", "A described the plan as reckless", "the deal, which A called historic";
- a verb of saying whose reported clause links X to a verdict: "A said the move was
  illegal", or says X harms ("A warned that B's move undermines trust"), '"The curbs are a serious violation of international law," A said', "A
  said the vote was neither free nor fair";
- "according to A, X was a betrayal".

A condemning word (``negative_verdicts``) makes the speaker oppose X; a praising one
(``positive_verdicts``) makes them support X, or praise X when X is an actor. A negated
praise condemns; a negated condemnation says nothing. The speaker is only ever the
subject of the verb that governs the verdict (or the object of "according to"), never a
guess; the readings are unsure all the same, and carry a low confidence.
"""
from __future__ import annotations

from .arguments import ACTOR_TYPES, args, subjects
from .document_rules import sentence_rule
from .lexicon import Cue
from .modality import modality
from .stance import record_pairs
from .state import sentence_tokens

NEGATIVE, POSITIVE = -1, 1


def _words(state, name):
    return state.lex.words(name)


@sentence_rule("evaluative-quote")
def evaluative_quotes(state, sent, name):
    """Each verdict of the sentence: the speaker opposes, supports or praises its theme."""
    for token in sentence_tokens(state, sent):
        if token.pos_ not in ("VERB", "AUX"):
            continue
        lemma = token.lemma_.lower()
        found = []
        if lemma in _words(state, "evaluation_verbs"):
            found = _called(state, token)
        elif lemma in _words(state, "verdict_verbs"):
            found = [(token, theme, verdict, link) for theme, verdict, link
                     in _reported(state, token)]
        elif lemma in _words(state, "copular_verbs"):
            found = _according_to(state, token)
        for speaker_verb, theme, verdict, link in found:
            _read_verdict(state, speaker_verb, theme, verdict, link, name)


def _called(state, verb):
    """'called X unjustified', 'described X as reckless': (verb, X, verdict, verb)."""
    themes = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    verdicts = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp")
                and c.pos_ in ("ADJ", "NOUN")]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            verdicts += [c for c in prep.children if c.dep_ in ("pobj", "amod", "acomp")]
    if len(themes) != 1 or not verdicts:
        return []
    return [(verb, themes[0], verdicts[0], verb)]


def _reported(state, verb):
    """'said X was Y': (X, Y, the linking verb) of each reported clause; 'warned that X
    undermines trust': (X, the harming verb, itself)."""
    out = []
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "parataxis"):
            continue
        lemma = clause.lemma_.lower()
        if lemma in _words(state, "copular_verbs"):
            out += _linked(clause)
        elif lemma in _words(state, "harming_verbs"):
            themes = [c for c in clause.children if c.dep_ == "nsubj"]
            if len(themes) == 1:
                out.append((themes[0], clause, clause))
    return out


def _linked(clause):
    themes = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    verdicts = [c for c in clause.children if c.dep_ in ("acomp", "attr", "dobj", "oprd")]
    if len(themes) != 1 or not verdicts:
        return []
    return [(themes[0], verdicts[0], clause)]


def _according_to(state, clause):
    """'According to A, X was a betrayal': A is the speaker of the clause's verdict."""
    for prep in clause.children:
        if prep.dep_ == "prep" and prep.lower_ == "according":
            for to in prep.children:
                if to.lower_ == "to" and any(p.dep_ == "pobj" for p in to.children):
                    return [(to, theme, verdict, link) for theme, verdict, link
                            in _linked(clause)]
    return []


def _speakers(state, speaker_verb):
    if speaker_verb.lower_ == "to":  # "according to A"
        found = [a for p in speaker_verb.children if p.dep_ == "pobj"
                 for a in args(state, p, "subject")]
    else:
        found = subjects(state, speaker_verb)
    return [a for a in found if a.type in ACTOR_TYPES]


def _read_verdict(state, speaker_verb, theme, verdict, link, name):
    polarity = _polarity(state, verdict, link)
    if polarity is None or theme.pos_ not in ("NOUN", "PROPN") and not (
            theme.lower_ in state.words.relative_pronouns):
        return  # "it was a mistake": what "it" is, the parse does not say
    if speaker_verb.pos_ in ("VERB", "AUX") and modality(state, speaker_verb)[0]:
        return  # "did not call it a betrayal"
    speakers = _speakers(state, speaker_verb)
    if not speakers:
        return
    relation = "opposes" if polarity == NEGATIVE else "supports"
    cue = Cue(relation=relation, lemma=verdict.lemma_.lower(), pos="ADJ")
    # an act's actor guessed from the story ("said the move was ...") is too far a reach;
    # "said the agreement was ..." names the agreement itself
    themes = [a for a in args(state, theme, "object", cue)
              if a.how not in _words(state, "guessed_reference_kinds")
              or a.type not in ACTOR_TYPES]
    conf = state.words.factors[name]
    for t in themes:
        said = relation if polarity == NEGATIVE or t.type not in ACTOR_TYPES else "praises"
        record_pairs(state, speakers, [t], said, verdict, name, conf)


def _polarity(state, verdict, link):
    """NEGATIVE, POSITIVE or None: the verdict's words, turned round by a negation."""
    if any(c.dep_ in ("xcomp", "ccomp") for c in verdict.children):
        return None  # "free to decide", "welcome to join": no verdict
    words = state.lex
    negative, positive = words.words("negative_verdicts"), words.words("positive_verdicts")
    heads = [verdict] + [c for c in verdict.children if c.dep_ == "conj"]
    names = {h.lemma_.lower() for h in heads} | {h.lower_ for h in heads}
    modifiers = {c.lower_ for h in heads for c in h.children if c.dep_ in ("amod", "compound")}
    phrases = {f"{c.lower_} {h.lower_}" for h in heads for c in h.children
               if c.dep_ == "advmod"}
    if (names | modifiers | phrases) & negative or (
            verdict.pos_ == "VERB" and names & words.words("harming_verbs")):
        polarity = NEGATIVE
    elif (names | modifiers) & positive:  # "a historic step"
        polarity = POSITIVE
    else:
        return None
    negators = words.words("verdict_negators")
    negated = any(c.dep_ == "neg" for c in link.children) or any(
        c.lower_ in negators and c.dep_ in ("neg", "preconj", "advmod", "det")
        for h in heads for c in h.children)
    if negated:
        return NEGATIVE if polarity == POSITIVE else None
    return polarity
