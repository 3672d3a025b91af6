"""The same made-up task list as txt, docx, xlsx, pdf and html gives the same
tasks; damaged, encrypted and scanned files are refused with one line.

The txt/docx/xlsx/html copies are generated at test time
(tests/fixtures/make_formats.py); the pdf is the committed conversion of the
docx by LibreOffice, so the tests need no LibreOffice.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from sources.errors import UnreadableDocument
from sources.pipeline import extract_path
from sources.readers import read_document
from tests.fixtures import make_formats
from tests.fixtures.make_formats import EXPECTED

FORMATS = ("txt", "docx", "xlsx", "pdf", "html")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("formats")
    paths = make_formats.write_all(out)
    paths["pdf"] = Path(shutil.copyfile(make_formats.PDF, out / make_formats.PDF.name))
    return paths


def triples(path: Path) -> set[tuple[str, str, str]]:
    extraction = extract_path(path)
    return {(t.title, a.role.value, a.agent) for t in extraction.tasks for a in t.assignments}


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_gives_the_task_list(files: dict[str, Path], kind: str) -> None:
    assert triples(files[kind]) == EXPECTED


def test_all_formats_agree(files: dict[str, Path]) -> None:
    found = {kind: triples(files[kind]) for kind in FORMATS}
    assert all(value == found["txt"] for value in found.values())


@pytest.mark.parametrize("kind", ("docx", "xlsx", "pdf", "html"))
def test_table_cells_point_into_the_text(files: dict[str, Path], kind: str) -> None:
    document = read_document(files[kind])
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.header == make_formats.HEADER
    assert len(table.rows) == len(make_formats.ROWS)
    for row in table.rows:
        for cell in row:
            origin = cell.origin
            assert document.text[origin.start : origin.end] == origin.text
            assert origin.table == 0
            if cell.text:
                assert origin.text == cell.text
    # the merged 牵头单位 cell: the second row reads the first row's cell
    first, second = table.rows[0], table.rows[1]
    assert second[3].text == "区发改局"
    assert second[3].origin.start == first[3].origin.start
    assert second[3].origin.row == 1 and second[3].origin.column == "牵头单位"


@pytest.mark.parametrize("kind", FORMATS)
def test_deadlines_read_in_every_format(files: dict[str, Path], kind: str) -> None:
    tasks = {t.title: t for t in extract_path(files[kind]).tasks}
    assert tasks["扩大有效投资"].deadline == "2024年6月30日前"
    assert tasks["扩大有效投资"].deadline_date == "2024-06-30"
    assert tasks["推进数字经济产业园建设"].deadline_date == "2024-12-31"


def test_docx_text_is_paragraphs_then_tab_led_rows(files: dict[str, Path]) -> None:
    text = read_document(files["docx"]).text
    lines = text.splitlines()
    assert lines[0] == make_formats.TITLE
    assert lines[3] == "\t" + "\t".join(make_formats.HEADER)
    assert lines[-1] == make_formats.AFTER[-1]


def test_html_drops_navigation_scripts_and_footer(files: dict[str, Path]) -> None:
    text = read_document(files["html"]).text
    for boilerplate in (
        "政务公开",
        "互动交流",
        "机构概况",
        "当前位置",
        "var menu",
        "网站地图",
        "微博",
        "font-family",
    ):
        assert boilerplate not in text
    assert text.splitlines()[0] == make_formats.TITLE
    assert make_formats.NOTICE[1] in text


def test_html_page_without_tasks_is_a_document(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><meta charset='gb2312'><title>青溪区召开经济工作会议</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/x'>新闻</a></div>"
        "<div class='content'><h1>青溪区召开经济工作会议</h1><p>12月20日，青溪区召开经济工作会议，"
        "区长陈思出席会议并讲话。会议要求，各部门要抓好落实。</p></div></body></html>",
        encoding="gb18030",
    )
    extraction = extract_path(page)
    assert "区长陈思出席会议并讲话" in extraction.document.text
    assert extraction.tasks == ()


# ---------------------------------------------------------------- bad input


def _one_line(path: Path, *needles: str) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for needle in needles:
        assert needle in message
    return message


def test_truncated_docx(files: dict[str, Path], tmp_path: Path) -> None:
    data = files["docx"].read_bytes()
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(data[: len(data) // 2])
    _one_line(bad, "corrupt")


def test_docx_with_a_damaged_part(files: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "damaged.docx"
    with zipfile.ZipFile(files["docx"]) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    _one_line(bad, "corrupt")


def test_truncated_xlsx(files: dict[str, Path], tmp_path: Path) -> None:
    data = files["xlsx"].read_bytes()
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    _one_line(bad, "corrupt")


def test_password_protected_xlsx(tmp_path: Path) -> None:
    """Committed sample, encrypted by msoffcrypto-tool (make_formats --encrypted)."""
    path = tmp_path / "locked.xlsx"
    shutil.copyfile(make_formats.ENCRYPTED_XLSX, path)
    _one_line(path, "password-protected")


def test_password_protected_xlsx_made_now(files: dict[str, Path], tmp_path: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    encrypted = io.BytesIO()
    with files["xlsx"].open("rb") as handle:
        msoffcrypto.OfficeFile(handle).encrypt("secret", encrypted)
    path = tmp_path / "locked-now.xlsx"
    path.write_bytes(encrypted.getvalue())
    _one_line(path, "password-protected")


def test_hand_made_encrypted_ole_docx(tmp_path: Path) -> None:
    """The shape of an encrypted Office file: an OLE container holding the
    EncryptionInfo and EncryptedPackage streams."""
    names = "".join(f"{n}\0" for n in ("EncryptionInfo", "EncryptedPackage")).encode("utf-16-le")
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + names + b"\0" * 256)
    _one_line(path, "password-protected")


def test_old_binary_doc_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    _one_line(path, "old binary .doc")


def test_password_protected_pdf(tmp_path: Path) -> None:
    """Committed sample, encrypted by pypdf (make_formats --encrypted)."""
    path = tmp_path / "locked.pdf"
    shutil.copyfile(make_formats.ENCRYPTED_PDF, path)
    _one_line(path, "password-protected")


def test_password_protected_pdf_made_now(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(make_formats.PDF))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked-now.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _one_line(path, "password-protected")


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 580, 260), outline="black")
    draw.text((60, 60), "scanned page", fill="black")
    path = tmp_path / "scan.pdf"
    image.save(path)
    _one_line(path, "no text layer", "OCR")


def test_truncated_and_fake_pdf(tmp_path: Path) -> None:
    data = make_formats.PDF.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 3])
    _one_line(truncated)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"this was never a pdf")
    _one_line(fake, "not a PDF")


# ---------------------------------------------------------------- layouts within formats


def test_pdf_table_over_several_pages_is_one_table() -> None:
    """Committed LibreOffice conversion: the header repeats on each page and
    rows are split by page breaks; the reader gives back the table as written."""
    document = read_document(make_formats.LONG_PDF)
    (table,) = document.tables
    assert table.header == ("序号", "工作任务", "牵头单位", "责任单位")
    assert [tuple(c.text for c in row) for row in table.rows] == [
        make_formats.long_row(n) for n in range(1, make_formats.LONG_ROWS + 1)
    ]
    tasks = extract_path(make_formats.LONG_PDF).tasks
    assert len(tasks) == make_formats.LONG_ROWS
    assert all(len(t.title) <= 40 for t in tasks)


def test_docx_list_numbering_is_shown(tmp_path: Path) -> None:
    """Word's automatic numbering is not in the paragraph text; the reader
    renders it, since the numbers carry the task hierarchy."""
    import docx

    document = docx.Document()
    document.add_paragraph("青溪区重点工作")
    document.add_paragraph("推进数字经济发展（区发改局牵头，区财政局配合）", style="List Number")
    document.add_paragraph("扩大有效投资（区住建局负责）", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    lines = read_document(path).text.splitlines()
    assert lines[1:] == ["1.推进数字经济发展（区发改局牵头，区财政局配合）", "2.扩大有效投资（区住建局负责）"]
    assert [(t.key, t.title) for t in extract_path(path).tasks] == [
        ("1", "推进数字经济发展"),
        ("2", "扩大有效投资"),
    ]


def test_html_layout_tables_and_two_level_header(tmp_path: Path) -> None:
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "<title>关于印发青溪区重点工作的通知-青溪区人民政府</title></head><body>"
        "<table width='100%'><tr><td>"
        "<a href='/'>首页</a> | <a href='/a'>概况</a> | <a href='/b'>新闻</a></td></tr>"
        "<tr><td><table><tr><td>"
        "<p>一、经济发展（牵头领导：周明远）</p><p>1.推进数字经济。（区发改局牵头，区财政局配合）</p>"
        "<table border='1'><tr><td rowspan='2'>序号</td><td colspan='2'>任务及责任</td></tr>"
        "<tr><td>工作任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>扩大有效投资</td><td>区住建局</td></tr></table>"
        "</td></tr></table></td></tr></table><div id='footer'>版权所有 青溪区</div></body></html>"
    )
    path = tmp_path / "layout.htm"
    path.write_bytes(page.encode("gb18030"))
    document = read_document(path)
    assert document.text.splitlines()[0] == "关于印发青溪区重点工作的通知"
    assert "首页" not in document.text and "版权所有" not in document.text
    (table,) = document.tables
    assert table.header == ("序号", "工作任务", "责任单位")
    found = {(t.title, a.role.value, a.agent) for t in extract_path(path).tasks for a in t.assignments}
    assert ("扩大有效投资", "responsibleUnit", "区住建局") in found
    assert ("推进数字经济", "leadLeader", "周明远") in found
    assert ("推进数字经济", "leadUnit", "区发改局") in found
