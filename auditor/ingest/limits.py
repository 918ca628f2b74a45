"""Limits against hostile files: size, pages, rows, zip bombs, and a per-file time limit.

The values live in ``rules/limits.yaml``; every breach raises :class:`InputError` with one
Chinese line naming the limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from auditor.errors import InputError
from auditor.safety import display_path

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024
    max_text_bytes: int = 20 * 1024 * 1024
    max_pdf_pages: int = 500
    max_sheet_rows: int = 200_000
    max_sheet_cells: int = 2_000_000
    zip_max_entries: int = 2000
    zip_max_uncompressed: int = 200 * 1024 * 1024
    zip_max_ratio: float = 200.0
    file_seconds: float = 120.0
    large_audit_forms: int = 250  # from this many forms on: parquet/ with "all", overview report.html


@cache
def load_limits() -> Limits:
    """Read ``rules/limits.yaml`` (missing keys keep the defaults above)."""
    from auditor.errors import ConfigError
    from auditor.resources import read_yaml, rules_dir

    path = rules_dir() / "limits.yaml"
    if not path.is_file():
        return Limits()
    data = read_yaml(path) or {}
    known = {f.name for f in fields(Limits)}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{path}: 未知的限制项 {sorted(unknown)}")
    return Limits(**data)


def resolve_limits(options=None) -> Limits:
    """The input limits: ``rules/limits.yaml`` < ``auditor.toml`` ``[limits]`` < ``options.limits``.

    Unknown keys or values of the wrong type are a :class:`ConfigError`.
    """
    from dataclasses import replace

    from auditor.errors import ConfigError

    base = load_limits()
    if options is None:
        return base
    from auditor.engine.config import load_file_config

    cfg = load_file_config(options)
    known = {f.name: f for f in fields(Limits)}
    merged: dict = {}
    for where, layer in ((cfg.path or "auditor.toml", cfg.data.get("limits") or {}), ("命令行", options.limits or {})):
        if not isinstance(layer, dict):
            raise ConfigError(f"{where}: limits 应为表（[limits]）")
        for key, value in layer.items():
            if key not in known:
                raise ConfigError(f"{where}: 未知的限制项 {key}；可用：{', '.join(sorted(known))}")
            kind = float if isinstance(getattr(base, key), float) else int
            try:
                number = kind(value)
            except (TypeError, ValueError):
                raise ConfigError(f"{where}: 限制项 {key} 应为数字，而不是“{value}”") from None
            if number <= 0:
                raise ConfigError(f"{where}: 限制项 {key} 应大于 0")
            merged[key] = number
    return replace(base, **merged) if merged else base


def brief(exc: BaseException, limit: int = 120) -> str:
    """``TypeName: message`` of an exception on one short line, for InputError messages."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _mib(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def check_size(path: Path, limits: Limits) -> int:
    """Return the file size; refuse files larger than ``max_file_bytes``."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(display_path(path), f"文件过大（{_mib(size)}），超过上限 {_mib(limits.max_file_bytes)}")
    return size


def check_zip(path: Path, limits: Limits, what: str = "Excel 文件") -> None:
    """Zip-bomb guard for xlsx/docx: entry count, declared total size, compression ratio."""
    file = display_path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(file, f"{what}已损坏，无法打开（zip 结构错误: {brief(exc)}）") from None
    if len(infos) > limits.zip_max_entries:
        raise InputError(
            file, f"疑似压缩炸弹：{what}内含 {len(infos)} 个条目，超过上限 {limits.zip_max_entries}"
        )
    total = packed = 0
    for info in infos:  # every entry: many small bombed entries add up
        total += info.file_size
        packed += info.compress_size
        if info.file_size > _SMALL_ENTRY:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.zip_max_ratio:
                raise InputError(
                    file,
                    f"疑似压缩炸弹：条目 {info.filename} 压缩比 {ratio:.0f}:1，超过上限 {limits.zip_max_ratio:.0f}:1",
                )
    if total > limits.zip_max_uncompressed:
        raise InputError(
            file, f"疑似压缩炸弹：解压后共 {_mib(total)}，超过上限 {_mib(limits.zip_max_uncompressed)}"
        )
    if total > 1024 * 1024 and total / max(packed, 1) > limits.zip_max_ratio:
        raise InputError(
            file,
            f"疑似压缩炸弹：{len(infos)} 个条目合计压缩比 {total / max(packed, 1):.0f}:1，"
            f"超过上限 {limits.zip_max_ratio:.0f}:1",
        )


_SMALL_ENTRY = 64 * 1024  # below this an entry's ratio says little (it cannot inflate much)


class FileTimeout(BaseException):
    """Raised inside a reader when the per-file time limit is reached.

    A ``BaseException`` so that libraries catching ``Exception`` cannot swallow it.
    """


class Deadline:
    """A cooperative deadline; readers call :meth:`check` between pages/rows."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds if seconds > 0 else float("inf")

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise FileTimeout


@contextlib.contextmanager
def time_limit(seconds: float, file: str) -> Iterator[Deadline]:
    """Enforce a per-file time limit.

    In the main thread a SIGALRM timer interrupts pure-Python work (pdfminer, openpyxl, parser);
    elsewhere only the cooperative :class:`Deadline` checks apply.
    """
    deadline = Deadline(seconds)
    use_alarm = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    old_handler = None
    if use_alarm:

        def _on_alarm(signum, frame):
            raise FileTimeout

        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    except FileTimeout:
        raise InputError(file, f"读取超时：超过每个文件 {seconds:g} 秒的时间上限") from None
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)


def run_isolated(fn: Callable[..., T], args: tuple[Any, ...], seconds: float, file: str) -> T:
    """Run ``fn(*args)`` in a forked child process that is killed after *seconds*.

    The parse of an untrusted PDF/XLSX runs there: a library that swallows the alarm (in a
    finalizer, a broad ``except``) or loops in C cannot outlive the limit, and a crash or an
    out-of-memory kill of the child is one :class:`InputError`, not the end of the run. Falls
    back to running in-process (SIGALRM + cooperative deadline) where forking is not possible.
    """
    import multiprocessing

    if (
        seconds <= 0
        or "fork" not in multiprocessing.get_all_start_methods()
        or multiprocessing.current_process().daemon  # a daemon (pool worker) cannot have children
    ):
        with time_limit(seconds, file):
            return fn(*args)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, seconds, file), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise InputError(file, f"读取超时：超过每个文件 {seconds:g} 秒的时间上限")
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            child.join(1)
            code = child.exitcode
            what = "被系统终止（可能内存不足）" if code is not None and code < 0 else f"退出码 {code}"
            raise InputError(file, f"读取时解析进程异常结束（{what}）") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "ok":
        return payload
    if status == "input":
        raise InputError(*payload)
    raise InputError(file, f"读取失败（{payload}）")


def _child(send: Any, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float, file: str) -> None:
    import os

    try:
        with time_limit(seconds, file):
            result: tuple[str, Any] = ("ok", fn(*args))
    except InputError as exc:
        result = ("input", (exc.file, exc.message, exc.line))
    except (RecursionError, MemoryError) as exc:
        result = ("error", f"文件结构异常，无法读取（{type(exc).__name__}）")
    except BaseException as exc:
        result = ("error", brief(exc, 200))
    try:
        send.send(result)
    except Exception as exc:  # the result could not be sent (pickling)
        send.send(("error", brief(exc, 200)))
    send.close()
    os._exit(0)
