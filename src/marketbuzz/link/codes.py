"""Inline codes and tickers: forms that name one listing and link without doubt.

Recognised (all on the folded text, so full-width brackets and digits count too):

- mainland with exchange prefix or suffix: sh600507, (SZ000001), 600519.SH, 000001.SZ, 430047.BJ
- Hong Kong with suffix: 00700.HK, 0700.HK, 9988.HK; with a label: 港股代號:700, 股份代号 9988
- a bare code in brackets: (600122) is mainland by its first digits (60/68 -> SS, 00/30 -> SZ,
  8/4/92 -> BJ); (09988) or (0700) with 4-5 digits is Hong Kong (0700 is Tencent, never the
  Shenzhen 000700). A 4-digit bracket that looks like a year (19xx/20xx) links only when a name
  right before it confirms the same entity (checked by the linker).
- US: $TSLA, NASDAQ: AAPL, (NYSE:BABA), Reuters RICs TSLA.O, <JNJ.N>, AAPL.OQ; Tokyo 8601.T.
- bare all-caps tickers (3-5 letters) only in English sentences, never in Chinese ones, never
  when the word is a common word or acronym (`BARE_TICKER_STOPLIST`) and never inside a
  hyphenated product name (GPT-5-Mini, Qwen3-VL-30B-A3B).

A code that is not in the master is dropped: the master decides what exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from marketbuzz.link.candidate import Candidate
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity

# Patterns start with a literal or a small character set so the regex engine can skip ahead;
# what must stand before a match (no letter or digit) is checked in Python on the few hits.
_PREFIXED = re.compile(r"[sSbB][hHzZjJ](\d{6})(?!\d)")
_DOT_SUFFIX = re.compile(r"\.(OQ|[NOAKT]|[sS][hHsSzZ]|[bB][jJ]|[hH][kK])(?![A-Za-z])")
_TAIL_DIGITS = re.compile(r"\d+$")
_TAIL_CAPITALS = re.compile(r"[A-Z]+$")
_BRACKETED = re.compile(r"\(\s*(\d{4,6})\s*\)")
_LABELLED = re.compile(r"代[号码]\s*:?\s*(\d{1,6})(?!\d)")
_CASHTAG = re.compile(r"\$([A-Za-z]{1,5}(?:[.-][A-Za-z])?)(?![A-Za-z0-9])")
_EXCHANGE_PREFIXED = re.compile(
    r"(?:NYSE American|NYSE Arca|NYSEARCA|NYSE|NASDAQ|Nasdaq|AMEX|OTC)"
    r"\s*:\s*([A-Z]{1,5}(?:\.[A-Z])?)(?![A-Za-z])"
)
_MAINLAND_MARKETS = {"sh": "SS", "ss": "SS", "sz": "SZ", "bj": "BJ"}
_RIC_SUFFIXES = frozenset({"N", "O", "OQ", "A", "K"})
# A bare ticker stands alone: not inside a hyphenated product name (GPT-5-Mini), not a RIC with
# an exchange suffix we do not link (<STM.PA>, <BHP.AX>), not part of an instrument code
# (<JP10YTN=JBTC>) and not one word of an all-caps phrase (NEW YORK, BREAKING NEWS).
_BARE_TICKER = re.compile(
    r"(?<![A-Za-z0-9$\-.&'/=<])(?<![A-Z]{2} )([A-Z]{3,5})(?![A-Za-z0-9\-&/=>])"
    r"(?!['’](?!s(?![A-Za-z])))(?!\.[A-Za-z])(?! [A-Z]{2})"  # a possessive is the ticker's
)
_HAN = re.compile(r"[\u3400-\u9fff]")
# A code that links only when a name right before it names the same entity.
UNCONFIRMED = "code?"

# Common words and acronyms that are also NYSE/Nasdaq tickers, or that English market prose
# writes in capitals: never tickers unless written as one ($X, NYSE: X, X.N).
_STOPLIST_WORDS = """
    AI GDP SEC TTM FP8 OCR VQA STEM US USA UK EU IT ALL VL GPT CEO CFO COO CTO IPO ETF EPS USD
    CNY HKD RMB EUR GBP JPY FED FOMC CPI PPI PMI ECB IMF WTO OPEC NATO API GPU CPU LLM AGI SaaS
    AND THE FOR ARE BUT NOT YOU CAN HAS HAD WAS ONE TWO NEW NOW OUT OLD BIG LOW HIGH TOP BEST
    CAR CARS FUN LIFE LOVE HOME WELL GOOD SAFE REAL TRUE JOBS BOOM RIDE PLAY OPEN CASH GOLD
    LIVE EAT RUN SEE SAY ANY WAY DAY YES TEAM EVER NICE PEAK MAIN NEXT HUGE WORK FAST SELF
    NYSE AMEX OTC ESG REIT SPAC YOY QOQ TTM EBIT ROE ROI ROA CAGR NAV AUM EV EVS BEV PHEV
    ADR ADS FDA FTC DOJ IRS EPA DOE NASA WHO CDC NIH FBI CIA NSA NHTSA OSHA FCC FAA ICE
    CNN BBC CNBC WSJ NYT AP AFP
    ATM POS SKU KPI HR PR QA RD VR AR XR IOT SOC DRAM NAND HBM PCB LED OLED LCD USB
    LONG SHORT BUY SELL HOLD CALL PUT BULL BEAR RISK LOSS GAIN RATE DEBT BOND FUND
    INC LLC LTD PLC CORP CO AG SA NV SE SPA
    MAX MINI PRO ULTRA PLUS LITE
    CAT DOG FOX BIRD FISH
    LNG LPG NFT EBITDA GAAP SOFR LIBOR OECD BRICS ASEAN COVID MBA PhD DNA RNA ICU
    CIO CMO CISO DMA SMA EMA RSI MACD YTD QTD MTD EOD ATH ATL BPS HFT OTC ADV IRA EST PST GMT UTC
"""
BARE_TICKER_STOPLIST = frozenset(_STOPLIST_WORDS.split())


def _mainland_suffix(code: str) -> str | None:
    """The Yahoo suffix of a 6-digit mainland code by its first digits, or None."""
    if code.startswith(("60", "68", "90")):
        return "SS"
    if code.startswith(("00", "30", "20")):
        return "SZ"
    if code.startswith(("8", "4", "92")):
        return "BJ"
    return None


def lookup_mainland(master: SecurityMaster, code: str, market: str | None = None) -> Entity | None:
    market = market or _mainland_suffix(code)
    if market is None:
        return None
    return master.by_code(market, code) or master.by_symbol(f"{code}.{market}")


def lookup_hk(master: SecurityMaster, code: str) -> Entity | None:
    number = int(code)
    if number <= 0:
        return None
    return master.by_symbol(f"{number:04d}.HK") or master.by_code("HK", f"{number:05d}")


def lookup_us(master: SecurityMaster, ticker: str) -> Entity | None:
    """An entity with a US listing under this ticker (BRK.B is Yahoo's BRK-B)."""
    ticker = ticker.upper()
    for symbol in (ticker, ticker.replace(".", "-")):
        entity = master.by_symbol(symbol)
        if entity is not None and any(x.market == "US" for x in entity.listings):
            return entity
        entity = master.by_code("US", symbol)
        if entity is not None:
            return entity
    return None


def _free_before(folded: str, index: int) -> bool:
    """No ASCII letter, digit, full stop or $ right before `index` (a code starts a token)."""
    if index <= 0:
        return True
    before = folded[index - 1]
    return not ((before.isascii() and before.isalnum()) or before in ".$")


def _token_before(folded: str, end: int, tail: re.Pattern[str], longest: int) -> str | None:
    """The digits or capitals ending at `end`, if they form a whole token of <= `longest`."""
    match = tail.search(folded, max(0, end - longest - 1), end)
    if match is None or match.end() - match.start() > longest:
        return None
    return match.group() if _free_before(folded, match.start()) else None


def _suffixed(folded: str, master: SecurityMaster) -> Iterator[Candidate | None]:
    """600519.SH, 000001.SZ, 0700.HK, 9988.HK, 8601.T, TSLA.O, JNJ.N, AAPL.OQ."""
    for m in _DOT_SUFFIX.finditer(folded):
        suffix, dot = m.group(1), m.start()
        market = _MAINLAND_MARKETS.get(suffix.lower())
        if market is not None or suffix.lower() == "hk" or suffix == "T":
            code = _token_before(folded, dot, _TAIL_DIGITS, 6)
            if code is None:
                continue
            if market is not None:
                entity = lookup_mainland(master, code, market) if len(code) == 6 else None
            elif suffix == "T":
                entity = master.by_symbol(f"{code}.T") if len(code) == 4 else None
            else:
                entity = lookup_hk(master, code) if len(code) <= 5 else None
            yield _at(folded, dot - len(code), m.end(), entity, "code")
        elif suffix in _RIC_SUFFIXES:
            ticker = _token_before(folded, dot, _TAIL_CAPITALS, 5)
            # "A.O. Smith": a one-letter "RIC" followed by another full stop is an initial.
            if ticker is None or (len(ticker) == 1 and folded.startswith(".", m.end())):
                continue
            yield _at(folded, dot - len(ticker), m.end(), lookup_us(master, ticker), "ticker")


def _matches_if(pattern: re.Pattern[str], folded: str, needed: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(folded)`, skipped when `needed`, a literal every match holds, is
    absent: a substring search costs far less than the pattern's scan of the whole text."""
    return pattern.finditer(folded) if needed in folded else iter(())


def _mainland_and_hk(folded: str, master: SecurityMaster) -> Iterator[Candidate | None]:
    for m in _PREFIXED.finditer(folded):
        market = _MAINLAND_MARKETS.get(folded[m.start() : m.start() + 2].lower())
        if market is None or not _free_before(folded, m.start()):
            continue
        yield _span(m, lookup_mainland(master, m.group(1), market))
    for m in _matches_if(_BRACKETED, folded, "("):
        code = m.group(1)
        entity = lookup_mainland(master, code) if len(code) == 6 else lookup_hk(master, code)
        # (2020) is more often a year than ANTA Sports: it needs a confirming name before it.
        year_like = len(code) == 4 and 1900 <= int(code) <= 2099
        yield _inner(m, 1, entity, via=UNCONFIRMED if year_like else "code")
    for m in _matches_if(_LABELLED, folded, "代"):
        code = m.group(1)
        hk = len(code) <= 5 or "港" in folded[max(0, m.start() - 4) : m.start()]
        entity = lookup_hk(master, code) if hk else lookup_mainland(master, code)
        yield _inner(m, 1, entity)


def _us(folded: str, master: SecurityMaster) -> Iterator[Candidate | None]:
    for m in _CASHTAG.finditer(folded):
        if _free_before(folded, m.start()):
            yield _span(m, lookup_us(master, m.group(1)), via="ticker")
    for m in _EXCHANGE_PREFIXED.finditer(folded):
        if _free_before(folded, m.start()):
            yield _inner(m, 1, lookup_us(master, m.group(1)), via="ticker")


def _at(folded: str, start: int, end: int, entity: Entity | None, via: str) -> Candidate | None:
    if entity is None:
        return None
    return Candidate(start, end, via, folded[start:end], entity_id=entity.id, outer_start=start)


def _span(m: re.Match[str], entity: Entity | None, via: str = "code") -> Candidate | None:
    """The whole match is the mention ($TSLA, 600519.SH, TSLA.O)."""
    if entity is None:
        return None
    return Candidate(
        m.start(), m.end(), via, m.group(0), entity_id=entity.id, outer_start=m.start()
    )


def _inner(
    m: re.Match[str], group: int, entity: Entity | None, via: str = "code"
) -> Candidate | None:
    """Only the code is the mention; the wrapping ("(", "NYSE:", "代号:") starts `outer_start`."""
    if entity is None:
        return None
    return Candidate(
        m.start(group),
        m.end(group),
        via,
        m.group(group),
        entity_id=entity.id,
        outer_start=m.start(),
    )


_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"[A-Z]")


def has_capitals(folded: str) -> bool:
    """Any ASCII capital: without one no ticker form can match (a cheap test per document)."""
    return _CAPITAL.search(folded) is not None


def find_codes(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Every inline code or written-as-ticker form that the master knows."""
    # Each family needs a character most short Chinese items lack: skip its scans without it.
    digits = _DIGIT.search(folded) is not None
    found = [c for c in _mainland_and_hk(folded, master) if c is not None] if digits else []
    if "." in folded:
        found.extend(c for c in _suffixed(folded, master) if c is not None)
    if "$" in folded or ":" in folded:
        found.extend(c for c in _us(folded, master) if c is not None)
    return found


def _looks_like_headline(sentence: str) -> bool:
    """An all-caps sentence ("TESLA SHARES SLUMP") makes every word look like a ticker."""
    letters = sum(ch.isalpha() for ch in sentence)
    uppers = sum(ch.isupper() for ch in sentence)
    return letters > 0 and uppers / letters > 0.5


# "Most active: IVVD, GRAB, AAPL, QQQ": three or more capitals tokens in a comma list.
# The last item may be joined by " & ": "Q3 Earnings Reports of AA, VMI & KALU".
_TICKER_LIST = re.compile(
    r"(?<![A-Za-z0-9$\-.])[A-Z]{1,5}(?:(?:[ ]?,[ ]?|[ ]&[ ])[A-Z]{1,5}){2,}(?![A-Za-z0-9\-.&])"
)
_LIST_TOKEN = re.compile(r"[A-Z]{1,5}")
# A shorter list ends a headline after a colon: "S&P 500 Movers: HSIC, A", "Update: A,ORPN",
# "Stocks to Watch for Earnings: A & ACPW". The colon and the line's end frame it as a list.
_LIST_AFTER_COLON = re.compile(r"(?<=:)[ ]?([A-Z]{1,5}(?:[ ]?(?:,|&)[ ]?[A-Z]{1,5})+)[ ]*(?=\n|$)")
# At least this share of a list's tokens must be US tickers for the list to be a ticker list.
_TICKER_LIST_SHARE = 0.6
_TICKER_LIST_SHARE_DELISTED = 0.4
# "Itron (ITRI)", "Agilent Technologies (A)", "蘋果(AAPL)": a ticker in brackets after a name.
_BRACKETED_TICKER = re.compile(r"\(([A-Z]{1,5})(?:\.US)?\)")


_Resolved = list[tuple[re.Match[str], Entity | None]]


def _resolved_tokens(folded: str, master: SecurityMaster, start: int, end: int) -> _Resolved:
    """Each capitals token of a list in [start, end) with the US-listed entity it names."""
    return [(t, lookup_us(master, t.group())) for t in _LIST_TOKEN.finditer(folded, start, end)]


def _has_anchor(resolved: _Resolved) -> bool:
    """One token reads as a ticker on its own: three letters or more, not a common acronym
    ("Grades: A, B" and "(A, B, C)" are no lists of tickers)."""
    return any(len(t.group()) >= 3 and t.group() not in BARE_TICKER_STOPLIST for t, _ in resolved)


def _known_tickers(resolved: _Resolved) -> list[Candidate]:
    return [
        Candidate(t.start(), t.end(), "ticker", t.group(), entity_id=e.id, outer_start=t.start())
        for t, e in resolved
        if e is not None
    ]


def _reads_as_ticker_list(resolved: _Resolved) -> bool:
    """Most tokens are tickers the master knows; or, since lists in old news name tickers long
    delisted, at least two are, with a long token that reads as a ticker on its own."""
    known = sum(e is not None for _, e in resolved)
    if known >= _TICKER_LIST_SHARE * len(resolved):
        return True
    return (
        _has_anchor(resolved)
        and known >= 2
        and known >= _TICKER_LIST_SHARE_DELISTED * len(resolved)
    )


def _is_acronym(word: str) -> bool:
    return word in BARE_TICKER_STOPLIST or word in _TWO_LETTER_NOT_TICKERS


def find_ticker_lists(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Comma lists of tickers (in any sentence that is not Chinese): every listed one links,
    even one-letter tickers and stoplist words (in "T, M, ALL" they are AT&T, Macy's, Allstate)."""
    found: list[Candidate] = []
    for match in _TICKER_LIST.finditer(folded):
        if _HAN.search(folded, max(0, match.start() - 20), match.end() + 20):
            continue  # Chinese text: capitals are never tickers unless written as one
        resolved = _resolved_tokens(folded, master, match.start(), match.end())
        if not _reads_as_ticker_list(resolved):
            continue
        if all(_is_acronym(t.group()) for t, e in resolved if e is not None):
            continue  # "GDP, CPI, PPI", "JP, KR, TW": a list of acronyms or countries
        if all(len(t.group()) == 1 for t, _ in resolved):
            continue  # "A, B, C": options or grades lettered, not tickers ("GS, M, A" are)
        found.extend(_known_tickers(resolved))
    return found


# "(BKS, A, INFI, DSW)", "(A, GG)": capitals in brackets separated by commas: a ticker list even
# when some of its tickers are long gone from the exchanges (and so from the master).
_BRACKETED_LIST = re.compile(r"\(([A-Z]{1,5}(?:[ ]?,[ ]?[A-Z]{1,5})+)\)")


def find_bracketed_ticker_lists(folded: str, master: SecurityMaster) -> list[Candidate]:
    """Every known ticker of a bracketed list with one token that reads as a ticker alone."""
    found: list[Candidate] = []
    for match in _BRACKETED_LIST.finditer(folded):
        if _HAN.search(folded, max(0, match.start() - 20), match.end() + 20):
            continue
        resolved = _resolved_tokens(folded, master, match.start(1), match.end(1))
        if _has_anchor(resolved):
            found.extend(_known_tickers(resolved))
    return found


def _anchor_shaped(word: str) -> bool:
    return len(word) >= 3 and word not in BARE_TICKER_STOPLIST


def find_colon_ticker_lists(folded: str, master: SecurityMaster) -> list[Candidate]:
    """A two- or three-ticker list closing a line after a colon: every token a ticker the
    master knows or one that reads as a ticker alone (a delisted one: "Update: A,ORPN"), at
    least one of each; or a lone ticker after a colon that names a list of stocks ("S&P 500
    Analyst Moves: A", "Stocks to Watch: AA")."""
    found: list[Candidate] = []
    for match in _LIST_AFTER_COLON.finditer(folded):
        if _HAN.search(folded, max(0, match.start() - 20), match.end()):
            continue
        resolved = _resolved_tokens(folded, master, match.start(1), match.end(1))
        if _has_anchor(resolved) and all(
            e is not None or _anchor_shaped(t.group()) for t, e in resolved
        ):
            found.extend(_known_tickers(resolved))
    if "\n" not in folded.strip():  # a lone ticker is read only in a one-line headline
        found.extend(_lone_ticker_after_colon(folded, master))
    return found


_LONE_AFTER_COLON = re.compile(r":[ ]?([A-Z]{1,5})[ ]*$")
# What a headline says before the colon when a ticker list follows it.
_LIST_OF_STOCKS = re.compile(
    r"(?i:movers|moves|gainers|losers|most active|to watch|option activity|mentions|update)"
    r"[ ]*$"
)


def _lone_ticker_after_colon(folded: str, master: SecurityMaster) -> Iterator[Candidate]:
    text = folded.rstrip()
    match = _LONE_AFTER_COLON.search(text)
    # The words before the colon name the list; they end right at it ("Movers: A").
    if match is None or not _LIST_OF_STOCKS.search(text, max(0, match.start() - 24), match.start()):
        return
    entity = lookup_us(master, match.group(1))
    if entity is not None and entity.kind == "equity" and _on_main_us_exchange(entity, match[1]):
        yield Candidate(
            match.start(1),
            match.end(1),
            "ticker",
            match[1],
            entity_id=entity.id,
            outer_start=match.start(1),
        )


def find_bracketed_tickers(folded: str, master: SecurityMaster) -> list[Candidate]:
    """A ticker in brackets right after a name. In English prose a 3-5 letter one outside the
    stoplist links as it is; a shorter one, or any in Chinese text, links only when the name
    before it names the same company (the linker checks: `UNCONFIRMED`)."""
    found: list[Candidate] = []
    for match in _BRACKETED_TICKER.finditer(folded):
        before = folded[max(0, match.start() - 1) : match.start()]
        if not before or not (before.isalpha() or before in " .'"):
            continue
        ticker = match.group(1)
        entity = lookup_us(master, ticker)
        if entity is None:
            continue
        chinese = (
            bool(_HAN.match(before))
            or _HAN.search(folded, max(0, match.start() - 12), match.start()) is not None
        )
        direct = not chinese and len(ticker) >= 3 and ticker not in BARE_TICKER_STOPLIST
        if not direct and not chinese:
            direct = _named_right_before(folded, match.start(), entity, master)
        via = "ticker" if direct else UNCONFIRMED
        found.append(
            Candidate(
                match.start(1),
                match.end(1),
                via,
                ticker,
                entity_id=entity.id,
                outer_start=match.start(1),
            )
        )
    return found


# The one to three capitalised words right before a bracketed ticker, possessive allowed:
# "Agilent (A)", "Agilent's (A)", "Agilent Tech (A)", "Alliance Bernstein (AB)".
_WORDS_BEFORE_BRACKET = re.compile(
    r"((?:[A-Z][A-Za-z&\-]+[ ]){0,2}[A-Z][A-Za-z&\-]{3,})(?:'s|’s)?\s*$"
)
# The word opening a headline whose bracketed ticker closes it: "Agilent To Remain Strong (A)".
_OPENING_WORD = re.compile(r"\s*([A-Z][A-Za-z&\-]{3,})")
_CLOSES_THE_TEXT = re.compile(_BRACKETED_TICKER.pattern + r"\s*\Z")


def _named_right_before(folded: str, bracket: int, entity: Entity, master: SecurityMaster) -> bool:
    """The company is named just before "(A)" by the first word of its English name ("Agilent
    (A)", "Agilent Tech (A)" for Agilent Technologies) or by its name written in words
    ("Alliance Bernstein (AB)" for AllianceBernstein); or a headline opens with that first word
    and the bracket closes it ("Agilent Sees Higher Profits; Beats Expectations (A)"): writer's
    shorthand for the company, then its ticker. A one-letter ticker confirmed so is as sure as
    a long one."""
    words = _WORDS_BEFORE_BRACKET.search(folded, max(0, bracket - 60), bracket)
    run = words.group(1).lower().split() if words else []
    tails = [run[k:] for k in range(len(run))]
    if _CLOSES_THE_TEXT.match(folded, bracket) and folded.find("\n", 0, bracket) < 0:
        opening = _OPENING_WORD.match(folded)
        if opening is not None:
            tails.append([opening.group(1).lower()])
    names = [n.key for n in master.names_of(entity.id) if n.lang == "en"]
    return any(_abbreviates(tail, key) for tail in tails for key in names)


def _abbreviates(words: list[str], key: str) -> bool:
    """`words` write the name `key`: its first word and then beginnings of its next words
    ("agilent tech" for "agilent technologies"), or the name with its spaces moved
    ("alliance bernstein" for "alliancebernstein")."""
    if "".join(words) == key.replace(" ", ""):
        return True
    parts = [p.strip(",.") for p in key.split(" ")]
    if len(words) > len(parts) or words[0] != parts[0]:
        return False
    return all(part.startswith(word) for word, part in zip(words[1:], parts[1:], strict=False))


def _on_main_us_exchange(entity: Entity, ticker: str) -> bool:
    """Listed under this ticker on NYSE or Nasdaq (an OTC ticker is too obscure to guess)."""
    return any(
        x.market == "US"
        and x.code.upper() == ticker
        and x.exchange.upper().startswith(("NYSE", "NASDAQ"))
        for x in entity.listings
    )


# A two-letter ticker is too often a word or a grade (AA rating, AI, GE…) to link bare; beside a
# word that only a stock takes ("AA Stock", "Shares of AA", "Interesting AA Put And Call
# Options") it is one.
_TWO_LETTER_TICKER = re.compile(r"(?<![A-Za-z0-9$\-.&'/=<])([A-Z]{2})(?![A-Za-z0-9\-&'/=>])")
# Two-letter abbreviations that take "stocks" as markets or sectors, not companies: "EM stocks",
# "TW stocks", "PC stocks" (countries and regions by their ISO codes, sectors, times of day).
_TWO_LETTER_NOT_TICKERS_TEXT = (
    "US UK EU HK CN JP IN CA DE FR AU KR TW SG BR MX RU ZA ES IT NL CH SE NO DK FI IE IL SA AE "
    "TH MY ID PH VN NZ AT BE PL TR AR CL CO PE EM DM TV PC AM PM IP SO GO AI EV VR OK "
    "TX NY NJ FL SF DC LA "
    # Analysts' shorthand: price target, P/E, ratings (market perform, equal weight…).
    "PT TP PE MP OP EW OW UW NR SB"
)
_TWO_LETTER_NOT_TICKERS = frozenset(_TWO_LETTER_NOT_TICKERS_TEXT.split())
_STOCK_WORD_AFTER = re.compile(
    r"[ ](?:Stock|Stocks|Shares|Options|Put|Puts|Call|Calls|Ex-Dividend|stock|shares|options)\b"
)
_STOCK_WORD_BEFORE = re.compile(r"(?i:(?:shares|stock) of )$")
# Capitals that begin a longer company name: "RF Industries, Ltd. (RFIL) Ex-Dividend…".
_NAME_GOES_ON = re.compile(
    r"[ ](?:[A-Z][a-z]+[ ])?(?:Industries|Inc|Corp|Corporation|Co|Company|Ltd|Limited|Group|"
    r"Holdings?|Technologies|Systems|Partners|Capital|Bancorp|Financial|Energy|Resources)\b"
)
# Talk only a listed security takes anywhere in the sentence: its options, its chart, its
# fundamentals ("AA Crosses Critical Technical Indicator", "Guru Fundamental Report for AA",
# "AA June 2nd Options Begin Trading").
_SECURITY_TALK = re.compile(
    r"(?<![A-Za-z])(?i:options? (?:activity|trading|begin|volume|chain)|moving average|"
    r"technical indicator|fundamental (?:report|analysis)|stock analysis|analyst target|"
    r"dividend stock|ex-dividend|oversold|overbought|short interest|price target|"
    r"(?:buy|sell|hold) rating)(?![A-Za-z])"
)


# A company's own news opens a headline with its ticker and a verb: "AB Announces March 31
# Assets Under Management", "AB Reports Prelim AUM".
_ACTOR_VERB_AFTER = re.compile(
    r"[ ](?:Announces|Reports|Reported|Posts|Declares|Prices|Completes|Files|Names|Appoints|"
    r"Launches|Acquires|Sells|Raises|Cuts|Lowers|Beats|Misses|Tops|Sees|Says|Expects|To)[ ]"
)
_LINE_START = re.compile(r"(?:^|\n|:)[ ]*$")  # a line, or what follows "UPDATE:"


def _opens_headline_as_actor(folded: str, token: re.Match[str], master: SecurityMaster) -> bool:
    """The ticker opens a line (or follows its "UPDATE:") and a corporate verb follows it, and
    no other company has it as a name ("HP Announces…" is HP Inc, whose ticker is HPQ; HP is
    Helmerich & Payne)."""
    if not _ACTOR_VERB_AFTER.match(folded, token.end()):
        return False
    if not _LINE_START.search(folded, max(0, token.start() - 4), token.start()):
        return False
    entity = lookup_us(master, token.group(1))
    owners = master.name_owners(token.group(1).lower())
    return entity is not None and set(owners) <= {entity.id}


def _two_letter_tickers(
    folded: str, master: SecurityMaster, start: int, end: int
) -> Iterator[Candidate]:
    talk: bool | None = None  # looked for once per sentence, on its first two-letter word
    for m in _TWO_LETTER_TICKER.finditer(folded, start, end):
        word = m.group(1)
        if _is_acronym(word):
            continue
        if not (
            _STOCK_WORD_AFTER.match(folded, m.end())
            or _STOCK_WORD_BEFORE.search(folded, max(0, m.start() - 10), m.start())
        ):
            if talk is None:
                talk = _SECURITY_TALK.search(folded, start, end) is not None
            talked_of = talk and not _NAME_GOES_ON.match(folded, m.end())
            if not talked_of and not _opens_headline_as_actor(folded, m, master):
                continue
        entity = lookup_us(master, word)
        if entity is not None and entity.kind == "equity" and _on_main_us_exchange(entity, word):
            yield Candidate(
                m.start(), m.end(), "ticker", word, entity_id=entity.id, outer_start=m.start()
            )


def find_bare_tickers(
    folded: str, master: SecurityMaster, sentences: list[tuple[int, int]]
) -> list[Candidate]:
    """Bare all-caps tickers in English sentences (no Han characters), outside the stoplist."""
    found: list[Candidate] = []
    for start, end in sentences:
        sentence = folded[start:end]
        if _HAN.search(sentence) or _looks_like_headline(sentence):
            continue
        found.extend(_two_letter_tickers(folded, master, start, end))
        for m in _BARE_TICKER.finditer(folded, start, end):
            word = m.group(1)
            if word in BARE_TICKER_STOPLIST:
                continue
            entity = lookup_us(master, word)
            if entity is None or entity.kind != "equity" or not _on_main_us_exchange(entity, word):
                continue
            found.append(
                Candidate(
                    m.start(), m.end(), "ticker", word, entity_id=entity.id, outer_start=m.start()
                )
            )
    return found
