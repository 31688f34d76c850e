"""Modality: whether a cue is negated, planned or refused, and the contexts some cues need.

"did not back" and "refused to back" are no support ("refused" is opposing); "pledged to
build" and "will visit" are planned; "deepen cooperation" is cooperation but "tense
relations" is not; "bilateral talks" have two sides even when one is not named.
"""
from __future__ import annotations

# the dependency arcs through which a cue's governors embed it ("refused to back")
_EMBEDDING_ARCS = ("xcomp", "ccomp", "dobj", "pobj", "prep", "acomp", "conj", "advcl", "pcomp")


def modality(state, token):
    """``(negated, planned)`` for the cue at ``token``."""
    chain = _governing_chain(token)
    lex = state.lex
    negated = any(c.dep_ == "neg" or c.lower_ in lex.negations and c.dep_ == "det"
                  for x in chain[:2] for c in x.children)
    # Governors embed the cue ("refused to back", "pledged to build"); a coordinated
    # verb ("rejected ... and accused") is a sibling, not a governor.
    adjunct_preps = state.words.adjunct_preps
    governors = [x.head for x in chain[:-1] if x.dep_ not in ("conj", "advcl")
                 and not (x.dep_ == "prep" and x.lower_ in adjunct_preps)]
    negated |= any(g.lemma_.lower() in lex.negating_governors for g in governors)
    planned = any(c.dep_ == "aux" and c.lower_ in lex.planned_aux
                  for x in chain for c in x.children)
    # "agreed to reopen the border after talks": the talks are the setting of what was
    # agreed, not part of the plan; a tense ("will ... after talks") still reaches them
    setting = next((n for n, x in enumerate(chain) if x.dep_ == "prep"
                    and x.lower_ in adjunct_preps), len(chain))
    below_setting = {x.i for x in chain[1:setting + 1]}
    planned |= any(g.lemma_.lower() in lex.planned_governors for g in governors
                   if g.i in below_setting)
    hypothetical = any(c.dep_ == "aux" and c.lower_ in state.lex.words("hypothetical_aux")
                       for x in chain[:2] for c in x.children)
    return negated or hypothetical or asked(state, token), planned


def asked(state, token):
    """'Will Caracas accept the plan?': a question asserts nothing."""
    marks = state.lex.words("question_marks")
    # from the end: only the last word that is not a space counts
    ending = next((t for t in reversed(token.sent) if not t.is_space), None)
    return ending is not None and ending.text in marks


def _governing_chain(token):
    """The cue and the words that embed it, up to its own clause's verb."""
    chain = [token]
    node = token
    while node.dep_ in _EMBEDDING_ARCS and node.head.i != node.i and len(chain) < 7:
        if node.dep_ == "conj" and (node.tag_ in ("VBZ", "VBD", "VBP") or any(
                c.dep_ in ("aux", "auxpass", "nsubj") and c.lower_ != "to"
                for c in node.children)):
            break  # "pledged to defend X and has provided Y": a clause of its own
        node = node.head
        chain.append(node)
    return chain


def refused(state, token):
    """'refused to recognise': the cue is the complement of a verb of refusal."""
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in state.words.refusals


def positive_context(state, token):
    """'deepen cooperation' / 'cooperation between A and B' but not 'tense relations'."""
    if token.head.lemma_.lower() in state.words.cooperation_verbs:
        return True
    return any(c.lower_ in state.words.positive_modifiers for c in token.children)


def bilateral(state, token):
    """'bilateral talks', 'their meeting': the other side may be the parties."""
    return any(c.lower_ in state.words.bilateral_words for c in token.subtree)
