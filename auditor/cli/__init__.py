"""Command-line interface: one thin module per command, no domain logic here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from auditor.engine import Options


def fail(message: str) -> NoReturn:
    """Print ``auditor: message`` on stderr and exit 2 (bad usage or unreadable input)."""
    typer.echo(f"auditor: {message}", err=True)
    raise typer.Exit(2)


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
