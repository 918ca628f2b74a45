"""整改清单.xlsx prints: LibreOffice (headless) opens it and converts it to PDF with the header
row repeated on every page, landscape, all columns on the page width."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = [
    pytest.mark.slow,  # LibreOffice renders ~400 rows
    pytest.mark.skipif(not (SOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
                       reason="LibreOffice (soffice) and poppler (pdftotext) not installed (.ci/run installs them)"),
]


@pytest.fixture(scope="module")
def printed(seed_doc, tmp_path_factory):
    """The first 40 forms of the sample audited, 整改清单.xlsx written and printed to PDF."""
    from auditor.model import Document
    from auditor.pipeline import audit as run_audit
    from auditor.report.xlsx import write_xlsx

    part = Document(seed_doc.path, seed_doc.name, forms=list(seed_doc.forms[:40]))
    audit = run_audit(documents=[part])
    out = tmp_path_factory.mktemp("print")
    xlsx = write_xlsx(audit, out / "整改清单.xlsx")
    profile = (out / "lo-profile").as_uri()  # a private profile: other soffice runs do not interfere
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = out / "整改清单.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    texts = [subprocess.run([PDFTOTEXT, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], check=True,
                            capture_output=True, text=True).stdout for n in range(1, pages + 1)]
    return audit, texts, info


def test_header_row_repeated_on_every_page_of_the_list(printed):
    audit, texts, info = printed
    rows = len(audit.all_findings())
    assert rows > 300  # enough rows for several pages
    # 整改清单 comes first; its pages end where 部门汇总 (header 最差项目) begins
    first_other = next(i for i, t in enumerate(texts) if "最差项目" in t)
    list_pages = texts[:first_other]
    assert len(list_pages) >= 3
    for text in list_pages:
        head = text.strip().splitlines()[0]
        assert "序号" in head and "整改建议" in head and "整改状态" in head, head
    # landscape: the page is wider than high
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    assert float(size[2]) > float(size[4])
    # the last finding's number is printed: every row made it onto a page
    assert any(re.search(rf"^\s*{rows}\s", t, re.M) for t in list_pages)


def test_ranking_sheet_says_which_kind_each_rank_is(printed):
    _, texts, _ = printed
    ranking = next(t for t in texts if "等级" in t and "类型" in t)
    assert "项目支出" in ranking and "单位整体" in ranking
