"""People introduced by their office, and the state each office belongs to.

"Chinese Foreign Minister Wang Yi" names a person (Wang Yi) and says whose official he is
(``officialOf`` China): part of the ``bkg_mentions`` component. The titles are the
lexicon's ``titles`` (``patterns/titles.jsonl``), the words that continue a title its
``title_words``; the other word sets are in ``patterns/mention_words.jsonl``.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import PhraseMatcher

from bilateral_kg.ontology.kb import slugify

from .lexicon import load_lexicon
from .linking import surname_holder
from .model import Mention, Reading
from .offices import Office, StoryOffices
from .spans import namelike

# A person's name after a title is at most this many words long.
_MAX_NAME_WORDS = 7
# How far before a title its state may stand ("Chinese foreign ministry spokesperson").
_MAX_STATE_DISTANCE = 4
_STATE_TYPES = ("Country", "Organization")


class TitledPeople:
    """Finds people named after an office title, and the ``officialOf`` facts the title gives.

    Parameters
    ----------
    nlp : spacy.Language
        For the vocabulary and tokenizer of the title patterns.
    kb : KnowledgeBase
    lex : Lexicon
    trimmer : NameTrimmer
    """

    def __init__(self, nlp, kb, lex, trimmer):
        self.kb, self.trimmer = kb, trimmer
        self.titles = lex.titles
        self.title_words = lex.title_words
        self.title_connectors = lex.words("title_connectors")
        self.title_adjectives = lex.words("title_adjectives")
        self.possessive_marks = lex.words("possessive_marks")
        self.name_particles = lex.words("name_particles")
        self.office_words = OfficeWords.from_lexicon(lex)
        self.envoy_words = lex.words("envoy_title_words")
        self.non_state_marks = lex.words("non_state_office_marks")
        self.posting_preps = lex.words("envoy_posting_preps")
        self.story = StoryOffices(kb, lex)
        self.confidence = lex.map("title_confidence")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.kind_of = {}  # match id -> the title's kind ("president", "courtesy", ...)
        for title, kind in self.titles.items():
            label = f"title|{kind}"
            self.kind_of[nlp.vocab.strings.add(label)] = kind
            self.matcher.add(label, [nlp.make_doc(title)])

    def __call__(self, doc, kb_mentions, taken):
        """``(people, facts)``: new person mentions, and :class:`Reading` of ``officialOf``.

        ``kb_mentions`` are the knowledge-base mentions found so far, ``taken`` the tokens
        they cover.
        """
        facts = self._facts_of_titled_kb_people(doc, kb_mentions)
        found, offices = [], []
        for match_id, start, end in self.matcher(doc):
            if any(start < m.end and m.start < end for m in found):
                continue
            end = self._extend_title(doc, end, taken)
            person, is_new = self._person_after(doc, start, end, kb_mentions + found, taken)
            if is_new:
                found.append(person)
            if person is None or self.kind_of[match_id] == "courtesy" \
                    or self._outside_the_state(doc, start, end):
                continue
            fact = self._office_fact(doc, person.key, start, end, kb_mentions) \
                or self._state_after_name(doc, person, start, end, kb_mentions)
            if fact is not None:
                facts.append(fact)
            offices.append(Office(person.key, self._title_start(doc, start, kb_mentions), end,
                                  person.end, fact.object if fact is not None else None))
        return found, facts + self._unplaced_offices(doc, offices, facts, kb_mentions)

    def _unplaced_offices(self, doc, offices, facts, kb_mentions):
        """Readings for the titles whose state the sentence does not give: the title before
        in a list, the KB's offices, else the story's state."""
        placed = {f.subject for f in facts}
        listed, left = self.story.from_lists(
            doc, [o for o in offices if o.state or o.person not in placed])
        known = self.story.from_kb(kb_mentions, facts + listed)
        placed |= {f.subject for f in listed + known}
        left = [o for o in left if o.person not in placed]
        return listed + known + self.story.from_story(
            doc, left, kb_mentions, lambda i: self._states_at(i, kb_mentions))

    # -- "Moroccan King Mohammed VI": the title is in the KB name ----------------------
    def _facts_of_titled_kb_people(self, doc, kb_mentions):
        facts = []
        for mention in kb_mentions:
            if mention.type != "Person":
                continue
            name = doc[mention.start:mention.end].text.lower()
            title_len = max((len(t.split()) for t, kind in self.titles.items()
                             if kind != "courtesy" and name.startswith(t + " ")), default=0)
            if not title_len:
                continue
            title_end = mention.start + title_len
            title = doc[mention.start:title_end].text
            state, rule = self._office_state(doc, mention.start, title_end, kb_mentions), "title"
            if not state:  # "King Mohammed VI": the KB knows whose king
                state, rule = self._kb_office(mention.key, title), "title+kb"
            if state:
                facts.append(Reading(mention.key, "officialOf", state, mention.start, title, rule,
                                     self.confidence[rule]))
        return facts

    # -- "Foreign Minister Wang Yi" --------------------------------------------------------
    def _extend_title(self, doc, end, taken):
        """'Minister' -> 'Minister of Foreign Affairs and International Relations'."""
        i = end
        while i < len(doc) and doc[i].lower_ in self.title_words and i not in taken:
            if doc[i].lower_ == "the" and i + 1 in taken:
                break
            if doc[i].is_lower and doc[i].lower_ not in self.title_connectors:
                break
            i += 1
        while i > end and doc[i - 1].lower_ in self.title_connectors:
            i -= 1
        return i

    def _person_after(self, doc, start, end, kb_mentions, taken):
        """``(person, is_new)`` for the person a title ending at ``end`` introduces: a KB
        mention there, or a new mention of the capitalised words there; None if neither."""
        end = self._posting_end(doc, start, end, kb_mentions)
        name_start = end + (1 if end < len(doc) and doc[end].text == "," else 0)
        while name_start < len(doc) and doc[name_start].is_space \
                and doc[name_start].text.count("\n") < 2:
            name_start += 1  # a line wrapped between the title and the name
        while name_start < len(doc) and self.titles.get(doc[name_start].lower_) == "courtesy":
            name_start += 1  # "Prime Minister Sheikh Mohammed ..."
        kb_person = [m for m in kb_mentions if m.start == name_start and m.type == "Person"]
        if kb_person:
            return kb_person[0], False
        name_end = self._name_end(doc, name_start, taken)
        if name_end == name_start:
            return None, False
        label = self.trimmer.label(doc, name_start, name_end)
        kb_people = [e for e in self.kb.lookup(label) if e.type == "Person"]
        key = (kb_people[0].key if kb_people else self._named_before(doc, label, name_start,
                                                                      kb_mentions)
               # "Brazilian President Lula": the KB person who goes by that short form
               or (surname_holder(self.kb, label, {m.key for m in kb_mentions})
                   if " " not in label else None)
               or f"person/{slugify(label)}")
        return Mention(name_start, name_end, key, "Person", "title"), True

    def _named_before(self, doc, label, before, mentions):
        """The person a one-word name is the short form of: 'President Chavez' after
        'Venezuelan President Hugo Chavez'; None if no one named before has that name."""
        if " " in label:
            return None
        for m in mentions:
            if m.type != "Person" or m.start >= before:
                continue
            parts = doc[m.start:m.end].text.split()
            if m.key in self.kb:
                parts += self.kb.get(m.key).attrs.get("surnames", [])
            if len(parts) > 1 and label in parts:
                return m.key
        return None

    def _posting_end(self, doc, start, end, kb_mentions):
        """'the ambassador in Athens, A B', 'ambassador to Germany, A B': an envoy's post
        between the title and the name (only before a comma)."""
        if end + 1 >= len(doc) or doc[end].lower_ not in self.posting_preps or not (
                {t.lower_ for t in doc[start:end]} & self.envoy_words):
            return end
        post = [m for m in kb_mentions if m.start == end + 1 and m.type in ("Country", "Place")]
        if post and post[0].end < len(doc) and doc[post[0].end].text == ",":
            return post[0].end
        return end

    def _name_end(self, doc, name_start, taken):
        """Where the name starting at ``name_start`` ends: capitalised words, particles
        between them ('bin', 'von der') and hyphenated parts ('Amir-Abdollahian')."""
        name_end = name_start
        while (name_end < len(doc) and name_end - name_start < _MAX_NAME_WORDS
               and (namelike(doc[name_end]) or (
                   name_end > name_start and doc[name_end].lower_ in self.name_particles
                   and name_end + 1 < len(doc) and namelike(doc[name_end + 1])))
               and name_end not in taken
               and doc[name_end].lower_ not in self.title_words):
            name_end += 1
            if (name_end + 1 < len(doc) and doc[name_end].text == "-"
                    and not doc[name_end].whitespace_ and namelike(doc[name_end + 1])):
                name_end += 1  # "Al-Aiban", "Amir-Abdollahian"
        return name_end

    def _outside_the_state(self, doc, start, end):
        """'Kenyan opposition leader A', 'rebel commander B': an office that stands against
        or outside the state's government is none of the state's."""
        before = max(doc[start].sent.start, start - _MAX_STATE_DISTANCE)
        return any(t.lower_ in self.non_state_marks for t in doc[before:end])

    def _office_fact(self, doc, person_key, start, end, kb_mentions):
        """``officialOf`` for the person a title at ``start:end`` introduces, or None."""
        title = doc[start:end].text
        state = self._office_state(doc, start, end, kb_mentions)
        if state:
            return Reading(person_key, "officialOf", state, start, title, "title",
                           self.confidence["title"])
        if person_key not in self.kb:
            return None
        # "President Cyril Ramaphosa": the text gives the office, the KB its state
        state = self._kb_office(person_key, title, also_of={m.key for m in kb_mentions})
        if state is None:
            return None
        return Reading(person_key, "officialOf", state, start, title, "title+kb",
                       self.confidence["title+kb"])

    def _state_after_name(self, doc, person, start, end, kb_mentions):
        """'President Rosa Quispe of Peru': the state named with "of" after the name."""
        after = person.end
        if after + 1 >= len(doc) or doc[after].lower_ != "of":
            return None
        first = after + 2 if doc[after + 1].lower_ == "the" else after + 1
        named = [m for m in kb_mentions if m.start == first
                 and m.type in _STATE_TYPES and m.via != "demonym"]
        if not named:
            return None
        return Reading(person.key, "officialOf", named[0].key, start, doc[start:end].text,
                       "title", self.confidence["title"])

    # -- whose office ------------------------------------------------------------------
    def _office_state(self, doc, start, end, kb_mentions):
        """The state or body an office belongs to: 'Chinese', "Lesotho's", 'of Kenya'.

        Words of the office and adjectives may stand between ("Chinese foreign ministry
        spokesperson", "Haiti's interim prime minister"); a seat of government stands for
        its state ("Kremlin spokesman").
        """
        def states_at(i):
            return self._states_at(i, kb_mentions)

        i = self._title_start(doc, start, kb_mentions) - 1
        if i >= 0 and doc[i].lower_ in self.possessive_marks:
            i -= 1
        for key in states_at(i):
            return self._envoy_state(doc, start, end, i, key, kb_mentions)
        # '... Minister of Foreign Affairs of Lesotho' / 'Ambassador of China to ...'
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            k = end + 1 + (1 if doc[end + 1].lower_ == "the" else 0)
            for key in states_at(k):
                return key
        return None

    def _envoy_state(self, doc, start, end, i, key, kb_mentions):
        """An envoy to a body serves the state named before it: "Iran's UN Ambassador" is
        Iran's official ('the UN envoy' is the UN's)."""
        if not key.startswith("org/") or not {t.lower_ for t in doc[start:end]} & self.envoy_words:
            return key
        body = next(m for m in kb_mentions if m.start <= i < m.end)
        j = body.start - 1
        if j >= 0 and doc[j].lower_ in self.possessive_marks:
            j -= 1
        states = [k for k in self._states_at(j, kb_mentions) if k.startswith("country/")]
        return states[0] if j >= 0 and states else key

    def _title_start(self, doc, start, kb_mentions):
        """Where a title begins once the adjectives and office words before the matched
        phrase are counted in ('Haiti's [interim prime minister]')."""
        i = start - 1
        while i >= 0 and i > start - 1 - _MAX_STATE_DISTANCE and (
                doc[i].lower_ in self.title_adjectives or doc[i].is_space or (
                    doc[i].lower_ in self.title_words and doc[i].is_alpha
                    and not self._states_at(i, kb_mentions))):
            i -= 1
        while i + 1 < start and doc[i + 1].is_space:
            i += 1  # a line break before the title belongs to the sentence before
        return i + 1

    def _states_at(self, i, kb_mentions):
        """The states and bodies the mentions covering token ``i`` name."""
        found = []
        for m in kb_mentions:
            if not m.start <= i < m.end:
                continue
            if m.type in _STATE_TYPES:
                found.append(m.key)
            elif m.via == "capital" and self.kb.get(m.key).attrs.get("seat_of"):
                found.append(self.kb.get(m.key).attrs["seat_of"][0])
        return found

    def _kb_office(self, person_key, title, also_of=frozenset()):
        """The state of the person's KB office that ``title`` names, or None; offices of
        countries, or of the bodies in ``also_of``."""
        for office in self.kb.get(person_key).attrs.get("offices", []):
            of = office.get("of")
            if of and (of.startswith("country/") or of in also_of) and same_office(
                    office.get("title", ""), title, self.office_words):
                return of
        return None


@dataclass(frozen=True)
class OfficeWords:
    """The word sets :func:`same_office` compares titles with."""

    filler: frozenset
    implied: frozenset
    kb_must_have: frozenset

    @classmethod
    def from_lexicon(cls, lex):
        return cls(lex.words("office_filler_words"), lex.words("office_implied_words"),
                   lex.words("office_words_kb_must_have"))


def same_office(kb_title, text_title, words=None):
    """Whether a title in the text names the KB office ('President' ~ 'President of Kenya').

    >>> same_office("President", "President")
    True
    >>> same_office("Minister of Foreign Affairs", "Foreign Minister")
    True
    >>> same_office("Prime Minister", "President")
    False
    """
    words = words or OfficeWords.from_lexicon(load_lexicon())

    def title_words(title):
        return {w for w in title.lower().replace("-", " ").split() if w not in words.filler}

    kb_words, text_words = title_words(kb_title), title_words(text_title)
    # "Foreign Minister" and "Minister of Foreign Affairs" are one office
    return bool(text_words) and text_words <= kb_words | words.implied and (
        text_words & words.kb_must_have <= kb_words)
