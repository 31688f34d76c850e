"""Relations: who does what to whom, read from the dependency parse.

The registered component ``bkg_relations`` runs after ``bkg_mentions``. For every word of
the cue lexicon (``patterns/cues.jsonl``) it finds the subjects and objects in the parse,
resolves them to entities (names, pronouns, "the two sides", "the landlocked kingdom",
"Lesotho's reform efforts"), checks the classes the ontology allows, and records each
relation with its evidence, confidence and modality in ``doc._.bkg_relations``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc

from bilateral_kg.ontology.kb import load_kb
from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS, core_relation

from .lexicon import load_lexicon
from .mentions import Reading, kb_record
from .references import Arg, References, _unique_args
from .model import FACTUAL, PLANNED

if not Doc.has_extension("bkg_relations"):
    Doc.set_extension("bkg_relations", default=None)

# "thanked Japan for donating", "accused the bloc of imposing": the object did it
_MEMBER_NOUNS = {"member", "membership"}
_REPORTING_VERBS = {"say", "announce", "state", "tell", "report", "confirm", "add", "note"}
_KEPT_FROM = {"bar", "ban", "prevent", "stop", "prohibit", "block", "keep", "exclude", "restrict"}
# "agreed ... in the first summit": a setting, not what was agreed
_ADJUNCT_PREPS = {"in", "at", "during", "after", "before", "since", "amid", "despite", "by",
                  "with", "over", "on"}
_ACTOR_TYPES = {"Country", "Person", "Organization"}
_SPOKEN_FOR_STATE = {"supports", "opposes", "praises", "sanctions"}
_DOER_IS_OBJECT = {"thank", "praise", "commend", "congratulate", "hail", "laud", "applaud",
                   "accuse", "blame", "criticise", "criticize", "condemn", "fault", "charge"}
_ORGAN_NOUNS = {"ministry", "government", "embassy", "cabinet", "presidency", "army", "navy",
                "military", "department", "office", "administration", "forces", "force"}
_DISCOUNT = {"name": 1.0, "acronym": 1.0, "title": 1.0, "surname": 0.97, "group": 0.95,
             "pronoun": 0.9, "relative": 0.95, "descriptor": 0.88, "party": 0.9,
             "possessor": 0.9, "actor-noun": 0.95, "capital": 0.92, "demonym": 0.9,
             "salience": 0.8, "coreference": 0.85, "lifted": 0.85}


@dataclass
class _State:
    parties: list = field(default_factory=list)  # entity keys of the current parties
    parties_since: int = 0  # sentence number where the parties were last named
    party_persons: list = field(default_factory=list)  # who met, when persons met
    person_state: dict = field(default_factory=dict)


class RelationExtractor:
    """The ``bkg_relations`` component."""

    def __init__(self, nlp, name, patterns_dir=None, min_confidence=0.0, calibrated=True):
        self.kb = load_kb()
        self.lex = load_lexicon(patterns_dir)
        self.min_confidence = min_confidence
        self.calibration = self.lex.calibration if calibrated else {}

    def __call__(self, doc):
        reader = _DocReader(doc, self.kb, self.lex)
        readings = [self._calibrated(r) for r in reader.read()]
        doc._.bkg_relations = [r for r in readings if r.confidence >= self.min_confidence]
        return doc

    def _calibrated(self, reading):
        """The rule's measured worth (``calibration.jsonl``) scales what it claimed."""
        factor = self.calibration.get(reading.rule, 1.0)
        reading.confidence = min(0.99, reading.confidence * factor)
        return reading


class _DocReader(References):
    def __init__(self, doc, kb, lex):
        self.doc, self.kb, self.lex = doc, kb, lex
        self.mentions = doc._.bkg_mentions or []
        self.entities = doc._.bkg_entities or {}
        self.index = doc._.bkg_token_mention or [None] * len(doc)
        self.state = _State()
        self.readings = []
        self.organ_state = self._state_organs()
        self._sent_starts = [sent.start for sent in doc.sents]
        self._mentions_backwards = sorted(self.mentions, key=lambda m: -m.start)

    def _state_organs(self):
        """Organizations that act for a state: KB ministries, and '<Country> Ministry of ...'."""
        organs = {}
        for mention in self.mentions:
            if mention.type != "Organization" or mention.key is None:
                continue
            if mention.key in self.kb:
                state = self.kb.get(mention.key).attrs.get("state_organ_of")
                if state:
                    organs[mention.key] = state
                continue
            words = {t.lower_ for t in self.doc[mention.start:mention.end]}
            if not words & _ORGAN_NOUNS:
                continue
            inner = [m for m in self.mentions if m.type == "Country" and m is not mention
                     and mention.start <= m.start and m.end <= mention.end]
            start = mention.start
            if start >= 2 and self.doc[start - 1].lower_ in ("'s", "'"):
                inner += [m for m in self.mentions if m.type == "Country" and m.end == start - 1]
            if inner:
                organs[mention.key] = inner[0].key
        return organs

    # -- driver --------------------------------------------------------------------------
    def read(self):
        for fact in self.doc._.bkg_facts or []:
            state = self.organ_state.get(fact.object, fact.object)
            if state.startswith("country/"):
                self.state.person_state.setdefault(fact.subject, state)
            self._add(fact)
        for key, entity in self.entities.items():
            if entity.type == "Person" and key in self.kb and key not in self.state.person_state:
                for office in self.kb.get(key).attrs.get("offices", []):
                    if office.get("of", "").startswith("country/"):
                        self.state.person_state[key] = office["of"]
                        break
        for number, sent in enumerate(self.doc.sents):
            self.sentence_number = number
            start = len(self.readings)
            for token in sent:
                mention = self._mention(token)
                if mention is not None and mention.end - mention.start > 1:
                    continue  # "Alliance of Sahel States", "Forum on China-Africa Cooperation"
                pos = {"PROPN": "NOUN", "AUX": "VERB"}.get(token.pos_, token.pos_)
                before = len(self.readings)
                for cue in self.lex.cues_for(token.lemma_, pos):
                    self._apply(token, cue)
                if any(r.relation in SYMMETRIC_RELATIONS for r in self.readings[before:]):
                    # "held talks with X, where the two sides signed ...": known at once
                    self._update_parties(sent, self.readings[before:])
            self._title_attributes(sent)
            self._located_in(sent)
            self._joint_agreements(sent)
            self._update_parties(sent, self.readings[start:])
        self._signing_meetings()
        self._lift_to_states()
        self._cosigners_cooperate()
        self._talks_abroad()
        self._visits_to_states()
        return self.readings

    def _add(self, reading):
        core = core_relation(reading.relation)
        if core == "officialOf" and reading.object in self.organ_state:
            # a foreign ministry's spokesperson is an official of the state
            state = self.organ_state[reading.object]
            self._ensure_entity(state)
            reading = Reading(reading.subject, reading.relation, state, reading.token,
                              reading.cue, reading.rule, reading.confidence * 0.95)
        if core not in ("officialOf", "memberOf", "locatedIn"):
            # "China's foreign ministry criticised ..." is China criticising
            subject = self.organ_state.get(reading.subject, reading.subject)
            obj = self.organ_state.get(reading.object, reading.object)
            if (subject, obj) != (reading.subject, reading.object):
                self._ensure_entity(subject)
                self._ensure_entity(obj)
                reading = Reading(subject, reading.relation, obj, reading.token, reading.cue,
                                  reading.rule, reading.confidence * 0.95, reading.modality,
                                  reading.finer)
        if reading.subject == reading.object:
            return
        subject, obj = self.entities.get(reading.subject), self.entities.get(reading.object)
        if subject is None or obj is None:
            return
        core = core_relation(reading.relation)
        mixed = {subject.type, obj.type} == {"Person", "Country"}
        if core in ("cooperatesWith", "signs") or (core == "meetsWith" and mixed):
            # "Biden hosts a summit with Japan": leaders meet leaders, states meet states
            reading = self._as_states(reading)
            subject, obj = self.entities[reading.subject], self.entities[reading.object]
            if reading.subject == reading.object:
                return
        if not self.lex.allowed(core, subject.type, obj.type):
            return
        if core == "visits" and self._home_of(reading.subject) in (
                reading.object, *self._seat_of(reading.object)):
            return  # "returning to Islamabad" is going home, not a visit
        self.readings.append(reading)

    def _home_of(self, key):
        if self.entities[key].type == "Country":
            return key
        return self.state.person_state.get(key)

    def _seat_of(self, key):
        return (self.kb.get(key).attrs.get("seat_of") or []) if key in self.kb else []

    def _as_states(self, reading):
        """Cooperation is between states: ministers stand for theirs."""
        s, o = reading.subject, reading.object
        conf = reading.confidence
        if self.entities[s].type == "Person" and s in self.state.person_state:
            s, conf = self.state.person_state[s], conf * _DISCOUNT["lifted"]
            self._ensure_entity(s)
        if self.entities[o].type == "Person" and o in self.state.person_state:
            o, conf = self.state.person_state[o], conf * _DISCOUNT["lifted"]
            self._ensure_entity(o)
        return Reading(s, reading.relation, o, reading.token, reading.cue, reading.rule, conf,
                       reading.modality, reading.finer)

    def _ensure_entity(self, key):
        if key not in self.entities and key in self.kb:
            self.entities[key] = kb_record(self.kb.get(key))

    # -- one cue -------------------------------------------------------------------------
    def _apply(self, token, cue):
        if cue.particle and not any(c.dep_ in ("prt", "advmod") and c.lower_ in cue.particle
                                    for c in token.children):
            return
        if cue.requires_advmod and not any(
                c.dep_ in ("advmod", "npadvmod") and c.lower_ in cue.requires_advmod
                for c in token.children):
            return
        light_object = None
        if cue.object_nouns:
            light_object = self._light_object(token, cue)
            if light_object is None:
                return
        if cue.pos == "VERB" and any(
                c.dep_ == "dobj" and any(g.dep_ == "poss" for g in c.children)
                and any(x.relation == cue.relation for x in self.lex.cues_for(c.lemma_, "NOUN"))
                for c in token.children):
            return  # "reaffirmed India's support for X": the noun names who supports whom
        negated, planned = self._modality(token)
        if negated:
            if cue.relation == "supports" and self._refused(token):
                # "France refused to recognise the junta": an explicit rejection
                self._apply_as(token, cue, "opposes")
            return
        if cue.requires_positive and not self._positive_context(token):
            return
        subjects = self._subjects(token)
        objects = self._objects(token, cue, light_object)
        if not objects and cue.relation in ("providesAid", "funds") and token.dep_ == "pcomp" \
                and token.head.head.lemma_.lower() in ("thank", "praise", "commend"):
            # "Chinh thanked Japan for donating vaccines": given to the one who thanks
            objects = []
            for a in (a for c in token.head.head.children if c.dep_ == "nsubj"
                      for a in self._args(c, "subject")):
                state = self.state.person_state.get(a.key) if a.type == "Person" else None
                if state:
                    self._ensure_entity(state)
                    objects.append(Arg(state, "Country", "coreference"))
                elif a.type != "Person":
                    objects.append(a)
        if cue.relation == "signs":
            # "A signed a treaty with B": both are parties to it
            holders = [token] + [c for c in token.children if c.dep_ == "dobj"]
            subjects += [a for h in holders for p in h.children
                         if p.dep_ == "prep" and p.lower_ == "with"
                         for g in p.children if g.dep_ == "pobj" for a in self._args(g, "subject")]
        relation = cue.relation
        modality = PLANNED if planned else FACTUAL
        if planned and cue.pos == "NOUN" and relation == "meetsWith":
            return  # "work towards a summit with Japan": no meeting yet, and maybe none
        rule = f"{cue.pos.lower()}:{cue.lemma}"
        cue_text = token.text
        if relation in SYMMETRIC_RELATIONS:
            participants = _unique_args(subjects + objects)
            if len(participants) < 2 and cue.pos == "NOUN":
                participants = _unique_args(participants + self._pair_modifiers(token))
            if len(participants) == 1 and self._bilateral(token) and self.state.parties:
                participants = _unique_args(participants + self._party_args())
            subject_keys = {a.key for a in subjects}
            if subjects and objects:
                # "A met B and C": A with each of them, not B with C
                pairs = [(a, b) for a in participants if a.key in subject_keys
                         for b in participants if b.key not in subject_keys]
            else:
                pairs = list(combinations(participants, 2))
            for a, b in pairs:
                if cue.persons_only and not (a.type == b.type == "Person"):
                    continue
                conf = cue.confidence * _DISCOUNT.get(a.how, 1) * _DISCOUNT.get(b.how, 1)
                self._add(Reading(a.key, relation, b.key, token.i, cue_text, rule, conf,
                                  modality, cue.finer))
            return
        for s in subjects:
            if cue.subject_types and s.type not in cue.subject_types:
                continue
            for o in objects:
                if cue.object_types and o.type not in cue.object_types:
                    continue
                conf = cue.confidence * _DISCOUNT.get(s.how, 1) * _DISCOUNT.get(o.how, 1)
                self._add(Reading(s.key, relation, o.key, token.i, cue_text, rule, conf,
                                  modality, cue.finer))

    def _refused(self, token):
        return token.dep_ == "xcomp" and token.head.lemma_.lower() in self.lex.words("refusals")

    def _apply_as(self, token, cue, relation):
        for s in self._subjects(token):
            for o in self._objects(token, cue, None):
                conf = cue.confidence * 0.85 * _DISCOUNT.get(s.how, 1) * _DISCOUNT.get(o.how, 1)
                self._add(Reading(s.key, relation, o.key, token.i, token.text,
                                  f"refused:{cue.lemma}", conf))

    def _light_object(self, token, cue):
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
                named = self._mention(child)
                if words & cue.object_nouns and (named is None or named.via.startswith("phrase:")):
                    return child
        if token.dep_ == "acl" and token.head.lemma_.lower() in cue.object_nouns:
            return token.head
        for prep in token.children:  # "provided billions of dollars in military aid"
            if prep.dep_ == "prep" and prep.lower_ in ("in", "as", "with"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in cue.object_nouns:
                        return pobj
        return None

    def _modality(self, token):
        chain = [token]
        node = token
        while node.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acomp", "conj",
                            "advcl", "pcomp") and node.head.i != node.i and len(chain) < 7:
            if node.dep_ == "conj" and (node.tag_ in ("VBZ", "VBD", "VBP") or any(
                    c.dep_ in ("aux", "auxpass", "nsubj") and c.lower_ != "to"
                    for c in node.children)):
                break  # "pledged to defend X and has provided Y": a clause of its own
            node = node.head
            chain.append(node)
        negated = any(c.dep_ == "neg" or c.lower_ in self.lex.negations and c.dep_ == "det"
                      for x in chain[:2] for c in x.children)
        # Governors embed the cue ("refused to back", "pledged to build"); a coordinated
        # verb ("rejected ... and accused") is a sibling, not a governor.
        governors = [x.head for x in chain[:-1] if x.dep_ not in ("conj", "advcl")
                     and not (x.dep_ == "prep" and x.lower_ in _ADJUNCT_PREPS)]
        negated |= any(g.lemma_.lower() in self.lex.negating_governors for g in governors)
        planned = any(c.dep_ == "aux" and c.lower_ in self.lex.planned_aux
                      for x in chain for c in x.children)
        planned |= any(g.lemma_.lower() in self.lex.planned_governors for g in governors)
        return negated, planned

    def _positive_context(self, token):
        """'deepen cooperation' / 'cooperation between A and B' but not 'tense relations'."""
        governor = token.head
        positive = {c.lemma for cues in self.lex.cues.values() for c in cues
                    if c.relation == "cooperatesWith" and c.pos == "VERB"}
        if governor.lemma_.lower() in positive:
            return True
        return any(c.lower_ in {"strategic", "comprehensive", "practical", "mutual",
                                "friendly", "close", "closer", "deeper", "win-win",
                                "all-round", "fruitful"} for c in token.children)

    def _bilateral(self, token):
        return any(c.lower_ in {"bilateral", "mutual", "their"} for c in token.subtree)

    # -- subjects and objects --------------------------------------------------------
    def _subjects(self, token, depth=0):
        if depth > 4:
            return []
        children = list(token.children)
        if token.pos_ == "ADJ":
            # "Lula has been critical of Israel", "Beijing was ready to deepen ..."
            return self._subjects(token.head, depth + 1) if token.head.i != token.i else []
        if token.pos_ in ("VERB", "AUX"):
            agents = [g for c in children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"]
            if agents:
                return self._args(agents[0], "subject")
            subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
            if subjects:
                # the parser sometimes gives a coordinated subject two nsubj arcs
                return _unique_args([a for c in subjects for a in self._args(c, "subject")])
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
                return []  # a passive without "by ...": the actor is not in the sentence
            if token.dep_ == "relcl":
                found = self._args(token.head, "subject")
                infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                if infinitive and not any(a.type in _ACTOR_TYPES for a in found):
                    # "rely on FOCAC and the BRI to form ...": the parser made it a relative
                    # clause of the initiative; whoever relies on them forms it
                    verb = token.head
                    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                        verb = verb.head
                    return self._subjects(verb, depth + 1)
                return found
            if token.dep_ == "xcomp":
                # "Li Qiang is expected to visit": the raised subject of the passive
                raised = [c for c in token.head.children if c.dep_ == "nsubjpass"]
                if raised and not any(c.dep_ == "agent" for c in token.head.children):
                    return self._args(raised[0], "subject")
            if token.dep_ == "conj" and token.head.dep_ == "ccomp":
                # "Egypt said talks had ended, and accused ...": the parser hung "accused"
                # on the reported clause; its subject is the one who said
                found = [a for a in self._subjects(token.head, depth + 1) if a.type in _ACTOR_TYPES]
                return found or self._subjects(token.head.head, depth + 1)
            if token.dep_ in ("xcomp", "conj", "advcl", "ccomp") and token.head.i != token.i:
                return self._subjects(token.head, depth + 1)
            if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in ("dobj", "attr"):
                # "passed a resolution condemning the project": whoever passed it
                return self._subjects(token.head.head, depth + 1)
            if token.dep_ == "pcomp":
                governor = token.head.head
                if governor.dep_ == "dobj" and governor.head.lemma_.lower() in _DOER_IS_OBJECT \
                        and token.head.lower_ in ("for", "of"):
                    # "accusing the bloc of imposing": the preposition hangs off the object
                    doers = self._args(governor, "subject")
                    if doers:
                        return doers
                if governor.lemma_.lower() in _DOER_IS_OBJECT and token.head.lower_ in ("for", "of"):
                    doers = [a for c in governor.children if c.dep_ == "dobj"
                             for a in self._args(c, "subject")]
                    if doers:
                        return doers
                if governor.lemma_.lower() in _KEPT_FROM and token.head.lower_ == "from":
                    # "barred the envoy from returning": the envoy would have, and did not
                    return []
                return self._subjects(governor, depth + 1)
            if token.dep_ == "ROOT" and token.tag_ in ("VBD", "VBZ", "VBP"):
                # "On Friday Kenya condemned ...": the parser hung the subject on the date
                for i in range(token.i - 1, max(token.sent.start, token.i - 4) - 1, -1):
                    mention = self._mention(self.doc[i])
                    if mention and mention.type in ("Country", "Person", "Organization"):
                        return [Arg(a.key, a.type, "pronoun")
                                for a in self._args_one(self.doc[i], "subject", None)]
            return []
        if token.lemma_.lower() in _MEMBER_NOUNS and token.dep_ not in ("attr", "appos", "oprd"):
            return []  # "harbouring members of the PKK" does not make anyone a member
        # nominal cue: "its backing for", "Wang's visit to", "talks between"
        for c in children:
            if c.dep_ == "poss":
                return self._args(c, "subject")
        for c in children:
            if c.dep_ == "prep" and c.lower_ == "by":
                return [a for g in c.children if g.dep_ == "pobj" for a in self._args(g, "subject")]
        owners = [a for c in children if c.dep_ in ("amod", "compound", "nmod")
                  for a in self._args(c, "modifier")]
        if owners:
            return owners
        if token.dep_ in ("dobj", "attr", "nsubjpass", "oprd"):
            return self._subjects(token.head, depth + 1)
        if token.dep_ == "appos":
            return self._args(token.head, "subject")
        if token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX"):
            return self._subjects(token.head.head, depth + 1)
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
            # "a package of sanctions": whoever adopts the package
            return self._subjects(token.head.head, depth + 1)
        if token.dep_ == "conj":
            return self._subjects(token.head, depth + 1)
        if token.dep_ == "pobj" and token.head.head.pos_ == "PROPN":
            # "Macron, on a three-day state visit, ...": the visit is Macron's
            return [a for a in self._args_one(token.head.head, "subject", None)
                    if a.type in _ACTOR_TYPES]
        if token.dep_ in ("nsubj", "nsubjpass") or (
                token.dep_ == "pobj" and token.head.head.dep_ in ("nsubj", "nsubjpass")):
            # "Egypt said the round of negotiations with Ethiopia had ended": the one who says
            clause = token.head if token.dep_.startswith("nsubj") else token.head.head.head
            if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in _REPORTING_VERBS:
                return self._subjects(clause.head, depth + 1)
        return []

    def _objects(self, token, cue, light_object):
        out = []
        children = list(token.children)
        if cue.pos == "VERB":
            passive = [c for c in children if c.dep_ == "nsubjpass"]
            if not passive and any(c.dep_ == "auxpass" for c in children) and token.dep_ in ("acl", "relcl"):
                # "the latest member to be suspended": the noun is the one suspended
                passive = [token.head]
            if cue.dobj and light_object is None:
                objects = [c for c in children if c.dep_ in ("dobj", "attr", "dative")]
                if not objects and not passive:
                    # "praised and supported the Philippines": the object hangs off the last verb
                    for conj in token.children:
                        if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(
                                g.dep_ in ("nsubj", "nsubjpass") for g in conj.children):
                            objects = [g for g in conj.children if g.dep_ == "dobj"]
                            break
                for c in objects:
                    out += self._args(c, "object", cue)
                for c in passive:
                    out += self._args(c, "object", cue)
                if not passive and token.dep_ == "conj" and any(
                        c.dep_ in ("auxpass", "agent") for c in children):
                    # "Putin arrived ... and was greeted by Kim": Putin was greeted
                    out += self._subjects(token.head)
                if token.dep_ == "acl" and not passive:
                    out += self._args(token.head, "object", cue)
            preps = [c for c in children if c.dep_ in ("prep", "dative")]
            if light_object is not None:
                preps += [c for c in light_object.children if c.dep_ == "prep"]
                if light_object.head.lower_ == "with" and light_object.head.head.i == token.i:
                    # "provide Ukraine with air defence systems": Ukraine receives
                    out += [a for c in children if c.dep_ == "dobj" for a in self._args(c, "object", cue)]
            if light_object is not None and cue.relation not in SYMMETRIC_RELATIONS:
                # "suspended talks on a trade agreement with India": one level down at most
                preps += [g for c in light_object.children if c.dep_ == "prep"
                          for p in c.children if p.dep_ == "pobj"
                          for g in p.children if g.dep_ == "prep"]
            for prep in preps:
                if prep.lower_ in cue.preps:
                    for pobj in prep.children:
                        if pobj.dep_ in ("pobj", "pcomp"):
                            found = self._args(pobj, "object", cue)
                            if not found and cue.deep_objects:
                                # "strikes on militant hideouts inside Afghanistan"
                                found = [a for t in pobj.subtree for a in (
                                    self._from_mention(t, self._mention(t), "object", cue.relation)
                                    if self._mention(t) and self._mention(t).start == t.i else [])
                                    if a.type in ("Country", "Organization")]
                            out += found
            if light_object is not None and cue.relation in SYMMETRIC_RELATIONS:
                out += self._pair_modifiers(light_object)
        else:
            for prep in children:
                if prep.dep_ == "prep" and prep.lower_ in cue.preps:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            out += self._args(pobj, "object", cue)
            # "talks in Maseru between A and B": the second preposition may hang off the first
            for prep in children:
                if prep.dep_ == "prep":
                    for pobj in prep.children:
                        for inner in pobj.children:
                            if inner.dep_ == "prep" and inner.lower_ == "between" and "between" in cue.preps:
                                for p in inner.children:
                                    if p.dep_ == "pobj":
                                        out += self._args(p, "object", cue)
        if not out and cue.object_types and cue.pos == "VERB" and cue.dobj:
            out = self._clause_objects(token, cue.object_types)
        if cue.relation == "memberOf":
            out = [self._narrowest_body(token, a) for a in out]
        return _unique_args(out)

    def _clause_objects(self, verb, types):
        """Typed entities after the verb in its own clause: lists hung anywhere in it."""
        top = verb
        while top.dep_ in ("conj", "pcomp", "pobj", "prep") and top.head.i != top.i:
            top = top.head
        out = []
        for t in top.subtree:
            if t.i <= verb.i:
                continue
            node, foreign = t, False
            while node.i != top.i and node.i != verb.i:
                node = node.head
                if node.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass")
                                                         for c in node.children):
                    foreign = node.i != top.i and node.i != verb.i
                    if foreign:
                        break
            if foreign:
                continue
            mention = self._mention(t)
            if mention and mention.type in types and t.i == mention.start:
                out += [Arg(k, self.entities[k].type, "name") for k in mention.keys
                        if k in self.entities]
        return out

    # -- arguments ---------------------------------------------------------------------

    # -- sentence-level rules --------------------------------------------------------
    def _title_attributes(self, sent):
        """'Lei Kezhong is the Ambassador of China', 'Ruto, the President of Kenya,'."""
        for token in sent:
            if self.lex.titles.get(token.lower_, "courtesy") == "courtesy":
                continue
            persons = []
            if token.dep_ == "attr":
                persons = [a for c in token.head.children if c.dep_ == "nsubj"
                           for a in self._args_one(c, "subject", None)]
            elif token.dep_ == "appos":
                persons = self._args_one(token.head, "subject", None)
            persons += [a for c in token.children if c.dep_ == "appos"
                        for a in self._args_one(c, "subject", None)]
            persons = [a for a in persons if a.type == "Person"]
            if not persons:
                continue
            states = []
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    states += [a for p in prep.children if p.dep_ == "pobj"
                               for a in self._args_one(p, "object", None)]
            states += [a for c in token.children if c.dep_ in ("amod", "compound", "poss")
                       for a in self._args_one(c, "modifier", None)]
            for prep in token.children:  # "the secretary of Iran's Supreme ... Council"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for p in prep.children:
                        for owner in p.children:
                            if owner.dep_ == "poss":
                                for a in self._args_one(owner, "subject", None):
                                    if a.type == "Country":
                                        for person in persons:
                                            self.state.person_state.setdefault(person.key, a.key)
            for person in persons:
                for state in states:
                    if state.type in ("Country", "Organization"):
                        if state.type == "Country":
                            self.state.person_state.setdefault(person.key, state.key)
                        self._add(Reading(person.key, "officialOf", state.key, token.i,
                                          token.text, "title-attribute", 0.85))

    def _located_in(self, sent):
        """'In Lesotho, China has completed ... A' and 'A in Lesotho' -> A locatedIn Lesotho."""
        built = [r for r in self.readings if r.relation in ("builds", "funds")
                 and sent.start <= r.token < sent.end]
        for reading in built:
            verb = self.doc[reading.token]
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for pobj in prep.children:
                        for place in self._args(pobj, "object"):
                            if self.entities.get(place.key) and place.type in ("Country", "Place"):
                                self._add(Reading(reading.object, "locatedIn", place.key,
                                                  reading.token, prep.text, "prep:in",
                                                  reading.confidence * 0.95))
        for mention in self.mentions:
            if not (sent.start <= mention.start < sent.end) or mention.type != "Project":
                continue
            head = self.doc[mention.end - 1]
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                    for pobj in prep.children:
                        for place in self._args_one(pobj, "object", None):
                            self._add(Reading(mention.key, "locatedIn", place.key, head.i,
                                              prep.text, "prep:in", 0.8))

    def _joint_agreements(self, sent):
        """A joint statement issued after talks between A and B is signed by both states."""
        for mention in self.mentions:
            if not (sent.start <= mention.start < sent.end) or mention.type != "Agreement":
                continue
            label = self.entities[mention.key].label.lower() if mention.key in self.entities else ""
            if "joint" not in label:
                continue
            if any(r.relation == "signs" and r.object == mention.key
                   and sent.start <= r.token < sent.end for r in self.readings):
                continue
            meeting = {k for r in self.readings if r.relation == "meetsWith"
                       and sent.start <= r.token < sent.end for k in (r.subject, r.object)}
            pair = {a.key for t in sent if t.dep_ == "nsubj" and t.conjuncts and t.i < mention.start
                    for a in self._args(t, "subject")}
            signers = meeting or (pair if len(pair) >= 2 else set(self.state.parties))
            states = {self.state.person_state.get(k, k) for k in signers}
            for state in states:
                self._ensure_entity(state)
                if state in self.entities and self.entities[state].type == "Country":
                    self._add(Reading(state, "signs", mention.key, mention.start, label,
                                      "joint-agreement", 0.8))

    def _update_parties(self, sent, readings):
        """Remember who 'the two sides' are: the parties of the last meeting or pairing."""
        for reading in readings:
            if reading.relation in SYMMETRIC_RELATIONS:
                pair = [self.state.person_state.get(k, k)
                        for k in (reading.subject, reading.object)]
                if len(set(pair)) == 2 and all(
                        self.entities.get(k) is not None and self.entities[k].type != "Person"
                        for k in pair):
                    self.state.parties = pair
                    self.state.parties_since = self.sentence_number
                    people = [reading.subject, reading.object]
                    if all(self.entities[k].type == "Person" for k in people):
                        self.state.party_persons = people
                    return
        if self.state.parties and all(
                any(p in m.keys for m in self.mentions if sent.start <= m.start < sent.end)
                for p in self.state.parties):
            self.state.parties_since = self.sentence_number  # both named again: still current
            return
        for token in sent:
            if token.lower_ == "between" or (token.dep_ == "nsubj" and token.conjuncts):
                target = token if token.dep_ == "nsubj" else next(
                    (c for c in token.children if c.dep_ == "pobj"), None)
                if target is None:
                    continue
                args = self._args(target, "subject")
                people = [a.key for a in args if a.type == "Person"]
                found = [self.state.person_state.get(a.key, a.key) if a.type == "Person"
                         else a.key for a in args]
                found = [k for k in found if self.entities.get(k) is not None
                         and self.entities[k].type in ("Country", "Place", "Organization")]
                if len(set(found)) == 2:
                    self.state.parties = list(dict.fromkeys(found))
                    self.state.parties_since = self.sentence_number
                    if len(set(people)) == 2:
                        self.state.party_persons = list(dict.fromkeys(people))
                    return

    def _lift_to_states(self):
        """Ministers who meet speak for their states: the states meet too.

        An official who supports, opposes, praises or sanctions does it for the state whose
        office the text gives them ("Foreign Minister Yvan Gil accused Washington"): the
        state is the actor too.
        """
        for reading in list(self.readings):
            if core_relation(reading.relation) in _SPOKEN_FOR_STATE \
                    and self.entities[reading.subject].type == "Person":
                state = self.state.person_state.get(reading.subject)
                if state and state != reading.object:
                    self._add(Reading(state, reading.relation, reading.object, reading.token,
                                      reading.cue, "official-for-state",
                                      reading.confidence * _DISCOUNT["lifted"],
                                      reading.modality, reading.finer))
        for reading in list(self.readings):
            if reading.relation != "meetsWith":
                continue
            s = self.state.person_state.get(reading.subject)
            o = self.state.person_state.get(reading.object)
            if s and o and s != o:
                self._ensure_entity(s)
                self._ensure_entity(o)
                self._add(Reading(s, "meetsWith", o, reading.token, reading.cue, "lifted",
                                  reading.confidence * _DISCOUNT["lifted"], reading.modality))

    def _signing_meetings(self):
        """'Muizzu signed 20 agreements with Xi Jinping': the two met."""
        for token in self.doc:
            if token.lemma_.lower() != "sign" or token.pos_ != "VERB":
                continue
            signers = [a for a in self._subjects(token) if a.type == "Person"]
            holders = [token] + [c for c in token.children if c.dep_ == "dobj"]
            others = [a for h in holders for p in h.children
                      if p.dep_ == "prep" and p.lower_ == "with"
                      for g in p.children if g.dep_ == "pobj" for a in self._args(g, "subject")
                      if a.type == "Person"]
            if not others and len(signers) == 2:
                others = signers[1:]  # "Xi and Tokayev ... signed": the two met
                signers = signers[:1]
            for a in signers:
                for b in others:
                    self._add(Reading(a.key, "meetsWith", b.key, token.i, token.text,
                                      "signing-meeting", 0.7))

    def _cosigners_cooperate(self):
        """States that sign one agreement together cooperate."""
        by_agreement = {}
        for reading in self.readings:
            if reading.relation == "signs":
                by_agreement.setdefault((reading.object, reading.token), []).append(reading)
        for readings in by_agreement.values():
            parties = [r.subject for r in readings
                       if self.entities[r.subject].type in ("Country", "Organization")]
            for a, b in combinations(dict.fromkeys(parties), 2):
                self._add(Reading(a, "cooperatesWith", b, readings[0].token, readings[0].cue,
                                  "co-signers", 0.7, readings[0].modality))

    def _talks_abroad(self):
        """'held talks in Abuja with his Nigerian counterpart', 'hosted ... at the White
        House': the guest visits the host's state."""
        for reading in list(self.readings):
            if reading.relation != "meetsWith" or reading.rule in ("lifted",):
                continue
            cue = self.doc[reading.token]
            places = [m for prep in list(cue.children) + list(cue.head.children)
                      if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                      for p in prep.children if p.dep_ == "pobj"
                      for m in [self._mention(p)] if m is not None and m.via == "capital"]
            for mention in places:
                country = (self.kb.get(mention.key).attrs.get("seat_of") or [None])[0]
                if country is None:
                    continue
                for person, host in ((reading.subject, reading.object),
                                     (reading.object, reading.subject)):
                    home = self.state.person_state.get(person)
                    if (home and home != country and self.entities[person].type == "Person"
                            and self.state.person_state.get(host) == country):
                        self._add(Reading(person, "visits", mention.key, reading.token,
                                          "in", "talks-abroad", 0.65, reading.modality))

    def _visits_to_states(self):
        """A visit to a capital is a visit to its state ('arrived in Addis Ababa')."""
        for reading in list(self.readings):
            if reading.relation != "visits" or reading.object not in self.kb:
                continue
            capital_of = self.kb.get(reading.object).attrs.get("capital_of") or []
            if capital_of:
                self._ensure_entity(capital_of[0])
                self._add(Reading(reading.subject, "visits", capital_of[0], reading.token,
                                  reading.cue, "capital-visit", reading.confidence * 0.9,
                                  reading.modality))


def make_relation_extractor(nlp, name, patterns_dir, min_confidence, calibrated):
    return RelationExtractor(nlp, name, patterns_dir, min_confidence, calibrated)


Language.factory("bkg_relations", default_config={
    "patterns_dir": None, "min_confidence": 0.0, "calibrated": True})(make_relation_extractor)
