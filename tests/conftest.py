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
