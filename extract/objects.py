"""Objects: whom or what a cue's relation is to, read from the words the cue governs.

A verb's object, its passive subject, the prepositions the cue lists ("support *for*",
"talks *with*"), the light object that makes a light verb a cue ("imposed *sanctions* on"),
and, failing those, the typed entities named later in the cue's own clause.
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS

from .arguments import args, named_at, pair_modifiers, subjects
from .references import from_mention
from .state import Arg, mention_at, unique_args


def objects(state, token, cue, light_object):
    """The entities a cue at ``token`` is directed at.

    Parameters
    ----------
    state : DocumentState
    token : spacy.tokens.Token
        The cue word.
    cue : Cue
        Its entry in the cue lexicon (object prepositions, classes, ...).
    light_object : spacy.tokens.Token or None
        The noun that made a light verb the cue (:func:`light_object`), if any.

    Returns
    -------
    list of Arg
        Each entity once.
    """
    if cue.pos == "VERB":
        out = _verb_objects(state, token, cue, light_object)
    else:
        out = _noun_objects(state, token, cue)
    if not out and cue.object_types and cue.pos == "VERB" and cue.dobj:
        out = clause_objects(state, token, cue.object_types)
    if cue.relation == "memberOf":
        out = [narrowest_body(state, token, a) for a in out]
    return unique_args(out)


def _verb_objects(state, token, cue, light_object):
    out = []
    children = list(token.children)
    if cue.dobj and light_object is None:
        out += _direct_objects(state, token, cue, children)
    preps = [c for c in children if c.dep_ in ("prep", "dative")]
    if light_object is not None:
        preps += [c for c in light_object.children if c.dep_ == "prep"]
        if light_object.head.lower_ == "with" and light_object.head.head.i == token.i:
            # "provide Ukraine with air defence systems": Ukraine receives
            out += [a for c in children if c.dep_ == "dobj" for a in args(state, c, "object", cue)]
        # "granted Kenya a loan": the indirect object receives
        out += [a for c in children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")
                for a in args(state, c, "object", cue)]
    if light_object is not None and cue.relation not in SYMMETRIC_RELATIONS:
        # "suspended talks on a trade agreement with India": one level down at most
        preps += [g for c in light_object.children if c.dep_ == "prep"
                  for p in c.children if p.dep_ == "pobj"
                  for g in p.children if g.dep_ == "prep"]
    for prep in preps:
        if prep.lower_ in cue.preps:
            for pobj in prep.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    out += _prep_objects(state, pobj, cue)
    if light_object is not None and cue.relation in SYMMETRIC_RELATIONS:
        out += pair_modifiers(state, light_object)
    return out


def _passive_subjects(token, children):
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if not passive and any(c.dep_ == "auxpass" for c in children) \
            and token.dep_ in ("acl", "relcl"):
        # "the latest member to be suspended": the noun is the one suspended
        passive = [token.head]
    return passive


def _direct_objects(state, token, cue, children):
    out = []
    passive = _passive_subjects(token, children)
    found = [c for c in children if c.dep_ in ("dobj", "attr", "dative")]
    if not found and not passive:
        # "praised and supported the Philippines": the object hangs off the last verb
        for conj in token.children:
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(
                    g.dep_ in ("nsubj", "nsubjpass") for g in conj.children):
                found = [g for g in conj.children if g.dep_ == "dobj"]
                break
    for c in found:
        out += args(state, c, "object", cue)
    for c in passive:
        out += args(state, c, "object", cue)
    if not passive and token.dep_ == "conj" and any(
            c.dep_ in ("auxpass", "agent") for c in children):
        # "Putin arrived ... and was greeted by Kim": Putin was greeted
        out += subjects(state, token.head)
    if token.dep_ == "acl" and not passive:
        out += args(state, token.head, "object", cue)
    return out


def _prep_objects(state, pobj, cue):
    found = args(state, pobj, "object", cue)
    if not found and cue.deep_objects:
        # "strikes on militant hideouts inside Afghanistan"
        found = [a for t in pobj.subtree for a in (
            from_mention(state, t, "object", cue, mention_at(state, t))
            if mention_at(state, t) and mention_at(state, t).start == t.i else [])
            if a.type in ("Country", "Organization")]
    return found


def _noun_objects(state, token, cue):
    out = []
    children = list(token.children)
    for prep in children:
        if prep.dep_ == "prep" and prep.lower_ in cue.preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out += args(state, pobj, "object", cue)
    # "talks in Maseru between A and B": the second preposition may hang off the first
    for prep in children:
        if prep.dep_ == "prep":
            for pobj in prep.children:
                for inner in pobj.children:
                    if inner.dep_ == "prep" and inner.lower_ == "between" \
                            and "between" in cue.preps:
                        for p in inner.children:
                            if p.dep_ == "pobj":
                                out += args(state, p, "object", cue)
    return out


def clause_objects(state, verb, types):
    """Typed entities after the verb in its own clause: lists hung anywhere in it."""
    top = verb
    while top.dep_ in ("conj", "pcomp", "pobj", "prep") and top.head.i != top.i:
        top = top.head
    out = []
    for t in top.subtree:
        if t.i <= verb.i or _in_other_clause(t, top, verb):
            continue
        out += named_at(state, t, types)
    return out


def _in_other_clause(t, top, verb):
    """Whether a verb with a subject of its own stands between the token and the clause."""
    node = t
    while node.i != top.i and node.i != verb.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass")
                                                 for c in node.children):
            if node.i != top.i and node.i != verb.i:
                return True
    return False


def light_object(state, token, cue):
    """The noun that makes a light verb a cue ('imposed *sanctions*', 'held *talks*')."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr"):
            words = {child.lemma_.lower(), child.lower_}
            words |= {c.lower_ for c in child.children if c.dep_ in ("compound", "amod")}
            # "billions of dollars in military aid", "17 batches of medical teams"
            words |= {t.lemma_.lower() for t in child.subtree
                      if t.i - child.i <= 6 and t.pos_ == "NOUN"
                      and t.head.dep_ in ("pobj", "dobj", "prep")}
            words |= {f"{c.lower_} {child.lemma_.lower()}" for c in child.children
                      if c.dep_ == "compound"}
            named = mention_at(state, child)
            if words & cue.object_nouns and (named is None or named.via.startswith("phrase:")):
                return child
    if token.dep_ == "acl" and token.head.lemma_.lower() in cue.object_nouns:
        return token.head
    for prep in token.children:  # "provided billions of dollars in military aid"
        if prep.dep_ == "prep" and prep.lower_ in state.words.light_object_preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in cue.object_nouns:
                    return pobj
    return None


def narrowest_body(state, cue_token, body):
    """'a member of the Communist Party of China's Politburo': the Politburo, which is
    part of the party, even when the parser hangs the phrase on the party."""
    if body.key not in state.kb:
        return body
    sent = cue_token.sent
    for mention in state.mentions:
        if not (cue_token.i < mention.start < sent.end) or mention.key in (None, body.key):
            continue
        if mention.key in state.kb and state.kb.get(mention.key).attrs.get("part_of") == body.key:
            return Arg(mention.key, "Organization", body.how)
    return body
