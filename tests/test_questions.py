"""`ask`: everyday questions in Chinese, recognised by their wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import query
from graph.questions import Question, parse
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("谁牵头GDP?", Question("who_leads", "GDP")),
        ("谁负责数字政府建设工作？", Question("who_leads", "数字政府建设")),
        ("地区生产总值由谁牵头？", Question("who_leads", "地区生产总值")),
        ("“数字经济”发展的牵头领导是谁", Question("who_leads", "“数字经济”发展")),
        ("GDP的联络人是谁？", Question("liaison", "GDP")),
        ("周建国牵头哪些任务？", Question("tasks_of", "周建国", lead_only=True)),
        ("区财政局负责哪些工作", Question("tasks_of", "区财政局")),
        ("区发改局担责多少项？", Question("count", "区发改局")),
        ("区发改局 一共 牵头 多少项任务", Question("count", "区发改局", lead_only=True)),
    ],
)
def test_questions_are_recognised(text: str, expected: Question) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["今天天气好吗", "", "？", "SELECT * WHERE {}"])
def test_other_text_is_not_a_question(text: str) -> None:
    assert parse(text) is None


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ask") / "kg"
    assert query.main(["--store", str(path), "build", *map(str, sorted(SAMPLES.iterdir()))]) == 0
    return path


def ask(
    capsys: pytest.CaptureFixture[str], store: Path, text: str, fmt: str = "json"
) -> tuple[int, str, str]:
    code = query.main(["--store", str(store), "ask", text, "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_who_leads(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, store, "谁牵头地区生产总值？")
    [answer] = json.loads(out)
    assert code == 0 and answer["lead_leaders"] == ["周建国"]


def test_ask_count_matches_leads(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, store, "区财政局担责多少项？")
    count = json.loads(out)[0]["tasks"]
    capsys.readouterr()
    assert query.main(["--store", str(store), "leads", "区财政局", "--format", "json"]) == 0
    assert code == 0 and count == len(json.loads(capsys.readouterr().out)) > 0


def test_ask_lead_only_keeps_lead_roles(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ask(capsys, store, "区财政局牵头哪些任务？")
    led = json.loads(out)
    assert code in (0, 1) and all({"牵头领导", "牵头单位"} & set(t["roles"]) for t in led)


def test_unknown_question_is_one_line(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = ask(capsys, store, "今天天气好吗")
    assert code == 1 and out == "" and err.startswith("error: cannot tell what is asked")
    assert len(err.strip().splitlines()) == 1


def test_serve_without_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = query.main(["--store", str(tmp_path / "none"), "serve"])
    err = capsys.readouterr().err
    assert code == 1 and ("no store at" in err or "not installed" in err)
