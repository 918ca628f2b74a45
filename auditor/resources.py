"""Locate the bundled data folders (``rules/`` and ``corpora/``) from any working folder.

In a wheel they live in ``auditor/_data/``; in a source checkout (or editable install) they are
the top-level folders beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``rules`` or ``corpora`` shipped with the package."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder '{name}' not found next to {_PACKAGE_DIR}")


def rules_dir() -> Path:
    return data_dir("rules")


def corpora_dir() -> Path:
    return data_dir("corpora")


def sample_document() -> Path:
    """The bundled sample document that ``auditor audit`` reads when given no path."""
    return corpora_dir() / "xiaoyi-2025.txt"
