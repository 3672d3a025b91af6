"""Task extraction measured against the development corpus gold (../shared/corpus).

Each corpus document is extracted by the full pipeline and scored the way
``query.py eval`` scores it (:mod:`evaluation.tasks`: built into a graph,
read back, tasks matched by title).  Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from evaluation.scores import Score
from evaluation.tasks import score_tasks
from sources.pipeline import extract_path


def norm(text: str) -> str:
    """Compare surface forms without whitespace, quote marks or width differences."""
    text = re.sub(r"[\s\u3000“”‘’\"'「」『』]", "", text)
    return text.translate(str.maketrans("（）：，；", "():,;"))


def score_document(doc: Path, gold: dict) -> tuple[Score, Score]:
    """(task-role micro score, tasks score) of one document, read back from the graph."""
    scores = score_tasks(extract_path(doc), gold)
    return scores.micro(), scores.roles["tasks"]


def corpus_pairs(shared: Path) -> list[tuple[Path, dict]]:
    corpus = shared / "corpus"
    if not (corpus / "gold").is_dir():
        pytest.skip("corpus gold not found")
    pairs = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pairs.append((corpus / "docs" / gold["doc"], gold))
    return pairs


def test_corpus_task_role_f1(shared: Path) -> None:
    roles, tasks = Score(), Score()
    for doc, gold in corpus_pairs(shared):
        r, t = score_document(doc, gold)
        print(f"{doc.stem:<14} tasks {t.tp}/{t.tp + t.fn} P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}")
        roles, tasks = roles + r, tasks + t
    assert tasks.fn == 0 and tasks.fp == 0
    assert roles.f1 >= 0.97, roles


@pytest.mark.parametrize("stem", ["01", "02", "03", "04", "05", "06"])
def test_corpus_document_tasks_found(shared: Path, stem: str) -> None:
    """Every gold task of each document is found, and no task is invented."""
    pairs = [(doc, gold) for doc, gold in corpus_pairs(shared) if doc.name.startswith(stem)]
    if not pairs:
        pytest.skip(f"corpus document {stem} not present")
    doc, gold = pairs[0]
    roles, tasks = score_document(doc, gold)
    assert (tasks.fn, tasks.fp) == (0, 0), tasks
    assert roles.f1 >= 0.9, roles


def test_corpus_keys_and_titles_follow_gold(shared: Path) -> None:
    """Keys are positions ("1" … "n"), titles the task's own words."""
    for doc, gold in corpus_pairs(shared):
        tasks = extract_path(doc).tasks
        assert [t.key for t in tasks] == [g["key"] for g in gold["tasks"]], doc.name
        assert [norm(t.title) for t in tasks] == [norm(g["title"]) for g in gold["tasks"]], doc.name


def test_corpus_in_full_width_punctuation(shared: Path, tmp_path: Path) -> None:
    """The live pages use ：，；（）【】 where the saved copies have ASCII; both must read alike."""
    full = str.maketrans(":,;()[]", "：，；（）【】")
    total = Score()
    for doc, gold in corpus_pairs(shared):
        copy = tmp_path / doc.name
        copy.write_text(doc.read_text(encoding="utf-8").translate(full), encoding="utf-8")
        roles, tasks = score_document(copy, gold)
        assert tasks.fn == 0, (doc.name, tasks)
        total = total + roles
    assert total.f1 >= 0.97


def _as_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(path)
    return path


def _as_html(text: str, path: Path) -> Path:
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    nav = "<div class='nav'><a href='/'>首页</a><a href='/zw'>政务公开</a></div>"
    path.write_text(
        f"<html><head><meta charset='utf-8'></head><body>{nav}{body}</body></html>", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_corpus_in_other_formats(shared: Path, tmp_path: Path, kind: str) -> None:
    """The same pages as a Word file, a web page and (where LibreOffice is
    installed to make it) a PDF, whose lines wrap at the margin."""
    pairs = corpus_pairs(shared)
    paths = []
    for doc, _ in pairs:
        text = doc.read_text(encoding="utf-8")
        if kind == "html":
            paths.append(_as_html(text, tmp_path / f"{doc.stem}.html"))
        else:
            paths.append(_as_docx(text, tmp_path / f"{doc.stem}.docx"))
    if kind == "pdf":
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            pytest.skip("LibreOffice is not installed")
        outdir = tmp_path / "pdf"
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        paths = [outdir / f"{p.stem}.pdf" for p in paths]
    total = Score()
    for path, (_, gold) in zip(paths, pairs, strict=True):
        roles, tasks = score_document(path, gold)
        assert tasks.fn == 0, (path.name, tasks)
        total = total + roles
    assert total.f1 >= 0.97
