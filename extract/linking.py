"""Linking mentions to entities: the last step of the ``bkg_mentions`` component.

Every mention gets an entity key: a knowledge-base entity when the KB knows the name, else
a key minted from its type and name. Names and short forms of one entity are merged: a
surname after the full name ("Wang"), a generic agreement phrase beside the one named
agreement ("the defence pact" ~ "the Reciprocal Access Agreement").
"""
from __future__ import annotations

import unicodedata

from bilateral_kg.ontology.kb import KEY_PREFIX, slugify, strip_article

from .model import Entity, Mention
from .spans import coverage

# How many of the KB's other names and acronyms a document's entity carries as aliases.
_MAX_ALIAS_NAMES = 8
_MAX_ALIAS_ACRONYMS = 3


def kb_record(kb_entity):
    """The document-level :class:`Entity` for a KB entity, with the KB's other names as
    aliases, so that a reader who names it otherwise still finds it."""
    aliases = set(kb_entity.names[:_MAX_ALIAS_NAMES] + kb_entity.acronyms[:_MAX_ALIAS_ACRONYMS])
    return Entity(kb_entity.key, kb_entity.label, kb_entity.cls, True, kb_entity.wikidata,
                  aliases=aliases - {kb_entity.label})


def _unaccented(name):
    """A name without its accents ('Fernández' -> 'Fernandez').

    >>> _unaccented("Fernández")
    'Fernandez'
    """
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def kb_surnames(kb):
    """Short form -> the keys of the KB people who go by it (built once per KB)."""
    index = _SURNAMES.get(id(kb))
    if index is None:
        index = {}
        for person in kb.of_type("Person"):
            for surname in person.attrs.get("surnames", []):
                index.setdefault(surname, []).append(person.key)
        _SURNAMES.clear()
        _SURNAMES[id(kb)] = index
    return index


_SURNAMES = {}


def surname_holder(kb, surname, named):
    """The KB person who goes by ``surname``: the only one, or of namesakes the only one
    holding an office of a state or body in ``named`` (the KB keys the text names:
    "Barre" in a story about Somalia), else None."""
    holders = kb_surnames(kb).get(surname, ())
    if len(holders) > 1:
        holders = [h for h in holders
                   if any(o.get("of") in named for o in kb.get(h).attrs.get("offices", []))]
    return holders[0] if len(holders) == 1 else None


def link_mentions(kb, trimmer, doc, mentions, entities):
    """Give every mention an entity key; merge names and short forms of one entity.

    Parameters
    ----------
    kb : KnowledgeBase
    trimmer : NameTrimmer
        Turns a mention's span into the name it gives.
    doc : spacy.tokens.Doc
    mentions : list of Mention
        In document order; their ``key`` and ``type`` are set in place.
    entities : dict
        Filled with key -> :class:`Entity` for every entity linked.

    Returns
    -------
    list of Mention
        The linked mentions in document order, with surnames found before any full name;
        lone capitalised words the model called an organization are dropped.
    """
    linking = _DocumentLinking(kb, trimmer, doc, entities,
                               named={m.key for m in mentions if m.key})
    linked = [m for m in mentions if linking.link(m)]
    linking.merge_agreement_phrases(linked)
    linked += linking.early_surnames(linked)
    linked.sort(key=lambda m: (m.start, -m.end))
    return linked


class _DocumentLinking:
    """One document's linking: its entities so far, and the name parts of its people."""

    def __init__(self, kb, trimmer, doc, entities, named=()):
        self.kb, self.trimmer, self.doc, self.entities = kb, trimmer, doc, entities
        self.people = {}  # first name or surname -> person key
        self.named = frozenset(named)  # the KB entities the text names (states, bodies)

    def link(self, mention):
        """Set the mention's key and type; False for a mention to drop."""
        surface = self.trimmer.label(self.doc, mention.start, mention.end)
        if mention.via == "group":
            for member in mention.members:
                kb_entity = self.kb.get(member)
                self._register(member, kb_entity.cls, kb_entity.label, None, True,
                               kb_entity.wikidata)
            return True
        if mention.key is None:
            if self._link_to_person_named(mention, surface) \
                    or self._link_to_longer_name(mention, surface):
                return True
            if mention.type == "Person?":
                return False  # a lone capitalised word the model called an organization
            self._link_by_name(mention, surface)
        elif mention.key in self.kb:
            kb_entity = self.kb.get(mention.key)
            self._register(mention.key, kb_entity.cls, kb_entity.label,
                           surface if mention.via != "demonym" else None, True, kb_entity.wikidata)
        else:
            self._register(mention.key, mention.type, surface, surface, False)
        if mention.type == "Person":
            self._learn_name_parts(mention.key)
        return True

    def _register(self, key, type_name, label, surface, in_kb, wikidata=None):
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = (
                kb_record(self.kb.get(key)) if in_kb and key in self.kb
                else Entity(key, label, type_name, in_kb, wikidata))
        if surface:
            entity.names.add(surface)
        return entity

    def _link_to_person_named(self, mention, surface):
        """A one-word name the model found that is part of a person named before, or the
        short form of one KB person ("Pompeo said ..." when the text never gives the full
        name; only a short form the KB gives one person alone)."""
        label = mention.via.split(":", 1)[1]
        if not mention.via.startswith("ner:") or len(label.split()) != 1:
            return False
        known = self.people.get(label) or self.people.get(_unaccented(label))
        if not known and mention.type == "Person":
            known = self._surname_holder(label)
            if known:
                self._register(known, "Person", self.kb.get(known).label, surface, True,
                               self.kb.get(known).wikidata)
                self._learn_name_parts(known)
        if not known:
            return False
        mention.key, mention.type, mention.via = known, "Person", "surname"
        self.entities[known].names.add(surface)
        return True

    def _surname_holder(self, surname):
        return surname_holder(self.kb, surname, self.named)

    def _office_holder_named(self, surname):
        """A KB short form the model did not tag ("Ruto landed in Beijing"): its holder,
        when they hold an office of a state the text names."""
        key = surname_holder(self.kb, surname, self.named)
        if key is None or not any(o.get("of") in self.named
                                  for o in self.kb.get(key).attrs.get("offices", [])):
            return None
        person = self.kb.get(key)
        self._register(key, "Person", person.label, None, True, person.wikidata)
        self._learn_name_parts(key)
        return key

    def _link_to_longer_name(self, mention, surface):
        """'Santos Alvite' after 'Fernando Santos Alvite': the end of a person's full name,
        of two words or more, is that person (one word is :meth:`_link_to_person_named`'s)."""
        label = mention.via.split(":", 1)[1]
        model_named = mention.via.startswith("ner:")  # the model may call it an organization
        if not (mention.type == "Person" or model_named) or len(label.split()) < 2:
            return False
        longer = [k for k, e in self.entities.items() if e.type == "Person"
                  and e.label.endswith(" " + label)]
        if len(longer) != 1:
            return False
        mention.key, mention.type, mention.via = longer[0], "Person", "surname"
        self.entities[longer[0]].names.add(surface)
        return True

    def _link_by_name(self, mention, surface):
        """A KB entity of that name (of the mention's type first), else a new entity."""
        label = mention.via.split(":", 1)[1]
        kb_hits = sorted(self.kb.lookup(label), key=lambda e: e.cls != mention.type)
        if kb_hits:
            mention.key = kb_hits[0].key
            self._register(mention.key, kb_hits[0].cls, kb_hits[0].label, surface, True,
                           kb_hits[0].wikidata)
        else:
            mention.key = f"{KEY_PREFIX[mention.type]}/{slugify(label)}"
            self._register(mention.key, mention.type, strip_article(label), surface, False)
        mention.type = self.entities[mention.key].type

    def _learn_name_parts(self, person_key):
        parts = self.entities[person_key].label.split()
        if len(parts) >= 2:
            for part in (parts[0], parts[-1]):
                self.people.setdefault(part, person_key)
                # "Fernandez" after "Alberto Fernández": news copy often drops the accents
                self.people.setdefault(_unaccented(part), person_key)
        if person_key in self.kb:
            for surname in self.kb.get(person_key).attrs.get("surnames", []):
                self.people.setdefault(surname, person_key)
                self.people.setdefault(_unaccented(surname), person_key)

    def merge_agreement_phrases(self, linked):
        """"the defence pact" and "the Reciprocal Access Agreement" are one agreement when
        the text names only one in the sentences around the phrase."""
        named = [m for m in linked if m.type == "Agreement" and not m.via.startswith("phrase:")]
        sentence_of = {s.start: n for n, s in enumerate(self.doc.sents)}

        def sentence_number(mention):
            return sentence_of[self.doc[mention.start].sent.start]

        for mention in linked:
            if not mention.via.startswith("phrase:") or self._introduces(mention):
                continue
            near = [m for m in named if abs(sentence_number(m) - sentence_number(mention)) <= 1]
            if len({m.key for m in near}) == 1 and near[0].key != mention.key:
                generic = self.entities.pop(mention.key, None)
                if generic is not None:
                    self.entities[near[0].key].names |= generic.names
                mention.key = near[0].key

    def _introduces(self, mention):
        """Whether a phrase brings in a new agreement: "a deal on river transport"."""
        head = self.doc[mention.end - 1]
        return any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in head.children)

    def early_surnames(self, linked):
        """Short forms that came before any mention the model recognised ("Wang's visit")."""
        taken = coverage(linked)
        found = []
        for token in self.doc:
            if token.i in taken or token.pos_ != "PROPN":
                continue
            key = self.people.get(token.text) or self._office_holder_named(token.text)
            if key:
                found.append(Mention(token.i, token.i + 1, key, "Person", "surname"))
                self.entities[key].names.add(token.text)
        return found
