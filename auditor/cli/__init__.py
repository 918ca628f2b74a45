"""Command-line interface: one thin module per command, no domain logic here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from auditor.engine import Options


def fail(message: str) -> NoReturn:
    """Print ``auditor: message`` on stderr and exit 2 (bad usage or unreadable input)."""
    say(message)
    raise typer.Exit(2)


def say(message: object) -> None:
    """Print ``auditor: message`` on stderr as one line, control characters made visible."""
    from auditor.safety import terminal_text

    typer.echo(f"auditor: {terminal_text(message)}", err=True)


@contextlib.contextmanager
def report_folder(outdir: Path, names: list[str], inputs: list[Path]) -> Iterator[None]:
    """Write into *outdir* under its lock: refuse to replace an input of the run, mark the
    folder's outputs (so that the next run does not read them) once they are written."""
    from auditor.errors import AuditorError
    from auditor.ingest import input_files
    from auditor.safety import mark_report_folder, output_lock, refuse_inputs

    try:
        with output_lock(outdir):
            refuse_inputs([outdir / n for n in names], input_files(inputs))
            yield
            mark_report_folder(outdir, names)
    except AuditorError as exc:
        fail(str(exc))


def engine_options(
    select: list[str],
    extend_select: list[str],
    ignore: list[str],
    profile: str | None,
    config: Path | None,
    no_config: bool,
    baseline: Path | None,
    preview: bool | None,
    fail_on: str | None = None,
) -> Options:
    """The engine's :class:`~auditor.engine.Options` from the rule-selection options that
    ``check`` and ``audit`` share."""
    from auditor.engine import Options

    return Options(
        select=list(select), extend_select=list(extend_select), ignore=list(ignore), profile=profile,
        config=str(config) if config else None, no_config=no_config,
        baseline=str(baseline) if baseline else None, preview=preview, fail_on=fail_on,
    )
