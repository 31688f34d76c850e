"""Small hand-made knowledge graphs for the view, server and browser tests.

The extractions are built as :mod:`bilateral_kg.extract.model` records, so these tests need
neither spaCy nor the extractor.
"""
from __future__ import annotations

import hashlib
import random
import shutil
from types import SimpleNamespace

import pytest

from bilateral_kg.extract.model import DocumentExtraction, Entity, Evidence, Relation
from bilateral_kg.graph.store import KnowledgeGraph

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = '"><script>alert(1)</script>'

#: key -> (label, type, other names, wikidata)
ENTITIES = {
    "country/CHN": ("China", "Country", {"Beijing", "People's Republic of China"}, "Q148"),
    "country/LSO": ("Lesotho", "Country", {"Kingdom of Lesotho"}, "Q1013"),
    "country/USA": ("United States", "Country", {"Washington", "US"}, "Q30"),
    "country/ZAF": ("South Africa", "Country", {"Pretoria"}, "Q258"),
    "person/wang-yi": ("Wang Yi", "Person", {"Wang"}, "Q17220"),
    "person/lejone-mpotjoana": ("Lejone Mpotjoana", "Person", {"Mpotjoana"}, None),
    "person/marco-rubio": ("Marco Rubio", "Person", {"Rubio"}, None),
    "policy/GDI": ("Global Development Initiative", "Policy", {"GDI"}, "Q108118429"),
    "project/mpiti-sehlabathebe-road": ("Mpiti-Sehlabathebe Road", "Project", set(), None),
    "place/maseru": ("Maseru", "Place", set(), "Q3909"),
    "region/africa": ("Africa", "Region", set(), "Q15"),
    "org/african-union": ("African Union", "Organization", {"AU"}, "Q7159"),
    "agreement/lso-chn-communique": ("Joint Communique", "Agreement", set(), None),
    "event/focac-2024": ("FOCAC 2024 Summit", "Event", set(), None),
}

#: doc id -> (title, relations as (subject, predicate, object, sentence, confidence, modality, cue))
DOCUMENTS = {
    "lso-chn": ("China and Lesotho elevate strategic partnership", [
        ("country/LSO", "supports", "policy/GDI",
         "Lesotho reiterated its backing for the Global Development Initiative.", 0.9, "factual", "backing"),
        ("country/CHN", "proposes", "policy/GDI",
         "China put forward the Global Development Initiative.", 0.85, "factual", "put forward"),
        ("person/wang-yi", "officialOf", "country/CHN",
         "Chinese Foreign Minister Wang Yi arrived in Maseru.", 0.95, "factual", "Foreign Minister"),
        ("person/lejone-mpotjoana", "officialOf", "country/LSO",
         "Lesotho's Minister of Foreign Affairs Lejone Mpotjoana received him.", 0.95, "factual", "Minister"),
        ("person/wang-yi", "visits", "country/LSO",
         "Wang Yi paid an official visit to Lesotho.", 0.9, "factual", "visit"),
        ("person/wang-yi", "meetsWith", "person/lejone-mpotjoana",
         "Wang Yi held talks with Lejone Mpotjoana in Maseru.", 0.88, "factual", "held talks"),
        ("country/CHN", "builds", "project/mpiti-sehlabathebe-road",
         "China built the Mpiti-Sehlabathebe Road.", 0.8, "factual", "built"),
        ("project/mpiti-sehlabathebe-road", "locatedIn", "country/LSO",
         "The Mpiti-Sehlabathebe Road in Lesotho was handed over.", 0.75, "factual", "in"),
        ("country/CHN", "cooperatesWith", "country/LSO",
         "China and Lesotho pledged to expand cooperation.", 0.7, "planned", "pledged"),
        ("country/LSO", "signs", "agreement/lso-chn-communique",
         "Lesotho and China issued a Joint Communique.", 0.8, "factual", "issued"),
        ("country/CHN", "signs", "agreement/lso-chn-communique",
         "Lesotho and China issued a Joint Communique.", 0.8, "factual", "issued"),
        ("place/maseru", "locatedIn", "country/LSO",
         "Talks were held in Maseru, Lesotho.", 0.7, "factual", "in"),
    ]),
    "usa-chn": ("Washington widens sanctions on Beijing", [
        ("country/USA", "sanctions", "country/CHN",
         "The United States imposed sanctions on China.", 0.92, "factual", "sanctions"),
        ("country/USA", "condemns", "country/CHN",
         "Washington condemned Beijing's conduct.", 0.6, "factual", "condemned"),
        ("person/marco-rubio", "officialOf", "country/USA",
         "Secretary of State Marco Rubio announced the measures.", 0.9, "factual", "Secretary of State"),
        ("country/USA", "opposes", "policy/GDI",
         "The United States rejected the Global Development Initiative.", 0.4, "factual", "rejected"),
        ("country/CHN", "meetsWith", "country/ZAF",
         "China met South Africa on the sidelines.", 0.65, "factual", "met"),
    ]),
    "zaf-chn": ("South Africa and China at FOCAC", [
        ("country/ZAF", "supports", "policy/GDI",
         "South Africa welcomed the Global Development Initiative.", 0.55, "factual", "welcomed"),
        ("country/ZAF", "meetsWith", "country/CHN",
         "South Africa and China held talks.", 0.9, "factual", "held talks"),
        ("country/ZAF", "memberOf", "org/african-union",
         "South Africa, a member of the African Union, attended.", 0.85, "factual", "member"),
        ("country/CHN", "cooperatesWith", "org/african-union",
         "China will deepen cooperation with the African Union.", 0.75, "planned", "cooperation"),
        ("country/ZAF", "visits", "event/focac-2024",
         "South Africa attended the FOCAC 2024 Summit.", 0.6, "factual", "attended"),
        ("event/focac-2024", "locatedIn", "region/africa",
         "The FOCAC 2024 Summit on Africa opened.", 0.5, "factual", "on"),
    ]),
}

#: Dates the corpus documents carry (dct:date), added after ingestion.
DOCUMENT_DATES = {"lso-chn": "2025-06-02", "usa-chn": "2025-03-14"}


def make_extraction(doc_id, title, relations, entities=None, source_path=None, date=None):
    """A DocumentExtraction from ``(s, p, o, sentence, confidence, modality, cue)`` tuples;
    with a document ``date``, each evidence is dated by it as the extractor does when the
    sentence names no date."""
    entities = entities or ENTITIES
    keys = {end for rel in relations for end in (rel[0], rel[2])}
    text_parts, grouped = [], {}
    offset = 0
    for s, p, o, sentence, confidence, modality, cue in relations:
        start = offset
        text_parts.append(sentence)
        offset += len(sentence) + 1
        relation = grouped.setdefault((s, p, o), Relation(s, p, o))
        relation.evidence.append(Evidence(doc_id=doc_id, sentence=sentence, start=start,
                                          end=start + len(sentence), cue=cue, rule=f"test-{p}",
                                          confidence=confidence, modality=modality,
                                          date=date, date_precision=date and "day",
                                          date_from_document=bool(date)))
    text = " ".join(text_parts)
    made = {}
    for key in sorted(keys):
        label, type_, names, wikidata = entities[key]
        made[key] = Entity(key=key, label=label, type=type_, in_kb=key.startswith("country/"),
                           wikidata=wikidata, names={label, *names})
    return DocumentExtraction(
        doc_id=doc_id, text=text, source_path=source_path or f"corpus/{doc_id}.txt",
        content_hash=hashlib.sha256(text.encode()).hexdigest(), title=title,
        entities=made, relations=list(grouped.values()), extractor_version="test", date=date)


def build_corpus(kg):
    for doc_id, (title, relations) in DOCUMENTS.items():
        kg.ingest(make_extraction(doc_id, title, relations, date=DOCUMENT_DATES.get(doc_id)))
    return kg


#: An entity label, a name, a title and sentences that would run script if put into HTML.
XSS_ENTITIES = {
    "person/xss-img": (XSS_IMG, "Person", {f"{XSS_IMG} alias"}, None),
    "org/xss-script": (XSS_SCRIPT, "Organization", {"Script Org"}, None),
    "country/CHN": ENTITIES["country/CHN"],
}
XSS_RELATIONS = [
    ("person/xss-img", "officialOf", "org/xss-script",
     f"The envoy {XSS_IMG} serves {XSS_SCRIPT} since 2020.", 0.9, "factual", XSS_IMG),
    ("org/xss-script", "praises", "country/CHN",
     f"{XSS_SCRIPT} praised China </script><script>alert(2)</script>.", 0.8, "factual", "praised"),
]


def build_xss(kg):
    kg.ingest(make_extraction("xss-doc", f"Title {XSS_SCRIPT}", XSS_RELATIONS,
                              entities=XSS_ENTITIES, source_path=f"evil/{XSS_IMG}.txt"))
    return kg


def build_large(kg, entities=400, relations=900, seed=7):
    """A random but deterministic graph for layout and size tests."""
    rng = random.Random(seed)
    classes = ["Country", "Person", "Organization", "Project", "Policy", "Place"]
    table = {}
    for i in range(entities):
        cls = classes[i % len(classes)] if i >= 20 else "Country"
        table[f"{cls.lower()}/e{i}"] = (f"Entity {i}", cls, {f"E{i}"}, None)
    keys = sorted(table)
    hubs = keys[:20]
    docs = {}
    for j in range(relations):
        s = rng.choice(hubs) if rng.random() < 0.6 else rng.choice(keys)
        o = rng.choice(keys)
        if s == o:
            continue
        p = rng.choice(["supports", "meetsWith", "cooperatesWith", "visits", "funds", "opposes"])
        docs.setdefault(f"gen-{j % 40}", []).append(
            (s, p, o, f"{table[s][0]} {p} {table[o][0]} ({j}).", round(rng.uniform(0.3, 1.0), 2),
             rng.choice(["factual", "planned"]), p))
    for doc_id, rels in docs.items():
        kg.ingest(make_extraction(doc_id, f"Generated {doc_id}", rels, entities=table))
    return kg


@pytest.fixture(scope="session")
def graph_data():
    """This module's builders and constants, for tests (which must not import a conftest)."""
    return SimpleNamespace(
        XSS_IMG=XSS_IMG, XSS_SCRIPT=XSS_SCRIPT, ENTITIES=ENTITIES, DOCUMENTS=DOCUMENTS,
        make_extraction=make_extraction, build_corpus=build_corpus, build_xss=build_xss,
        build_large=build_large)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """Path of an on-disk store with the three-document corpus (closed: open it read-only)."""
    path = tmp_path_factory.mktemp("corpus") / "store"
    kg = KnowledgeGraph(str(path))
    build_corpus(kg)
    kg.flush()
    del kg
    return str(path)


@pytest.fixture(scope="session")
def xss_store(tmp_path_factory):
    """Path of an on-disk store with the corpus and a document full of would-be script."""
    path = tmp_path_factory.mktemp("xss") / "store"
    kg = KnowledgeGraph(str(path))
    build_corpus(kg)
    build_xss(kg)
    kg.flush()
    del kg
    return str(path)


@pytest.fixture(scope="session")
def corpus_kg(corpus_store, tmp_path_factory):
    """The corpus opened read-only (a copy, so other fixtures may open the original)."""
    copy = tmp_path_factory.mktemp("corpus-copy") / "store"
    shutil.copytree(corpus_store, copy)
    return KnowledgeGraph(str(copy), read_only=True)


@pytest.fixture
def memory_kg():
    return build_corpus(KnowledgeGraph(None))


#: Dated texts written for the dyad and entity page tests (dated by their file names, the
#: way news archives name them; one gives its own event date).
DATED_TEXTS = {
    "2024-02-05-ken-eth.txt": "Kenya praised Ethiopia for reopening the border crossing at Moyale.",
    "2024-04-11-ken-eth.txt": "Kenyan Foreign Minister Musalia Mudavadi met Ethiopian Prime "
                              "Minister Abiy Ahmed in Addis Ababa on Thursday.",
    "2024-06-20-eth-ken.txt": "Ethiopia condemned Kenya over the detention of its traders. "
                              "Kenya rejected the complaint.",
    "2024-07-01-ken-eth.txt": "On 3 March 2024, Kenya signed a grazing accord with Ethiopia.",
}


@pytest.fixture(scope="session")
def dated_seed_store(tmp_path_factory):
    """Path of a store with the seeds and :data:`DATED_TEXTS`, ingested by ``bkg ingest``."""
    from pathlib import Path

    from click.testing import CliRunner

    from bilateral_kg.cli import main

    folder = tmp_path_factory.mktemp("dated-seeds")
    (folder / "dated").mkdir()
    for name, text in DATED_TEXTS.items():
        (folder / "dated" / name).write_text(text + "\n", encoding="utf-8")
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    store = folder / "store"
    result = CliRunner().invoke(main, ["ingest", str(seeds), str(folder / "dated"), "--store",
                                       str(store), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return str(store)
