"""Fuzz tests (hypothesis): the text parser, the value grammar and the PDF/XLSX readers on mutated
seed inputs never crash or hang; every failure is an InputError with one clear line."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.ingest import read_document, read_text
from auditor.ingest.limits import Limits
from auditor.model import Document

DATA = Path(__file__).parents[1] / "ingest" / "data"
LIMITS = Limits(file_seconds=20)  # a hang would surface as a time-limit InputError, never a stuck test


def examples(n: int) -> int:
    """``n`` examples under the default hypothesis profile, 10x under ``HYPOTHESIS_PROFILE=thorough``
    (tests/conftest.py): the file readers cost ~0.1-0.3 s an example, so the default run stays short."""
    return max(1, n * settings.default.max_examples // 100)


FUZZ = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_clear(err: InputError, file: str) -> None:
    text = str(err)
    assert err.file == file
    assert err.message and "\n" not in text and "Traceback" not in text


@pytest.fixture(scope="module")
def seed_lines(seed_path: Path) -> list[str]:
    return seed_path.read_text(encoding="utf-8").splitlines()


# -- text parser ---------------------------------------------------------------------------------

line_edit = st.tuples(
    st.sampled_from(["drop", "dup", "cut", "insert", "tabs", "swap"]),
    st.integers(min_value=0, max_value=10_000),
    st.text(max_size=30),
)


@settings(FUZZ, max_examples=examples(30))  # each example parses up to 200 seed lines
@given(
    start=st.integers(min_value=640, max_value=7000),
    length=st.integers(1, 200),
    edits=st.lists(line_edit, max_size=12),
)
def test_text_parser_on_mutated_seed(seed_lines, start, length, edits):
    lines = seed_lines[start : start + length]
    for op, pos, junk in edits:
        if not lines:
            break
        i = pos % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: pos % (len(lines[i]) + 1)]
        elif op == "insert":
            lines.insert(i, junk)
        elif op == "tabs":
            lines[i] = lines[i].replace("\t", "" if pos % 2 else "\t\t")
        else:
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    data = "\n".join(lines).encode("utf-8")
    try:
        doc = read_text(data, "fuzz.txt", "fuzz")
    except InputError as err:
        assert_clear(err, "fuzz.txt")
        return
    assert isinstance(doc, Document)
    for form in doc.forms:
        assert form.form_id.startswith("fuzz#")
        form.to_dict()


@FUZZ
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), max_size=40))
def test_parse_lines_on_arbitrary_rows(rows):
    from auditor.parse import parse_lines

    doc = parse_lines(rows, file="x.txt", name="x")
    assert doc.headers_found == len(doc.forms)  # every form header opens exactly one form


@FUZZ
@given(st.binary(max_size=3000))
def test_text_reader_on_arbitrary_bytes(data):
    try:
        read_text(data, "b.txt", "b")
    except InputError as err:
        assert_clear(err, "b.txt")


# -- value grammar -----------------------------------------------------------------------------

value_alphabet = (
    "≥≤><=＝%％0123456789.,万元个天年月日次人以上内前后底～~-—/平方米小时不低于高于达到明显提升好较差"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=value_alphabet, max_size=20), st.text(max_size=20)))
def test_value_grammar_never_crashes(text):
    from auditor.values import parse_value

    parsed = parse_value(text)
    assert parsed.raw == text


# -- PDF reader ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pages 5-6 of the replica PDF (one form) as their own PDF, written by pdfium."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(DATA / "replicas.pdf"))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [4, 5])
    buf = io.BytesIO()
    out.save(buf)
    data = buf.getvalue()
    path = tmp_path_factory.mktemp("pdf") / "small.pdf"
    path.write_bytes(data)
    doc = read_document(path)  # the unmutated excerpt reads fine
    assert len(doc.forms) >= 1
    return path


pdf_edit = st.tuples(
    st.sampled_from(["flip", "zero", "delete", "insert"]),
    st.integers(0, 10**7),
    st.binary(min_size=1, max_size=64),
)


@pytest.mark.slow
@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(pdf_edit, min_size=1, max_size=6))
def test_pdf_reader_on_mutated_pdf(small_pdf, tmp_path, edits):
    data = bytearray(small_pdf.read_bytes())
    body_end = len(data) - 64  # keep the header and the %%EOF trailer: exercise the parser, not the EOF check
    for op, pos, junk in edits:
        i = 16 + pos % max(body_end - 16, 1)
        if op == "flip":
            data[i] ^= junk[0] or 0xFF
        elif op == "zero":
            data[i : i + len(junk)] = bytes(len(junk))
        elif op == "delete":
            del data[i : i + len(junk)]
        else:
            data[i:i] = junk
    path = tmp_path / "mutated.pdf"
    path.write_bytes(bytes(data))
    try:
        read_document(path, LIMITS)
    except InputError as err:
        assert_clear(err, str(path))


# -- XLSX reader ---------------------------------------------------------------------------------


@pytest.mark.slow
@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    member=st.sampled_from(
        ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml"]
    ),
    pos=st.integers(0, 10**6),
    cut=st.integers(0, 400),
    junk=st.binary(max_size=40),
)
def test_xlsx_reader_on_mutated_xml(tmp_path, member, pos, cut, junk):
    src = DATA / "replicas_by_sheet.xlsx"
    path = tmp_path / "mutated.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                i = pos % (len(data) + 1)
                data = data[:i] + junk + data[i + cut :]
            zout.writestr(info.filename, data)
    try:
        read_document(path, LIMITS)
    except InputError as err:
        assert_clear(err, str(path))


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pos=st.integers(0, 10**6), junk=st.binary(min_size=1, max_size=16))
def test_xlsx_reader_on_mutated_bytes(tmp_path, pos, junk):
    data = bytearray((DATA / "replicas_by_sheet.xlsx").read_bytes())
    i = pos % len(data)
    data[i : i + len(junk)] = junk
    path = tmp_path / "bytes.xlsx"
    path.write_bytes(bytes(data))
    try:
        read_document(path, LIMITS)
    except InputError as err:
        assert_clear(err, str(path))


# -- PDF layout pass on random geometry -------------------------------------------------------------

_xs = st.floats(min_value=0, max_value=600, allow_nan=False)


@st.composite
def _pages(draw):
    from auditor.ingest.pdf import _Line, _Page, _Seg, _Table, _TRow

    pages = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        tables = []
        for _ in range(draw(st.integers(0, 2))):
            edges = sorted(set(draw(st.lists(_xs, min_size=2, max_size=6))))
            if len(edges) < 2:
                continue
            cols = list(itertools.pairwise(edges))
            top = draw(st.floats(0, 700))
            rows = []
            for r in range(draw(st.integers(1, 5))):
                cells = [_Seg(a, b, draw(st.text(max_size=4))) for a, b in cols if draw(st.booleans())]
                rows.append(_TRow(top + 12 * r, top + 12 * r + 12, [c for c in cells if c.text]))
            tables.append(_Table((edges[0], top, edges[-1], top + 12 * len(rows)), cols, rows))
        lines = []
        for _ in range(draw(st.integers(0, 4))):
            x0 = draw(_xs)
            segs = [_Seg(x0, x0 + draw(st.floats(1, 200)), draw(st.text(min_size=1, max_size=6)))]
            y = draw(st.floats(0, 800))
            lines.append(_Line(y, y + 8, segs))
        pages.append(_Page(number, tables, lines))
    return pages


@settings(max_examples=examples(100), deadline=None)
@given(_pages())
def test_pdf_layout_on_random_geometry(pages):
    from auditor.ingest.pdf import _layout

    out = _layout(pages)
    assert len(out.lines) == len(out.pages)
    assert all(p in {pg.number for pg in pages} for p in out.pages)
