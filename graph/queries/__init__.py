"""Named SPARQL queries, one ``.rq`` file each.

Queries take their inputs as variables (``?text``, ``?name`` …) that the store
binds at run time, never by string formatting.  The PREFIX lines of
:data:`ontology.PREFIXES` are supplied by the store.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def named_query(name: str) -> str:
    path = HERE / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no named query {name!r}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.rq"))
