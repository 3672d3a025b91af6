"""Format readers behind one registry: a new format is one new module.

A reader turns a file into a :class:`~sources.records.Document` whose
``text`` is the coordinate system of all provenance and whose ``tables`` are
the tables it found.  Extraction never looks at the file format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sources.errors import UnreadableDocument
from sources.records import Document

Reader = Callable[[Path, bytes], Document]

_READERS: dict[str, Reader] = {}


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``reader`` for the given file suffixes (lower case, with dot)."""

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = reader
        return reader

    return decorate


def supported_suffixes() -> list[str]:
    _load_builtin_readers()
    return sorted(_READERS)


def read_document(path: str | Path) -> Document:
    """Read ``path`` with the reader registered for its suffix.

    Raises :class:`UnreadableDocument` with a one-line reason for anything
    that is not a readable, non-empty document.
    """
    _load_builtin_readers()
    path = Path(path)
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableDocument(f"{path}: is a directory, not a document")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument(f"{path}: file is empty")
    reader = _READERS.get(path.suffix.lower(), _READERS[".txt"])
    return reader(path, data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_builtin_readers() -> None:
    """Import the reader modules so that their ``@register`` calls run."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
