"""Drive compare.html (the sample against its revised copy, tests/compare/edit_sample.py) in
Debian's chromium: counts, sorting, filtering, links to the details, a phone-width layout."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser_support import INSTALLED, set_width, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not INSTALLED and not os.environ.get("CI"),
                       reason="chromium + chromium-driver not installed (.ci/run installs them)"),
]


@pytest.fixture(scope="module")
def page(seed_doc, seed_path, seed_audit, tmp_path_factory) -> SimpleNamespace:
    """compare.html of the revision (``path``) and the sample's number of findings (``total``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compare"))
    from edit_sample import revise

    from auditor.compare import compare, load_side, side_from_audit
    from auditor.compare.report import write_html

    out = tmp_path_factory.mktemp("compare")
    revised = out / "xiaoyi-2025.txt"
    revised.write_text(revise(seed_doc, seed_path.read_text(encoding="utf-8")), encoding="utf-8")
    base = seed_audit  # the session's audit of the sample (tests/conftest.py)
    result = compare(side_from_audit(base, "xiaoyi-2025"), load_side(revised))
    return SimpleNamespace(path=write_html(result, out / "compare.html"), total=len(base.all_findings()))


def _open(driver, page: SimpleNamespace, anchor: str = "") -> None:
    driver.get("about:blank")
    driver.get(page.path.as_uri() + (f"#{anchor}" if anchor else ""))


def _shown(driver) -> list:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#ctable tbody tr')).filter(r => r.offsetParent !== null)")


def test_counts_sorting_filtering_and_links(driver, page, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(driver, page)
    # the revision's 5 fixed and 4 introduced defects (tests/compare/test_compare.py), the rest open
    assert [driver.find_element(By.ID, k).text for k in ("n-fixed", "n-new", "n-open")] == [
        "5", "4", str(page.total - 5)]
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    assert len(_shown(driver)) == 138
    shot(driver, tmp_path, "compare.png")
    # sort by 变化 (score change): the best improvement first after two clicks
    header = driver.find_elements(By.CSS_SELECTOR, "#ctable thead th")[5]
    header.click()
    header.click()
    first = _shown(driver)[0].find_elements(By.TAG_NAME, "td")
    changes = [float(t) for t in driver.execute_script(  # one script call, not two round trips per row
        "return arguments[0].map(r => r.querySelectorAll('td')[5].innerText.trim())", _shown(driver))]
    assert changes == sorted(changes, reverse=True) and changes[0] > 0 and first[5].text.startswith("+")
    # only the changed projects: the seven edited forms
    driver.find_element(By.CSS_SELECTOR, "#projects input[type=checkbox]").click()
    assert len(_shown(driver)) == 7
    assert driver.find_element(By.CSS_SELECTOR, "#projects .tcount").text == "显示 7 / 138 行"
    # the pair to check by hand
    Select(driver.find_element(By.CSS_SELECTOR, "#projects select[data-key=status]")).select_by_value("unsure")
    rows = _shown(driver)
    assert len(rows) == 1 and "儿童医院电力改造设计监理费用项目" in rows[0].text
    assert "原：儿童医院电力系统改造工程工程设计监理费项目" in rows[0].text
    # its link opens its details: the fixed VAL001 of 设计人员
    rows[0].find_element(By.TAG_NAME, "a").click()
    target = driver.execute_script("return document.querySelector(':target')")
    assert target is not None and "已整改" in target.text and "设计人员" in target.text
    shot(driver, tmp_path, "compare-details.png")


def test_compare_page_fits_a_phone(driver, page, tmp_path):
    set_width(driver, 420)
    try:
        _open(driver, page)
        assert driver.execute_script("return document.documentElement.scrollWidth") == 420
        shot(driver, tmp_path, "compare-420.png")
    finally:
        set_width(driver, None)
