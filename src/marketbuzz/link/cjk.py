"""Chinese name matches: the master's automaton over the folded text, with their surroundings.

`SecurityMaster.scan_cjk` gives the longest non-overlapping name matches. Chinese has no spaces,
so a short name can sit inside a longer ordinary word (投资 in 道衡投资股票, 东海 across
股东|海通, 平安 in 平安夜). For each match this module records whether a Han character that
would join it into another word stands right before or after it (`glued_before`,
`glued_after`); the linker decides per name how much gluing it tolerates. A two-character
match that straddles common words (`straddles`: 股东|海通 holds 东海) never links without a
code or status mark. Characters in `FREE_BEFORE` / `FREE_AFTER` (particles, conjunctions,
reporting verbs, company and market words) stand next to company names without forming a word
with them.

A name that begins a longer organisation name ("中国电力技术装备有限公司", "上海复旦复华科技股份
有限公司", "九鼎投资中心") names that other organisation, not the listed company: such matches are
dropped, unless the words between the name and 有限公司 are generic corporate words
(腾讯科技有限公司 is Tencent's; `tail` marks these, and the linker keeps them only for companies
— "天然气投资有限公司" is no gas future — and, before a plain 有限公司, not for A-share companies).

A name can also sit inside a longer proper noun that is not an organisation's registered name:
- a place name begun before it (内蒙古能源 holds 蒙古能源, 浙江西部 holds 江西): `inside_place`;
- an asset or a separately run arm after it (葛洲坝电站, 广州珠江LNG电厂, 京东数科, 太平洋人寿):
  `other_arm_after`. Life insurers (…人寿) are separate companies even when a listed group owns
  them, so 中国平安人寿 does not link 中国平安 either; 集团 is left alone (京东集团 is JD);
- another company's short name right before it (上汽大众, 广汽丰田): the joint venture of the two,
  not the foreign partner; the linker sees this as two adjacent name candidates and drops the
  second (`joint_venture_partner`).
"""

from __future__ import annotations

import re

from marketbuzz.link.candidate import Candidate
from marketbuzz.link.common_words import COMMON_WORDS
from marketbuzz.master.load import SecurityMaster

_HAN = re.compile(r"[\u3400-\u9fff]")
SHORT_NAME_LENGTH = 2
FREE_AFTER = frozenset(
    "的了和与及或等也将已是在于对被把让向从由为称说表示发宣公告集团股份科技控港美沪深涨跌升挫"
    "收报盘市值今昨此其该旗下子母据因并且但而则就都还又再更最首近均各每即拟获遭披签董实预净营业"
    "年半季前上全副总管持早午晚这那日月周指透回停复大小高低暴飙急连逆创亦仍两一二三四五六七八九十"
    "目评"  # 阿里目标价, 小米评级
    "约逾"  # about, over: 净买入小米约18亿港元, 腾讯逾百亿
    "维给重下"  # a broker's action: 中金维持, 给予, 重申, 下调
)
FREE_BEFORE = frozenset(
    "的了和与及或等也将已是在于对被把让向从由为称说据因并且但而则就都还又再更最即拟获遭购持股资"
    "入手作看好买卖给同如像连令使至以及到着过这那该"
    "高调降低升有予盖"  # verbs taking a company as object: 提高阿里目标价, 上调, 持有, 首予, 覆盖
)
_COMPANY_TAIL = re.compile(
    r"([^\s，,。；;！!？?、：:“”\"《》<>]{0,6}?)(?:股份有限公司|有限责任公司|有限公司)"
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
_PHRASE_BREAK = re.compile("[的了与和及向对为是在将拟等从由被把给让受收购持转签订并或于]|股东")
# The words an organisation name ends with (both tails above): where none follows a name
# closely, neither tail pattern needs to run.
_TAIL_WORDS = re.compile("有限公司|有限责任公司|中心|合伙企业|有限合伙|委员会|管理局")
# The longest stretch a tail pattern allows between a name and its tail word.
_TAIL_REACH = 8
GENERIC_TAIL = "generic"  # generic words + 股份有限公司: the company's own registered name
LIMITED_TAIL = "limited"  # generic words + 有限公司 without 股份: not an A-share company


# Provinces, regions and municipalities: a match that starts inside one of them is part of the
# place name (内蒙古|能源 is no 蒙古能源).
_PLACE = re.compile(
    "内蒙古|黑龙江|新疆|西藏|宁夏|广西|云南|贵州|四川|重庆|湖南|湖北|河南|河北|山东|山西|陕西|甘肃"
    "|青海|吉林|辽宁|江苏|浙江|安徽|福建|江西|广东|海南|上海|北京|天津|香港|澳门|台湾"
)
_PLACE_REACH = 2  # the longest place name above minus one character
# Characters a place name has before its last one (内, 蒙 of 内蒙古; 上 of 上海).
_PLACE_INNER = frozenset(ch for place in _PLACE.pattern.split("|") for ch in place[:-1])
# Assets and separately run arms named after a company: a power station, a plant, a life insurer,
# a fintech spin-off. A short Latin tag may stand between (广州珠江LNG电厂).
_OTHER_ARM = re.compile(r"[A-Za-z0-9]{0,6}(?:电站|电厂|水电站|人寿|寿险|数科)", re.IGNORECASE)
# Non-ASCII letters IGNORECASE matches to [A-Za-z]: ſ, K (Kelvin sign), İ, ı.
_OTHER_ARM_FIRST = frozenset("电水人寿数\u017f\u212a\u0130\u0131")


def inside_place(folded: str, start: int) -> bool:
    """The match begins inside a place name that starts before it (内|蒙古能源)."""
    # The character before the match must then be a place name's non-final character: one
    # set lookup spares the regex for almost every match.
    if start <= 0 or folded[start - 1] not in _PLACE_INNER:
        return False
    for match in _PLACE.finditer(folded, max(0, start - _PLACE_REACH), start + _PLACE_REACH):
        if match.start() < start < match.end():
            return True
    return False


def other_arm_after(folded: str, end: int) -> bool:
    """An asset or separate arm's type word follows the name (葛洲坝电站, 京东数科)."""
    if end >= len(folded):
        return False
    # Only ASCII (the Latin tag), a type word's first character, or a non-ASCII letter that
    # IGNORECASE matches to [A-Za-z] can start a match: skip the regex for anything else.
    first = folded[end]
    if not first.isascii() and first not in _OTHER_ARM_FIRST:
        return False
    return _OTHER_ARM.match(folded, end) is not None


def _glued(folded: str, index: int, free: frozenset[str]) -> bool:
    if not 0 <= index < len(folded):
        return False
    ch = folded[index]
    return "\u3400" <= ch <= "\u9fff" and ch not in free


def straddles_words(folded: str, start: int, end: int) -> bool:
    """A two-character match whose characters belong to common words on either side
    (股东|海通 holds 东海; 全国|中小 holds 国中)."""
    if end - start != SHORT_NAME_LENGTH:
        return False
    before = folded[start - 1 : start + 1] if start > 0 else ""
    after = folded[end - 1 : end + 1] if end < len(folded) else ""
    return before in COMMON_WORDS or after in COMMON_WORDS


def organisation_tail(folded: str, start: int, end: int) -> str | None:
    """What follows the name when it begins a longer organisation name.

    None: it does not; GENERIC_TAIL: only generic corporate words stand before 股份有限公司
    (中兴通讯股份有限公司, the company itself); LIMITED_TAIL: generic words before a plain
    有限公司 (腾讯科技有限公司: the company or its arm, but for an A-share company, which by law
    is a 股份有限公司, a parent or subsidiary: 五矿稀土集团有限公司); "other": another organisation
    (中国电力技术装备有限公司, 九鼎投资中心).
    """
    if end >= len(folded) or not (_HAN.match(folded[end]) or folded[end] in "(（"):
        return None
    for pattern in (_OTHER_TAIL, _COMPANY_TAIL):
        match = pattern.match(folded, end)
        if match is None or _PHRASE_BREAK.search(match.group(1)):
            continue
        if pattern is _COMPANY_TAIL and _GENERIC_CORPORATE.fullmatch(match.group(1)):
            joint_stock = folded[start : match.end()].endswith(
                "股份有限公司"
            )  # 比亚迪股份|有限公司
            return GENERIC_TAIL if joint_stock else LIMITED_TAIL
        return "other"
    return None


# A person's name followed by a function word can hold a company name across the boundary:
# 张少华|为公司… holds 华为公司, 李华|为… holds 华为. Common surnames that are rarely ordinary
# words before a company name (向, 于, 高, 万, 金, 方, 白 are left out: 向华为采购, 于华为任职).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤"
)
# Function words that follow a person's name as the next word (为 "serves as", 是, 在, 和, 与…).
_FUNCTION_AFTER_PERSON = frozenset("为是在和与将对把被从称说")


def straddles_person_name(folded: str, start: int, end: int) -> bool:
    """The match's first character ends a person's name and its second is a function word:
    张少华为公司董事长 (张少华 | 为 | 公司), 李华为华为公司员工."""
    if end - start < SHORT_NAME_LENGTH or folded[start + 1] not in _FUNCTION_AFTER_PERSON:
        return False
    before1 = folded[start - 1] if start >= 1 else ""
    before2 = folded[start - 2] if start >= 2 else ""
    if before2 + before1 in COMMON_WORDS:
        return False  # 主张|华为, 陈述|华为: a word, not a surname and given name
    if before1 in _SURNAMES:
        return True
    return before2 in _SURNAMES and "\u3400" <= before1 <= "\u9fff" and before1 not in FREE_BEFORE


_LONGEST_TAIL_WORD = 6  # 有限责任公司


def _tail_word_near(folded: str, end: int) -> bool:
    """A tail word begins within reach of `end` (searched in that window only: most names
    have none after them, and a scan of the whole text cost more than all the windows)."""
    found = _TAIL_WORDS.search(folded, end, end + _TAIL_REACH + _LONGEST_TAIL_WORD)
    return found is not None and found.start() - end <= _TAIL_REACH


def find_cjk_names(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Chinese name candidates (longest first), with how they are glued to their neighbours."""
    found: list[Candidate] = []
    for start, end, names in master.scan_cjk(folded):
        if (
            straddles_person_name(folded, start, end)
            or inside_place(folded, start)
            or other_arm_after(folded, end)
        ):
            continue
        tail = None
        if _tail_word_near(folded, end):
            tail = organisation_tail(folded, start, end)
            if tail == "other":
                continue
        # Positional arguments: keywords cost a dictionary per call in the compiled build.
        found.append(
            Candidate(
                start,
                end,
                "name",
                folded[start:end],
                names,
                None,  # entity_id: a name is resolved later
                -1,  # outer_start: only codes have a wrapping
                _glued(folded, start - 1, FREE_BEFORE),
                _glued(folded, end, FREE_AFTER),
                tail or "",
                straddles_words(folded, start, end),
            )
        )
    return found


# -- status-marked short names -----------------------------------------------------------------
# A-share names under special treatment are written with a mark and the first characters of the
# usual short name (江特电机 -> *ST江特, 舍得酒业 -> ST舍得). When the master lacks the marked
# name, the two characters after the mark still identify the company if exactly one mainland
# company's name starts with them.
_STATUS_MARKED_NAME = re.compile(r"(?<![A-Za-z])(?:\*?S?\*?ST)([\u4e00-\u9fff]{2})")
_MAINLAND_IDS = (".SS", ".SZ", ".BJ")


def _mainland_prefixes(master: SecurityMaster) -> dict[str, str | None]:
    return master.memo("link.mainland_prefixes", lambda: _build_mainland_prefixes(master))


def _build_mainland_prefixes(master: SecurityMaster) -> dict[str, str | None]:
    """First two characters of every mainland company's names -> the company (None if shared).

    A derived index of an immutable master: the same master always gives the same table. A
    mainland company's id is its A-share symbol (600519.SS), so no entity needs unpacking.
    """
    table: dict[str, str | None] = {}
    for name in master.names:
        if name.lang != "zh" or len(name.key) < 3 or not name.entity_id.endswith(_MAINLAND_IDS):
            continue
        prefix = name.key[:2]
        owner = table.get(prefix, name.entity_id)
        table[prefix] = owner if owner == name.entity_id else None
    return table


def _keys_by_prefix(master: SecurityMaster) -> dict[str, list[str]] | None:
    return master.memo("link.keys_by_prefix", lambda: _build_keys_by_prefix(master))


def _build_keys_by_prefix(master: SecurityMaster) -> dict[str, list[str]] | None:
    """Chinese name keys of 3+ characters by their first two characters, read from the master's
    automaton keys without unpacking any name (None if the master does not expose them).

    Temporary: reads `SecurityMaster._cjk.entries`; to be replaced by a master API (see the
    linking report) that answers "which mainland company's names start with these two".
    """
    entries = getattr(getattr(master, "_cjk", None), "entries", None)
    if not isinstance(entries, list):
        return None
    table: dict[str, list[str]] = {}
    for entry in entries:
        key = entry[0] if isinstance(entry, list) and entry else None
        if isinstance(key, str) and len(key) >= 3:
            table.setdefault(key[:2], []).append(key)
    return table


def _prefix_owner(master: SecurityMaster, prefix: str) -> str | None:
    """The one mainland company whose Chinese names start with `prefix` (None: none or shared)."""
    known: dict[str, str | None] = master.memo("link.prefix_owners", dict)
    if prefix in known:
        return known[prefix]
    keys = _keys_by_prefix(master)
    if keys is None:
        owner = _mainland_prefixes(master).get(prefix)
    else:
        owners = {
            name.entity_id
            for key in keys.get(prefix, ())
            for start, end, names in master.scan_cjk(key)
            if start == 0 and end == len(key)
            for name in names
            if name.lang == "zh" and name.entity_id.endswith(_MAINLAND_IDS)
        }
        owner = next(iter(owners)) if len(owners) == 1 else None
    known[prefix] = owner
    return owner


def find_status_marked(
    folded: str, master: SecurityMaster, taken: list[Candidate]
) -> list[Candidate]:
    """*ST江特-style names the master does not list, resolved by their unique prefix."""
    if "ST" not in folded:
        return []
    covered = {(c.start, c.end) for c in taken}
    found: list[Candidate] = []
    for match in _STATUS_MARKED_NAME.finditer(folded):
        start, end = match.span(1)
        if any(s <= start < e or start <= s < end for s, e in covered):
            continue
        entity_id = _prefix_owner(master, match.group(1))
        if entity_id is not None:
            found.append(Candidate(start, end, "name", match.group(1), entity_id=entity_id))
    return found
