"""Command-line usage errors (click's, through typer) as one Chinese line, like every other message.

click raises typed exceptions with the parts of its message as attributes; they are rewritten
here instead of passing click's English, multi-line text through. A message this module does not
know keeps click's own wording after a Chinese lead-in.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any


def click_exceptions() -> ModuleType:
    """click's exception module: typer ≥ 0.20 vendors click as ``typer._click``."""
    import importlib

    try:
        return importlib.import_module("typer._click.exceptions")
    except ImportError:  # older typer on the real click
        return importlib.import_module("click.exceptions")


# click's English detail texts (types, parser) -> Chinese
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^(?:Value error, )?'(.*)' is not one of (.*?)\.?$", r"“\1”不是可选的值（可选：\2）"),
    (r"^(?:Value error, )?'(.*)' is not a valid (integer|float|boolean)\.?$", r"“\1”不是有效的数字或布尔值"),
    (r"^(?:File|Path|Directory) '(.*)' does not exist\.?$", r"“\1”不存在"),
    (r"^Option '(.*)' requires an argument\.?$", r"选项 \1 需要一个值"),
    (r"^Option '(.*)' requires (\d+) arguments\.?$", r"选项 \1 需要 \2 个值"),
    (r"^No such command '(.*)'\.?$", r"没有“\1”这个命令"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数：\1"),
    (r"^Missing command\.?$", r"缺少命令"),
))


def _names(param: Any) -> str:
    if param is None:
        return ""
    opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    return " / ".join(opts) if opts else str(getattr(param, "name", "") or "").upper()


def _detail(text: str) -> str:
    text = " ".join(str(text).split())
    for pattern, replacement in _PATTERNS:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


def usage_message(exc: Exception) -> str:
    """One Chinese line for a click usage error, ending with where to find the command's help."""
    ex = click_exceptions()
    ctx = getattr(exc, "ctx", None)
    where = f"（用法见 {ctx.command_path} --help）" if ctx is not None else "（用法见 auditor --help）"
    if isinstance(exc, ex.NoSuchOption):
        similar = sorted(getattr(exc, "possibilities", None) or [])
        hint = f"，是否想用 {'、'.join(similar)}" if similar else ""
        return f"没有 {exc.option_name} 这个选项{hint}{where}"
    if isinstance(exc, ex.MissingParameter):
        param = exc.param
        kind = "选项" if param is not None and getattr(param, "param_type_name", "") == "option" else "参数"
        return f"缺少{kind} {_names(param)}{where}"
    if isinstance(exc, ex.BadParameter):
        name = _names(exc.param) or str(getattr(exc, "param_hint", "") or "")
        return f"{name} 的值不对：{_detail(exc.message)}{where}" if name else f"{_detail(exc.message)}{where}"
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return f"用法错误：{_detail(text)}{where}"
