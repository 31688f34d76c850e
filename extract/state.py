"""The state of reading one document: what the relation rules and reference strategies share.

A :class:`DocumentState` is built once per document and passed to every rule and strategy:
the parsed ``doc``, the knowledge base, the lexicon and the :class:`Vocabulary` fetched
from it, the mentions and entities ``bkg_mentions`` found, and what the reading has learnt
so far (the readings, the parties of the last meeting, the state each official speaks for).
Functions here only look things up in it; none reads a relation.

>>> Arg("country/KEN", "Country", "name").how
'name'
>>> unique_args([Arg("a", "Country", "name"), Arg("a", "Country", "pronoun")])
[Arg(key='a', type='Country', how='name')]
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, fields

from .mentions import kb_record
from .principals import principal_pair

#: How many sentences "the two sides" may be from the pair it stands for.
PARTIES_MEMORY = 3


@dataclass(frozen=True)
class Arg:
    """An entity that a word of a relation's argument stands for.

    ``how`` says how it was found ("name", "pronoun", "party", ...); the factor of that
    name (``patterns/factors.jsonl``) discounts the reading's confidence.
    """

    key: str
    type: str
    how: str


def unique_args(args):
    """The arguments in order, each entity once (its first finding wins)."""
    seen, out = set(), []
    for arg in args:
        if arg.key not in seen:
            seen.add(arg.key)
            out.append(arg)
    return out


def _from(kind):
    return field(metadata={"kind": kind})


@dataclass(frozen=True)
class Vocabulary:
    """The word sets, maps, relation groups and factors the rules consult, by name.

    Fetched from the lexicon once per component (not per word), so that a rule's test is
    a set membership; a name missing from ``extract/patterns`` fails when the component
    is made, not halfway through a document.
    """

    # reference_words.jsonl
    locative_preps: frozenset = _from("words")
    actor_nouns: frozenset = _from("words")
    party_nouns: frozenset = _from("words")
    person_party_nouns: frozenset = _from("words")
    attack_nouns: frozenset = _from("words")
    descriptive_heads: frozenset = _from("words")
    actor_object_verbs: frozenset = _from("words")
    no_guess_anaphors: frozenset = _from("words")
    coup_nouns: frozenset = _from("words")
    event_anaphors: frozenset = _from("words")
    policy_anaphors: frozenset = _from("words")
    relative_pronouns: frozenset = _from("words")
    person_pronouns: frozenset = _from("words")
    thing_pronouns: frozenset = _from("words")
    plural_pronouns: frozenset = _from("words")
    agreement_nouns: frozenset = _from("words")
    definite_determiners: frozenset = _from("words")
    pair_words: frozenset = _from("words")
    example_preps: frozenset = _from("words")
    origin_preps: frozenset = _from("words")
    making_verbs: frozenset = _from("words")
    plural_agreement_heads: frozenset = _from("words")
    quantity_words: frozenset = _from("words")
    between_preps: frozenset = _from("words")
    statement_nouns: frozenset = _from("words")
    agreement_complement_preps: frozenset = _from("words")
    number_words: dict = _from("map")
    anaphor_verbs: dict = _from("map")
    # relation_words.jsonl
    refusals: frozenset = _from("words")
    member_nouns: frozenset = _from("words")
    reporting_verbs: frozenset = _from("words")
    out_of_office_marks: frozenset = _from("words")
    own_state_stances: frozenset = _from("words")
    kept_from_verbs: frozenset = _from("words")
    adjunct_preps: frozenset = _from("words")
    doer_is_object_verbs: frozenset = _from("words")
    doer_preps: frozenset = _from("words")
    organ_nouns: frozenset = _from("words")
    thanking_verbs: frozenset = _from("words")
    light_object_preps: frozenset = _from("words")
    positive_modifiers: frozenset = _from("words")
    bilateral_words: frozenset = _from("words")
    place_preps: frozenset = _from("words")
    stance_relations: frozenset = _from("relations")
    possessor_relations: frozenset = _from("relations")
    place_relations: frozenset = _from("relations")
    spoken_for_state: frozenset = _from("relations")
    kept_with_organs: frozenset = _from("relations")
    between_states: frozenset = _from("relations")
    gift_relations: frozenset = _from("relations")
    building_relations: frozenset = _from("relations")
    # factors.jsonl: every factor, by name (reference kinds and rules)
    factors: dict = field(default_factory=dict)
    # the verbs of cooperation in cues.jsonl ("deepen cooperation")
    cooperation_verbs: frozenset = frozenset()
    # the verbs and nouns of signing in cues.jsonl ("inked", "the signing of")
    signing_verbs: frozenset = frozenset()
    signing_nouns: frozenset = frozenset()

    @classmethod
    def from_lexicon(cls, lex):
        """Fetch every named set, map and relation group the rules use from ``lex``."""
        # a field's kind is the lexicon accessor that holds it: words, map or relations
        named = {f.name: getattr(lex, f.metadata["kind"])(f.name) for f in fields(cls)
                 if "kind" in f.metadata}
        def cue_lemmas(relation, pos):
            return frozenset(c.lemma for cues in lex.cues.values() for c in cues
                             if c.relation == relation and c.pos == pos)

        return cls(**named, factors=dict(lex.factors),
                   cooperation_verbs=cue_lemmas("cooperatesWith", "VERB"),
                   signing_verbs=cue_lemmas("signs", "VERB"),
                   signing_nouns=cue_lemmas("signs", "NOUN"))

    def discount(self, how):
        """The confidence factor of an argument found this way (1 if none is set)."""
        return self.factors.get(how, 1)


@dataclass
class DocumentState:
    """One document as the relation reader sees it, and what it has read so far."""

    doc: object
    kb: object
    lex: object
    words: Vocabulary
    mentions: list
    entities: dict                 # key -> Entity; rules add the KB states they lift to
    index: list                    # token index -> mention number, or None
    tokens: list = field(default_factory=list)         # the doc's tokens, made once
    organ_state: dict = field(default_factory=dict)    # organ key -> the state it acts for
    sent_starts: list = field(default_factory=list)
    mentions_backwards: list = field(default_factory=list)
    readings: list = field(default_factory=list)
    parties: list = field(default_factory=list)        # entity keys of the current parties
    parties_since: int = 0         # sentence number where the parties were last named
    party_persons: list = field(default_factory=list)  # who met, when persons met
    person_state: dict = field(default_factory=dict)   # person key -> the state they serve
    sentence_number: int = 0
    agreement_keys: set = field(default_factory=set)   # keys of the agreements the text makes
    # the story's principal actors, most principal first (principals.find_principals)
    principal_states: list = field(default_factory=list)
    principal_persons: list = field(default_factory=list)
    principal_scores: dict = field(default_factory=dict)  # key -> how principal


def document_state(doc, kb, lex, words):
    """The state of a document that ``bkg_mentions`` has read, before any relation.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        With ``doc._.bkg_mentions``, ``bkg_entities`` and ``bkg_token_mention`` set.
    kb : KnowledgeBase
    lex : Lexicon
    words : Vocabulary
        Fetched once from ``lex`` (:meth:`Vocabulary.from_lexicon`).

    Returns
    -------
    DocumentState
    """
    mentions = doc._.bkg_mentions or []
    state = DocumentState(
        doc=doc, kb=kb, lex=lex, words=words, mentions=mentions,
        entities=doc._.bkg_entities or {},
        index=doc._.bkg_token_mention or [None] * len(doc),
        tokens=list(doc),
        sent_starts=[sent.start for sent in doc.sents],
        mentions_backwards=sorted(mentions, key=lambda m: -m.start))
    state.organ_state = state_organs(state)
    return state


def state_organs(state):
    """Organizations that act for a state: KB ministries, and '<Country> Ministry of ...'."""
    organs = {}
    for mention in state.mentions:
        if mention.type != "Organization" or mention.key is None:
            continue
        if mention.key in state.kb:
            organ_of = state.kb.get(mention.key).attrs.get("state_organ_of")
            if organ_of:
                organs[mention.key] = organ_of
            continue
        words = {t.lower_ for t in state.doc[mention.start:mention.end]}
        if not words & state.words.organ_nouns:
            continue
        inner = [m for m in state.mentions if m.type == "Country" and m is not mention
                 and mention.start <= m.start and m.end <= mention.end]
        start = mention.start
        if start >= 2 and state.doc[start - 1].lower_ in ("'s", "'"):
            inner += [m for m in state.mentions if m.type == "Country" and m.end == start - 1]
        if inner:
            organs[mention.key] = inner[0].key
    return organs


def sentence_tokens(state, sent):
    """The tokens of a sentence, as the state holds them: iterating a Span makes every Token
    anew, and each of the sentence rules walks every sentence."""
    return state.tokens[sent.start:sent.end]


def mention_at(state, token):
    """The mention a token belongs to, or None."""
    number = state.index[token.i]
    return None if number is None else state.mentions[number]


#: What a place may lie in.
_CONTAINER_TYPES = ("Country", "Place")


def _entity_type(state, key):
    entity = state.entities.get(key)
    return entity.type if entity is not None else None


def container_after(state, mention):
    """The Country or Place named right after a name by 'in' or '(in ...)', however the
    parser attached the phrase: 'Kakadu Park in Australia', 'Sydney (in New South Wales)'.

    Returns ``(key, token of 'in')`` or None.
    """
    doc, i = state.doc, mention.end
    opened = i < len(doc) and doc[i].text in state.lex.words("opening_brackets")
    i += 1 if opened else 0
    if i + 1 >= len(doc) or doc[i].lower_ != "in":
        return None
    other = mention_at(state, doc[i + 1])
    if other is None or other.start != i + 1 or other.key == mention.key \
            or _entity_type(state, other.key) not in _CONTAINER_TYPES:
        return None
    if opened and (other.end >= len(doc)
                   or doc[other.end].text not in state.lex.words("closing_brackets")):
        return None
    return other.key, doc[i]


def ensure_entity(state, key):
    """Make a KB entity that a rule lifted to (a state, a capital's country) a document entity."""
    if key not in state.entities and key in state.kb:
        state.entities[key] = kb_record(state.kb.get(key))


def mentions_before(state, token, types, window=3):
    """Mentions of the given classes before a token, nearest first, within a few sentences.

    Yields ``(mention, keys)``, the keys being the mention's entities of those classes;
    demonyms ("Chinese") are not antecedents.
    """
    current = bisect.bisect_right(state.sent_starts, token.i) - 1
    floor = state.sent_starts[max(0, current - window)]
    for mention in state.mentions_backwards:
        if mention.start >= token.i:
            continue
        if mention.start < floor:
            break
        if mention.via == "demonym":
            continue
        keys = [k for k in mention.keys if k in state.entities
                and state.entities[k].type in types]
        if keys:
            yield mention, keys


def sentence_floor(state, token, back):
    """The first token of the sentence ``back`` sentences before the token's."""
    return state.sent_starts[max(0, bisect.bisect_right(state.sent_starts, token.i) - back)]


def times_named_before(state, key, token):
    """How often the text names an entity before a token (how much the story is about it)."""
    return sum(1 for m in state.mentions if key in m.keys and m.start < token.i)


def party_args(state):
    """The parties of the last meeting, if named recently enough to be 'the two sides', or
    if they are the story's own pair (a story about two states keeps them in mind)."""
    if state.sentence_number - state.parties_since > PARTIES_MEMORY and (
            set(state.parties) != set(principal_pair(state))):
        return []  # "the two sides" far from any pair: better nothing than a guess
    return [Arg(k, state.entities[k].type, "party") for k in state.parties
            if k in state.entities]
