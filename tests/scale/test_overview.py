"""report.html of a large audit: an overview linking one page per department (issue 14)."""

from __future__ import annotations

import re

from auditor.report.overview import write_overview


def test_overview_links_department_pages(small_audit, tmp_path):
    path = write_overview(small_audit, tmp_path / "report.html")
    page = path.read_text(encoding="utf-8")
    links = re.findall(r'href="(departments/\d{4}\.html)"', page)
    assert links and all((tmp_path / link).is_file() for link in links)
    dept = (tmp_path / links[0]).read_text(encoding="utf-8")
    assert "孝义市机关事务服务中心" in dept
    # every project of the three readable documents is listed on its department page
    n_projects = sum(1 for p in small_audit.projects if p.form.department == "孝义市机关事务服务中心")
    assert dept.count("<details id=") == n_projects
    assert max(p.stat().st_size for p in tmp_path.rglob("*.html")) < 5 * 2**20


def test_findings_sheet_splits_past_the_row_limit(small_audit):
    """Past a sheet's row limit the 整改清单 rows continue on further sheets, none lost, none over."""
    from auditor.report.xlsx import finding_rows, split_by_department

    rows = finding_rows(small_audit)
    parts = split_by_department(rows, 50)
    assert len(parts) == -(-len(rows) // 50) or len(parts) > len(rows) // 50
    assert all(0 < len(p) <= 50 for p in parts)
    assert [r for p in parts for r in p] == rows
