"""Errors with one clear, user-facing line: file, line, what is wrong."""

from __future__ import annotations


class AuditorError(Exception):
    """Base class of errors the CLI turns into one line and a non-zero exit."""


class InputError(AuditorError):
    """An input file cannot be read (or not fully): names the file and, where known, the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class ConfigError(AuditorError):
    """A rule file, profile, config file or CLI selection is invalid."""
