"""Mentions: where a document names an entity, and which entity that is.

Registered spaCy components:

- ``bkg_paragraphs`` (before the parser): paragraph breaks end sentences, so headlines and
  bylines do not run into the first sentence.
- ``bkg_mentions`` (after the NER): knowledge-base names, acronyms and demonyms; people
  introduced by an office title; typed proper names (``... Power Plant`` is a Project);
  the model's named entities; acronyms defined in the text; surnames and short forms linked
  to the full name mentioned earlier. Results: ``doc._.bkg_mentions`` (list of
  :class:`Mention`), ``doc._.bkg_entities`` (key -> :class:`~bilateral_kg.extract.model.Entity`)
  and ``doc._.bkg_facts`` (:class:`Reading` of ``officialOf`` from titles).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bilateral_kg.ontology.kb import KEY_PREFIX, load_kb, slugify, strip_article

from .lexicon import load_lexicon
from .model import FACTUAL, Entity

for _name in ("bkg_mentions", "bkg_entities", "bkg_facts", "bkg_token_mention"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_CONNECTORS = {"of", "for", "on", "and", "-", "the", "de", "du", "la", "to", "&"}
_SEGMENT_BREAKS = {"of", "for", "on", "to"}
_CONTINUATION_POS = {"DET", "ADP", "CCONJ", "SCONJ"}
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "FAC": "Project", "EVENT": "Event", "LAW": "Agreement"}
_POLICY_PHRASE_HEADS = {"proposal", "plan", "initiative", "roadmap"}
_NEW_AGREEMENT_HEADS = {"deal", "agreement", "accord", "pact", "treaty"}
_AGREEMENT_HEADS = {"deal", "communique", "communiqué", "memorandum", "mou", "treaty", "agreement",
                    "accord", "pact", "declaration", "statement"}


@dataclass
class Mention:
    """Tokens ``start:end`` of a document name ``key`` (or, for a group, ``members``)."""

    start: int
    end: int
    key: str | None
    type: str
    via: str
    members: tuple = ()

    @property
    def keys(self):
        return self.members if self.members else (self.key,)


@dataclass
class Reading:
    """One relation read at one token: from a clause (``bkg_relations``) or from the shape of
    a name ("Chinese Foreign Minister Wang Yi" -> ``officialOf``, here)."""

    subject: str
    relation: str
    object: str
    token: int
    cue: str
    rule: str
    confidence: float
    modality: str = FACTUAL
    finer: str | None = None


_DATELINE_ENDS = {"-", "--", ":"}


def _dateline_end(doc, start):
    """Where a dateline ('KINGSTOWN, St Vincent -', 'TEHRAN, April 2 (AP) -') ends, or None."""
    first = doc[start]
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return None
    for i in range(start + 1, min(start + 14, len(doc) - 1)):
        if doc[i].text in _DATELINE_ENDS:
            return i
        if doc[i].is_space and "\n" in doc[i].text:
            return None
    return None


@Language.component("bkg_paragraphs")
def paragraph_breaks(doc):
    """Start a sentence after a blank line, unless the line stopped mid-phrase, and after a
    dateline, so that 'KINGSTOWN, St Vincent -' is not read as the subject."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    for start in starts:
        end = _dateline_end(doc, start) if start < len(doc) else None
        if end is not None and end + 1 < len(doc):
            doc[end + 1].is_sent_start = True
    for token in doc[1:-1]:
        if token.text == ";":
            doc[token.i + 1].is_sent_start = True  # independent clauses, read apart
            continue
        if not (token.is_space and "\n" in token.text):
            continue
        before, after = doc[token.i - 1], doc[token.i + 1]
        blank_line = token.text.count("\n") >= 2
        ends_clause = before.text in {".", "!", "?", '"', "'", ")"} or before.is_space
        dangling = before.pos_ in _CONTINUATION_POS or before.text in {",", ";", ":", "(", "-"}
        if (blank_line and not dangling) or (ends_clause and after.is_title):
            after.is_sent_start = True
    return doc


def _clean_bounds(doc, start, end):
    """Trim articles, possessive endings, punctuation and line breaks off a span."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "'", "s"} or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    for i in range(start, end):
        if "\n" in doc[i].text_with_ws and i + 1 < end:
            end = i + 1
            break
    return start, end


def span_label(doc, start, end):
    """The name a span gives, without article or possessive ending."""
    start, end = _clean_bounds(doc, start, end)
    return " ".join(doc[start:end].text.split())


class MentionFinder:
    """The ``bkg_mentions`` component."""

    def __init__(self, nlp, name, patterns_dir=None):
        self.kb = load_kb()
        self.lex = load_lexicon(patterns_dir)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.titles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.match_info = {}
        make = nlp.make_doc

        def add(matcher, kind, key, names):
            label = f"{kind}|{key}"
            self.match_info[nlp.vocab.strings.add(label)] = (kind, key)
            matcher.add(label, [make(n) for n in names])

        for entity in self.kb:
            multi = [n for n in entity.names if len(make(n)) > 1]
            single = [n for n in entity.names if len(make(n)) == 1]
            if multi:
                add(self.lower, "name", entity.key, multi)
            if single or entity.acronyms:
                add(self.orth, "name", entity.key, single + entity.acronyms)
            demonyms = [d for d in entity.demonyms
                        if d not in entity.attrs.get("ambiguous_demonyms", [])]
            if demonyms:
                add(self.orth, "demonym", entity.key, demonyms)
        for index, group in enumerate(self.kb.groups):
            add(self.lower, "group", str(index), group.variants)
        for title, kind in self.lex.titles.items():
            add(self.titles, "title", kind, [title])

    # -- the component -------------------------------------------------------------------
    def __call__(self, doc):
        mentions = self._kb_mentions(doc)
        taken = _coverage(doc, mentions)
        facts = []
        mentions += self._title_people(doc, list(mentions), taken, facts)
        taken = _coverage(doc, mentions)
        mentions += self._typed_chains(doc, taken)
        mentions += self._defined_acronyms(doc, mentions)
        taken = _coverage(doc, mentions)
        mentions += self._ner_mentions(doc, taken)
        mentions += self._agreement_phrases(doc, _coverage(doc, mentions))
        mentions += self._defined_acronyms(doc, mentions)
        mentions.sort(key=lambda m: (m.start, -m.end))
        entities = {}
        mentions = self._link(doc, mentions, entities)
        doc._.bkg_mentions = mentions
        doc._.bkg_entities = entities
        doc._.bkg_facts = facts
        index = [None] * len(doc)
        for number, mention in enumerate(mentions):
            for i in range(mention.start, mention.end):
                if index[i] is None or (mentions[index[i]].end - mentions[index[i]].start
                                        < mention.end - mention.start):
                    index[i] = number
        doc._.bkg_token_mention = index
        return doc

    # -- knowledge base ------------------------------------------------------------------
    def _kb_mentions(self, doc):
        candidates = []
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                kind, key = self.match_info[match_id]
                if kind == "name" and matcher is self.lower and not _has_capital(doc, start, end):
                    entity = self.kb.get(key)
                    if not any(n[:1].islower() for n in entity.names):
                        continue
                candidates.append((start, end, kind, key))
        chosen = []
        taken = set()
        # Longest first; of two as long, the later one ("President [Xi Jinping]"), since a
        # name that starts earlier is usually a title glued to a short form.
        for start, end, kind, key in sorted(candidates, key=lambda c: (c[0] - c[1], -c[0])):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            if kind == "group":
                group = self.kb.groups[int(key)]
                types = {self.kb.get(m).cls for m in group.members}
                chosen.append(Mention(start, end, None, types.pop() if len(types) == 1 else "Entity",
                                      "group", tuple(group.members)))
            else:
                entity = self.kb.get(key)
                via = kind
                if kind == "name" and entity.type == "Place" and entity.attrs.get("seat_of"):
                    via = "capital"
                chosen.append(Mention(start, end, key, entity.cls, via))
        return chosen

    # -- people introduced by their office ---------------------------------------------
    def _title_people(self, doc, kb_mentions, taken, facts):
        found = []
        for mention in kb_mentions:  # "Moroccan King Mohammed VI": the title is in the name
            if mention.type != "Person":
                continue
            name = doc[mention.start:mention.end].text.lower()
            title_len = max((len(t.split()) for t, kind in self.lex.titles.items()
                             if kind != "courtesy" and name.startswith(t + " ")), default=0)
            if title_len:
                state = _office_state(doc, mention.start, mention.start + title_len, kb_mentions,
                                      self.lex.title_words)
                rule = "title"
                if not state:  # "King Mohammed VI": the KB knows whose king
                    offices = [o["of"] for o in self.kb.get(mention.key).attrs.get("offices", [])
                               if (o.get("of") or "").startswith("country/")
                               and _same_office(o.get("title", ""),
                                                doc[mention.start:mention.start + title_len].text)]
                    state, rule = (offices[0], "title+kb") if offices else (None, rule)
                if state:
                    facts.append(Reading(mention.key, "officialOf", state, mention.start,
                                         doc[mention.start:mention.start + title_len].text, rule,
                                         0.9 if rule == "title" else 0.8))
        for _, start, end in self.titles(doc):
            kind = self.match_info[_][1]
            if any(start < m.end and m.start < end for m in found):
                continue
            end = self._extend_title(doc, end, taken)
            name_start = end + (1 if end < len(doc) and doc[end].text == "," else 0)
            while name_start < len(doc) and self.lex.titles.get(doc[name_start].lower_) == "courtesy":
                name_start += 1  # "Prime Minister Sheikh Mohammed ..."
            name_end = name_start
            while (name_end < len(doc) and name_end - name_start < 7
                   and (_namelike(doc[name_end]) or (
                       name_end > name_start and doc[name_end].lower_ in _NAME_PARTICLES
                       and name_end + 1 < len(doc) and _namelike(doc[name_end + 1])))
                   and name_end not in taken
                   and doc[name_end].lower_ not in self.lex.title_words):
                name_end += 1
                if (name_end + 1 < len(doc) and doc[name_end].text == "-"
                        and not doc[name_end].whitespace_ and _namelike(doc[name_end + 1])):
                    name_end += 1  # "Al-Aiban", "Amir-Abdollahian"
            person = None
            kb_person = [m for m in kb_mentions if m.start == name_start and m.type == "Person"]
            if kb_person:
                person = kb_person[0]
            elif name_end > name_start:
                label = span_label(doc, name_start, name_end)
                kb_people = [e for e in self.kb.lookup(label) if e.type == "Person"]
                key = kb_people[0].key if kb_people else f"person/{slugify(label)}"
                person = Mention(name_start, name_end, key, "Person", "title")
                found.append(person)
            if person is None or kind == "courtesy":
                continue
            state = _office_state(doc, start, end, kb_mentions, self.lex.title_words)
            if state:
                facts.append(Reading(person.key, "officialOf", state, start,
                                  doc[start:end].text, "title", 0.9))
            elif person.key in self.kb:
                # "President Cyril Ramaphosa": the text gives the office, the KB its state
                named = {m.key for m in kb_mentions}
                offices = [o["of"] for o in self.kb.get(person.key).attrs.get("offices", [])
                           if o.get("of") and (o["of"].startswith("country/") or o["of"] in named)
                           and _same_office(o.get("title", ""), doc[start:end].text)]
                if offices:
                    facts.append(Reading(person.key, "officialOf", offices[0], start,
                                      doc[start:end].text, "title+kb", 0.8))
        return found

    def _extend_title(self, doc, end, taken):
        """'Minister' -> 'Minister of Foreign Affairs and International Relations'."""
        i = end
        while i < len(doc) and doc[i].lower_ in self.lex.title_words and i not in taken:
            if doc[i].lower_ == "the" and i + 1 in taken:
                break
            if doc[i].is_lower and doc[i].lower_ not in {"of", "and", "for", "the", "&"}:
                break
            i += 1
        while i > end and doc[i - 1].lower_ in {"of", "and", "for", "the", "&"}:
            i -= 1
        return i

    # -- typed proper names ----------------------------------------------------------------
    def _typed_chains(self, doc, taken):
        found = []
        i = 0
        while i < len(doc):
            if not _chain_start(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < len(doc):
                if doc[j].ent_type_ in ("DATE", "TIME"):
                    break
                if _capitalised(doc[j]) and doc[j].sent == doc[i].sent:
                    j += 1
                elif (doc[j].lower_ in _CONNECTORS and j + 1 < len(doc)
                      and doc[j + 1].ent_type_ not in ("DATE", "TIME")
                      and (_capitalised(doc[j + 1])
                           or (doc[j + 1].lower_ == "the" and doc[j].lower_ in _SEGMENT_BREAKS
                               and j + 2 < len(doc) and _capitalised(doc[j + 2])))):
                    j += 1
                else:
                    break
            if (j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN" and j - i <= 3
                    and self.lex.type_of_head(doc[j].lemma_) == "Project"
                    and not any(k in taken for k in range(i, j))):
                j += 1  # "the TAZARA railway", "the Mafeteng plant"
            elif (j < len(doc) and doc[j].like_num and len(doc[j]) <= 3
                    and doc[j - 1].text[:1].isupper() and doc[j].ent_type_ not in ("DATE", "TIME")):
                j += 1  # "Terminal 2", "Line 3"
            start, end = _clean_bounds(doc, i, j)
            head = _chain_head(doc, start, end)
            type_name = self.lex.type_of_head(head.lower_) if head is not None else None
            covered_by_kb = all(k in taken for k in range(start, end))
            if type_name and end - start >= 2 and not covered_by_kb:
                label = span_label(doc, start, end)
                found.append(Mention(start, end, None, type_name, "name:" + label))
                i = j
            else:
                i += 1
        return found

    # -- the model's named entities ----------------------------------------------------
    def _ner_mentions(self, doc, taken):
        found = []
        for ent in doc.ents:
            type_name = _NER_TYPES.get(ent.label_)
            if type_name is None:
                continue
            start, end = _clean_bounds(doc, ent.start, ent.end)
            if end <= start or any(i in taken for i in range(start, end)):
                continue
            head = doc[end - 1]
            by_head = self.lex.type_of_head(head.lower_) if end - start > 1 else None
            if type_name in ("Organization", "Project") and by_head:
                type_name = by_head
            if not all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in _CONNECTORS
                       for t in doc[start:end]):
                continue
            if type_name == "Organization" and end - start == 1 and not doc[start].is_upper:
                type_name = "Person?"
            label = span_label(doc, start, end)
            if not label or self.kb.by_demonym(label):
                continue
            found.append(Mention(start, end, None, type_name, "ner:" + label))
        return found

    # -- agreements named by a common noun ---------------------------------------------
    def _agreement_phrases(self, doc, taken):
        found = []
        for token in doc:
            policy = token.lemma_.lower() in _POLICY_PHRASE_HEADS and token.tag_ == "NN"
            if (token.lower_ not in _AGREEMENT_HEADS and not policy) or token.i in taken \
                    or token.pos_ != "NOUN":
                continue
            if policy:
                # "a ceasefire proposal", "the US peace plan": a policy, if the text qualifies it
                # a noun or a name must say what the plan is about: "ceasefire proposal",
                # "US plan"; adjectives alone ("a comprehensive plan") do not make a policy
                nouns = [c for c in token.lefts if c.dep_ in ("compound", "nmod")]
                if not nouns or token.i in taken:
                    continue
                modifiers = nouns + [c for c in token.lefts if c.dep_ == "amod"]
                start = min(c.left_edge.i for c in modifiers)
                while start < token.i and (doc[start].pos_ in ("DET", "NUM", "PRON")
                                           or doc[start].is_punct):
                    start += 1
                # "the US plan" keeps its "US": the plan is the entity, the US its author
                label = " ".join(doc[start:token.i + 1].text.split())
                found.append(Mention(start, token.i + 1, None, "Policy", "phrase:" + label))
                continue
            modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound")]
            joint = any(c.lower_ in {"joint", "bilateral"} for c in modifiers)
            if token.lower_ == "statement" and not joint:
                continue
            indefinite = any(c.lower_ in ("a", "an") for c in token.children if c.dep_ == "det")
            if not modifiers and token.lower_ not in ("memorandum", "mou") and not (
                    indefinite and token.lower_ in _NEW_AGREEMENT_HEADS):
                continue  # a bare "the agreement" refers back; it is not a new one
            start = token.i
            while start > 0 and doc[start - 1].dep_ in ("amod", "compound", "nmod", "npadvmod") \
                    and doc[start - 1].head.i in range(start, token.i + 1):
                start -= 1
                if start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
                    start -= 2  # "China-brokered deal", "US-led coalition"
            end = token.i + 1
            if token.lower_ == "memorandum":
                rights = [g for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"]
                if rights:
                    end = rights[0].i + 1
            if any(i in taken for i in range(start, end)):
                continue
            label = " ".join(doc[start:end].text.split())
            found.append(Mention(start, end, None, "Agreement", "phrase:" + label))
        return found

    # -- acronyms defined in the text ------------------------------------------------------
    def _defined_acronyms(self, doc, mentions):
        """'the Forum on China-Africa Cooperation (FOCAC)': FOCAC names it from then on."""
        learned = {}
        for mention in mentions:
            e = mention.end
            if (e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")"
                    and doc[e + 1].is_upper and len(doc[e + 1]) >= 2):
                learned.setdefault(doc[e + 1].text, mention)
        if not learned:
            return []
        taken = _coverage(doc, mentions)
        found = []
        for token in doc:
            source = learned.get(token.text)
            if source is not None and token.i not in taken:
                found.append(Mention(token.i, token.i + 1, source.key, source.type,
                                     source.via if source.key is None else "acronym",
                                     source.members))
        return found

    # -- linking -------------------------------------------------------------------------
    def _link(self, doc, mentions, entities):
        """Give every mention an entity key; merge names and short forms of one entity."""
        people = {}  # name part -> person key

        def register(key, type_name, label, surface, in_kb, wikidata=None):
            entity = entities.get(key)
            if entity is None:
                entity = entities[key] = (kb_record(self.kb.get(key)) if in_kb and key in self.kb
                                          else Entity(key, label, type_name, in_kb, wikidata))
            if surface:
                entity.names.add(surface)
            return entity

        linked = []
        for mention in mentions:
            surface = span_label(doc, mention.start, mention.end)
            if mention.via == "group":
                for member in mention.members:
                    kb_entity = self.kb.get(member)
                    register(member, kb_entity.cls, kb_entity.label, None, True, kb_entity.wikidata)
                linked.append(mention)
                continue
            if mention.key is None:
                label = mention.via.split(":", 1)[1]
                type_name = mention.type
                if mention.via.startswith("ner:") and len(label.split()) == 1:
                    known = people.get(label)
                    if known:
                        mention.key, mention.type, mention.via = known, "Person", "surname"
                        entities[known].names.add(surface)
                        linked.append(mention)
                        continue
                if type_name == "Person?":
                    continue  # a lone capitalised word the model called an organization
                kb_hits = sorted(self.kb.lookup(label), key=lambda e: e.cls != type_name)
                if kb_hits:
                    mention.key = kb_hits[0].key
                    register(mention.key, kb_hits[0].cls, kb_hits[0].label, surface, True,
                             kb_hits[0].wikidata)
                else:
                    mention.key = f"{KEY_PREFIX[type_name]}/{slugify(label)}"
                    register(mention.key, type_name, strip_article(label), surface, False)
                mention.type = entities[mention.key].type
            else:
                if mention.key in self.kb:
                    kb_entity = self.kb.get(mention.key)
                    register(mention.key, kb_entity.cls, kb_entity.label,
                             surface if mention.via != "demonym" else None, True,
                             kb_entity.wikidata)
                else:
                    register(mention.key, mention.type, surface, surface, False)
            if mention.type == "Person":
                entity = entities[mention.key]
                parts = entity.label.split()
                if len(parts) >= 2:
                    people.setdefault(parts[0], mention.key)
                    people.setdefault(parts[-1], mention.key)
                for surname in (self.kb.get(mention.key).attrs.get("surnames", [])
                                if mention.key in self.kb else []):
                    people.setdefault(surname, mention.key)
            linked.append(mention)
        # "the defence pact" and "the Reciprocal Access Agreement" are one agreement when the
        # text names only one.
        named = [m for m in linked if m.type == "Agreement" and not m.via.startswith("phrase:")]
        sentence_of = {s.start: n for n, s in enumerate(doc.sents)}
        sent_number = lambda m: sentence_of[doc[m.start].sent.start]  # noqa: E731
        for mention in linked:
            if not mention.via.startswith("phrase:"):
                continue
            near = [m for m in named if abs(sent_number(m) - sent_number(mention)) <= 1]
            if len({m.key for m in near}) == 1 and near[0].key != mention.key:
                generic = entities.pop(mention.key, None)
                if generic is not None:
                    entities[near[0].key].names |= generic.names
                mention.key = near[0].key
        # Short forms that came before any mention the model recognised ("Wang's visit").
        taken = _coverage(doc, linked)
        for token in doc:
            key = people.get(token.text)
            if key and token.i not in taken and token.pos_ == "PROPN":
                linked.append(Mention(token.i, token.i + 1, key, "Person", "surname"))
                entities[key].names.add(token.text)
        linked.sort(key=lambda m: (m.start, -m.end))
        return linked


_NAME_PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "do", "dos", "van", "von", "der",
                   "den", "la", "le", "abu", "ould", "ben", "di", "du"}
_TITLE_ADJECTIVES = {"interim", "acting", "former", "new", "outgoing", "deputy", "caretaker",
                     "then", "top", "incoming", "current", "chief", "senior", "veteran",
                     "political", "military", "spiritual", "supreme", "exiled", "opposition"}


def _office_state(doc, start, end, kb_mentions, title_words=frozenset()):
    """The state or body an office belongs to: 'Chinese', "Lesotho's", 'of Kenya'.

    Words of the office and adjectives may stand between ("Chinese foreign ministry
    spokesperson", "Haiti's interim prime minister"); a seat of government stands for its
    state ("Kremlin spokesman").
    """
    kb = load_kb()

    def at(i):
        found = []
        for m in kb_mentions:
            if not m.start <= i < m.end:
                continue
            if m.type in ("Country", "Organization"):
                found.append(m.key)
            elif m.via == "capital" and kb.get(m.key).attrs.get("seat_of"):
                found.append(kb.get(m.key).attrs["seat_of"][0])
        return found

    i = start - 1
    while i >= 0 and i > start - 5 and (doc[i].lower_ in _TITLE_ADJECTIVES
                                        or (doc[i].lower_ in title_words and doc[i].is_alpha
                                            and not at(i))):
        i -= 1
    if i >= 0 and doc[i].lower_ in {"'s", "'"}:
        i -= 1
    for key in at(i):
        return key
    # '... Minister of Foreign Affairs of Lesotho' / 'Ambassador of China to ...'
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        k = end + 1 + (1 if doc[end + 1].lower_ == "the" else 0)
        for key in at(k):
            return key
    return None


def _same_office(kb_title, text_title):
    """Whether a title in the text names the KB office ('President' ~ 'President of Kenya').

    >>> _same_office("President", "President")
    True
    >>> _same_office("Minister of Foreign Affairs", "Foreign Minister")
    True
    >>> _same_office("Prime Minister", "President")
    False
    """
    def words(title):
        return {w for w in title.lower().replace("-", " ").split() if w not in {"of", "the"}}

    kb_words, text_words = words(kb_title), words(text_title)
    # "Foreign Minister" and "Minister of Foreign Affairs" are one office
    return bool(text_words) and text_words <= kb_words | {"affairs", "minister"} and (
        "minister" not in text_words or "minister" in kb_words)


def kb_record(kb_entity):
    """The document-level :class:`Entity` for a KB entity, with the KB's other names as
    aliases, so that a reader who names it otherwise still finds it."""
    return Entity(kb_entity.key, kb_entity.label, kb_entity.cls, True, kb_entity.wikidata,
                  aliases=set(kb_entity.names[:8] + kb_entity.acronyms[:3]) - {kb_entity.label})


def _coverage(doc, mentions):
    return {i for m in mentions for i in range(m.start, m.end)}


def _has_capital(doc, start, end):
    return any(t.text[:1].isupper() for t in doc[start:end])


def _capitalised(token):
    return (token.text[:1].isupper() and token.is_alpha) or (
        token.like_num and token.i + 1 < len(token.doc) and token.nbor().text[:1].isupper())


def _namelike(token):
    return token.text[:1].isupper() and token.is_alpha and token.pos_ in ("PROPN", "NOUN", "ADJ", "X")


def _chain_start(token):
    return _capitalised(token) and not token.is_stop and token.pos_ in ("PROPN", "NOUN", "ADJ", "NUM")


def _chain_head(doc, start, end):
    """The head word of a proper name: last word before the first 'of/on/for/to'."""
    for i in range(start + 1, end):
        if doc[i].lower_ in _SEGMENT_BREAKS:
            return doc[i - 1]
    while end - 1 > start and doc[end - 1].like_num:
        end -= 1
    return doc[end - 1] if end > start else None


def make_mention_finder(nlp, name, patterns_dir):
    return MentionFinder(nlp, name, patterns_dir)


Language.factory("bkg_mentions", default_config={"patterns_dir": None})(make_mention_finder)
