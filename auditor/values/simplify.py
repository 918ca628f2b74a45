"""Traditional -> simplified Chinese (OpenCC ``t2s``), for matching words written either way."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

# A CJK character that OpenCC's t2s table may change: only texts holding one are converted.
_CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """The text in simplified characters (``業務工作`` -> ``业务工作``); other text unchanged."""
    if not text or not _CJK.search(text):
        return text or ""
    return str(_converter().convert(text))
