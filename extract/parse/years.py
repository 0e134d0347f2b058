"""Years a text sets as targets ("到2030年", "力争到 2025 年", "2030年前"), never baselines ("比2020年")."""

from __future__ import annotations

import re

_Y = r"((?:19|20|21)\d\d)"
# 到/至/在 2030 年 ... ; 2030 年前/以前/之前 ; 2030 年底/末
TARGET_YEAR = re.compile(
    rf"(?:到|至|于|在)\s*{_Y}\s*年(?!\s*[以之]?后)|{_Y}\s*年\s*(?:前|以前|之前|底前|底|末)"
)


def target_years(text: str) -> tuple[int, ...]:
    """Target years of a text, ascending and unique."""
    years = {int(m.group(1) or m.group(2)) for m in TARGET_YEAR.finditer(text)}
    return tuple(sorted(y for y in years if 2000 <= y <= 2100))

