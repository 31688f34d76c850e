"""The knowledge base: countries, regions, organizations, policies, groups and people.

The KB is kept as data files in ``ontology/data`` (see its README) and read into
:class:`KBEntity` records. ``kb.ttl`` is the same knowledge as RDF, rebuilt by
``python -m bilateral_kg.ontology.build``.

>>> kb = load_kb()
>>> kb.get("country/LSO").label
'Lesotho'
>>> [e.key for e in kb.lookup("Kingdom of Lesotho")]
['country/LSO']
>>> kb.get("country/CHN").wikidata
'Q148'
"""
from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

#: KB key prefix for each entity class.
KEY_PREFIX = {
    "Country": "country", "Person": "person", "Organization": "org", "Policy": "policy",
    "Agreement": "agreement", "Project": "project", "Place": "place", "Region": "region",
    "Event": "event",
}

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalize_name(name):
    """Fold a name for lookup: Unicode-normalised, straight quotes, lower case, single spaces.

    >>> normalize_name("  Lesotho\u2019s   Kingdom ")
    "lesotho's kingdom"
    >>> normalize_name("Côte d'Ivoire") == normalize_name("Côte d\u2019Ivoire")
    True
    """
    folded = unicodedata.normalize("NFKC", name).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", folded).strip()


def strip_article(name):
    """Drop a leading "the" that news adds or leaves out.

    >>> strip_article("the United Nations")
    'United Nations'
    >>> strip_article("Thebes")
    'Thebes'
    """
    return re.sub(r"^(?i:the)\s+", "", name.strip())


def slugify(text):
    """An ASCII, IRI-safe slug for a name.

    >>> slugify("Mpiti-Sehlabathebe Road")
    'mpiti-sehlabathebe-road'
    >>> slugify("Côte d'Ivoire <script>")
    'cote-d-ivoire-script'
    >>> slugify("中国")
    'x-4e2d-56fd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug[:80]
    return "x-" + "-".join(f"{ord(c):x}" for c in text.strip()[:16])


@dataclass
class KBEntity:
    """One thing the knowledge base knows.

    ``names`` holds every full name it may be written as (label first); ``acronyms`` are
    matched case-sensitively; ``demonyms`` denote the entity as an adjective ("Chinese").
    """

    key: str
    type: str
    label: str
    names: list = field(default_factory=list)
    acronyms: list = field(default_factory=list)
    demonyms: list = field(default_factory=list)
    wikidata: str | None = None
    attrs: dict = field(default_factory=dict)

    @property
    def cls(self):
        """The ontology class: regions are places."""
        return "Place" if self.type == "Region" else self.type


@dataclass
class KBGroup:
    """A phrase that stands for several entities ("the four global initiatives")."""

    label: str
    variants: list
    members: list


class KnowledgeBase:
    """All KB entities, with lookups by key, by name and by demonym."""

    def __init__(self, entities, groups=()):
        self.entities = {}
        self.groups = list(groups)
        self._by_name = {}
        self._by_acronym = {}
        self._by_demonym = {}
        for entity in entities:
            self.add(entity)

    def add(self, entity):
        if entity.key in self.entities:
            raise ValueError(f"duplicate KB key {entity.key!r}")
        self.entities[entity.key] = entity
        for name in entity.names:
            for variant in {name, strip_article(name)}:
                keys = self._by_name.setdefault(normalize_name(variant), [])
                if entity.key not in keys:
                    keys.append(entity.key)
        for acronym in entity.acronyms:
            self._by_acronym.setdefault(acronym, []).append(entity.key)
        for demonym in entity.demonyms:
            self._by_demonym.setdefault(normalize_name(demonym), []).append(entity.key)

    def get(self, key):
        return self.entities[key]

    def __contains__(self, key):
        return key in self.entities

    def __iter__(self):
        return iter(self.entities.values())

    def __len__(self):
        return len(self.entities)

    def lookup(self, name):
        """Entities whose name (or acronym, exactly as cased) is ``name``."""
        keys = list(self._by_acronym.get(name.strip(), []))
        for key in self._by_name.get(normalize_name(strip_article(name)), []):
            if key not in keys:
                keys.append(key)
        return [self.entities[k] for k in keys]

    def by_demonym(self, word):
        """Entities that ``word`` ("Chinese", "Basotho") is the demonym of."""
        return [self.entities[k] for k in self._by_demonym.get(normalize_name(word), [])]

    def of_type(self, type_name):
        return [e for e in self.entities.values() if e.type == type_name]

    def group_members(self, group):
        return [self.entities[k] for k in group.members if k in self.entities]


def _data(name):
    return resources.files("bilateral_kg.ontology").joinpath("data", name)


def _read_jsonl(name):
    path = _data(name)
    if not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ValueError(f"{path}:{number}: not JSON: {err}") from err
    return rows


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _split_names(names):
    """Split a name list into full names and acronyms (all capitals, no spaces)."""
    full, acronyms = [], []
    for name in filter(None, names):
        bare = name.replace(".", "")
        if " " not in name and len(bare) <= 6 and bare.isupper():
            acronyms.append(name)
        else:
            full.append(name)
    return full, acronyms


def _countries():
    extra = {row["iso3"]: row for row in _read_jsonl("countries_extra.jsonl")}
    with _data("countries.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    added = _data("countries_added.csv")  # states the source table lacks (Kosovo)
    if added.is_file():
        with added.open(encoding="utf-8") as f:
            rows += list(csv.DictReader(f))
    for row in rows:
        iso3 = row["iso3"]
        more = extra.get(iso3, {})
        aliases = [a for a in row["aliases"].split("|") if a]
        names, acronyms = _split_names(
            [row["name"], row["wikidata_label"], more.get("official_name"), *aliases,
             *more.get("short_names", []), *more.get("descriptors", [])]
        )
        yield KBEntity(
            key=f"country/{iso3}", type="Country", label=row["name"], names=_unique(names),
            acronyms=_unique(acronyms),
            demonyms=_unique(more.get("demonyms", []) + more.get("adjectives", [])),
            wikidata=row["wikidata"] or None,
            attrs={
                "iso3": iso3, "iso2": row["iso2"], "cow_code": row["cow_code"],
                "cow_letter": row["cow_letter"], "capital": more.get("capital"),
                "seats": more.get("seats_of_government", []),
                "government": more.get("government", []), "features": more.get("features", []),
                "subregion": more.get("subregion"), "descriptors": more.get("descriptors", []),
                "ambiguous_demonyms": more.get("ambiguous_demonyms", []),
            },
        )


def _capitals(countries):
    """Capitals and seats of government as places located in their country."""
    places = {}
    for country in countries:
        for city in [country.attrs["capital"], *country.attrs["seats"]]:
            if not city:
                continue
            key = f"place/{slugify(strip_article(city))}"
            place = places.get(key)
            if place is None:
                place = places[key] = KBEntity(
                    key=key, type="Place", label=strip_article(city), names=[city],
                    attrs={"seat_of": [], "capital_of": []},
                )
            place.attrs["seat_of"].append(country.key)
            if city == country.attrs["capital"]:
                place.attrs["capital_of"].append(country.key)
    return list(places.values())


def _regions():
    with _data("regions.csv").open(encoding="utf-8") as f:
        members = {row["name"]: row["members"].split("|") for row in csv.DictReader(f)}
    for row in _read_jsonl("regions_extra.jsonl"):
        listed = members.get(row.get("members_from") or "", [])
        yield KBEntity(
            key=f"region/{slugify(row['label'])}", type="Region" if listed else "Place",
            label=row["label"], names=_unique([row["label"], *row.get("aliases", [])]),
            demonyms=row.get("demonyms", []), wikidata=row.get("wikidata"),
            attrs={"members": [f"country/{m}" for m in listed]},
        )


def _named(rows, default_type):
    for row in rows:
        type_name = row.get("type", default_type)
        names, acronyms = _split_names([row["label"], *row.get("aliases", [])])
        yield KBEntity(
            key=f"{KEY_PREFIX[type_name]}/{row['id']}", type=type_name, label=row["label"],
            names=_unique(names), acronyms=_unique(acronyms + row.get("acronyms", [])),
            wikidata=row.get("wikidata"),
            attrs={k: v for k, v in row.items()
                   if k not in {"id", "type", "label", "aliases", "acronyms", "wikidata"}},
        )


def _people(rows):
    for row in rows:
        yield KBEntity(
            key=f"person/{slugify(row['label'])}", type="Person", label=row["label"],
            names=_unique([row["label"], *row.get("aliases", [])]),
            wikidata=row.get("wikidata"),
            attrs={"surnames": row.get("surnames", []), "offices": row.get("offices", [])},
        )


def _resolve_reference(ref, entities):
    """A data file names another entity by ISO3 code or by id; find its key."""
    for prefix in ("country", "org", "policy", "agreement", "region", "person"):
        if f"{prefix}/{ref}" in entities:
            return f"{prefix}/{ref}"
    return None


@functools.lru_cache(maxsize=1)
def load_kb():
    """Read the knowledge base shipped with the package (cached)."""
    countries = list(_countries())
    entities = [*countries, *_capitals(countries), *_regions(),
                *_named(_read_jsonl("organizations.jsonl"), "Organization"),
                *_named(_read_jsonl("policies.jsonl"), "Policy"),
                *_people(_read_jsonl("people.jsonl"))]
    kb = KnowledgeBase(entities)
    groups = []
    for row in _read_jsonl("groups.jsonl"):
        members = [_resolve_reference(m, kb.entities) for m in row["members"]]
        groups.append(KBGroup(row["label"], _unique([row["label"], *row.get("variants", [])]),
                              [m for m in members if m]))
    kb.groups = groups
    for entity in kb:
        for attr in ("members", "part_of", "proposed_by", "state_organ_of"):
            value = entity.attrs.get(attr)
            if isinstance(value, str):
                entity.attrs[attr] = _resolve_reference(value, kb.entities)
            elif isinstance(value, list):
                entity.attrs[attr] = [r if "/" in r else _resolve_reference(r, kb.entities)
                                      for r in value]
                entity.attrs[attr] = [r for r in entity.attrs[attr] if r]
        for office in entity.attrs.get("offices", []):
            office["of"] = _resolve_reference(office.get("of") or "", kb.entities)
    return kb
