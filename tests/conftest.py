"""Shared fixtures: where the shared seeds, gold and corpus live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GOVKG_SHARED", ROOT.parent / "shared"))
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (seeds, gold, corpus); tests that need it skip without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"shared documents not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seed001(shared: Path) -> Path:
    return next((shared / "seeds").glob("001_*.txt"))


@pytest.fixture
def extract_text(tmp_path: Path):  # -> Callable[[str], Extraction]
    """Extract a made-up document given as text, through the whole pipeline."""
    from sources.pipeline import extract_path

    def run(text: str):
        path = tmp_path / "made_up.txt"
        path.write_text(text, encoding="utf-8")
        return extract_path(path)

    return run


def mention_types(extraction) -> dict[str, str]:
    """Surface form → gold type name (AdminArea, GovUnit …) of the extraction's mentions."""
    from evaluation.entities import GOLD_TYPES

    names = {type_: name for name, type_ in GOLD_TYPES.items()}
    return {m.text: names.get(m.type, "") for m in extraction.mentions}
