"""One chromium per worker for the browser tests (selenium + Debian's /usr/bin/chromedriver):
session-scoped, so the two browser modules share it when they run on the same worker."""

from __future__ import annotations

import pytest
from browser_support import CHROMEDRIVER, CHROMIUM, FLAGS


@pytest.fixture(scope="session")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield drv
    drv.quit()
