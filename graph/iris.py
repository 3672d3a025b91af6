"""Deterministic, readable, scoped IRIs.

IRIs keep Chinese names readable (RDF 1.1 IRIs are Unicode) and percent-encode
only what an IRI may not hold.  Scope decides identity: a unit or person is
minted under the area its document speaks for, so 区发改局 of one district and
区发改局 of another are two nodes, while one official named in two documents
of the same district is one node.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ontology import ID

# Characters an IRI path segment may carry unescaped, beyond non-ASCII letters.
_SAFE_ASCII = re.compile(r"[A-Za-z0-9\-._~]")
_WHITESPACE = re.compile(r"\s+")


# RFC 3987 ucschar: the non-ASCII characters an IRI path may carry as they are.
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)


def _kept(ch: str) -> bool:
    code = ord(ch)
    if code < 128:
        return bool(_SAFE_ASCII.match(ch))
    if 0xA0 <= code <= 0xD7FF:  # Chinese, and most text: the common case first
        return True
    return any(low <= code <= high for low, high in _UCSCHAR)


@lru_cache(maxsize=1 << 16)
def segment(text: str) -> str:
    """One IRI path segment: whitespace dropped, Chinese and other characters
    an IRI may hold kept, everything else (ASCII outside the unreserved set,
    private-use and non-characters) percent-encoded, so every minted IRI is
    valid and can be written into N-Quads as it is."""
    text = _WHITESPACE.sub("", text)
    out = []
    for ch in text:
        if _kept(ch):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out) or "_"


def document_iri(name: str, base: str = ID) -> str:
    """The document's IRI, also the name of the named graph holding its facts."""
    return f"{base}doc/{segment(name)}"


def scope_base(area: str | None, document: str, base: str = ID) -> str:
    """The prefix entities of a document are minted under: its area when the
    document says which area it speaks for, else the document itself (so that
    nothing is merged across documents on a guess)."""
    return f"{base}{segment(area)}/" if area else f"{document_iri(document, base)}/"


def scoped_iri(scope: str, kind: str, name: str) -> str:
    """An entity minted under a scope prefix from :func:`scope_base`."""
    return f"{scope}{kind}/{segment(name)}"


def area_iri(name: str, base: str = ID) -> str:
    """Areas at county level and above are named once for the whole graph."""
    return f"{base}area/{segment(name)}"


def child_iri(parent: str, *parts: str) -> str:
    """A resource that belongs to another (a task's assignment, a mention's selector)."""
    return parent + "".join(f"/{segment(p)}" for p in parts)
