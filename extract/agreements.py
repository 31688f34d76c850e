"""Agreements named by common nouns: their labels, and who signs them.

An agreement the text does not name keeps the text's own words, so a reader finds it under
them: "a bilateral agreement to reschedule the debt" is the entity *bilateral agreement to
reschedule the debt*, also called *bilateral agreement*; "a dozen accords" that were signed
is *dozen accords*. Each such agreement is its own entity (two "a deal" in one story are two
deals); "the trade deal" after "a major trade deal with Kenya" is the same one.

Who signs it, when no clause says so outright (:func:`agreement_parties`,
:func:`passive_signings`, :func:`pair_statements`):

- "an accord between A and B", "the accord between A and six powers - P, Q, R": each;
- "the Kenya-Uganda deal", "a deal on Kenya-Uganda tourism": each state of the pair;
- "agreements were signed", "the deals with Uganda were sealed after talks": the one
  named with the agreement, the parties of the talks, else the story's principal states;
- "both countries said in a statement": each party issues the statement.
"""
from __future__ import annotations

from bilateral_kg.ontology.kb import slugify

from .arguments import args
from .document_rules import sentence_rule
from .mentions import Reading
from .modality import modality
from .model import FACTUAL, PLANNED, Entity, Mention
from .principals import principal_pair, principal_states
from .record import add_reading
from .state import Arg, mention_at, party_args, sentence_tokens, unique_args

#: An agreement's label runs on through its complements only this far (in tokens).
MAX_LABEL_TOKENS = 14
# Entity types that make a phrase a time, not a complement ('signed a deal on Monday').
_TIME_LABELS = ("DATE", "TIME")


# -- labels ------------------------------------------------------------------------------
def prepare_agreements(state):
    """Before any relation is read: find signed plural agreements ("signed 20 accords"),
    and give every agreement named by a common noun the text's words as label and names."""
    _add_unnamed_agreements(state)
    latest = []  # (key, label in lower case) of each new agreement, in text order
    for mention in list(state.mentions):
        if mention.type == "Agreement" and mention.via.startswith("phrase:"):
            _name_phrase(state, mention, latest)
    used = {k for m in state.mentions for k in m.keys}
    for key in [k for k, e in state.entities.items()
                if e.type == "Agreement" and not e.in_kb and k not in used]:
        del state.entities[key]


def _add_unnamed_agreements(state):
    """'signed 20 agreements', 'a dozen accords were inked', 'several MoUs', 'the accord
    between A and B': agreements the mentions did not find."""
    words = state.words
    for token in state.tokens:
        if state.index[token.i] is not None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        plural = token.lower_ in words.plural_agreement_heads
        between = any(c.dep_ == "prep" and c.lower_ in words.between_preps
                      for c in token.children)
        if not (plural or (between and token.lemma_.lower() in words.agreement_nouns)):
            continue
        if any(c.lower_ in words.definite_determiners or c.dep_ == "poss"
               for c in token.children) and not (between and not plural):
            continue  # "the two agreements", "their accords" refer back
        counted = any(c.dep_ in ("nummod", "amod", "compound") and (
            c.like_num or c.lower_ in words.quantity_words) for c in token.children)
        if not (counted or between):
            continue  # "signed agreements on trade": maybe the ones named next
        start = _left_start(state.doc, token)
        label = _text(state.doc, start, token.i + 1)
        key = f"agreement/{slugify(label)}"
        state.entities.setdefault(key, Entity(key, label, "Agreement", names={label}))
        _insert_mention(state, Mention(start, token.i + 1, key, "Agreement", "phrase:" + label))


def _signed(state, token):
    """Whether a signing verb governs the noun: its object, passive subject or 'of' object."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in state.words.signing_verbs:
        return True
    return (token.dep_ == "pobj" and head.lower_ == "of"
            and head.head.lemma_.lower() in state.words.signing_nouns)


def _insert_mention(state, mention):
    number = len(state.mentions)
    state.mentions.append(mention)
    for i in range(mention.start, mention.end):
        if state.index[i] is None:
            state.index[i] = number
    state.mentions_backwards = sorted(state.mentions, key=lambda m: -m.start)


def _name_phrase(state, mention, latest):
    """Give one agreement phrase its label and names; a new agreement gets its own key."""
    doc = state.doc
    head = doc[mention.end - 1]
    short = mention.via.split(":", 1)[1]
    if mention.key not in state.entities or (
            mention.key != f"agreement/{slugify(short)}" and not _statement_apart(
                state, head, state.entities[mention.key])):
        return  # merged with the agreement the text names nearby
    start = min(mention.start, _left_start(doc, head))
    core_end, full_end = _complement_ends(state, head, mention.end)
    label = _text(doc, start, full_end if full_end - start <= MAX_LABEL_TOKENS else core_end)
    names = {label, _text(doc, start, core_end), _text(doc, start, mention.end)}
    refers_back = full_end == mention.end and start == mention.start and any(
        c.lower_ in state.words.definite_determiners for c in head.children)
    earlier = next((k for k, words in reversed(latest) if short.lower() in words), None)
    if refers_back and earlier is not None:
        key = earlier
    else:
        key = _fresh_key(state, f"agreement/{slugify(label)}")
        latest.append((key, label.lower()))
    entity = state.entities.get(key)
    if entity is None:
        entity = state.entities[key] = Entity(key, label, "Agreement")
    entity.names |= {n for n in names if n}
    mention.key = key
    mention.via = "phrase:" + label


def _statement_apart(state, head, named):
    """A joint statement is not the treaty named beside it: it keeps an entity of its own."""
    nouns = state.words.statement_nouns
    return head.lemma_.lower() in nouns and not any(
        w in nouns for w in named.label.lower().split()[-1:])


def _fresh_key(state, key):
    """The key, or the key numbered, so that two agreements of one label stay two."""
    fresh, number = key, 1
    while fresh in state.agreement_keys:
        number += 1
        fresh = f"{key}-{number}"
    state.agreement_keys.add(fresh)
    return fresh


def _left_start(doc, head):
    """Where the phrase starts, determiners and possessors left out: '$240m agreement'."""
    lefts = [c for c in head.lefts if c.dep_ not in ("det", "poss", "predet", "punct", "case")]
    start = min([c.left_edge.i for c in lefts] + [head.i])
    while start < head.i and (doc[start].pos_ in ("DET", "PRON", "ADP", "CCONJ")
                              or doc[start].dep_ in ("poss", "case")
                              or doc[start].is_punct and doc[start].text != "$"):
        start += 1
    return start


def _complement_ends(state, head, end):
    """Where the agreement's first complement ends, and where its last one does: 'deal on
    tourism', 'accord between A and B', 'agreement to reschedule the debt'."""
    core = full = end
    for child in _complements(state, head, end):
        if child.is_punct:
            break
        if not (_infinitive(child) or (
                child.dep_ == "prep" and child.lower_ in state.words.agreement_complement_preps)):
            break  # "a joint statement in which ...", "the deal signed in May": no label
        stop = _until_punct(state.doc, child.i, child.right_edge.i + 1)
        if core == end:
            core = _core_end(state, child, stop)
        full = stop
        if stop <= child.right_edge.i:
            break
    return core, full


def _infinitive(child):
    """'agreement to reschedule the debt': a clause that says what the agreement does."""
    return child.dep_ == "acl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children)


def _complements(state, head, end):
    """The words right of the agreement noun; a complement the parser hung on the verb
    ("signed a deal | on tourism") when it stands right after the noun and names no date."""
    rights = list(head.rights)
    after = state.doc[end] if end < len(state.doc) else None
    if not rights and after is not None and after.dep_ == "prep" and after.head.i != head.i \
            and after.lower_ in state.words.agreement_complement_preps \
            and not any(t.ent_type_ in _TIME_LABELS for t in after.subtree):
        rights = [after]
    return rights


def _core_end(state, child, stop):
    """A preposition's object and what is coordinated with it ('between A and B'), without
    what hangs off them; a clause within the label's length."""
    if child.dep_ != "prep":
        return stop if stop - child.i <= MAX_LABEL_TOKENS // 2 else child.left_edge.i
    objects = [p for p in child.children if p.dep_ == "pobj"]
    if not objects:
        return child.i
    last = max(c.i for p in objects for c in [p, *p.conjuncts])
    mention = mention_at(state, state.doc[last])
    last = max(last + 1, mention.end if mention is not None else 0)
    return min(last, stop)


def _until_punct(doc, start, end):
    for i in range(start, end):
        if doc[i].is_punct and doc[i].tag_ != "HYPH" and doc[i].text not in ("'", "$"):
            return i
    return end


def _text(doc, start, end):
    """The words of ``start:end`` as written, a parenthesis left out: '$40bn deal'."""
    out, depth = [], 0
    for t in doc[start:end]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(" " if t.is_space else t.text + (" " if t.whitespace_ else ""))
    text = " ".join("".join(out).split()).strip(" -,")
    first = doc[start]
    if first.is_sent_start and first.pos_ != "PROPN" and not first.is_upper:
        text = text[:1].lower() + text[1:]  # "Several accords were signed": 'several accords'
    return text


# -- who signs ---------------------------------------------------------------------------
@sentence_rule("agreement-parties")
def agreement_parties(state, sent, name):
    """'an accord between A and B', 'the Kenya-Uganda deal': each party signs it."""
    for mention in [m for m in state.mentions if m.type == "Agreement"
                    and sent.start <= m.start < sent.end and m.key in state.entities]:
        head = state.doc[mention.end - 1]
        parties = [a for prep in head.children if prep.dep_ == "prep"
                   and prep.lower_ in state.words.between_preps
                   for p in prep.children if p.dep_ == "pobj" for a in _listed_parties(state, p)]
        rule = name
        if not parties:
            parties, rule = _hyphen_pair(state, mention, head), "agreement-pair"
        negated, planned = modality(state, head)
        if negated:
            continue
        for party in parties:
            if party.type in ("Country", "Organization", "Person"):
                add_reading(state, Reading(party.key, "signs", mention.key, head.i, head.text,
                                           rule, state.words.factors[rule],
                                           PLANNED if planned else FACTUAL))


def _listed_parties(state, pobj):
    """'between A and three neighbours - B, C and D': A, B, C and D."""
    return unique_args(args(state, pobj, "object") + [
        a for x in (pobj, *pobj.conjuncts) for c in x.children if c.dep_ == "appos"
        for a in args(state, c, "object")])


def _hyphen_pair(state, mention, head):
    """The states joined by hyphens in the agreement's words ('Kenya-Uganda tourism')."""
    core_end, _ = _complement_ends(state, head, mention.end)
    found, last_end = [], None
    for m in state.mentions:
        if not (mention.start <= m.start and m.end <= core_end) or m.type != "Country" \
                or m.via == "demonym":
            continue
        joined = last_end is not None and m.start == last_end + 1 \
            and state.doc[last_end].text == "-"
        if found and not joined:
            return []  # "Kenya's deal with Uganda": no hyphenated pair
        found.append(Arg(m.key, "Country", "name"))
        last_end = m.end
    return found if len({a.key for a in found}) >= 2 else []


@sentence_rule("passive-signing")
def passive_signings(state, sent, name):
    """'Several agreements were signed', 'the deals with Uganda were sealed': the one
    named with them, and the parties of the talks (else the story's principal states)."""
    for verb in sentence_tokens(state, sent):
        if verb.lemma_.lower() not in state.words.signing_verbs or verb.pos_ != "VERB":
            continue
        signed = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            signed.append(verb.head)  # "the agreement signed on Tuesday with ..."
        if any(c.dep_ == "agent" for c in verb.children):
            continue
        negated, planned = modality(state, verb)
        for noun in signed:
            mention = mention_at(state, noun)
            if negated or mention is None or mention.type != "Agreement":
                continue
            for signer, how in _unnamed_signers(state, verb, noun):
                add_reading(state, Reading(signer, "signs", mention.key, verb.i, verb.text,
                                           name,
                                           state.words.factors[name] * state.words.factors[how],
                                           PLANNED if planned else FACTUAL))


def _unnamed_signers(state, verb, noun):
    """``(key, how)`` of who signed an agreement the clause gives no signer for."""
    between = [a.key for prep in verb.children if prep.dep_ == "prep"
               and prep.lower_ in state.words.between_preps
               for p in prep.children if p.dep_ == "pobj" for a in args(state, p, "subject")]
    if between:  # "the accord, signed in May between A and B"
        return [(k, "signed-with") for k in between]
    withs = [p for holder in (verb, noun) for prep in holder.children
             if prep.dep_ == "prep" and prep.lower_ == "with"
             for p in prep.children if p.dep_ == "pobj"]
    named = [state.organ_state.get(a.key, a.key) for p in withs for a in args(state, p, "subject")]
    if withs and not named:
        return []  # "reached with another Arab country": someone the text does not name
    out = [(k, "signed-with") for k in named if k in state.entities]
    parties = [a.key for a in party_args(state)]
    if parties and (not named or set(named) & set(parties)):
        return out + [(k, "signed-by-parties") for k in parties if k not in named]
    if not named:
        # "several accords were signed": the story's pair; a participle says too little
        return [] if verb.dep_ == "acl" else [
            (k, "signed-by-principal") for k in principal_pair(state)]
    for key in principal_states(state):
        if key not in named:
            return out + [(key, "signed-by-principal")]
    return out


@sentence_rule("pair-statement")
def pair_statements(state, sent, name):
    """'both countries said in a statement': each party issues the statement."""
    for token in sentence_tokens(state, sent):
        if token.lemma_.lower() not in state.words.statement_nouns or token.dep_ != "pobj" \
                or token.head.lower_ != "in" or state.index[token.i] is not None:
            continue
        verb = token.head.head
        if verb.lemma_.lower() not in state.words.reporting_verbs:
            continue
        issuers = unique_args([a for c in verb.children if c.dep_ == "nsubj"
                               for a in args(state, c, "subject")])
        if len(issuers) < 2 or any(a.type not in ("Country", "Person", "Organization")
                                   for a in issuers):
            continue
        key = _statement_entity(state, token)
        for issuer in issuers:
            add_reading(state, Reading(issuer.key, "signs", key, token.i, token.text, name,
                                       state.words.factors[name] * state.words.discount(
                                           issuer.how)))


def _statement_entity(state, token):
    start = _left_start(state.doc, token)
    label = _text(state.doc, start, token.i + 1)
    key = _fresh_key(state, f"agreement/{slugify(label)}")
    state.entities[key] = Entity(key, label, "Agreement", names={label})
    mention = Mention(start, token.i + 1, key, "Agreement", "phrase:" + label)
    _insert_mention(state, mention)
    return key


def name_by_signers(state):
    """An agreement the text names only by a common noun ("a trade agreement") is also
    called by its two signing states, the way the news and the gold name it: "Kenya-
    Tanzania trade agreement", "UK-US trade agreement" (either order)."""
    signers = {}
    for reading in state.readings:
        if reading.relation == "signs" and state.entities[reading.subject].type == "Country":
            signers.setdefault(reading.object, set()).add(reading.subject)
    for key, states in signers.items():
        entity = state.entities.get(key)
        if entity is None or entity.in_kb or len(states) != 2 or not entity.label[:1].islower():
            continue
        a, b = (_short_names(state, k) for k in sorted(states))
        entity.aliases |= {f"{x}-{y} {entity.label}" for x in a for y in b} | {
            f"{y}-{x} {entity.label}" for x in a for y in b}


def _short_names(state, key):
    """A state's label and its capitalised acronyms ("United Kingdom", "UK")."""
    entity = state.entities[key]
    names = {entity.label}
    if key in state.kb:
        names |= {n for n in state.kb.get(key).acronyms if n.isupper() and len(n) <= 3}
    return sorted(names)
