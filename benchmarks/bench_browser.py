"""How fast a report folder's pages open in Chromium (issue 14 budget: ≤ 5 MB and ≤ 3 s per page).

usage: python benchmarks/bench_browser.py REPORT_DIR [--runs 3]

Times ``driver.get(file://…)`` (returns after the load event) for report.html and the largest
department page (departments/*.html, written for large audits), median of ``--runs``. A department
page holds one department's projects, so its size does not grow with the number of departments:
the pages of a 1,000-form audit run with ``--limit large_audit_forms=1000`` stand for those of a
100,000-form one of departments of the same size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts)
    pages = [args.report / "report.html"]
    depts = sorted((args.report / "departments").glob("*.html"), key=lambda p: p.stat().st_size)
    if depts:
        pages.append(depts[-1])
    try:
        for page in pages:
            times = []
            for _ in range(args.runs):
                driver.get("about:blank")
                start = time.perf_counter()
                driver.get(page.resolve().as_uri())
                times.append(time.perf_counter() - start)
            print(f"{page.relative_to(args.report)}: {page.stat().st_size / 2**20:.2f} MB, "
                  f"opens in {statistics.median(times):.2f} s (median of {args.runs})")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
