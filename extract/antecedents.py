"""Antecedents: what a pronoun, a description or an act's noun points back to.

"its commitment" (the clause's subject), "supported it" (the plan named before), "the
landlocked kingdom" (the last state that fits), "the pact" (the agreement last called a
pact), "condemned the attack" (whoever struck), "welcomed the move" (the actor of the
matching act, else the state the story is about). The reference strategies
(:mod:`bilateral_kg.extract.references`) ask these when the word names nothing itself.
"""
from __future__ import annotations

from bilateral_kg.ontology.vocab import core_relation

from .arguments import args, args_one, subjects
from .state import (Arg, mentions_before, party_args, sentence_floor, sentence_tokens,
                    times_named_before)

_ACTORS = ("Country", "Organization")
_THINGS = frozenset({"Agreement", "Policy", "Project", "Event"})


def _clause_verb(token):
    clause = token.head
    while clause.dep_ not in ("ROOT",) and clause.pos_ not in ("VERB", "AUX"):
        clause = clause.head
    return clause


def _as_pronoun(found):
    return [Arg(a.key, a.type, "pronoun") for a in found]


def thing_pronoun(state, token, role):
    """'it', 'its', 'itself': a subject before it, else a thing or a state named just before."""
    lower = token.lower_
    if token.head.dep_ == "relcl" and token.dep_ == "nsubj":
        # "France condemned ... the Wagner Group, which it accuses of ...": France
        main = token.head.head
        while main.pos_ not in ("VERB", "AUX") and main.head.i != main.i:
            main = main.head
        found = [a for c in main.children if c.dep_ == "nsubj"
                 for a in args_one(state, c, "subject", None) if a.type in _ACTORS]
        if found:
            return _as_pronoun(found)
    clause = _clause_verb(token)
    if token.dep_ in ("nsubj", "nsubjpass") and clause.dep_ == "ccomp":
        # "The Kenyan government said it would back the bid": who said it
        found = [a for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")
                 for a in args_one(state, c, "subject", None) if a.type in _ACTORS]
        if found:
            return _as_pronoun(found)
    for c in clause.children:
        if lower == "it" and role == "object":
            break  # "Spain supported it": not Spain
        if c.dep_ == "nsubj" and c.i != token.i and c.i < token.i:
            found = [a for a in args_one(state, c, "subject", None) if a.type in _ACTORS]
            if found:
                return _as_pronoun(found)
    if lower == "its" and clause.pos_ in ("VERB", "AUX"):
        # "The US welcomed the talks and reaffirmed its commitment": the shared subject
        found = [a for a in subjects(state, clause) if a.type in _ACTORS]
        if found:
            return _as_pronoun(found)
    if role == "object" and token.head.lemma_.lower() not in state.words.actor_object_verbs:
        # "Germany and Spain supported it": a thing, not one of the subjects
        for mention, keys in mentions_before(state, token, _THINGS, window=3):
            return [Arg(keys[0], state.entities[keys[0]].type, "pronoun")]
    for mention, keys in mentions_before(state, token, {"Country", "Organization"}, window=1):
        return [Arg(keys[0], state.entities[keys[0]].type, "pronoun")]
    return []


def plural_pronoun(state, token, role):
    """'they', 'their': a coordinated subject before it in the sentence, else the parties."""
    for c in token.sent:
        if c.i >= token.i:
            break
        if c.dep_ == "nsubj" and not (role == "object" and c.head.i == token.head.i):
            found = args(state, c, "subject")
            if len(found) >= 2:
                return _as_pronoun(found)
    return party_args(state)


def office_holder(state, mention):
    """'the Maldives president': the one holder of the office this text names, or the state."""
    holders = [k for k, served in state.person_state.items()
               if served == mention.key and k in state.entities]
    if len(holders) == 1:
        return [Arg(holders[0], "Person", "coreference")]
    return [Arg(mention.key, mention.type, "actor-noun")]  # speaks for the state


def signed_just_before(state, token):
    """'A and B signed a peace deal. C welcomed the move.': the agreement, when the last
    act read before the noun, in its sentence or the one before, is its signing."""
    if token.lemma_.lower() not in state.lex.words("agreement_act_anaphors"):
        return None
    floor = sentence_floor(state, token, 2)
    before = [r for r in state.readings if floor <= r.token < token.i]
    if not before or core_relation(before[-1].relation) != "signs":
        return None
    entity = state.entities.get(before[-1].object)
    return Arg(before[-1].object, entity.type, "coreference") if entity is not None else None


def recent_actor(state, token):
    """Who made 'the move': the actor of the matching earlier act, else the main actor.

    "rejected the accusation" -> whoever accused last; "welcomed the move" -> the state
    the story is about (named most often so far).
    """
    lemma = token.lemma_.lower()
    if lemma in state.words.attack_nouns:
        return recent_attacker(state, token)
    if lemma in state.words.coup_nouns:
        return _coup_state(state, token)
    verbs = state.words.anaphor_verbs.get(lemma, ())
    for reading in reversed(state.readings):
        if reading.token < token.i and reading.rule.split(":")[-1] in verbs:
            key = state.person_state.get(reading.subject, reading.subject)
            entity = state.entities.get(key)
            if entity is not None and entity.type in _ACTORS:
                return Arg(key, entity.type, "coreference")
    if lemma in state.words.no_guess_anaphors:
        return None  # "rejected the accusation" with no accusation read: do not guess
    if lemma in state.lex.map("offered_acts"):
        return offerer(state, token)
    return _main_actor(state, token)


def offerer(state, token):
    """'declined the offer': who offered it ('the freeze offered by A', 'A's offer'), or None."""
    lemma = token.lemma_.lower()
    verbs = state.lex.map("offered_acts")[lemma]
    floor = sentence_floor(state, token, 5)
    for t in reversed(state.doc[floor:token.i]):
        if t.pos_ == "VERB" and t.lemma_.lower() in verbs:
            found = [a for a in subjects(state, t) if a.type in _ACTORS]
        elif t.pos_ == "NOUN" and t.lemma_.lower() == lemma:
            found = [a for c in t.children if c.dep_ in ("poss", "compound", "prep")
                     and (c.dep_ != "prep" or c.lower_ in state.lex.words("agent_preps"))
                     for h in ([c] if c.dep_ != "prep" else
                               [p for p in c.children if p.dep_ == "pobj"])
                     for a in args_one(state, h, "subject", None) if a.type in _ACTORS]
        else:
            continue
        if found:
            return Arg(found[0].key, found[0].type, "coreference")
    return None


def _coup_state(state, token):
    """'condemned the coup': the state it happened in, the one the story is about."""
    counts = {}
    for mention in state.mentions:
        if mention.start < token.i and mention.type == "Country" and mention.via != "demonym":
            counts[mention.key] = counts.get(mention.key, 0) + 1
    if counts:
        return Arg(max(counts, key=counts.get), "Country", "coreference")
    return None


def _main_actor(state, token):
    """The actor of an earlier sentence the story names most often (not this clause's)."""
    sents = list(state.doc.sents)
    here = next(i for i, sent in enumerate(sents) if sent.start <= token.i < sent.end)
    current = {a.key for a in subjects(state, token.head)} if token.dep_ == "dobj" else set()
    actors = {}
    for sent in sents[:here]:
        for t in sentence_tokens(state, sent):
            if t.dep_ == "nsubj" and t.head.pos_ == "VERB":
                for a in args(state, t, "subject"):
                    if a.type in _ACTORS and a.key not in current:
                        actors[a.key] = a.type
    if not actors:
        return None
    counts = {k: times_named_before(state, k, token) for k in actors}
    key = max(counts, key=counts.get)
    return Arg(key, actors[key], "coreference")


def recent_attacker(state, token):
    """'condemned the attack' after 'an Israeli air strike': whoever struck."""
    floor = sentence_floor(state, token, 5)
    for t in reversed(state.doc[floor:token.i]):
        if t.lemma_.lower() not in state.words.attack_nouns:
            continue
        for c in t.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
                for a in args_one(state, c, "modifier", None):
                    if a.type in _ACTORS:
                        return Arg(a.key, a.type, "coreference")
            if c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    for a in args_one(state, p, "subject", None):
                        if a.type in _ACTORS:
                            return Arg(a.key, a.type, "coreference")
    return None


def descriptor(state, token):
    """'the landlocked kingdom' -> the most recent country mentioned that fits."""
    spec = state.lex.state_nouns[token.lemma_.lower()]
    forms = spec.get("government")
    feature_words = state.lex.feature_words
    wanted = {feature_words[c.lower_] for c in token.children if c.lower_ in feature_words}
    if spec.get("feature"):
        wanted.add(spec["feature"])
    modifiers = " ".join(t.text for c in token.lefts if c.dep_ in ("amod", "compound", "npadvmod")
                         for t in c.subtree)  # "Southeast" hangs on "Asian", not on the noun
    best, best_score = None, -1
    seen = set()
    for mention, keys in mentions_before(state, token, {"Country"}, window=6):
        key = keys[0]
        if key in seen:
            continue
        seen.add(key)
        attrs = state.kb.get(key).attrs if key in state.kb else {}
        if forms and not set(forms) & set(attrs.get("government", [])):
            continue
        score = len(wanted & set(attrs.get("features", []))) + _subregion_fits(attrs, modifiers)
        if score > best_score:
            best, best_score = key, score
    return Arg(best, "Country", "descriptor") if best else None


def _subregion_fits(attrs, modifiers):
    """'southern African', 'Central American': the adjective names the subregion (1, else 0)."""
    # compared without spaces or hyphens: "Southeast", "South-east" and "South-eastern Asia"
    subregion = (attrs.get("subregion") or "").lower().replace("-", "").replace(" ", "")
    words = [w.lower().replace("-", "") for w in modifiers.split() if w[:1].isupper()]
    if words and subregion and all(
            any(form in subregion for form in (w, w[:-1], w[:-2])) for w in words):
        return 1
    return 0


def salient(state, token, type_name):
    """The entity of a class named near the token that the text names most often."""
    counts = {}
    for mention, keys in mentions_before(state, token, {type_name}, window=2):
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    totals = {k: times_named_before(state, k, token) for k in counts}
    key = max(totals, key=totals.get)
    return Arg(key, type_name, "salience")


def agreement_anaphor(state, token):
    """'the pact': the agreement last called a pact, else the one named most often."""
    head = token.lemma_.lower()
    candidates = {}
    for mention, keys in mentions_before(state, token, {"Agreement"}, window=30):
        names = state.entities[keys[0]].names | {state.entities[keys[0]].label}
        if any(n.lower().split()[-1] == head for n in names if n):
            return Arg(keys[0], "Agreement", "coreference")
        candidates[keys[0]] = candidates.get(keys[0], 0) + 1
    if candidates:
        return Arg(max(candidates, key=candidates.get), "Agreement", "coreference")
    return None


def visit_host(state, token):
    """The host of the last visit to a state (or its capital) read before ``token``: the
    official of that state who met the visitor, else the state; None if there is none."""
    visits = [(r.subject, country) for r in state.readings
              if r.token < token.i and r.relation == "visits"
              for country in [_visited_state(state, r.object)] if country is not None]
    if not visits:
        return None
    visitor, country = visits[-1]
    visitors = {visitor, state.person_state.get(visitor, visitor)}
    met = [k for r in state.readings
           if r.token < token.i and core_relation(r.relation) == "meetsWith"
           and {r.subject, r.object} & visitors
           for k in (r.subject, r.object)
           if k not in visitors and state.person_state.get(k) == country]
    if met:
        return Arg(met[-1], "Person", "coreference")
    return Arg(country, "Country", "coreference")


def _visited_state(state, key):
    """The state a visit's destination is, or whose capital it is."""
    entity = state.entities.get(key)
    if entity is None:
        return None
    if entity.type == "Country":
        return key
    if key in state.kb:
        capital_of = state.kb.get(key).attrs.get("capital_of") or []
        return capital_of[0] if capital_of else None
    return None


def quoted_speaker(state, token):
    """'"We support Kenya's bid," Ugandan Foreign Minister A said': "we", "our" and "us"
    inside a quote are the speaker's state (the speaker, when the text gives none), "I"
    and "my" the speaker; the speaker is the subject, outside the quote, of a verb of
    saying in the sentence. Nothing when the sentence does not say who speaks."""
    span = _quote_around(state, token)
    if span is None:
        return []
    start, end = span
    speakers = _speakers_outside(state, token.sent, start, end)
    if not speakers and start == token.sent.start and token.sent.start > 0:
        # '"...," A said. "We will ..."': a quote that follows A's goes on with A's words
        before = state.doc[token.sent.start - 1].sent
        speakers = _speakers_outside(state, before, *(_quote_in(state, before) or (0, 0)))
    if len(speakers) != 1:
        return []
    speaker = speakers[0]
    if token.lower_ in state.lex.words("first_person_plural") and speaker.type == "Person":
        served = state.person_state.get(speaker.key)
        if served is not None:
            return [Arg(served, "Country", "coreference")]
    return [Arg(speaker.key, speaker.type, "coreference")]


def _speakers_outside(state, sent, start, end):
    """Who a verb of saying in the sentence, outside the quote ``start:end``, names."""
    return [a for verb in sent
            if verb.lemma_.lower() in state.words.reporting_verbs and not start < verb.i < end
            for c in verb.children if c.dep_ == "nsubj" and not start < c.i < end
            for a in args(state, c, "subject") if a.type in ("Person", "Country",
                                                              "Organization")]


def _quote_in(state, sent):
    """The first quote of a sentence, or None."""
    marks = [t.i for t in sent if t.text in state.lex.words("quote_marks")]
    return (marks[0], marks[1]) if len(marks) >= 2 else None


def _quote_around(state, token):
    """``(opening mark, closing mark)`` of the quote in the token's sentence that holds it,
    or None (the closing mark may be the sentence's end)."""
    marks = [t.i for t in token.sent if t.text in state.lex.words("quote_marks")]
    before = [i for i in marks if i < token.i]
    if len(before) % 2 == 0:
        return None
    after = [i for i in marks if i > token.i]
    return before[-1], after[0] if after else token.sent.end
