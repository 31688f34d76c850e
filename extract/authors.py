"""Sentence rule ``policy-author``: a plan, proposal or bill named with its author's name
('the Kenyan proposal', "Uganda's peace plan", 'the World Bank offer') is proposed by
that author.

The policy nouns are the lexicon's ``policy_heads`` (``patterns/mention_words.jsonl``); the
author is a state, a body or a person named by a possessive, a demonym or a name before the
noun. Who opposes a state's plan opposes that state too (``opposes-author``).

Sentence rule ``participle-author``: a thing named with a hyphenated participle and its
doer ('the Chinese-built expressway', 'a Japanese-funded hospital', 'Iran-backed
fighters') is built, funded or backed by that doer: the relation of the participle's verb
cue, when it is one of ``participle_author_relations``.

The confidences are data (``factors.jsonl``: ``policy-author``, ``opposes-author``,
``participle-author``).
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import core_relation

from .arguments import args_one
from .document_rules import sentence_rule
from .mentions import Reading
from .record import add_reading
from .state import Arg, ensure_entity, sentence_tokens, unique_args

_AUTHOR_TYPES = ("Country", "Organization", "Person")
_AUTHOR_ARCS = ("poss", "compound", "amod", "nmod")


@sentence_rule("policy-author")
def policy_authors(state, sent, name):
    """'a Kenyan proposal', "Uganda's plan": the author proposes the policy."""
    heads = state.lex.words("policy_heads")
    for mention in state.mentions:
        if not (sent.start <= mention.start < sent.end) or mention.type != "Policy" \
                or mention.key not in state.entities:
            continue
        head = state.doc[mention.end - 1]
        if head.lemma_.lower() not in heads:
            continue
        authors = _authors(state, mention, head)
        for author in authors:
            ensure_entity(state, author.key)
            add_reading(state, Reading(author.key, "proposes", mention.key, head.i, head.text,
                                       name, state.words.factors[name]))
        _opposed_authors(state, sent, mention, [a for a in authors if a.type == "Country"])


def _opposed_authors(state, sent, mention, authors):
    """'Uganda rejected the Tanzanian plan': Uganda opposes Tanzania too (``opposes-author``)."""
    factor = state.words.factors["opposes-author"]
    for reading in [r for r in state.readings if sent.start <= r.token < sent.end
                    and r.object == mention.key and core_relation(r.relation) == "opposes"]:
        for author in authors:
            if author.key != reading.subject:
                add_reading(state, Reading(reading.subject, reading.relation, author.key,
                                           reading.token, reading.cue, "opposes-author",
                                           reading.confidence * factor, reading.modality,
                                           reading.finer))


def _authors(state, mention, head):
    """The names inside the policy's name ('the World Bank offer') and its possessor."""
    inside = [Arg(m.key, m.type, "name") for m in state.mentions
              if mention.start <= m.start and m.end <= head.i and m is not mention
              and m.key in state.entities and m.type in _AUTHOR_TYPES]
    # "his plan" is the last man named's only by a guess, too weak for an author
    owners = [a for c in head.lefts if c.dep_ in _AUTHOR_ARCS and c.i < mention.start
              for a in args_one(state, c, "modifier", None) if a.type in _AUTHOR_TYPES
              and not (a.type == "Person" and a.how == "pronoun")]
    return unique_args(inside + owners)


@sentence_rule("participle-author")
def participle_authors(state, sent, name):
    """'the Chinese-built expressway': China builds the expressway."""
    allowed = state.lex.relations("participle_author_relations")
    for participle in sentence_tokens(state, sent):
        if participle.dep_ != "amod" or participle.tag_ != "VBN":
            continue
        relations = {c.relation for c in state.lex.cues_for(participle.lemma_, "VERB")} & allowed
        doers = [a for c in participle.lefts if c.dep_ in ("npadvmod", "compound")
                 and c.i + 2 == participle.i and state.doc[c.i + 1].is_punct
                 and not state.doc[c.i + 1].whitespace_
                 for a in args_one(state, c, "modifier", None)
                 if a.type in ("Country", "Organization")]
        things = [a for a in args_one(state, participle.head, "object", None)
                  if a.key not in {d.key for d in doers}]
        for relation in relations:
            for doer in doers:
                ensure_entity(state, doer.key)
                for thing in things:
                    add_reading(state, Reading(doer.key, relation, thing.key, participle.i,
                                               participle.text, name,
                                               state.words.factors[name]))
