"""The web page in a real headless Chromium against the real API over a real SQLite store.

A small corpus (Chinese and English, known times on 2025-11-20, one repeat, one title with
emoji before the mentions, one with HTML in its title and a javascript: URL) is ingested once;
the API runs under uvicorn on loopback (tests/apiserver.py) and Debian's Chromium is driven by
Playwright. Each test opens a fresh browser context (fresh localStorage) and fails on any
JavaScript error, console error or dialog. Screenshots of every page, desktop and phone, are
saved in test-artifacts/ at the repository root.

Skips when /usr/bin/chromium (or the playwright package) is absent, as on a user's clone;
fails instead when MARKETBUZZ_TEST_BROWSER_REQUIRED=1 (CI).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from marketbuzz.alerts import check_alerts, load_watchlist
from marketbuzz.ingest.runner import Ingester
from marketbuzz.master.load import SecurityMaster
from marketbuzz.store import Store
from marketbuzz.web.t2s import module_text
from tests.apiserver import ApiServer, run_api

try:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Page,
        ViewportSize,
        expect,
        sync_playwright,
    )
except ImportError:  # a clone without the test extras: the fixture below skips or fails
    HAVE_PLAYWRIGHT = False
else:
    HAVE_PLAYWRIGHT = True

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
STATIC = ROOT / "src" / "marketbuzz" / "web" / "static"
WATCHLIST = ROOT / "samples" / "watchlist.toml"
# The morning after the corpus: its moves are fresh enough for the watchlist's rules.
DAY_AFTER = 1763683200.0  # 2025-11-21T00:00:00Z
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000

# Invented news (figures are illustrative), all on 2025-11-20 UTC: long before "now", so the
# board shows the newest stored news and says so (as_of_reason "latest").
CORPUS: list[dict[str, str]] = [
    {
        "title": "騰訊績後急升4% 高盛上調目標價至720港元",
        "source": "港股快訊",
        "published": "2025-11-20T02:30:00Z",
        "url": "https://example.com/hk/tencent-results",
        "body": "騰訊控股(00700)公布第三季業績,收入按年增長15%,遊戲及廣告業務均超預期。"
        "股價今早急升4.2%,報668港元,成交額超過120億港元。\n\n"
        "高盛發表報告,將騰訊目標價由650港元上調至720港元,維持買入評級。\n\n"
        "南向資金今日淨流入85億港元,連續五日淨買入。",
    },
    {
        # The same story in Simplified script from another site: stored as a repeat of the first.
        "title": "腾讯绩后急升4% 高盛上调目标价至720港元",
        "source": "财经日报",
        "published": "2025-11-20T03:10:00Z",
        "url": "https://example.com/cn/tencent-results",
        "body": "腾讯控股(00700)公布第三季业绩,收入按年增长15%,游戏及广告业务均超预期。"
        "股价今早急升4.2%,报668港元,成交额超过120亿港元。\n\n"
        "高盛发表报告,将腾讯目标价由650港元上调至720港元,维持买入评级。\n\n"
        "南向资金今日净流入85亿港元,连续五日净买入。",
    },
    {
        "title": "美團急升6.5% 阿里巴巴升3.1% 恒生科技指數大漲",
        "source": "財經快訊",
        "published": "2025-11-20T08:15:00Z",
        "url": "https://example.com/hk/tech-rally",
        "body": "港股今日高開高走,恒生科技指數大漲3.5%。美團一度急升8%,收市升6.5%;"
        "阿里巴巴(09988)升3.1%,小米集團升5%,創七個月新高。\n\n"
        "另一方面,比亞迪股價回落超2%,蔚來跌近4%。",
    },
    {
        "title": "贵州茅台跌3% 白酒板块走弱",
        "source": "证券时报网",
        "published": "2025-11-20T07:05:00Z",
        "url": "https://example.com/cn/moutai",
        "body": "A股三大指数今日收跌,上证指数跌0.8%。白酒板块走弱,贵州茅台(600519)跌3%,"
        "报1450元,五粮液跌2.5%。\n\n宁德时代逆市上涨2.1%,公司宣布与多家车企签订电池供货协议。",
    },
    {
        "title": "Nvidia shares climb after Goldman raises target",
        "source": "Market Wire",
        "published": "2025-11-20T14:40:00Z",
        "url": "https://example.com/us/nvidia-goldman",
        "body": "Nvidia shares rose 3% on Thursday after Goldman Sachs raised its price target to "
        "$200, citing strong data-center demand from cloud providers and sovereign AI "
        "projects.\n\nThe stock has gained more than 40% this year, making it one of the best "
        "performers in the Philadelphia semiconductor index.",
    },
    {
        "title": "Nvidia beats forecasts as AI chip demand soars; AMD slips",
        "source": "Street Desk",
        "published": "2025-11-20T21:30:00Z",
        "url": "https://example.com/us/nvidia-earnings",
        "body": "Nvidia (NVDA) reported quarterly revenue of $57 billion, beating analyst "
        "estimates, as demand for its AI chips from cloud providers kept growing. Shares rose "
        "5% in after-hours trading.\n\nAdvanced Micro Devices (AMD) fell 2% as investors "
        "rotated into Nvidia. Microsoft and Apple were little changed.",
    },
    {
        "title": "比特幣跌穿9萬美元 期金逼近歷史高位",
        "source": "市場速遞",
        "published": "2025-11-20T13:05:00Z",
        "url": "https://example.com/hk/bitcoin",
        "body": "比特幣今晚一度急跌逾6%,跌穿9萬美元關口,較上月所創紀錄高位累計下跌超過3萬美元。"
        "以太坊同步下挫8%。\n\n分析人士表示,美元指數升至一個月新高,令加密貨幣承壓。",
    },
    {
        "title": "Bitcoin slides below $90,000 as dollar strengthens",
        "source": "Crypto Desk",
        "published": "2025-11-20T15:20:00Z",
        "url": "https://example.com/us/bitcoin",
        "body": "Bitcoin fell 6% to below $90,000 on Thursday, extending its slide from last "
        "month's record. Ether dropped 8%.\n\nTraders said a stronger dollar and rising "
        "Treasury yields weighed on crypto assets.",
    },
    {
        # Characters outside the BMP before the mentions: offsets count code points, which
        # JavaScript strings (UTF-16) do not. And a URL that must never become a link.
        "title": "🚀 Nvidia 🚀 rallies as Microsoft expands AI spending",
        "source": "Chip Wire",
        "published": "2025-11-20T16:00:00Z",
        "url": "javascript:alert(1)",
        "body": "Shares of Nvidia 📈 rose 2% after Microsoft said it would spend more on AI data "
        "centres. 🤖 Nvidia is the main supplier.",
    },
    {
        # Markup from the web must show as text, never run.
        "title": "Apple <img src=x onerror=alert(1)> supplier <b>rally</b>",
        "source": "<script>alert(1)</script>",
        "published": "2025-11-20T17:00:00Z",
        "url": "https://example.com/us/apple",
        "body": "Apple shares rose 1% as suppliers rallied. <script>alert(2)</script> Analysts "
        "said iPhone demand held up.",
    },
]
TENCENT_TITLE = CORPUS[0]["title"]
EMOJI_TITLE = CORPUS[8]["title"]
MARKUP_TITLE = CORPUS[9]["title"]


# ---------------------------------------------------------------- the files (no browser needed)


def test_the_page_never_turns_strings_into_markup_or_code() -> None:
    """No browser needed: the sources hold no innerHTML, eval or inline script, and a tight CSP."""
    scripts = {path.name: path.read_text(encoding="utf-8") for path in STATIC.glob("*.js")}
    assert {"app.js", "dom.js", "i18n.js", "charts.js", "api.js"} <= set(scripts)
    risky = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function"
    )
    for name, source in scripts.items():
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
        assert not risky.search(code), name
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self'" in page
    assert "default-src 'none'" in page
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None  # no inline script


def test_the_simplified_name_table_matches_the_engines_fold() -> None:
    assert (STATIC / "t2s.js").read_text(encoding="utf-8") == module_text(), (
        "static/t2s.js is stale: run `python -m marketbuzz.web.t2s`"
    )


# ---------------------------------------------------------------- fixtures


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"needs Debian's chromium at {CHROMIUM} (apt install chromium fonts-noto-cjk)"
    if not HAVE_PLAYWRIGHT:
        return "needs the playwright Python package (pip install playwright; no browser download)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    problem = _browser_problem()
    if problem:
        if os.environ.get("MARKETBUZZ_TEST_BROWSER_REQUIRED") == "1":
            pytest.fail(f"browser tests are required here but cannot run: {problem}")
        pytest.skip(problem)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def api(
    browser: Browser, master: SecurityMaster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """The API over a SQLite store holding CORPUS (asks for `browser` first: skip before work)."""
    folder = tmp_path_factory.mktemp("web")
    news = folder / "news"
    news.mkdir()
    for index, article in enumerate(CORPUS):
        text = json.dumps(article, ensure_ascii=False)
        (news / f"{index:02d}.json").write_text(text, encoding="utf-8")
    url = f"sqlite:///{folder / 'marketbuzz.db'}"
    store = Store.open(url)
    report = Ingester(store, master).run([str(news)])
    store.close()
    assert report.new == len(CORPUS), report.to_dict()
    with run_api(url) as server:
        yield server


@dataclass(slots=True)
class Problems:
    """What went wrong inside the page: errors, console errors, dialogs (an injected alert)."""

    seen: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.seen.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.seen.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("dialog", lambda dialog: self._dialog(dialog.message, dialog.dismiss))

    def _dialog(self, message: str, dismiss: Any) -> None:
        self.seen.append(f"dialog: {message}")
        dismiss()


def _open_context(
    browser: Browser, api: ApiServer, viewport: ViewportSize, locale: str
) -> tuple[BrowserContext, Page, Problems]:
    context = browser.new_context(
        viewport=viewport, locale=locale, base_url=api.base_url, timezone_id="UTC"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)
    return context, page, problems


@pytest.fixture
def page(browser: Browser, api: ApiServer) -> Iterator[Page]:
    """A desktop page in a fresh context; the browser's language is Hong Kong Chinese."""
    context, opened, problems = _open_context(browser, api, DESKTOP, "zh-HK")
    yield opened
    context.close()
    assert problems.seen == []


@pytest.fixture
def phone(browser: Browser, api: ApiServer) -> Iterator[Page]:
    context, opened, problems = _open_context(browser, api, PHONE, "en-US")
    yield opened
    context.close()
    assert problems.seen == []


# ---------------------------------------------------------------- helpers


def _get(api: ApiServer, path: str, **params: Any) -> Any:
    response = httpx.get(api.url(path), params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _article_id(api: ApiServer, title: str) -> int:
    page = _get(api, "/api/articles", limit=50)
    ids = [item["id"] for item in page["items"] if item["title"] == title]
    assert len(ids) == 1, f"{title!r} is stored {len(ids)} times"
    return int(ids[0])


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def _board_symbols(page: Page) -> list[str]:
    rows = page.locator("#board tbody tr.board-row")
    return [str(rows.nth(i).get_attribute("data-symbol")) for i in range(rows.count())]


def _mention_spans(analysis: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Every linked mention as (start, end, text), in text order; offsets count code points."""
    text: str = analysis["text"]
    spans = sorted(
        (mention["start"], mention["end"])
        for instrument in analysis["instruments"]
        for mention in instrument["mentions"]
    )
    return [(start, end, text[start:end]) for start, end in spans]


# ---------------------------------------------------------------- the board


def test_the_board_shows_the_api_ranking_and_says_it_is_an_archive(
    page: Page, api: ApiServer
) -> None:
    board = _get(api, "/api/hot", window="24h", market="all", top=20)
    expected = [row["symbol"] for row in board["rows"]]
    assert len(expected) >= 5
    assert board["as_of_reason"] == "latest"

    page.goto("/#/")
    expect(page.locator("#board tbody tr.board-row")).to_have_count(len(expected))
    assert _board_symbols(page) == expected
    ranks = page.locator("#board tbody td.rank .rank-number").all_inner_texts()
    assert ranks == [str(rank) for rank in range(1, len(expected) + 1)]
    expect(page.locator("#archive-notice")).to_be_visible()
    expect(page.locator("#updated")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    # as_of is the newest article's time (the page runs in UTC here, as as_of_iso is written).
    expect(page.locator("#as-of")).to_contain_text(board["as_of_iso"][11:16])
    assert page.locator(".rank-delta").count() == 0  # nothing to compare with yet

    top = board["rows"][0]
    first = page.locator("#board tbody tr.board-row").first
    expect(first.locator(".spark path.spark-line")).to_have_count(1)
    expect(first.locator("td.change")).to_contain_text("×")
    headline = first.locator("a.headline").first
    expect(headline).to_have_attribute("href", f"#/article/{top['headlines'][0]['article_id']}")
    _screenshot(page, "board-desktop")

    first.locator("td.buzz").click()  # the whole row opens the instrument
    expect(page).to_have_url(re.compile(rf"#/instrument/{re.escape(top['symbol'])}$"))
    expect(page.locator("svg#instrument-chart")).to_be_visible()


def test_market_and_window_choices_reload_the_board(page: Page, api: ApiServer) -> None:
    page.goto("/#/")
    expect(page.locator("#board tbody tr.board-row").first).to_be_visible()

    page.click("button[data-market='HK']")
    expected = [row["symbol"] for row in _get(api, "/api/hot", market="HK", top=20)["rows"]]
    assert "0700.HK" in expected
    assert "NVDA" not in expected
    expect(page).to_have_url(re.compile(r"#/\?market=HK$"))
    expect(page.locator("#board tbody tr.board-row")).to_have_count(len(expected))
    assert _board_symbols(page) == expected

    page.click("button[data-window='7d']")
    expect(page).to_have_url(re.compile(r"market=HK&window=7d$"))
    week = [
        row["symbol"] for row in _get(api, "/api/hot", market="HK", window="7d", top=20)["rows"]
    ]
    expect(page.locator("#board tbody tr.board-row")).to_have_count(len(week))
    assert _board_symbols(page) == week
    expect(page.locator("button[data-window='7d']")).to_have_attribute("aria-pressed", "true")


def test_the_board_refreshes_every_30_seconds_unless_paused(page: Page) -> None:
    page.clock.install()
    board_requests: list[str] = []
    page.on(
        "request",
        lambda request: board_requests.append(request.url) if "/api/hot" in request.url else None,
    )
    page.goto("/#/")
    expect(page.locator("#board tbody tr.board-row").first).to_be_visible()
    assert len(board_requests) == 1

    with page.expect_request("**/api/hot**"):
        page.clock.run_for(31_000)
    assert len(board_requests) == 2

    page.click("#pause")
    expect(page.locator("#pause")).to_have_attribute("aria-pressed", "true")
    page.clock.run_for(65_000)
    page.wait_for_timeout(200)
    assert len(board_requests) == 2


MEITUAN_BURST = [
    {
        "title": f"美團外賣單量創新高 股價急升{gain}%",
        "source": source,
        "published": f"2025-11-20T22:{minute}:00Z",
        "url": f"https://example.com/hk/meituan-{minute}",
        "body": f"美團(03690)公布外賣單量創新高,股價今晚在暗盤急升{gain}%。"
        f"{source}引述分析師指,美團的即時零售業務增長強勁。",
    }
    for gain, source, minute in [
        (7, "港股日報", "05"),
        (8, "財經快訊", "10"),
        (9, "市場速遞", "15"),
    ]
]


def test_a_refresh_shows_new_news_and_marks_who_moved(page: Page, api: ApiServer) -> None:
    page.clock.install()
    page.goto("/?lang=en#/")
    expect(page.locator("#board tbody tr.board-row").first).to_be_visible()
    before = _board_symbols(page)

    for article in MEITUAN_BURST:  # news arrives through the API, with a write key
        response = httpx.post(api.url("/api/articles"), json=article, headers=api.auth)
        assert response.status_code == 201, response.text
    after = [row["symbol"] for row in _get(api, "/api/hot", top=20)["rows"]]
    assert after.index("3690.HK") < before.index("3690.HK")

    with page.expect_response("**/api/hot**"):
        page.clock.run_for(31_000)
    expect(page.locator("#board tbody tr.board-row[data-symbol='3690.HK']")).to_have_attribute(
        "data-rank", str(after.index("3690.HK") + 1)
    )
    assert _board_symbols(page) == after
    for rank, symbol in enumerate(after, start=1):
        mark = page.locator(f"tr.board-row[data-symbol='{symbol}'] .rank-delta")
        if symbol not in before:
            expect(mark).to_have_text("new")
        elif before.index(symbol) + 1 == rank:
            expect(mark).to_have_count(0)
        else:
            gained = before.index(symbol) + 1 - rank
            expect(mark).to_have_text(f"{'▲' if gained > 0 else '▼'}{abs(gained)}")
    _screenshot(page, "board-after-refresh-desktop")


# ---------------------------------------------------------------- the article page


def test_an_article_highlights_every_mention_and_explains_it(page: Page, api: ApiServer) -> None:
    article_id = _article_id(api, TENCENT_TITLE)
    article = _get(api, f"/api/articles/{article_id}")
    spans = _mention_spans(article["analysis"])
    assert len(spans) >= 4

    page.goto(f"/#/article/{article_id}")
    marks = page.locator("#view mark.mention")
    expect(marks).to_have_count(len(spans))
    shown = [
        (
            int(str(mark.get_attribute("data-start"))),
            int(str(mark.get_attribute("data-end"))),
            mark.inner_text(),
        )
        for mark in marks.all()
    ]
    assert shown == spans

    # The text around the highlights is the analysis text, untouched.
    title = page.locator("h1.article-title").inner_text()
    body = page.locator("#article-text").text_content()
    assert title == TENCENT_TITLE
    assert body == article["analysis"]["text"][article["analysis"]["body_offset"] :]

    tencent = page.locator("#view mark.mention[data-entity='0700.HK']").first
    tencent.hover()
    popover = page.locator("#popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("0700.HK")
    expect(popover).to_contain_text("騰訊控股")
    expect(popover.locator(".pop-moves li")).to_have_count(
        sum(1 for move in article["analysis"]["moves"] if move["entity_id"] == "0700.HK")
    )

    analysis = article["analysis"]
    expect(page.locator(".side-moves li")).to_have_count(len(analysis["moves"]))
    expect(page.locator(".side-events li")).to_have_count(len(analysis["events"]))
    expect(page.locator(".side-themes li")).to_have_count(len(analysis["themes"]))
    # A side item lights up its passage in the text (CSS Custom Highlight, no DOM change).
    event = analysis["events"][1]
    page.locator(".side-events li").nth(1).hover()
    lit = page.evaluate("[...CSS.highlights.get('passage')].map((r) => r.toString())")
    assert lit == [event["text"]]
    expect(marks).to_have_count(len(spans))

    repeat_ids = [item["id"] for item in article["repeats"]]
    assert repeat_ids
    expect(page.locator("a.repeat-link")).to_have_attribute("href", f"#/article/{repeat_ids[0]}")
    _screenshot(page, "article-desktop")

    page.click("a.repeat-link")
    expect(page.locator("a.original-link")).to_have_attribute("href", f"#/article/{article_id}")
    expect(page.locator("h1.article-title")).to_have_attribute("lang", "zh-Hans")


def test_offsets_count_code_points_so_emoji_do_not_shift_highlights(
    page: Page, api: ApiServer
) -> None:
    article_id = _article_id(api, EMOJI_TITLE)
    analysis = _get(api, f"/api/articles/{article_id}")["analysis"]
    spans = _mention_spans(analysis)
    page.goto(f"/?lang=en#/article/{article_id}")
    marks = page.locator("#view mark.mention")
    expect(marks).to_have_count(len(spans))
    assert marks.all_inner_texts() == [text for _, _, text in spans]
    assert {"Nvidia", "Microsoft"} <= set(marks.all_inner_texts())
    # A passage spanning the emoji lights up exactly, too.
    move = analysis["moves"][0]
    assert move["text"].count("🚀") == 2
    page.locator(".side-moves li").first.hover()
    lit = page.evaluate("[...CSS.highlights.get('passage')].map((r) => r.toString())")
    assert lit == [move["text"]]
    # Its URL is "javascript:…": no link is made of it.
    assert page.locator("a[href^='javascript']").count() == 0
    expect(page.locator(".story-links a.button-link")).to_have_count(0)


def test_markup_from_the_web_is_shown_as_text(page: Page, api: ApiServer) -> None:
    article_id = _article_id(api, MARKUP_TITLE)
    page.goto(f"/?lang=en#/article/{article_id}")
    expect(page.locator("h1.article-title")).to_have_text(MARKUP_TITLE)
    expect(page.locator(".article-main .source")).to_have_text("<script>alert(1)</script>")
    assert page.locator("#view img, #view script, #view b").count() == 0

    page.goto("/?lang=en#/search?q=supplier")
    expect(page.locator("a.article-link", has_text="<img src=x")).to_have_count(1)
    assert page.locator("#view img").count() == 0


# ---------------------------------------------------------------- the instrument page


def test_an_instrument_page_draws_buzz_and_sentiment(page: Page, api: ApiServer) -> None:
    page.goto("/#/instrument/0700.HK")
    chart = page.locator("svg#instrument-chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() >= 1
    expect(chart.locator("path.sentiment-line, circle.sentiment-dot").first).to_be_attached()
    assert chart.locator("text.axis-label").count() >= 6
    expect(page.locator(".instrument-head h1")).to_contain_text("騰訊控股")
    expect(page.locator(".instrument-head .chips")).to_contain_text("0700.HK")
    # Nothing was said about it in the week ending now: the page shows the archive's week.
    expect(page.locator("#archive-notice")).to_be_visible()

    newest = _get(api, "/api/instruments/0700.HK")["articles"][0]["at"]
    archived = _get(api, "/api/instruments/0700.HK", as_of=newest)
    bars = sum(1 for bucket in archived["series"] if bucket["buzz"] > 0)
    assert chart.locator("rect.bar").count() == bars
    # One entry per story: the moves and events read in a repeat are not listed again.
    repeats = {item["id"] for item in archived["articles"] if item["repeat_of"]}
    assert repeats
    timeline = [
        item for item in archived["moves"] + archived["events"] if item["article_id"] not in repeats
    ]
    expect(page.locator(".timeline li")).to_have_count(len(timeline))
    expect(page.locator(".article-list li")).to_have_count(len(archived["articles"]))
    expect(page.locator("table.listings tbody tr")).to_have_count(
        len(archived["instrument"]["listings"])
    )
    _screenshot(page, "instrument-desktop")

    page.click("button[data-window='24h']")
    expect(page).to_have_url(re.compile(r"#/instrument/0700\.HK\?window=24h$"))
    day = _get(api, "/api/instruments/0700.HK", window="24h", buckets=24, as_of=newest)
    day_bars = sum(1 for bucket in day["series"] if bucket["buzz"] > 0)
    expect(page.locator("svg#instrument-chart rect.bar")).to_have_count(day_bars)
    expect(page.locator("button[data-window='24h']")).to_have_attribute("aria-pressed", "true")

    # Every article naming it, not only the latest 20.
    page.click("a.all-articles")
    expect(page).to_have_url(re.compile(r"#/search\?symbol=0700\.HK$"))
    everything = _get(api, "/api/articles", symbol="0700.HK", limit=50)
    expect(page.locator(".article-list li.article-item")).to_have_count(len(everything["items"]))
    expect(page.locator("#more-results")).to_be_hidden()


# ---------------------------------------------------------------- language, search, phone


def test_the_language_follows_the_browser_then_the_switcher(page: Page) -> None:
    page.goto("/#/")
    title = page.locator("#board-title")
    expect(title).to_have_text("熱議股票")  # the browser says zh-HK
    expect(page.locator("tr.board-row[data-symbol='0700.HK'] .name")).to_have_text("騰訊控股")
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert "Noto Sans CJK TC" in page.evaluate("getComputedStyle(document.body).fontFamily")

    page.click("#lang-switch button[data-lang='zh-Hans']")
    expect(title).to_have_text("热议股票")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    assert "Noto Sans CJK TC" not in font
    _screenshot(page, "board-desktop-zh-Hans")

    # Names from the master (Traditional) follow the interface's script.
    expect(page.locator("tr.board-row[data-symbol='0700.HK'] .name")).to_have_text("腾讯控股")

    page.click("#lang-switch button[data-lang='en']")
    expect(title).to_have_text("Hot now")
    expect(page.locator("button[data-market='CN']")).to_have_text("A-share")
    page.goto("/#/")  # the URL's ?lang= and localStorage both remember it
    page.reload()
    expect(page.locator("#board-title")).to_have_text("Hot now")
    page.goto("/?lang=zh-Hans#/")
    expect(page.locator("#board-title")).to_have_text("热议股票")


def test_search_suggests_instruments_and_enter_searches_the_text(
    page: Page, api: ApiServer
) -> None:
    page.goto("/#/")
    search = page.locator("#search")
    search.fill("騰訊")
    expect(page.locator("#suggestions li.suggestion[data-symbol='0700.HK']")).to_be_visible()
    _screenshot(page, "search-suggestions-desktop")

    search.fill("NVDA")
    suggestion = page.locator("#suggestions li.suggestion[data-symbol='NVDA']")
    expect(suggestion).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"#/instrument/NVDA$"))
    expect(page.locator("svg#instrument-chart")).to_be_visible()

    search.fill("Goldman")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"#/search\?q=Goldman$"))
    found = _get(api, "/api/articles", q="Goldman", limit=50)
    assert found["total"] >= 1
    items = page.locator(".article-list li.article-item")
    expect(items).to_have_count(len(found["items"]))
    assert [item.get_attribute("data-id") for item in items.all()] == [
        str(item["id"]) for item in found["items"]
    ]
    _screenshot(page, "search-desktop")


def test_a_missing_article_or_instrument_says_so_in_words(browser: Browser, api: ApiServer) -> None:
    context, page, problems = _open_context(browser, api, DESKTOP, "en-US")
    page.goto("/#/article/999999")
    expect(page.locator("#view .error")).to_contain_text("999999")
    page.goto("/#/instrument/NO-SUCH-THING")
    expect(page.locator("#view .error")).to_contain_text("NO-SUCH-THING")
    expect(page.locator("#view .error button")).to_be_visible()  # retry
    page.locator("#view .error button").click()  # fetches again: the same error, not a blank view
    expect(page.locator("#view .error")).to_contain_text("NO-SUCH-THING")
    page.goto("/#/search?q=zzqqxxnothing")  # a search with no hits is a page, not an error
    expect(page.locator("#view .search-page")).to_be_visible()
    context.close()
    # The browser logs each 404 response; nothing else may go wrong.
    assert [p for p in problems.seen if "404" not in p] == []


@pytest.fixture(scope="module")
def private_api(api: ApiServer) -> Iterator[ApiServer]:
    """The same store served privately (`serve --private`): every read needs a key."""
    with run_api(settings=replace(api.settings, private=True)) as server:
        yield server


def test_a_private_server_asks_for_a_key_once(browser: Browser, private_api: ApiServer) -> None:
    context, page, problems = _open_context(browser, private_api, DESKTOP, "en-US")
    page.goto("/?lang=en#/")
    form = page.locator("form.key-form")
    expect(form).to_be_visible()
    expect(page.locator("#alerts-button")).to_have_attribute("data-live", "locked")
    form.locator("input").fill("密鑰 with spaces")  # no header can carry it: not submitted
    form.locator("button").click()
    assert form.locator("input").evaluate("input => input.validity.patternMismatch")
    form.locator("input").fill("not-a-key")
    form.locator("button").click()
    expect(page.locator("form.key-form")).to_contain_text("not valid")  # asked again
    _screenshot(page, "private-key")
    page.locator("form.key-form input").fill(private_api.key)
    page.locator("form.key-form button").click()
    expect(page.locator("#board tbody tr.board-row").first).to_be_visible()
    # The alert stream, which EventSource could not open with a key, is live now.
    expect(page.locator("#alerts-button")).to_have_attribute("data-live", "open")
    page.reload()  # the key is remembered in this browser
    expect(page.locator("#board tbody tr.board-row").first).to_be_visible()
    expect(page.locator("form.key-form")).to_have_count(0)
    # A stored key no header can carry (edited by hand) is left out: the page asks again.
    page.evaluate("localStorage.setItem('marketbuzz.apiKey', '密鑰')")
    page.reload()
    expect(page.locator("form.key-form")).to_be_visible()
    context.close()
    # The browser logs each refused (401) request; nothing else may go wrong.
    assert [p for p in problems.seen if "401" not in p] == []


def test_alerts_arrive_live_while_the_page_is_open(
    page: Page, api: ApiServer, master: SecurityMaster
) -> None:
    page.goto("/?lang=en#/")
    expect(page.locator("#alerts-button")).to_have_attribute("data-live", "open")
    expect(page.locator("#alerts-count")).to_be_hidden()

    assert api.settings.db is not None
    store = Store.open(api.settings.db)
    fired = check_alerts(store, load_watchlist(WATCHLIST, master), as_of=DAY_AFTER)
    store.close()
    assert 1 <= len(fired) <= 20

    expect(page.locator("#alerts-count")).to_have_text(str(len(fired)))
    expect(page.locator(".toast").last).to_contain_text(fired[-1].message)
    assert page.locator(".toast").count() == min(3, len(fired))
    page.click("#alerts-button")
    items = page.locator("#alerts-list li.alert-item")
    expect(items).to_have_count(len(fired))
    shown = [item.get_attribute("data-id") for item in items.all()]
    assert shown == [str(alert.id) for alert in reversed(fired)]  # newest first
    expect(page.locator("#alerts-count")).to_be_hidden()
    _screenshot(page, "alerts-desktop")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("board", "/#/"),
        ("article", "/#/article/{article}"),
        ("instrument", "/#/instrument/0700.HK"),
        ("search", "/#/search?q=Nvidia"),
    ],
)
def test_a_phone_shows_every_page_without_sideways_scrolling(
    phone: Page, api: ApiServer, name: str, path: str
) -> None:
    phone.goto(path.format(article=_article_id(api, TENCENT_TITLE)))
    ready = {
        "board": "#board tbody tr.board-row",
        "article": "#view mark.mention",
        "instrument": "svg#instrument-chart rect.bar",
        "search": ".article-list li",
    }[name]
    expect(phone.locator(ready).first).to_be_visible()
    widths = phone.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2] == PHONE["width"]
    _screenshot(phone, f"{name}-phone")
