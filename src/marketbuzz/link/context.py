"""Sentence context for linking: finance cues, counter-cues, market hints and roles.

Everything here reads the folded text (Simplified script, half-width), so each rule is written
once in Simplified form and serves Traditional text too. Cue patterns run once over the whole
text; per-mention work is a bisection plus, for the few mentions that need it, one anchored
regex on a short window.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from marketbuzz.document import Document
from marketbuzz.extract import lexicon
from marketbuzz.text.sentences import Segment

# -- finance cues --------------------------------------------------------------------------
# Words that put a sentence in market context. An ambiguous name (苹果, 甲骨文, Apple) links only
# in a sentence holding one of these (or when the entity is linked unambiguously elsewhere, or a
# code sits next to it). Broad words such as 升 or 公司 are acceptable because the counter-cues
# below veto the ordinary readings of each ambiguous name.
_FINANCE_CUES_ZH = (
    "股|涨|跌|升|挫|市值|财报|业绩|营收|净利|盈利|亏损|目标价|评级|券商|大行|投行|"
    "估值|上市|公告|披露|年报|季报|营业收入|每股收益|董事|增持|减持|收购|并购|融资|分析师|研报|"
    "季度|市场|交易所|指数|美元|港元|发布会|手机|供应链|销量|出货"
)
# English cues match in any case: headlines capitalise every word ("Apple Stock Today").
_FINANCE_CUES_EN = (
    # Words sharing a beginning share an alternative (st(?:ocks?|eadie[sd])): each alternative
    # is tried at every position of a Chinese text, where the look-behind always holds.
    r"shares?|st(?:ocks?|eadie[sd])|inc\b|corp\b|ltd\b|co\.|analysts?|earnings|revenues?|sales|"
    r"nyse|nasdaq|markets?|market cap|price target|rating|investors?|quarter(?:ly)?|profits?|ipo|"
    r"iphone|ipad|mac\b|ceo|dividends?|buy\b|sell\b|downgrades?|upgrades?|rall(?:y|ied|ies)|"
    r"fell|falls|rose|rises|gained|gains|dropped|drops|slid(?:es?)?|jumped|surge[sd]?|"
    r"soar(?:s|ed)?|tumbles?|plunge[sd]?|tr(?:illion|aded)|billion|etfs?|valuation|guidance|"
    r"outlook|results|beats?|misses|"
    # The business of a company: its income, products, suppliers, shops, deals and courts.
    r"income|iphones|ipads|airpods|app store|suppliers?|stake|options|stores|retail|fined|"
    r"lawsuit|subscribers|acquisitions?|sold|bought|financ(?:e[sd]?|ing)"
)
FINANCE_CUES = re.compile(f"{_FINANCE_CUES_ZH}|(?<![A-Za-z])(?i:{_FINANCE_CUES_EN})(?![A-Za-z])")
# A price in dollars counts too ("Ether traded near $3,150"): looked for only where a "$" is.
DOLLAR_PRICE = re.compile(r"\$\s?\d")

# "X公司" alone is no market context (国贸公司 is any trading firm), so 公司 is not a cue above;
# right after a short ambiguous name, though, the cue must be attached: 小米股价, 苹果公司发布,
# 平安今日大涨 — the name followed within a few characters by one of these.
ATTACHED_CUE = re.compile(
    r"[^，,。；;！!？?\n和与及或、的]{0,4}?(?:股|涨|跌|升|挫|市值|财报|业绩|公司|集团|公告|宣布|发布|披露|早盘|盘中|"
    r"收盘|董事|营收|净利|目标价|评级|手机|汽车|电动车|新车|新款|新品(?!种)|订单)"
)
# A product or company word written right after a short name joins it without making another
# word of it: 小米手机, 小米电动车, 小米新款 (小米新品种 is a grain).
PRODUCT_AFTER = re.compile(
    "手机|汽车|电动车|电车|新车|新款|新品(?!种)|订单|平板|股价|市值|财报|业绩"
)
# Research context in the sentence: a short broker name (里昂, 大摩) counts as attached to it.
BROKER_CUE = re.compile("目标价|评级|研报|报告|券商|大行|投行|上调|下调|首予|增持评级|买入评级")
# Currencies and commodities are instruments only where a price is talked about; "人民币1亿元"
# and "215亿港元" are sums of money.
PRICE_CUE = re.compile(
    r"价格|油价|气价|金价|银价|报价|涨|跌|升值|贬值|挫|盘中|收盘|早盘|期货|汇率|报收|收于|走强|"
    r"走弱|新高|新低|高位|低位|兑|"
    r"(?<![A-Za-z])(?:price|futures|rose|fell|gained|dropped|rall(?:y|ied)|slid|jumped)"
)
_AMOUNT_BEFORE = re.compile(
    r"[\d.]\s*(?:[十百千万亿]*元?|(?:million|billion|trillion|mln|bln|bn|m)\s+)$"
)
_AMOUNT_AFTER = re.compile(
    r"\s*(?:约|合计|共计|合)?\s*\d|普通股|计价|结算|存款|贷款|现金|资金|债券|"
    r"[ABH]股|计|标价|元"  # 人民币A股普通股, 以人民币计, 人民币标价: a share class or a unit
)
# Words before a currency that make it the unit of a sum: 折合人民币约65亿元, 以人民币计.
_AMOUNT_WORD_BEFORE = re.compile(r"(?:折合|约合|合计|等值|以|按|用)\s*$")
# A commodity is the instrument only where its price is talked about in the same clause:
# "天然气期货价格上涨3%", "原油跌2%", "油价报每桶80美元"; "天然气管道项目开工，股价上涨3%"
# is a gas project and a share price. A rise or fall counts with a number right after it.
COMMODITY_PRICE_CUE = re.compile(
    r"(?<!股)价|期货|现货|合约|报收|收于|美元/|元/|每桶|每吨|盎司|"
    r"(?:涨|跌|升|挫|上涨|下跌|走高|走低)[^，,。；;\d]{0,3}\d|新高|新低|高位|低位|关口|"
    r"(?:跌|涨|升)破|"
    r"(?<![A-Za-z])(?i:prices?|futures|per barrel|per ounce|a barrel|an ounce)(?![A-Za-z])|"
    r"(?<![A-Za-z])(?i:rose|fell|gained|dropped|slid|jumped|climbed|lost|added)\s+\$?\d"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n]")
# A-share status marks written before a short name (*ST江特, ST舍得, XD万科) make it a stock name.
_STATUS_PREFIX = re.compile(r"(?<![A-Za-z])(?:\*?S?\*?ST|XD|XR|DR)$")
# A name the master keeps only with its status mark (text "ST开元", key 开元).
STATUS_MARKED = re.compile(r"^\*?S?\*?ST")
# An index name used for its exchange: 在纳斯达克上市, 纳斯达克挂牌.
EXCHANGE_USE = re.compile(r"(?:交易所)?(?:上市|挂牌|交易所|IPO)")

# Counter-cues: the ordinary reading of an ambiguous name. Keyed by the folded (lower-cased
# for Latin) name key; any match in the sentence vetoes the link, whatever the finance cues say.
COUNTER_CUES: dict[str, re.Pattern[str]] = {
    "甲骨文": re.compile("刻辞|殷墟|商代|文字|考古|汉字|甲骨学|卜辞|书法|龟甲|金文|出土"),
    "里昂": re.compile("法国|城市|足球|旅游|市长|球队|球迷|联赛|里昂站|大学|罗纳|巴黎|马赛"),
    "苹果": re.compile("水果|吃|种植|果园|斤|苹果汁|果汁|果农|苹果树|红富士|削|采摘|蔬菜|鲜果"),
    "小米": re.compile("粥|谷物|种植|杂粮|小米饭|亩|斤|煮|小麦|玉米|稻"),
    "平安": re.compile("平安夜|出入平安|保平安|平平安安|平安无事|报平安|祈福|健康"),
    "apple": re.compile(r"(?i)\b(?:pie|juice|orchards?|fruits?|cider|apples|eat|ate|tree)\b"),
    "target": re.compile(
        r"(?i)\b(?:price target|target(?:s|ed|ing)? (?:price|of|for|to|on|from|date|range|rate))\b"
    ),
}

# -- market hints --------------------------------------------------------------------------
# The cue words live with the other word lists (`lexicon.MARKET_CUES`) so that they are found in
# the one pass over the document that serves every list (`lexicon.market_cues`).
MARKET_CUES = re.compile("|".join(f"(?P<{k}>{v})" for k, v in lexicon.MARKET_CUES.items()))


def market_cues(folded: str) -> list[tuple[int, str]]:
    """(start, market) of every market cue in the text, in order: what `MARKET_CUES` finds, by
    an Aho-Corasick pass (leftmost-first, in the regex's order), several times faster."""
    return [(start, market) for start, _, market in lexicon.MARKET_CUE_FINDER.find_all(folded)]


# A sentence that opens a topic of its own: a news-flash headline (【…】) or a sector named at
# its start ("CRO板块早盘领跌，…"). A market named in the sentences before it (港股碳中和概念股
# 下挫。) is another item's: A-share sector talk names no market because it is the home market.
_TOPIC_VERBS = (
    "早盘|午后|盘中|尾盘|开盘|收盘|今日|今天|集体|全线|持续|再度|继续|大幅|走|领|涨|跌|拉|回|"
    "异动|活跃|表现|爆发|拉升|反弹|冲高"
)
NEW_TOPIC = re.compile(
    rf"\s*(?:【|[^，,。；;！!？?]{{1,12}}?(?:板块|概念股?|行业)[^，,。；;]{{0,4}}?(?:{_TOPIC_VERBS}))"
)
# How many sentences back a market named earlier in the paragraph still holds.
MARKET_CARRY_SENTENCES = 6

# -- roles ---------------------------------------------------------------------------------
_STOP = r"[^，,。；;！!？?\n]"
# Right after the mention: it publishes, says or estimates (摩根士丹利发表…报告, 高盛表示,
# "Morgan Stanley said", "Goldman analysts wrote").
SOURCE_AFTER = re.compile(
    rf"(?:的|\s)?(?:(?:发表|发布|公布|出具){_STOP}{{0,12}}?(?:报告|研报|研究|点评|评级|数据)"
    r"|(?:分析师|策略师|经济学家|研究员|首席|报告|研报|团队)"
    r"|(?:最新)?(?:表示|指出|认为|称|预计|预期|预测|估计|相信|写道|强调|发现|估算|测算|提到)"
    # Hong Kong usage: 高盛指，… (指 says; not 指数, 指标, 指引…).
    r"|指(?![数标引导定控])"
    # In a report: 高盛在报告中指, 摩根士丹利在周一发布的报告中指出, 瑞银于最新研报中表示.
    rf"|[在于]{_STOP}{{0,16}}?(?:报告|研报|研究|点评|笔记|文章|声明|简报)中?{_STOP}{{0,3}}?"
    r"(?:表示|指出?|认为|称|预计|预期|预测|估计|相信|写道|强调|提到))"
    r"|(?:'s)?\s+(?:analysts?\s+|strategists?\s+|economists?\s+|researchers?\s+)?"
    r"(?:said|says|wrote|writes|noted|notes|estimated?|estimates|expects?|predicts?|reported|"
    r"report|research|note|told)\b"
)
# Right before the mention: attribution (据高盛, 根据摩根士丹利, "according to Goldman",
# "analysts at Morgan Stanley").
SOURCE_BEFORE = re.compile(
    r"(?:据|根据|援引|引述|来自|转引)\s*$"
    r"|(?:according to|analysts? at|strategists? at|economists? at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# After the mention, within its clause (list separators such as 、 and 等大行 allowed): a verb
# acting on another entity: raising a target, rating, buying a stake.
ACTOR_VERB = re.compile(
    rf"{_STOP}{{0,40}}?(?:提高|上调|调高|下调|调低|降低|维持|给予|重申|首予|首次覆盖|上修|下修|"
    r"升级|降级|增持|减持|入股|收购|买入|卖出|看好|唱好|唱淡|看淡|"
    r"\b(?:raised|raises|cut|cuts|lowered|lowers|upgraded|upgrades|downgraded|downgrades|"
    r"reiterated|reiterates|initiated|initiates|maintained|maintains|boosted|bought|sold|"
    r"acquired|acquires)\b)"
)

# After a broker's name, in its clause: an analyst's action on a target or rating, which makes it
# an actor even when the company is named only in the sentences before (将目标价由720元上调至
# 760元, 上调目标价至, 维持「买入」评级, 重申增持评级, "raised its price target on the stock",
# "reiterated its buy rating"). Nothing passive may come before the verb: in 高盛获上调目标价 and
# 高盛的评级遭穆迪下调 the broker is the one acted on.
_ACTIVE = r"(?:(?![被遭获])[^，,。；;！!？?\n])"
_ANALYST_VERB_ZH = "提高|上调|调高|上修|调升|下调|调低|降低|下修|调降|维持|重申|给予|首予|予以"
_RATED = "目标价|目标股价|评级"
_ANALYST_VERB_EN = (
    r"raised|raises|lifted|lifts|boosted|boosts|hiked|hikes|cut|cuts|lowered|lowers|trimmed|"
    r"trims|slashed|slashes|reiterated|reiterates|reaffirmed|reaffirms|maintained|maintains|"
    r"kept|keeps|initiated|initiates|upgraded|upgrades|downgraded|downgrades"
)
ANALYST_ACTION_ZH = re.compile(
    rf"{_ACTIVE}{{0,12}}?(?:(?:{_ANALYST_VERB_ZH}){_ACTIVE}{{0,12}}?(?:{_RATED})"
    rf"|[将把]{_ACTIVE}{{0,8}}?(?:{_RATED}){_ACTIVE}{{0,16}}?(?:{_ANALYST_VERB_ZH}))"
)
ANALYST_ACTION_EN = re.compile(
    rf"(?:'s)?\s+(?:analysts?\s+)?(?:has\s+|have\s+)?(?:{_ANALYST_VERB_EN})\b"
    r"[^，,。；;！!？?\n.]{0,40}?\b(?:price target|target price|target|rating|coverage|"
    r"to (?:strong buy|buy|sell|hold|neutral|overweight|underweight|outperform|underperform|"
    r"equal[- ]weight))\b",
    re.IGNORECASE,
)


@dataclass
class SentenceIndex:
    """Sentences of a document, located by bisection, with their cues found on demand.

    Cue searches run only on sentences that hold a mention, once each (the caches live and die
    with this object, one per `link_mentions` call).
    """

    folded: str
    segments: Sequence[Segment]
    # The document `folded` comes from, when known: its market cues then come from the one
    # word-list pass over it (`lexicon.market_cues`) instead of a scan of their own.
    doc: Document | None = None
    starts: list[int] = field(init=False)
    # Filled on demand; set in __post_init__ rather than with field defaults so that the class
    # compiles to the same behaviour under mypyc.
    _finance: dict[int, bool] = field(init=False)
    _markets: dict[int, list[tuple[int, str]]] = field(init=False)
    _cue_starts: list[int] | None = field(init=False)
    _cue_markets: list[str] = field(init=False)
    _carried: dict[int, str | None] = field(init=False)
    _found: dict[tuple[re.Pattern[str], int], bool] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [s.start for s in self.segments]
        self._found = {}
        self._finance = {}
        self._markets = {}
        self._cue_starts = None
        self._cue_markets = []
        self._carried = {}

    def index_at(self, offset: int) -> int:
        """The index of the sentence holding `offset`, or of the one before a gap (-1: none)."""
        return bisect_right(self.starts, offset) - 1

    def bounds(self, index: int) -> tuple[int, int]:
        if index < 0:
            return 0, 0
        segment = self.segments[index]
        return segment.start, segment.end

    def has_finance_cue(self, offset: int) -> bool:
        index = self.index_at(offset)
        if index not in self._finance:
            start, end = self.bounds(index)
            folded = self.folded
            self._finance[index] = FINANCE_CUES.search(folded, start, end) is not None or (
                folded.find("$", start, end) >= 0
                and DOLLAR_PRICE.search(folded, start, end) is not None
            )
        return self._finance[index]

    def sentence_has(self, pattern: re.Pattern[str], offset: int) -> bool:
        """Whether `pattern` occurs in the sentence holding `offset`. Each pattern searches each
        sentence once, however many names there ask: a long sentence full of names would
        otherwise be searched once per name."""
        index = self.index_at(offset)
        found = self._found.get((pattern, index))
        if found is None:
            start, end = self.bounds(index)
            found = pattern.search(self.folded[start:end]) is not None
            self._found[(pattern, index)] = found
        return found

    def _market_cues(self, index: int) -> list[tuple[int, str]]:
        """The market cues of one sentence, cut from one scan of the whole text."""
        cues = self._markets.get(index)
        if cues is None:
            starts = self._cue_starts
            if starts is None:
                starts = self._cue_starts = self._find_market_cues()
            start, end = self.bounds(index)
            first = bisect_left(starts, start)
            last = bisect_left(starts, end, first)
            cues = list(zip(starts[first:last], self._cue_markets[first:last], strict=True))
            self._markets[index] = cues
        return cues

    def _find_market_cues(self) -> list[int]:
        """Every market cue of the text: sets their markets and returns where they start."""
        if self.doc is not None:
            found = lexicon.market_cues(self.doc)
            self._cue_markets = [market for _, _, market in found]
            return [position for position, _, _ in found]
        cues = market_cues(self.folded)
        self._cue_markets = [market for _, market in cues]
        return [position for position, _ in cues]

    def market_hint(self, start: int, end: int) -> str | None:
        """Nearest market cue before the mention in its sentence, else after it in the sentence,
        else the last cue of the sentences before it in the same paragraph (a market named once
        — 美股开盘，… — holds for the sentences that follow until another is named)."""
        index = self.index_at(start)
        if index < 0:
            return None
        cues = self._market_cues(index)
        if cues:
            before = None
            for position, market in cues:
                if position >= start:
                    if before is None and position >= end:
                        return market  # none before it: the first one after it
                    break
                before = market
            if before is not None:
                return before
            for position, market in cues:
                if position >= end:
                    return market
        return self._carried_market(index)

    def _carried_market(self, index: int) -> str | None:
        """The market named last in the sentences before `index` in the same paragraph: the
        same for every mention of a sentence, so found once per sentence."""
        if index in self._carried:
            return self._carried[index]
        found: str | None = None
        for previous in range(index - 1, max(-1, index - 1 - MARKET_CARRY_SENTENCES), -1):
            start_of_next = self.segments[previous + 1].start
            if NEW_TOPIC.match(self.folded, start_of_next, self.segments[previous + 1].end):
                break  # a sentence that opens its own topic takes no market from before
            gap_start = self.segments[previous].end
            if "\n" in self.folded[gap_start:start_of_next]:
                break  # a new paragraph
            cues = self._market_cues(previous)
            if cues:
                found = cues[-1][1]
                break
        self._carried[index] = found
        return found


# Right after a Latin company name: a possessive or a corporate verb or noun makes the name act as
# the company ("Apple's iPhone Sales", "Apple Unveils…", "Target beats estimates").
COMPANY_USE_AFTER = re.compile(
    r"(?:'s|’s)(?![A-Za-z])|\s+(?i:unveils?|launch(?:es|ed)?|reports?|reported|beats?|misses|"
    r"missed|cuts?|raises?|raised|says|said|shares|stock|inc\b|corp\b|acquires?|acquired|"
    r"buys|sells|announces?|announced|unveiled|posts|posted|tops|hires|sues|sued|expands|"
    r"invests|debuts|introduces|releases|plans|ceo|earnings|revenue|sales|profit|results|"
    r"stores?|suppliers?|execs?|executives?|tv)"
    r"(?![A-Za-z])"
)


def has_company_use_after(folded: str, end: int) -> bool:
    return COMPANY_USE_AFTER.match(folded, end, min(len(folded), end + 20)) is not None


def has_product_after(folded: str, end: int) -> bool:
    return PRODUCT_AFTER.match(folded, end, min(len(folded), end + 4)) is not None


def has_attached_cue(folded: str, end: int) -> bool:
    return ATTACHED_CUE.match(folded, end, min(len(folded), end + 8)) is not None


def is_amount_of_money(folded: str, start: int, end: int) -> bool:
    """ "5.89亿欧元", "人民币12.5亿元": the currency is a unit here, not an instrument."""
    if _AMOUNT_BEFORE.search(folded, max(0, start - 14), start):
        return True
    if _AMOUNT_WORD_BEFORE.search(folded, max(0, start - 4), start):
        return True
    return _AMOUNT_AFTER.match(folded, end, min(len(folded), end + 4)) is not None


def clause_around(folded: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str:
    """The comma-delimited clause holding [start, end) within its sentence."""
    left = sentence_start
    for match in _CLAUSE_BREAK.finditer(folded, sentence_start, start):
        left = match.end()
    return folded[left : clause_end(folded, end, sentence_end)]


def clause_end(folded: str, position: int, sentence_end: int) -> int:
    """Where the comma-delimited clause holding `position` ends, within its sentence."""
    match = _CLAUSE_BREAK.search(folded, position, sentence_end)
    return match.start() if match else sentence_end


def has_commodity_price_cue(name: str, clause: str) -> bool:
    """A price is talked about in the clause, or the name itself says futures (期金, 期银)."""
    return name.startswith("期") or COMMODITY_PRICE_CUE.search(clause) is not None


# An index, not the company sharing its name (Nasdaq, Dow): "the S&P 500 and the Nasdaq
# retreated", "Nasdaq futures", "the Dow lost 300 points", "纳斯达克指数跌1%".
INDEX_CUE = re.compile(
    r"S&P|标普|指数|股指|大盘|\d\s*点|"
    r"(?<![A-Za-z])(?i:points?|futures|index|indexes|indices|composite|industrial average|"
    r"benchmark|blue[- ]chips?)(?![A-Za-z])"
)
# "the Nasdaq", "the Dow": a company is never named with "the".
_THE_BEFORE = re.compile(r"(?<![A-Za-z])[Tt]he\s+$")
# The market moves the name: a move or a figure right after it ("Nasdaq closes higher", "Dow
# Rises Over 1%", "the Nasdaq 1.4%", "Nasdaq on a six-day winning streak")...
_MOVE_AFTER = re.compile(
    r"(?:'s)?\s+(?:composite\s+)?(?:"
    r"(?:fell|falls?|rose|rises?|gained|gains?|lost|loses|dropped|drops?|slid|slides?|slipped|"
    r"slips?|jumped|jumps?|climbed|climbs?|added|adds|advanced|advances?|retreated|retreats?|"
    r"declined|declines?|tumbled|tumbles?|rallied|rall(?:y|ies)|edged|edges?|ended|ends?|"
    r"closed|closes?|finished|finishes|surged|surges?|soared|soars?|sank|sinks?|plunged|"
    r"plunges?|dipped|dips?|rebounded|rebounds?|extended|extends?|hit|hits|snapped|snaps?|"
    r"reach(?:es|ed)?|scales?|scaled|lead(?:s|ing)?|led|lag(?:s|ged)?|trail(?:s|ed)?|"
    r"up|down|higher|lower|muted|flat|set to open|on track|"
    r"on an?\s+(?:[\w-]+\s+){0,2}(?:winning|losing)\s+streak)\b"
    r"|[-+]?\d[\d.,]*\s*(?:%|percent\b|points?\b|pts\b))",
    re.IGNORECASE,
)
# ... or something moves it: "lifting the Nasdaq", "megacaps lift Nasdaq", "dragged the Dow".
_MOVED_BY_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:lift|lifts|lifted|lifting|drag|drags|dragged|dragging|push|pushes|pushed|"
    r"pushing|pull|pulls|pulled|pulling|sent|send|sends|sending|help|helps|helped|helping|"
    r"power|powers|powered|powering|weigh on|weighs on|weighed on|weighing on|propel|propels|"
    r"propelled|knock|knocks|knocked|sink|sinks|sank|pressure|pressured)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Right after a name these make it the company: "Nasdaq Inc", "Dow Inc.", "Nasdaq said";
# right before it: "shares of Nasdaq".
_COMPANY_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:Inc|Corp|Ltd|said|says|announced|reported|shares|stock|expects|agreed|"
    r"agrees|plans|to buy|to acquire|price target)\b|'s\s+(?:chief|CEO|shares|stock|revenue|"
    r"earnings|profit)\b",
    re.IGNORECASE,
)
_COMPANY_BEFORE = re.compile(r"(?<![A-Za-z])(?i:shares|stock) of\s+$")
# The exchange a stock is listed or trades on is neither the index nor the company that runs
# it: "Nasdaq-listed", "Nasdaq stocks", "listed on the Nasdaq", "debuted on Nasdaq", "rose 1% on
# the Nasdaq", "on Nasdaq, decliners outnumbered advancers".
_EXCHANGE_AFTER = re.compile(
    r"[-\s](?:listed|listing|delisting)\b|\s+(?:stocks|companies|issues|listings)\b",
    re.IGNORECASE,
)
_EXCHANGE_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:listed|lists?|listing|debut(?:s|ed)?|trades?|traded|trading|quoted|"
    r"delist(?:s|ed|ing)?|floats?|floated|IPO)\s+|\d\s*%\s+|(?:^|[;:,.\n])\s*)"
    r"(?:on|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def index_or_company(
    folded: str, start: int, end: int, index_talk: bool, company_elsewhere: bool = False
) -> bool | None:
    """How a name shared by an index and a company (Nasdaq, Dow) reads here: True the index,
    False the company, None neither (the exchange a stock is listed on).

    The company where the words around it say so (Nasdaq Inc, shares of Nasdaq, Nasdaq said);
    the index where the sentence talks about indices (`index_talk`: `INDEX_CUE` is in it),
    where "the" stands before it, or where
    the market moves it (Nasdaq closes higher, lifting the Nasdaq); else the company. A company
    linked elsewhere in the text (`company_elsewhere`: its ticker) keeps a name the market moves.
    """
    after_end = min(len(folded), end + 30)
    if _EXCHANGE_AFTER.match(folded, end, after_end) or _EXCHANGE_BEFORE.search(
        folded, max(0, start - 20), start
    ):
        return None
    if _COMPANY_AFTER.match(folded, end, after_end) or _COMPANY_BEFORE.search(
        folded, max(0, start - 12), start
    ):
        return False
    if index_talk or _THE_BEFORE.search(folded, max(0, start - 5), start):
        return True
    return not company_elsewhere and index_moves(folded, start, end)


def index_moves(folded: str, start: int, end: int) -> bool:
    """The market moves the name: "Nasdaq closes higher", "lifting the Nasdaq 1.4%"."""
    return bool(
        _MOVE_AFTER.match(folded, end, min(len(folded), end + 30))
        or _MOVED_BY_BEFORE.search(folded, max(0, start - 16), start)
    )


def has_status_prefix(folded: str, start: int) -> bool:
    if start < 2 or folded[start - 1] not in "TDR":  # every mark ends so: ST, XD, XR, DR
        return False
    return _STATUS_PREFIX.search(folded, max(0, start - 5), start) is not None


def has_counter_cue(key: str, offset: int, index: SentenceIndex) -> bool:
    """True when the sentence holding `offset` reads the ambiguous name `key` in its ordinary
    sense."""
    pattern = COUNTER_CUES.get(key)
    return pattern is not None and index.sentence_has(pattern, offset)


def is_source(folded: str, start: int, end: int, sentence_start: int) -> bool:
    """The mention publishes, says or is cited (摩根士丹利发表报告, 据高盛, "Goldman said")."""
    if SOURCE_AFTER.match(folded, end, min(len(folded), end + 40)):
        return True
    window_start = max(sentence_start, start - 25)
    return bool(SOURCE_BEFORE.search(folded[window_start:start]))


def is_analyst_action(folded: str, end: int, sentence_end: int) -> bool:
    """An analyst's action on a target or rating follows the mention in its clause."""
    if end >= sentence_end:
        return False
    if folded[end] in " '":  # an English verb follows
        return ANALYST_ACTION_EN.match(folded, end, sentence_end) is not None
    # Every Chinese form names 目标(股)价 or 评级 within its reach: find one before the regex.
    reach = min(sentence_end, end + 40)
    if folded.find("目标", end, reach) < 0 and folded.find("评级", end, reach) < 0:
        return False
    return ANALYST_ACTION_ZH.match(folded, end, sentence_end) is not None


def acting_verb_end(folded: str, end: int, sentence_end: int) -> int | None:
    """Where an acting verb after the mention ends (提高…目标价 on another), if there is one."""
    match = ACTOR_VERB.match(folded, end, sentence_end)
    return match.end() if match else None
