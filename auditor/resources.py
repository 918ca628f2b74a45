"""Locate the bundled data folders (``rules/`` and ``corpora/``) from any working folder.

In a wheel they live in ``auditor/_data/``; in a source checkout (or editable install) they are
the top-level folders beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

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


def bundled_name(path: str | Path) -> str | None:
    """``corpora/xiaoyi-2025.txt`` when ``path`` is a file shipped with the package (shown to
    people instead of a site-packages path), else None."""
    try:
        rel = Path(path).resolve().relative_to(corpora_dir().resolve())
    except (ValueError, OSError):
        return None
    return f"corpora/{rel.as_posix()}"


def resolve_bundled(name: str | Path) -> Path:
    """The file a :func:`bundled_name` stands for (``name`` itself when it exists or is not one)."""
    path = Path(name)
    if path.exists() or path.parts[:1] != ("corpora",):
        return path
    return corpora_dir().joinpath(*path.parts[1:])


@cache
def rules_section(file: str, section: str) -> dict[str, Any]:
    """One top-level section of a bundled ``rules/`` data file (read once per process)."""
    return dict((_rules_file(file) or {}).get(section) or {})


@cache
def _rules_file(file: str) -> Any:
    return read_yaml(rules_dir() / file)


def read_yaml(path: Path) -> Any:
    """Read a YAML data file (rules, lexicons, report wording) safely.

    A missing or broken file raises :class:`auditor.errors.ConfigError` with one line naming the
    file and, for a syntax error, the line — never a traceback for the user.
    """
    import yaml

    from auditor.errors import ConfigError

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 5x faster
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取（{exc.strerror}）") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: YAML 格式错误（{getattr(exc, 'problem', exc)}）") from exc


def json_text(data: Any) -> str:
    """The one JSON writer of the project: UTF-8 text (Chinese kept as is), one-space indent."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=1)
