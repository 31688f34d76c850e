"""References: which entity a word in a relation's argument stands for.

A name is easy; the rest needs the document: pronouns ("its backing" -> the clause's
subject), "the two sides" (the parties of the last meeting), "the landlocked kingdom" (the
last state mentioned that the KB says is a landlocked kingdom), "the Chinese side", "the
foreign ministers of Egypt and Jordan", "Lesotho's reform efforts" (the owner), "the
proposal", "the attack", "welcomed the move" (the act and its actor named before), and
capitals that stand for their state ("Beijing said") or for the city ("talks in Beijing").

Each way of reading a word is a strategy registered with
:func:`~bilateral_kg.extract.arguments.strategy`, in the order
:func:`~bilateral_kg.extract.arguments.args_one` tries them: the order below. What the
strategies look up in earlier text (the parties, the act's actor, the state a description
fits) is in :mod:`~bilateral_kg.extract.antecedents` and :mod:`~bilateral_kg.extract.parties`.
"""
from __future__ import annotations

from . import antecedents, parties
from .arguments import args, args_one, strategy
from .state import Arg, ensure_entity, mention_at, mentions_before


def _named(state, mention):
    return [Arg(k, state.entities[k].type, "name") for k in mention.keys if k in state.entities]


def _definite(state, token):
    return any(c.lower_ in state.words.definite_determiners for c in token.children)


def _is_actor_noun(state, token):
    actor_nouns = state.words.actor_nouns
    return token.lemma_.lower() in actor_nouns or token.lower_ in actor_nouns


@strategy("mention")
def from_mention(state, token, role, cue, mention=None):
    """A name: its entity; a demonym or a capital stands for its state unless it is a place.

    ``mention`` may be given when the caller has it (deep objects); else it is looked up.
    """
    if mention is None:
        mention = mention_at(state, token)
    if mention is None:
        return None
    relation = cue.relation if cue else None
    if mention.via == "demonym":
        if token.dep_ in ("amod", "compound") and role != "modifier":
            return []
        return [Arg(mention.key, "Country", "demonym")]
    if mention.via == "capital":
        seats = state.kb.get(mention.key).attrs.get("seat_of") or []
        as_place = relation in state.words.place_relations or (
            relation is None and token.dep_ == "pobj"
            and token.head.lower_ in state.words.locative_preps)
        if as_place or not seats:
            return [Arg(mention.key, "Place", "name")]
        ensure_entity(state, seats[0])
        return [Arg(seats[0], "Country", "capital")]
    how = "group" if mention.via == "group" else (
        "surname" if mention.via == "surname" else "name")
    return [Arg(k, state.entities[k].type, how) for k in mention.keys if k in state.entities]


@strategy("pronoun")
def pronoun(state, token, role, cue):
    """'its', 'they', 'which', 'whose': the antecedent the pronoun's clause points to."""
    lower = token.lower_
    if token.pos_ != "PRON" and lower not in state.words.relative_pronouns:
        return None
    if lower == "whose":
        # "South Korea, whose government endorsed ...": the clause's antecedent
        return _relative_antecedent(state, token.head.head, role)
    if lower in state.words.relative_pronouns:
        return _relative_antecedent(state, token.head, role)
    if lower in state.words.person_pronouns:
        return _person_antecedent(state, token)
    if lower in state.words.thing_pronouns:
        return antecedents.thing_pronoun(state, token, role)
    if lower in state.words.plural_pronouns:
        return antecedents.plural_pronoun(state, token, role)
    if lower in state.lex.words("first_person_pronouns"):
        return antecedents.quoted_speaker(state, token)
    return []


def _person_antecedent(state, token):
    """The person 'he' or 'she' stands for: for a subject pronoun, the last person who was
    a subject ("A arrived ... she met B. She also called on C": A); else the nearest person
    named before."""
    found = list(mentions_before(state, token, {"Person"}))
    if not found:
        return []
    clause = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and clause.dep_ == "ccomp":
        # "The head of the company, Yury Petrov, said he was happy": who said it
        speakers = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.pos_ != "PRON"]  # "he said he ...": the pronoun's own antecedent
        said = [a for c in speakers for a in args(state, c, "subject") if a.type == "Person"]
        if said:
            return [Arg(said[0].key, "Person", "pronoun")]
        if any(c.pos_ in ("NOUN", "PROPN") for c in speakers):
            return []  # a speaker the text names but we do not know: not someone before
    if token.dep_ in ("nsubj", "nsubjpass"):
        for mention, keys in found:
            if state.doc[mention.end - 1].dep_ in ("nsubj", "nsubjpass"):
                return [Arg(keys[0], "Person", "pronoun")]
    return [Arg(found[0][1][0], "Person", "pronoun")]


def _relative_antecedent(state, clause, role):
    if clause.dep_ != "relcl":
        return []
    found = args_one(state, clause.head, role, None)
    if not found and clause.head.dep_ == "appos":
        # "A, the main opposition leader who is recognised ...": who is A
        found = args_one(state, clause.head.head, role, None)
    return [Arg(a.key, a.type, "relative") for a in found]


@strategy("not-a-noun")
def not_a_noun(state, token, role, cue):
    """Only nouns name entities (what is left of the other words stands for nothing)."""
    return [] if token.pos_ not in ("NOUN", "PROPN") else None


@strategy("title-for-name")
def title_for_name(state, token, role, cue):
    """"Lesotho's Minister of Foreign Affairs Lejone Mpotjoana": the title stands for the name."""
    for c in token.children:
        if c.dep_ in ("appos", "compound") and c.i > token.i:
            m = mention_at(state, c)
            if m and m.type == "Person":
                return [Arg(m.key, "Person", "name")]
    if token.lower_ in state.lex.titles and token.i + 1 < len(state.doc):
        m = mention_at(state, state.doc[token.i + 1])
        if m and m.type == "Person" and m.start == token.i + 1:
            return [Arg(m.key, "Person", "name")]
    return None


@strategy("actor-in-capital")
def actor_in_capital(state, token, role, cue):
    """'the foreign ministry in Beijing': the state whose capital it is (not "Turkey's
    ambassador in Athens", whose owner says whose he is)."""
    if not _is_actor_noun(state, token) or any(
            c.dep_ in ("poss", "amod", "compound") and (m := mention_at(state, c)) is not None
            and m.type == "Country" for c in token.children):
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for p in prep.children:
                m = mention_at(state, p)
                found = _seat_state(state, m) if m and m.via == "capital" else None
                if found:
                    return found
    return None


def _seat_state(state, capital):
    """The state whose capital a mention names, as an actor (or None)."""
    seats = state.kb.get(capital.key).attrs.get("seat_of") or []
    if not seats:
        return None
    ensure_entity(state, seats[0])
    return [Arg(seats[0], "Country", "actor-noun")]


def _served_state(state, person_key):
    """The state a person acts for, as an actor (or None)."""
    served = state.person_state.get(person_key)
    if served is None:
        return None
    ensure_entity(state, served)
    return [Arg(served, "Country", "actor-noun")]


@strategy("descriptive-head")
def descriptive_head(state, token, role, cue):
    """'the Polisario Front independence movement': the named group it describes."""
    if token.lemma_.lower() not in state.words.descriptive_heads:
        return None
    for c in token.children:
        m = mention_at(state, c) if c.dep_ == "compound" else None
        if m and m.type in ("Organization", "Country", "Project", "Policy"):
            return _named(state, m)
    return None


@strategy("actor-modifier")
def actor_modifier(state, token, role, cue):
    """'the Chinese side', 'the US administration', 'the Maduro government'."""
    if not _is_actor_noun(state, token):
        return None
    for c in token.children:
        if c.dep_ in ("amod", "compound", "poss"):
            m = mention_at(state, c)
            if m and m.type in ("Country", "Organization"):
                if token.lemma_.lower() in state.words.person_party_nouns:
                    return antecedents.office_holder(state, m)
                return [Arg(m.key, m.type, "actor-noun")]
            found = _served_state(state, m.key) if m and m.type == "Person" else None
            if not found and m and m.via == "capital" and c.dep_ in ("poss", "compound"):
                found = _seat_state(state, m)  # "Moscow's intelligence services"
            if (not found and c.dep_ == "poss" and c.lower_ in state.words.person_pronouns
                    and token.lemma_.lower() not in state.words.person_party_nouns):
                # "the prime minister said his government supports X": the state he serves
                found = next(filter(None, (_served_state(state, a.key)
                                           for a in _person_antecedent(state, c))), None)
            if found:
                return found
    return None


@strategy("officials-of")
def officials_of(state, token, role, cue):
    """'the foreign ministers of Egypt and Jordan', 'officials from Nepal and India'."""
    lemma = token.lemma_.lower()
    if lemma not in state.words.actor_nouns and lemma not in state.words.person_party_nouns:
        return None
    if any(c.lower_ in state.lex.words("non_state_office_marks") for c in token.lefts):
        return None  # "the opposition leader of Kenya" does not speak for Kenya
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in state.words.origin_preps:
            found = [a for p in prep.children if p.dep_ == "pobj"
                     for a in args(state, p, "subject") if a.type in ("Country", "Organization")]
            if found:
                return [Arg(a.key, a.type, "actor-noun") for a in found]
    return None


@strategy("party-phrase")
def party_phrase(state, token, role, cue):
    """'the two sides', 'both governments', 'the three countries'."""
    return parties.party_phrase(state, token)


@strategy("host")
def host(state, token, role, cue):
    """'the host', 'her hosts': whom the last visit read before went to (the official of
    that state who met the visitor, else the state)."""
    if token.lemma_.lower() not in state.lex.words("host_nouns") or not (
            _definite(state, token) or any(c.dep_ == "poss" for c in token.children)):
        return None
    found = antecedents.visit_host(state, token)
    return [found] if found else None


@strategy("state-noun")
def state_noun(state, token, role, cue):
    """'the landlocked kingdom', 'the bloc': the state or body a description fits."""
    lemma = token.lemma_.lower()
    if lemma not in state.lex.state_nouns or not any(c.lower_ == "the" for c in token.children):
        return None
    if state.lex.state_nouns[lemma].get("refers_to") == "Organization":
        for mention, keys in mentions_before(state, token, {"Organization"}, window=4):
            return [Arg(keys[0], "Organization", "descriptor")]
        return []
    found = antecedents.descriptor(state, token)
    return [found] if found else None


@strategy("policy-anaphor")
def policy_anaphor(state, token, role, cue):
    """'the proposal', 'this vision': the policy last called so, else the salient one."""
    lemma = token.lemma_.lower()
    if lemma not in state.words.policy_anaphors or not _definite(state, token):
        return None
    for mention, keys in mentions_before(state, token, {"Policy"}, window=5):
        if state.doc[mention.end - 1].lemma_.lower() == lemma:
            return [Arg(keys[0], "Policy", "coreference")]
    found = antecedents.salient(state, token, "Policy")
    return [found] if found else None


@strategy("agreement-anaphor")
def agreement_anaphor(state, token, role, cue):
    """'the pact', 'the joint statement': an agreement named before."""
    if token.lemma_.lower() not in state.words.agreement_nouns or token.tag_ != "NN" \
            or not _definite(state, token):
        return None
    found = antecedents.agreement_anaphor(state, token)
    return [found] if found else None


@strategy("repeated-head")
def repeated_head(state, token, role, cue):
    """'the mission' after 'the Multinational Security Support Mission'."""
    if token.tag_ != "NN" or not _definite(state, token):
        return None
    lemma = token.lemma_.lower()
    for mention, keys in mentions_before(state, token, {"Project", "Event", "Organization"},
                                         window=6):
        head = state.doc[mention.end - 1]
        if head.lemma_.lower() == lemma and mention.end - mention.start > 1:
            return [Arg(keys[0], state.entities[keys[0]].type, "coreference")]
    return None


@strategy("event-anaphor")
def event_anaphor(state, token, role, cue):
    """'welcomed the move', 'condemned the attack': the act's actor is the object; the
    agreement, when the act just before was its signing."""
    if not (cue and cue.relation in state.words.stance_relations and role == "object"
            and token.lemma_.lower() in state.words.event_anaphors
            and token.tag_ in ("NN", "NNS") and _definite(state, token)
            and not any(c.dep_ in ("poss", "prep") for c in token.children)
            and not any(c.dep_ in ("amod", "compound") and mention_at(state, c) is not None
                        for c in token.children)):  # "the Russian decision" says whose
        return None
    found = antecedents.signed_just_before(state, token) or antecedents.recent_actor(state, token)
    return [found] if found else None


@strategy("via-of")
def via_of(state, token, role, cue):
    """'the construction of the Tema Motorway Interchange' -> the interchange."""
    via_of_nouns = state.lex.via_of_nouns
    if token.lemma_.lower() not in via_of_nouns and token.lower_ not in via_of_nouns:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            found = [a for p in prep.children if p.dep_ == "pobj"
                     for a in args(state, p, role, cue)]
            if found:
                return found
    return None


@strategy("possessor")
def possessor(state, token, role, cue):
    """'Lesotho's reform efforts', 'efforts by Kenya', 'imports from China': the owner."""
    generic = state.lex.generic_nouns
    if not (cue and cue.relation in state.words.possessor_relations) or (
            token.lemma_.lower() not in generic and token.lower_ not in generic
            and _hyphenated(token) not in generic):
        return None
    children = list(token.children)
    for find in (_owner_by, _owner_poss, _owner_modifier, _owner_origin, _owners_between):
        found = find(state, children)
        if found is not None:
            return found
    return None


def _hyphenated(token):
    """'build-up' of a head the tokenizer split ("build", "-", "up"), else ''."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_ \
            and not doc[token.i - 1].whitespace_:
        return f"{doc[token.i - 2].lower_}-{token.lower_}"
    return ""


def _owner_by(state, children):
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "by":
            found = [Arg(a.key, a.type, "possessor") for p in c.children
                     if p.dep_ == "pobj" for a in args_one(state, p, "subject", None)]
            if found:
                return found
    return None


def _owner_poss(state, children):
    for c in children:
        if c.dep_ == "poss":
            return [Arg(a.key, a.type, "possessor") for a in args_one(state, c, "subject", None)]
    return None


def _owner_modifier(state, children):
    for c in children:
        if c.dep_ in ("amod", "compound"):
            m = mention_at(state, c)
            if m and m.type in ("Country", "Organization") and m.key:
                return [Arg(m.key, m.type, "possessor")]
    return None


def _owner_origin(state, children):
    """'vehicles made in China', 'imports from China'."""
    for c in children:
        places = []
        if c.dep_ == "prep" and c.lower_ == "from":
            places = [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ == "acl" and c.lemma_.lower() in state.words.making_verbs:
            places = [p for g in c.children if g.dep_ == "prep" and g.lower_ == "in"
                      for p in g.children if p.dep_ == "pobj"]
        found = [Arg(a.key, a.type, "possessor") for p in places
                 for a in args_one(state, p, "subject", None) if a.type == "Country"]
        if found:
            return found
    return None


def _owners_between(state, children):
    """'the cooperation between South Korea, Japan and the US'."""
    for prep in children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            found = [Arg(a.key, a.type, "possessor") for p in prep.children
                     if p.dep_ == "pobj" for a in args(state, p, "object")]
            if found:
                return found
    return None
