"""Arguments: the entities a cue's subject phrase stands for, and the strategies that find them.

:func:`args_one` tries the reference strategies registered with :func:`strategy`, in the
order they were registered (:mod:`bilateral_kg.extract.references` registers them), until
one answers. A strategy takes the :class:`~bilateral_kg.extract.state.DocumentState`, the
token, its role ("subject", "object" or "modifier") and the cue (or None), and returns
``None`` when it does not apply, or the list of :class:`~bilateral_kg.extract.state.Arg`
it stands for (empty: it stands for nothing, and no later strategy is asked).

:func:`args` adds what is coordinated with the token ("Kenya and Ethiopia") or listed as
examples of it; :func:`subjects` finds who does what a cue says.

>>> list(STRATEGIES)[:3]
['mention', 'pronoun', 'not-a-noun']
"""
from __future__ import annotations

from .state import Arg, mention_at, unique_args

#: name -> strategy, in the order :func:`args_one` tries them
STRATEGIES = {}

#: Classes of entities that act; a cue's subject should be one of them.
ACTOR_TYPES = frozenset({"Country", "Person", "Organization"})


def strategy(name):
    """Register a reference strategy under ``name``, tried after those registered before.

    Parameters
    ----------
    name : str
        The strategy's name, unique.
    """
    def register(function):
        if name in STRATEGIES:
            raise ValueError(f"reference strategy {name!r} is registered twice")
        STRATEGIES[name] = function
        return function
    return register


def args_one(state, token, role, cue=None):
    """The entities one token stands for: the first registered strategy that answers.

    Parameters
    ----------
    state : DocumentState
        The document being read.
    token : spacy.tokens.Token
        A word of the argument (its head, usually).
    role : str
        "subject", "object" or "modifier" (a word inside another argument).
    cue : Cue or None
        The cue whose argument it is; some strategies apply to some relations only.

    Returns
    -------
    list of Arg
        Empty when no strategy finds an entity.
    """
    for resolve in STRATEGIES.values():
        found = resolve(state, token, role, cue)
        if found is not None:
            return found
    return []


def args(state, token, role, cue=None):
    """The entities a token and what is coordinated with or listed under it stand for.

    Parameters are those of :func:`args_one`; a "modifier" is read alone. An object with
    nothing found falls back to the cue's object classes named anywhere under it.

    Returns
    -------
    list of Arg
        Each entity once, in the order found.
    """
    out = args_one(state, token, role, cue)
    if role != "modifier":
        for conj in _name_conjuncts(state, token):
            out += args_one(state, conj, role, cue)
        for child in token.children:
            out += _listed(state, child, role, cue)
        if not out and cue is not None and cue.object_types and role == "object":
            out += typed_in_subtree(state, token, cue.object_types)
    return unique_args(out)


def _name_conjuncts(state, token):
    """What is coordinated with a token, or with any word of the name it is in: the
    parser may hang "and B" on a word inside "President Daniel arap Moi and B"."""
    mention = mention_at(state, token)
    if mention is None:
        return list(token.conjuncts)
    inside = range(mention.start, mention.end)
    return [c for t in state.doc[mention.start:mention.end] for c in t.conjuncts
            if c.i not in inside]


def _listed(state, child, role, cue):
    """'partners including Japan', 'states such as Kenya', 'Ruto, the president': more."""
    out = []
    if child.dep_ == "prep" and child.lower_ in state.words.example_preps:
        for p in child.children:
            if p.dep_ == "pobj":
                out += args(state, p, role, cue)
    if child.dep_ == "amod" and child.lower_ == "such":
        for p in child.children:
            for g in p.children:
                if g.dep_ == "pobj":
                    out += args(state, g, role, cue)
    if child.dep_ == "appos":
        out += args_one(state, child, role, cue)
    return out


def typed_in_subtree(state, token, types):
    """'a number of infrastructure projects, including A, B and C' -> A, B, C."""
    out = []
    for t in token.subtree:
        if t.dep_ in ("relcl", "acl") and t.i != token.i:
            continue
        out += named_at(state, t, types)
    return out


def named_at(state, token, types):
    """The entities of the classes ``types`` that a name starting at ``token`` stands for."""
    mention = mention_at(state, token)
    if not mention or mention.type not in types or token.i != mention.start:
        return []
    return [Arg(k, state.entities[k].type, "name") for k in mention.keys if k in state.entities]


def pair_modifiers(state, noun):
    """'China-Lesotho relations', 'their partnership' -> both parties."""
    out = []
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss"):
            out += args(state, c, "modifier")
            for g in c.subtree:
                if g.i != c.i and mention_at(state, g) is not None and g.dep_ in (
                        "compound", "amod", "nmod", "conj", "punct", "npadvmod"):
                    out += args(state, g, "modifier")
    return unique_args(out)


# -- subjects ------------------------------------------------------------------------------
def clause_verb(token, reach=3):
    """The verb of the clause a noun stands in, at most ``reach`` heads up ("met ... his
    counterpart", "held talks during his visit"), or None."""
    clause = token
    for _ in range(reach):
        if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
            break
        clause = clause.head
    return clause if clause.pos_ in ("VERB", "AUX") else None


def subjects(state, token, depth=0):
    """Who does what the cue at ``token`` says: its subject, agent, owner or governor's.

    Parameters
    ----------
    state : DocumentState
    token : spacy.tokens.Token
        The cue word: a verb, an adjective ("critical of") or a noun ("visit").
    depth : int
        How many governors up the search has gone (it stops after five).

    Returns
    -------
    list of Arg
    """
    if depth > 4:
        return []
    if token.pos_ == "ADJ":
        # "Lula has been critical of Israel", "Beijing was ready to deepen ..."
        return subjects(state, token.head, depth + 1) if token.head.i != token.i else []
    if token.pos_ in ("VERB", "AUX"):
        return _verb_subjects(state, token, depth)
    return _noun_subjects(state, token, depth)


def _verb_subjects(state, token, depth):
    children = list(token.children)
    agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return args(state, agents[0], "subject")
    if not agents and any(c.dep_ == "auxpass" for c in children):
        # "is recognised as president by Germany": the parser hangs "by" on the role
        agents = [g for c in children if c.dep_ == "prep" and c.lower_ == "as"
                  for p in c.children if p.dep_ == "pobj"
                  for b in p.children if b.dep_ == "prep" and b.lower_ == "by"
                  for g in b.children if g.dep_ == "pobj"]
        if agents:
            return args(state, agents[0], "subject")
    nsubjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]
    if nsubjects:
        # the parser sometimes gives a coordinated subject two nsubj arcs
        return unique_args([a for c in nsubjects for a in args(state, c, "subject")])
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        return []  # a passive without "by ...": the actor is not in the sentence
    if token.dep_ in ("advcl", "ccomp", "conj"):
        misread = _subject_read_as_object(state, token)
        if misread:
            return misread
    if token.dep_ == "relcl":
        return _relative_clause_subjects(state, token, children, depth)
    if token.dep_ == "xcomp":
        # "Li Qiang is expected to visit": the raised subject of the passive
        raised = [c for c in token.head.children if c.dep_ == "nsubjpass"]
        if raised and not any(c.dep_ == "agent" for c in token.head.children):
            return args(state, raised[0], "subject")
    if token.dep_ == "conj" and token.head.dep_ == "ccomp":
        # "Egypt said talks had ended, and accused ...": the parser hung "accused" on the
        # reported clause; its subject is the one who said
        found = [a for a in subjects(state, token.head, depth + 1) if a.type in ACTOR_TYPES]
        return found or subjects(state, token.head.head, depth + 1)
    if token.dep_ in ("xcomp", "conj", "advcl", "ccomp") and token.head.i != token.i:
        return subjects(state, token.head, depth + 1)
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in ("dobj", "attr"):
        # "passed a resolution condemning the project": whoever passed it
        return subjects(state, token.head.head, depth + 1)
    if token.dep_ == "acl" and token.tag_ == "VBG" and token.i > 0 \
            and token.nbor(-1).is_punct:
        # "Straw, visiting Beijing, said ...": the actor the participle, set off by a
        # comma, is said of (not "a letter to the Council accusing X")
        found = [a for a in args(state, token.head, "subject") if a.type in ACTOR_TYPES]
        if found:
            return found
    if token.dep_ == "pcomp":
        return _pcomp_subjects(state, token, depth)
    if token.dep_ == "ROOT" and token.tag_ in ("VBD", "VBZ", "VBP"):
        return _subject_before_date(state, token)
    return []


def _subject_read_as_object(state, token):
    """'... will be slow as Russia and China question X': the small parser reads the
    conjunction as a preposition and the subject as its object, ending just before the
    verb."""
    for prep in token.head.subtree:
        if prep.dep_ == "prep" and prep.lower_ in state.lex.words("clause_conjunctions") \
                and prep.i < token.i and prep.right_edge.i == token.i - 1:
            return [a for p in prep.children if p.dep_ == "pobj"
                    for a in args(state, p, "subject")]
    return []


def _relative_clause_subjects(state, token, children, depth):
    found = args(state, token.head, "subject")
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    if infinitive and not any(a.type in ACTOR_TYPES for a in found):
        # "rely on FOCAC and the BRI to form ...": the parser made it a relative clause of
        # the initiative; whoever relies on them forms it
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return subjects(state, verb, depth + 1)
    return found


def _pcomp_subjects(state, token, depth):
    """'thanked Japan for donating', 'barred the envoy from returning'."""
    governor = token.head.head
    doer_verbs, doer_preps = state.words.doer_is_object_verbs, state.words.doer_preps
    if governor.dep_ == "dobj" and governor.head.lemma_.lower() in doer_verbs \
            and token.head.lower_ in doer_preps:
        # "accusing the bloc of imposing": the preposition hangs off the object
        doers = args(state, governor, "subject")
        if doers:
            return doers
    if governor.lemma_.lower() in doer_verbs and token.head.lower_ in doer_preps:
        doers = [a for c in governor.children if c.dep_ == "dobj"
                 for a in args(state, c, "subject")]
        if doers:
            return doers
    if governor.lemma_.lower() in state.words.kept_from_verbs and token.head.lower_ == "from":
        return []  # "barred the envoy from returning": the envoy would have, and did not
    return subjects(state, governor, depth + 1)


def _subject_before_date(state, token):
    """'On Friday Kenya condemned ...': the parser hung the subject on the date."""
    for i in range(token.i - 1, max(token.sent.start, token.i - 4) - 1, -1):
        mention = mention_at(state, state.doc[i])
        if mention and mention.type in ("Country", "Person", "Organization"):
            return [Arg(a.key, a.type, "pronoun")
                    for a in args_one(state, state.doc[i], "subject", None)]
    return []


def _noun_subjects(state, token, depth):
    """A nominal cue: 'its backing for', 'Wang's visit to', 'talks between'."""
    if token.lemma_.lower() in state.words.member_nouns \
            and token.dep_ not in ("attr", "appos", "oprd"):
        return []  # "harbouring members of the PKK" does not make anyone a member
    children = list(token.children)
    for c in children:
        if c.dep_ == "poss":
            return args(state, c, "subject")
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return [a for g in c.children if g.dep_ == "pobj" for a in args(state, g, "subject")]
    owners = [a for c in children if c.dep_ in ("amod", "compound", "nmod")
              for a in args(state, c, "modifier")]
    if owners:
        return owners
    return _governor_subjects(state, token, depth)


def _governor_subjects(state, token, depth):
    if token.dep_ == "dobj" and token.head.lemma_.lower() in state.lex.words("receiving_verbs"):
        return []  # "Kenya won the backing of France": Kenya is backed (stance-received)
    if token.dep_ in ("dobj", "attr", "nsubjpass", "oprd"):
        return subjects(state, token.head, depth + 1)
    if token.dep_ == "appos":
        return args(state, token.head, "subject")
    if token.dep_ == "pobj" and token.head.head.pos_ in ("VERB", "AUX"):
        return subjects(state, token.head.head, depth + 1)
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        # "a package of sanctions": whoever adopts the package
        return subjects(state, token.head.head, depth + 1)
    if token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ == "NOUN" \
            and any(c.dep_ == "nummod" for c in token.head.head.children):
        # "announced 20 million euros in aid": whoever gives the amount
        return subjects(state, token.head.head, depth + 1)
    if token.dep_ == "conj":
        return subjects(state, token.head, depth + 1)
    if token.dep_ == "pobj" and token.head.head.pos_ == "PROPN":
        # "Macron, on a three-day state visit, ...": the visit is Macron's
        return [a for a in args_one(state, token.head.head, "subject", None)
                if a.type in ACTOR_TYPES]
    if token.dep_ in ("nsubj", "nsubjpass") or (
            token.dep_ == "pobj" and token.head.head.dep_ in ("nsubj", "nsubjpass")):
        # "Egypt said the round of negotiations with Ethiopia had ended": the one who says
        clause = token.head if token.dep_.startswith("nsubj") else token.head.head.head
        if clause.dep_ == "ccomp" and clause.head.lemma_.lower() in state.words.reporting_verbs:
            return subjects(state, clause.head, depth + 1)
    return []


# The strategies register themselves when their module is imported; importing it here
# makes args_one complete whichever module a caller imports first.
from . import references as _references  # noqa: E402,F401
