"""Mentions: where a document names an entity, and which entity that is.

Registered spaCy components:

- ``bkg_paragraphs`` (before the parser, :mod:`~bilateral_kg.extract.paragraphs`):
  paragraph breaks end sentences, so headlines and bylines do not run into the first
  sentence.
- ``bkg_mentions`` (after the NER): knowledge-base names, acronyms and demonyms; people
  introduced by an office title (:mod:`~bilateral_kg.extract.titles`); typed proper names
  (``... Power Plant`` is a Project); the model's named entities; agreements and policies
  named by a common noun; acronyms defined in the text; then every mention linked to its
  entity (:mod:`~bilateral_kg.extract.linking`). Results: ``doc._.bkg_mentions`` (list of
  :class:`Mention`), ``doc._.bkg_entities`` (key -> :class:`~bilateral_kg.extract.model.Entity`)
  and ``doc._.bkg_facts`` (:class:`Reading` of ``officialOf`` from titles).

The word sets the rules consult are in ``patterns/mention_words.jsonl``.
"""
from __future__ import annotations

import unicodedata

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bilateral_kg.ontology.kb import load_kb

from .lexicon import load_lexicon
from .linking import kb_record, link_mentions  # noqa: F401  (kb_record: imported from here)
from .model import Mention, Reading  # noqa: F401  (Reading: imported from here)
from .paragraphs import paragraph_breaks  # noqa: F401  (imported from here; registers it)
from .spans import NameTrimmer, capitalised, chain_start, coverage, has_capital
from .spans import span_label  # noqa: F401  (imported from here)
from .titles import TitledPeople

for _name in ("bkg_mentions", "bkg_entities", "bkg_facts", "bkg_token_mention"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# The model's entity labels and the ontology classes they stand for.
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
              "FAC": "Project", "EVENT": "Event", "LAW": "Agreement"}
_TIME_LABELS = ("DATE", "TIME")
# What a plan is for ("plans to end the embargo") names it only when it is this short.
_MAX_PURPOSE_WORDS = 12
# A common noun or a number after a name continues it only when it is this short.
_MAX_CHAIN_BEFORE_NOUN = 3
_MAX_NUMBER_CHARS = 3


class MentionFinder:
    """The ``bkg_mentions`` component.

    Parameters
    ----------
    nlp : spacy.Language
    name : str
        The component's name in the pipeline.
    patterns_dir : str or None
        A folder of pattern files to use instead of the shipped ones.
    """

    def __init__(self, nlp, name, patterns_dir=None):
        self.kb = load_kb()
        self.lex = lex = load_lexicon(patterns_dir)
        self.trimmer = NameTrimmer.from_lexicon(lex)
        self.connectors = lex.words("name_connectors")
        self.segment_breaks = lex.words("name_segment_breaks")
        self.policy_heads = lex.words("policy_heads")
        self.agreement_heads = lex.words("agreement_heads")
        self.new_agreement_heads = lex.words("new_agreement_heads")
        self.standalone_agreement_heads = lex.words("standalone_agreement_heads")
        self.heads_taking_of = lex.words("agreement_heads_taking_of")
        self.heads_needing_joint = lex.words("agreement_heads_needing_joint")
        self.joint_modifiers = lex.words("joint_modifiers")
        self.indefinite_articles = lex.words("indefinite_articles")
        self.patronymic_links = lex.words("patronymic_links")
        self.signed_agreement_heads = lex.words("signed_agreement_heads")
        self.proposal_heads = lex.words("proposal_heads")
        self.signing_verbs = lex.words("signing_verbs")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.match_info = {}  # match id -> (kind, key)
        self._add_kb_patterns(nlp)
        self.titled_people = TitledPeople(nlp, self.kb, lex, self.trimmer)

    def _add_kb_patterns(self, nlp):
        """Names (several words: any case; one word: as written), acronyms, demonyms, and
        the variant names of groups ('the Gulf states')."""
        make = nlp.make_doc

        def add(matcher, kind, key, names):
            label = f"{kind}|{key}"
            self.match_info[nlp.vocab.strings.add(label)] = (kind, key)
            matcher.add(label, [make(n) for n in names])

        for entity in self.kb:
            names = set(entity.names) | self._unaccented(entity.names)
            multi = [n for n in names if len(make(n)) > 1]
            single = [n for n in names if len(make(n)) == 1]
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

    def _unaccented(self, names):
        """The names as news often writes them, without their accents ('Lome', 'Bogota'),
        unless that spelling is a common word ('Male' for Malé)."""
        found = set()
        for name in names:
            plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                            if not unicodedata.combining(c))
            if plain != name and plain.lower() not in self.lex.words("unaccented_exclusions"):
                found.add(plain)
        return found

    # -- the component -------------------------------------------------------------------
    def __call__(self, doc):
        mentions, facts = self._find(doc)
        entities = {}
        mentions = link_mentions(self.kb, self.trimmer, doc, mentions, entities)
        # KB people the model or a short form found: the offices the KB gives them
        facts += self.titled_people.story.from_kb(mentions, facts)
        doc._.bkg_mentions = mentions
        doc._.bkg_entities = entities
        doc._.bkg_facts = facts
        doc._.bkg_token_mention = _token_index(mentions, len(doc))
        return doc

    def _find(self, doc):
        """Every family of mention, each finding only what the earlier ones left: the
        mentions in document order, and the facts titles gave."""
        mentions = self._kb_mentions(doc)
        people, facts = self.titled_people(doc, list(mentions), coverage(mentions))
        mentions += people
        mentions += self._typed_chains(doc, coverage(mentions))
        mentions += self._defined_acronyms(doc, mentions)
        mentions += self._ner_mentions(doc, coverage(mentions))
        mentions += self._agreement_phrases(doc, coverage(mentions))
        mentions += self._defined_acronyms(doc, mentions)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return mentions, facts

    # -- knowledge base ------------------------------------------------------------------
    def _kb_mentions(self, doc):
        chosen = []
        taken = set()
        # Longest first; of two as long, the later one ("President [Xi Jinping]"), since a
        # name that starts earlier is usually a title glued to a short form.
        for start, end, kind, key in sorted(self._kb_candidates(doc),
                                            key=lambda c: (c[0] - c[1], -c[0])):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            chosen.append(self._kb_mention(start, end, kind, key))
        return chosen

    def _kb_candidates(self, doc):
        """``(start, end, kind, key)`` of every KB match; a name of several words in lower
        case only if the KB writes it so."""
        candidates = []
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                kind, key = self.match_info[match_id]
                if kind == "name" and matcher is self.lower and not has_capital(doc, start, end):
                    entity = self.kb.get(key)
                    if not any(n[:1].islower() for n in entity.names):
                        continue
                if start > 0 and doc[start - 1].lower_ in self.patronymic_links:
                    continue  # "Hamad bin [Isa bin Salman Al Khalifa]": the father's name
                candidates.append((start, end, kind, key))
        return candidates

    def _kb_mention(self, start, end, kind, key):
        if kind == "group":
            group = self.kb.groups[int(key)]
            types = {self.kb.get(m).cls for m in group.members}
            return Mention(start, end, None, types.pop() if len(types) == 1 else "Entity",
                           "group", tuple(group.members))
        entity = self.kb.get(key)
        via = kind
        if kind == "name" and entity.type == "Place" and entity.attrs.get("seat_of"):
            via = "capital"
        return Mention(start, end, key, entity.cls, via)

    # -- typed proper names ----------------------------------------------------------------
    def _typed_chains(self, doc, taken):
        found = []
        i = 0
        while i < len(doc):
            if not chain_start(doc[i]):
                i += 1
                continue
            j = self._chain_suffix_end(doc, i, self._chain_end(doc, i), taken)
            start, end = self.trimmer.bounds(doc, i, j)
            head = self._chain_head(doc, start, end)
            type_name = self.lex.type_of_head(head.lower_) if head is not None else None
            covered_by_kb = all(k in taken for k in range(start, end))
            if type_name and end - start >= 2 and not covered_by_kb:
                label = self.trimmer.label(doc, start, end)
                found.append(Mention(start, end, None, type_name, "name:" + label))
                i = j
            else:
                i += 1
        return found

    def _chain_end(self, doc, i):
        """Where the capitalised words from ``i`` end, connectors between them included
        ('Forum on China-Africa Cooperation', 'Bank of the South')."""
        j = i + 1
        sentence_end = doc[i].sent.end  # (sentences are contiguous: j > i is in it below this)
        while j < len(doc):
            if doc[j].ent_type_ in _TIME_LABELS:
                break
            if capitalised(doc[j]) and j < sentence_end:
                j += 1
            elif (doc[j].lower_ in self.connectors and j + 1 < len(doc)
                  and doc[j + 1].ent_type_ not in _TIME_LABELS
                  and (capitalised(doc[j + 1])
                       or (doc[j + 1].lower_ == "the" and doc[j].lower_ in self.segment_breaks
                           and j + 2 < len(doc) and capitalised(doc[j + 2])))):
                j += 1
            else:
                break
        return j

    def _chain_suffix_end(self, doc, i, j, taken):
        """A common noun or a short number that completes the name ``i:j``."""
        if (j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN"
                and j - i <= _MAX_CHAIN_BEFORE_NOUN
                and self.lex.type_of_head(doc[j].lemma_) == "Project"
                and not any(k in taken for k in range(i, j))):
            return j + 1  # "the TAZARA railway", "the Mafeteng plant"
        if (j < len(doc) and doc[j].like_num and len(doc[j]) <= _MAX_NUMBER_CHARS
                and doc[j - 1].text[:1].isupper() and doc[j].ent_type_ not in _TIME_LABELS):
            return j + 1  # "Terminal 2", "Line 3"
        return j

    def _chain_head(self, doc, start, end):
        """The head word of a proper name: last word before the first 'of/on/for/to'."""
        for i in range(start + 1, end):
            if doc[i].lower_ in self.segment_breaks:
                return doc[i - 1]
        while end - 1 > start and doc[end - 1].like_num:
            end -= 1
        return doc[end - 1] if end > start else None

    # -- the model's named entities ----------------------------------------------------
    def _ner_mentions(self, doc, taken):
        found = []
        for ent in doc.ents:
            type_name = _NER_TYPES.get(ent.label_)
            if type_name is None:
                continue
            start, end = self.trimmer.bounds(doc, ent.start, ent.end)
            if type_name == "Place" and end - start > 1 and doc[end - 1].is_lower \
                    and doc[end - 1].lemma_ in self.lex.words("place_nouns"):
                end -= 1  # 'Aceh province': the name is the place, the noun says what it is
            if end <= start or any(i in taken for i in range(start, end)):
                continue
            head = doc[end - 1]
            by_head = self.lex.type_of_head(head.lower_) if end - start > 1 else None
            if type_name in ("Organization", "Project") and by_head:
                type_name = by_head
            if not all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in self.connectors
                       for t in doc[start:end]):
                continue
            if type_name == "Organization" and end - start == 1 and not doc[start].is_upper:
                type_name = "Person?"
            label = self.trimmer.label(doc, start, end)
            if not label or self.kb.by_demonym(label):
                continue
            found.append(Mention(start, end, None, type_name, "ner:" + label))
        return found

    # -- agreements and policies named by a common noun --------------------------------
    def _agreement_phrases(self, doc, taken):
        found = []
        for token in doc:
            policy = token.lemma_.lower() in self.policy_heads and (
                token.tag_ == "NN" or self._purpose(doc, token) is not None)
            if (token.lower_ not in self.agreement_heads and not policy
                    and not self._signed(token)) or token.i in taken or token.pos_ != "NOUN":
                continue
            mention = (self._policy_phrase(doc, token) if policy
                       else self._agreement_phrase(doc, token, taken))
            if mention is not None:
                found.append(mention)
        return found

    def _policy_phrase(self, doc, token):
        """'a ceasefire proposal', 'the US peace plan': a policy, if the text qualifies it.

        A noun, a name or a state's adjective must say what or whose the plan is: "ceasefire
        proposal", "US plan", "the Kenyan proposal" ("a Kenyan proposal" only with what it is
        for after it), or an infinitive what it is for ("plans to end the embargo", labelled
        so); other adjectives alone ("a comprehensive plan") do not make a policy.
        """
        nouns = [c for c in token.lefts if c.dep_ in ("compound", "nmod")]
        demonyms = [c for c in token.lefts if c.dep_ == "amod" and self.kb.by_demonym(c.text)]
        if not nouns and demonyms and (self._bare_indefinite(token)):
            return None  # "from a Chinese initiative to a consensus": no plan in particular
        nouns += demonyms
        purpose = self._purpose(doc, token)
        if purpose is None and token.lemma_.lower() in self.proposal_heads:
            purpose = self._for_what(doc, token)  # "a plan for a regional force"
        if not nouns and purpose is None:
            return None
        modifiers = nouns + [c for c in token.lefts if c.dep_ == "amod"]
        start = min([c.left_edge.i for c in modifiers] + [token.i])
        while start < token.i and (doc[start].pos_ in ("DET", "NUM", "PRON")
                                   or doc[start].is_punct):
            start += 1
        # "the US plan" keeps its "US": the plan is the entity, the US its author; "plans
        # to end the embargo" keeps what they are for in its label (not in its tokens, so
        # that the names inside stay mentions of their own)
        label_end = purpose if purpose is not None else token.i + 1
        label = " ".join(doc[start:label_end].text.split())
        return Mention(start, token.i + 1, None, "Policy", "phrase:" + label)

    def _purpose(self, doc, token):
        """Where the infinitive saying what a plan is for ends ('plans to end the embargo'),
        or None: none, or too long to be part of a name."""
        for clause in token.rights:
            if clause.dep_ == "acl" and clause.tag_ == "VB" and any(
                    c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children):
                end = clause.right_edge.i + 1
                for i in range(clause.i, end):
                    joined = not doc[i].whitespace_ and not doc[i - 1].whitespace_
                    if doc[i].is_punct and not joined:  # a dash ends it, "co-operation" not
                        end = i
                        break
                return end if end - token.i <= _MAX_PURPOSE_WORDS else None
        return None

    def _for_what(self, doc, token):
        """Where a short "for" phrase saying what a proposal is for ends, or None."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "for" and any(
                    c.dep_ == "pobj" for c in prep.children):
                end = prep.right_edge.i + 1
                if end - token.i <= _MAX_PURPOSE_WORDS and not any(
                        t.is_punct for t in doc[prep.i:end]):
                    return end
        return None

    def _bare_indefinite(self, token):
        """'a plan' with nothing after it that says which ('a plan to end the war')."""
        indefinite = any(c.lower_ in self.indefinite_articles
                         for c in token.children if c.dep_ == "det")
        return indefinite and not any(c.dep_ in ("acl", "relcl", "prep") for c in token.rights)

    def _signed(self, token):
        """Whether the noun is what a verb of signing signs ('signed a declaration', 'a
        protocol was signed'): then a noun of ``signed_agreement_heads`` is an agreement."""
        return (token.lower_ in self.signed_agreement_heads
                and token.dep_ in ("dobj", "nsubjpass")
                and token.head.lemma_.lower() in self.signing_verbs)

    def _agreement_phrase(self, doc, token, taken):
        """'the defence pact', 'a joint statement', 'memorandum of understanding'; a bare
        'the agreement' refers back and is not a new one."""
        modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound")]
        joint = any(c.lower_ in self.joint_modifiers for c in modifiers)
        signed = self._signed(token)  # "signed a declaration on ...": an agreement
        if token.lower_ in self.heads_needing_joint and not joint and not signed:
            return None
        indefinite = any(c.lower_ in self.indefinite_articles
                         for c in token.children if c.dep_ == "det")
        if not modifiers and token.lower_ not in self.standalone_agreement_heads and not (
                indefinite and (token.lower_ in self.new_agreement_heads or signed)):
            return None
        start = token.i
        while start > 0 and doc[start - 1].dep_ in ("amod", "compound", "nmod", "npadvmod") \
                and doc[start - 1].head.i in range(start, token.i + 1):
            start -= 1
            if start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
                start -= 2  # "China-brokered deal", "US-led coalition"
        end = token.i + 1
        if token.lower_ in self.heads_taking_of:
            rights = [g for c in token.rights if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
            if rights:
                end = rights[0].i + 1
        if any(i in taken for i in range(start, end)):
            return None
        label = " ".join(doc[start:end].text.split())
        return Mention(start, end, None, "Agreement", "phrase:" + label)

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
        taken = coverage(mentions)
        found = []
        for token in doc:
            source = learned.get(token.text)
            if source is not None and token.i not in taken:
                found.append(Mention(token.i, token.i + 1, source.key, source.type,
                                     source.via if source.key is None else "acronym",
                                     source.members))
        return found


def _token_index(mentions, length):
    """For each token, the number of the longest mention covering it (None if none)."""
    index = [None] * length
    for number, mention in enumerate(mentions):
        for i in range(mention.start, mention.end):
            if index[i] is None or (mentions[index[i]].end - mentions[index[i]].start
                                    < mention.end - mention.start):
                index[i] = number
    return index


def make_mention_finder(nlp, name, patterns_dir):
    """The ``bkg_mentions`` component, reading its patterns from ``patterns_dir``."""
    return MentionFinder(nlp, name, patterns_dir)


Language.factory("bkg_mentions", default_config={"patterns_dir": None})(make_mention_finder)
