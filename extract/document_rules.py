"""Rules that read a sentence or the whole document, not one cue.

Each rule is registered under the rule name its readings carry (the name
``patterns/calibration.jsonl`` scores it by) and is called with that name, which it
writes into its readings and uses to find its confidence in ``patterns/factors.jsonl``.
Sentence rules run after a sentence's cues, in registration order; document rules run
once every sentence is read, in registration order, each seeing what those before added.

>>> list(SENTENCE_RULES)[:3]  # then those of the modules that import this one
['title-attribute', 'prep:in', 'joint-agreement']
>>> list(DOCUMENT_RULES)  # doctest: +NORMALIZE_WHITESPACE
['signing-meeting', 'official-for-state', 'lifted', 'co-signers', 'talks-abroad',
 'capital-visit', 'project-place']
"""
from __future__ import annotations

from itertools import combinations

from bilateral_kg.ontology.vocab import core_relation

from .arguments import args, args_one, subjects
from .mentions import Reading
from .record import add_reading
from .state import container_after, ensure_entity, mention_at, sentence_tokens

#: Co-signers cooperate when an agreement has at most this many signers.
MAX_COOPERATING_SIGNERS = 3

#: rule name -> rule(state, sent, name), run after each sentence
SENTENCE_RULES = {}
#: rule name -> rule(state, name), run once the document is read
DOCUMENT_RULES = {}


def _registrar(registry, kind):
    def register_as(name):
        def register(function):
            if name in registry:
                raise ValueError(f"{kind} rule {name!r} is registered twice")
            registry[name] = function
            return function
        return register
    return register_as


sentence_rule = _registrar(SENTENCE_RULES, "sentence")
sentence_rule.__doc__ = "Register a sentence rule under the rule name its readings carry."
document_rule = _registrar(DOCUMENT_RULES, "document")
document_rule.__doc__ = "Register a document rule under the rule name its readings carry."


# -- sentence rules ------------------------------------------------------------------------
@sentence_rule("title-attribute")
def title_attributes(state, sent, name):
    """'Lei Kezhong is the Ambassador of China', 'Ruto, the President of Kenya,'."""
    for token in sentence_tokens(state, sent):
        if _title_kind(state, token) == "courtesy" or any(
                c.lower_ in state.lex.words("non_state_office_marks") for c in token.lefts):
            continue  # "the main opposition leader" holds no office of the state
        persons = [a for a in _title_holders(state, token) if a.type == "Person"]
        if not persons:
            continue
        states = [a for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for p in prep.children if p.dep_ == "pobj" and not _inside_longer_name(state, p)
                  for a in args_one(state, p, "object", None)]
        states += [a for c in token.children if c.dep_ in ("amod", "compound", "poss")
                   for a in args_one(state, c, "modifier", None)]
        _serves_owner_of_office(state, token, persons)
        for person in persons:
            for served in states:
                if served.type in ("Country", "Organization"):
                    if served.type == "Country":
                        state.person_state.setdefault(person.key, served.key)
                    add_reading(state, Reading(person.key, "officialOf", served.key, token.i,
                                               token.text, name, state.words.factors[name]))


def _title_kind(state, token):
    """The kind of title the noun ``token`` heads, alone ('the President of Kenya') or with
    the words before it ('the chief executive of the Tourism Board'); 'courtesy' if none."""
    kind = state.lex.titles.get(token.lower_)
    if kind is not None:
        return kind
    words = [c for c in token.lefts if c.dep_ in ("amod", "compound")]
    if words and words[-1].i == token.i - 1:
        phrase = state.doc[words[0].i:token.i + 1].text.lower()
        return state.lex.titles.get(" ".join(phrase.split()), "courtesy")
    return "courtesy"


def _inside_longer_name(state, token):
    """'the chief executive of Tourism Board Ruritania': the name a state's name ends is a
    body the text does not otherwise know, not the state."""
    mention = mention_at(state, token)
    return any(c.dep_ == "compound" and c.text[:1].isupper() and mention_at(state, c) is not mention
               for c in token.lefts)


def _title_holders(state, token):
    """Who holds the title: the subject it is said of, or the name it is in apposition to."""
    persons = []
    if token.dep_ == "attr":
        persons = [a for c in token.head.children if c.dep_ == "nsubj"
                   for a in args_one(state, c, "subject", None)]
    elif token.dep_ == "appos":
        persons = args_one(state, token.head, "subject", None)
    return persons + [a for c in token.children if c.dep_ == "appos"
                      for a in args_one(state, c, "subject", None)]


def _serves_owner_of_office(state, token, persons):
    """'the secretary of Iran's Supreme National Security Council' serves Iran."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for p in prep.children:
                for owner in p.children:
                    if owner.dep_ == "poss":
                        for a in args_one(state, owner, "subject", None):
                            if a.type == "Country":
                                for person in persons:
                                    state.person_state.setdefault(person.key, a.key)


@sentence_rule("prep:in")
def located_in(state, sent, name):
    """'In Lesotho, China has completed ... A' and 'A in Lesotho' -> A locatedIn Lesotho."""
    place_preps = state.words.place_preps
    start, end = sent.start, sent.end
    built = [r for r in state.readings if r.relation in state.words.building_relations
             and start <= r.token < end]
    for reading in built:
        for prep in state.doc[reading.token].children:
            if prep.dep_ == "prep" and prep.lower_ in place_preps:
                for pobj in prep.children:
                    for place in args(state, pobj, "object"):
                        if state.entities.get(place.key) and place.type in ("Country", "Place"):
                            conf = reading.confidence * state.words.factors["located-where-built"]
                            add_reading(state, Reading(reading.object, "locatedIn", place.key,
                                                       reading.token, prep.text, name, conf))
    for mention in state.mentions:
        if not (start <= mention.start < end) or mention.type != "Project":
            continue
        head = state.doc[mention.end - 1]
        after = container_after(state, mention)
        if after is not None:  # "inside Kakadu Park in Australia", however parsed
            add_reading(state, Reading(mention.key, "locatedIn", after[0], head.i,
                                       after[1].text, name, state.words.factors[name]))
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in place_preps:
                for pobj in prep.children:
                    for place in args_one(state, pobj, "object", None):
                        add_reading(state, Reading(mention.key, "locatedIn", place.key, head.i,
                                                   prep.text, name, state.words.factors[name]))


@sentence_rule("joint-agreement")
def joint_agreements(state, sent, name):
    """A joint statement issued after talks between A and B is signed by both states."""
    start, end = sent.start, sent.end
    for mention in state.mentions:
        if not (start <= mention.start < end) or mention.type != "Agreement":
            continue
        entity = state.entities.get(mention.key)
        label = entity.label.lower() if entity is not None else ""
        if "joint" not in label:
            continue
        if any(r.relation == "signs" and r.object == mention.key and start <= r.token < end
               for r in state.readings):
            continue
        if any(c.dep_ == "prep" and c.lower_ in state.words.between_preps
               for c in state.doc[mention.end - 1].children):
            continue  # "a joint statement between the three leaders": rule agreement-parties
        for signer in _joint_signers(state, sent, mention):
            ensure_entity(state, signer)
            if signer in state.entities and state.entities[signer].type == "Country":
                add_reading(state, Reading(signer, "signs", mention.key, mention.start, label,
                                           name, state.words.factors[name]))


def _joint_signers(state, sent, mention):
    """The states of who met in the sentence, else of the pair before it, else the parties."""
    start, end = sent.start, sent.end
    meeting = {k for r in state.readings if r.relation == "meetsWith" and start <= r.token < end
               for k in (r.subject, r.object)}
    pair = {a.key for t in sent if t.dep_ == "nsubj" and t.conjuncts and t.i < mention.start
            for a in args(state, t, "subject")}
    signers = meeting or (pair if len(pair) >= 2 else set(state.parties))
    return {state.person_state.get(k, k) for k in signers}


# -- document rules ------------------------------------------------------------------------
@document_rule("signing-meeting")
def signing_meetings(state, name):
    """'Muizzu signed 20 agreements with Xi Jinping', 'A and his counterpart B reached an
    agreement': the two met."""
    verbs = state.lex.words("meeting_signing_verbs")
    for token in state.tokens:
        if token.lemma_.lower() not in verbs or token.pos_ != "VERB":
            continue
        if token.lemma_.lower() not in state.lex.words("signing_verbs_any_object") and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in state.words.agreement_nouns
                for c in token.children):
            continue  # "reached Hanoi", "concluded his tour"
        signers = [a for a in subjects(state, token) if a.type == "Person"]
        holders = [token] + [c for c in token.children if c.dep_ == "dobj"]
        others = [a for h in holders for p in h.children
                  if p.dep_ == "prep" and p.lower_ == "with"
                  for g in p.children if g.dep_ == "pobj" for a in args(state, g, "subject")
                  if a.type == "Person"]
        if not others and len(signers) == 2:
            others = signers[1:]  # "Xi and Tokayev ... signed": the two met
            signers = signers[:1]
        for a in signers:
            for b in others:
                add_reading(state, Reading(a.key, "meetsWith", b.key, token.i, token.text,
                                           name, state.words.factors[name]))


@document_rule("official-for-state")
def officials_for_states(state, name):
    """An official who supports, opposes, praises or sanctions does it for the state whose
    office the text gives them ("Foreign Minister Yvan Gil accused Washington")."""
    factor = state.words.factors[name]
    for reading in list(state.readings):
        if core_relation(reading.relation) in state.words.spoken_for_state \
                and state.entities[reading.subject].type == "Person":
            served = state.person_state.get(reading.subject)
            if served and served != reading.object:
                add_reading(state, Reading(served, reading.relation, reading.object,
                                           reading.token, reading.cue, name,
                                           reading.confidence * factor, reading.modality,
                                           reading.finer))


@document_rule("lifted")
def lift_meetings_to_states(state, name):
    """Ministers who meet speak for their states: the states meet too."""
    for reading in list(state.readings):
        if reading.relation != "meetsWith":
            continue
        s = state.person_state.get(reading.subject)
        o = state.person_state.get(reading.object)
        if s and o and s != o:
            ensure_entity(state, s)
            ensure_entity(state, o)
            add_reading(state, Reading(s, "meetsWith", o, reading.token, reading.cue, name,
                                       reading.confidence * state.words.factors[name],
                                       reading.modality))


@document_rule("co-signers")
def cosigners_cooperate(state, name):
    """States that sign one agreement together cooperate."""
    by_agreement = {}
    for reading in state.readings:
        if reading.relation == "signs":
            by_agreement.setdefault((reading.object, reading.token), []).append(reading)
    for readings in by_agreement.values():
        signers = list(dict.fromkeys(r.subject for r in readings
                                     if state.entities[r.subject].type in ("Country",
                                                                           "Organization")))
        if len(signers) > MAX_COOPERATING_SIGNERS:
            continue  # the many parties of a multilateral accord do not each cooperate
        for a, b in combinations(signers, 2):
            add_reading(state, Reading(a, "cooperatesWith", b, readings[0].token,
                                       readings[0].cue, name, state.words.factors[name],
                                       readings[0].modality))


@document_rule("talks-abroad")
def talks_abroad(state, name):
    """'held talks in Abuja with his Nigerian counterpart', 'hosted ... at the White
    House': the guest visits the host's state."""
    for reading in list(state.readings):
        if reading.relation != "meetsWith" or reading.rule == "lifted":
            continue
        for mention in _capitals_of_meeting(state, state.doc[reading.token]):
            country = (state.kb.get(mention.key).attrs.get("seat_of") or [None])[0]
            if country is None:
                continue
            for person, host in ((reading.subject, reading.object),
                                 (reading.object, reading.subject)):
                home = state.person_state.get(person)
                if (home and home != country and state.entities[person].type == "Person"
                        and state.person_state.get(host) == country):
                    add_reading(state, Reading(person, "visits", mention.key, reading.token,
                                               "in", name, state.words.factors[name],
                                               reading.modality))


def _capitals_of_meeting(state, cue):
    """The capitals the meeting's cue (or its governor) says it was held in or at."""
    return [m for prep in list(cue.children) + list(cue.head.children)
            if prep.dep_ == "prep" and prep.lower_ in state.words.place_preps
            for p in prep.children if p.dep_ == "pobj"
            for m in [mention_at(state, p)] if m is not None and m.via == "capital"]


@document_rule("capital-visit")
def visits_to_states(state, name):
    """A visit to a capital is a visit to its state ('arrived in Addis Ababa')."""
    for reading in list(state.readings):
        if reading.relation != "visits" or reading.object not in state.kb:
            continue
        capital_of = state.kb.get(reading.object).attrs.get("capital_of") or []
        if capital_of:
            ensure_entity(state, capital_of[0])
            add_reading(state, Reading(reading.subject, "visits", capital_of[0], reading.token,
                                       reading.cue, name,
                                       reading.confidence * state.words.factors[name],
                                       reading.modality))


# The agreement rules register themselves when their module is imported; importing it here
# makes the registries complete whichever module a caller imports first.
from . import agreements as _agreements  # noqa: E402,F401
