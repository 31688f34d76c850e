"""Sentence rules for where places lie: ``locatedIn`` read from how a text names a place.

- ``place-apposition``: a place named with a place noun that is tied to a state or region
  ('Mombasa, a port city in Kenya', 'the Tanzanian port of Tanga', 'Kenya's Turkana
  region'); for 'the capital, Nairobi' the state is the one the knowledge base gives.
- ``place-comma``: 'Mombasa, Kenya' when the pair ends there (datelines, 'in Mombasa,
  Kenya, on Monday'), not in a list ('Mombasa, Kenya and Uganda').
- ``place-in``: 'Kisumu in Kenya', 'Sydney (in New South Wales)', 'Kenya's Mombasa'.

The subject is always a mention of a Place (projects have ``prep:in``); the object a
Country or a Place. Registered with :func:`~bilateral_kg.extract.document_rules.sentence_rule`;
words from ``patterns/place_words.jsonl``, confidences from ``patterns/factors.jsonl``.
"""
from __future__ import annotations

from .document_rules import sentence_rule
from .mentions import Reading
from .record import add_reading
from .state import container_after, ensure_entity, mention_at, mentions_before

_CONTAINERS = ("Country", "Place")
# Dependency links from a place noun to the state or region it is tied to.
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod")


def place_mentions(state, sent):
    """The mentions of places in the sentence, with their last token (found through the
    token index, so a sentence costs its length, not the document's mentions)."""
    numbers = dict.fromkeys(n for n in state.index[sent.start:sent.end] if n is not None)
    for number in numbers:
        mention = state.mentions[number]
        if mention.key and _type(state, mention.key) == "Place":
            yield mention, state.doc[mention.end - 1]


def _type(state, key):
    entity = state.entities.get(key)
    return entity.type if entity is not None else None


def _container(state, token, place_key):
    """The Country or Place key a token names (not the place itself), or None."""
    mention = mention_at(state, token)
    if mention is None or mention.key == place_key:
        return None
    return mention.key if _type(state, mention.key) in _CONTAINERS else None


def _read(state, subject, obj, token, name, cue):
    add_reading(state, Reading(subject, "locatedIn", obj, token.i, cue, name,
                               state.words.factors[name]))


def _place_noun_of(state, mention, head):
    """The place noun a place's name is given with, or None: 'Mombasa, a port city',
    'the port of Tanga', 'the Turkana region', and 'the capital, Nairobi' however parsed."""
    nouns = state.lex.words("place_nouns")
    doc = state.doc
    if mention.start >= 2 and doc[mention.start - 1].text == "," \
            and doc[mention.start - 2].lemma_.lower() in nouns \
            and doc[mention.start - 2].pos_ == "NOUN":
        return doc[mention.start - 2]
    if head.dep_ == "appos" and head.head.lemma_.lower() in nouns:
        return head.head
    for child in head.children:
        if child.dep_ == "appos" and child.lemma_.lower() in nouns:
            return child
    if head.dep_ == "compound" and head.head.lemma_.lower() in nouns:
        return head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" \
            and head.head.head.lemma_.lower() in nouns:
        return head.head.head
    return None


def _state_of_noun(state, noun, place_key):
    """The state or region a place noun is tied to: 'the Kenyan port', 'Kenya's capital',
    'a town in Kenya', 'a city in Kenya's Coast province'."""
    for child in noun.children:
        if child.dep_ in _MODIFIER_DEPS:
            found = _container(state, child, place_key)
            if found:
                return found
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in state.words.place_preps:
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                pobj = _past_compass(state, pobj)
                if pobj.lemma_.lower() in state.lex.state_nouns and pobj.tag_ == "NN":
                    # "a village in the east of the country": the one state named lately
                    named = {k for _, keys in mentions_before(state, pobj, {"Country"})
                             for k in keys}
                    if len(named) == 1:
                        return named.pop()
                    continue
                found = _container(state, pobj, place_key) or next(
                    (c for c in (_container(state, m, place_key) for m in pobj.children
                                 if m.dep_ in _MODIFIER_DEPS) if c), None)
                if found:
                    return found
    return None


def _past_compass(state, token):
    """'the east of the Czech Republic' -> 'the Czech Republic' (else the token itself)."""
    if token.lemma_.lower() not in state.lex.words("compass_nouns"):
        return token
    return next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"), token)


@sentence_rule("place-apposition")
def place_appositions(state, sent, name):
    """'Mombasa, a port city in Kenya', 'the Tanzanian port of Tanga', 'the capital, X'."""
    capitals = state.lex.words("capital_nouns")
    for mention, head in place_mentions(state, sent):
        noun = _place_noun_of(state, mention, head)
        if noun is None:
            continue
        found = _state_of_noun(state, noun, mention.key)
        if found is None and noun.lemma_.lower() in capitals and mention.key in state.kb:
            capital_of = state.kb.get(mention.key).attrs.get("capital_of") or []
            found = capital_of[0] if len(capital_of) == 1 else None
            if found:
                ensure_entity(state, found)
        if found:
            _read(state, mention.key, found, noun, name, noun.text)


@sentence_rule("place-comma")
def place_commas(state, sent, name):
    """'Mombasa, Kenya' where the pair ends: a dateline, 'in Mombasa, Kenya, on Monday'."""
    ends = state.lex.words("place_list_ends")
    doc = state.doc
    for mention, head in place_mentions(state, sent):
        comma = mention.end
        if comma + 1 >= sent.end or doc[comma].text != ",":
            continue
        other = mention_at(state, doc[comma + 1])
        if other is None or other.start != comma + 1 or _type(state, other.key) != "Country":
            continue
        after = doc[other.end] if other.end < len(doc) else None
        if after is None or after.is_space or after.text in ends:
            _read(state, mention.key, other.key, doc[comma], name, ",")


@sentence_rule("place-in")
def places_in(state, sent, name):
    """'Kisumu in Kenya', 'Sydney (in New South Wales)', 'Kenya's Mombasa'."""
    for mention, head in place_mentions(state, sent):
        after = container_after(state, mention)
        if after is not None:
            _read(state, mention.key, after[0], after[1], name, after[1].text)
        for child in head.children:
            if child.dep_ == "poss":
                found = _container(state, child, mention.key)
                if found:
                    _read(state, mention.key, found, child, name, "'s")
            elif child.dep_ == "prep" and child.lower_ == "in":
                for pobj in child.children:
                    found = _container(state, pobj, mention.key) if pobj.dep_ == "pobj" else None
                    if found:
                        _read(state, mention.key, found, child, name, child.text)
