"""Reading text files: every common encoding gives the same text; files that
are not text documents are rejected with a one-line reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.errors import UnreadableDocument
from sources.readers import read_document

TEXT = "青溪区2024年重点工作任务清单\n\t序号\n\t任务名称\n\t责任单位\n\n\t1\n\t地区生产总值\n\t区财政局\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "reported"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
    ],
)
def test_encodings_give_the_same_text(tmp_path: Path, encoding: str, prefix: bytes, reported: str) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    document = read_document(path)
    assert document.text == TEXT
    assert document.encoding == reported
    assert document.media_type == "text/plain"
    assert len(document.tables) == 1
    assert document.tables[0].header == ("序号", "任务名称", "责任单位")


def test_windows_line_ends_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    assert read_document(path).text == TEXT


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableDocument, match="binary"):
        read_document(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file_is_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument, match="empty"):
        read_document(path)


def test_missing_file_and_directory_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_document(tmp_path / "absent.txt")
    with pytest.raises(UnreadableDocument, match="directory"):
        read_document(tmp_path)
