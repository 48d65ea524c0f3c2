"""Events: target changes, rating actions, fund flows, holdings, stakes, launches, earnings news,
rankings, macro news and comparisons.

One Aho-Corasick pass finds trigger words over the whole folded text; only sentences holding a
trigger go through the slower rule for that event type. Rules are written once in
Simplified/ASCII form and run on `doc.folded`, so they read Traditional text as well; spans
come from `doc.text`.

Who is who comes from the mentions in the sentence: an entity with the "broker" role (or a
mention the linker marked "source"/"actor") acts or reports, the others are subjects. A sentence
whose subject is a pronoun (其大模型..., 他将之比喻为..., its) borrows the subjects of the sentence
before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from marketbuzz.document import Document
from marketbuzz.extract.claims import Amount, amounts_in
from marketbuzz.extract.lexicon import (
    EARNINGS_BAD_ZH,
    EARNINGS_GOOD_ZH,
    document_words,
    sentence_of,
)
from marketbuzz.master.load import SecurityMaster
from marketbuzz.model import Event, Mention
from marketbuzz.text.sentences import Segment

# -- triggers -------------------------------------------------------------------------------

_TRIGGERS: dict[str, str] = {
    "target": r"目标价|目标股价|price target|target price|\bPT\b",
    "rating": r"评级|首予|首次覆盖|upgrade[sd]?\b|downgrade[sd]?\b|initiat\w+ coverage"
    r"|reiterat\w+|\brat(?:es|ed|ing) \w+ (?:at |as )?(?:buy|sell|hold|overweight|underweight)",
    "flow": r"流入|流出|增持|减持|加仓|减仓|权重增幅|权重降幅|inflows?|outflows?",
    "stake": r"入股|(?:将|拟|计划|宣布)持股|参股(?!股东|公司|子公司|企业)|注资|战略投资"
    r"|收购[^，。,]{0,12}(?:股份|股权)|购入[^，。,]{0,8}(?:股份|股权)|\bstake\b",
    "launch": r"发布|推出|开源|上线|首发|launch\w*|unveil\w*|releas\w*|rolls? out|rolled out"
    r"|debut\w*",
    "earnings": r"业绩|利润|盈利|营收|营业收入|净利|毛利|财报|亏损|季报|年报|每股收益"
    r"|季绩|盈警|盈喜|季收入|年收入|季度收入"  # Hong Kong: 季績 quarterly results, 盈警 warning
    r"|earnings|profit\w*|revenue\w*|margins?\b|quarterly results|\bEPS\b|guidance",
    "ranking": r"荣登|登顶|榜首|排行榜|榜单|第[一二三四五六七八九十\d]+名|排名第|位列第|位居第"
    r"|leaderboard|top(?:s|ped)? the (?:\w+ )?(?:chart|ranking|list)"
    r"|ranked (?:first|second|third|No\.)",
    "macro": r"通胀|通货膨胀|CPI|消费者物价|政府关门|政府停摆|shutdown|加息|降息"
    r"|rate (?:hike|cut)s?|非农|nonfarm|payrolls|失业率|unemployment rate|PMI|GDP增"
    r"|经济增长|经济成长|economic growth"
    r"|关税|tariffs?|议息|FOMC|衰退|recession|inflation",
    "comparison": r"比喻|比作|类比|好比|堪比|类似于|相似之处|如出一辙|翻版|liken\w*"
    r"|compar\w+ (?:it|them|this|that|\w+) to|reminiscent of|akin to",
}

# -- case-insensitive patterns on Chinese text ----------------------------------------------

# Every character IGNORECASE can match to an ASCII letter: A-Z, a-z, and İ ı ſ K (Kelvin);
# spelled out, as a case-insensitive [a-z] is twice as slow to search.
_CASED_LATIN = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")
_Caseless = tuple[re.Pattern[str], re.Pattern[str]]


def _caseless(pattern: str, latin: str = "") -> _Caseless:
    """(for sentences without Latin letters, for the others) compilations of `pattern`, or of
    `pattern|latin` when Latin-only alternatives are given apart: index with `_Sentence.latin`.

    The second is case-insensitive. Every cased character in these patterns is an ASCII
    letter, so on a sentence holding no character that matches an ASCII letter in any case
    (`_CASED_LATIN`) the first finds exactly the same: the `latin` alternatives (each needs a
    letter) cannot match there. It is several times faster: the engine skips an alternative
    whose first character differs, which IGNORECASE prevents, and without the `latin` part
    (\b...) it can jump straight to the characters that open a Chinese alternative.
    """
    both = f"{pattern}|{latin}" if latin else pattern
    return re.compile(pattern), re.compile(both, re.IGNORECASE)


# -- shared vocabulary ----------------------------------------------------------------------

_UP_VERB = _caseless(
    r"提高|上调|调高|上修|提升|上升",
    r"\b(?:raise[sd]?|rais\w+|lift\w*|boost\w*|hike[sd]?|increase[sd]?|bump\w* up)\b",
)
_DOWN_VERB = _caseless(
    r"下调|降低|削减|调低|下修|下砍",
    r"\b(?:cut|cuts|cutting|lower\w*|reduce[sd]?|trim\w*|slash\w*)\b",
)
# Case-sensitive: (Chinese words, the whole pattern); index with `_Sentence.latin` as above.
_PRONOUN = (
    re.compile(r"其|该公司|这家公司|该股|此举"),
    re.compile(r"其|该公司|这家公司|该股|此举|\b(?:its|it|this|they|their|the company)\b"),
)
# A comparison also refers back with 之/此/这 (他将之比喻为...).
_COMPARISON_PRONOUN = re.compile(r"其|之|此|这|\b(?:its|it|this|that|them)\b")
_CONDITIONAL = _caseless(r"若|如果|假如|一旦", r"\bif\b")
_NEGATIVE_CONTEXT = _caseless(
    r"泡沫|崩盘|破产|欺诈|违法|非法|处罚|骗局|bubble|crash|bankrupt|fraud"
)
_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
    r"|(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (?P<day>\d{1,2})\b"
)
_CURRENCY_UNITS = {"USD", "HKD", "CNY", "EUR", "JPY", "GBP"}


@dataclass(slots=True)
class _Sentence:
    """One sentence under analysis, with the mentions inside it."""

    doc: Document
    master: SecurityMaster
    segment: Segment
    mentions: list[Mention]
    previous_subjects: tuple[str, ...]
    report_source: str | None
    broker_entities: frozenset[str] = frozenset()
    # False when no mention in the document can be a broker: then every mention is a subject.
    any_broker: bool = True
    # The trigger kinds found in the sentence: the rules that run on it.
    kinds: Sequence[str] = ()
    subjects_cache: tuple[str, ...] | None = field(default=None)
    folded: str = field(init=False)
    text: str = field(init=False)
    # Whether the sentence may hold a Latin letter: picks a `_Caseless` compilation.
    latin: bool = field(init=False)

    @property
    def start(self) -> int:
        return self.segment.start

    @property
    def end(self) -> int:
        return self.segment.end

    def __post_init__(self) -> None:
        self.folded = self.doc.folded[self.segment.start : self.segment.end]
        self.text = self.doc.text[self.segment.start : self.segment.end]
        self.latin = _CASED_LATIN.search(self.folded) is not None

    def is_broker(self, mention: Mention) -> bool:
        return self.any_broker and _is_broker(mention, self.broker_entities)

    def brokers(self) -> tuple[str, ...]:
        if not self.any_broker:
            return ()
        return _unique(m.entity_id for m in self.mentions if self.is_broker(m))

    def market(self) -> str | None:
        """The stock market the sentence names (CN before HK before US), if any."""
        return next((code for code, pattern in _MARKETS if pattern.search(self.folded)), None)

    def own(self) -> tuple[str, ...]:
        """Entities named in the sentence that are not brokers, in first-seen order."""
        if not self.any_broker:
            return _unique([m.entity_id for m in self.mentions])
        return _unique(m.entity_id for m in self.mentions if not self.is_broker(m))

    def subjects(self) -> tuple[str, ...]:
        """Entities the sentence is about; a pronoun borrows the previous sentence's."""
        if self.subjects_cache is None:
            own = self.own()
            if not own and _PRONOUN[self.latin].search(self.folded):
                own = self.previous_subjects
            self.subjects_cache = own
        return self.subjects_cache

    def event(
        self,
        kind: str,
        *,
        subjects: tuple[str, ...] | None = None,
        actors: tuple[str, ...] = (),
        attributes: dict[str, object] | None = None,
        polarity: float = 0.0,
    ) -> Event:
        return Event(
            type=kind,
            start=self.start,
            end=self.end,
            text=self.text,
            subject_ids=self.subjects() if subjects is None else subjects,
            actor_ids=actors,
            attributes=attributes or {},
            polarity=polarity,
        )


_REPORTING_ROLES = ("source", "actor")
_START = attrgetter("start")


def _is_broker(mention: Mention, broker_entities: frozenset[str]) -> bool:
    return mention.role in _REPORTING_ROLES or mention.entity_id in broker_entities


def _entity_facts(master: SecurityMaster, entity_id: str) -> tuple[str | None, bool]:
    """(kind, is a broker) of an entity; (None, False) when the master does not hold it.

    Kept per master: `master.entities` unpacks an entity on first use behind a generic Mapping,
    slow to ask again in every sentence of every article.
    """
    known: dict[str, tuple[str | None, bool]] = master.memo("events.entity_facts", dict)
    facts = known.get(entity_id)
    if facts is None:
        entity = master.entities.get(entity_id)
        facts = (None, False) if entity is None else (entity.kind, "broker" in entity.roles)
        known[entity_id] = facts
    return facts


def _broker_entities(mentions: Sequence[Mention], master: SecurityMaster) -> frozenset[str]:
    """Entities with the "broker" role, looked up once per document rather than per sentence."""
    ids = {m.entity_id for m in mentions}
    return frozenset(entity_id for entity_id in ids if _entity_facts(master, entity_id)[1])


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    """`ids` in first-seen order without repeats."""
    return tuple(dict.fromkeys(ids))


def _amount_attributes(amount: Amount) -> dict[str, object]:
    attributes: dict[str, object] = {"amount": amount.value}
    if amount.unit in _CURRENCY_UNITS:
        attributes["currency"] = amount.unit
    elif amount.unit:
        attributes["unit"] = amount.unit
    if amount.qualifiers:
        attributes["qualifiers"] = list(amount.qualifiers)
    return attributes


# -- analyst actions ------------------------------------------------------------------------

_TARGET_TO = re.compile(r"至|到|为|\bto\b", re.IGNORECASE)
# The Chinese alternatives of the trigger patterns the rules search again: all a sentence
# without Latin letters can match (each Latin alternative needs a letter). Every alternative
# opens with a literal character, none shared by two, so the regex engine skips in C to the
# places where one can start (`(?:将|拟|计划|宣布)持股` is written out for that), and the
# first match is the full pattern's.
_TRIGGERS_ZH: dict[str, str] = {
    "target": r"目标价|目标股价",
    "stake": r"入股|将持股|拟持股|计划持股|宣布持股|参股(?!股东|公司|子公司|企业)|注资|战略投资"
    r"|收购[^，。,]{0,12}(?:股份|股权)|购入[^，。,]{0,8}(?:股份|股权)",
    "launch": r"发布|推出|开源|上线|首发",
    "comparison": r"比喻|比作|类比|好比|堪比|类似于|相似之处|如出一辙|翻版",
}
# The trigger patterns compiled once (the rules search them again inside their sentence):
# index with `_Sentence.latin`, as a `_Caseless`.
_TRIGGER_PATTERNS: dict[str, _Caseless] = {
    kind: (re.compile(_TRIGGERS_ZH.get(kind, pattern)), re.compile(pattern, re.IGNORECASE))
    for kind, pattern in _TRIGGERS.items()
}


def _target_value(s: _Sentence) -> Amount | None:
    """The new target: the amount after 至/to when given, else the first amount after 目标价."""
    match = _TRIGGER_PATTERNS["target"][s.latin].search(s.folded)
    if match is None:
        return None
    after = s.start + match.end()
    amounts = [a for a in amounts_in(s.doc, s.start, s.end) if a.start >= after - 40]
    if not amounts:
        return None
    for amount in amounts:
        before = s.doc.folded[max(s.start, amount.start - 4) : amount.start]
        if _TARGET_TO.search(before):
            return amount
    return amounts[0]


def _acted_on(s: _Sentence) -> tuple[str, ...]:
    """What a broker's target or rating action is about: the sentence's subjects, else, when a
    broker acts alone (高盛將目標價由720元上調至760元), the company of the sentence before."""
    subjects = s.subjects()
    if subjects or not s.any_broker or not s.brokers():
        return subjects
    return s.previous_subjects


# Words that make a 元 amount renminbi on purpose (人民币600元); a bare 元 is only the unit.
_RENMINBI_WORDS = ("人民币", "rmb", "cny", "¥", "￥")


def _target_currency(s: _Sentence, target: Amount | None, subjects: Sequence[str]) -> str | None:
    """The target's currency. A bare 元 is the quoting market's dollar: Hong Kong news writes a
    Hong Kong stock's target as 210元 and means HK$210, so a bare-元 target on a company whose
    main listing is in Hong Kong is HKD (an A-share's 元 stays CNY)."""
    if target is None or target.unit not in _CURRENCY_UNITS:
        return None
    if target.unit != "CNY" or not subjects or not _bare_yuan(s.doc.folded, target):
        return target.unit
    if all(_quoted_market(s, entity_id) == "HK" for entity_id in subjects):
        return "HKD"
    return target.unit


def _quoted_market(s: _Sentence, entity_id: str) -> str | None:
    """Which market the sentence quotes the company on: a market it names or the code it gives
    (00700 is Hong Kong, 600519 the mainland: the mention's hint), else its home listing."""
    for mention in s.mentions:
        if mention.entity_id != entity_id:
            continue
        # The linker sets a hint for every code it links (00700: HK, 600519: CN).
        if mention.market_hint:
            return mention.market_hint
    home = _main_market(s.master, entity_id)
    return "CN" if home in {"SS", "SZ", "BJ"} else home


def _bare_yuan(folded: str, amount: Amount) -> bool:
    span = folded[max(0, amount.start - 4) : amount.end].lower()
    return "元" in span and not any(word in span for word in _RENMINBI_WORDS)


def _main_market(master: SecurityMaster, entity_id: str) -> str | None:
    """The market of an entity's first listing with a local code (an ADR company's home line
    is listed after its US ticker, so the first Hong Kong or mainland line wins over US)."""
    listings = master.entity(entity_id).listings if entity_id in master.entities else ()
    home = [listing.market for listing in listings if listing.market in {"HK", "SS", "SZ", "BJ"}]
    if home:
        return home[0]
    return listings[0].market if listings else None


def _analyst_target(s: _Sentence) -> list[Event]:
    subjects = _acted_on(s)
    if not subjects:
        return []
    up, down = _UP_VERB[s.latin].search(s.folded), _DOWN_VERB[s.latin].search(s.folded)
    direction = None
    if up and (not down or up.start() < down.start()):
        direction = "up"
    elif down:
        direction = "down"
    target = _target_value(s)
    if direction is None and target is None:
        return []
    attributes: dict[str, object] = {
        "direction": direction,
        "target": target.value if target else None,
        "currency": _target_currency(s, target, subjects),
    }
    polarity = {"up": 0.8, "down": -0.8}.get(direction or "", 0.2)
    brokers = s.brokers()
    if not brokers:
        return [
            s.event("analyst_target", attributes={**attributes, "broker": None}, polarity=polarity)
        ]
    return [
        s.event(
            "analyst_target",
            subjects=subjects,
            actors=(broker,),
            attributes={**attributes, "broker": broker},
            polarity=polarity,
        )
        for broker in brokers
    ]


_RATING_WORDS = re.compile(
    r"强烈推荐|买入|增持|持有|中性|减持|卖出|跑赢大市|跑赢行业|优于大市|跑输大市|逊于大市|推荐"
    r"|\b(?:strong buy|buy|sell|hold|neutral|overweight|underweight|equal[- ]weight|outperform|"
    r"underperform|market perform)\b",
    re.IGNORECASE,
)
_POSITIVE_RATINGS = {
    "强烈推荐",
    "买入",
    "增持",
    "跑赢大市",
    "跑赢行业",
    "优于大市",
    "推荐",
    "strong buy",
    "buy",
    "overweight",
    "outperform",
}
_NEGATIVE_RATINGS = {"减持", "卖出", "跑输大市", "逊于大市", "sell", "underweight", "underperform"}
_RATING_ACTION = re.compile(
    r"(?P<upgrade>上调[^，。,]{0,8}评级|评级[^，。,]{0,4}上调|上调至(?![^，。,]{0,12}目标价)"
    r"(?=[^，。,]{0,6}(?:评级|买入|增持|持有|中性|跑赢|优于))|upgrade)"
    r"|(?P<downgrade>下调[^，。,]{0,8}评级|评级[^，。,]{0,4}下调|下调至"
    r"(?=[^，。,]{0,6}(?:评级|卖出|减持|持有|中性|跑输|逊于))|downgrade)"
    r"|(?P<initiate>首予|首次覆盖|首次给予|initiat\w+)"
    r"|(?P<maintain>维持|重申|reiterat\w+|maintain\w*|给予|\brat(?:es|ed|ing)\b)",
    re.IGNORECASE,
)


# Compiled here, not by `re.search` at each call, which looks the pattern up in the re
# module's cache through Python-level functions: more work than the short search itself.
_TO_BEFORE = re.compile(r"(?:\bto|至|为)\s?$")


def _rating_named(folded: str, after: int) -> str | None:
    """The rating given: the one written after "to"/至/为 (from Sell to Neutral), else the first."""
    words = list(_RATING_WORDS.finditer(folded, after))
    for word in words:
        if _TO_BEFORE.search(folded[max(0, word.start() - 4) : word.start()]):
            return word.group().lower()
    return words[0].group().lower() if words else None


def _analyst_rating(s: _Sentence) -> list[Event]:
    action = _RATING_ACTION.search(s.folded)
    if action is None or action.lastgroup is None:
        return []
    subjects = _acted_on(s)
    rating = _rating_named(s.folded, action.start())
    brokers = s.brokers()
    # A rating agency's action on what is no entity (惠誉下调塞浦路斯评级) keeps its actor.
    acted = bool(subjects) or (bool(brokers) and action.lastgroup in ("upgrade", "downgrade"))
    if not acted or (rating is None and action.lastgroup in ("maintain", "initiate")):
        return []  # "Top Upgrades For Friday", "interest rates", 信用评级: no analyst action
    tone = 0.5 if rating in _POSITIVE_RATINGS else -0.5 if rating in _NEGATIVE_RATINGS else 0.0
    polarity = {"upgrade": 0.7, "downgrade": -0.7}.get(action.lastgroup, tone * 0.6)
    attributes: dict[str, object] = {"action": action.lastgroup, "rating": rating}
    return [
        s.event(
            "analyst_rating",
            subjects=subjects,
            actors=(broker,) if broker else (),
            attributes={**attributes, "broker": broker},
            polarity=polarity,
        )
        for broker in (brokers or (None,))
    ]


# -- fund flows and holdings -----------------------------------------------------------------

_FLOW_VERB = _caseless(
    r"(?P<net>净)?(?:(?P<inflow>流入|增持|加仓)|(?P<outflow>流出|减持|减仓))"
    # Net buying or selling by a channel of money: 南向资金净买入港股85亿港元, 净卖出, 淨沽出.
    r"|净(?:(?P<bought>买入|买进|购入|买)|(?P<sold>卖出|沽出|卖|沽))",
    r"(?P<en_net>net )?(?:(?P<en_in>inflows?)|(?P<en_out>outflows?))"
    r"|\bnet (?:(?P<en_bought>buy\w*|bought|purchas\w*)|(?P<en_sold>sell(?:s|ing|ers?)?|sold))\b"
    r"|\b(?:(?P<en_bought_a>bought|purchased)|(?P<en_sold_a>sold)) a net\b",
)
_INFLOW_GROUPS = ("inflow", "en_in", "bought", "en_bought", "en_bought_a")
_NET_GROUPS = (
    "net",
    "en_net",
    "bought",
    "sold",
    "en_bought",
    "en_sold",
    "en_bought_a",
    "en_sold_a",
)
# 增持 / 减持 written as a rating, not a trade: after a rating verb (维持「增持」评级, 重申增持,
# 给予增持评级, 上调至增持, 评级为增持) or right before 评级 (「增持」评级).
_RATING_VERB_BEFORE = re.compile(
    r"(?:维持|重申|给予|首予|予以|上调至|下调至|调升至|调降至|调高至|调低至|升至|降至|评级为|评为)"
    r"[\s「『“\"'(]*$"
)
_RATING_AFTER = re.compile(r"[\s」』”\"')]*(?:的)?(?:投资)?评级")
_COMPARISON_START = re.compile(
    r"(?:而|并|且)?(?:较|相较|相比|比|超过|高于|低于|不及|同比|环比|对比|versus|vs\.?|compared|"
    r"up from|down from|from)",
    re.IGNORECASE,
)
_RECORD = _caseless(r"最高|最低|新高|新低|纪录|记录|highest|lowest|record")
_PERIOD = _caseless(
    r"截至\d{1,2}月\d{1,2}日|截至\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}年全年|全年|年内|年初至今|今年以来"
    r"|年初以来|单月|当月|本月|上月|上周|本周|当周|当日|(?:\d{4}年)?\d{1,2}月份?|\d{4}年"
    r"|第?[一二三四]季度|\bQ[1-4]\b|year[- ]to[- ]date|\bYTD\b|last year|this year"
    r"|in (?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)|for the (?:week|month|quarter|year)"
)
_KINDS = (
    ("passive", re.compile(r"被动|passive", re.IGNORECASE)),
    ("active", re.compile(r"主动|active", re.IGNORECASE)),
    ("long_only", re.compile(r"长仓|长线基金|long[- ]only", re.IGNORECASE)),
    ("southbound", re.compile(r"南向|南下|southbound", re.IGNORECASE)),
    ("northbound", re.compile(r"北向|北上|northbound", re.IGNORECASE)),
    ("foreign", re.compile(r"外资|境外|海外|国际资金|foreign|overseas", re.IGNORECASE)),
)
# All kinds in one pass; `_KINDS` keeps the order in which the first one named wins.
_ANY_KIND = _caseless("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in _KINDS))
_MARKETS = (
    ("CN", re.compile(r"中国股市|中国市场|中资股|中国股票|A股|Chinese (?:stocks|equities)")),
    ("HK", re.compile(r"港股|香港股市|Hong Kong stocks")),
    ("US", re.compile(r"美股|美国股市|US stocks|U\.S\. stocks")),
)
# A broker's report stays the source of flows for this many sentences (its paragraph and the
# figures listed after it).
_SOURCE_REACH = 4
_PARENTHESIS = re.compile(r"\([^)]*\)")
# Every currency `find_amounts` reads holds one of these (美元, 港币, 日圆, 英镑, 美金, 港纸, $,
# USD, yuan...): a cheap test that a sentence may name a sum of money at all.
_MONEY_HINT = _caseless(r"[元块金币纸圆镑$€£]", r"usd|hkd|rmb|cny|eur|gbp|jpy|dollar|yuan|yen|euro")
_REPORT = re.compile(r"报告|研报|数据显示|统计|report|data from|according to", re.IGNORECASE)


def _periods(s: _Sentence, start: int, end: int) -> list[str]:
    """Periods written in doc.text[start:end], a part of sentence `s`."""
    found = _PERIOD[s.latin].finditer(s.doc.folded, start, end)
    return [s.doc.text[m.start() : m.end()] for m in found]


def _flow_direction(verb: re.Match[str]) -> str:
    return "in" if _any_group(verb, _INFLOW_GROUPS) else "out"


def _any_group(verb: re.Match[str], names: tuple[str, ...]) -> bool:
    """Whether one of the named groups matched (the Latin ones exist in one compilation only)."""
    found = verb.groupdict()
    return any(found.get(name) for name in names)


def _is_rating_word(folded: str, start: int, end: int) -> bool:
    """增持 / 减持 at folded[start:end] names a rating (维持「增持」评级), not a trade."""
    return bool(
        _RATING_VERB_BEFORE.search(folded, max(0, start - 5), start)
        or _RATING_AFTER.match(folded, end, end + 6)
    )


def _flow_verb(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    """The first flow verb of a clause that is not a rating word (维持增持评级)."""
    verb = pattern.search(folded)
    if verb is None or (verb.group("inflow") != "增持" and verb.group("outflow") != "减持"):
        return verb  # the usual case: no holdings word that could be a rating
    for verb in pattern.finditer(folded):
        held = verb.group("inflow") or verb.group("outflow")
        if held not in ("增持", "减持") or not _is_rating_word(folded, verb.start(), verb.end()):
            return verb
    return None


def _fund_flow(s: _Sentence) -> list[Event]:
    """One event per clause that names a flow with an amount; later clauses add comparisons."""
    doc = s.doc
    if _MONEY_HINT[s.latin].search(s.folded) is None:
        return []  # no currency word or sign: skip the number scan
    all_money = [
        a
        for a in amounts_in(doc, s.start, s.end)
        if a.unit in _CURRENCY_UNITS and not _PER_SHARE.match(doc.folded, a.end)
    ]
    if not all_money:
        return []  # a flow is money moving: no sum of money, no flow
    events: list[Event] = []
    pending_periods: list[str] = []
    flow_verb, record = _FLOW_VERB[s.latin], _RECORD[s.latin]
    for clause in doc.clauses(s.segment):
        folded = doc.folded[clause.start : clause.end]
        verb = _flow_verb(flow_verb, folded)
        money = [a for a in all_money if clause.start <= a.start < clause.end]
        if events and money and _COMPARISON_START.match(folded):
            _add_comparison(events, s, clause, money[0], verb)
            continue
        if events and not money and record.search(folded):
            events[-1].attributes["note"] = doc.text[clause.start : clause.end].lstrip("为是")
            continue
        if verb is None or not money:
            pending_periods += _periods(s, clause.start, clause.end)
            continue
        if verb.group("inflow") in ("增持", "加仓") and _holding_subjects(s, clause):
            continue  # a holdings change, read by `_holding_change`
        amount = next((a for a in money if a.start >= clause.start + verb.end()), money[0])
        # A flow with no period of its own (其中被动基金流入...) shares the sentence's first one.
        inherited = events[0].attributes.get("period") if events else None
        event = _flow_event(
            s,
            clause,
            folded=folded,
            verb=verb,
            amount=amount,
            pending_periods=pending_periods,
            inherited_period=inherited,
        )
        events.append(event)
        pending_periods = []
    return events


def _flow_source(s: _Sentence, kinds: list[str]) -> str | None:
    """Who reports the flow. Southbound and northbound (Stock Connect) flows are the exchanges'
    own daily figures: a broker's report only sources them when it is named in the same
    sentence, never by carrying over from an earlier one."""
    if s.report_source is None or not {"southbound", "northbound"} & set(kinds):
        return s.report_source
    return s.report_source if s.report_source in s.brokers() else None


def _flow_event(
    s: _Sentence,
    clause: Segment,
    *,
    folded: str,
    verb: re.Match[str],
    amount: Amount,
    pending_periods: list[str],
    inherited_period: object = None,
) -> Event:
    direction = _flow_direction(verb)
    # "长仓基金(包括被动和主动)": a parenthesis explains, it does not name the kind.
    plain = _PARENTHESIS.sub("", folded) if "(" in folded else folded
    named = {match.lastgroup for match in _ANY_KIND[s.latin].finditer(plain)}
    kinds = [name for name, _ in _KINDS if name in named]
    source = _flow_source(s, kinds)
    attributes: dict[str, object] = {
        "direction": direction,
        **_amount_attributes(amount),
        "period": " ".join([*pending_periods, *_periods(s, clause.start, clause.end)])
        or inherited_period,
        "kind": kinds[0] if kinds else None,
        "net": _any_group(verb, _NET_GROUPS),
        "cumulative": "累计" in folded or "cumulative" in folded.lower(),
        "source": source,
        "comparisons": [],
    }
    if "foreign" in kinds:
        attributes["foreign"] = True
    market = s.market()
    if market:
        attributes["market"] = market
    # In Chinese a space ends a headline's item: 沪指收跌1.2% 北向资金净卖出超60亿元 is two news.
    verb_at = clause.start + verb.start()
    doc_folded = s.doc.folded
    clause_subjects = _unique(
        [
            m.entity_id
            for m in s.mentions
            if clause.start <= m.start < clause.end
            and not s.is_broker(m)
            and (s.latin or m.end >= verb_at or " " not in doc_folded[m.end : verb_at])
        ]
    )
    return s.event(
        "fund_flow",
        subjects=clause_subjects,
        actors=(source,) if source else (),
        attributes=attributes,
        polarity=0.5 if direction == "in" else -0.5,
    )


def _add_comparison(
    events: list[Event], s: _Sentence, clause: Segment, amount: Amount, verb: re.Match[str] | None
) -> None:
    comparison: dict[str, object] = {
        **_amount_attributes(amount),
        "period": " ".join(_periods(s, clause.start, clause.end)) or None,
        "direction": _flow_direction(verb) if verb else None,
        "text": s.doc.text[clause.start : clause.end],
    }
    comparisons = events[-1].attributes.setdefault("comparisons", [])
    if isinstance(comparisons, list):
        comparisons.append(comparison)


def _holding_subjects(s: _Sentence, clause: Segment) -> tuple[str, ...]:
    """Companies named in the sentence up to the end of `clause` (the stocks added or cut)."""
    ids = []
    for mention in s.mentions:
        if mention.start >= clause.end or s.is_broker(mention):
            continue
        if _entity_facts(s.master, mention.entity_id)[0] == "equity":
            ids.append(mention.entity_id)
    return _unique(ids)


_HOLDING = re.compile(r"增持|减持|加仓|减仓|权重(?:增幅|升幅|增加|上升|提高|降幅|下降|减少)")
# A price (25.34元/股, $12 a share) is not a sum of money moving.
_PER_SHARE = re.compile(r"\s?/\s?股|\s?每股|\s?/\s?share|\s(?:a|per) share", re.IGNORECASE)
_NEGATED_CHANGE = re.compile(r"(?:无|不|没有|未|暂无)$")
_WEIGHT = re.compile(
    r"权重(?P<word>增幅|升幅|增加|上升|提高|降幅|下降|减少)(?:达到|达|为|至|了)?"
    r"(?P<value>\d+(?:\.\d+)?)(?:%|个百分点)"
)


def _first_trade(folded: str) -> tuple[re.Match[str] | None, str]:
    """The first holdings word of a sentence that is no rating word, and the sentence with its
    rating words blanked out (so that a 减持 rating does not turn a purchase into a sale)."""
    rated = [m for m in _HOLDING.finditer(folded) if m.group() in ("增持", "减持")]
    rated = [m for m in rated if _is_rating_word(folded, m.start(), m.end())]
    if not rated:
        return _HOLDING.search(folded), folded
    blanked = folded
    for match in rated:
        blanked = (
            blanked[: match.start()] + " " * (match.end() - match.start()) + blanked[match.end() :]
        )
    return _HOLDING.search(blanked), blanked


# Compiled once (see `_TO_BEFORE`).
_HOLDING_DOWN = re.compile(r"减持|减仓|降幅|下降|减少")
_EXTENT = re.compile(r"最多|最大幅度|较大力度|大幅|most|biggest|largest")


def _holding_change(s: _Sentence) -> list[Event]:
    # Rating words are blanked wherever they stand: "大股东增持…维持「减持」评级" is a purchase.
    change, folded = _first_trade(s.folded)
    if change is None and _HOLDING.search(s.folded) is not None:
        # Only ratings (重申增持): a rating event, unless the rating rule reads the sentence.
        return [] if "rating" in s.kinds else _analyst_rating(s)
    if change is None or _NEGATED_CHANGE.search(
        folded[max(0, change.start() - 3) : change.start()]
    ):
        return []  # 无增持计划: a plan not to trade is no change
    subjects = _holding_subjects(s, s.segment) or (
        s.previous_subjects if _PRONOUN[s.latin].search(s.folded) else ()
    )
    if not subjects:
        return []
    # The direction is the trade word (减持, 权重降幅), not a fall elsewhere in the sentence.
    direction = "down" if _HOLDING_DOWN.search(change.group()) else "up"
    attributes: dict[str, object] = {"direction": direction}
    weight = _WEIGHT.search(s.folded)
    if weight:
        value = float(weight.group("value"))
        sign = -1 if weight.group("word") in ("降幅", "下降", "减少") else 1
        attributes["weight_change"] = sign * value
        attributes["weight_unit"] = "%"
    most = _EXTENT.search(s.folded)
    if most:
        attributes["extent"] = s.doc.text[s.start + most.start() : s.start + most.end()]
    if s.report_source:
        attributes["source"] = s.report_source
    return [
        s.event(
            "holding_change",
            subjects=subjects,
            actors=(s.report_source,) if s.report_source else (),
            attributes=attributes,
            polarity=0.6 if direction == "up" else -0.6,
        )
    ]


# -- stakes, launches, earnings, rankings ---------------------------------------------------

_GOVERNMENT = _caseless(
    r"(?P<zh>美国?|中国|日本|英国|德国|法国|韩国|联邦|特朗普|川普|港)?政府"
    r"|(?:the )?(?P<en>U\.?S\.?|US|American|Trump|federal|Chinese|Japanese|British|German|French)"
    r" (?:government|administration)"
)
_GOVERNMENT_NAMES = {
    "美": "US",
    "美国": "US",
    "联邦": "US",
    "特朗普": "US",
    "川普": "US",
    "u.s.": "US",
    "us": "US",
    "u.s": "US",
    "american": "US",
    "trump": "US",
    "federal": "US",
    "中国": "China",
    "chinese": "China",
    "日本": "Japan",
    "japanese": "Japan",
    "英国": "UK",
    "british": "UK",
    "德国": "Germany",
    "german": "Germany",
    "法国": "France",
    "french": "France",
    "韩国": "South Korea",
    "港": "Hong Kong",
}
_STAKE_PERCENT = _caseless(
    r"(?P<a>\d+(?:\.\d+)?)%\s?(?:的)?(?:股份|股权|权益|stake)|stake of (?P<b>\d+(?:\.\d+)?)%"
)


def _stake(s: _Sentence) -> list[Event]:
    trigger = _TRIGGER_PATTERNS["stake"][s.latin].search(s.folded)
    if trigger is None:
        return []
    attributes: dict[str, object] = {}
    # Without Latin letters only 政府 can name a government: skip the search when it is absent.
    named = s.latin or "政府" in s.folded
    government = _GOVERNMENT[s.latin].search(s.folded) if named else None
    own = [m for m in s.mentions if not s.is_broker(m)]
    actors: tuple[str, ...] = ()
    if government:
        country = (government.group("zh") or government.group("en") or "").lower()
        attributes["actor"] = f"{_GOVERNMENT_NAMES.get(country, '')} government".strip()
        subjects, actors = _unique(m.entity_id for m in own), ()
    else:
        cut = s.start + trigger.start()
        actors = _unique(m.entity_id for m in s.mentions if m.end <= cut)
        subjects = _unique(m.entity_id for m in own if m.start >= cut)
        if not subjects:
            subjects, actors = actors or s.subjects(), ()
    percent = _STAKE_PERCENT[s.latin].search(s.folded) if "%" in s.folded else None
    if percent:
        attributes["percent"] = float(percent.group("a") or percent.group("b"))
    if not subjects:
        return []
    return [s.event("stake", subjects=subjects, actors=actors, attributes=attributes, polarity=0.5)]


_NOT_LAUNCH = _caseless(
    r"(?:发布|推出)[^，。,;；]{0,14}?(?:消息|公告|报告|声明|数据|财报|业绩|研报|预警|通知|文章|帖子"
    r"|说明|提示|季报|年报|预案|计划|方案|《[^》]*(?:公告|报告|议案|通知|函|说明)》)"
    r"|发布之日|发布会上|发表|上线以来|开源(?:模型|大模型|社区|生态|项目|软件|协议)"
    r"|releas\w* (?:its |their |the )?(?:\w+ )?(?:results|earnings|data|report|statement|figures)"
)
_PRODUCT = re.compile(
    r"(?<![A-Za-z0-9])(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+"
    r"|[A-Za-z][A-Za-z0-9]{2,}(?=\s?(?:模型|大模型|model)))"
)
_PRODUCT_NOUN = _caseless(
    r"新品|新款|新一代|模型|手机|芯片|产品|版本|服务|平台|应用|车型|系统",
    r"\b(?:app|model|product|chip|phone|vehicle|service|platform|device)s?\b",
)
_QUOTED = re.compile(r"[「《“\"](?P<name>[^」》”\"]{2,30})[」》”\"]")


def _products(s: _Sentence, after: int) -> list[str]:
    """Model-like Latin names anywhere; else names in quotes written after the verb."""
    names: list[str] = []
    # A model-like name starts with an ASCII letter: none in a sentence without Latin letters.
    for match in _PRODUCT.finditer(s.folded) if s.latin else ():
        name = match.group("name")
        if "-" in name or "." in name or len(name) >= 5:
            names.append(s.text[match.start("name") : match.end("name")])
    if not names:
        quoted = _QUOTED.finditer(s.folded, after)
        names = [s.text[m.start("name") : m.end("name")] for m in quoted]
    return list(dict.fromkeys(names))


def _date(s: _Sentence) -> str | None:
    if not s.latin and "月" not in s.folded:
        return None  # a Chinese date has 月, an English one a month name
    match = _DATE.search(s.folded)
    return s.text[match.start() : match.end()] if match else None


def _product_launch(s: _Sentence) -> list[Event]:
    not_launch = _NOT_LAUNCH[s.latin]
    triggers = [
        m
        for m in _TRIGGER_PATTERNS["launch"][s.latin].finditer(s.folded)
        if not not_launch.match(s.folded, m.start())
    ]
    if not triggers:
        return []
    first = triggers[0].start()
    if _NEGATED_CHANGE.search(s.folded[max(0, first - 3) : first]) or "从未" in s.folded[:first]:
        return []  # 从未推出, 没有发布: nothing was launched
    products = _products(s, first)
    # Without a model-like name, a product word must follow the verb: 推出新款手机.
    if not products and not _PRODUCT_NOUN[s.latin].search(s.folded, first, first + 24):
        return []
    subjects = s.subjects()
    if not subjects and not any(_PRODUCT.fullmatch(name) for name in products):
        return []  # no maker named, and no model-like name to stand for one
    attributes: dict[str, object] = {
        "products": products,
        "date": _date(s),
        "action": s.text[triggers[0].start() : triggers[0].end()],
    }
    return [s.event("product_launch", subjects=subjects, attributes=attributes, polarity=0.6)]


_EARNINGS_BAD_ZH, _EARNINGS_GOOD_ZH = EARNINGS_BAD_ZH, EARNINGS_GOOD_ZH
_EARNINGS_TONE = re.compile(
    rf"(?P<bad>{'|'.join(_EARNINGS_BAD_ZH)}"
    r"|\b(?:miss\w*|fell|fall\w*|declin\w*|weak\w*|below|shortfall|disappoint\w*|lower|slump\w*|"
    r"drop\w*|cut\w*)\b)"
    rf"|(?P<good>{'|'.join(_EARNINGS_GOOD_ZH)}"
    r"|\b(?:beat\w*|topp\w*|rose|ris\w*|surg\w*|record|strong\w*|above|exceed\w*|rais\w*|jump\w*)\b)",
    re.IGNORECASE,
)
_METRIC = _caseless(
    r"利润率|毛利率|净利润|利润|营收|营业收入|业绩|盈利|亏损|财报|每股收益"
    r"|margins?|earnings|profit|revenue|results|EPS|guidance"
)


def _earnings_tone(s: _Sentence) -> tuple[int, int]:
    """How many bad and good earnings words the sentence holds."""
    if s.latin:
        bad = good = 0
        for word in _EARNINGS_TONE.finditer(s.folded):  # one pass for both lists
            if word.lastgroup == "bad":
                bad += 1
            else:
                good += 1
        return bad, good
    # Without a Latin letter only the Chinese words can match, and they are plain literals:
    # the document's one pass finds them in leftmost-first order (the regex's own order), and
    # none crosses a sentence end, so its matches inside the sentence are the regex's.
    bad = good = 0
    for start, _, is_bad in document_words(s.doc).earnings_tone:
        if s.start <= start < s.end:
            if is_bad:
                bad += 1
            else:
                good += 1
    return bad, good


def _earnings(s: _Sentence) -> list[Event]:
    subjects = s.subjects()
    if not subjects or _CONDITIONAL[s.latin].search(s.folded):
        return []
    bad, good = _earnings_tone(s)
    if "亏损" in s.folded and "收窄" not in s.folded:
        bad += 1
    polarity = 0.0 if bad == good else (0.7 if good > bad else -0.7)
    metric = _METRIC[s.latin].search(s.folded)
    attributes: dict[str, object] = {
        "metric": s.text[metric.start() : metric.end()] if metric else None,
        "direction": "positive" if polarity > 0 else "negative" if polarity < 0 else None,
    }
    return [s.event("earnings", attributes=attributes, polarity=polarity)]


_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "first": 1,
    "second": 2,
    "third": 3,
}
_RANK = _caseless(
    r"第(?P<zh>[一二三四五六七八九十]|\d+)(?:名|位)|排名第(?P<zh2>[一二三四五六七八九十]|\d+)"
    r"|ranked (?P<en>first|second|third)|No\. ?(?P<no>\d+)|榜首|登顶|top(?:s|ped)? the"
)
_BOARD = re.compile(
    r"(?:荣登|登上|位列|在)?(?P<board>[\u4e00-\u9fff]{1,8}?)(?:排行榜|榜单)|(?P<en>\w+) leaderboard"
)


def _rank_value(match: re.Match[str]) -> int | None:
    word = match.group("zh") or match.group("zh2") or match.group("en") or match.group("no")
    if word is None:
        return 1  # 榜首, 登顶, tops the chart
    return int(word) if word.isdigit() else _CN_DIGITS.get(word.lower())


def _ranking(s: _Sentence) -> list[Event]:
    subjects = s.subjects()
    if not subjects:
        return []
    rank_match = _RANK[s.latin].search(s.folded)
    rank = _rank_value(rank_match) if rank_match else None
    board = _BOARD.search(s.folded)
    attributes: dict[str, object] = {
        "rank": rank,
        "board": s.text[board.start(board.lastgroup) : board.end()]
        if board and board.lastgroup
        else None,
    }
    polarity = 0.6 if rank is not None and rank <= 3 else 0.3
    return [s.event("ranking", attributes=attributes, polarity=polarity)]


# -- macro and comparisons ------------------------------------------------------------------

_MACRO_LABELS = (
    ("inflation_expectations", r"通胀预期|inflation expectations"),
    ("inflation", r"通胀|通货膨胀|CPI|消费者物价|inflation|consumer prices"),
    ("government_shutdown", r"政府关门|政府停摆|government shutdown|shutdown"),
    ("rate_hike", r"加息|rate hikes?"),
    ("rate_cut", r"降息|rate cuts?"),
    ("nonfarm_payrolls", r"非农|nonfarm|payrolls"),
    ("unemployment", r"失业率|unemployment rate"),
    ("pmi", r"PMI"),
    ("growth", r"GDP增|经济增长|经济成长|economic growth"),
    ("tariffs", r"(?<!相)关税|tariffs?"),  # 相关税费 is "related taxes"
    ("fed_meeting", r"议息|FOMC"),
    ("recession", r"衰退|recession"),
)
_MACRO = _caseless("|".join(f"(?P<{label}>{pattern})" for label, pattern in _MACRO_LABELS))
_RISING = _caseless(r"上升|升温|上涨|加剧|持续|飙升|走高|rising|rose|higher|continu\w*|persist")
_FALLING = _caseless(r"下降|降温|回落|放缓|走低|falling|fell|lower|cool\w*|eas\w*")
# Bad for risk assets when rising; the sign flips when the sentence says they fall.
_MACRO_TONE = {
    "inflation_expectations": -0.4,
    "inflation": -0.4,
    "government_shutdown": -0.4,
    "rate_hike": -0.4,
    "rate_cut": 0.4,
    "unemployment": -0.3,
    "tariffs": -0.4,
    "recession": -0.5,
}


def _macro(s: _Sentence) -> list[Event]:
    if _CONDITIONAL[s.latin].search(s.folded):
        return []
    events: list[Event] = []
    seen: set[str] = set()
    rising, falling = _RISING[s.latin], _FALLING[s.latin]
    for match in _MACRO[s.latin].finditer(s.folded):
        label = match.lastgroup
        if label is None or label in seen:
            continue
        seen.add(label)
        window = s.folded[match.end() : match.end() + 12]
        direction = "up" if rising.search(window) else "down" if falling.search(window) else None
        tone = _MACRO_TONE.get(label, 0.0)
        polarity = -tone if direction == "down" else tone
        attributes: dict[str, object] = {
            "label": label,
            "direction": direction,
            "words": s.text[match.start() : match.end()],
        }
        events.append(s.event("macro", subjects=(), attributes=attributes, polarity=polarity))
    return events


def _comparison_subjects(s: _Sentence, mentions: list[Mention]) -> tuple[str, ...]:
    """Companies compared; organisations (Lucent, Nortel) only when no company is named."""
    own = [m for m in mentions if not s.is_broker(m)]
    companies = [
        m for m in own if _entity_facts(s.master, m.entity_id)[0] not in (None, "organization")
    ]
    return _unique(m.entity_id for m in (companies or own))


_TO = re.compile(r"\bto\b")


def _comparison(s: _Sentence) -> list[Event]:
    trigger = _TRIGGER_PATTERNS["comparison"][s.latin].search(s.folded)
    if trigger is None:
        return []
    cut = s.start + trigger.start()
    before = _comparison_subjects(s, [m for m in s.mentions if m.end <= cut])
    if trigger.group().lower().startswith(("liken", "compar")):
        # "likened Nvidia to Cisco": what is compared sits between the verb and "to".
        to = _TO.search(s.folded, trigger.start() + len("liken"))
        if to is not None:
            low, cut = s.start + trigger.end(), s.start + to.start()
            between = [m for m in s.mentions if low <= m.start < cut]
            before = _comparison_subjects(s, between) or before
    named_before = [m.entity_id for m in s.mentions if m.end <= cut and m.entity_id not in before]
    after = _unique([*(m.entity_id for m in s.mentions if m.start >= cut), *named_before])
    subjects = before or (s.previous_subjects if _COMPARISON_PRONOUN.search(s.folded) else ())
    if not subjects and not after:
        return []
    attributes: dict[str, object] = {
        "compared_to": list(after),
        "words": s.text[trigger.start() : trigger.end()],
    }
    polarity = -0.4 if _NEGATIVE_CONTEXT[s.latin].search(s.folded) else 0.0
    return [s.event("comparison", subjects=subjects, attributes=attributes, polarity=polarity)]


_RULES: dict[str, tuple[Callable[[_Sentence], list[Event]], ...]] = {
    "target": (_analyst_target,),
    "rating": (_analyst_rating,),
    "flow": (_fund_flow, _holding_change),
    "stake": (_stake,),
    "launch": (_product_launch,),
    "earnings": (_earnings,),
    "ranking": (_ranking,),
    "macro": (_macro,),
    "comparison": (_comparison,),
}


# -- driver ---------------------------------------------------------------------------------


def _triggered(doc: Document) -> dict[int, list[str]]:
    """Sentence index -> trigger kinds present (first-seen order), from one pass over the whole
    text. Hits come in text order, so each sentence's list is built in one run."""
    found: dict[int, list[str]] = {}
    hits = document_words(doc).triggers
    if not hits:
        return found
    sentences = doc.sentences
    present: list[str] = []
    current_end = -1  # a hit before this offset is in the current sentence: no lookup
    for start, _, kinds in hits:
        if start < current_end:
            present += [kind for kind in kinds if kind not in present]
            continue
        index = sentence_of(sentences, start)
        if index is None:
            continue  # between sentences
        current_end, present = sentences[index].end, list(kinds)
        found[index] = present
    return found


def extract_events(
    doc: Document, mentions: Sequence[Mention], master: SecurityMaster
) -> list[Event]:
    """Events the article reports, in text order."""
    triggered = _triggered(doc)
    if not triggered:
        return []  # every event comes from a sentence holding a trigger
    last_triggered = max(triggered)
    ordered = sorted(mentions, key=_START)
    mention_starts = [m.start for m in ordered]
    brokers_known = _broker_entities(ordered, master)
    # Most articles name no broker and no source: then no sentence needs the broker checks.
    any_broker = bool(brokers_known) or any(m.role in _REPORTING_ROLES for m in ordered)
    events: list[Event] = []
    previous: tuple[str, ...] = ()
    source: str | None = None
    source_age = 99
    folded = doc.folded
    for index, segment in enumerate(doc.sentences[: last_triggered + 1]):
        source_age += 1
        low = bisect.bisect_left(mention_starts, segment.start)
        high = bisect.bisect_left(mention_starts, segment.end)
        kinds = triggered.get(index, ())
        if low == high and not kinds:
            continue  # nothing named, nothing happening: only the source ages
        named = ordered[low:high]
        if any_broker:
            brokers = _unique(m.entity_id for m in named if _is_broker(m, brokers_known))
            if brokers and _REPORT.search(folded, segment.start, segment.end):
                source, source_age = brokers[0], 1
        if not kinds:
            # No trigger: only the subjects carry over to a pronoun in the next sentence.
            if any_broker:
                own = _unique(m.entity_id for m in named if not _is_broker(m, brokers_known))
            else:
                own = _unique([m.entity_id for m in named])
            previous = own or previous
            continue
        report_source = source if source_age <= _SOURCE_REACH else None
        sentence = _Sentence(
            doc, master, segment, named, previous, report_source, brokers_known, any_broker, kinds
        )
        for kind in kinds:
            for rule in _RULES[kind]:
                events.extend(rule(sentence))
        previous = sentence.subjects() or previous
    return events
