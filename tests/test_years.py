"""Target years: what a text sets with 到/前, never the baseline of a comparison."""

from __future__ import annotations

import pytest

from extract.parse.years import target_years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("到 2030 年，大幅提升能源技术自主创新能力", (2030,)),
        ("力争到2025年实现单位二氧化碳捕集能耗比2020年下降20%，到2030年下降30%", (2025, 2030)),
        ("支撑单位GDP二氧化碳排放比2020年下降18%", ()),
        ("为2060年前实现碳中和目标做好技术研发储备", (2060,)),
        ("单位 GDP 二氧化碳排放比 2005 年下降 65% 以上", ()),
        ("2021年以后逐步推广", ()),
        ("", ()),
    ],
)
def test_target_years(text: str, years: tuple[int, ...]) -> None:
    assert target_years(text) == years


def test_seed_actions(seed_doc) -> None:
    years = {a.number: a.target_years for a in seed_doc.actions}
    assert years[1] == (2030,)
    assert years[4] == (2025, 2030)
    assert years[5] == ()
    assert seed_doc.horizon_years == (2025, 2030, 2060)
