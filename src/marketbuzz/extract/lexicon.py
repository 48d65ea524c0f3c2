"""Shared word lists for events, themes and sentiment, written once in Simplified/ASCII form.

Every list here is matched against folded text (see `marketbuzz.text.fold`), so a Simplified
entry also matches the Traditional spelling. Latin entries are matched case-insensitively with
word boundaries unless they are in an acronym table (AI, EV, GPU), which keep their casing so
"ai" inside a word or a sentence like "I said" never counts.

Weights in the sentiment tables are rough strengths: 1 for an ordinary tone word, 2 for a strong
one (暴涨, plunge, 垃圾股). Negators flip and intensifiers scale the next tone word.

Every word list a stage scans a whole document for is found in ONE Aho-Corasick pass
(`MultiFinder`) over the lowered text, once per document: the event trigger anchors, speech
words and theme words (`document_words(doc)`), the tone words (`tone_words`), the moves stage's
anchors (`move_anchors`) and the linker's market cues (`market_cues`, also listed here). Each
stage reads its own list, exactly what its own automaton would have found; each call of the
Rust automaton has a fixed cost (text conversion, releasing the GIL), so one pass instead of
four saves most of that.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

from ahocorasick_rs import AhoCorasick, MatchKind

from marketbuzz.document import Document

T = TypeVar("T")

_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """`text` lower-cased with the same length, so offsets stay valid.

    str.lower() is fast but may lengthen a few characters (İ); then only A-Z are lowered.
    Case changes of other non-CJK letters do not matter: every word list is ASCII or CJK.
    """
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _is_word_char(char: str) -> bool:
    return char in _WORD_CHARS  # ASCII letters and digits


class WordFinder(Generic[T]):
    """Leftmost-longest matches of a fixed word list, by one Aho-Corasick pass in Rust
    (ahocorasick-rs).

    Much faster than a regex alternation of hundreds of words. Latin words only match whole
    (no ASCII letter or digit on either side; with `prefixes`, only the left side is checked so
    "launch" also finds "launched"). With `case_sensitive` False the caller passes text that went
    through `ascii_lower` (or `Document.lowered`). Only Latin-edged words pay for the boundary
    check, so a Chinese match costs one tuple.
    """

    def __init__(
        self,
        words: Mapping[str, T],
        *,
        case_sensitive: bool = False,
        prefixes: bool = False,
        whole_words: bool = True,
        leftmost_first: bool = False,
    ) -> None:
        keys: dict[str, T] = {}
        for word, value in words.items():
            key = word if case_sensitive else ascii_lower(word)
            if key and not (leftmost_first and key in keys):  # leftmost-first: the first wins
                keys[key] = value
        self._keys = list(keys)
        self._values = list(keys.values())
        self.case_sensitive = case_sensitive
        # Leftmost-first (the earliest key in `words` wins where several start together, as in
        # a regex alternation) instead of leftmost-longest.
        self.leftmost_first = leftmost_first
        # Per key: must the character before / after the match not be a word character?
        # (`whole_words` False: never; the caller checks what it needs itself.)
        self._left = [whole_words and _is_word_char(key[0]) for key in self._keys]
        self._right = [
            whole_words and _is_word_char(key[-1]) and not prefixes for key in self._keys
        ]
        kind = MatchKind.LeftmostFirst if leftmost_first else MatchKind.LeftmostLongest
        # The default automaton, not a DFA: a DFA scans a third faster in a tight loop but its
        # tables fall out of the CPU caches between articles, and in the pipeline it is slower.
        self._automaton = AhoCorasick(self._keys, matchkind=kind) if self._keys else None

    def find_all(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, value) for each whole-word match in `text`, in text order."""
        if self._automaton is None or not text:
            return []
        return self._kept(text, self._automaton.find_matches_as_indexes(text))

    def _kept(self, text: str, matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, T]]:
        """(start, end, value) for the (key index, start, end) matches that are whole words."""
        values = self._values
        return [
            (start, end, values[index])
            for index, start, end in matches
            if self._whole_word(text, index, start, end)
        ]

    def _whole_word(self, text: str, index: int, start: int, end: int) -> bool:
        """Key `index` matched at [start, end) is not glued to a word character on a side
        where it must stand alone."""
        if self._left[index] and start > 0 and text[start - 1] in _WORD_CHARS:
            return False
        return not (self._right[index] and end < len(text) and text[end] in _WORD_CHARS)

    def _chosen(
        self, text: str, candidates: Iterable[tuple[int, int, int, int, int]]
    ) -> list[tuple[int, int, T]]:
        """What `find_all(text)` gives, from every occurrence of the keys in `text` as sorted
        (finder, start, rank, key index, end) (see `MultiFinder.find_each`): the first match not
        overlapping the one chosen before is the automaton's next; then only whole words stay
        (a match dropped there still hides the shorter ones inside it, as in `find_all`)."""
        found: list[tuple[int, int, T]] = []
        values = self._values
        position = 0
        for _, start, _, index, end in candidates:
            if start < position:
                continue
            position = end
            if self._whole_word(text, index, start, end):
                found.append((start, end, values[index]))
        return found

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int, T]]:
        """(start, end, value) for each match inside text[start:end]; the boundary checks
        look at the characters just outside the window too."""
        stop = len(text) if end is None else min(end, len(text))
        if self._automaton is None or start >= stop:
            return
        left, right, values = self._left, self._right, self._values
        size = len(text)
        for index, found_start, found_end in self._automaton.find_matches_as_indexes(
            text[start:stop]
        ):
            low, high = found_start + start, found_end + start
            if left[index] and low > 0 and text[low - 1] in _WORD_CHARS:
                continue
            if right[index] and high < size and text[high] in _WORD_CHARS:
                continue
            yield low, high, values[index]


class MultiFinder:
    """Several `WordFinder`s in one Aho-Corasick pass: `find_all(lowered, folded)` gives, per
    finder, the very list that finder's own `find_all` gives (on `lowered` for a case-blind
    finder, on `folded` for a case-sensitive one).

    A call of the Rust automaton costs a fixed few thousand instructions (text conversion,
    releasing the GIL, offsets back to characters) besides its matching, so one pass for every
    word list of a document is cheaper than one per list. The pass finds every occurrence of
    every key (overlapping ones too) in the lowered text; a case-sensitive finder keeps those
    whose folded text is its key as written; then each finder makes its leftmost-longest (or
    leftmost-first) choice from its own keys' occurrences, which are few in news text.
    """

    def __init__(self, finders: Sequence[WordFinder[Any]]) -> None:
        self._finders = tuple(finders)
        # Lowered key -> its finders: (finder, key index, the key as written when the folded
        # text must be checked: a case-sensitive key with a letter in it, else None, and
        # whether that finder chooses leftmost-first). A key without letters (Chinese, digits,
        # "&") needs no check: lower-casing changes no character into one of those.
        owners: dict[str, list[tuple[int, int, str | None, bool]]] = {}
        for which, finder in enumerate(self._finders):
            for index, key in enumerate(finder._keys):
                written = key if finder.case_sensitive and key.lower() != key.upper() else None
                owner = (which, index, written, finder.leftmost_first)
                owners.setdefault(ascii_lower(key), []).append(owner)
        self._owners = [tuple(found) for found in owners.values()]
        self._automaton = AhoCorasick(list(owners)) if owners else None

    def find_all(self, lowered: str, folded: str | None = None) -> list[list[tuple[int, int, Any]]]:
        """Per finder, its matches; `lowered` is `folded` through `ascii_lower` (the same
        length), and `folded` (default: `lowered`) is what case-sensitive finders read."""
        found = self.find_each(lowered, folded)
        return [found.get(which, []) for which in range(len(self._finders))]

    def find_each(self, lowered: str, folded: str | None = None) -> dict[int, list[Any]]:
        """`find_all`, as {finder index: its matches} for the finders that have any (no empty
        lists to build for the others)."""
        if self._automaton is None or not lowered:
            return {}
        occurrences = self._automaton.find_matches_as_indexes(lowered, overlapping=True)
        if not occurrences:
            return {}
        written_text = lowered if folded is None else folded
        # (finder, start, rank, key index, end): sorted, each finder's occurrences come
        # together, the match its own automaton reports first leading: rank -end for
        # leftmost-longest, the key's index for leftmost-first.
        candidates: list[tuple[int, int, int, int, int]] = []
        owners = self._owners
        for key, start, end in occurrences:
            for which, index, written, first in owners[key]:
                if written is None or written_text[start:end] == written:
                    candidates.append((which, start, index if first else -end, index, end))
        candidates.sort()
        found: dict[int, list[Any]] = {}
        finders = self._finders
        for which, group in groupby(candidates, _FINDER_OF):
            finder = finders[which]
            found[which] = finder._chosen(written_text if finder.case_sensitive else lowered, group)
        return found


_FINDER_OF = itemgetter(0)


# -- sentence lookup ------------------------------------------------------------------------

# Sorts after every (start, end) pair with the same start: `bisect_right` with (offset,
# _LAST) finds the last sentence starting at or before offset, comparing tuples in C.
_LAST = sys.maxsize


def sentence_of(sentences: Sequence[tuple[int, int]], offset: int) -> int | None:
    """Index of the sentence (start, end) holding `offset`, like `Document.sentence_index`, by
    bisection on the (start, end) pairs themselves; None between sentences."""
    index = bisect_right(sentences, (offset, _LAST)) - 1
    return index if index >= 0 and offset < sentences[index][1] else None


def _weights(table: str) -> dict[str, float]:
    """Parse "word word:1.5 ..." (weight 1 when not given) into a mapping."""
    weights: dict[str, float] = {}
    for item in table.split():
        word, _, weight = item.partition(":")
        weights[word] = float(weight) if weight else 1.0
    return weights


# -- sentiment ------------------------------------------------------------------------------

POSITIVE_ZH: Mapping[str, float] = _weights(
    """
    涨:0.6 上涨 大涨:1.5 暴涨:2 狂涨:2 飙升:2 飙涨:2 急涨:1.5 涨停:2 涨停板:2 封板:1.5
    一字板:1.5 连板:1.5 拉升:1.2 走高 攀升 上扬 反弹:0.8 回升:0.8 新高:1.2 创新高:1.5 翻倍:1.5
    起飞:1.5 主升:1.5 主升浪:1.5 突破 走强 强势 领涨:1.2 红盘:0.8 收涨 高开:0.8 上车 抄底:0.8
    加仓 满仓 抢筹:1.2 建仓:0.8 买入:0.6 持有:0.5 拿住 坚定持有:1.5 吸筹 爆发:1.2 大阳线:1.2
    阳线:0.6 牛:0.8 牛市:1.2 牛股:1.2 牛逼:1.5 龙头:0.8 妖股:0.5 续涨 继续涨 要涨 能涨 看好:1.2
    看多:1.2 利好:1.5 重大利好:2 超预期:1.5 超出预期:1.5 好于预期:1.2 增长:0.8 大增:1.2
    高增长:1.2 盈利:0.6 扭亏:1.2 改善:0.8 回暖 复苏 稳健:0.6 强劲 有望:0.8 受益 机会:0.5
    机遇:0.6 价值:0.4 低估:0.8 潜力:0.8 前景:0.4 优质:0.8 提高目标价:1.5 上调目标价:1.5
    上调评级:1.5 增持:0.8 流入:0.6 净流入:0.8 中标 签约:0.6 获批 分红:0.6 回购:0.8 荣登 领先:0.8
    第一:0.4 进展:0.5 进展很快 利润增长:1.2 放量上涨:1.5 期待:0.8 放心:0.8 加油:0.8 稳了 赚 赚钱
    大赚:1.5 厚报:1.2 好股 好票 优秀 不错 惊喜 哈哈:0.5 坚决:0.4 大胆:0.4 有戏 看涨:1.2
    强烈推荐:1.5 推荐:0.8 坚持:0.6 王者归来:1.5 强势回归:1.5 反攻 补仓:0.5 买进:0.8 春天
    来了:0.3 目标价:0.6 目标:0.4 复产:0.8 感谢:0.6 信心:0.8 收益:0.6 稳:0.6 冲:0.6 抢筹码
    必涨:1.5 大牛:1.5 解套:0.4 小赚:0.8 盈利了 好消息:1.2 喜讯:1.2 吃肉 低吸:0.8 布局:0.6
    开启:0.4 上攻 冲高:0.6 站稳 企稳:0.8 见底:0.8 底部:0.5 空间巨大:1.2 潜力股:1.2 价值投资:0.6
    成长:0.5
"""
)

NEGATIVE_ZH: Mapping[str, float] = _weights(
    """
    跌:0.6 下跌 大跌:1.5 暴跌:2 崩跌:2 崩盘:2 狂跌:2 急跌:1.5 跳水:1.5 跌停:2 跌停板:2 闪崩:2
    阴跌:1.5 下挫 下滑 走低 回落:0.8 回调:0.6 跌破:1.2 跌落 新低:1.2 创新低:1.5 腰斩:2 走弱
    领跌:1.2 收跌 低开:0.8 绿盘:0.8 大阴线:1.2 阴线:0.6 破位:1.2 套牢:1.5 被套:1.5 割肉:1.5 清仓
    出货 砸盘:1.5 抛售:1.2 抛压 拋售:1.2 熊:0.8 熊市:1.2 杀跌:1.5 再跌 跌跌 跌到:0.8 跑了:0.8
    逃命:1.5 失守:1.2 终结:0.6 拖累 承压 重挫:1.5 挫:0.6 萎靡 低迷 疲软 暴雷:2 利空:1.5 看空:1.2
    看跌:1.2 不及预期:1.5 低于预期:1.2 逊于预期:1.2 逊色:1.2 亏损:1.2 巨亏:2 亏:0.8 亏钱:1.2
    下降:0.8 减少:0.6 萎缩 恶化:1.2 衰退:1.2 危机:1.2 风险:0.6 泡沫 恐慌:1.2 担忧 忧虑 担心:0.8
    警告 违规:1.2 违法:1.5 非法:1.2 处罚:1.2 罚款:1.2 调查:0.6 立案:1.5 退市:2 爆仓:2 违约:1.5
    减持:0.8 流出:0.6 净流出:0.8 下调目标价:1.5 下调评级:1.5 降级:1.2 关门:0.8 停摆 通胀:0.4
    过时:0.8 拋:0.5 减记:1.2 破坏 垃圾:2 垃圾股:2 韭菜:1.2 割韭菜:1.5 忽悠:1.5 骗:1.5 骗子:2
    坑:1.2 坑人:1.5 浪费 假的 完了 惨:1.2 惨烈:1.5 崩:1.2 绝望:1.5 不涨 没救:1.5 垃圾公司:2
    庄家:0.5 滚 失望:1.2 后悔 被骗:1.5 妈的 狗庄:1.5 割:0.6 跑路:1.5 可耻:1.5 无耻:1.5
    扛不住:1.2 可惜:0.8 鸡肋:1.2 烂:1.2 向下:0.8 打压 跌跌不休:2 不可能:0.6 赔 避让 远离:1.2
    杀:0.8 弱:0.8 倒霉:1.2 心痛:1.2 亏完:1.5 悲哀:1.2 砸 绿:0.5 气死:1.2 坑爹:1.5 太弱:1.2
    没希望:1.5 套我:1.2 套住:1.2 不行 差劲:1.2 垃圾票:2 烂票:1.5 跌成 被割:1.5 完犊子:1.5
    回本:0.4 难受:1.2 下探:0.8 压盘 洗劫:1.5 白干:1.2
"""
)

POSITIVE_EN: Mapping[str, float] = _weights(
    """
    rise:0.8 rises:0.8 rose:0.8 gain:0.8 gains:0.8 gained:0.8 climb:0.8 climbs:0.8 climbed:0.8
    jump:1.2 jumps:1.2 jumped:1.2 surge:1.5 surges:1.5 surged:1.5 soar:2 soars:2 soared:2
    rally:1.2 rallies:1.2 rallied:1.2 rallying:1.2 advance:0.8 advanced:0.8 rebound:0.8
    rebounded:0.8 up:0.5 higher:0.6 record:0.6 beat:1.2 beats:1.2 topped exceeded outperform:1.2
    outperformed:1.2 upgrade:1.2 upgraded:1.2 upgrades:1.2 boom:1.2 strong stronger:0.8
    robust:0.8 growth:0.6 grew:0.6 profit:0.5 profitable:0.8 bullish:1.2 optimism optimistic
    positive:0.8 improve:0.8 improved:0.8 improvement:0.8 boost:0.8 boosted:0.8 win:0.8 wins:0.8
    won:0.8 approval:0.8 approved:0.8 inflows:0.6 buy:0.5 outperformance recovery:0.8
    recovered:0.8 best:0.8 highs:0.6 high:0.4 benefit:0.6 benefited:0.6 raised:0.4 raises:0.4
    success:0.8 successful:0.8 expand:0.5 expanded:0.5 surpassed upbeat bolstered:0.8 lifted:0.8
    accelerate:0.6 accelerated:0.6 dividend:0.4 buyback:0.6 overweight:0.8 green:0.3
"""
)

NEGATIVE_EN: Mapping[str, float] = _weights(
    """
    fall:0.8 falls:0.8 fell:0.8 falling:0.8 drop:0.8 drops:0.8 dropped:0.8 decline:0.8
    declines:0.8 declined:0.8 slide slid slump:1.5 slumped:1.5 plunge:2 plunged:2 plunges:2
    tumble:1.5 tumbled:1.5 sink:1.2 sank:1.2 crash:2 crashed:2 lower:0.6 down:0.5 loss losses
    lost:0.8 miss:1.2 missed:1.2 misses:1.2 weak weaker weakness downgrade:1.2 downgraded:1.2
    downgrades:1.2 cut:0.6 cuts:0.6 slashed:1.2 warning warned warns bearish:1.2 pessimism
    concern:0.8 concerns:0.8 fear fears risk:0.5 risks:0.5 lawsuit probe investigation:0.8
    fine:0.3 fined:1.2 penalty bankruptcy:2 default:1.5 layoffs recession:1.2 inflation:0.4
    selloff:1.5 sell-off:1.5 underperform:1.2 underperformed:1.2 disappointing:1.2
    disappointed:1.2 worst:1.2 lows:0.6 slowdown slowed:0.6 shutdown outflows:0.6 pressure:0.6
    hurt hit:0.6 hits:0.6 red:0.3 negative:0.8 volatile:0.5 struggle struggled struggling
    shortfall:1.2 dragged drag:0.8 worse bubble scandal:1.5 fraud:2 tariff:0.5 tariffs:0.5
    retreated:0.8 retreat:0.8 eased:0.5 losing:0.8 underweight:0.8 sell:0.5 halted:0.8
    suspended:0.8 delisted:1.5
"""
)

# A negator within a few characters before a tone word flips it: 不看好, 未能上涨, not strong.
# (Annotated: the compiled build, see setup.py, cannot infer these across modules.)
NEGATORS_ZH: tuple[str, ...] = (
    "不",
    "没",
    "没有",
    "未",
    "未能",
    "无",
    "别",
    "非",
    "难以",
    "不会",
    "不再",
    "不能",
)
NEGATORS_EN: tuple[str, ...] = (
    "not",
    "no",
    "never",
    "n't",
    "without",
    "neither",
    "nor",
    "hardly",
    "fails to",
)
# Scale the next tone word: 大幅上涨 counts more than 上涨.
INTENSIFIERS_ZH: Mapping[str, float] = _weights(
    """
    大幅:1.5 暴:1.3 非常:1.5 极:1.5 极其:1.7 十分:1.4 特别:1.4 很:1.3 太:1.4 更:1.2 明显:1.3
    显著:1.4 严重:1.5 持续:1.2 小幅:0.6 略:0.6 略微:0.6 稍:0.6 微:0.6 一度:0.9
"""
)
INTENSIFIERS_EN: Mapping[str, float] = _weights(
    """
    very:1.4 sharply:1.5 significantly:1.4 strongly:1.4 deeply:1.4 slightly:0.6 modestly:0.7
    marginally:0.6 extremely:1.7 much:1.2
"""
)
# Words that keep a sentence hedged: the tone is still counted but weaker.
HEDGES: tuple[str, ...] = ("如果", "若", "假如", "可能", "或许", "if ", "may ", "might ", "could ")


# -- themes -------------------------------------------------------------------------------

THEMES_ZH: Mapping[str, tuple[str, ...]] = {
    "ai": (
        "人工智能",
        "人工智慧",
        "大模型",
        "生成式",
        "算力",
        "智能体",
        "机器学习",
        "深度学习",
        "通义千问",
        "文心一言",
        "豆包",
        "AI芯片",
        "AI服务器",
        "多模态",
        "开源模型",
        "语言模型",
    ),
    "semiconductors": (
        "芯片",
        "半导体",
        "晶圆",
        "晶片",
        "光刻",
        "制程",
        "存储芯片",
        "封测",
        "台积电",
        "中芯",
        "晶体管",
    ),
    "data_centers": (
        "数据中心",
        "资料中心",
        "数据中心支出",
        "智算中心",
        "服务器",
        "机柜",
        "液冷",
        "冷却系统",
    ),
    "big_tech": (
        "大型科技",
        "科技股",
        "科技巨头",
        "科技龙头",
        "七巨头",
        "美股七雄",
        "大型科技公司",
    ),
    "ev": (
        "电动车",
        "电动汽车",
        "新能源车",
        "新能源汽车",
        "动力电池",
        "锂电",
        "充电桩",
        "自动驾驶",
        "智能驾驶",
    ),
    "crypto": ("加密货币", "比特币", "以太坊", "数字货币", "虚拟货币", "稳定币", "区块链", "币圈"),
    "cloud": ("云计算", "云服务", "云业务", "云利润", "公有云", "阿里云", "腾讯云", "云端"),
    "e_commerce": ("电商", "网购", "电子商务", "双十一", "双11", "外卖", "即时零售"),
    "banking": ("银行", "银行股", "净息差", "存款", "贷款", "信贷"),
    "energy": ("原油", "石油", "油价", "天然气", "能源股", "煤炭", "布伦特", "欧佩克", "OPEC"),
    "gold": ("黄金", "金价", "期金", "白银", "银价", "期银", "贵金属", "现货金"),
    "rates": (
        "收益率",
        "美债",
        "国债",
        "利率",
        "加息",
        "降息",
        "联储",
        "美联储",
        "议息",
        "基准利率",
        "LPR",
    ),
    "china_equities": (
        "中概股",
        "中概指数",
        "中资股",
        "A股",
        "港股",
        "恒指",
        "恒生指数",
        "沪指",
        "上证",
        "深成指",
        "创业板",
        "科创板",
        "中国股市",
    ),
    "fund_flows": (
        "资金流入",
        "资金流出",
        "净流入",
        "净流出",
        "被动基金",
        "主动基金",
        "北向资金",
        "南向资金",
        "外资流入",
        "增持",
        "减持",
        "长仓基金",
        "累计流入",
        "累计流出",
    ),
    "macro": (
        "通胀",
        "通胀预期",
        "政府关门",
        "非农",
        "CPI",
        "PPI",
        "GDP",
        "经济成长",
        "经济增长",
        "经济衰退",
        "失业率",
        "PMI",
        "关税",
        "宏观",
    ),
}

THEMES_EN: Mapping[str, tuple[str, ...]] = {
    "ai": (
        "artificial intelligence",
        "generative ai",
        "large language model",
        "openai",
        "chatgpt",
        "machine learning",
        "ai model",
        "ai models",
        "llm",
        "llms",
    ),
    "semiconductors": (
        "chip",
        "chips",
        "chipmaker",
        "chipmakers",
        "semiconductor",
        "semiconductors",
        "wafer",
        "wafers",
        "foundry",
        "tsmc",
    ),
    "data_centers": (
        "data center",
        "data centers",
        "data centre",
        "data centres",
        "datacenter",
        "datacenters",
        "hyperscaler",
        "hyperscalers",
    ),
    "big_tech": (
        "big tech",
        "megacap",
        "megacaps",
        "mega-cap",
        "magnificent seven",
        "tech giants",
        "tech stocks",
        "technology stocks",
    ),
    "ev": ("electric vehicle", "electric vehicles", "electric car", "electric cars"),
    "crypto": (
        "crypto",
        "cryptocurrency",
        "cryptocurrencies",
        "bitcoin",
        "ether",
        "ethereum",
        "stablecoin",
        "stablecoins",
        "blockchain",
    ),
    "cloud": ("cloud", "cloud computing", "aws", "azure"),
    "e_commerce": ("e-commerce", "ecommerce", "online retail", "online shopping"),
    "banking": ("bank", "banks", "banking", "lender", "lenders"),
    "energy": ("oil", "crude", "brent", "natural gas", "opec", "energy stocks"),
    "gold": ("gold", "silver", "bullion", "precious metals"),
    "rates": (
        "treasury yields",
        "yields",
        "bond yields",
        "interest rates",
        "rate cut",
        "rate cuts",
        "rate hike",
        "rate hikes",
        "federal reserve",
        "fed",
    ),
    "china_equities": (
        "chinese stocks",
        "china stocks",
        "hang seng",
        "a-shares",
        "csi 300",
        "golden dragon",
        "chinese equities",
        "china equities",
    ),
    "fund_flows": (
        "inflows",
        "outflows",
        "fund flows",
        "net inflow",
        "net outflow",
        "passive funds",
        "active funds",
    ),
    "macro": (
        "inflation",
        "government shutdown",
        "nonfarm payrolls",
        "payrolls",
        "gdp",
        "recession",
        "unemployment",
        "consumer prices",
    ),
}
# Acronyms that count only in their capital form with no letters around them.
THEMES_ACRONYMS: Mapping[str, tuple[str, ...]] = {
    "ai": ("AI", "AIGC", "AGI", "GPU", "GPUs", "LLM"),
    "semiconductors": ("GPU", "GPUs", "HBM", "DRAM", "NAND", "ASIC"),
    "ev": ("EV", "EVs"),
    "crypto": ("BTC", "ETH"),
    "macro": ("CPI", "PPI", "GDP", "PMI"),
}


# -- event triggers -------------------------------------------------------------------------

# Literal anchors for the event trigger patterns (`events._TRIGGERS`), found in one
# Aho-Corasick pass over the whole text; the patterns themselves then run only inside the
# sentences that hold an anchor. Latin anchors are prefixes ("launch" finds "launched").
_EVENT_ANCHORS: dict[str, str] = {
    "target": "目标价 目标股价 price target target price",
    "rating": "评级 首予 首次覆盖 upgrade downgrade initiat reiterat maintain rates rated rating",
    "flow": "流入 流出 增持 减持 加仓 减仓 权重增幅 权重降幅 净买 净卖 净沽 净购 inflow outflow"
    " bought a net purchased a net sold a net net buy net bought net purchas net sell net sold",
    "stake": "入股 持股 参股 注资 战略投资 收购 购入 stake",
    "launch": "发布 推出 开源 上线 首发 launch unveil releas rolls out rolled out roll out debut",
    "earnings": "业绩 利润 盈利 营收 营业收入 净利 毛利 财报 亏损 季报 年报 每股收益"
    " 季绩 盈警 盈喜 季收入 年收入 季度收入"
    " earnings profit revenue margin quarterly results eps guidance",
    "ranking": "荣登 登顶 榜首 排行榜 榜单 排名第 位列第 位居第 leaderboard tops the topped the"
    " top the ranked " + " ".join(f"第{n}名" for n in [*"一二三四五六七八九十", *range(1, 21)]),
    "macro": "通胀 通货膨胀 cpi 消费者物价 政府关门 政府停摆 shutdown 加息 降息 rate hike rate cut"
    " 非农 nonfarm payrolls 失业率 unemployment rate pmi gdp增 经济增长 经济成长 economic growth"
    " 关税 tariff 议息 fomc 衰退 recession inflation",
    "comparison": "比喻 比作 类比 好比 堪比 类似于 相似之处 如出一辙 翻版 liken compar"
    " reminiscent of akin to",
}
_MULTIWORD_ANCHORS = (
    "price target",
    "target price",
    "rolls out",
    "rolled out",
    "roll out",
    "quarterly results",
    "tops the",
    "topped the",
    "top the",
    "rate hike",
    "rate cut",
    "unemployment rate",
    "economic growth",
    "reminiscent of",
    "akin to",
    # Net buying and selling: "… a net" first, so that "purchased a net" is not cut down by
    # "net …" when the phrases are taken out of the word list.
    "bought a net",
    "purchased a net",
    "sold a net",
    "net buy",
    "net bought",
    "net purchas",
    "net sell",
    "net sold",
)


def _event_anchor_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for kind, words in _EVENT_ANCHORS.items():
        text = words
        phrases = [p for p in _MULTIWORD_ANCHORS if p in text]
        for phrase in phrases:
            text = text.replace(phrase, " ")
        for word in [*text.split(), *phrases]:
            table[word] = (*table.get(word, ()), kind)
    return table


# Anchor word -> the event kinds it may trigger.
EVENT_TRIGGERS: Mapping[str, tuple[str, ...]] = _event_anchor_table()


# -- speech words (claims) ------------------------------------------------------------------

# Words without which a sentence names no speaker, with the attribution patterns they can
# start (bits): a speech verb after a speaker, 据/根据 "according to", and the English twins.
SPEAKS_ZH, ACCORDING_ZH, SPEAKS_EN, ACCORDING_EN = 1, 2, 4, 8
SPEECH_VERBS_ZH = (
    *("表示", "认为", "估算", "估计", "指出", "预计", "预测", "测算", "计算", "坦言"),
    *("强调", "透露", "写道", "提到", "发现", "警告", "直言", "称", "说"),
)
SPEECH_WORDS: Mapping[str, int] = {
    **dict.fromkeys(SPEECH_VERBS_ZH, SPEAKS_ZH),
    **dict.fromkeys(("根据", "据", "按照", "依据"), ACCORDING_ZH),
    **dict.fromkeys(
        (
            *("said", "says", "estimat", "noted", "notes", "wrote", "writes", "argue"),
            *("predict", "expect", "believe", "calculat", "told"),
        ),
        SPEAKS_EN,
    ),
    "according to": ACCORDING_EN,
    "per ": ACCORDING_EN,
}


def _theme_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {}
    for table in (THEMES_ZH, THEMES_EN):
        for theme, theme_words in table.items():
            for word in theme_words:
                key = word.lower()
                words[key] = (*words.get(key, ()), theme)
    return words


# Theme word (lower case) -> the themes it supports.
THEME_WORDS: Mapping[str, tuple[str, ...]] = _theme_words()


# -- market cues (linker) ------------------------------------------------------------------

# Words that name a stock market, matched as written (case-sensitive, no word boundaries),
# leftmost-first in this order, which finds what the regex alternation `link.context.MARKET_CUES`
# finds.
MARKET_CUES: Mapping[str, str] = {
    "US": r"美股|纽约|华尔街|纳斯达克|纳指|道指|道琼斯|标普|纽交所|美国股市|中概股|"
    r"Nasdaq|NASDAQ|NYSE|Wall Street|Dow Jones|S&P 500|U\.S\. stocks|US stocks",
    "HK": r"港股|恒指|恒生|香港|港交所|联交所|Hang Seng|HKEX|Hong Kong",
    "CN": r"A股|沪深|上证|深证|沪指|深成指|创业板|科创板|沪市|深市|上交所|深交所|北交所|"
    r"Shanghai|Shenzhen|A-shares?",
}
MARKET_CUE_FINDER: WordFinder[str] = WordFinder(
    {
        word.replace("\\.", ".").removesuffix("s?"): market
        for market, alternatives in MARKET_CUES.items()
        for word in alternatives.split("|")
    },
    case_sensitive=True,
    whole_words=False,
    leftmost_first=True,
)


# -- role titles (claims), earnings tone words (events), theme acronyms (themes) -------------

# Role words after which a short Chinese name may speak (分析师X表示); found anywhere, as
# written ("CEO" in capitals). No title holds another or overlaps one (the end of one is never
# the start of another), so their leftmost-longest matches are all their occurrences.
ROLE_TITLES: tuple[str, ...] = (
    *("创办人", "创始人", "分析师", "首席执行官", "CEO", "总裁", "经济学家", "策略师", "主席"),
    *("董事长", "总经理", "行长", "发言人", "基金经理", "研究员", "教授"),
)
ROLE_TITLE_FINDER: WordFinder[int] = WordFinder(
    dict.fromkeys(ROLE_TITLES, 0), case_sensitive=True, whole_words=False
)
# Earnings tone words, in the order a regex alternation tries them (leftmost-first): value
# True for a bad word, False for a good one. All Chinese: none crosses a sentence end.
EARNINGS_BAD_ZH: tuple[str, ...] = (
    *("逊色", "逊于", "不及预期", "低于预期", "未达预期", "下滑", "下降", "下跌", "亏损扩大"),
    *("减少", "萎缩", "承压", "恶化", "大减", "暴跌", "预警"),
    # Hong Kong usage: 盈警 (a profit warning), 遜預期 / 差過預期 (worse than expected).
    *("盈警", "逊预期", "差过预期"),
)
EARNINGS_GOOD_ZH: tuple[str, ...] = (
    *("超预期", "超出预期", "好于预期", "高于预期", "增长", "上升", "大增", "创新高", "扭亏"),
    *("亏损收窄", "改善", "强劲", "飙升"),
    # Hong Kong usage: 盈喜 (a positive profit alert), 勝預期 / 好過預期 (better than expected).
    *("盈喜", "胜预期", "好过预期"),
)
EARNINGS_TONE_FINDER: WordFinder[bool] = WordFinder(
    {**dict.fromkeys(EARNINGS_BAD_ZH, True), **dict.fromkeys(EARNINGS_GOOD_ZH, False)},
    whole_words=False,
    leftmost_first=True,
)


def _acronym_themes() -> dict[str, tuple[str, ...]]:
    themes: dict[str, tuple[str, ...]] = {}
    for theme, words in THEMES_ACRONYMS.items():
        for word in words:
            themes[word] = (*themes.get(word, ()), theme)
    return themes


# Acronyms keep their capitals and may touch Chinese characters (AI芯片) but not Latin letters.
THEME_ACRONYM_FINDER: WordFinder[tuple[str, ...]] = WordFinder(
    _acronym_themes(), case_sensitive=True
)


# -- one pass for every stage ---------------------------------------------------------------


class DocumentWords(NamedTuple):
    """The event, claim and theme words in one document's lowered text: (start, end, value)."""

    triggers: list[tuple[int, int, tuple[str, ...]]]  # value: event kinds
    speech: list[tuple[int, int, int]]  # value: `SPEAKS_ZH`... bits
    themes: list[tuple[int, int, tuple[str, ...]]]  # value: themes
    titles: list[tuple[int, int, int]]  # `ROLE_TITLE_FINDER` on `doc.folded`
    earnings_tone: list[tuple[int, int, bool]]  # value: a bad word (`EARNINGS_TONE_FINDER`)
    theme_acronyms: list[tuple[int, int, tuple[str, ...]]]  # on `doc.folded`; value: themes


class _AllWords(NamedTuple):
    """Every list of the one pass: the stages' words, and the tone words (value: signed
    weight), move anchors (value: index of the anchor word) and market cues (value: market)."""

    words: DocumentWords
    tone: list[tuple[int, int, float]]
    move_anchors: list[tuple[int, int, int]]
    market_cues: list[tuple[int, int, str]]


# Latin anchors of events and claims are prefixes ("launch" finds "launched").
TRIGGER_FINDER: WordFinder[tuple[str, ...]] = WordFinder(EVENT_TRIGGERS, prefixes=True)
SPEECH_FINDER: WordFinder[int] = WordFinder(SPEECH_WORDS, prefixes=True)
THEME_FINDER: WordFinder[tuple[str, ...]] = WordFinder(THEME_WORDS)
# Tone words with signed weights; a word in both tables takes the positive one.
TONE_FINDER: WordFinder[float] = WordFinder(
    {
        **{word: -weight for word, weight in NEGATIVE_ZH.items()},
        **POSITIVE_ZH,
        **{word: -weight for word, weight in NEGATIVE_EN.items()},
        **POSITIVE_EN,
    }
)


@cache
def _document_finder() -> MultiFinder:
    """Every word list of `_AllWords` in one automaton, built on first use. The move
    anchors are the moves stage's own (its verb tables live there), imported here late because
    moves itself reads `document_words`."""
    from marketbuzz.extract.moves import ANCHOR_FINDER

    finders = (
        TRIGGER_FINDER,
        SPEECH_FINDER,
        THEME_FINDER,
        TONE_FINDER,
        ANCHOR_FINDER,
        MARKET_CUE_FINDER,
        ROLE_TITLE_FINDER,
        EARNINGS_TONE_FINDER,
        THEME_ACRONYM_FINDER,
    )
    return MultiFinder(finders)


def document_words(doc: Document) -> DocumentWords:
    """Event triggers, speech words, theme words, role titles, earnings tone words and theme
    acronyms of `doc` (each list is what its finder's `find_all` gives on `doc.lowered`, or on
    `doc.folded` for a case-sensitive finder). The lists are shared: read them, do not change
    them."""
    return _all_words(doc).words


def tone_words(doc: Document) -> list[tuple[int, int, float]]:
    """`TONE_FINDER.find_all(doc.lowered)`, from the one pass."""
    return _all_words(doc).tone


def move_anchors(doc: Document) -> list[tuple[int, int, int]]:
    """`moves.ANCHOR_FINDER.find_all(doc.folded)`, from the one pass."""
    return _all_words(doc).move_anchors


def market_cues(doc: Document) -> list[tuple[int, int, str]]:
    """`MARKET_CUE_FINDER.find_all(doc.folded)`, from the one pass."""
    return _all_words(doc).market_cues


def _all_words(doc: Document) -> _AllWords:
    """Every word list of `doc`, found in one pass over `doc.lowered` the first time a stage
    asks; case-sensitive lists are checked against `doc.folded`."""
    return doc.memo("lexicon.all_words", lambda: _find_all_words(doc.lowered, doc.folded))


def _find_all_words(lowered: str, folded: str) -> _AllWords:
    found = _document_finder().find_each(lowered, folded)  # keyed in `_document_finder` order
    words = DocumentWords(
        found.get(0, []),
        found.get(1, []),
        found.get(2, []),
        found.get(6, []),
        found.get(7, []),
        found.get(8, []),
    )
    return _AllWords(words, found.get(3, []), found.get(4, []), found.get(5, []))


# -- regex helpers --------------------------------------------------------------------------


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so the longest match wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def latin_words(words: Iterable[str]) -> str:
    """An alternation of Latin words that only matches whole words."""
    return rf"(?<![A-Za-z0-9])(?:{alternation(words)})(?![A-Za-z0-9])"
