"""Pass 2 of the PDF reader on hand-built page geometry: stitching and merged-cell fragments."""

from __future__ import annotations

from auditor.ingest.pdf import _layout, _Line, _Page, _Seg, _Table, _TRow

GRID = [(40.0, 100.0), (100.0, 160.0), (160.0, 300.0), (300.0, 360.0)]  # 绩效指标 | 一级 | 三级 | 值


def row(top: float, *cells: tuple[int, str]) -> _TRow:
    return _TRow(top, top + 12, [_Seg(GRID[c][0], GRID[c][1], text) for c, text in cells])


def table(rows: list[_TRow], first_col: int = 0) -> _Table:
    cols = GRID[first_col:]
    return _Table((cols[0][0], rows[0].top, cols[-1][1], rows[-1].bottom), list(cols), rows)


def line(top: float, x0: float, x1: float, text: str) -> _Line:
    return _Line(top, top + 8, [_Seg(x0, x1, text)])


def test_continuation_without_left_columns_is_laid_on_the_grid():
    p1 = _Page(
        1,
        [
            table(
                [
                    row(700, (0, "绩效指标"), (1, "产出指标"), (2, "会议次数"), (3, "≥4次")),
                    row(712, (2, "参会人数"), (3, "≥50人")),
                ]
            )
        ],
    )
    p2 = _Page(2, [table([row(72, (2, "完成时间"), (3, "12月底前"))], first_col=2)])
    lines = _layout([p1, p2]).lines
    assert lines[-1] == "\t\t完成时间\t12月底前"


def test_fragment_beside_a_continuation_goes_to_the_start_of_its_run():
    # 效益指标 spans the last row of page 1 and the rows of page 2; the renderer drew it on page 2
    p1 = _Page(
        1,
        [
            table(
                [
                    row(700, (0, "绩效指标"), (1, "产出指标"), (2, "会议次数"), (3, "≥4次")),
                    row(712, (2, "经济效益"), (3, "明显")),
                ]
            )
        ],
    )
    p2 = _Page(
        2,
        [table([row(72, (2, "社会效益"), (3, "较好")), row(84, (2, "生态效益"), (3, "好"))], first_col=2)],
        [line(80, 105, 150, "效益指标")],
    )
    out = _layout([p1, p2]).lines
    assert out[1] == "\t效益指标\t经济效益\t明显"  # not a line of its own, not on page 2


def test_fragment_below_the_last_table_waits_for_the_next_page():
    body = [
        row(700, (0, "绩效指标"), (1, "满意度指标"), (2, "满意度"), (3, "≥90%")),
        row(712, (2, "投诉率"), (3, "≤1%")),
    ]
    footer_only = line(730, 45, 90, "负责人:")  # one cell wide, in the blank 绩效指标 column
    p1 = _Page(1, [table(body)], [footer_only])
    p2 = _Page(
        2, [table([row(100, (0, "项目名称"), (2, "另一个项目"))])], [line(72, 40, 360, "项目支出绩效目标表")]
    )
    out = _layout([p1, p2]).lines
    assert out[2] == "负责人:"  # the next page starts a new form: the footer stays a line
    assert out[0].startswith("绩效指标\t满意度指标")


def test_repeat_of_a_merged_heading_is_dropped():
    p1 = _Page(1, [table([row(700, (0, "绩效指标"), (1, "产出指标"), (2, "会议次数"), (3, "≥4次"))])])
    p2 = _Page(
        2, [table([row(72, (2, "参会人数"), (3, "≥50人"))], first_col=2)], [line(60, 105, 150, "产出指标")]
    )
    out = _layout([p1, p2]).lines
    assert out == ["绩效指标\t产出指标\t会议次数\t≥4次", "\t\t参会人数\t≥50人"]


def chars(text: str, x: float, top: float, widths: dict[str, float] | None = None) -> list[dict]:
    out = []
    for ch in text:
        w = (widths or {}).get(ch, 6.0 if ch.isascii() else 10.0)
        out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + 10, "size": 10.0})
        x += w
    return out


def test_wrap_with_room_left_was_a_swallowed_space():
    from auditor.ingest.pdf import _wrapped_text

    cell = (0.0, 0.0, 100.0, 40.0)
    # line 1 ends at x=71 in a 100-wide cell: "精" (10) would have fitted, so the break was a space
    text = _wrapped_text(cell, chars("保障水平2.", 1, 2) + chars("精细管理", 1, 14))
    assert text == "保障水平2. 精细管理"


def test_wrap_without_room_joins_directly():
    from auditor.ingest.pdf import _wrapped_text

    cell = (0.0, 0.0, 100.0, 40.0)
    # 9 CJK characters fill the line (91 of 98 usable): the next word "10%、" (28) did not fit
    text = _wrapped_text(cell, chars("办公资源节约率达到", 1, 2) + chars("10%、运行", 1, 14))
    assert text == "办公资源节约率达到10%、运行"
    # a closing mark may not start a line, so it travelled with "10%": count it
    text = _wrapped_text(cell, chars("资源节约率达到", 1, 2) + chars("10%、运行", 1, 14))
    assert text == "资源节约率达到10%、运行"  # 71 + 28 > 98: still no room


def test_wrap_keeps_a_drawn_trailing_space():
    from auditor.ingest.pdf import _wrapped_text

    text = _wrapped_text((0.0, 0.0, 60.0, 40.0), chars("提升 ", 1, 2) + chars("效能", 1, 14))
    assert text == "提升 效能"
