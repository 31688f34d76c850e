"""References: which entity a word in a relation's argument stands for.

A name is easy; the rest needs the document: pronouns ("its backing" -> the clause's
subject), "the two sides" (the parties of the last meeting), "the landlocked kingdom" (the
last state mentioned that the KB says is a landlocked kingdom), "the Chinese side", "the
foreign ministers of Egypt and Jordan", "Lesotho's reform efforts" (the owner), "the
proposal", "the attack", "welcomed the move" (the act and its actor named before), and
capitals that stand for their state ("Beijing said") or for the city ("talks in Beijing").

:class:`References` is mixed into the relation reader, which owns the document state it
reads: ``doc``, ``kb``, ``lex``, ``mentions``, ``entities``, ``index`` (token -> mention),
``state`` (parties, officials' states), ``readings`` and ``sentence_number``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

_LOCATIVE_PREPS = {"in", "to", "at", "from", "into", "across", "near", "outside", "inside"}

_ACTOR_NOUNS = {"bank", "banks", "leaders", "guard", "coastguard", "side", "government", "authority", "authorities", "leadership", "delegation",
                "official", "officials", "ministry", "embassy", "military", "army", "troops",
                "navy", "administration", "regime", "forces", "president", "cabinet",
                "parliament", "diplomat", "diplomats", "counterpart", "counterparts", "people",
                "team", "mission"}

_PARTY_NOUNS = {"side", "country", "nation", "state", "government", "leader", "minister",
                "president", "party", "neighbour", "neighbor", "head", "counterpart"}

_PERSON_PARTY_NOUNS = {"leader", "minister", "president", "head", "counterpart"}

_PARTIES_MEMORY = 3  # sentences

_ATTACK_NOUNS = {"strike", "strikes", "airstrike", "attack", "attacks", "raid", "raids",
                 "bombing", "offensive", "incursion", "killing", "assault", "shelling"}

_DESCRIPTIVE_HEADS = {"leaders", "movement", "group", "militia", "party", "company", "firm", "coalition",
                      "rebels", "organisation", "organization", "faction", "network", "report",
                      "project", "programme", "program", "initiative", "plan", "scheme"}
# verbs whose object is someone, so that "accused it" is a state, not a plan
_ACTOR_OBJECT_VERBS = {"accuse", "blame", "warn", "urge", "thank", "congratulate", "summon",
                       "expel", "pressure", "sanction", "invade", "attack", "meet", "host",
                       "receive", "visit", "help", "join", "recognise", "recognize"}
_NO_GUESS = {"accusation", "accusations", "criticism", "allegation", "allegations"}
_COUP_NOUNS = {"coup", "takeover", "putsch", "mutiny", "uprising"}
_ANAPHOR_VERBS = {"accusation": ("accuse", "blame"), "accusations": ("accuse", "blame"),
                  "tariffs": ("impose", "slap", "levy", "raise"), "duties": ("impose", "slap", "levy"),
                  "sanctions": ("impose", "sanction", "approve", "adopt"),
                  "criticism": ("criticise", "criticize", "accuse", "condemn"),
                  "visit": ("visit",), "trip": ("visit",), "talks": ("talk", "hold"),
                  "recognition": ("recognise", "recognize"), "apology": ("apologise", "apologize"),
                  "pledge": ("pledge",), "offer": ("offer",),
                  "proposal": ("propose", "put"), "decision": ("decide",),
                  "complaint": ("protest",), "measures": ("impose", "sanction"),
                  "measure": ("impose", "sanction"), "case": ("accuse", "file")}

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "both": 2, "3": 3, "4": 4, "5": 5}

_EVENT_ANAPHORS = {"tariffs", "duties", "sanctions", "criticism", "visit", "trip", "recognition", "apology", "pledge", "offer", "strike", "strikes", "attack", "attacks", "raid", "raids", "bombing",
                   "offensive", "incursion", "killing", "coup", "takeover", "putsch", "plan",
                   "scheme", "policy", "move", "decision", "step", "case", "accusation", "accusations", "measure",
                   "measures", "action", "application", "announcement", "ruling", "verdict",
                   "bill", "law", "complaint", "lawsuit", "petition", "request", "proposal"}

_POLICY_ANAPHORS = {"concept", "initiative", "vision", "idea", "proposal", "principle",
                    "strategy", "plan", "framework"}


@dataclass(frozen=True)
class Arg:
    key: str
    type: str
    how: str


def _unique_args(args):
    seen, out = set(), []
    for arg in args:
        if arg.key not in seen:
            seen.add(arg.key)
            out.append(arg)
    return out


class References:
    """Resolve argument tokens to entities (mixed into the relation reader)."""

    def _narrowest_body(self, cue_token, body):
        """'a member of the Communist Party of China's Politburo': the Politburo, which is
        part of the party, even when the parser hangs the phrase on the party."""
        if body.key not in self.kb:
            return body
        sent = cue_token.sent
        for mention in self.mentions:
            if not (cue_token.i < mention.start < sent.end) or mention.key in (None, body.key):
                continue
            if mention.key in self.kb and self.kb.get(mention.key).attrs.get("part_of") == body.key:
                return Arg(mention.key, "Organization", body.how)
        return body

    def _pair_modifiers(self, noun):
        """'China-Lesotho relations', 'their partnership' -> both parties."""
        out = []
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss"):
                out += self._args(c, "modifier")
                for g in c.subtree:
                    if g.i != c.i and self._mention(g) is not None and g.dep_ in ("compound", "amod", "nmod", "conj", "punct", "npadvmod"):
                        out += self._args(g, "modifier")
        return _unique_args(out)

    def _mention(self, token):
        number = self.index[token.i]
        return None if number is None else self.mentions[number]

    def _args(self, token, role, cue=None):
        out = self._args_one(token, role, cue)
        if role != "modifier":
            for conj in token.conjuncts:
                out += self._args_one(conj, role, cue)
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("including", "like", "notably"):
                    for p in child.children:
                        if p.dep_ == "pobj":
                            out += self._args(p, role, cue)
                if child.dep_ == "amod" and child.lower_ == "such":
                    for p in child.children:
                        for g in p.children:
                            if g.dep_ == "pobj":
                                out += self._args(g, role, cue)
                if child.dep_ == "appos":
                    out += self._args_one(child, role, cue)
            if not out and cue is not None and cue.object_types and role == "object":
                out += self._typed_in_subtree(token, cue.object_types)
        return _unique_args(out)

    def _typed_in_subtree(self, token, types):
        """'a number of infrastructure projects, including A, B and C' -> A, B, C."""
        out = []
        for t in token.subtree:
            if t.dep_ in ("relcl", "acl") and t.i != token.i:
                continue
            mention = self._mention(t)
            if mention and mention.type in types and t.i == mention.start:
                out += [Arg(k, self.entities[k].type, "name") for k in mention.keys if k in self.entities]
        return out

    def _args_one(self, token, role, cue):
        mention = self._mention(token)
        relation = cue.relation if cue else None
        if mention is not None:
            return self._from_mention(token, mention, role, relation)
        lower = token.lower_
        if token.pos_ == "PRON" or lower in ("who", "which", "that"):
            return self._pronoun(token, role)
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        children = list(token.children)
        lemma = token.lemma_.lower()
        # "Lesotho's Minister of Foreign Affairs Lejone Mpotjoana": the title stands for the name
        for c in children:
            if c.dep_ in ("appos", "compound") and c.i > token.i:
                m = self._mention(c)
                if m and m.type == "Person":
                    return [Arg(m.key, "Person", "name")]
        if token.lower_ in self.lex.titles and token.i + 1 < len(self.doc):
            m = self._mention(self.doc[token.i + 1])
            if m and m.type == "Person" and m.start == token.i + 1:
                return [Arg(m.key, "Person", "name")]
        if lemma in _ACTOR_NOUNS or lower in _ACTOR_NOUNS:
            for prep in children:  # "the foreign ministry in Beijing"
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    for p in prep.children:
                        m = self._mention(p)
                        if m and m.via == "capital":
                            seats = self.kb.get(m.key).attrs.get("seat_of") or []
                            if seats:
                                self._ensure_entity(seats[0])
                                return [Arg(seats[0], "Country", "actor-noun")]
        # "the Polisario Front independence movement": the named group it describes
        if lemma in _DESCRIPTIVE_HEADS:
            for c in children:
                m = self._mention(c) if c.dep_ == "compound" else None
                if m and m.type in ("Organization", "Country", "Project", "Policy"):
                    return [Arg(k, self.entities[k].type, "name") for k in m.keys if k in self.entities]
        # "the Chinese side", "the US administration", "the Maduro government"
        if lemma in _ACTOR_NOUNS or lower in _ACTOR_NOUNS:
            for c in children:
                if c.dep_ in ("amod", "compound", "poss"):
                    m = self._mention(c)
                    if m and m.type in ("Country", "Organization"):
                        if lemma in _PERSON_PARTY_NOUNS:
                            # "the Maldives president": the one this text names, or nobody
                            holders = [k for k, st in self.state.person_state.items()
                                       if st == m.key and k in self.entities]
                            if len(holders) == 1:
                                return [Arg(holders[0], "Person", "coreference")]
                            return [Arg(m.key, m.type, "actor-noun")]  # speaks for the state
                        return [Arg(m.key, m.type, "actor-noun")]
                    if m and m.type == "Person" and m.key in self.state.person_state:
                        state = self.state.person_state[m.key]
                        self._ensure_entity(state)
                        return [Arg(state, "Country", "actor-noun")]
        # "the foreign ministers of Egypt and Jordan", "officials from Nepal and India"
        if lemma in _ACTOR_NOUNS or lemma in _PERSON_PARTY_NOUNS:
            for prep in children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                    found = [a for p in prep.children if p.dep_ == "pobj"
                             for a in self._args(p, "subject")
                             if a.type in ("Country", "Organization")]
                    if found:
                        return [Arg(a.key, a.type, "actor-noun") for a in found]
        parties = self._party_phrase(token)
        if parties is not None:
            return parties
        if lemma in self.lex.state_nouns and any(c.lower_ == "the" for c in children):
            if self.lex.state_nouns[lemma].get("refers_to") == "Organization":
                for mention, keys in self._before(token, {"Organization"}, window=4):
                    return [Arg(keys[0], "Organization", "descriptor")]
                return []
            found = self._descriptor(token)
            if found:
                return [found]
        if lemma in _POLICY_ANAPHORS and any(c.lower_ in ("this", "that", "the") for c in children):
            for mention, keys in self._before(token, {"Policy"}, window=5):
                if self.doc[mention.end - 1].lemma_.lower() == lemma:
                    return [Arg(keys[0], "Policy", "coreference")]  # "the proposal"
            found = self._salient(token, "Policy")
            if found:
                return [found]
        definite = any(c.lower_ in ("the", "this", "that") for c in children)
        if lemma in ("communique", "communiqué", "statement", "declaration", "agreement",
                     "memorandum", "treaty", "deal", "accord", "pact") and token.tag_ == "NN" \
                and definite:
            found = self._agreement_anaphor(token)
            if found:
                return [found]
        if definite and token.tag_ == "NN":
            # "the mission" after "the Multinational Security Support Mission"
            for mention, keys in self._before(token, {"Project", "Event", "Organization"}, window=6):
                head = self.doc[mention.end - 1]
                if head.lemma_.lower() == lemma and mention.end - mention.start > 1:
                    return [Arg(keys[0], self.entities[keys[0]].type, "coreference")]
        if (relation in ("supports", "opposes", "praises") and role == "object"
                and lemma in _EVENT_ANAPHORS and token.tag_ in ("NN", "NNS")
                and any(c.lower_ in ("the", "this", "that") for c in children)
                and not any(c.dep_ in ("poss", "prep") for c in children)):
            found = self._recent_actor(token)
            if found:
                return [found]
        # "the construction of the Tema Motorway Interchange" -> the interchange
        if lemma in self.lex.via_of_nouns or lower in self.lex.via_of_nouns:
            for prep in children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    found = [a for p in prep.children if p.dep_ == "pobj"
                             for a in self._args(p, role, cue)]
                    if found:
                        return found
        if relation in ("supports", "opposes", "praises", "sanctions", "funds") and (
                lemma in self.lex.generic_nouns or lower in self.lex.generic_nouns):
            for c in children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    found = [Arg(a.key, a.type, "possessor") for p in c.children
                             if p.dep_ == "pobj" for a in self._args_one(p, "subject", None)]
                    if found:
                        return found
            for c in children:
                if c.dep_ == "poss":
                    return [Arg(a.key, a.type, "possessor") for a in self._args_one(c, "subject", None)]
            for c in children:
                if c.dep_ in ("amod", "compound"):
                    m = self._mention(c)
                    if m and m.type in ("Country", "Organization") and m.key:
                        return [Arg(m.key, m.type, "possessor")]
            for c in children:  # "vehicles made in China", "imports from China"
                places = []
                if c.dep_ == "prep" and c.lower_ == "from":
                    places = [p for p in c.children if p.dep_ == "pobj"]
                elif c.dep_ == "acl" and c.lemma_.lower() in ("make", "produce", "manufacture"):
                    places = [p for g in c.children if g.dep_ == "prep" and g.lower_ == "in"
                              for p in g.children if p.dep_ == "pobj"]
                found = [Arg(a.key, a.type, "possessor") for p in places
                         for a in self._args_one(p, "subject", None) if a.type == "Country"]
                if found:
                    return found
            for prep in children:  # "the cooperation between South Korea, Japan and the US"
                if prep.dep_ == "prep" and prep.lower_ == "between":
                    found = [Arg(a.key, a.type, "possessor") for p in prep.children
                             if p.dep_ == "pobj" for a in self._args(p, "object")]
                    if found:
                        return found
        return []

    def _from_mention(self, token, mention, role, relation):
        if mention.via == "demonym":
            if token.dep_ in ("amod", "compound") and role != "modifier":
                return []
            return [Arg(mention.key, "Country", "demonym")]
        if mention.via == "capital":
            place = self.kb.get(mention.key)
            seats = place.attrs.get("seat_of") or []
            as_place = relation in ("visits", "locatedIn") or (
                relation is None and token.dep_ == "pobj"
                and token.head.lower_ in _LOCATIVE_PREPS)
            if as_place or not seats:
                return [Arg(mention.key, "Place", "name")]
            self._ensure_entity(seats[0])
            return [Arg(seats[0], "Country", "capital")]
        how = "group" if mention.via == "group" else (
            "surname" if mention.via == "surname" else "name")
        return [Arg(k, self.entities[k].type, how) for k in mention.keys if k in self.entities]

    def _before(self, token, types, window=3):
        """Mentions of the given classes before a token, nearest first, within a few sentences."""
        sent_starts = self._sent_starts
        current = bisect.bisect_right(sent_starts, token.i) - 1
        floor = sent_starts[max(0, current - window)]
        for mention in self._mentions_backwards:
            if mention.start >= token.i:
                continue
            if mention.start < floor:
                break
            if mention.via == "demonym":
                continue
            keys = [k for k in mention.keys if k in self.entities
                    and self.entities[k].type in types]
            if keys:
                yield mention, keys

    def _pronoun(self, token, role):
        lower = token.lower_
        if lower == "whose":
            # "South Korea, whose government endorsed ...": the clause's antecedent
            clause = token.head.head
            if clause.dep_ == "relcl":
                return [Arg(a.key, a.type, "relative") for a in self._args_one(clause.head, role, None)]
            return []
        if lower in ("who", "which", "that"):
            clause = token.head
            if clause.dep_ == "relcl":
                return [Arg(a.key, a.type, "relative") for a in self._args_one(clause.head, role, None)]
            return []
        if lower in ("he", "him", "his", "she", "her", "himself", "herself"):
            for mention, keys in self._before(token, {"Person"}):
                return [Arg(keys[0], "Person", "pronoun")]
            return []
        if lower in ("it", "its", "itself"):
            clause = token.head
            if clause.dep_ == "relcl" and token.dep_ == "nsubj":
                # "France condemned ... the Wagner Group, which it accuses of ...": France
                main = clause.head
                while main.pos_ not in ("VERB", "AUX") and main.head.i != main.i:
                    main = main.head
                found = [a for c in main.children if c.dep_ == "nsubj"
                         for a in self._args_one(c, "subject", None)
                         if a.type in ("Country", "Organization")]
                if found:
                    return [Arg(a.key, a.type, "pronoun") for a in found]
            while clause.dep_ not in ("ROOT",) and clause.pos_ not in ("VERB", "AUX"):
                clause = clause.head
            for c in clause.children:
                if lower == "it" and role == "object":
                    break  # "Spain supported it": not Spain
                if c.dep_ == "nsubj" and c.i != token.i and c.i < token.i:
                    found = [a for a in self._args_one(c, "subject", None)
                             if a.type in ("Country", "Organization")]
                    if found:
                        return [Arg(a.key, a.type, "pronoun") for a in found]
            if lower == "its" and clause.pos_ in ("VERB", "AUX"):
                # "The US welcomed the talks and reaffirmed its commitment": the shared subject
                found = [a for a in self._subjects(clause) if a.type in ("Country", "Organization")]
                if found:
                    return [Arg(a.key, a.type, "pronoun") for a in found]
            if role == "object" and token.head.lemma_.lower() not in _ACTOR_OBJECT_VERBS:
                # "Germany and Spain supported it": a thing, not one of the subjects
                things = {"Agreement", "Policy", "Project", "Event"}
                for mention, keys in self._before(token, things, window=3):
                    return [Arg(keys[0], self.entities[keys[0]].type, "pronoun")]
            for mention, keys in self._before(token, {"Country", "Organization"}, window=1):
                return [Arg(keys[0], self.entities[keys[0]].type, "pronoun")]
            return []
        if lower in ("they", "them", "their", "themselves"):
            for c in token.sent:
                if c.i >= token.i:
                    break
                if c.dep_ == "nsubj" and not (role == "object" and c.head.i == token.head.i):
                    found = self._args(c, "subject")
                    if len(found) >= 2:
                        return [Arg(a.key, a.type, "pronoun") for a in found]
            return self._party_args()
        return []

    def _party_args(self):
        if self.sentence_number - self.state.parties_since > _PARTIES_MEMORY:
            return []  # "the two sides" far from any pair: better nothing than a guess
        return [Arg(k, self.entities[k].type, "party") for k in self.state.parties
                if k in self.entities]

    def _party_phrase(self, token):
        lemma = token.lemma_.lower()
        if lemma not in _PARTY_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return None
        children = {c.lower_ for c in token.children}
        count = next((_NUMBER_WORDS[c] for c in children if c in _NUMBER_WORDS), None)
        if count and count > 2:
            listed = self._recent_coordination(token, count)
            return listed if listed else None
        if not (children & {"two", "both"} or (lemma in _PERSON_PARTY_NOUNS and "the" in children)):
            return None
        if not self._party_args():
            return self._pair_in_sentence(token, lemma in _PERSON_PARTY_NOUNS) \
                or self._main_pair(token, lemma)
        if lemma in _PERSON_PARTY_NOUNS:
            persons = [k for k in self.state.party_persons if k in self.entities]
            if len(persons) < 2:
                persons = [k for k, s in self.state.person_state.items()
                           if s in self.state.parties and k in self.entities]
            if len(persons) == 2:
                return [Arg(k, "Person", "party") for k in persons]
        return self._party_args()

    def _pair_in_sentence(self, token, persons):
        """'Lula and Xi signed ..., as the two leaders sought ...': the pair named before."""
        for c in token.sent:
            if c.i >= token.i:
                break
            if c.dep_ == "nsubj" and c.conjuncts:
                found = self._args(c, "subject")
                if persons:
                    found = [a for a in found if a.type == "Person"]
                else:
                    found = [Arg(self.state.person_state.get(a.key, a.key), "Country", "party")
                             if a.type == "Person" else a for a in found]
                    found = [a for a in found if a.key in self.entities]
                if len({a.key for a in found}) == 2:
                    return [Arg(a.key, a.type, "party") for a in found]
        return []

    def _main_pair(self, token, lemma):
        """'negotiations between the two governments' with no pair named near: the two
        states the text names most, when they stand out."""
        if lemma in _PERSON_PARTY_NOUNS:
            return []
        counts = {}
        for mention in self.mentions:
            if mention.start < token.i and mention.type == "Country":
                counts[mention.key] = counts.get(mention.key, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) >= 2 and (len(ranked) == 2 or ranked[1][1] > ranked[2][1]):
            return [Arg(k, "Country", "party") for k, _ in ranked[:2]]
        return []

    def _recent_actor(self, token):
        """Who made 'the move': the actor of the matching earlier act, else the main actor.

        "rejected the accusation" -> whoever accused last; "welcomed the move" -> the state
        the story is about (named most often so far).
        """
        if token.lemma_.lower() in _ATTACK_NOUNS:
            return self._recent_attacker(token)
        if token.lemma_.lower() in _COUP_NOUNS:
            # "condemned the coup": the state it happened in, the one the story is about
            counts = {}
            for mention in self.mentions:
                if mention.start < token.i and mention.type == "Country" and mention.via != "demonym":
                    counts[mention.key] = counts.get(mention.key, 0) + 1
            if counts:
                return Arg(max(counts, key=counts.get), "Country", "coreference")
            return None
        verbs = _ANAPHOR_VERBS.get(token.lemma_.lower(), ())
        for reading in reversed(self.readings):
            if reading.token < token.i and reading.rule.split(":")[-1] in verbs:
                key = self.state.person_state.get(reading.subject, reading.subject)
                entity = self.entities.get(key)
                if entity is not None and entity.type in ("Country", "Organization"):
                    return Arg(key, entity.type, "coreference")
        if token.lemma_.lower() in _NO_GUESS:
            return None  # "rejected the accusation" with no accusation read: do not guess
        sents = list(self.doc.sents)
        here = next(i for i, sent in enumerate(sents) if sent.start <= token.i < sent.end)
        current = {a.key for a in self._subjects(token.head)} if token.dep_ == "dobj" else set()
        actors = {}
        for sent in sents[:here]:
            for t in sent:
                if t.dep_ == "nsubj" and t.head.pos_ == "VERB":
                    for a in self._args(t, "subject"):
                        if a.type in ("Country", "Organization") and a.key not in current:
                            actors[a.key] = a.type
        if not actors:
            return None
        # The actor the story is about: the one it names most often before this point.
        counts = {k: sum(1 for m in self.mentions if k in m.keys and m.start < token.i)
                  for k in actors}
        key = max(counts, key=counts.get)
        return Arg(key, actors[key], "coreference")

    def _recent_attacker(self, token):
        """'condemned the attack' after 'an Israeli air strike': whoever struck."""
        floor = self._sent_starts[max(0, bisect.bisect_right(self._sent_starts, token.i) - 5)]
        for t in reversed(self.doc[floor:token.i]):
            if t.lemma_.lower() not in _ATTACK_NOUNS:
                continue
            for c in t.children:
                if c.dep_ in ("amod", "compound", "poss", "nmod"):
                    for a in self._args_one(c, "modifier", None):
                        if a.type in ("Country", "Organization"):
                            return Arg(a.key, a.type, "coreference")
                if c.dep_ == "prep" and c.lower_ == "by":
                    for p in c.children:
                        for a in self._args_one(p, "subject", None):
                            if a.type in ("Country", "Organization"):
                                return Arg(a.key, a.type, "coreference")
        return None

    def _recent_coordination(self, token, count):
        """'the three countries' -> the last list of that many states, a few sentences back."""
        sents = list(self.doc.sents)
        here = next(i for i, sent in enumerate(sents) if sent.start <= token.i < sent.end)
        for sent in reversed(sents[max(0, here - 3):here + 1]):
            for t in sent:
                if t.i >= token.i or not t.conjuncts or t.dep_ == "conj":
                    continue
                found = [a for a in self._args(t, "subject") if a.type == "Country"]
                if len(found) == count:
                    return [Arg(a.key, a.type, "party") for a in found]
        return []

    def _descriptor(self, token):
        """'the landlocked kingdom' -> the most recent country mentioned that fits."""
        spec = self.lex.state_nouns[token.lemma_.lower()]
        forms = spec.get("government")
        wanted_features = {self.lex.feature_words[c.lower_] for c in token.children
                           if c.lower_ in self.lex.feature_words}
        if spec.get("feature"):
            wanted_features.add(spec["feature"])
        modifiers = " ".join(c.text for c in token.lefts if c.dep_ in ("amod", "compound", "npadvmod"))
        best, best_score = None, -1
        seen = set()
        for rank, (mention, keys) in enumerate(self._before(token, {"Country"}, window=6)):
            key = keys[0]
            if key in seen:
                continue
            seen.add(key)
            attrs = self.kb.get(key).attrs if key in self.kb else {}
            if forms and not set(forms) & set(attrs.get("government", [])):
                continue
            score = len(wanted_features & set(attrs.get("features", [])))
            subregion = (attrs.get("subregion") or "").lower().replace("-", " ")
            words = [w.lower() for w in modifiers.split() if w[:1].isupper()]
            # "southern African", "Central American": the adjective names the subregion
            if words and subregion and all(
                    any(form in subregion for form in (w, w[:-1], w[:-2])) for w in words):
                score += 1
            if score > best_score:
                best, best_score = key, score
        return Arg(best, "Country", "descriptor") if best else None

    def _salient(self, token, type_name):
        counts = {}
        for mention, keys in self._before(token, {type_name}, window=2):
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        if not counts:
            return None
        totals = {k: sum(1 for m in self.mentions if k in m.keys and m.start < token.i)
                  for k in counts}
        key = max(totals, key=totals.get)
        return Arg(key, type_name, "salience")

    def _agreement_anaphor(self, token):
        """'the pact': the agreement last called a pact, else the one named most often."""
        head = token.lemma_.lower()
        candidates = {}
        for mention, keys in self._before(token, {"Agreement"}, window=30):
            names = self.entities[keys[0]].names | {self.entities[keys[0]].label}
            if any(n.lower().split()[-1] == head for n in names if n):
                return Arg(keys[0], "Agreement", "coreference")
            candidates[keys[0]] = candidates.get(keys[0], 0) + 1
        if candidates:
            return Arg(max(candidates, key=candidates.get), "Agreement", "coreference")
        return None
