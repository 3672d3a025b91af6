"""Plain text and Markdown: decode (UTF-8, UTF-8 with BOM, GB18030/GBK …) and
recover the tables a Word export left as TAB-led cells."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from sources.errors import UnreadableDocument
from sources.readers import register, sha256
from sources.records import Document

# Encodings tried strictly, in order, before asking charset-normalizer: almost
# every Chinese government text is one of these, and a strict decode is exact.
_LIKELY = ("utf-8-sig", "gb18030")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Binary data raises :class:`UnreadableDocument`."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument(f"{path}: binary file, not a text document")
    for candidate in _LIKELY:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            has_bom = data.startswith(b"\xef\xbb\xbf")
            return text, ("utf-8" if candidate == "utf-8-sig" and not has_bom else candidate)
    best = from_bytes(data).best()
    if best is None or not _looks_like_text(str(best)):
        raise UnreadableDocument(f"{path}: binary or undecodable file, not a text document")
    return str(best), best.encoding


def _looks_like_text(text: str) -> bool:
    """Reject decodes that are mostly control characters (a binary file that
    happens to decode as GB18030, which accepts almost any byte string)."""
    if not text:
        return False
    control = len(_CONTROL.findall(text))
    return control / len(text) < 0.01


# Control characters (below 32) other than TAB, LF, VT, FF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@register(".txt", ".md", ".text", ".markdown")
def read_text(path: Path, data: bytes) -> Document:
    from sources.tables import recover_tables

    text, encoding = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument(f"{path}: file is empty")
    media_type = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    return Document(
        name=path.name,
        path=str(path),
        text=text,
        sha256=sha256(data),
        media_type=media_type,
        encoding=encoding,
        tables=tuple(recover_tables(text)),
    )
