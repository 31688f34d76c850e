"""Reading source documents: plain text, Markdown and HTML, with clear errors for bad input."""
from __future__ import annotations

import functools
import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .cleaning import clean_for_nlp
from .lexicon import load_lexicon

#: File endings `bkg ingest` reads when given a folder.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# Same-length replacements, so character offsets into the normalised text are offsets
# into the original text too.
_SAME_LENGTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
})


class InputError(ValueError):
    """A document that cannot be read; the message names the file and the problem."""


@functools.lru_cache(maxsize=1)
def _dangling_break():
    """A line break after a word that cannot end a line ('of the / People's Republic').

    Built on first use, not at import, so that commands which never read a text stay quick.
    """
    words = "|".join(re.escape(w) for w in sorted(load_lexicon().words("dangling_line_words")))
    return re.compile(r"(?i)\b(" + words + r")([ \t]*\n[\s]*)(?=\S)")


def normalize_for_nlp(text):
    r"""Straighten quotes and dashes, clean scraped and wire text
    (:func:`~bilateral_kg.extract.cleaning.clean_for_nlp`: page furniture blanked, hard
    wraps joined, headlines in sentence case) and join lines broken mid-phrase, keeping
    the length.

    >>> normalize_for_nlp("Lesotho\u2019s \u201cmodel\u201d")
    'Lesotho\'s "model"'
    >>> normalize_for_nlp("Ambassador of the\n\nPeople's Republic")
    "Ambassador of the  People's Republic"
    """
    text = clean_for_nlp(text.translate(_SAME_LENGTH))
    return _dangling_break().sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def content_hash(text):
    """SHA-256 of a text, the identity of a document's content.

    >>> content_hash("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(relative_path):
    """The id of a document: its path below the ingested folder, without the ending.

    Ids name graphs and IRIs, so they keep letters, digits and ``._-/``; a path that needs
    other characters changed gets a short hash of the path too, so that two files can never
    be folded onto one id by the cleaning.

    >>> document_id("004_3da303880bc4fff3.txt")
    '004_3da303880bc4fff3'
    >>> document_id("africa/2024/lesotho.md")
    'africa/2024/lesotho'
    >>> document_id("Wang Yi in Maseru (2024).html")
    'Wang_Yi_in_Maseru_2024-861eac'
    """
    path = Path(relative_path)
    stem = str(path.with_suffix("")) if path.suffix else str(path)
    stem = stem.replace("\\", "/").strip("/")
    clean = re.sub(r"[^A-Za-z0-9._/-]+", "_", stem)
    clean = re.sub(r"/+", "/", "/".join(part.strip("_.") or "_" for part in clean.split("/")))
    if clean == stem and clean:
        return clean
    digest = hashlib.sha1(str(relative_path).encode("utf-8")).hexdigest()[:6]
    return f"{clean.strip('_') or 'document'}-{digest}"


@dataclass(frozen=True)
class InputFile:
    """A file to ingest: its path, its document id, or why it cannot be read."""

    path: Path
    doc_id: str | None = None
    error: "InputError | None" = None


@dataclass
class SourceDocument:
    """A document as read from disk: its text, and the title and date found with it.

    ``doc_id`` and ``path`` say where it came from once it is on its way into the store.
    """

    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    doc_id: str | None = None
    path: str | None = None

    @functools.cached_property
    def content_hash(self):
        """The text's SHA-256, computed once."""
        return content_hash(self.text)


@functools.lru_cache(maxsize=1)
def _date_patterns():
    """``(regex, parts)`` pairs: ISO dates, 'January 9, 2024' and '27 December 2023'."""
    months = load_lexicon().map("month_numbers")
    month = "(" + "|".join(re.escape(name.capitalize()) for name in months) + ")"
    return (
        (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), lambda m: (m[1], m[2], m[3])),
        (re.compile(month + r"\s+(\d{1,2}),?\s+(\d{4})"),
         lambda m: (m[3], months[m[1].lower()], m[2])),
        (re.compile(r"\b(\d{1,2})\s+" + month + r",?\s+(\d{4})"),
         lambda m: (m[3], months[m[2].lower()], m[1])),
    )


def find_date(*texts):
    """The first date written in full in the given texts, as ``YYYY-MM-DD``.

    >>> find_date("news/2024-01-15-lesotho.txt")
    '2024-01-15'
    >>> find_date("MASERU, January 9, 2024 - China and Lesotho ...")
    '2024-01-09'
    >>> find_date("Published 27 December 2023")
    '2023-12-27'
    >>> find_date("no date here", None) is None
    True
    """
    for text in texts:
        for pattern, parts in _date_patterns():
            match = pattern.search(text or "")
            if match:
                year, month, day = (int(x) for x in parts(match))
                if 1900 < year < 2200 and 1 <= month <= 12 and 1 <= day <= 31:
                    return f"{year:04d}-{month:02d}-{day:02d}"
    return None


@functools.lru_cache(maxsize=1)
def _html_tag_words():
    """The tags whose text is hidden, the tags that break blocks, the date ``<meta>`` names."""
    lex = load_lexicon()
    return lex.words("html_hidden_tags"), lex.words("html_block_tags"), lex.words("html_date_meta")


class _TextFromHTML(HTMLParser):
    """Collects a page's visible text, its ``<title>`` and the dates its metadata gives."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._hidden_tags, self._block_tags, self._date_meta = _html_tag_words()
        self.parts, self.title, self._skip, self._in_title = [], [], 0, False
        self.dates = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name") or "").lower() in self._date_meta:
            self.dates.append(attrs.get("content") or "")
        elif tag == "time" and attrs.get("datetime"):
            self.dates.append(attrs["datetime"])
        if tag == "title":
            self._in_title = True
        elif tag in self._hidden_tags:
            self._skip += 1
        elif tag in self._block_tags:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self._hidden_tags:
            self._skip = max(0, self._skip - 1)
        elif tag in self._block_tags:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup):
    """The visible text of an HTML page, paragraphs separated by blank lines, its title and
    its publication date.

    >>> html_to_text("<html><title>T</title><p>China &amp; Lesotho</p><script>x()</script></html>")
    SourceDocument(text='China & Lesotho', title='T', date=None, doc_id=None, path=None)
    >>> html_to_text('<meta property="article:published_time" content="2024-01-15T08:00Z"><p>x</p>').date
    '2024-01-15'
    """
    parser = _TextFromHTML()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()
    title = html.unescape(" ".join("".join(parser.title).split())) or None
    return SourceDocument(text, title, find_date(*parser.dates))


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[^\n]*$|\Z)", re.M | re.S)


def blank_code_blocks(markdown):
    """Markdown with fenced code blocks blanked out (same length, so offsets still hold).

    >>> blank_code_blocks("Text.\\n```\\nx = 1\\n```\\nMore.") == "Text.\\n   \\n     \\n   \\nMore."
    True
    """
    return _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(path, data):
    """The text of a file's bytes: UTF-8 (with or without a BOM), or UTF-16/32 with a BOM.

    >>> decode_text("a.txt", "Kenya".encode("utf-16"))
    'Kenya'
    """
    for boms, encoding in ((_UTF32_BOMS, "utf-32"), (_UTF16_BOMS, "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{path}: starts as {encoding.upper()} but is not valid "
                                 f"{encoding.upper()} (offset {err.start}); convert it to "
                                 "UTF-8") from err
            if "\x00" in text:
                raise InputError(f"{path}: is a binary file, not text")
            return text
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not text (or UTF-16 without a byte-order "
                         "mark: convert it to UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: is not UTF-8 text (invalid byte at offset {err.start}); "
                         "convert it to UTF-8 first") from err


def read_document(path):
    """Read one document.

    Returns
    -------
    SourceDocument
        The text; the title (HTML ``<title>``, else the first line); the date (HTML
        metadata, else a date in the file name, else one written in full near the top).

    Raises
    ------
    InputError
        When the file cannot be read, is binary, is neither UTF-8 nor UTF-16 with a
        byte-order mark, or holds no text. Markdown code blocks are left out (blanked).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read: {err.strerror or err}") from err
    text = decode_text(path, data)
    document = SourceDocument(text)
    if path.suffix.lower() in (".html", ".htm"):
        document = html_to_text(text)
    elif path.suffix.lower() in (".md", ".markdown"):
        document = SourceDocument(blank_code_blocks(text))
    if not document.text.strip():
        raise InputError(f"{path}: is empty")
    if document.title is None:
        first_line = document.text.strip().splitlines()[0].strip().lstrip("#").strip()
        document.title = first_line[:200] or None
    document.date = document.date or find_date(path.name, document.text[:400])
    return document


def iter_input_files(paths):
    """Files named, and the text files inside folders named, in a stable order.

    Yields :class:`InputFile`: a file inside a folder is named by its path below that
    folder (``africa/lesotho``), a file named on its own by its file name. A path that does
    not exist, and a second file whose id another file of the batch already has, come with
    an :class:`InputError` instead of an id.
    """
    taken = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = ((child, child.relative_to(path)) for child in sorted(path.rglob("*"))
                     if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES)
        elif path.exists():
            found = [(path, Path(path.name))]
        else:
            yield InputFile(path, error=InputError(f"{path}: no such file or folder"))
            continue
        for child, relative in found:
            doc_id = document_id(relative)
            first = taken.setdefault(doc_id, child)
            if first != child:
                yield InputFile(child, error=InputError(
                    f"{child}: has the document id {doc_id!r} of {first}, which this batch "
                    "already ingests; rename one of them (nothing was replaced)"))
                continue
            yield InputFile(child, doc_id)
