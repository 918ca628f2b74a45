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
