"""Compiled report templates kept in the user's cache folder (jinja2 bytecode cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.report import html


def test_cache_folder_is_private_and_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(html.CACHE_ENV, str(tmp_path / "c"))
    folder = html.cache_dir()
    assert folder == tmp_path / "c" / "templates" and folder.stat().st_mode & 0o077 == 0
    cache = html._bytecode_cache()
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(html.TEMPLATES)), bytecode_cache=cache)
    env.get_template("stats.html.j2")
    assert [p.suffix for p in folder.iterdir()] == [".cache"]
    # a second environment loads the compiled template instead of compiling it
    again = jinja2.Environment(loader=jinja2.FileSystemLoader(str(html.TEMPLATES)), bytecode_cache=html._bytecode_cache())

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again")

    again.compile = compile_again  # type: ignore[method-assign]
    assert again.get_template("stats.html.j2").filename.endswith("stats.html.j2")


def test_no_cache_when_disabled_or_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(html.CACHE_ENV, "")
    assert html.cache_dir() is None and html._bytecode_cache() is None
    shared = tmp_path / "shared" / "templates"
    shared.mkdir(parents=True)
    os.chmod(shared, 0o777)  # others could plant code in it
    monkeypatch.setenv(html.CACHE_ENV, str(tmp_path / "shared"))
    assert html.cache_dir() is None


def test_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    monkeypatch.setenv(html.CACHE_ENV, str(tmp_path / "full"))

    def disk_full(self, bucket) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", disk_full)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(html.TEMPLATES)), bytecode_cache=html._bytecode_cache())
    assert env.get_template("stats.html.j2").filename.endswith("stats.html.j2")
    assert not list((tmp_path / "full" / "templates").iterdir())  # compiled, used, not kept
