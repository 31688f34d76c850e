"""Ingest as a user runs it: real files, the real model, the real store."""
from bilateral_kg.extract import extract_text
from bilateral_kg.extract.collect import MAX_EVIDENCE
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.ingest import ingest_paths

KENYA = "Kenya condemned Sudan's attacks on the border town.\n\nKenya signed a trade pact with Ethiopia.\n"


def test_files_of_the_same_name_in_two_folders_are_two_documents(tmp_path, nlp):
    for folder in ("a", "b"):
        (tmp_path / "c" / folder).mkdir(parents=True)
        (tmp_path / "c" / folder / "report.txt").write_text(KENYA + folder, encoding="utf-8")
    kg = KnowledgeGraph(tmp_path / "kg")
    summary = ingest_paths(kg, [tmp_path / "c"], nlp=nlp)
    assert (summary.added, summary.replaced, summary.errors) == (2, 0, [])
    assert kg.documents() == ["a/report", "b/report"]


def test_names_the_cleaning_would_fold_together_stay_apart(tmp_path, nlp):
    (tmp_path / "x y.txt").write_text(KENYA, encoding="utf-8")
    (tmp_path / "x_y.md").write_text(KENYA + "More.", encoding="utf-8")
    kg = KnowledgeGraph(tmp_path / "kg")
    summary = ingest_paths(kg, [tmp_path], nlp=nlp)
    assert summary.added == 2 and not summary.errors
    assert len(kg.documents()) == 2


def test_an_unavoidable_id_collision_is_an_error_not_a_replacement(tmp_path, nlp):
    (tmp_path / "report.txt").write_text(KENYA, encoding="utf-8")
    (tmp_path / "report.md").write_text("Ethiopia praised Kenya.", encoding="utf-8")
    kg = KnowledgeGraph(tmp_path / "kg")
    summary = ingest_paths(kg, [tmp_path], nlp=nlp)
    assert summary.added == 1 and summary.replaced == 0
    [(path, message)] = summary.errors
    assert path.endswith("report.txt") and "report.md" in message and "nothing was replaced" in message


def test_a_long_text_is_read_in_chunks_with_exact_offsets(nlp):
    paragraphs = [f"Kenya signed a trade pact with Ethiopia in round {i}." for i in range(60)]
    paragraphs[45] = "Ghana condemned Togo's decision to close the border."
    text = "\n\n".join(paragraphs)
    whole = extract_text(text, "long", nlp)
    chunked = extract_text(text, "long", nlp, max_chars=500)
    assert chunked.relation_triples() == whole.relation_triples()
    evidence = [e for r in chunked.relations for e in r.evidence if r.predicate == "condemns"]
    assert evidence and all(text[e.start:e.end].strip() == e.sentence for e in evidence)
    assert evidence[0].sentence.startswith("Ghana condemned Togo")


def test_a_text_that_repeats_itself_keeps_at_most_max_evidence_sentences(nlp):
    # The same statement in 60 paragraphs: the graph grows with what is said, not with length.
    text = "\n\n".join(f"Kenya signed a trade pact with Ethiopia in round {i}." for i in range(60))
    [pact] = [r for r in extract_text(text, "long", nlp, max_chars=500).relations
              if r.predicate == "cooperatesWith"]
    assert len(pact.evidence) == MAX_EVIDENCE
    assert all(text[e.start:e.end] == e.sentence for e in pact.evidence)


def test_utf16_files_and_markdown_code_blocks(tmp_path, nlp):
    (tmp_path / "u16.txt").write_bytes("Kenya condemned Sudan's attacks.".encode("utf-16"))
    (tmp_path / "notes.md").write_text(
        "Ghana praised Togo.\n\n```\nKenya condemned Sudan.\n```\n", encoding="utf-8")
    kg = KnowledgeGraph(tmp_path / "kg")
    summary = ingest_paths(kg, [tmp_path], nlp=nlp)
    assert summary.added == 2 and not summary.errors
    _, rows = kg.select("SELECT ?d ?p WHERE { GRAPH ?d { country:KEN ?p country:SDN } }")
    assert [row[0].rsplit("/", 1)[-1] for row in rows if row[1].endswith("condemns")] == ["u16"]
