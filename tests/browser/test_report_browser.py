"""Drive report.html in Debian's chromium (selenium + /usr/bin/chromedriver; .ci/run installs both).

The report is built from the real pipeline on the bundled sample. Screenshots go to the test's
tmp folder and, when AUDITOR_SCREENSHOTS is set, to that folder too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import INSTALLED
from browser_support import shot as _shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not INSTALLED and not os.environ.get("CI"),
                       reason="chromium + chromium-driver not installed (.ci/run installs them)"),
]


@pytest.fixture(scope="module")
def report(seed_audit, tmp_path_factory) -> Path:
    from auditor.report.audit import write_reports

    out = tmp_path_factory.mktemp("report")
    return write_reports(seed_audit, out, ["html"])["html"]


def _open(driver, report: Path, view: str = "") -> None:
    driver.get("about:blank")  # a fresh load, not just a hash change
    driver.get(report.as_uri() + (f"#{view}" if view else ""))


def _visible_view(driver) -> str:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('section.view')).filter(s => !s.hidden).map(s => s.id).join()")


def test_overview_loads_without_console_errors(driver, report, tmp_path):
    from selenium.webdriver.common.by import By

    _open(driver, report)
    assert _visible_view(driver) == "view-overview"
    assert len(driver.find_elements(By.CSS_SELECTOR, "#view-overview svg.chart")) == 5
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    shot = _shot(driver, tmp_path, "overview.png")
    assert shot.stat().st_size > 20_000


def test_table_sorts_and_filters(driver, report, tmp_path):
    from selenium.webdriver.common.by import By

    _open(driver, report, "projects")
    assert _visible_view(driver) == "view-projects"
    rows = driver.find_elements(By.CSS_SELECTOR, "#ptable tbody tr")
    assert len(rows) == 137

    def scores() -> list[float]:
        return [float(x) for x in driver.execute_script(
            "return Array.from(document.querySelectorAll('#ptable tbody tr')).map(r => r.children[3].dataset.v)")]

    assert scores() == sorted(scores(), reverse=True)  # ranked order
    header = driver.find_elements(By.CSS_SELECTOR, "#ptable thead th")[3]
    assert header.text.startswith("得分")
    header.click()
    assert scores() == sorted(scores())
    header.click()
    assert scores() == sorted(scores(), reverse=True)

    box = driver.find_element(By.ID, "q")
    box.send_keys("办公经费")
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ptable tbody tr')).filter(r => r.offsetParent !== null)"
        ".map(r => r.children[1].textContent)")
    assert shown and all("办公经费" in name for name in shown)
    assert driver.find_element(By.ID, "count").text == f"显示 {len(shown)} / 137 个项目"
    _shot(driver, tmp_path, "projects.png")


def test_project_page_shows_flagged_cells_and_findings(driver, report, tmp_path):
    from selenium.webdriver.common.by import By

    _open(driver, report, "projects")
    link = driver.execute_script(
        "var rows = Array.from(document.querySelectorAll('#ptable tbody tr'));"
        "rows.sort((a, b) => a.children[0].dataset.v - b.children[0].dataset.v);"
        "return rows[rows.length - 1].querySelector('a')")  # the last-ranked project's link
    worst = link.text
    link.click()
    view = _visible_view(driver)
    assert view.startswith("view-p")
    section = driver.find_element(By.ID, view)
    assert section.find_element(By.CSS_SELECTOR, ".pname").text == worst
    assert section.find_elements(By.CSS_SELECTOR, "table.ind td.flag")
    findings = section.find_elements(By.CSS_SELECTOR, ".finding")
    assert findings and all(f.is_displayed() for f in findings[:1])
    badge = section.find_element(By.CSS_SELECTOR, "table.ind td.flag a.badge")
    badge.click()
    assert driver.current_url.split("#")[1].startswith(view[5:] + "-f")
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    driver.execute_script("window.scrollTo(0, 0)")
    _shot(driver, tmp_path, "project.png")


def test_category_link_on_the_overview_filters_the_projects(driver, report):
    from selenium.webdriver.common.by import By

    _open(driver, report)
    link = driver.find_element(By.CSS_SELECTOR, '#view-overview a[href="#cat=vague_value"]')
    link.click()
    assert _visible_view(driver) == "view-projects"
    cats = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ptable tbody tr')).filter(r => r.offsetParent !== null)"
        ".map(r => r.dataset.cats)")
    assert 0 < len(cats) < 137
    assert all("vague_value" in c.split() for c in cats)
    assert driver.find_element(By.ID, "f-cat").get_attribute("value") == "vague_value"


def _rows(driver, table: str) -> list:
    return driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{table} tbody tr')).filter(r => r.offsetParent !== null)")


def test_totals_add_up_and_say_what_they_count(driver, report):
    from selenium.webdriver.common.by import By

    _open(driver, report)
    cards = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#view-overview .card .num")]
    note = driver.find_element(By.ID, "totals-note").text
    import re

    total, own, unit, cross = (int(x) for x in re.findall(
        r"问题共 (\d+) 条 = 项目表自身 (\d+) 条.*单位整体表 (\d+) 条 \+ 跨表检查 (\d+) 条", note)[0])
    assert int(cards[2]) == total == own + unit + cross
    assert cross == 165  # 101 NLP001 + 49 NLP004 + 8 FND005 + 4 NLP003 + 3 NLP005 on the sample
    _open(driver, report, "departments")
    dept_errors = driver.execute_script(
        "return document.querySelector('#view-departments table tbody tr').children[5].textContent")
    assert f"错误 {dept_errors}" in driver.find_element(By.CSS_SELECTOR, "#view-departments p.muted").text


def test_cross_tab_sorts_filters_and_links_partner_forms(driver, report, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(driver, report, "cross")
    assert _visible_view(driver) == "view-cross"
    assert len(_rows(driver, "xtable")) == 165
    # 类别 is one line, not one character per line
    lines = driver.execute_script(
        "var r = document.createRange(); r.selectNodeContents(document.querySelector('#xtable tbody td:nth-child(2)'));"
        "return r.getClientRects().length")
    assert lines == 1
    # sort by 规则, both ways
    header = driver.find_elements(By.CSS_SELECTOR, "#xtable thead th")[2]
    def rules() -> list[str]:  # one script call, not two WebDriver round trips per row
        return driver.execute_script(
            "return Array.from(document.querySelectorAll('#xtable tbody tr')).filter(r => r.offsetParent !== null)"
            ".map(r => r.querySelectorAll('td')[2].innerText.trim())")

    header.click()
    assert rules() == sorted(rules())
    header.click()
    assert rules() == sorted(rules(), reverse=True)
    # filter: one rule, then text on top of it
    Select(driver.find_element(By.CSS_SELECTOR, "#view-cross select[data-key=rule]")).select_by_visible_text("NLP004")
    assert set(rules()) == {"NLP004"} and len(rules()) == 49
    assert driver.find_element(By.CSS_SELECTOR, "#view-cross .tcount").text == "显示 49 / 165 行"
    box = driver.find_element(By.CSS_SELECTOR, "#view-cross input[type=search]")
    box.send_keys("办公经费项目")
    shown = _rows(driver, "xtable")
    texts = driver.execute_script("return arguments[0].map(r => r.innerText)", shown)
    assert 0 < len(shown) < 49 and all("办公经费项目" in t for t in texts)
    _shot(driver, tmp_path, "cross.png")
    # a partner form is a link to its project page
    link = shown[0].find_element(By.CSS_SELECTOR, "a.partner")
    name = link.text
    link.click()
    view = _visible_view(driver)
    assert view.startswith("view-p")
    assert driver.find_element(By.CSS_SELECTOR, f"#{view} .pname").text == name


def test_clone_diff_opens_side_by_side(driver, report, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(driver, report, "cross")
    Select(driver.find_element(By.CSS_SELECTOR, "#view-cross select[data-key=rule]")).select_by_visible_text("NLP001")
    row = _rows(driver, "xtable")[0]
    subject = row.find_elements(By.TAG_NAME, "td")[3].text
    partner = row.find_element(By.CSS_SELECTOR, "a.partner").text
    row.find_element(By.CSS_SELECTOR, "a.diff-link").click()
    view = _visible_view(driver)
    assert driver.find_element(By.CSS_SELECTOR, f"#{view} .pname").text == subject
    box = driver.find_element(By.CSS_SELECTOR, f"#{view} details.diffbox[open]")
    assert partner in box.find_element(By.TAG_NAME, "summary").text
    sides = box.find_elements(By.CSS_SELECTOR, ".diff > div")
    assert len(sides) >= 2 and len(sides) % 2 == 0
    left, right = sides[0].rect, sides[1].rect
    assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] - 1  # side by side
    assert sides[1].find_element(By.TAG_NAME, "h4").text == partner
    _shot(driver, tmp_path, "diff.png")


def test_narrow_screen_keeps_every_view_inside_420px(driver, report, tmp_path):
    from browser_support import set_width

    set_width(driver, 420)
    try:
        widths = {}
        for view in ("overview", "projects", "departments", "cross", "p1"):
            _open(driver, report, view)
            widths[view] = driver.execute_script("return document.documentElement.scrollWidth")
            if view == "p1":
                _shot(driver, tmp_path, "project-420.png")
        assert widths == dict.fromkeys(widths, 420)
        # the breakdown column shows every point lost, none clipped
        ded = driver.execute_script(
            "return Array.from(document.querySelectorAll('#view-p1 table.dims .ded'))"
            ".map(e => e.getBoundingClientRect().right)")
        assert ded and max(ded) <= 420
    finally:
        set_width(driver, None)
