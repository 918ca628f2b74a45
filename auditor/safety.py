"""Input is hostile: the shared guards every writer uses.

* :func:`safe_cell` — a cell for csv/xlsx that no spreadsheet runs as a formula.
* :func:`terminal_text` — text for the terminal with every control character made visible.
* :func:`display_path` — a file name for one-line messages and UTF-8 outputs.
* :func:`atomic_write` — write to a temporary file in the same folder, then rename into place.
* :func:`output_lock` — one writer per output folder; :func:`mark_report_folder` marks it as ours.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from auditor.errors import AuditorError

__all__ = [
    "REPORT_MARKER",
    "OutputBusy",
    "atomic_write",
    "display_path",
    "mark_report_folder",
    "output_lock",
    "refuse_inputs",
    "report_outputs",
    "safe_cell",
    "terminal_text",
]

REPORT_MARKER = ".auditor-report"
LOCK_NAME = ".auditor.lock"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# characters XML 1.0 (so xlsx) cannot hold: C0 controls except TAB LF CR, surrogates, U+FFFE/U+FFFF
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what a terminal may act on: C0 (but TAB), DEL, C1, and the bidi overrides that reorder text
_TERMINAL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PATH_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def safe_cell(value: Any, xlsx: bool = False) -> Any:
    """*value* as a csv/xlsx cell that is never a formula.

    A text starting with ``= + - @`` TAB or CR gets a leading apostrophe (OWASP's CSV-injection
    advice), unless it is a plain number such as ``-5``; numbers and ``None`` pass unchanged.
    With ``xlsx`` the characters XML cannot hold are dropped (openpyxl refuses them).
    """
    if not isinstance(value, str):
        return value
    if not value or (value[0] not in _FORMULA_FIRST and (not xlsx or value.isprintable())):
        return value  # the common case: plain text
    if xlsx and not value.isprintable():  # any character XML cannot hold is unprintable (fast path)
        value = _XML_ILLEGAL.sub("", value)
    if value.startswith(_FORMULA_START) and value not in ("-", "+") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The text :func:`safe_cell` was given (for reading our own tables back)."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _visible(ch: str) -> str:
    cp = ord(ch)
    if cp == 0x1B:
        return "␛"
    if cp < 0x20:
        return chr(0x2400 + cp)  # ␀ … ␟ (control pictures)
    if cp == 0x7F:
        return "␡"
    return f"<U+{cp:04X}>"


def terminal_text(text: object) -> str:
    """*text* safe to print: control characters (ESC, CSI, OSC, BEL, CR, LF, bidi overrides)
    shown as visible symbols, so that nothing in an input can move the cursor, clear the screen,
    open a link or split a line. TAB is kept."""
    return _TERMINAL.sub(lambda m: _visible(m.group()), str(text))


def terminal_lines(text: str) -> str:
    """A multi-line report made safe line by line (its own line breaks kept)."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(text: str) -> str:
    """JSON text for a terminal: the control characters JSON leaves raw (DEL, C1, bidi) escaped
    as ``\\u009b``; still the same JSON value."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def display_path(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as valid UTF-8 on one line: bytes that are not UTF-8 (a GBK name from a
    Windows zip) shown as ``\\xb9``, control characters (a newline) as ``\\n`` / ``\\x1b``."""
    raw = path if isinstance(path, bytes) else os.fsencode(os.fspath(path))
    text = raw.decode("utf-8", "backslashreplace")
    return _PATH_CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file next to *path*; on success rename it over *path*, on any error
    remove it and leave *path* as it was. A device or pipe (``/dev/stdout``) is written directly."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with open(path, mode, **kwargs) as fh:
            yield fh
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputBusy(AuditorError):
    """Another auditor process is writing into the same output folder."""


@contextlib.contextmanager
def output_lock(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold an exclusive lock on *folder* (created) while writing into it; a second writer gets
    :class:`OutputBusy`. The lock (``flock``) ends with the process, even after ``kill -9``."""
    import fcntl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(
                f"{display_path(folder)}: 另一个 auditor 进程正在写入这个文件夹，请等它结束或换一个 -o 文件夹"
            ) from None
        yield folder
    finally:
        os.close(fd)


_MARKER_HEAD = "# auditor 输出文件夹：以下文件由 auditor 写入，审核输入时跳过\n"


def mark_report_folder(folder: str | os.PathLike[str], names: Iterable[str]) -> None:
    """Record in *folder*'s marker file that *names* are auditor outputs, so that walking the
    inputs of a later run skips them (and a folder holding only outputs is skipped whole)."""
    names = sorted(report_outputs(folder) | set(names))
    with atomic_write(Path(folder) / REPORT_MARKER, "w", encoding="utf-8", errors="surrogateescape") as fh:
        fh.write(_MARKER_HEAD + "".join(f"{n}\n" for n in names))


def report_outputs(folder: str | os.PathLike[str]) -> set[str]:
    """Names of the files auditor wrote into *folder* (empty when it holds no marker)."""
    marker = Path(folder) / REPORT_MARKER
    try:
        text = marker.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return set()
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def refuse_inputs(targets: Iterable[str | os.PathLike[str]], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise :class:`AuditorError` when an output target is one of the input files of the run."""
    seen: dict[tuple[int, int], str] = {}
    for item in inputs:
        with contextlib.suppress(OSError):
            st = os.stat(item)
            seen[(st.st_dev, st.st_ino)] = os.fspath(item)
    for target in targets:
        try:
            st = os.stat(target)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            raise AuditorError(
                f"{display_path(target)}: 这是本次的输入文件，不会被输出覆盖；请用 -o 指定另一个文件夹或文件"
            )
