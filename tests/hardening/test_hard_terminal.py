"""Case 2: escape sequences in project names, indicator names and values never reach the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example/\x07点我\x1b]8;;\x07"


@pytest.fixture
def hostile_csv(tmp_path: Path, small_frame) -> Path:
    frame = small_frame.copy()  # a few escapes (many would make the file look binary)
    first = frame["form_id"] == frame["form_id"].iloc[0]
    frame.loc[first, "project_name"] = CLEAR + LINK + frame.loc[first, "project_name"]
    frame.loc[0, "department"] = "\x1b[31m" + frame.loc[0, "department"]
    frame.loc[0, "level3"] = f"\x9b31m{frame.loc[0, 'level3']}\x1b[0m"
    frame.loc[1, "annual_value"] = f"{frame.loc[1, 'annual_value']}\x1b[8m"
    path = tmp_path / "hostile.csv"
    frame.to_csv(path, index=False)
    return path


def _controls(text: str) -> set[str]:
    return {ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0}


def test_check_text_output_has_no_control_characters(hostile_csv: Path, cli):
    run = cli("check", hostile_csv, "--show-clean")
    assert run.code == 1
    out = run.stdout.decode("utf-8")
    assert "点我" in out  # the name is shown, its escape sequences are not live
    assert _controls(out) == set()
    assert _controls(run.stderr.decode("utf-8")) == set()


def test_audit_summary_table_has_no_control_characters(hostile_csv: Path, tmp_path: Path, cli):
    run = cli("audit", hostile_csv, "-o", tmp_path / "out")
    assert run.code == 1
    err = run.stderr.decode("utf-8")
    assert "点我" in err
    assert _controls(err) == set()


def test_terminal_text_makes_controls_visible():
    from auditor.safety import terminal_text

    shown = terminal_text(CLEAR + LINK + "a\tb\r\nc\x00d\u202ee")
    assert _controls(shown) <= {"\t"} and "\n" not in shown
    assert "点我" in shown and "[2J" in shown  # visible, not live
    assert terminal_text("孝义市 ≥95%") == "孝义市 ≥95%"
