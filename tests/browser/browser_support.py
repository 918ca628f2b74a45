"""Shared by the browser tests: where Debian's chromium is, and screenshots kept for a person."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000"]

# On a developer machine without a browser the tests are skipped; in CI (.ci/run installs
# chromium and sets CI=1) a missing browser is a failure, never a silent skip.
INSTALLED = Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def shot(driver, tmp_path: Path, name: str) -> Path:
    """Save a screenshot in the test's folder and, when AUDITOR_SCREENSHOTS is set, there too."""
    path = tmp_path / name
    driver.save_screenshot(str(path))
    extra = os.environ.get("AUDITOR_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / name)
    return path


def set_width(driver, width: int | None) -> None:
    """Emulate a screen ``width`` px wide (a phone at 420), or undo it (None)."""
    if width is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": True})
