"""Run a function in a forked child process and get its result back (POSIX only).

The child sees this process's memory copy-on-write (an audit computed here is not copied or
pickled); its return value, or the exception it raised, comes back pickled through a pipe::

    child = run_forked(lambda: write_some(audit))
    mine = write_others(audit)
    theirs = child.result()  # waits; raises the child's exception
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any

from auditor.errors import AuditorError

__all__ = ["Forked", "run_forked"]


class Forked:
    """A running child of :func:`run_forked`."""

    def __init__(self, pid: int, fd: int, unfreeze: bool) -> None:
        self.pid, self._fd, self._unfreeze = pid, fd, unfreeze

    def result(self) -> Any:
        """Wait for the child; return its function's value or raise its exception."""
        with os.fdopen(self._fd, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self._done()
        if not data:
            raise AuditorError(f"写出报告的子进程意外退出（{_describe(status)}）")
        ok, value = pickle.loads(data)
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child (it removes its unfinished temporary files) and wait for it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        os.close(self._fd)
        os.waitpid(self.pid, 0)
        self._done()

    def _done(self) -> None:
        if self._unfreeze:
            gc.unfreeze()
            self._unfreeze = False


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"信号 {os.WTERMSIG(status)}"
    return f"退出码 {os.waitstatus_to_exitcode(status)}"


def _terminate(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds: atomic writes remove their temporary files


def run_forked(fn: Callable[[], Any]) -> Forked:
    """Start ``fn()`` in a forked child; :meth:`Forked.result` gives its value.

    The objects that exist now are frozen out of the garbage collector until the result is
    taken, so that neither process's collector touches (and so copies) the pages they share."""
    unfreeze = gc.get_freeze_count() == 0
    gc.freeze()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read)
            signal.signal(signal.SIGTERM, _terminate)
            try:
                payload: tuple[bool, Any] = (True, fn())
            except BaseException as exc:  # sent back and raised in the parent
                payload = (False, exc)
            try:
                data = pickle.dumps(payload)
                pickle.loads(data)  # an exception type that cannot be rebuilt is sent as text
            except Exception:
                data = pickle.dumps((False, AuditorError(f"写出报告出错：{payload[1]}")))
            with os.fdopen(write, "wb") as fh:
                fh.write(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    return Forked(pid, read, unfreeze)
