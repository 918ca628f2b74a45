"""Case 9: hostile strings in every text field of the forms; every writer stays inert.

The html has no markup from input, the xlsx/csv no formula, the terminal no control character,
and the json parses and keeps the text."""

from __future__ import annotations

import copy
import csv
import io
import json
from dataclasses import fields, is_dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.model import Document

HOSTILE = [
    "<script>alert(1)</script>", "</script><img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    '"><iframe src=javascript:alert(1)>', "</textarea></style></title>", "<!--", "]]>", "{{7*7}}",
    "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2-2", "@SUM(A1)", "\t=1", "\r=1",
    "\x1b[2J", "\x1b]8;;http://evil\x07x\x1b]8;;\x07", "\x9b31m", "\x00", "\x07", "\u202e", "\ufeff",
    "[bold red]x[/]", "&amp;&lt;", "\\u003c", "\n", "孝义市", "≥95%",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), min_size=1, max_size=4
).map("".join)
CONTROL = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}  # LF: the report's own lines


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)


def _tags(html: str) -> tuple[set[str], set[str]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags, parser.attrs


def _poison(doc: Document, draw_text) -> Document:
    """A copy of *doc* with every string field of every form and indicator replaced."""
    doc = copy.deepcopy(doc)

    def walk(obj, depth=0):
        if depth > 3 or not is_dataclass(obj):
            return
        for f in fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("form_id", "kind", "file"):
                continue
            if isinstance(value, str):
                setattr(obj, f.name, draw_text())
            elif isinstance(value, list):
                for item in value:
                    walk(item, depth + 1)
            else:
                walk(value, depth + 1)

    for i, form in enumerate(doc.forms):
        walk(form)
        form.form_id = f"{draw_text()}#{i + 1}"
    return doc


@pytest.fixture(scope="module")
def one_form(tmp_path_factory, small_text: bytes) -> Document:
    from auditor.ingest import read_document

    path = tmp_path_factory.mktemp("fuzzw") / "one.txt"
    path.write_bytes(small_text)
    doc = read_document(path)
    doc.forms = doc.forms[:2]
    return doc


@pytest.fixture(scope="module")
def clean_tags(one_form: Document, tmp_path_factory):
    from auditor.pipeline import audit as run_audit
    from auditor.report.html import render_html

    return _tags(render_html(run_audit(documents=[copy.deepcopy(one_form)], suggestions=False)))


def _live(cell: str) -> bool:
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) and cell not in ("-", "+") and not _number(cell)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_writers_stay_inert_on_hostile_strings(data, one_form, clean_tags, tmp_path: Path):
    from openpyxl import load_workbook
    from rich.console import Console

    from auditor.engine import run
    from auditor.pipeline import audit as run_audit
    from auditor.report.findings_json import dumps
    from auditor.report.html import render_html
    from auditor.report.indicators_csv import write_csv
    from auditor.report.terminal import print_summary
    from auditor.report.text import render
    from auditor.report.xlsx import write_xlsx

    doc = _poison(one_form, lambda: data.draw(hostile_text))
    audit = run_audit(documents=[doc], suggestions=False)

    tags, attrs = _tags(render_html(audit))
    assert tags <= clean_tags[0] and attrs <= clean_tags[1], (tags - clean_tags[0], attrs - clean_tags[1])

    loaded = json.loads(dumps(audit))
    assert [p["project_name"] for p in loaded["projects"]] == [f.project_name for f in doc.forms]

    write_csv(audit, tmp_path / "i.csv")
    with (tmp_path / "i.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [c for row in csv.reader(fh) for c in row if _live(c)] == []

    write_xlsx(audit, tmp_path / "x.xlsx")
    for ws in load_workbook(tmp_path / "x.xlsx").worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f" and not (isinstance(c.value, str) and _live(c.value)), c.value

    console = Console(file=io.StringIO(), width=120, highlight=False, markup=False, emoji=False)
    print_summary(audit, console)
    shown = console.file.getvalue() + render(run([doc]), show_clean=True)
    assert CONTROL.isdisjoint(shown), {hex(ord(c)) for c in CONTROL & set(shown)}
