"""Command-line interface: one thin module per command, no domain logic here."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str) -> NoReturn:
    """Print ``auditor: message`` on stderr and exit 2 (bad usage or unreadable input)."""
    typer.echo(f"auditor: {message}", err=True)
    raise typer.Exit(2)
