"""Relations: who does what to whom, read from the dependency parse.

The registered component ``bkg_relations`` runs after ``bkg_mentions``. For every word of
the cue lexicon (``patterns/cues.jsonl``) it finds the subjects and objects in the parse,
resolves them to entities (names, pronouns, "the two sides", "the landlocked kingdom",
"Lesotho's reform efforts"), checks the classes the ontology allows, and records each
relation with its evidence, confidence and modality in ``doc._.bkg_relations``.

The reading of one document is a :class:`~bilateral_kg.extract.state.DocumentState`
passed to every step: the cues here, the reference strategies
(:mod:`~bilateral_kg.extract.references`), and the sentence and document rules
(:mod:`~bilateral_kg.extract.document_rules`).
"""
from __future__ import annotations

from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc

from bilateral_kg.ontology.kb import load_kb
from bilateral_kg.ontology.vocab import SYMMETRIC_RELATIONS

from .agreements import name_by_signers, prepare_agreements
from .arguments import args, pair_modifiers, subjects
from .document_rules import DOCUMENT_RULES, SENTENCE_RULES
# the modules of further sentence rules register them when imported
from . import gifts as _gifts, stance as _stance, verdicts as _verdicts  # noqa: E402,F401
from .lexicon import load_lexicon
from .mentions import Reading
from .modality import bilateral, modality, positive_context, refused
from .model import FACTUAL, PLANNED
from .objects import light_object, objects
from . import place_rules  # noqa: F401  (registers the locatedIn sentence rules)
from . import place_gazetteer  # noqa: F401  (registers the gazetteer locatedIn rule)
# memberships named by a modifier, and visits 'here' (the dateline's city)
from . import here as _here, memberships as _memberships  # noqa: F401
from . import org_titles as _org_titles  # noqa: F401  (offices of bodies the KB does not know)
from . import authors as _authors  # noqa: F401  (plans named with their author)
from . import party_members as _party_members  # noqa: F401  ('Conservative MP A')
from . import abroad as _abroad  # noqa: F401  ('told reporters in Brussels')
from . import destinations as _destinations  # noqa: F401  ('during a visit by A': to where)
from . import delegations as _delegations  # noqa: F401  ('the delegation was led by A')
from . import joint as _joint  # noqa: F401  ('held joint exercises', 'jointly develop')
from .counterparts import serve_counterparts
from .parties import update_parties
from .principals import find_principals, principal_pair
from .record import add_reading
from .state import (Arg, Vocabulary, document_state, ensure_entity, party_args, sentence_tokens,
                    unique_args)

if not Doc.has_extension("bkg_relations"):
    Doc.set_extension("bkg_relations", default=None)

# the parser's proper nouns and auxiliaries carry the cues of nouns and verbs
_CUE_POS = {"PROPN": "NOUN", "AUX": "VERB"}


class RelationExtractor:
    """The ``bkg_relations`` component."""

    def __init__(self, nlp, name, patterns_dir=None, min_confidence=0.0, calibrated=True):
        self.kb = load_kb()
        self.lex = load_lexicon(patterns_dir)
        self.words = Vocabulary.from_lexicon(self.lex)
        self.min_confidence = min_confidence
        self.calibration = self.lex.calibration if calibrated else {}

    def __call__(self, doc):
        state = document_state(doc, self.kb, self.lex, self.words)
        readings = [self._calibrated(r) for r in read_document(state)]
        doc._.bkg_relations = [r for r in readings if r.confidence >= self.min_confidence]
        return doc

    def _calibrated(self, reading):
        """The rule's measured worth (``calibration.jsonl``) scales what it claimed."""
        factor = self.calibration.get(reading.rule, 1.0)
        reading.confidence = min(0.99, reading.confidence * factor)
        return reading


def read_document(state):
    """Every reading of the document: its name facts, its cues, then the rules.

    Parameters
    ----------
    state : DocumentState
        A fresh state (:func:`~bilateral_kg.extract.state.document_state`).

    Returns
    -------
    list of Reading
        ``state.readings``, before calibration.
    """
    for fact in state.doc._.bkg_facts or []:
        served = state.organ_state.get(fact.object, fact.object)
        if served.startswith("country/"):
            state.person_state.setdefault(fact.subject, served)
        add_reading(state, fact)
    _offices_from_kb(state)
    _out_of_office(state)
    prepare_agreements(state)
    find_principals(state)
    serve_counterparts(state)
    for number, sent in enumerate(state.doc.sents):
        state.sentence_number = number
        start = len(state.readings)
        _read_cues(state, sent)
        for name, rule in SENTENCE_RULES.items():
            rule(state, sent, name)
        update_parties(state, sent, state.readings[start:])
    for name, rule in DOCUMENT_RULES.items():
        rule(state, name)
    name_by_signers(state)
    return state.readings


def _offices_from_kb(state):
    """Persons the KB knows hold an office of a state speak for that state, unless the
    text ties them to another body ("Hamas political leader A", once a prime minister)."""
    titled = {f.subject for f in state.doc._.bkg_facts or [] if f.relation == "officialOf"}
    for key, entity in state.entities.items():
        if entity.type == "Person" and key in state.kb and key not in state.person_state \
                and key not in titled:
            for office in state.kb.get(key).attrs.get("offices", []):
                if office.get("of", "").startswith("country/"):
                    state.person_state[key] = office["of"]
                    break


# How many words before a name may carry its title ("the main opposition leader A").
_TITLE_REACH = 4


def _out_of_office(state):
    """A person the text calls former, ex- or opposition, and nowhere by a title of a
    serving official, does not act for a state in it ("Ruto, the former deputy president"
    still acts for Kenya when the text calls him President Ruto too)."""
    marks = state.words.out_of_office_marks

    def marked(words):
        return any(w in marks or w.split("-")[0] + "-" in marks for w in words)

    def title_words(fact):  # the title and the words just before it ("Former Prime Minister")
        start = max(state.doc[fact.token].sent.start, fact.token - _TITLE_REACH // 2)
        return [t.lower_ for t in state.doc[start:fact.token]] + fact.cue.lower().split()

    serving = {f.subject for f in state.doc._.bkg_facts or []
               if f.relation == "officialOf" and f.cue and not marked(title_words(f))}
    for mention in state.mentions:
        if mention.type != "Person" or mention.key not in state.person_state \
                or mention.key in serving:
            continue
        head = state.doc[mention.end - 1]
        before = state.doc[max(head.sent.start, mention.start - _TITLE_REACH):mention.start]
        described = [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
        if marked([t.lower_ for t in [*before, *described]]):
            del state.person_state[mention.key]


def _read_cues(state, sent):
    """Apply every cue of the sentence's words; a symmetric reading names the parties."""
    readings, index, mentions = state.readings, state.index, state.mentions
    for token in sentence_tokens(state, sent):
        number = index[token.i]
        if number is not None and mentions[number].end - mentions[number].start > 1:
            continue  # "Alliance of Sahel States", "Forum on China-Africa Cooperation"
        pos = _CUE_POS.get(token.pos_, token.pos_)
        before = len(readings)
        for cue in state.lex.cues_for(token.lemma_, pos):
            apply_cue(state, token, cue)
        if any(r.relation in SYMMETRIC_RELATIONS for r in readings[before:]):
            # "held talks with X, where the two sides signed ...": known at once
            update_parties(state, sent, readings[before:])


# -- one cue -------------------------------------------------------------------------------
def _cue_words_present(token, cue):
    """The particle or adverb the cue requires ('carry out', 'break off ties')."""
    if cue.particle and not any(c.dep_ in ("prt", "advmod") and c.lower_ in cue.particle
                                for c in token.children):
        return False
    return not cue.requires_advmod or any(
        c.dep_ in ("advmod", "npadvmod") and c.lower_ in cue.requires_advmod
        for c in token.children)


def _noun_says_it(state, token, cue):
    """'reaffirmed India's support for X': the noun names who supports whom; not in
    'threw its support behind X', where only the verb holds the object. 'Happy with
    Chile's support': the stance is Chile's, not a stance on Chile."""
    if cue.pos == "ADJ":
        return any(g.dep_ == "pobj" and any(x.dep_ == "poss" for x in g.children)
                   and state.lex.cues_for(g.lemma_, "NOUN")
                   for c in token.children if c.dep_ == "prep" for g in c.children)
    return cue.pos == "VERB" and any(
        c.dep_ == "dobj" and any(g.dep_ == "poss" for g in c.children)
        and any(x.relation == cue.relation and (_has_prep(c, x.preps)
                                                or not _has_prep(token, cue.preps))
                for x in state.lex.cues_for(c.lemma_, "NOUN"))
        for c in token.children)


def _amount_of_another_kind(state, token, light, cue):
    """'provided $600 million in humanitarian aid' is aid, not a loan: an amount 'in' a
    kind of thing another cue of the verb reads (however the parser hangs the 'in') is
    left to that cue."""
    others = {n for other in state.lex.cues_for(token.lemma_, "VERB")
              if other.relation != cue.relation for n in other.object_nouns}
    kinds = [{g.lower_, g.lemma_.lower()} for h in (light, token) for p in h.children
             if p.dep_ == "prep" and p.lower_ == "in"
             for g in p.children if g.dep_ == "pobj"]
    return any(kind & others and not kind & cue.object_nouns for kind in kinds)


def _only_asked_for(state, token, cue):
    """'sought India's support', 'asked for Japan's backing': a stance asked for is none yet."""
    if cue.pos != "NOUN":
        return False
    asking = state.lex.words("asking_verbs")
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "for" else (
        token.head if token.dep_ == "dobj" else None)
    return verb is not None and verb.lemma_.lower() in asking


def _paid_for(state, token, cue):
    """'to finance the construction of a pipeline': the subject pays for it, not builds it."""
    return (cue.pos == "NOUN" and cue.relation == "builds" and token.dep_ == "dobj"
            and token.head.lemma_.lower() in state.lex.words("financing_verbs"))


def _has_prep(token, preps):
    return any(c.dep_ == "prep" and c.lower_ in preps for c in token.children)


def apply_cue(state, token, cue):
    """Read the relation one cue at ``token`` says, and record it for each argument pair."""
    if not _cue_words_present(token, cue):
        return
    light = None
    if cue.object_nouns:
        light = light_object(state, token, cue)
        if light is None or _amount_of_another_kind(state, token, light, cue):
            return
    if _noun_says_it(state, token, cue) or _only_asked_for(state, token, cue) \
            or _paid_for(state, token, cue):
        return
    negated, planned = modality(state, token)
    if negated:
        if cue.relation == "supports" and refused(state, token):
            # "France refused to recognise the junta": an explicit rejection
            _apply_refusal(state, token, cue, "opposes")
        return
    if cue.requires_positive and not positive_context(state, token):
        return
    if cue.without_clause and any(
            c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(
                a.dep_ == "aux" and a.tag_ == "TO" for a in c.children))
            for c in token.children):
        return  # "called on A to act" urges; "called on A" is a courtesy call
    found_subjects = subjects(state, token)
    found_objects = objects(state, token, cue, light)
    if not found_objects and cue.relation in state.words.gift_relations \
            and token.dep_ == "pcomp" \
            and token.head.head.lemma_.lower() in state.words.thanking_verbs:
        found_objects = _thankers(state, token)
    if cue.relation == "signs":
        found_subjects += _signed_with(state, token)
    if planned and cue.pos == "NOUN" and cue.relation == "meetsWith":
        return  # "work towards a summit with Japan": no meeting yet, and maybe none
    modality_name = PLANNED if planned else FACTUAL
    if cue.relation in SYMMETRIC_RELATIONS:
        _record_symmetric(state, token, cue, found_subjects, found_objects, modality_name)
    else:
        _record_directed(state, token, cue, found_subjects, found_objects, modality_name)


def _thankers(state, token):
    """'Chinh thanked Japan for donating vaccines': given to the one who thanks."""
    found = []
    for a in (a for c in token.head.head.children if c.dep_ == "nsubj"
              for a in args(state, c, "subject")):
        served = state.person_state.get(a.key) if a.type == "Person" else None
        if served:
            ensure_entity(state, served)
            found.append(Arg(served, "Country", "coreference"))
        elif a.type != "Person":
            found.append(a)
    return found


def _signed_with(state, token):
    """'A signed a treaty with B', 'a memorandum of understanding with B': both are
    parties to it."""
    signed = [c for c in token.children if c.dep_ == "dobj"] + [
        g for c in token.children if c.dep_ == "prep" and c.lower_ == "into"
        for g in c.children if g.dep_ == "pobj"]  # "entered into an agreement with B"
    holders = [token] + signed + [g for c in signed for p in c.children
                                  if p.dep_ == "prep" and p.lower_ == "of"
                                  for g in p.children if g.dep_ == "pobj"]
    return [a for h in holders for p in h.children
            if p.dep_ == "prep" and p.lower_ == "with"
            for g in p.children if g.dep_ == "pobj" for a in args(state, g, "subject")]


def _reading(state, token, cue, a, b, modality_name):
    conf = cue.confidence * state.words.discount(a.how) * state.words.discount(b.how)
    return Reading(a.key, cue.relation, b.key, token.i, token.text,
                   f"{cue.pos.lower()}:{cue.lemma}", conf, modality_name, cue.finer)


def _record_symmetric(state, token, cue, found_subjects, found_objects, modality_name):
    if cue.pos == "NOUN" and len(found_objects) >= 2 and any(
            c.dep_ == "prep" and c.lower_ in state.words.between_preps for c in token.children):
        found_subjects = []  # "signed ... after talks between A and B": A and B met
    if not found_objects and _split_subjects(token):
        return  # "A delegation led by B held talks": a misparse, not two sides
    participants = unique_args(found_subjects + found_objects)
    if len(participants) < 2 and cue.pos == "NOUN":
        participants = unique_args(participants + pair_modifiers(state, token))
    if len(participants) == 1 and bilateral(state, token) and state.parties:
        participants = unique_args(participants + party_args(state))
    if len(participants) < 2 and cue.pos == "NOUN" and cue.relation == "meetsWith":
        _story_talks(state, token, cue, participants, modality_name)
        return
    subject_keys = {a.key for a in found_subjects}
    if found_subjects and found_objects:
        # "A met B and C": A with each of them, not B with C
        pairs = [(a, b) for a in participants if a.key in subject_keys
                 for b in participants if b.key not in subject_keys]
    else:
        pairs = list(combinations(participants, 2))
    for a, b in pairs:
        if cue.persons_only and not (a.type == b.type == "Person"):
            continue
        add_reading(state, _reading(state, token, cue, a, b, modality_name))


def _split_subjects(token):
    """Whether the clause of ``token`` has two subjects side by side, neither the other's
    conjunct: the parser's reading of "A delegation led by B held talks"."""
    clause = token if token.pos_ in ("VERB", "AUX") else token.head
    return sum(1 for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")) > 1


def _story_talks(state, token, cue, participants, modality_name):
    """'trade talks with the United States', 'the handover talks': a meeting noun that
    names one side or none is the story's pair's, when the pair stands out (rule
    ``story-talks``, unsure)."""
    if token.lower_ not in state.lex.words("story_talk_nouns"):
        return  # "any calls for an inquiry", "recent meetings aimed at ...": not the pair's
    pair = [k for k in principal_pair(state) if k in state.entities]
    named = {a.key for a in participants}
    definite = any(c.dep_ == "det" and c.lower_ in state.words.definite_determiners
                   for c in token.children)
    if len(pair) != 2 or not ((named and named < set(pair))
                              or (not named and definite)):
        return
    factor = state.words.factors["story-talks"]
    a, b = (Arg(k, state.entities[k].type, "party") for k in pair)
    conf = cue.confidence * factor * state.words.discount("party") ** (2 - len(named))
    add_reading(state, Reading(a.key, cue.relation, b.key, token.i, token.text,
                               "story-talks", conf, modality_name, cue.finer))


def _record_directed(state, token, cue, found_subjects, found_objects, modality_name):
    for s in found_subjects:
        if cue.subject_types and s.type not in cue.subject_types:
            continue
        for o in found_objects:
            if cue.object_types and o.type not in cue.object_types:
                continue
            add_reading(state, _reading(state, token, cue, s, o, modality_name))


def _apply_refusal(state, token, cue, relation):
    """'refused to recognise X': the subjects do ``relation`` (opposes) to the objects."""
    words = state.words
    for s in subjects(state, token):
        for o in objects(state, token, cue, None):
            conf = cue.confidence * words.factors["refused"] * words.discount(s.how) \
                * words.discount(o.how)
            add_reading(state, Reading(s.key, relation, o.key, token.i, token.text,
                                       f"refused:{cue.lemma}", conf))


def make_relation_extractor(nlp, name, patterns_dir, min_confidence, calibrated):
    return RelationExtractor(nlp, name, patterns_dir, min_confidence, calibrated)


Language.factory("bkg_relations", default_config={
    "patterns_dir": None, "min_confidence": 0.0, "calibrated": True})(make_relation_extractor)
