"""Reading documents: formats, and a clear error for each kind of bad input."""
import pytest

from bilateral_kg.extract.text import (
    InputError, document_id, html_to_text, iter_input_files, normalize_for_nlp, read_document,
)


def test_plain_text_and_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kenya and Ethiopia sign pact\n\nNAIROBI - The two...", encoding="utf-8")
    source = read_document(path)
    assert source.text.startswith("Kenya") and source.title == "Kenya and Ethiopia sign pact"


def test_html_keeps_visible_text_only(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>T &amp; U</title><script>var x='Kenya';</script></head>"
                    "<body><p>China &amp; Lesotho</p><style>p{}</style><p>Second</p></body></html>",
                    encoding="utf-8")
    source = read_document(path)
    assert source.title == "T & U"
    assert "China & Lesotho" in source.text and "Second" in source.text
    assert "var x" not in source.text


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCôte d'Ivoire".encode("utf-8"))
    assert read_document(path).text == "Côte d'Ivoire"


@pytest.mark.parametrize("content,message", [
    (b"\x00\x01\x02binary", "is a binary file"),
    ("Lesotho \xe9".encode("latin-1"), "is not UTF-8 text"),
    (b"  \n\t ", "is empty"),
])
def test_bad_input_names_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_unreadable_path(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_document(tmp_path)  # a folder cannot be read as a file


def test_folders_expand_to_text_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.html").write_text("x")
    found = list(iter_input_files([tmp_path]))
    assert [f.path.name for f in found] == ["a.md", "b.txt", "d.html"]
    assert [f.doc_id for f in found] == ["a", "b", "sub/d"]


def test_normalisation_keeps_offsets():
    text = "Lesotho\u2019s \u201cmodel\u201d \u2014 done"
    assert len(normalize_for_nlp(text)) == len(text)


def test_document_ids_are_iri_safe():
    assert document_id("x/My Article <1>.txt").startswith("x/My_Article_1-")
    assert document_id("x/My Article <1>.txt") != document_id("x/My_Article_1.txt")
    assert html_to_text("<p>a</p><p>b</p>").text == "a\n\nb"


def test_dates_from_metadata_file_name_or_dateline(tmp_path):
    page = tmp_path / "a.html"
    page.write_text('<meta name="date" content="2024-03-01"><p>Text of 5 May 2020.</p>',
                    encoding="utf-8")
    assert read_document(page).date == "2024-03-01"
    named = tmp_path / "2023-12-28 conference.txt"
    named.write_text("Held on 27 December 2023.", encoding="utf-8")
    assert read_document(named).date == "2023-12-28"
    plain = tmp_path / "plain.txt"
    plain.write_text("BEIJING, December 27, 2023 - The conference ...", encoding="utf-8")
    assert read_document(plain).date == "2023-12-27"
