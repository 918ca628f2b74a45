"""Whole-sample invariants of the parse of the bundled sample (every form, every indicator row)."""

from __future__ import annotations

from auditor.parse.layout import label_key, layout

# the printed column headers of the indicator table; never an indicator name
COLUMN_HEADERS = {"一级指标", "二级指标", "三级指标", "指标值", "绩效指标"}


def _source_cells(seed_path, line: int) -> list[str]:
    text = seed_path.read_text(encoding="utf-8").splitlines()[line - 1]
    return [label_key(cell) for cell in text.split("\t") if cell.strip()]


def test_every_project_indicator_has_both_headings(seed_doc):
    missing = [
        f"{form.project_name} line {ind.line}: {ind.level1!r}/{ind.level2!r}/{ind.level3!r}"
        for form in seed_doc.project_forms
        for ind in form.indicators
        if not ind.level1 or not ind.level2
    ]
    assert not missing, "indicators without a level-1 or level-2 heading:\n" + "\n".join(missing)


def test_level2_heading_belongs_to_its_level1(seed_doc):
    """A level-2 heading sits under its own level-1 (成本指标: under 产出指标, or level-1 itself)."""
    lay = layout()
    wrong = []
    for form in seed_doc.project_forms:
        for ind in form.indicators:
            parent = lay.level2_parent(ind.level2) if ind.level2 else None
            if parent is None or label_key(parent) != label_key(ind.level1):
                wrong.append(f"{form.project_name} line {ind.line}: {ind.level1}/{ind.level2}/{ind.level3}")
    assert not wrong, "level-2 headings under another level-1:\n" + "\n".join(wrong)


def test_no_indicator_is_named_like_a_heading_unless_printed_so(seed_doc, seed_path):
    """level3 is never a heading word (数量指标, 效益指标, 一级指标 …) taken from a heading cell.

    The seed does have rows whose name repeats their own level-2 heading (``经济效益 | 经济效益 | ≥95%``,
    ``成本指标 | 成本指标 | 43.151万元``): there the row prints the word at least twice, once as heading
    and once as name, and level3 equals level2.
    """
    lay = layout()
    bad = []
    repeats = 0
    for form in seed_doc.forms:
        for ind in form.indicators:
            key = label_key(ind.level3)
            is_heading = key in lay.level1 or lay.level2_parent(ind.level3) is not None
            if key in COLUMN_HEADERS:
                bad.append(f"{form.project_name} line {ind.line}: column header {ind.level3!r} as name")
            elif is_heading:
                printed_twice = _source_cells(seed_path, ind.line).count(key) >= 2
                if key == label_key(ind.level2) and printed_twice:
                    repeats += 1
                else:
                    bad.append(f"{form.project_name} line {ind.line}: heading {ind.level3!r} as name")
    assert not bad, "\n".join(bad)
    assert repeats == 24  # hand-counted rows that print their heading again as the name (lines 976-981 …)


def test_indicator_lines_lie_inside_their_form_table(seed_doc):
    for form in seed_doc.forms:
        table_line = form.field_lines.get("indicators")
        for ind in form.indicators:
            assert table_line is not None and table_line <= ind.line <= form.source.line_end, (
                f"{form.project_name}: indicator line {ind.line} outside {table_line}-{form.source.line_end}"
            )
