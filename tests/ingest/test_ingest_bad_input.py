"""Bad input (issue 3) and hostile files (issue 7): one clear line each, a non-zero exit, no traceback,
and one bad file never stops the others."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import auditor
from auditor.errors import InputError
from auditor.ingest import iter_documents, read_document
from auditor.ingest.limits import Limits

DATA = Path(__file__).parent / "data"


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture()
def main_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """``main_cli(*args)``: the console entry point (``auditor.cli.app.main``) run in-process, as a
    CompletedProcess (exit code, stdout, stderr); ``test_cli_parse_folder`` still spawns ``python -m auditor``."""
    from auditor.cli.app import main

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["auditor", *map(str, args)])
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main()
        out = capsys.readouterr()
        code = exit_info.value.code
        return subprocess.CompletedProcess(sys.argv, code if isinstance(code, int) else 1, out.out, out.err)

    return run


def one_error_line(result: subprocess.CompletedProcess[str], file: Path, words: str) -> str:
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if str(file) in ln]
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    return lines[0]


def zip_bomb(path: Path) -> Path:
    """An .xlsx-shaped zip whose one sheet inflates 1000:1 (50 MiB of zeros)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return path


@pytest.fixture()
def cut_copy(seed_path: Path, seed_doc, tmp_path: Path) -> tuple[Path, int]:
    """The seed cut off inside the indicator table of its third form (after its 4th indicator row)."""
    form = seed_doc.forms[2]
    assert form.project_name == "2019年至2021年期间工程、采购货物等相关欠款项目"
    cut = form.indicators[3].line
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)[:cut]
    path = tmp_path / "cut.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return path, cut


# -- issue 3: through auditor.load ---------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="空文件") as info:
        auditor.load(path)
    assert info.value.file == str(path)


def test_binary_file(tmp_path):
    path = tmp_path / "data.txt"  # the suffix says text; the content decides
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="二进制文件"):
        auditor.load(path)


def test_text_without_forms(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("2025年部门预算公开说明\n一、部门职责\n本部门负责机关后勤保障。\n", encoding="utf-8")
    with pytest.raises(InputError, match="未找到绩效目标表"):
        auditor.load(path)


def test_whitespace_only_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="只有空白"):
        auditor.load(path)


def test_gb18030_copy_gives_the_same_forms(seed_path, seed_doc, tmp_path):
    path = tmp_path / "seed-gbk.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode("gb18030"))
    doc = auditor.load(path)
    assert len(doc.forms) == 138
    assert doc.forms[3].indicators[0].level3 == seed_doc.forms[3].indicators[0].level3 == "活动人数"


def test_cut_copy_keeps_the_complete_forms(cut_copy, seed_doc):
    path, cut = cut_copy
    doc = auditor.load(path)
    assert doc.truncated_at == cut
    assert len(doc.forms) == 3
    assert [f.project_name for f in doc.forms] == [f.project_name for f in seed_doc.forms[:3]]
    last = doc.forms[-1]
    assert [i.level3 for i in last.indicators] == ["刮墙", "划线", "木门", "项目金额"]
    assert any("中途结束" in w for w in last.warnings)


def test_utf8_copy_cut_inside_a_character(seed_path, tmp_path):
    data = seed_path.read_bytes()
    cut = data.index("满意度指标".encode(), 40000) + 2  # inside the 3-byte 满
    path = tmp_path / "cut-mid-char.txt"
    path.write_bytes(data[:cut])
    doc = auditor.load(path)
    assert doc.source_format == "text"
    assert doc.truncated


# -- issue 3: through the CLI ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "空文件"),
        (os.urandom(4096) + b"\0", "二进制文件"),
        ("部门预算说明\n没有表格。\n".encode(), "未找到绩效目标表"),
    ],
    ids=["empty", "binary", "no-forms"],
)
def test_cli_parse_bad_file_one_line_exit_2(content, words, tmp_path, main_cli):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = main_cli("parse", path)
    assert result.returncode == 2
    one_error_line(result, path, words)
    assert result.stdout == ""


def test_cli_parse_cut_copy_warns_with_line_and_exits_1(cut_copy, main_cli):
    path, cut = cut_copy
    result = main_cli("parse", path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "中途结束" in result.stderr and f"第{cut}行" in result.stderr
    assert len(result.stdout.splitlines()) == 3  # the three forms read, as jsonl


def test_cli_parse_gb18030_copy(seed_path, tmp_path, main_cli):
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode("gb18030"))
    result = main_cli("parse", path)
    assert len(result.stdout.splitlines()) == 138
    assert "Traceback" not in result.stderr


# -- issue 7: a folder of mixed files ----------------------------------------------------------


# a good PDF of one form (a regions replica, tests/ingest/test_region_formats.py): a few pages of
# pdfplumber fewer than the 19 of replicas.pdf, read by each of the folder tests below
GOOD_PDF = Path(__file__).parents[1] / "data" / "regions" / "replicas" / "h12_unit_annual.pdf"


@pytest.fixture()
def mixed_folder(seed_path, tmp_path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "sub" / "unit.pdf").write_bytes(GOOD_PDF.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.bin").write_bytes(os.urandom(20000) + b"\0")
    (folder / "truncated.pdf").write_bytes((DATA / "replicas.pdf").read_bytes()[:150_000])
    zip_bomb(folder / "bomb.xlsx")
    (folder / ".hidden").write_bytes(b"skipped")
    return folder


@pytest.mark.slow
def test_iter_documents_reads_the_good_and_reports_the_bad(mixed_folder):
    results = list(iter_documents([mixed_folder]))
    names = [Path(r.file if isinstance(r, InputError) else r.path).name for r in results]
    assert names == ["bomb.xlsx", "empty.txt", "random.bin", "seed.txt", "unit.pdf", "truncated.pdf"]
    errors = {Path(r.file).name: r.message for r in results if isinstance(r, InputError)}
    assert "压缩炸弹" in errors["bomb.xlsx"]
    assert "空文件" in errors["empty.txt"]
    assert "二进制文件" in errors["random.bin"]
    assert "不完整" in errors["truncated.pdf"]
    docs = {Path(r.path).name: r for r in results if not isinstance(r, InputError)}
    assert len(docs["seed.txt"].forms) == 138
    assert [f.kind for f in docs["unit.pdf"].forms] == ["unit"]  # its one unit-wide form


# the bad files of the mixed folder and a word of the reason each must be reported with
BAD_FILES = [
    ("bomb.xlsx", "压缩炸弹"),
    ("empty.txt", "空文件"),
    ("random.bin", "二进制"),
    ("truncated.pdf", "不完整"),
]


@pytest.mark.slow
def test_cli_parse_folder(mixed_folder):
    result = run_cli("parse", mixed_folder)  # a real `python -m auditor` (the audit below runs in-process)
    assert result.returncode == 2
    for name, words in BAD_FILES:
        one_error_line(result, mixed_folder / name, words)
    assert len(result.stdout.splitlines()) == 138 + 1  # nothing else lost


# -- limits --------------------------------------------------------------------------------------


def test_size_limit(seed_path):
    with pytest.raises(InputError, match="文件过大"):
        read_document(seed_path, Limits(max_file_bytes=1000))


def test_page_limit():
    with pytest.raises(InputError, match="超过上限 5 页"):
        read_document(DATA / "replicas.pdf", Limits(max_pdf_pages=5))


def test_time_limit():
    with pytest.raises(InputError, match="读取超时"):
        read_document(DATA / "replicas.pdf", Limits(file_seconds=0.2))


def test_sheet_row_limit():
    with pytest.raises(InputError, match="表格过大"):
        read_document(DATA / "replicas.xlsx", Limits(max_sheet_rows=100))


def test_zip_entry_limit(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(30):
            zf.writestr(f"xl/media/{i}.bin", b"x")
    with pytest.raises(InputError, match="31 个条目"):
        read_document(path, Limits(zip_max_entries=20))


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    with pytest.raises(InputError, match="Excel"):
        read_document(path)


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(InputError, match="没有文本层"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Office"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "图片"),
    ],
)
def test_unsupported_types_named_by_content(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        read_document(path)


def _pdf_with_cid_font(content: bytes) -> bytes:
    """A one-page PDF whose Type0 font has no ToUnicode map: its text extracts as (cid:N)."""
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/Font/Subtype/Type0/BaseFont/XYZ/Encoding/Identity-H/DescendantFonts[6 0 R]>>",
        b"<</Type/Font/Subtype/CIDFontType2/BaseFont/XYZ/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)"
        b"/Supplement 0>>/FontDescriptor 7 0 R/DW 1000>>",
        b"<</Type/FontDescriptor/FontName/XYZ/Flags 4/FontBBox[0 0 1000 1000]/ItalicAngle 0/Ascent 880"
        b"/Descent -120/CapHeight 700/StemV 80>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_with_unreadable_text_layer(tmp_path):
    path = tmp_path / "cid.pdf"
    path.write_bytes(_pdf_with_cid_font(b"BT /F1 12 Tf 72 700 Td <0102030405060708090A> Tj ET"))
    with pytest.raises(InputError, match=r"文本层无法读取.*第 1 页"):
        read_document(path)


@pytest.mark.slow
def test_cli_audit_folder_reports_each_bad_file(mixed_folder, tmp_path, main_cli, monkeypatch):
    import json

    out = tmp_path / "report"
    # COLUMNS: `audit` prints its error lines through rich, which wraps them at 80 columns otherwise
    monkeypatch.setenv("COLUMNS", "1000")
    # in-process (the default --jobs still reads the files in worker processes, forked from here)
    result = main_cli("audit", mixed_folder, "-o", out, "-f", "json", "-q")
    assert result.returncode == 2
    for name, words in BAD_FILES:
        one_error_line(result, mixed_folder / name, words)
    report = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    inputs = {Path(i["file"]).name: i for i in report["inputs"]}
    assert inputs["seed.txt"]["forms"] == 138
    assert inputs["unit.pdf"]["forms"] == 1
    assert "压缩炸弹" in inputs["bomb.xlsx"]["errors"][0]
    assert inputs["truncated.pdf"]["forms"] == 0 and "不完整" in inputs["truncated.pdf"]["errors"][0]
    assert len(report["projects"]) == 138 + 1  # every form of the good files is audited (unit forms too)


def test_encrypted_pdf():
    # LibreOffice export with a document-open password (encrypted.pdf, 6 KB)
    with pytest.raises(InputError, match="PDF 已加密"):
        read_document(DATA / "encrypted.pdf")


def test_html_saved_as_pdf_name(tmp_path):
    path = tmp_path / "download.pdf"  # a failed download: the server's error page
    path.write_text("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="网页（HTML）"):
        read_document(path)


def test_opendocument_is_named(tmp_path):
    path = tmp_path / "forms.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError, match="OpenDocument"):
        read_document(path)


def test_fifo_in_a_folder_is_reported_not_read(tmp_path, seed_path):
    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    results = list(iter_documents([tmp_path]))
    assert [type(r).__name__ for r in results] == ["InputError", "Document"]
    assert "不是普通文件" in results[0].message


def test_docx_zip_bomb_is_named_as_such(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b" " * (30 * 1024 * 1024))
    with pytest.raises(InputError, match="压缩炸弹"):
        read_document(path)


def test_xml_entity_expansion_in_xlsx(tmp_path):
    """A 'billion laughs' sheet: refused (defusedxml) with one line, never expanded."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    src = DATA / "replicas_by_sheet.xlsx"
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = laughs if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info.filename, data)
    with pytest.raises(InputError, match="Excel") as info:
        read_document(path)
    assert "\n" not in str(info.value)
