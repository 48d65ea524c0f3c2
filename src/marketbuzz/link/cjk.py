"""Chinese name matches: the master's automaton over the folded text, with their surroundings.

`SecurityMaster.scan_cjk` gives the longest non-overlapping name matches. Chinese has no spaces,
so a short name can sit inside a longer ordinary word (投资 in 道衡投资股票, 东海 across
股东|海通, 平安 in 平安夜). For each match this module records whether a Han character that
would join it into another word stands right before or after it (`glued_before`,
`glued_after`); the linker decides per name how much gluing it tolerates. Characters in
`FREE_BEFORE` / `FREE_AFTER` (particles, conjunctions, reporting verbs, company and market
words) stand next to company names without forming a word with them.

A name that begins a longer organisation name ("中国电力技术装备有限公司", "上海复旦复华科技股份
有限公司", "九鼎投资中心") names that other organisation, not the listed company: such matches are
dropped, unless the words between the name and 有限公司 are generic corporate words
(腾讯科技有限公司 is Tencent's; `generic_tail` marks these, and the linker keeps them only for
companies — "天然气投资有限公司" is no gas future).
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
_COMPANY_TAIL = re.compile(
    r"([^\s，,。；;！!？?、：:“”\"《》<>]{0,12}?)(?:股份有限公司|有限责任公司|有限公司)"
)
# Other organisation types a listed company's name never ends with: a fund (投资中心, 合伙企业),
# a regulator (中国银行保险监督管理委员会).
_OTHER_TAIL = re.compile(
    r"([^\s，,。；;！!？?、：:“”\"《》<>]{0,8}?)(?:中心|合伙企业|有限合伙|委员会|管理局)"
)
_GENERIC_CORPORATE = re.compile(
    r"(?:集团|控股|股份|科技|技术|网络|信息|软件|实业|投资|发展|国际|中国|香港|[()（）])*"
)
# Words that end the name's noun phrase: "凯利泰受让国药洁诺医疗服务有限公司" is not one name.
_PHRASE_BREAK = re.compile("[的了与和及向对为是在将拟等从由被把给让受收购持转签订并或于]")
GENERIC_TAIL = "generic"


def organisation_tail(folded: str, end: int) -> str | None:
    """What follows the name when it begins a longer organisation name.

    None: it does not; GENERIC_TAIL: only generic corporate words stand before 有限公司
    (腾讯科技有限公司, the company itself or its arm); "other": another organisation
    (中国电力技术装备有限公司, 九鼎投资中心).
    """
    for pattern in (_OTHER_TAIL, _COMPANY_TAIL):
        match = pattern.match(folded, end)
        if match is None or _PHRASE_BREAK.search(match.group(1)):
            continue
        if pattern is _COMPANY_TAIL and _GENERIC_CORPORATE.fullmatch(match.group(1)):
            return GENERIC_TAIL
        return "other"
    return None


def find_cjk_names(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Chinese name candidates (longest first), with how they are glued to their neighbours."""
    found: list[Candidate] = []
    for start, end, names in master.scan_cjk(folded):
        tail = organisation_tail(folded, end)
        if tail is not None and tail != GENERIC_TAIL:
            continue
        found.append(
            Candidate(
                start,
                end,
                "name",
                folded[start:end],
                names=names,
                glued_before=_glued(folded, start - 1, FREE_BEFORE),
                glued_after=_glued(folded, end, FREE_AFTER),
                generic_tail=tail == GENERIC_TAIL,
            )
        )
    return found
