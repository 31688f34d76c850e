"""Reading documents: formats, and a clear error for each kind of bad input."""
import pytest

from bilateral_kg.extract.text import (
    InputError, document_id, html_to_text, iter_input_files, normalize_for_nlp, read_document,
)


def test_plain_text_and_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kenya and Ethiopia sign pact\n\nNAIROBI - The two...", encoding="utf-8")
    text, title = read_document(path)
    assert text.startswith("Kenya") and title == "Kenya and Ethiopia sign pact"


def test_html_keeps_visible_text_only(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>T &amp; U</title><script>var x='Kenya';</script></head>"
                    "<body><p>China &amp; Lesotho</p><style>p{}</style><p>Second</p></body></html>",
                    encoding="utf-8")
    text, title = read_document(path)
    assert title == "T & U"
    assert "China & Lesotho" in text and "Second" in text and "var x" not in text


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffCôte d'Ivoire".encode("utf-8"))
    assert read_document(path)[0] == "Côte d'Ivoire"


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
    names = [p.name for p, err in iter_input_files([tmp_path])]
    assert names == ["a.md", "b.txt", "d.html"]


def test_normalisation_keeps_offsets():
    text = "Lesotho\u2019s \u201cmodel\u201d \u2014 done"
    assert len(normalize_for_nlp(text)) == len(text)


def test_document_ids_are_iri_safe():
    assert document_id("x/My Article <1>.txt") == "My_Article_1"
    assert html_to_text("<p>a</p><p>b</p>")[0] == "a\n\nb"
