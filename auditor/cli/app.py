"""The ``auditor`` command group. Each command lives in its own module with ``register(app)``.

Modules import heavy libraries (pandas, sklearn, jieba, pdfplumber) inside the command body only,
so that ``auditor --help`` starts fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from auditor import __version__

COMMAND_MODULES: tuple[str, ...] = ("parse", "check", "rules", "train", "audit", "compare", "stats", "db")

app = typer.Typer(
    name="auditor",
    help="审核预算绩效指标的质量 / Audit the quality of Chinese budget performance indicators.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本 / Show the version."
    ),
) -> None:
    """审核预算绩效指标的质量 / Audit the quality of Chinese budget performance indicators."""


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"auditor.cli.{name}").register(app)


_register_commands()


def main() -> None:
    """Console entry point: run the app; exit codes 0 ok, 1 findings, 2 could not run.

    A bad rule, lexicon or config file that surfaces outside a command's own handling still ends
    in one line on stderr and exit 2, never a traceback; so does a usage error (unknown option,
    missing argument, bad value), in Chinese like every other message (``auditor.cli.usage``),
    and a failure to print the result (stdout closed or full).
    """
    import gc

    from auditor.cli.usage import click_exceptions, usage_message
    from auditor.errors import AuditorError
    from auditor.safety import terminal_text

    # the young generation is collected every 50,000 new objects, not every 700: a command builds
    # forms and findings by the hundred thousand and keeps nearly all of them (few cycles die young)
    gc.set_threshold(50_000, 20, 20)

    ex = click_exceptions()
    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        sys.exit(130)
    except ex.NoArgsIsHelpError as exc:  # bare ``auditor`` / ``auditor parse``: show the help
        sys.stdout.write(exc.ctx.get_help() + "\n")
        sys.exit(0)
    except ex.UsageError as exc:
        sys.stderr.write(f"auditor: {terminal_text(usage_message(exc))}\n")
        sys.exit(2)
    except ex.ClickException as exc:
        sys.stderr.write(f"auditor: {terminal_text(exc.format_message())}\n")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("auditor: 已中止\n")
        sys.exit(130)
    except AuditorError as exc:
        sys.stderr.write(f"auditor: {terminal_text(exc)}\n")
        sys.exit(2)
    except OSError as exc:  # e.g. stdout closed or full while printing the result
        sys.stderr.write(f"auditor: 输出失败（{terminal_text(exc.strerror or exc)}）\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
