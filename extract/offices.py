"""Whose official a person is when the sentence does not say: the knowledge base's offices,
the story's own state, the title before in a list. Part of the ``bkg_mentions`` component
(:mod:`~bilateral_kg.extract.titles` calls it).

- The KB knows whose offices a person holds ("Vladimir Putin met ..."): ``kb-office``.
- A national title with no state beside it ("Finance Minister A B said ...") belongs to the
  story's state when its sentence names no other: the state of the dateline city
  ("CAPITAL, March 3 -") when the story names it, else the state the story names far more
  than any other (``title+story``, a lower confidence: in a bilateral story it may be the
  other state's minister). When the sentence names other states too, the speaker of a
  datelined wire story ("..., Finance Minister A said") is still the dateline state's
  (``title+dateline``).
- "Austrian Foreign Minister A and Defence Minister B": the second title shares the first's
  state (``title-list``).

The word sets are in ``patterns/mention_words.jsonl`` (``national_office_words``,
``non_national_office_words``, ``title_list_links``, ``dateline_state_marks``,
``dateline_speaker_verbs``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bilateral_kg.ontology.gazetteer import places_named

from .model import Reading

# Where a dateline may stand (the first tokens of a text: after the headline), how many
# words its city has, and how far its end mark may stand from the city
# ("UNITED NATIONS/DUBAI (REUTERS) -", "OTTAWA, March 16 -").
_DATELINE_SEARCH = 120
_DATELINE_CITY_WORDS = 3
_DATELINE_MARK_DISTANCE = 10
# The story's state is named at least 1/_MOST_NAMED_MARGIN as often as the most named
# one when it is the dateline's, this many times as often as any other when not.
_MOST_NAMED_MARGIN = 2
# How many tokens may stand between a title's holder and the next title of a list.
_LIST_GAP = 1
# A dateline city the KB does not know is in the state of the largest gazetteer city of
# that name when it is this many times as populous as any of another state's.
_DATELINE_CITY_MARGIN = 10


def _opens_longer_name(doc, mention):
    """Whether a capitalised word follows the mention in its sentence: a longer name."""
    after = doc[mention.end] if mention.end < len(doc) else None
    return after is not None and after.is_alpha and after.text[:1].isupper() \
        and after.sent == doc[mention.start].sent and not after.is_sent_start


def _largest_state_of(city):
    """The state (ISO3) of the most populous city called ``city``, when it stands out.

    >>> _largest_state_of("Melbourne"), _largest_state_of("Rochester")
    ('AUS', None)
    """
    cities = sorted((p for p in places_named(city) if p.kind == "city"),
                    key=lambda p: -p.population)
    if not cities:
        return None
    rivals = [p.population for p in cities if p.iso3 != cities[0].iso3]
    if rivals and cities[0].population < _DATELINE_CITY_MARGIN * rivals[0]:
        return None
    return cities[0].iso3


@dataclass(frozen=True)
class Office:
    """A title read before a name: its tokens, its holder, and the state found (or None)."""

    person: str
    start: int      # first word of the title, adjectives and portfolio words included
    end: int        # end of the title
    person_end: int
    state: str | None


class StoryOffices:
    """Resolves the offices a sentence leaves without a state.

    Parameters
    ----------
    kb : KnowledgeBase
    lex : Lexicon
    """

    def __init__(self, kb, lex):
        self.kb = kb
        self.national = lex.words("national_office_words")
        self.non_national = lex.words("non_national_office_words")
        self.list_links = lex.words("title_list_links")
        self.dateline_marks = lex.words("dateline_state_marks")
        self.speaker_verbs = lex.words("dateline_speaker_verbs")
        self.confidence = lex.map("title_confidence")

    # -- "Foreign Minister A and Trade Minister B" ---------------------------------------
    def from_lists(self, doc, offices):
        """``title-list`` readings, and the offices still without a state."""
        facts, left = [], []
        by_end = {o.person_end: o for o in offices if o.state}
        for office in offices:
            if office.state:
                continue
            before = next((by_end[e] for e in range(office.start - _LIST_GAP, office.start + 1)
                           if e in by_end), None)
            between = doc[before.person_end:office.start] if before else None
            if before is not None and all(t.lower_ in self.list_links for t in between) and (
                    doc[before.start].sent == doc[office.start].sent):
                facts.append(self._reading(office, before.state, doc, "title-list"))
            else:
                left.append(office)
        return facts, left

    # -- the story's state ----------------------------------------------------------------
    def from_story(self, doc, offices, kb_mentions, states_at):
        """``title+story`` readings for national offices whose sentence names no state but
        the story's own (a sentence that names another state may be about its official; a
        city, 'talks in Vienna', does not count)."""
        national = [o for o in offices if self.is_national(doc, o)]
        if not national:
            return []
        dateline = self.dateline_state(doc)
        state = self.story_state(doc, kb_mentions, states_at, dateline)
        if state is None:
            return []
        facts = []
        for office in national:
            sent = doc[office.start].sent
            named = {m.key for m in kb_mentions
                     if sent.start <= m.start < sent.end and m.type == "Country"}
            if named <= {state}:
                facts.append(self._reading(office, state, doc, "title+story"))
            elif state == dateline and state in named and self._speaks(doc, office):
                # "ACCRA - Germany will lend Ghana 40 mln marks, Finance Minister A said"
                facts.append(self._reading(office, state, doc, "title+dateline"))
        return facts

    def _speaks(self, doc, office):
        """Whether the title's holder is the one who says the sentence ('..., Finance
        Minister A said'): the subject of a verb of saying."""
        head = doc[office.person_end - 1]
        return head.dep_ == "nsubj" and head.head.lemma_.lower() in self.speaker_verbs

    def is_national(self, doc, office):
        """A state's office ('acting prime minister'), not a party's or a firm's: no proper
        name stands before it ("Rotary Club President")."""
        words = {t.lower_ for t in doc[office.start:office.end]}
        if not words & self.national or words & self.non_national:
            return False
        before = doc[office.start - 1] if office.start > 0 else None
        return before is None or not (before.text[:1].isupper() and before.is_alpha
                                      and before.sent == doc[office.start].sent)

    def story_state(self, doc, kb_mentions, states_at, dateline):
        """The state the story is about: its dateline's (``dateline``, from
        :meth:`dateline_state`) if the story names that state about as often as any (a
        bureau's city is not always the story's state: "CAIRO - Sudan said ..."), else the
        state named most, if at least twice as often as any other."""
        counts = Counter()
        for mention in kb_mentions:
            if mention.via == "capital" and _opens_longer_name(doc, mention):
                continue  # "the Paris Club", "the Washington Post": not the state
            for key in states_at(mention.start):
                if key.startswith("country/"):
                    counts[key] += 1
        ranked = counts.most_common(2)
        if dateline and ranked and _MOST_NAMED_MARGIN * counts[dateline] >= ranked[0][1]:
            return dateline
        if not ranked or (len(ranked) > 1 and ranked[0][1] < _MOST_NAMED_MARGIN * ranked[1][1]):
            return None
        return ranked[0][0]

    def dateline_state(self, doc):
        """The state of the city that opens a line of the story's start and is followed by
        a dateline's end mark ("OTTAWA, March 16 -", "BEIJING (AFP) -"): a KB capital's, else
        the gazetteer's for a city one state's is far the largest of that name."""
        place = self.dateline_capital(doc)
        if place is not None:
            return place.attrs["capital_of"][0]
        for city in self._dateline_cities(doc):
            iso3 = _largest_state_of(city)
            if iso3 is not None:
                return "country/" + iso3
        return None

    def dateline_capital(self, doc):
        """The KB capital of the story's dateline, or None: where "here" is."""
        for city in self._dateline_cities(doc):
            for place in self.kb.lookup(city):
                if place.attrs.get("capital_of"):
                    return place
        return None

    def _dateline_cities(self, doc):
        """The names that open a line of the story's start before a dateline's end mark."""
        head = doc[:_DATELINE_SEARCH]
        for token in head:
            if token.i > 0 and "\n" not in doc[token.i - 1].text_with_ws:
                continue
            end = token.i
            while end < head.end and end - token.i < _DATELINE_CITY_WORDS and doc[end].is_alpha:
                end += 1
            if end > token.i and any(t.text in self.dateline_marks
                                     for t in doc[end:end + _DATELINE_MARK_DISTANCE]):
                yield doc[token.i:end].text

    # -- the knowledge base ---------------------------------------------------------------
    def from_kb(self, kb_mentions, facts):
        """``kb-office`` readings: each KB person the text names, of the state or body of
        their first KB office that the text names too, unless a title said whose they are."""
        placed = {f.subject for f in facts}
        named = {m.key for m in kb_mentions}
        found = []
        for mention in kb_mentions:
            if mention.type != "Person" or mention.key in placed or mention.key not in self.kb:
                continue
            offices = [o["of"] for o in self.kb.get(mention.key).attrs.get("offices", [])
                       if o.get("of") in named]
            if not offices:
                continue
            of = offices[0]
            placed.add(mention.key)
            found.append(Reading(mention.key, "officialOf", of, mention.start, "", "kb-office",
                                 self.confidence["kb-office"]))
        return found

    def _reading(self, office, state, doc, rule):
        return Reading(office.person, "officialOf", state, office.start,
                       doc[office.start:office.end].text, rule, self.confidence[rule])
