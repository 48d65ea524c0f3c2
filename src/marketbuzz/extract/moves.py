"""Price moves: "甲骨文一度跌超7%", "比特币跌破12.1万美元关口", "Oracle shares fell as much as 7%".

How it works:

1. One pass of an Aho-Corasick automaton (`ANCHOR_FINDER`, ahocorasick-rs; run in the one
   pass that serves every word list of the document, `lexicon.move_anchors`) over the folded
   text finds every move phrase: a move verb (涨/跌/升穿/rose/slid...), a high or low (一个月新高,
   刷新日低, "52-week high"), or a streak (七日连涨势头终结, "snapped a seven-day winning
   streak").
   Words that only look like moves (涨跌, 降息, 升级, 涨价, 上涨空间) are matched first and
   dropped. Highs, lows, streaks and "closed 1.2% higher" are read with their detailed
   pattern on a short window around the anchor only.
2. Phrases are grouped by sentence; only those sentences are read further. A sentence is cut
   into clauses at commas, semicolons and colons (not at 、, which joins subjects: 标普、纳指).
3. Each phrase goes to the nearest preceding mention in its clause (and the mentions joined to
   it by 、/和/及/and). A clause with no mention before its phrase continues the subject of the
   clause before it ("Bitcoin slid below $121,000, down more than $5,000 from its record").
   Sources and actors (a broker publishing a report) never get a move; neither do unlisted
   organisations, nor a mention whose gap to the verb names another quantity (营收, 资金流入,
   权重, revenue) or a forecast (将, 预计, expected to).
4. After the verb: qualifiers (超, 近, 约, more than, as much as), the size (a Quantity from
   `marketbuzz.text.numbers`) and a level (跌破/升穿 N, 至/报 N, below/to N). A size in money
   is a "price" move whose currency is `Move.value_currency` (跌超5000美元 -> USD; 元 of a
   Hong Kong listing is HKD).
5. Phrases for one entity in one sentence merge into one Move while they agree (a verb with a
   size, a level, a high or low, a streak); a stated cause in the same sentence is attached.

Everything matches `Document.folded`, so each rule is written once in Simplified form.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity
from marketbuzz.model import Direction, Mention, Move, MoveUnit
from marketbuzz.text.numbers import CURRENCIES, Quantity, parse_number, quantity_at
from marketbuzz.text.sentences import Segment

__all__ = ["extract_moves"]

# -- searching -------------------------------------------------------------------------------

# Letters that match other characters when case is ignored (Python's Unicode case folding).
_FOLD_PARTNERS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _any_case(letters: str) -> str:
    """`letters` in every form `(?i:[letters])` matches: both cases and the folding partners."""
    return "".join(f"{c.lower()}{c.upper()}{_FOLD_PARTNERS.get(c.lower(), '')}" for c in letters)


class _Gated:
    """A search pattern behind a plain character class of every character its matches start
    with. The class alone is scanned at C speed (the engine skips straight to a member);
    the full pattern then runs from the first candidate on. The result is the pattern's own:
    no match can start before that candidate, and look-behinds still see the text before it."""

    __slots__ = ("_first", "pattern")

    def __init__(self, first_characters: str, pattern: re.Pattern[str]) -> None:
        self._first = re.compile(f"[{re.escape(first_characters)}]")
        self.pattern = pattern

    def search(self, text: str, start: int, end: int) -> re.Match[str] | None:
        if start <= 0:  # ^ can match at the very start: no shortcut there
            return self.pattern.search(text, start, end)
        candidate = self._first.search(text, start, end)
        return None if candidate is None else self.pattern.search(text, candidate.start(), end)


# -- vocabulary ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Verb:
    direction: Direction
    needs_number: bool = False  # 升, 扬, added, up, down: a move only with a size after them
    qualifier: str | None = None  # surge, plunge, limit_up, limit_down
    level_verb: bool = False  # 跌破, 升穿: the number after it is a level crossed, not a size
    weak: bool = False  # 高开: a direction any later verb of the sentence overrides


def _verbs(
    words: str,
    direction: Direction,
    *,
    needs_number: bool = False,
    qualifier: str | None = None,
    level_verb: bool = False,
    weak: bool = False,
) -> dict[str, _Verb]:
    """One _Verb for each space-separated word (underscores stand for spaces)."""
    verb = _Verb(direction, needs_number, qualifier, level_verb, weak)
    return {word.replace("_", " "): verb for word in words.split()}


_CN_VERBS: dict[str, _Verb] = {
    **_verbs(
        "暴涨 飙升 飙涨 狂飙 大涨 急升 急涨 猛涨 跳涨 狂涨 大幅上涨 劲升", "up", qualifier="surge"
    ),
    **_verbs("涨停", "up", qualifier="limit_up"),
    **_verbs(
        "上涨 上升 走高 攀升 反弹 收涨 收升 收高 回升 上扬 走强 拉升 冲高 升值 续涨 涨",
        "up",
    ),
    **_verbs("升 扬 涨幅", "up", needs_number=True),
    **_verbs(
        "升穿 突破 站上 站稳 收复 重上 重返 升破 涨破 冲破",
        "up",
        needs_number=True,
        level_verb=True,
    ),
    **_verbs(
        "暴跌 崩跌 大跌 急跌 重挫 狂泻 暴泻 跳水 插水 急挫 大挫 狂跌 闪崩",
        "down",
        qualifier="plunge",
    ),
    **_verbs("跌停", "down", qualifier="limit_down"),
    **_verbs(
        "下跌 下挫 回落 走低 收跌 收低 滑落 跌落 下滑 下探 走弱 回调 贬值 下降 续跌 挫 跌",
        "down",
    ),
    **_verbs("降 跌幅", "down", needs_number=True),
    **_verbs("跌破 跌穿 失守 下破 击穿 跌落至", "down", needs_number=True, level_verb=True),
    **_verbs("持平 平收 收平 横盘 平开", "flat"),
    # The open says little once the close is known: 高开后回落 is a fall.
    **_verbs("高开", "up", weak=True),
    **_verbs("低开", "down", weak=True),
}

_EN_SURGE = "soared soars surged surges jumped jumps skyrocketed rocketed spiked"
_EN_PLUNGE = "plunged plunges tumbled tumbles slumped slumps crashed plummeted tanked sank sinks"
_EN_UP_FREE = (
    "rose rises climbed climbs rallied rallies rebounded rebounds advanced gained "
    "edged_up edged_higher inched_up inched_higher ticked_up moved_higher closed_higher "
    "ended_higher finished_higher traded_higher was_higher were_higher strengthened firmed "
    "before_rebounding before_recovering"
)
_EN_DOWN_FREE = (
    "fell falls dropped drops declined declines slid slides slipped slips retreated retreats "
    "edged_down edged_lower inched_down inched_lower ticked_down moved_lower closed_lower "
    "ended_lower finished_lower traded_lower was_lower were_lower weakened softened "
    "before_retreating before_falling before_sliding before_reversing before_paring_gains "
    "before_turning_lower before_slipping before_easing before_pulling_back"
)
_EN_VERBS: dict[str, _Verb] = {
    **_verbs(_EN_SURGE, "up", qualifier="surge"),
    **_verbs(_EN_PLUNGE, "down", qualifier="plunge"),
    **_verbs(_EN_UP_FREE, "up"),
    **_verbs(_EN_DOWN_FREE, "down"),
    **_verbs("added adds gains advances up", "up", needs_number=True),
    # Headline present tense ("Oracle Shares Fall 7%"): nouns too, so only with a size.
    **_verbs("rise jump surge soar climb gain", "up", needs_number=True),
    **_verbs("fall drop slide plunge tumble sink slump", "down", needs_number=True),
    **_verbs("lost loses eased eases shed sheds dipped dips down", "down", needs_number=True),
    **_verbs("unchanged", "flat"),
    **_verbs("opened_higher", "up", weak=True),
    **_verbs("opened_lower", "down", weak=True),
    **_verbs("was_flat were_flat closed_flat ended_flat finished_flat little_changed", "flat"),
}

# Matched before the verbs and dropped: words that hold a move character but are not a move.
_CN_NOT_MOVES = (
    "涨跌 升降 涨价 降价 降息 升息 加息 降准 升级 降级 升温 降温 提升 升任 升职 晋升 升学 "
    "上涨空间 上升空间 下跌空间 下行空间 涨幅空间 看涨 看跌 唱涨 唱空 跌宕 水涨船高 "
    "降低 降幅收窄 突破性 技术突破 取得突破 重大突破 升级版 扬言 表扬 宣扬 挫折 受挫"
)
_EN_NOT_MOVES_WORDS = (
    "set up|shut down|step down|stepped down|steps down|up to|upgrade|upgraded|upgrades|"
    "downgrade|downgraded|downgrades|ups and downs|high school|low-cost|low cost|high-end|"
    "high-speed|highs and lows|falls behind|fell behind|fall behind|falling behind"
)

_CN_NUM = r"[0-9.]+|[零〇一二两三四五六七八九十百千廿]+"
_EN_NUM = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
)

_CN_HIGH_LOW = (
    rf"(?:(?P<hn>{_CN_NUM})(?P<hu>个多月|个月|年|周|个星期|个交易日|日|天)(?:以来)?(?:的)?"
    r"|(?P<hw>历史|纪录|记录|年内|今年|年初至今|多年|上市以来|盘中|日内))"
    r"(?P<hl>新高|新低|高位|低位|高点|低点|最高|最低)"
    r"|(?:创|创下|刷新|再创|屡创|录得)(?:了)?(?P<hbare>新高|新低)"
    r"|(?:刷新|创下|创|触及|录得|跌至|升至|涨至|见)(?P<day>日内?(?:新)?[低高])(?:点|位)?"
    r"|(?P<hs>(?:\d{4}年)?\d{1,2}月(?:份)?|\d{4}年|去年\d{1,2}月|去年|年初)(?:以)?来的?"
    r"(?P<hsl>新高|新低|最高|最低)"
    r"|(?P<hplain>新高|新低)"
)
_EN_HIGH_LOW = (
    rf"(?i:(?:(?P<en_hn>{_EN_NUM})[- ](?P<en_hu>day|week|month|year|session)"
    r"|(?P<en_hw>record|all[- ]time|multi-?year|intraday|session|year-to-date|ytd|lifetime))"
    r"[- ](?P<en_hl>high|low|closing high|closing low)s?\b"
    r"|\b(?P<en_rec>record (?:close|closing level|territory))\b"
    r"|\b(?P<en_sl>highest|lowest)\s+(?:level\s+|close\s+|point\s+)?since\s+"
    r"(?P<en_sd>(?:early\s+|late\s+|mid-)?(?:[A-Z][a-z]+\s+)?\d{4}|[A-Z][a-z]+))"
)
_CN_STREAK = (
    rf"(?:(?P<s_pre>终结|结束|中断|止步|打破)(?:了)?)?(?P<s_n>{_CN_NUM})(?:个)?(?:交易)?(?:日|天)?"
    r"连(?P<s_d>涨|跌|升|降|阳|阴)(?:势头|走势|纪录|记录)?"
    r"(?P<s_end>(?:宣告|遭|被)?(?:终结|结束|中断|告终|止步|打破))?"
    rf"|连(?P<s_d2>涨|跌|升|降)(?P<s_n2>{_CN_NUM})(?:个)?(?:交易)?(?:日|天)"
    r"(?:的势头|势头|走势)?(?P<s_end2>(?:宣告|遭|被)?(?:终结|结束|中断|告终))?"
    rf"|连续(?P<s_n3>{_CN_NUM})(?:个)?(?:交易)?(?:日|天)(?P<s_d3>上涨|下跌|收涨|收跌|走高|走低|涨停|跌停)"
)
_EN_STREAK = (
    r"(?i:(?:(?P<e_pre>snapped|snapping|ended|ending|broke|breaking|halted|extended|extending|stretched)\s+"
    r"(?:a|an|its|their|the)\s+)?"
    rf"(?P<e_n>{_EN_NUM})[- ](?:day|session)\s+(?P<e_d>winning|losing)\s+(?:streak|run)"
    r"(?:\s+(?P<e_end>ended|came to an end|was snapped|snapped))?)"
)


def _literal_alternation(words: Iterable[str], latin: bool = False) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return rf"(?i:\b(?:{body})\b)" if latin else body


# Anchors: literal words found in one fast pass (a literal alternation lets the regex engine
# skip ahead by first character). Highs, lows and streaks are then read around their anchor
# with the detailed patterns above, on a short window only.
_HIGH_LOW_ANCHORS = ("新高", "新低", "高位", "低位", "高点", "低点", "最高", "最低", "日低", "日高")
_CN_ANCHORS: dict[str, str] = {
    **dict.fromkeys(_CN_NOT_MOVES.split(), "skip"),
    **dict.fromkeys(_CN_VERBS, "cnverb"),
    **dict.fromkeys(["连涨", "连跌", "连升", "连降", "连阳", "连阴", "连续"], "streak"),
    **dict.fromkeys(_HIGH_LOW_ANCHORS, "highlow"),
}
_EN_WORDS: dict[str, str] = {
    **dict.fromkeys(_EN_NOT_MOVES_WORDS.split("|"), "skip"),
    **dict.fromkeys(_EN_VERBS, "enverb"),
    "streak": "streak",
    "high": "highlow",
    "highs": "highlow",
    "low": "highlow",
    "lows": "highlow",
    "record": "highlow",
    "highest": "highlow",
    "lowest": "highlow",
    "higher": "sized",
    "lower": "sized",
}
# Latin anchors are matched case-sensitively in lower and capitalised form (fast), and checked
# for word boundaries in Python.
_EN_ANCHORS: dict[str, str] = {
    variant: kind
    for word, kind in _EN_WORDS.items()
    for variant in (word, word[:1].upper() + word[1:])
}
_ANCHOR_KIND = {**_EN_ANCHORS, **_CN_ANCHORS}
# Leftmost-longest, non-overlapping: the longest word wins where two start together (跌破 over
# 跌, "edged up" over "up"), as a longest-first regex alternation would, at Rust speed.
_ANCHOR_WORDS = tuple(_ANCHOR_KIND)
_ANCHOR_KINDS = tuple(_ANCHOR_KIND[w] for w in _ANCHOR_WORDS)
# Found in the one pass over the document that serves every word list (`lexicon.move_anchors`):
# (start, end, index into _ANCHOR_WORDS), case-sensitive, word boundaries checked later.
ANCHOR_FINDER: lexicon.WordFinder[int] = lexicon.WordFinder(
    {word: index for index, word in enumerate(_ANCHOR_WORDS)},
    case_sensitive=True,
    whole_words=False,
)


class _Anchor(NamedTuple):
    """One anchor word found by the automaton, with its kind ("cnverb", "highlow"...).
    A named tuple: one is made per anchor, and a tuple is the cheapest object to make."""

    word: str
    kind: str
    start: int
    end: int


# "closed 1.2% higher", "ended 120 points lower": the size comes before the direction.
_SIZED_DIRECTION = re.compile(
    r"(?P<q>\d[\d,.]*\s?(?:%|(?i:percent|per cent|points?|pts)))\s+(?P<d>higher|lower)\b"
)
# Detailed patterns by anchor kind and script (a Chinese anchor never needs the English one).
# Each opens with a look-ahead at the characters its phrases can start with: the window is then
# scanned with most positions rejected at once, instead of every alternative tried at each.
_CN_NUMERAL_CHARS = "0-9.零〇一二两三四五六七八九十百千廿"
_EN_NUMBER_INITIALS = "0-9otfsen"
_DETAIL: dict[tuple[str, bool], re.Pattern[str]] = {
    ("sized", True): _SIZED_DIRECTION,
    ("streak", False): re.compile(rf"(?=[{_CN_NUMERAL_CHARS}终结中止打连])(?:{_CN_STREAK})"),
    ("streak", True): re.compile(rf"(?=(?i:[{_EN_NUMBER_INITIALS}sebh]))(?:{_EN_STREAK})"),
    ("highlow", False): re.compile(
        rf"(?=[{_CN_NUMERAL_CHARS}历纪记年今多上盘日创刷再屡录触跌升涨见去新])(?:{_CN_HIGH_LOW})"
    ),
    ("highlow", True): re.compile(rf"(?=(?i:[{_EN_NUMBER_INITIALS}ramisylh]))(?:{_EN_HIGH_LOW})"),
}
_DETAIL_KINDS = frozenset(kind for kind, _ in _DETAIL)
_WINDOW_BEFORE, _WINDOW_AFTER = 48, 24


def _is_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _is_english_move_word(text: str, anchor: _Anchor) -> bool:
    """A whole word, and not a capitalised word inside a name: "Advanced Micro Devices" after
    a lower-case word is a name; "Apple Stock Falls After..." (title case) is a headline."""
    start, end = anchor.start, anchor.end
    if not _is_word(text, start, end):
        return False
    if not anchor.word[:1].isupper():
        return True
    following = text[end + 1 : end + 2] if text[end : end + 1] == " " else ""
    preceding = text[max(0, start - 2) : start].strip()[-1:] if start > 0 else ""
    return not (following.isupper() and preceding.islower())


def _detail_at(folded: str, anchor: _Anchor, low: int, high: int) -> re.Match[str] | None:
    """The detailed high/low or streak match that covers `anchor`, read on a short window."""
    window_start = max(low, anchor.start - _WINDOW_BEFORE)
    window_end = min(high, anchor.end + _WINDOW_AFTER)
    pattern = _DETAIL.get((anchor.kind, anchor.word.isascii()))
    if pattern is None:
        return None
    for match in pattern.finditer(folded, window_start, window_end):
        if match.start() <= anchor.start and match.end() >= anchor.end:
            return match
        if match.start() > anchor.start:
            break
    return None


# After a verb: qualifier words before the size, and what they mean.
_TAIL_QUALIFIERS: tuple[tuple[str, str | None], ...] = (
    ("超过", "more_than"),
    ("超逾", "more_than"),
    ("逾", "more_than"),
    ("超", "more_than"),
    ("多于", "more_than"),
    ("将近", "nearly"),
    ("接近", "nearly"),
    ("逼近", "nearly"),
    ("近", "nearly"),
    ("大约", "about"),
    ("约为", "about"),
    ("约", "about"),
    ("一度", "at_one_point"),
    ("高达", None),
    ("多达", None),
    ("了", None),
    ("达", None),
    ("为", None),
    ("more than", "more_than"),
    ("over", "more_than"),
    ("upwards of", "more_than"),
    ("in excess of", "more_than"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("close to", "nearly"),
    ("just under", "nearly"),
    ("about", "about"),
    ("around", "about"),
    ("roughly", "about"),
    ("approximately", "about"),
    ("some", "about"),
    ("as much as", "at_one_point"),
    ("by as much as", "at_one_point"),
    ("at one point", "at_one_point"),
    ("by", None),
    ("a further", None),
    ("another", None),
)
_TAIL_WORDS = dict(_TAIL_QUALIFIERS)
_TAIL_QUALIFIER = re.compile(
    r"\s*(?:" + _literal_alternation((w for w, _ in _TAIL_QUALIFIERS), latin=False) + r")",
    re.IGNORECASE,
)
# The Chinese characters a tail qualifier can open with: most phrases go straight from the
# verb to a digit or another word (跌超7%, 跌7%), and `_cannot_open` then spares the pattern.
_TAIL_CJK_OPENERS = frozenset(w[0] for w, _ in _TAIL_QUALIFIERS if not w.isascii())
_SUFFIX_QUALIFIER = re.compile(r"(?P<more>以上|多|有余|有多)|(?P<about>左右|上下)")
_LEVEL_AFTER_SIZE = re.compile(
    r"\s*,?\s*(?:至|到|报|收报|收于|(?i:to|at)\b)\s*(?:(?i:about|around|roughly|nearly)\s+)?"
    r"(?P<record>(?i:(?:a\s+)?(?:fresh\s+|new\s+)?(?:record|all-time high)(?:\s+(?:high|close))?"
    r"\s+(?:of\s+)?)|历史新高|纪录高位)?"
)
_LEVEL_AFTER_VERB = re.compile(r"\s*(?:(?i:below|above|through|past|under|beneath|to)\b|至|到)\s*")
_LEVEL_WORD = re.compile(r"(?:\s*(?:美元|港元|元))?\s*(?:大?关口?|整数关口?|水平|心理关口)")

# Between the subject and its verb.
# One pattern, a named group per qualifier, so a gap is read in one pass.
_GAP_QUALIFIER = re.compile(
    r"(?P<at_one_point>一度|(?i:\bat one point\b|\bbriefly\b))"
    r"|(?P<intraday>盘中|日内|(?i:\bintraday\b|\bin intraday trading\b))"
    r"|(?P<early_trading>早盘|早市|开盘后|(?i:\bin early trading\b))"
    r"|(?P<late_trading>尾盘|(?i:\bin late trading\b))"
)
_GAP_QUALIFIER_ORDER = ("at_one_point", "intraday", "early_trading", "late_trading")
# A reference point the move is measured from (较周一所创盘中纪录, "from Monday's record").
_FROM_RECORD_ZH = re.compile(
    r"较[^,;]{0,16}?(?:纪录|记录|历史高位|历史新高|新高|高位|高点|峰值|最高)"
)
_FROM_RECORD_EN = re.compile(
    r"(?i)\s*from\s+(?:[\w.&-]+'s\s+|its\s+|the\s+|a\s+|an\s+|their\s+)*"
    r"(?:intraday\s+|all-time\s+|record\s+)?(?:record|peak|high)"
)
# Between the subject and the verb: another quantity is moving, or it is a forecast.
_NOT_PRICE_ZH = (
    "营收|收入|利润|净利|盈利|营业额|销量|销售|出货|交付|资金|流入|流出|成交|权重|持仓|增持|减持|"
    "份额|产量|出口|进口|通胀|就业|失业|评级|目标价|预期|预计|预测|需求|供应|订单|用户|规模|支出|"
    "开支|估值|市值|人数|将|有望|或将|可能|料将|拟|计划|"
    "同比|环比|较上年|比上年|较去年|比去年|上年同期|去年同期|同期|预降|预增|年均|复合"
)
_NOT_PRICE_EN = (
    "revenue|sales|profit|earnings|income|margins?|volume|inflows?|outflows?|weight|"
    "holdings?|stake|target|guidance|shipments|deliveries|users|orders|demand|supply|output|"
    "exports|imports|inflation|unemployment|spending|capex|costs?|market share|rating|forecasts?|"
    "expected|expects|will|would|could|may|might|is set to|are set to|year-on-year|"
    "year over year|y/y|quarter-on-quarter|from a year earlier"
)
# The look-ahead at the words' first characters lets most positions of a gap fail at once
# instead of trying some 100 alternatives each (a 40-character gap: several times faster).
_NOT_PRICE_ZH_FIRST = "".join(sorted({w[0] for w in _NOT_PRICE_ZH.split("|")}))
_NOT_PRICE_EN_FIRST = "".join(sorted({w[0] for w in _NOT_PRICE_EN.split("|")} | {"t"}))
_NOT_PRICE_GAP = _Gated(
    _NOT_PRICE_ZH_FIRST + _any_case(_NOT_PRICE_EN_FIRST),
    re.compile(
        rf"(?=[{_NOT_PRICE_ZH_FIRST}]|(?i:[{_NOT_PRICE_EN_FIRST}]))"
        rf"(?:{_NOT_PRICE_ZH}|(?i:\b(?:{_NOT_PRICE_EN})\b|\bto\s*$))"
    ),
)
_MAX_GAP = 40
# A clause that continues the previous clause's subject may open only with words like these
# (股价大涨5%, "down more than $5,000"); anything else names a new subject (黄磷价格的上涨).
_CARRY_PREFIX = re.compile(
    r"(?:\s|股价|股票|该股|其股价|公司股价|盘中|一度|收盘|尾盘|早盘|午后|随后|其后|最终|最后|之后|此后|"
    r"并|且|则|亦|也|再|又|大幅|小幅|日内|今日|当日|昨日|昨晚|周[一二三四五六日]|本周|本月|"
    r"累计|近期|近日|年初以来|今年以来|年内|\d{1,2}月以来|收市|午市|早市|早段|尾段|早前|此前|盘前|盘后|"
    r"港股|美股|A股|H股|创|创下|刷新|再创|录得|触及|"
    r"近[\d一二三四五六七八九十两]+个?(?:交易日|日|天|周|个月|月)(?:以来|来)?|"
    r"(?i:shares|stock|the stock|it|its|their|and|then|later|but|its shares|before|after that|"
    r"hit|hitting|touched|touching|reached|reaching|set|setting|notched|a|an|fresh|new|"
    r"sending|sent|pushing|knocking|its shares)\b)*"
)
_PRICE_NOUN = re.compile(r"股价|股票|该股|(?i:\b(?:shares|stock)\b)")
# A currency size at or above this is an amount (a flow, a market value), not a price.
_MAX_PRICE = 1e7

# Clause cuts: commas (but not thousands separators), semicolons, colons (not clock times).
# The pattern opens with a character set so the engine skips straight to punctuation.
_CLAUSE_CUT = re.compile(
    r"[,;；，：:](?:(?<=[;；，：])|(?<=:)(?!\d)|(?<=,)(?<!\d,)|(?<=,)(?!\d{3}(?!\d)))"
)
_JOINERS = re.compile(r"\s*(?:、|和|及|与|以及|跟|同|/|&|(?i:and))?\s*")

# Causes.
_CAUSE_INSIDE = re.compile(
    r"受(?P<c>[^,;]{2,30}?)(?:消息)?(?:影响|提振|拖累|刺激|带动|推动|利好|利空|打压)"
    r"|(?:由于|因为|受益于|得益于)(?P<c2>[^,;]{2,30})"
)
_CAUSE_AFTER = _Gated(
    _any_case("abdfot"),
    re.compile(
        r"^[^;]{0,40}?(?:,\s*)?(?:主要)?(?:因为|由于|源于|缘于|受)(?P<c>[^,;。]{2,40}?)"
        r"(?:影响|提振|拖累|推动|所致|$)"
        r"|(?=(?i:[abdfot]))"  # the first letters of the words below: positions skip fast
        r"(?i:\b(?:after|following|amid|on news that|on reports that|on news of|on reports of|"
        r"because of|because|due to|thanks to|on hopes (?:of|that)|on fears (?:of|that)|"
        r"on concerns (?:about|over|that))\s+(?P<e>[^;,]{3,160}))"
    ),
)
_CAUSE_LEAD_EN = re.compile(
    r"(?i)^\s*(?:after|following|amid|on news that|on reports that|because|as)\s+(?P<e>.{3,})"
)
_NEWS_CLAUSE = _Gated(
    "将宣拟计获公发披入收并合中签批消传报" + _any_case("asru"),
    re.compile(
        r"(?=[将宣拟计获公发披入收并合中签批消传报]|(?i:[asru]))"  # first characters: skip fast
        r"(?:将|宣布|拟|计划|获批|公布|发布|披露|入股|收购|并购|合并|中标|签署|批准|消息传出|传出|报道称|"
        r"(?i:\b(?:announced|said|reported|agreed|approved|unveiled)\b))"
    ),
)
_NOT_CAUSE_EN = re.compile(
    r"(?i)^(?:the\s+)?(?:bell|close|open|opening bell|hours|midday|the session|lunch)\b"
    r"|^(?:rising|falling|hitting|gaining|climbing|dropping|sliding|touching|jumping|"
    r"surging|sinking|losing|trading)\b"
)
_CODE_VIA = frozenset({"code", "ticker"})
_LEVEL_CLAUSE = re.compile(r"\s*(?:现|最新|暂)?(?:报|收报|收于|报收)\s*")
_SIZE_QUALIFIERS = frozenset({"more_than", "nearly", "about"})
_TRAILING = " \t\r\n,，、;；:：.。!！?？"


# -- phrases ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Part:
    """What one phrase says about its subject; parts for one subject merge into a Move."""

    start: int  # the phrase's position (to find its subject)
    end: int
    direction: Direction
    explicit: bool  # said by a verb; False when implied by a high/low or a streak
    value: float | None = None
    unit: MoveUnit = ""
    qualifiers: list[str] = field(default_factory=list)
    level: float | None = None
    level_currency: str | None = None
    high_low: str | None = None
    horizon: str | None = None
    streak: str | None = None
    level_percent: bool = False  # 跌至2.5%: a level for a yield, a size for anything else
    value_currency: str | None = None  # the currency of a "price" size (跌超5000美元 -> USD)

    def copy(self) -> _Part:
        """A copy with its own qualifier list (faster than dataclasses.replace)."""
        return _Part(
            self.start,
            self.end,
            self.direction,
            self.explicit,
            self.value,
            self.unit,
            list(self.qualifiers),
            self.level,
            self.level_currency,
            self.high_low,
            self.horizon,
            self.streak,
            self.level_percent,
            self.value_currency,
        )


def _phrase_part(anchor: _Anchor, folded: str, low: int, high: int) -> _Part | None:
    """What `anchor` says, read in the sentence [low, high)."""
    kind = anchor.kind
    if kind in _DETAIL_KINDS:
        detail = _detail_at(folded, anchor, low, high)
        if detail is None:
            return None
        if kind == "sized":
            return _sized_direction_part(detail, folded)
        return _streak_part(detail) if kind == "streak" else _high_low_part(detail)
    if kind == "cnverb":
        verb = _CN_VERBS.get(anchor.word)
        return _verb_part(anchor, folded, verb) if verb else None
    if kind == "enverb":
        verb = _EN_VERBS.get(anchor.word.lower())
        return _verb_part(anchor, folded, verb) if verb else None
    return None


@lru_cache(maxsize=512)
def _count(text: str | None) -> int | None:
    """A positive whole count (七, 52, seven); cached: the same few numerals recur in every text."""
    value = parse_number(text) if text else None
    return int(value) if value is not None and value == int(value) and value > 0 else None


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


_CN_HORIZON_UNITS = {
    "个多月": "month",
    "个月": "month",
    "年": "year",
    "周": "week",
    "个星期": "week",
    "个交易日": "day",
    "日": "day",
    "天": "day",
}
_CN_HORIZON_WORDS = {
    "历史": "record",
    "纪录": "record",
    "记录": "record",
    "年内": "year to date",
    "今年": "year to date",
    "年初至今": "year to date",
    "多年": "multi-year",
    "上市以来": "since listing",
    "盘中": "intraday",
    "日内": "intraday",
}


def _high_low_part(match: re.Match[str]) -> _Part | None:
    groups = match.groupdict()  # read with .get: each pattern has only its own groups
    if groups.get("hs") or groups.get("en_sd"):
        return _since_high_low(match, groups)
    if groups.get("en_hl"):
        return _english_high_low(match, groups)
    if groups.get("hl"):
        return _chinese_high_low(match, groups)
    return _fixed_high_low(match, groups)


def _fixed_high_low(match: re.Match[str], groups: dict[str, str | None]) -> _Part | None:
    """High/low phrases whose horizon is in the words: 刷新日低, 创新高, 新低, record close."""
    day = groups.get("day")
    if day:
        return _implied_part(match, "high" if day.endswith("高") else "low", "day")
    if groups.get("hbare"):  # 创新高 reads as a record
        high = groups.get("hbare") == "新高"
        return _implied_part(match, _high_low_kind(high, "record"), "record")
    if groups.get("hplain"):
        return _implied_part(match, "high" if groups.get("hplain") == "新高" else "low", None)
    if groups.get("en_rec"):
        return _implied_part(match, "record_high", "record")
    return None


_YEAR_MONTH = re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月)?")


def _since_high_low(match: re.Match[str], groups: dict[str, str | None]) -> _Part:
    """为2020年3月以来的最高水平 -> high "since 2020-03"; "highest since 2008" likewise."""
    word = groups.get("hsl") or groups.get("en_sl") or ""
    high = "高" in word or word.lower() == "highest"
    since = groups.get("hs") or groups.get("en_sd") or ""
    dated = _YEAR_MONTH.fullmatch(since.removesuffix("份"))
    if dated is not None:
        month = dated.group("m")
        since = dated.group("y") + (f"-{int(month):02d}" if month else "")
    elif since == "去年":
        since = "last year"
    elif since == "年初":
        return _implied_part(match, "high" if high else "low", "year to date")
    return _implied_part(match, "high" if high else "low", f"since {since}")


def _chinese_high_low(match: re.Match[str], groups: dict[str, str | None]) -> _Part | None:
    high = "高" in (groups.get("hl") or "")
    if groups.get("hn"):
        n = _count(groups.get("hn"))
        if n is None:
            return None
        horizon: str | None = _plural(n, _CN_HORIZON_UNITS[groups.get("hu") or ""])
    else:
        horizon = _CN_HORIZON_WORDS.get(groups.get("hw") or "")
    return _implied_part(match, _high_low_kind(high, horizon), horizon)


_EN_HORIZON_WORDS = {
    "intraday": "intraday",
    "session": "day",
    "ytd": "year to date",
    "year-to-date": "year to date",
}


def _english_high_low(match: re.Match[str], groups: dict[str, str | None]) -> _Part | None:
    high = "high" in (groups.get("en_hl") or "").lower()
    if groups.get("en_hn"):
        n = _count(groups.get("en_hn"))
        if n is None:
            return None
        horizon = _plural(n, (groups.get("en_hu") or "").lower().replace("session", "day"))
    else:
        word = (groups.get("en_hw") or "").lower()
        default = "multi-year" if word.startswith("multi") else "record"
        horizon = _EN_HORIZON_WORDS.get(word, default)
    return _implied_part(match, _high_low_kind(high, horizon), horizon)


def _high_low_kind(high: bool, horizon: str | None) -> str:
    if horizon == "record":
        return "record_high" if high else "record_low"
    return "high" if high else "low"


def _implied_part(match: re.Match[str], high_low: str, horizon: str | None) -> _Part:
    direction: Direction = "up" if "high" in high_low else "down"
    return _Part(
        match.start(),
        match.end(),
        direction,
        explicit=False,
        high_low=high_low,
        horizon=horizon,
    )


def _sized_direction_part(match: re.Match[str], folded: str) -> _Part | None:
    quantity = quantity_at(folded, match.start("q"))
    direction: Direction = "up" if match.group("d") == "higher" else "down"
    part = _Part(match.start(), match.end(), direction, explicit=True)
    return part if quantity is not None and _set_size(part, quantity) else None


def _streak_part(match: re.Match[str]) -> _Part | None:
    groups = match.groupdict()  # read with .get: each pattern has only its own groups
    number = groups.get("s_n") or groups.get("s_n2") or groups.get("s_n3") or groups.get("e_n")
    n = _count(number)
    if n is None:
        return None
    word = groups.get("s_d") or groups.get("s_d2") or groups.get("s_d3") or groups.get("e_d") or ""
    winning = word.lower() in ("涨", "升", "阳", "上涨", "收涨", "走高", "winning")
    ended = bool(
        groups.get("s_pre")
        or groups.get("s_end")
        or groups.get("s_end2")
        or groups.get("e_end")
        or (groups.get("e_pre") or "").lower()
        in ("snapped", "snapping", "ended", "ending", "broke", "breaking", "halted")
    )
    limit = word in ("涨停", "跌停")
    if limit:
        winning = word == "涨停"
        kind = "limit-up" if winning else "limit-down"
    else:
        kind = "winning" if winning else "losing"
    text = f"{n}-day {kind} streak" + (" ended" if ended else "")
    direction: Direction = "up" if winning != ended else "down"
    part = _Part(match.start(), match.end(), direction, explicit=limit, streak=text)
    if limit:
        part.qualifiers.append("limit_up" if winning else "limit_down")
    return part


def _verb_part(anchor: _Anchor, folded: str, verb: _Verb) -> _Part | None:
    part = _Part(anchor.start, anchor.end, verb.direction, explicit=not verb.weak)
    if verb.qualifier:
        part.qualifiers.append(verb.qualifier)
    position = anchor.end
    if verb.level_verb:
        level = quantity_at(folded, _skip_spaces(folded, position))
        if level is None or not _set_level(part, level):
            return None
        part.end = _after_level_word(folded, level.end)
        return part
    position = _read_tail_qualifiers(folded, position, part)
    size = quantity_at(folded, position)
    if size is not None and _set_size(part, size):
        part.end = _read_after_size(folded, size.end, part)
    elif size is not None and size.unit in CURRENCIES and size.value >= _MAX_PRICE:
        return None  # 回升至46亿美元: an amount moved, not a price
    else:
        level_match = _LEVEL_AFTER_VERB.match(folded, anchor.end)
        level = quantity_at(folded, level_match.end()) if level_match else None
        if level is not None and _set_level(part, level):
            part.end = _after_level_word(folded, level.end)
        elif verb.needs_number:
            return None
    return part


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def _cannot_open(char: str, cjk_openers: frozenset[str]) -> bool:
    """True for a character no word of a pattern starts with: an ASCII digit, or a CJK
    ideograph outside `cjk_openers` (the pattern's Chinese first characters). Checked before
    running the pattern, which costs far more than this test."""
    return "0" <= char <= "9" or ("\u3400" <= char <= "\u9fff" and char not in cjk_openers)


def _read_tail_qualifiers(folded: str, position: int, part: _Part) -> int:
    for _ in range(4):  # a few words at most: 一度超过, "by as much as"
        if _cannot_open(folded[position : position + 1], _TAIL_CJK_OPENERS):
            break
        found = _TAIL_QUALIFIER.match(folded, position)
        if found is None:
            break
        word = found.group()
        qualifier = _TAIL_WORDS.get(word) if word in _TAIL_WORDS else _tail_word(word)
        if qualifier and qualifier not in part.qualifiers:
            part.qualifiers.append(qualifier)
        position = found.end()
    return _skip_spaces(folded, position)


def _tail_word(written: str) -> str | None:
    """The qualifier of a tail word written with spaces or capitals ("More  than")."""
    return _TAIL_WORDS.get(" ".join(written.strip().lower().split()))


def _move_unit(quantity: Quantity) -> tuple[float, MoveUnit] | None:
    if quantity.unit == "%":
        return quantity.value, "%"
    if quantity.unit == "pp":
        return quantity.value * 100.0, "bp"
    if quantity.unit == "bp":
        return quantity.value, "bp"
    if quantity.unit == "points":
        return quantity.value, "points"
    if quantity.unit in CURRENCIES and quantity.value < _MAX_PRICE:
        return quantity.value, "price"
    return None


def _set_size(part: _Part, quantity: Quantity) -> bool:
    size = _move_unit(quantity)
    if size is None:
        return False
    value, part.unit = size
    part.value_currency = quantity.unit if part.unit == "price" else None
    if value < 0 and part.direction != "flat":  # 涨幅为-3.5%: the sign wins over the word
        part.direction = "down" if part.direction == "up" else "up"
    part.value = abs(value)
    return True


def _set_level(part: _Part, quantity: Quantity) -> bool:
    if quantity.unit in CURRENCIES:
        if quantity.value >= _MAX_PRICE:
            return False
        part.level, part.level_currency = quantity.value, quantity.unit
        return True
    if quantity.unit in ("points", "", "%"):
        part.level = quantity.value
        part.level_percent = quantity.unit == "%"
        return True
    return False


def _after_level_word(folded: str, position: int) -> int:
    word = _LEVEL_WORD.match(folded, position)
    return word.end() if word else position


_OR_PERCENT = re.compile(r"\s*(?:或|(?i:,?\s*or\b)|\(|（)\s*")


def _read_percent_alternative(folded: str, position: int, part: _Part) -> int:
    """跌312点或1.2%, "fell 120 points, or 0.5%": the percentage is the size reported."""
    if part.unit == "%":
        return position
    opening = _OR_PERCENT.match(folded, position)
    quantity = quantity_at(folded, opening.end()) if opening else None
    if quantity is None or quantity.unit != "%":
        return position
    part.value, part.unit, part.value_currency = quantity.value, "%", None
    closing = quantity.end + 1 if folded[quantity.end : quantity.end + 1] in (")", "）") else 0
    return closing or quantity.end


# The characters any word read after a size can open with (以上, 左右, 或, "or", "from",
# 至, 报, "to", "at"); after any other character (;, 。, a Chinese word) there is nothing to read.
_AFTER_SIZE_OPENERS = frozenset("以多有左上或,(（至到报收oOtTaAfF")


def _read_after_size(folded: str, position: int, part: _Part) -> int:
    following = folded[position : position + 1]
    if following not in _AFTER_SIZE_OPENERS and not following.isspace():
        return position
    suffix = _SUFFIX_QUALIFIER.match(folded, position)
    if suffix is not None:
        qualifier = "more_than" if suffix.group("more") else "about"
        if qualifier not in part.qualifiers:
            part.qualifiers.append(qualifier)
        position = suffix.end()
    position = _read_percent_alternative(folded, position, part)
    if _FROM_RECORD_EN.match(folded, position):
        part.qualifiers.append("from_record")
    level_word = _LEVEL_AFTER_SIZE.match(folded, position)
    if level_word is not None:
        level = quantity_at(folded, level_word.end())
        if level is not None and _set_level(part, level):
            if level_word.group("record") and part.direction == "up":
                part.high_low, part.horizon = "record_high", "record"  # "to a record $4,000"
            return _after_level_word(folded, level.end)
    return position


# -- subjects --------------------------------------------------------------------------------


class _Clause(NamedTuple):
    start: int
    end: int


def _clauses(folded: str, sentence: Segment) -> list[_Clause]:
    """The sentence cut at `_CLAUSE_CUT`, without blank pieces."""
    clauses: list[_Clause] = []
    position = sentence.start
    for cut in _CLAUSE_CUT.finditer(folded, sentence.start, sentence.end):
        start = cut.start()
        if start > position and not folded[position:start].isspace():
            clauses.append(_Clause(position, start))
        position = cut.end()
    end = sentence.end
    if end > position and not folded[position:end].isspace():
        clauses.append(_Clause(position, end))
    return clauses


def _tradable(entity: Entity | None) -> bool:
    """An entity that can move: in the master, and not an unlisted organisation."""
    return entity is not None and not (entity.kind == "organization" and not entity.listings)


def _look_up(
    mentions: Sequence[Mention],
    master: SecurityMaster,
    entities: dict[str, Entity | None],
    tradable: dict[str, bool],
) -> None:
    """Fill `entities` and `tradable` for `mentions`, each id looked up once per document (the
    master's lazy mapping costs several Python calls per look-up)."""
    for mention in mentions:
        entity_id = mention.entity_id
        if entity_id not in entities:
            entity = master.entities.get(entity_id)
            entities[entity_id] = entity
            tradable[entity_id] = _tradable(entity)


_NOT_SUBJECT = ("source", "actor")  # roles that report or act on a move, never make one


def _eligible(mention: Mention, tradable: dict[str, bool], folded: str, clause: _Clause) -> bool:
    """A mention that can be the subject of a move: a traded thing, not a source or actor, and
    not a parenthetical aside (人工智能(特别是OpenAI)...). `tradable` maps entity ids to
    `_tradable` for the mentions of the document."""
    if mention.role in _NOT_SUBJECT or not tradable[mention.entity_id]:
        return False
    if mention.via in ("code", "ticker"):
        return True
    before = folded[clause.start : mention.start]
    return before.rfind("(") <= before.rfind(")")


def _subjects(
    part: _Part, mentions: Sequence[Mention], eligible: Sequence[bool], folded: str
) -> list[Mention]:
    """The nearest eligible mention before the phrase, with the mentions joined to it."""
    index = len(mentions) - 1  # the last mention that ends before the phrase
    while index >= 0 and mentions[index].end > part.start:
        index -= 1
    while index >= 0 and not eligible[index]:
        index -= 1
    if index < 0:
        return []
    chosen = [mentions[index]]
    while index > 0:
        previous, current = mentions[index - 1], mentions[index]
        if not eligible[index - 1] or not _JOINERS.fullmatch(folded, previous.end, current.start):
            break
        chosen.insert(0, previous)
        index -= 1
    return chosen


def _gap_ok(folded: str, subject_end: int, part: _Part) -> bool:
    if part.start - subject_end > _MAX_GAP:
        return False
    return _NOT_PRICE_GAP.search(folded, subject_end, part.start) is None


def _carry_ok(folded: str, subject: Mention, clause: _Clause, part: _Part) -> bool:
    """A clause continues its sentence's subject only if it opens with the move itself and
    nothing between the subject and the move names another quantity (净利润..., 同比)."""
    if not _CARRY_PREFIX.fullmatch(folded, clause.start, part.start):
        return False
    if _PRICE_NOUN.search(folded, clause.start, part.start):
        return True  # 甲骨文营收不及预期,股价大跌10%: the clause says it is the share price
    return _NOT_PRICE_GAP.search(folded, subject.end, part.start) is None


def _gap_qualifiers(folded: str, start: int, end: int) -> tuple[list[str], bool]:
    if end <= start:
        return [], False
    gap = folded[start:end]
    reference = _FROM_RECORD_ZH.search(gap)
    if reference is not None:
        gap = gap[: reference.start()] + gap[reference.end() :]
    said = {match.lastgroup for match in _GAP_QUALIFIER.finditer(gap)}
    return [q for q in _GAP_QUALIFIER_ORDER if q in said], reference is not None


# -- building moves --------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    entity_id: str
    mention: Mention
    part: _Part
    start: int
    end: int
    cause: str | None = None
    market: str | None = None
    codes: tuple[str, ...] = ()

    def accepts(self, other: _Part) -> bool:
        mine = self.part
        if mine.value is not None and other.value is not None:
            return False
        if mine.explicit and other.explicit and mine.direction != other.direction:
            return False
        return mine.level is None or other.level is None

    def merge(self, other: _Part, start: int, end: int) -> None:
        mine = self.part
        if other.explicit and not mine.explicit:
            mine.direction, mine.explicit = other.direction, True
        if mine.value is None and other.value is not None:
            mine.value, mine.unit = other.value, other.unit
            mine.value_currency = other.value_currency
        if mine.level is None and other.level is not None:
            mine.level, mine.level_currency = other.level, other.level_currency
            mine.level_percent = other.level_percent
        if mine.high_low is None:
            mine.high_low, mine.horizon = other.high_low, other.horizon
        mine.streak = mine.streak or other.streak
        mine.qualifiers.extend(q for q in other.qualifiers if q not in mine.qualifiers)
        self.start, self.end = min(self.start, start), max(self.end, end)


_MARKETS = {"US": ("US",), "HK": ("HK",), "CN": ("SS", "SZ", "BJ")}
# A market named between the subject and its verb: 中国电信港股涨超5%, "Alibaba's Hong Kong shares".
# Each search pattern below opens with a look-ahead at its possible first characters: the
# engine then rejects most positions at once instead of trying every alternative (5-10x faster).
_GAP_MARKET = _Gated(
    "港美" + _any_case("ahu"),
    re.compile(
        r"(?=[港美]|(?i:[ahu]))"
        r"(?P<HK>港股|H股|(?i:\bHong Kong(?:-listed)? shares\b))"
        r"|(?P<US>美股|美国存托|ADR|(?i:\bU\.?S\.?(?:-listed)? shares\b))"
        r"|(?P<CN>A股|(?i:\bA-shares?\b))"
    ),
)
_CODE_NOISE = re.compile(r"(?i)^(?:NYSE|NASDAQ|AMEX|HKEX?|SH|SZ|BJ)\s*[:：]?\s*|[$()（）<>\s]")


def _symbol(entity: Entity, market_hint: str | None, codes: Sequence[str] = ()) -> str | None:
    """The listing the sentence is about: one written as a code or ticker beside the name
    (台积电(TSM.N)), else the market the sentence names, else the entity's first listing."""
    if not entity.listings:
        return None
    for code in codes:
        listing = _listing_by_code(entity, code)
        if listing is not None:
            return listing
    wanted = _MARKETS.get(market_hint or "", ())
    for listing_ in entity.listings:
        if listing_.market in wanted:
            return listing_.symbol
    return entity.listings[0].symbol


def _listing_by_code(entity: Entity, written: str) -> str | None:
    text = _CODE_NOISE.sub("", written.upper())
    base = text.split(".")[0]
    if not base:
        return None
    for listing in entity.listings:
        symbol = listing.symbol.upper()
        local = (listing.code or symbol.split(".")[0]).upper()
        if text == symbol or base == local or base == symbol.split(".")[0]:
            return listing.symbol
        if base.isdigit() and local.isdigit() and int(base) == int(local):
            return listing.symbol
    return None


# After the move: "were up 2.1% in Hong Kong", "...在港股".
_AFTER_MARKET = _Gated(
    _any_case("io"),
    re.compile(
        r"(?=(?i:[io]))"
        r"(?P<HK>(?i:\bin Hong Kong\b))"
        r"|(?P<US>(?i:\bin New York\b|\bon (?:the )?(?:Nasdaq|NYSE)\b))"
        r"|(?P<CN>(?i:\bin (?:Shanghai|Shenzhen)\b))"
    ),
)


def _gap_market(folded: str, start: int, end: int, pattern: _Gated = _GAP_MARKET) -> str | None:
    found = pattern.search(folded, start, end) if end > start else None
    return found.lastgroup if found else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRAILING:
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _clause_cause(doc: Document, clause: _Clause) -> str | None:
    """A clause with no move of its own that states news (美政府将入股, "after X said...")."""
    folded = doc.folded
    inside = _CAUSE_INSIDE.search(folded, clause.start, clause.end)
    if inside is not None:
        group = "c" if inside.group("c") else "c2"
        return _cut(doc.text, inside.start(group), inside.end(group))
    lead = _CAUSE_LEAD_EN.match(folded, clause.start, clause.end)
    if lead is not None:
        return _cut(doc.text, lead.start("e"), clause.end)
    if _NEWS_CLAUSE.search(folded, clause.start, clause.end):
        return _cut(doc.text, clause.start, clause.end)
    return None


def _cut(text: str, start: int, end: int) -> str | None:
    start, end = _trimmed(text, start, end)
    return text[start:end] if end > start else None


def _cause_near(doc: Document, clause: _Clause, part: _Part, sentence_end: int) -> str | None:
    folded = doc.folded
    inside = _CAUSE_INSIDE.search(folded, clause.start, part.start)
    if inside is not None:
        group = "c" if inside.group("c") else "c2"
        return _cut(doc.text, inside.start(group), inside.end(group))
    after = _CAUSE_AFTER.search(folded, part.end, sentence_end)
    if after is not None:
        group = "c" if after.group("c") else "e"
        if group == "e" and _NOT_CAUSE_EN.match(after.group("e")):
            return None
        return _cut(doc.text, after.start(group), after.end(group))
    return None


class _SentenceMoves:
    """Moves of one sentence: phrases assigned to subjects, merged per entity."""

    def __init__(
        self, doc: Document, entities: dict[str, Entity | None], sentence: Segment
    ) -> None:
        self.doc = doc
        self.entities = entities  # the master's entity for each mention id of the document
        self.sentence = sentence
        self.builders: list[_Builder] = []

    def add(
        self,
        subject: Mention,
        part: _Part,
        clause: _Clause,
        cause: str | None,
        in_clause: Sequence[Mention] = (),
        *,
        shared: bool = True,
    ) -> None:
        """Give `part` to `subject`: merged into its latest move when they agree, else a new
        move. A `shared` part (one phrase for several subjects) is copied before it is kept."""
        start, end = _trimmed(self.doc.text, clause.start, max(clause.end, part.end))
        gap_start = subject.end if subject.start >= clause.start else clause.start
        market = (
            _gap_market(self.doc.folded, gap_start, part.start)
            or _gap_market(self.doc.folded, part.end, clause.end, _AFTER_MARKET)
            or subject.market_hint
        )
        codes = tuple(
            [m.text for m in in_clause if m.entity_id == subject.entity_id and m.via in _CODE_VIA]
        )
        for builder in reversed(self.builders):
            if builder.entity_id == subject.entity_id:
                if builder.accepts(part):
                    builder.merge(part, start, end)
                    builder.cause = builder.cause or cause
                    builder.market = builder.market or market
                    builder.codes = builder.codes or codes
                    return
                break
        kept = part.copy() if shared else part
        self.builders.append(
            _Builder(subject.entity_id, subject, kept, start, end, cause, market, codes)
        )

    def add_level(self, subjects: Sequence[Mention], level: _Part, clause: _Clause) -> None:
        """A clause that only states where the subject ended up (,报25000点): the level of the
        move just read, when it has none yet."""
        wanted = {m.entity_id for m in subjects}
        for builder in reversed(self.builders):
            if builder.entity_id not in wanted:
                continue
            wanted.discard(builder.entity_id)  # only the latest move of each subject
            if builder.part.level is None:
                builder.part.level = level.level
                builder.part.level_currency = level.level_currency
                builder.end = max(builder.end, _trimmed(self.doc.text, clause.start, clause.end)[1])

    def moves(self) -> list[Move]:
        result: list[Move] = []
        for builder in self.builders:
            entity = self.entities.get(builder.entity_id)
            if entity is None:
                continue
            part = builder.part
            if part.level_percent and part.value is None and entity.kind != "rate":
                # 创业板指一度跌至2.5%: an index is not quoted in %, so this is the size
                part.value, part.unit, part.level = part.level, "%", None
            symbol = _symbol(entity, builder.market, builder.codes)
            if symbol and symbol.endswith(".HK"):
                # 收报520元 of a Hong Kong listing: 元 is the Hong Kong dollar
                part.level_currency = _hk_dollar(part.level_currency)
                part.value_currency = _hk_dollar(part.value_currency)
            if part.value is None and part.level is None:
                # "more than" with nothing to be more than ("Declines More Than Market")
                part.qualifiers = [q for q in part.qualifiers if q not in _SIZE_QUALIFIERS]
            result.append(
                Move(
                    entity_id=builder.entity_id,
                    symbol=symbol,
                    direction=part.direction,
                    value=part.value,
                    unit=part.unit if part.value is not None else "",
                    value_currency=part.value_currency if part.value is not None else None,
                    qualifiers=tuple(part.qualifiers),
                    start=builder.start,
                    end=builder.end,
                    text=self.doc.text[builder.start : builder.end],
                    level=part.level,
                    level_currency=part.level_currency,
                    high_low=part.high_low,
                    horizon=part.horizon,
                    streak=part.streak,
                    cause=builder.cause,
                )
            )
        return result


def _hk_dollar(currency: str | None) -> str | None:
    return "HKD" if currency == "CNY" else currency


_RESPECTIVELY_ZH = re.compile(r"分别|各自")
_RESPECTIVELY_EN = re.compile(r"(?i)(?=r)\brespectively\b")
_NEXT_SIZE = re.compile(r"\s*(?:和|、|及|与|,|(?i:and|,\s*and))\s*")


def _respective_parts(
    folded: str, part: _Part, count: int, gap_start: int, sentence_end: int
) -> list[_Part]:
    """特斯拉和苹果分别下跌3%和2%, "rose 3% and 2%, respectively": one size per subject, in
    order. Without such a list every subject shares the part (标普、纳指双双下挫)."""
    if count < 2 or part.value is None:
        return [part] * count
    said = _RESPECTIVELY_ZH.search(folded, gap_start, part.start) or _RESPECTIVELY_EN.search(
        folded, part.end, sentence_end
    )
    if said is None:
        return [part] * count
    shares = [part]
    position = part.end
    while len(shares) < count:
        joiner = _NEXT_SIZE.match(folded, position, sentence_end)
        quantity = quantity_at(folded, joiner.end()) if joiner else None
        share = part.copy()
        if quantity is None or not _set_size(share, quantity):
            return [part] * count
        share.direction = part.direction  # the sign of the first size already set it
        shares.append(share)
        position = quantity.end
    return shares


def _level_clause(
    folded: str, clause: _Clause, carried: Sequence[Mention], collected: _SentenceMoves
) -> None:
    if not carried:
        return
    opening = _LEVEL_CLAUSE.match(folded, clause.start, clause.end)
    if opening is None:
        return
    quantity = quantity_at(folded, opening.end())
    level = _Part(clause.start, clause.end, "flat", explicit=False)
    if quantity is not None and _set_level(level, quantity):
        collected.add_level(carried, level, clause)


def _sentence_moves(
    doc: Document,
    sentence: Segment,
    parts: Sequence[_Part],
    mentions: Sequence[Mention],
    *,
    entities: dict[str, Entity | None],
    tradable: dict[str, bool],
) -> list[Move]:
    folded = doc.folded
    collected = _SentenceMoves(doc, entities, sentence)
    carried: list[Mention] = []
    previous: _Clause | None = None  # a clause with no move: its news may be the cause
    for clause in _clauses(folded, sentence):
        in_clause = [m for m in mentions if clause.start <= m.start < clause.end]
        eligible = [_eligible(m, tradable, folded, clause) for m in in_clause]
        clause_parts = [p for p in parts if clause.start <= p.start < clause.end]
        if clause_parts:
            reading = _ClauseReading(clause, in_clause, eligible, previous)
            carried = _clause_moves(doc, reading, clause_parts, carried, collected)
            previous = None
            continue
        _level_clause(folded, clause, carried, collected)
        previous = clause
        subjects = [m for m, ok in zip(in_clause, eligible, strict=True) if ok]
        if subjects or in_clause:
            carried = subjects
    return collected.moves()


class _ClauseReading(NamedTuple):
    """One clause with moves: its mentions, which of them can move, and the clause before it
    when that clause had no move of its own (its news may be the cause)."""

    clause: _Clause
    mentions: list[Mention]
    eligible: list[bool]
    previous: _Clause | None


def _clause_moves(
    doc: Document,
    reading: _ClauseReading,
    parts: Sequence[_Part],
    carried: list[Mention],
    collected: _SentenceMoves,
) -> list[Mention]:
    """Give each phrase of the clause to its subjects; returns the subjects carried on."""
    folded, clause, in_clause = doc.folded, reading.clause, reading.mentions
    sentence_end = collected.sentence.end
    for part in parts:
        if any(m.start <= part.start < m.end for m in in_clause):
            continue  # a move word inside a name (Advanced Micro Devices, 升腾)
        subjects = _subjects(part, in_clause, reading.eligible, folded)
        if not subjects and any(m.start < part.start for m in in_clause):
            continue  # the clause names someone, but not a subject that can move
        if subjects:
            gap_start = subjects[-1].end
            carried = subjects
            if not _gap_ok(folded, gap_start, part):
                continue
        else:
            subjects, gap_start = carried, clause.start
            if not subjects or not _carry_ok(folded, subjects[-1], clause, part):
                continue
        qualifiers, from_record = _gap_qualifiers(folded, gap_start, part.start)
        if qualifiers:
            part.qualifiers[:0] = [q for q in qualifiers if q not in part.qualifiers]
        if from_record and "from_record" not in part.qualifiers:
            part.qualifiers.append("from_record")
        cause = _cause_near(doc, clause, part, sentence_end)
        if cause is None and reading.previous is not None:
            cause = _clause_cause(doc, reading.previous)
        if len(subjects) == 1:  # the common case: the phrase is this subject's alone
            collected.add(subjects[0], part, clause, cause, in_clause, shared=False)
            continue
        shares = _respective_parts(folded, part, len(subjects), gap_start, sentence_end)
        for subject, share in zip(subjects, shares, strict=True):
            collected.add(subject, share, clause, cause, in_clause)
    return carried


def _parts_by_sentence(
    folded: str,
    sentences: Sequence[Segment],
    mention_starts: Sequence[int],
    anchors: Sequence[tuple[int, int, int]],
) -> dict[int, list[_Part]]:
    """Every move phrase in a sentence that names something, grouped by sentence index:
    `anchors` (start, end, anchor word index) come from one automaton pass over the text;
    phrases in sentences without a mention are never read."""
    starts = [s.start for s in sentences]
    named = {bisect_right(starts, start) - 1 for start in mention_starts}
    by_sentence: dict[int, list[_Part]] = {}
    consumed = 0  # the end of the last phrase read: its own words are not anchors again
    for start, end, word_index in anchors:
        kind = _ANCHOR_KINDS[word_index]
        if start < consumed or kind == "skip":
            continue
        index = bisect_right(starts, start) - 1
        if index not in named or start >= sentences[index].end:
            continue
        anchor = _Anchor(_ANCHOR_WORDS[word_index], kind, start, end)
        if anchor.word.isascii() and not _is_english_move_word(folded, anchor):
            continue
        sentence = sentences[index]
        part = _phrase_part(anchor, folded, sentence.start, sentence.end)
        if part is not None:
            by_sentence.setdefault(index, []).append(part)
            consumed = part.end
    return by_sentence


_BY_START = attrgetter("start")


def extract_moves(doc: Document, mentions: Sequence[Mention], master: SecurityMaster) -> list[Move]:
    """Every price move the text reports for a mentioned instrument, in text order."""
    folded = doc.folded
    if not folded or not mentions:
        return []  # a move needs something that moves
    anchors = lexicon.move_anchors(doc)
    sentences = doc.sentences
    if not anchors or not sentences:
        return []  # most short items: no move word at all, nothing else to do
    ordered = sorted(mentions, key=_BY_START)
    mention_starts = [m.start for m in ordered]
    by_sentence = _parts_by_sentence(folded, sentences, mention_starts, anchors)
    if not by_sentence:
        return []
    entities: dict[str, Entity | None] = {}
    tradable: dict[str, bool] = {}
    moves: list[Move] = []
    for index in sorted(by_sentence):
        sentence = sentences[index]
        low = bisect_right(mention_starts, sentence.start - 1)
        high = bisect_right(mention_starts, sentence.end - 1)
        within = ordered[low:high]
        _look_up(within, master, entities, tradable)
        if not any(tradable[m.entity_id] and m.role not in _NOT_SUBJECT for m in within):
            continue  # only sources, actors and unlisted names: nothing here can move
        moves.extend(
            _sentence_moves(
                doc, sentence, by_sentence[index], within, entities=entities, tradable=tradable
            )
        )
    return moves
