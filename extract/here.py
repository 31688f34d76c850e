"""'Arrived here': a wire story's "here" is its dateline's city.

"NAIROBI, March 3 - Uganda's trade minister arrived here last night" says the minister
visits Nairobi (and, by the rule ``capital-visit``, Kenya). The sentence rule
``here-visit`` reads a verb with the adverb "here" (``here_words``) when the dateline
names a capital the knowledge base knows (:meth:`StoryOffices.dateline_capital
<bilateral_kg.extract.offices.StoryOffices.dateline_capital>`):

- a verb of travel (the ``visits`` verb cues: "arrived here", "came here"): its subjects
  visit the city;
- a verb of meeting or signing ("met here", "the accord was signed here by A"): its
  actors whose state the story knows and is not the city's visit it; the host is at home.

A visit home is dropped where every reading is recorded (:func:`~bilateral_kg.extract.
record.add_reading`). The confidence is data (``factors.jsonl``: ``here-visit``).
"""
from __future__ import annotations

from .arguments import args, subjects
from .document_rules import sentence_rule
from .modality import modality
from .model import FACTUAL, PLANNED
from .offices import StoryOffices
from .stance import record_pairs
from .state import Arg, ensure_entity, sentence_tokens

_ACTOR_TYPES = ("Person", "Country")


@sentence_rule("here-visit")
def here_visits(state, sent, name):
    """Who came to the dateline's city: the actors of a verb done 'here'."""
    here = state.lex.words("here_words")
    for verb in sentence_tokens(state, sent):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        # "held talks here", however the parser hangs "here" (on the verb or its object)
        near = [*verb.children, *(g for c in verb.children if c.dep_ == "dobj"
                                  for g in c.children)]
        if not any(c.dep_ == "advmod" and c.lower_ in here for c in near):
            continue
        relations = {c.relation for c in state.lex.cues_for(verb.lemma_, "VERB")}
        travel = "visits" in relations
        if not travel and not relations & state.lex.relations("hosted_relations"):
            continue
        city = StoryOffices(state.kb, state.lex).dateline_capital(state.doc)
        if city is None:
            return
        negated, planned = modality(state, verb)
        if negated:
            continue
        home = city.attrs["capital_of"][0]
        found = subjects(state, verb) if travel else subjects(state, verb) + _met(state, verb)
        actors = [a for a in found if a.type in _ACTOR_TYPES and (
            travel or state.person_state.get(a.key, a.key if a.type == "Country" else None)
            not in (None, home))]
        ensure_entity(state, city.key)
        record_pairs(state, actors, [Arg(city.key, "Place", "name")], "visits", verb, name,
                     state.words.factors[name], PLANNED if planned else FACTUAL)


def _met(state, verb):
    """Whom a verb of meeting names besides its subject: 'met A here', 'talked with A'."""
    held = [c for c in verb.children if c.dep_ == "dobj"]
    held += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
             for g in c.children if g.dep_ == "pobj"]
    return [a for h in held for a in args(state, h, "object")]
