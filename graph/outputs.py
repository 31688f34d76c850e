"""Output files written whole or not at all, with a plain word when their folder is missing.

>>> check_folder("/no/such/dir/kg.html")
Traceback (most recent call last):
...
bilateral_kg.graph.outputs.OutputError: the folder /no/such/dir does not exist
"""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path

__all__ = ["OutputError", "check_folder", "written_whole"]


class OutputError(OSError):
    """An output file cannot be written where it was asked for."""


def check_folder(path):
    """Raise :class:`OutputError` unless the folder ``path`` is to be written in exists.

    >>> check_folder("kg.html")  # the working folder
    """
    folder = Path(path).parent
    if not folder.exists():
        raise OutputError(f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder")


@contextmanager
def written_whole(path):
    """A temporary path next to ``path`` that replaces it once the block ends without error.

    On any error the temporary file is removed and ``path`` is left as it was, so a reader
    never sees a half-written file.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with written_whole(folder / "a.txt") as part:
    ...     _ = part.write_text("whole")
    >>> (folder / "a.txt").read_text(), [p.name for p in folder.iterdir()]
    ('whole', ['a.txt'])
    """
    path = Path(path)
    check_folder(path)
    part = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        yield part
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
