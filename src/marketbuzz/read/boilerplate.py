"""Recognising page furniture in an article body and taking it out.

The body is cut into blocks (paragraphs separated by blank lines; a line inside a paragraph
that is furniture on its own, such as "责任编辑：王五", becomes its own block). Each block is
matched on its folded form (`text.fold.fold`), so one Simplified rule covers both scripts.

What counts as furniture, and how much is cut:
- disclaimer: a block that opens with a disclaimer heading (免责声明, 风险提示, Disclaimer...) or
  with a stock disclaimer sentence ("本文不构成投资建议", "This article is for information only").
  The blocks after it go too, but only when every one of them is furniture (a widget, a short
  line, a numbered empty list); a tail with real prose is kept.
- widget: a heading such as 热议股票 / 相关股票 / Trending stocks and the list under it
  (numbers, stock names, empty items).
- related: 相关文章 / 延伸阅读 / Related articles / Read more and the short titles under it.
- share_footer: 分享到 / Share this article / a row of social network names.
- source_line: (文章来源:券商中国), 来源：财联社, Source: Reuters. The source named is reported so
  the reader can use it when the header named none.
- other: editor and reporter credits (责任编辑：xx, Reporting by...; Editing by...), copyright.

Conservative by design: every rule needs a heading at the start of a short block or a stock
phrase; a paragraph of news that mentions 风险 in passing never matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marketbuzz.model import Boilerplate, BoilerplateKind
from marketbuzz.read.patterns import first_chars, has_cased_literal, top_alternatives, unfolded
from marketbuzz.text.fold import fold

_OPEN = r"[\s(\[【〔<《（［]*"  # no ^: patterns run with match(text, start, end)
_CLOSE = r"[\s)\]】〕>》）］]*$"

# The heads: what each rule's block opens with, after _OPEN. Written once, they make both the
# rules (matched on folded text) and the trigger that finds the blocks worth matching at all.
_SOURCE_HEADS = (
    r"(?:文章|本文|新闻|内容|消息|图片|资料)?(?:来源|出处)\s*[:：]|转载自\s*[:：]?|"
    r"sources?\s*[:：]|via\s*[:：]"
)
_CREDIT_LABELS = r"责任编辑|责编|编辑|审核|审校|校对|校审|记者|作者|撰文|文字|编审|监制|美编|editor"
_CREDIT_ROLE = r"(?i:(?:additional )?(?:reporting|writing|editing|edited|compiled|produced) by)"
_DISCLAIMER_HEADINGS = (
    r"免责声明|免责条款|免责申明|风险提示|风险揭示|风险警示|风险声明|重要声明|特别声明|"
    r"重要提示|特别提示|版权声明|disclaimer|important notice|important information|risk warning|"
    r"risk disclosure"
)
_DISCLAIMER_OPENINGS = (
    r"投资有风险|市场有风险|股市有风险|本文(?:内容)?仅供参考|以上内容仅供参考|本文不构成|"
    r"本文(?:并非|非)投资建议|本文观点仅代表|文章内容仅供参考|本资讯不构成|"
    r"this (?:article|content|material|report|post|information) (?:is|was) (?:provided )?"
    r"(?:for|intended for) (?:general )?information(?:al)?(?: purposes)? only|"
    r"(?:this|the) (?:article|content|material|information) "
    r"(?:does not|doesn't|is not intended to) constitute|"
    r"nothing (?:in|on) this (?:article|site|website) constitutes|"
    r"the views and opinions expressed (?:herein|in this article)"
)
_WIDGET_HEADINGS = (
    r"热议股票|热门股票|相关股票|热股榜?|热门个股|相关个股|涉及个股|本文涉及股票|文中提及股票|"
    r"相关标的|相关证券|热搜股票|人气股票|自选股|trending (?:stocks|tickers|symbols)|hot stocks|"
    r"most (?:active|discussed|watched) stocks|stocks (?:in|mentioned in) this (?:article|story)|"
    r"(?:tickers|stocks) mentioned|related (?:stocks|tickers|symbols|quotes)"
)
_RELATED_HEADINGS = (
    r"相关文章|相关阅读|相关新闻|相关报道|相关资讯|延伸阅读|推荐阅读|热门文章|热门阅读|"
    r"猜你喜欢|更多文章|更多资讯|往期回顾|往期推荐|精彩推荐|"
    r"related (?:articles?|stories|news|coverage|content|reading|posts)|read more|"
    r"more from [^\n]{1,40}|more on this|you (?:may|might) also like|"
    r"recommended(?: for you| reading)?|"
    r"further reading|see also"
)
_SHARE_HEADS = (
    r"分享到|分享至|分享给|分享|转发到|转发至|点击分享|一键分享|"
    r"share(?: this)?(?: article| story| post| page)?(?: on| via)?"
)
_SOCIAL = (
    r"facebook|twitter|x|linkedin|whatsapp|telegram|weibo|wechat|email|e-mail|line|reddit|"
    r"微信|朋友圈|微博|新浪微博|qq|qq空间|复制链接|copy link|print|打印|邮件"
)
_OTHER_HEADS = (
    r"©|\(c\)\s*\d{4}|copyright\b|版权所有|all rights reserved|未经(?:授权|许可)[^\n]{0,20}"
    r"(?:转载|复制|使用)|扫码下载|扫描二维码|长按识别|点击关注|关注我们|下载app"
)

_SOURCE_LINE = re.compile(
    _OPEN
    + rf"(?:{_SOURCE_HEADS})\s*(?P<source>[^()\[\]【】〔〕（）［］\n，。,;；!?！？]{{1,40}}?)"
    + _CLOSE,
    re.IGNORECASE,
)
_TRAILING_SOURCE = re.compile(
    r"[(\[【〔](?:文章|本文)?来源\s*[:：]\s*(?P<source>[^()\[\]【】〔〕\n]{1,30})[)\]】〕]\s*$"
)
_CREDIT_LINE = re.compile(
    _OPEN + rf"(?:{_CREDIT_LABELS})\s*[:：]?\s*[^\n]{{1,120}}" + _CLOSE, re.IGNORECASE
)
# Every label but 责任编辑 / 责编 is also an ordinary word (记者从…获悉, 编辑部…): it needs a colon.
_CREDIT_NEEDS_COLON = re.compile(
    _OPEN + r"(?:编辑|审核|审校|校对|校审|记者|作者|撰文|文字|编审|监制|美编|editor)\s*[^:：\s]",
    re.IGNORECASE,
)
# "(Reporting by Jane Doe in New York; Editing by Richard Roe)": the part after "by" holds
# names only (capitalised words joined by and / in / at...), so "Reporting by the Financial
# Times showed that..." is news, not a credit.
_NAMES = (
    r"(?:[A-Z][\w.'’-]*|and|in|at|of|from|with|&|,)"
    r"(?:\s+(?:[A-Z][\w.'’-]*|and|in|at|of|from|with|&)|,)*"
)
_ENGLISH_CREDIT = re.compile(
    _OPEN + rf"{_CREDIT_ROLE}\s+{_NAMES}(?:\s*[;,]\s*{_CREDIT_ROLE}\s+{_NAMES})*\s*\.?" + _CLOSE
)
_DISCLAIMER_HEADING = re.compile(
    _OPEN + rf"(?:{_DISCLAIMER_HEADINGS})(?:\s*[)\]】〕>》）］]|\s*[:：]|\s*$)", re.IGNORECASE
)
_DISCLAIMER_OPENING = re.compile(_OPEN + rf"(?:{_DISCLAIMER_OPENINGS})", re.IGNORECASE)
_WIDGET_HEADING = re.compile(_OPEN + rf"(?:{_WIDGET_HEADINGS})\s*[:：]?" + _CLOSE, re.IGNORECASE)
_RELATED_HEADING = re.compile(_OPEN + rf"(?:{_RELATED_HEADINGS})\s*(?:[:：>»]|$)", re.IGNORECASE)
_SHARE_LINE = re.compile(_OPEN + rf"(?:{_SHARE_HEADS})\s*(?:[:：]|$|\s)", re.IGNORECASE)
_SOCIAL_ROW = re.compile(rf"(?:\s*(?:{_SOCIAL})\s*[|/·•,，]?)+\s*$", re.IGNORECASE)
_OTHER_LINE = re.compile(_OPEN + rf"(?:{_OTHER_HEADS})", re.IGNORECASE)
_ALL_HEADS = (
    _SOURCE_HEADS,
    _CREDIT_LABELS,
    _CREDIT_ROLE,
    _DISCLAIMER_HEADINGS,
    _DISCLAIMER_OPENINGS,
    _WIDGET_HEADINGS,
    _RELATED_HEADINGS,
    _SHARE_HEADS,
    _SOCIAL,
    _OTHER_HEADS,
)
# _OPEN as written in unfolded text: full-width brackets fold to ASCII ones.
_RAW_OPEN = r"[\s(\[【〔<《（［＜]*"

_LINE_END_CHARS = frozenset('。！？!?；;:："”」』)）')  # a line ending in one ends its sentence
_WRAPPED_LINE_CHARS = 60  # hard-wrapped prose runs 60-80 characters a line; titles are shorter
# These two read unfolded text too, so each lists the full-width forms that fold to its ASCII.
_LIST_MARKS = re.compile(r"[\s\d.．、)）(（\-－–•·*＊#＃]*$")
_SENTENCE_END = re.compile(r"[。！？!?；;]|[.．](?:\s|$)")
_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line without its surrounding white space
MAX_FURNITURE_CHARS = 50  # a short line with no sentence end: a title, a name, a list item
MAX_LINE_RULE_CHARS = 150  # source, credit and share lines are short; prose is not furniture
MAX_DISCLAIMER_OPENING_CHARS = 1200
_TAIL_CHARS = 50  # a source note closing the last paragraph: "(文章来源:券商中国)"
_HEAD_CHARS = 24  # every Chinese heading, label and stock opening phrase ends within this


@dataclass(slots=True)
class Cleaned:
    """A body with its furniture removed, what was removed, and a source line's source. (A
    slotted dataclass, not frozen: built for every article, it costs less than a named tuple,
    and compiled it is a native class.)"""

    body: str
    boilerplate: tuple[Boilerplate, ...]
    source: str | None


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    triggered: bool = False  # opens with a head: the only blocks the rules are matched on
    kind: BoilerplateKind | None = None
    heading: bool = False  # a widget or related heading: the list under it goes with it
    source: str | None = None


@dataclass(frozen=True, slots=True)
class _Triggers:
    """The heads of every rule, written to match unfolded text (see `patterns.unfolded`)."""

    first_chars: frozenset[str] | None  # what a line opening with a head may open with, bar case
    at_start: re.Pattern[str]  # matched at a block's start
    after_newline: re.Pattern[str]  # searched over a whole text: a line opening with a head
    trailing_note: re.Pattern[str]  # a trailing source note's label


@cache
def _triggers() -> _Triggers:
    """The heads' alternatives, unfolded, in two groups each behind a check of its first
    character: the caseless ones (Chinese) matched as they are, which lets the regex engine
    skip those that cannot open at a character, and the others without regard to case."""
    alternatives = [unfolded(alt) for head in _ALL_HEADS for alt in top_alternatives(head)]
    caseless = [alt for alt in alternatives if not has_cased_literal(alt)]
    cased = [alt for alt in alternatives if has_cased_literal(alt)]
    caseless_first, caseless_group = _guarded(caseless)
    cased_first, cased_group = _guarded(cased)
    opening = f"{_RAW_OPEN}(?:{caseless_group}|(?i:{cased_group}))"
    opening_chars = {c for c in _RAW_OPEN if not c.isascii()} | set("([<")
    first = None
    if caseless_first is not None and cased_first is not None:
        first = frozenset({*caseless_first, *cased_first, *opening_chars})
    return _Triggers(
        first_chars=first,
        at_start=re.compile(opening),
        # "\n" first gives the regex engine a literal to skip ahead to.
        after_newline=re.compile("\n" + opening),
        trailing_note=re.compile(unfolded("来源")),
    )


def _guarded(alternatives: list[str]) -> tuple[frozenset[str] | None, str]:
    """The characters `alternatives` open with (None: any), and a regex of them behind a
    lookahead for those characters."""
    body = "|".join(alternatives)
    firsts = [first_chars(alt) for alt in alternatives]
    if any(first is None for first in firsts):
        return None, f"(?:{body})"
    chars = frozenset().union(*(first for first in firsts if first is not None))
    return chars, f"(?=[{re.escape(''.join(sorted(chars)))}])(?:{body})"


def strip_boilerplate(body: str) -> Cleaned:
    """Remove furniture from `body` (see the module docstring); never raises.

    Most bodies hold none: one search for a line opening with a rule's head (or a source note
    in the last few characters) settles that, and the rules run only on the lines it finds.
    Furniture gathers at the end, so the paragraphs before the first such line are passed over
    as one block (see `_prefix_end`).
    """
    text = body.strip()
    first = _first_trigger(text) if text else None
    if first is None:
        return Cleaned(text, (), None)
    return _strip(text, _prefix_end(text, first))


def _strip(text: str, prefix_end: int) -> Cleaned:
    """Strip furniture, the first `prefix_end` characters being one block that holds none."""
    lines = _lines(text, prefix_end)
    folded = _fold_heads(text, lines)
    blocks = _merge_prose_lines(text, folded, lines)
    for block in blocks:
        if block.triggered:
            _classify(text, folded, block)
    _absorb_lists(folded, blocks)
    _absorb_disclaimer_tail(folded, blocks)
    source = next((b.source for b in blocks if b.source), None)
    kept_body, trailing = _assemble(text, blocks)
    if trailing is not None and prefix_end and all(b.kind is not None for b in blocks[1:]):
        # The source note ends the prefix and may reach back past its last line: read them all.
        return _strip(text, 0)
    removed = _group(text, blocks)
    if trailing is not None:
        removed = (*removed, trailing[0])
        source = source or trailing[1]
    return Cleaned(kept_body, removed, source)


def _first_trigger(text: str) -> int | None:
    """Where the first line opening with a rule's head begins (at 0, or at the line break
    before it), the text's length if only a source note may end it, None if neither."""
    triggers = _triggers()
    if _triggered(text, 0, triggers):
        return 0
    after_newline = triggers.after_newline.search(text) if "\n" in text else None
    if after_newline is not None:
        return after_newline.start()
    if triggers.trailing_note.search(text, max(0, len(text) - _TAIL_CHARS)):
        return len(text)
    return None


def _prefix_end(text: str, first_trigger: int) -> int:
    """The end of the last paragraph followed by a blank line before `first_trigger`; 0 if none.

    Nothing before it is furniture: no line there opens with a head, nothing there comes after
    a heading or a disclaimer, and no line there joins one after it (a blank line separates).
    """
    gap = text.rfind("\n\n", 0, first_trigger + 2)
    return len(text[:gap].rstrip()) if gap > 0 else 0


def _lines(text: str, prefix_end: int) -> list[_Block]:
    """The lines from `prefix_end` on, after one block for the prefix."""
    triggers = _triggers()
    prefix = [_Block(0, prefix_end)] if prefix_end else []
    return prefix + [
        _Block(start, line.end(), _triggered(text, start, triggers))
        for line in _LINE.finditer(text, prefix_end)
        for start in (line.start(),)
    ]


def _triggered(text: str, start: int, triggers: _Triggers) -> bool:
    """A line opening with a head. Its first character rules most Chinese lines out without a
    regex (see `_may_open_head`)."""
    return _may_open_head(text[start]) and triggers.at_start.match(text, start) is not None


@cache
def _may_open_head(char: str) -> bool:
    """Not a caseless character (Han, a digit) that no head opens with. Cased letters go to the
    regex, which knows every case variant."""
    first = _triggers().first_chars
    return first is None or char in first or char.lower() != char.upper()


def _fold_heads(text: str, lines: list[_Block]) -> str:
    """`text` with the head of each triggered line folded: the only part the rules read.

    Folding is the costly step, and every rule anchors at a line's start (a heading, a label,
    a disclaimer's opening words), so the rest is left as it is; the patterns read elsewhere
    (`_LIST_MARKS`, `_SENTENCE_END`, `_LINE_END_CHARS`) accept both forms. The result has the length
    of `text`, so offsets agree. (The source note at the end of the last paragraph is folded
    where it is looked for, in `_assemble`.)
    """
    pieces: list[str] = []
    position = 0
    for line in lines:
        if not line.triggered:
            continue
        head_end = min(line.end, line.start + _HEAD_CHARS)
        pieces.append(text[position : line.start])
        pieces.append(fold(text[line.start : head_end]))
        position = head_end
    pieces.append(text[position:])
    return "".join(pieces)


def _merge_prose_lines(text: str, folded: str, lines: list[_Block]) -> list[_Block]:
    """Lines one newline apart rejoin into a paragraph when the first is wrapped prose and
    neither is furniture on its own; blank lines always separate."""
    merged: list[_Block] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and _continues(folded, previous)
            and text.count("\n", previous.end, line.start) == 1
            and not _is_line_furniture(folded, line)
            and not _is_line_furniture(folded, previous)
        ):
            previous.end = line.end
            continue
        merged.append(_Block(line.start, line.end, line.triggered))
    return merged


def _continues(folded: str, previous: _Block) -> bool:
    """A wrapped prose line does not end a sentence; a Chinese paragraph line usually does.
    (A block ends in a character that is not white space: only that one needs looking at.)"""
    return (
        previous.end - previous.start > _WRAPPED_LINE_CHARS
        and folded[previous.end - 1] not in _LINE_END_CHARS
    )


def _is_line_furniture(folded: str, line: _Block) -> bool:
    if line.end - line.start > MAX_LINE_RULE_CHARS:
        return False
    start, end = line.start, line.end
    if not line.triggered:
        return _LIST_MARKS.match(folded, start, end) is not None
    return any(
        pattern.match(folded, start, end)
        for pattern in (
            _SOURCE_LINE,
            _WIDGET_HEADING,
            _RELATED_HEADING,
            _DISCLAIMER_HEADING,
            _SHARE_LINE,
            _LIST_MARKS,
        )
    ) or _credit(folded, start, end)


def _credit(folded: str, start: int, end: int) -> bool:
    if _ENGLISH_CREDIT.match(folded, start, end):
        return True
    return bool(_CREDIT_LINE.match(folded, start, end)) and not _CREDIT_NEEDS_COLON.match(
        folded, start, end
    )


def _classify(body: str, folded: str, block: _Block) -> None:
    start, end = block.start, block.end
    short = end - start <= MAX_LINE_RULE_CHARS
    if _DISCLAIMER_HEADING.match(folded, start, end) or (
        end - start <= MAX_DISCLAIMER_OPENING_CHARS
        and _DISCLAIMER_OPENING.match(folded, start, end)
    ):
        block.kind = "disclaimer"
    elif short and _WIDGET_HEADING.match(folded, start, end):
        block.kind, block.heading = "widget", True
    elif short and _RELATED_HEADING.match(folded, start, end):
        block.kind, block.heading = "related", True
    elif short and (source := _SOURCE_LINE.match(folded, start, end)):
        block.kind = "source_line"
        block.source = body[source.start("source") : source.end("source")].strip(" \t:：,，。.")
    elif short and (_SHARE_LINE.match(folded, start, end) or _SOCIAL_ROW.match(folded, start, end)):
        block.kind = "share_footer"
    elif short and (_credit(folded, start, end) or _OTHER_LINE.match(folded, start, end)):
        block.kind = "other"


def _is_furniture(folded: str, block: _Block) -> bool:
    """Short and not a sentence, or a numbered empty list item, or already furniture."""
    if block.kind is not None:
        return True
    text = folded[block.start : block.end]
    if _LIST_MARKS.match(text):
        return True
    return len(text) <= MAX_FURNITURE_CHARS and not _SENTENCE_END.search(text.rstrip("!！"))


def _absorb_lists(folded: str, blocks: list[_Block]) -> None:
    """The list under a widget or related heading belongs to it, up to the first prose block."""
    current: BoilerplateKind | None = None
    for block in blocks:
        if block.heading:
            current = block.kind
        elif current is not None and block.kind is None and _is_furniture(folded, block):
            block.kind = current
        else:
            current = None


def _absorb_disclaimer_tail(folded: str, blocks: list[_Block]) -> None:
    for index, block in enumerate(blocks):
        if block.kind != "disclaimer":
            continue
        tail = blocks[index + 1 :]
        if all(_is_furniture(folded, later) for later in tail):
            for later in tail:
                if later.kind is None:
                    later.kind = "disclaimer"
            return


def _assemble(body: str, blocks: list[_Block]) -> tuple[str, tuple[Boilerplate, str] | None]:
    """Join the kept blocks with their own separators (a blank line where furniture was cut);
    cut a source note ending the last kept block, as in "……。(文章来源:券商中国)"."""
    pieces: list[str] = []
    trailing: tuple[Boilerplate, str] | None = None
    last_kept = max((i for i, b in enumerate(blocks) if b.kind is None), default=-1)
    previous: int | None = None
    for index, block in enumerate(blocks):
        if block.kind is not None:
            continue
        end = block.end
        if index == last_kept:
            tail_start = max(block.start + 1, block.end - _TAIL_CHARS)
            note = _TRAILING_SOURCE.search(fold(body[tail_start : block.end]))
            if note is not None:
                source = body[tail_start + note.start("source") : tail_start + note.end("source")]
                end = tail_start + note.start()
                trailing = (Boilerplate("source_line", body[end : block.end]), source.strip())
        if previous is not None:
            adjacent = previous == index - 1
            pieces.append(body[blocks[previous].end : block.start] if adjacent else "\n\n")
        pieces.append(body[block.start : end])
        previous = index
    return "".join(pieces).strip(), trailing


def _group(body: str, blocks: list[_Block]) -> tuple[Boilerplate, ...]:
    """Consecutive removed blocks of one kind become one Boilerplate; sources stay apart."""
    groups: list[Boilerplate] = []
    run: list[_Block] = []
    for block in [*blocks, _Block(len(body), len(body))]:
        if run and (block.kind != run[-1].kind or block.kind == "source_line"):
            groups.append(Boilerplate(run[0].kind or "other", body[run[0].start : run[-1].end]))
            run = []
        if block.kind is not None:
            run.append(block)
    return tuple(groups)
