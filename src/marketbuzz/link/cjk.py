"""Chinese name matches: the master's automaton over the folded text, with their surroundings.

`SecurityMaster.scan_cjk` gives the longest non-overlapping name matches. Chinese has no spaces,
so a short name can sit inside a longer ordinary word (投资 in 道衡投资股票, 东海 across
股东|海通, 平安 in 平安夜). For each match this module records whether a Han character that
would join it into another word stands right before or after it (`glued_before`,
`glued_after`); the linker decides per name how much gluing it tolerates. Characters in
`FREE_BEFORE` / `FREE_AFTER` (particles, conjunctions, reporting verbs, company and market
words) stand next to company names without forming a word with them.

A name that begins a longer organisation name ("中国电力技术装备有限公司", "上海复旦复华科技股份
有限公司") names that other organisation, not the listed company: such matches are dropped,
unless the words between the name and 有限公司 are generic corporate words (腾讯科技有限公司 is
Tencent's).
"""

from __future__ import annotations

import re

from marketbuzz.link.candidate import Candidate
from marketbuzz.master.load import SecurityMaster

_HAN = re.compile(r"[\u3400-\u9fff]")
FREE_AFTER = frozenset(
    "的了和与及或等也将已是在于对被把让向从由为称说表示发宣公告集团股份科技控港美沪深涨跌升挫"
    "收报盘市值今昨此其该旗下子母据因并且但而则就都还又再更最首近均各每即拟获遭披签董实预净营业"
    "年半季前上全副总管持早午晚这那日月周指透回停复大小高低暴飙急连逆创亦仍两一二三四五六七八九十"
    "目评"  # 阿里目标价, 小米评级
)
FREE_BEFORE = frozenset(
    "的了和与及或等也将已是在于对被把让向从由为称说据因并且但而则就都还又再更最即拟获遭购持股资"
    "入手作看好买卖给同如像连令使至以及到着过这那该"
    "高调降低升有予盖"  # verbs taking a company as object: 提高阿里目标价, 上调, 持有, 首予, 覆盖
)
_ORGANISATION_TAIL = re.compile(
    r"([\u4e00-\u9fff()（）]{0,12}?)(?:股份有限公司|有限责任公司|有限公司)"
)
_GENERIC_CORPORATE = re.compile(r"(?:集团|控股|股份|科技|实业|投资|发展|国际|中国|香港|[()（）])*")


def _glued(folded: str, index: int, free: frozenset[str]) -> bool:
    return (
        0 <= index < len(folded) and bool(_HAN.match(folded[index])) and folded[index] not in free
    )


def starts_other_organisation(folded: str, end: int) -> bool:
    """True when the name ending at `end` begins another organisation's registered name."""
    match = _ORGANISATION_TAIL.match(folded, end)
    return match is not None and _GENERIC_CORPORATE.fullmatch(match.group(1)) is None


def find_cjk_names(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Chinese name candidates (longest first), with how they are glued to their neighbours."""
    found: list[Candidate] = []
    for start, end, names in master.scan_cjk(folded):
        glued_after = _glued(folded, end, FREE_AFTER)
        if glued_after and starts_other_organisation(folded, end):
            continue
        found.append(
            Candidate(
                start,
                end,
                "name",
                folded[start:end],
                names=names,
                glued_before=_glued(folded, start - 1, FREE_BEFORE),
                glued_after=glued_after,
            )
        )
    return found
