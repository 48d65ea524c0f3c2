"""Events: each rule on its own sentences (Simplified, Traditional, English) and on the seed."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from marketbuzz.document import Document
from marketbuzz.extract.events import extract_events
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.model import Article, Event, Mention
from marketbuzz.text.fold import fold

# -- a tiny security master and a mention scanner shared by the extractor tests -------------

_ROWS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    # id, kind, roles, zh names, en names, themes
    ("ORCL", "equity", "", ("甲骨文",), ("Oracle",), ("cloud",)),
    ("TSLA", "equity", "", ("特斯拉",), ("Tesla",), ("ev",)),
    ("^SOX", "index", "", ("芯片指数", "费城半导体指数"), (), ("semiconductors",)),
    ("TMQ", "equity", "", (), ("Trilogy Metals",), ()),
    ("^HXC", "index", "", ("中概指数",), (), ()),
    (
        "BABA",
        "equity",
        "",
        ("阿里巴巴", "阿里", "阿里云", "阿里云通义千问", "通义千问"),
        ("Alibaba", "QWEN"),
        ("e_commerce", "cloud", "ai"),
    ),
    ("300750.SZ", "equity", "", ("宁德时代",), ("CATL",), ("ev",)),
    ("JD", "equity", "", ("京东",), ("JD.com",), ("e_commerce",)),
    ("AMD", "equity", "", ("超威半导体", "超威"), ("AMD",), ("semiconductors", "ai")),
    ("NVDA", "equity", "", ("英伟达", "辉达"), ("Nvidia",), ("semiconductors", "ai", "big_tech")),
    ("^GSPC", "index", "", ("标普",), ("S&P 500",), ()),
    ("^IXIC", "index", "", ("纳指",), ("Nasdaq",), ()),
    ("DX-Y.NYB", "fx", "", ("美元指数",), (), ()),
    ("JPY=X", "fx", "", ("日元",), (), ()),
    ("BTC-USD", "crypto", "", ("比特币",), ("Bitcoin",), ("crypto",)),
    ("GC=F", "commodity", "", ("期金",), (), ("gold",)),
    ("SI=F", "commodity", "", ("期银",), (), ("gold",)),
    ("MS", "equity", "broker", ("摩根士丹利", "大摩"), ("Morgan Stanley",), ()),
    ("JPM", "equity", "broker", ("摩根大通", "小摩"), ("JPMorgan",), ()),
    ("org:clsa", "organization", "broker", ("里昂",), ("CLSA",), ()),
    ("8601.T", "equity", "broker", ("大和证券",), ("Daiwa",), ()),
    ("GS", "equity", "broker", ("高盛",), ("Goldman Sachs",), ()),
    ("org:openai", "organization", "", (), ("OpenAI",), ("ai",)),
    ("org:praetorian-capital", "organization", "", (), ("Praetorian Capital",), ()),
    ("org:lucent", "organization", "", (), ("Lucent",), ()),
    ("org:nortel", "organization", "", (), ("Nortel",), ()),
    ("0700.HK", "equity", "", ("腾讯", "腾讯控股"), ("Tencent",), ("ai",)),
    ("AAPL", "equity", "", ("苹果",), ("Apple",), ()),
    ("600519.SS", "equity", "", ("贵州茅台", "茅台"), (), ()),
    ("SOFTBANK", "equity", "", ("软银",), ("SoftBank",), ()),
    ("INTC", "equity", "", ("英特尔",), ("Intel",), ("semiconductors",)),
    ("MSFT", "equity", "", ("微软",), ("Microsoft",), ("cloud", "ai", "big_tech")),
)


def build_master(
    rows: Iterable[tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = _ROWS,
) -> SecurityMaster:
    entities: list[Entity] = []
    names: list[Name] = []
    for entity_id, kind, roles, zh, en, themes in rows:
        listing = () if kind == "organization" else (Listing(entity_id, "US"),)
        entities.append(
            Entity(
                entity_id,
                (en or zh)[0],
                zh[0] if zh else None,
                kind,
                listing,
                tuple(r for r in roles.split(",") if r),
                themes,
            )
        )
        names += [Name(entity_id, fold(z), z, "short", "zh") for z in zh]
        names += [Name(entity_id, fold(e).lower(), e, "english", "en") for e in en]
    return SecurityMaster(entities, names, "test")


MASTER = build_master()


def scan_mentions(doc: Document, master: SecurityMaster = MASTER) -> list[Mention]:
    """Every Chinese name and whole-word Latin name of the master, as the linker would find."""
    found: list[Mention] = []
    for start, end, names in master.scan_cjk(doc.folded):
        found.append(Mention(names[0].entity_id, start, end, doc.text[start:end]))
    lowered = doc.folded.lower()
    for start, end, names in master.scan_latin(lowered):
        before = lowered[start - 1 : start]
        after = lowered[end : end + 1]
        if re.match(r"[a-z0-9]", before) or re.match(r"[a-z]", after):
            continue
        found.append(Mention(names[0].entity_id, start, end, doc.text[start:end], via="latin"))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def make_doc(body: str, title: str = "") -> Document:
    return Document(Article(title=title, body=body))


def events_of(body: str, kind: str | None = None) -> list[Event]:
    doc = make_doc(body)
    found = extract_events(doc, scan_mentions(doc), MASTER)
    return [e for e in found if kind is None or e.type == kind]


# -- analyst actions ------------------------------------------------------------------------


def test_target_raise_one_event_per_broker_traditional() -> None:
    found = events_of(
        "近期，摩根大通、里昂、大和證券等大行也紛紛提高阿里目標價。", "analyst_target"
    )
    assert [e.actor_ids for e in found] == [("JPM",), ("org:clsa",), ("8601.T",)]
    assert all(e.subject_ids == ("BABA",) for e in found)
    assert all(e.attributes["direction"] == "up" and e.attributes["target"] is None for e in found)
    assert all(e.polarity > 0 for e in found)


def test_target_cut_with_value_simplified() -> None:
    (event,) = events_of("高盛将腾讯目标价由650港元下调至560港元，维持买入评级。", "analyst_target")
    assert event.attributes["direction"] == "down"
    assert event.attributes["target"] == 560
    assert event.attributes["currency"] == "HKD"
    assert event.subject_ids == ("0700.HK",)
    assert event.polarity < 0


def test_target_raise_english() -> None:
    (event,) = events_of(
        "Goldman Sachs raised its price target on Nvidia to $210 from $180.", "analyst_target"
    )
    assert event.attributes["direction"] == "up"
    assert event.attributes["target"] == 210
    assert event.actor_ids == ("GS",)
    assert event.subject_ids == ("NVDA",)


def test_rating_actions() -> None:
    (up,) = events_of("大摩将英特尔评级上调至增持。", "analyst_rating")
    assert up.attributes["action"] == "upgrade"
    assert up.polarity > 0
    assert up.subject_ids == ("INTC",)
    assert up.actor_ids == ("MS",)
    (down,) = events_of("JPMorgan downgraded Apple to Neutral.", "analyst_rating")
    assert down.attributes["action"] == "downgrade"
    assert down.attributes["rating"] == "neutral"
    assert down.polarity < 0
    (first,) = events_of("高盛首予宁德时代买入评级。", "analyst_rating")
    assert first.attributes["action"] == "initiate"
    assert first.polarity > 0


# -- fund flows and holdings ----------------------------------------------------------------

FLOWS = (
    "摩根士丹利發表報告顯示，8月南向資金淨流入港股達120億港元，為年內單月最高。"
    "其中被動基金流入30億美元，主動基金則流出5億美元。"
    "年初至今，外資長倉基金累計流出80億美元，相較2023年全年的200億美元淨流出明顯放緩。"
)


def test_fund_flows_amounts_kinds_periods_and_source() -> None:
    found = events_of(FLOWS, "fund_flow")
    assert [
        (e.attributes["direction"], e.attributes["amount"], e.attributes["currency"]) for e in found
    ] == [("in", 1.2e10, "HKD"), ("in", 3e9, "USD"), ("out", 5e8, "USD"), ("out", 8e9, "USD")]
    first, passive, active, long_only = found
    assert first.attributes["kind"] == "southbound"
    assert first.attributes["period"] == "8月"
    assert first.attributes["net"] is True
    assert first.attributes["market"] == "HK"
    assert "年内单月最高" in fold(str(first.attributes["note"]))
    assert passive.attributes["kind"] == "passive"
    assert active.attributes["kind"] == "active"
    assert long_only.attributes["kind"] == "long_only"
    assert long_only.attributes["cumulative"] is True
    assert long_only.attributes["period"] == "年初至今"
    comparisons = long_only.attributes["comparisons"]
    assert isinstance(comparisons, list)
    (comparison,) = comparisons
    assert comparison["amount"] == 2e10
    assert comparison["direction"] == "out"
    assert comparison["period"] == "2023年全年"
    assert all(e.attributes["source"] == "MS" for e in found)
    assert all(e.polarity > 0 for e in found[:2])
    assert all(e.polarity < 0 for e in found[2:])


def test_fund_flow_english() -> None:
    (event,) = events_of(
        "Chinese stocks saw net inflows of $4.6 billion in September.", "fund_flow"
    )
    assert event.attributes["direction"] == "in"
    assert event.attributes["amount"] == 4.6e9
    assert event.attributes["market"] == "CN"
    assert event.attributes["period"] == "in September"


def test_holding_change_subjects_and_weight() -> None:
    (most,) = events_of("其中，阿里巴巴寧德時代京東獲得最多增持。", "holding_change")
    assert most.subject_ids == ("BABA", "300750.SZ", "JD")
    assert most.attributes["direction"] == "up"
    (weight,) = events_of(
        "贵州茅台获得了最大幅度增持，投资组合综合权重增幅达2.5%。", "holding_change"
    )
    assert weight.subject_ids == ("600519.SS",)
    assert weight.attributes["weight_change"] == 2.5
    (cut,) = events_of("基金经理三季度大幅减持腾讯控股。", "holding_change")
    assert cut.attributes["direction"] == "down"
    assert cut.polarity < 0
    assert not events_of("其中，阿里巴巴寧德時代京東獲得最多增持。", "fund_flow")


# -- stakes, launches, earnings, rankings ---------------------------------------------------


def test_government_stake() -> None:
    (event,) = events_of("美政府將入股，Trilogy Metals暴漲211%。", "stake")
    assert event.attributes["actor"] == "US government"
    assert event.subject_ids == ("TMQ",)
    (en,) = events_of("The U.S. government will take a 10% stake in Intel.", "stake")
    assert en.attributes["actor"] == "US government"
    assert en.attributes["percent"] == 10
    assert en.subject_ids == ("INTC",)


def test_company_stake_actor_and_subject() -> None:
    (event,) = events_of("软银宣布入股英特尔，持有约2%的股份。", "stake")
    assert event.actor_ids == ("SOFTBANK",)
    assert event.subject_ids == ("INTC",)
    assert event.attributes["percent"] == 2


def test_product_launch_models_and_date() -> None:
    body = (
        "阿里雲通義千問於10月4日宣佈開源 Qwen3-VL-30B-A3B-Instruct與Thinking模型，"
        "並同步推出FP8版本以及超大規模模型Qwen3-VL-235B-A22B的FP8版本。"
    )
    (event,) = events_of(body, "product_launch")
    assert event.subject_ids == ("BABA",)
    products = event.attributes["products"]
    assert products == ["Qwen3-VL-30B-A3B-Instruct", "Thinking", "Qwen3-VL-235B-A22B"]
    assert event.attributes["date"] == "10月4日"
    (en,) = events_of("Apple unveiled the iPhone-17 Pro on Tuesday.", "product_launch")
    assert en.subject_ids == ("AAPL",)
    assert not events_of("据署名为「QWEN」的X账号突然发布消息称，阿里巴巴获奖。", "product_launch")


def test_earnings_polarity() -> None:
    (bad,) = events_of("甲骨文被爆雲利潤率遜色，引發大型科技股的拋售。", "earnings")
    assert bad.subject_ids == ("ORCL",)
    assert bad.polarity < 0
    assert bad.attributes["metric"] == "利潤率"
    (good,) = events_of("腾讯第三季度净利润同比增长18%，超预期。", "earnings")
    assert good.polarity > 0
    (miss,) = events_of("Tesla missed profit estimates as margins fell.", "earnings")
    assert miss.polarity < 0
    assert miss.subject_ids == ("TSLA",)


def test_ranking_with_pronoun_subject() -> None:
    body = "阿里巴巴人工智能方向進展很快。其大模型榮登視覺排行榜第二名。"
    (event,) = events_of(body, "ranking")
    assert event.subject_ids == ("BABA",)
    assert event.attributes["rank"] == 2
    assert event.polarity > 0


# -- macro and comparisons ------------------------------------------------------------------


def test_macro_labels() -> None:
    found = events_of("此外，通脹預期上升和美國政府關門持續，也為市場回調提供了宏觀背景。", "macro")
    labels = [e.attributes["label"] for e in found]
    assert labels == ["inflation_expectations", "government_shutdown"]
    assert all(e.polarity < 0 for e in found)
    (cut,) = events_of("市场押注美联储12月降息。", "macro")
    assert cut.attributes["label"] == "rate_cut"
    assert cut.polarity > 0
    assert not events_of("若经济陷入衰退，AI权重可能更大。", "macro")


def test_comparison_borrows_previous_subject() -> None:
    body = "例如輝達即將成為前十大風險投資人之一。他將之比喻為網絡泡沫時期Lucent和Nortel的情形。"
    (event,) = events_of(body, "comparison")
    assert event.subject_ids == ("NVDA",)
    assert event.attributes["compared_to"] == ["org:lucent", "org:nortel"]
    assert event.polarity < 0
    (en,) = events_of("Analysts likened Nvidia to Cisco in the dot-com bubble.", "comparison")
    assert en.subject_ids == ("NVDA",)


# -- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "。。。", "目标价", "\u3000\n\n", "流入" * 1000, "𠀀" * 10])
def test_odd_input_never_raises(body: str) -> None:
    events_of(body)


def test_seed_events(seed_text: str) -> None:
    doc = make_doc(seed_text)
    found = extract_events(doc, scan_mentions(doc), MASTER)
    kinds = {e.type for e in found}
    assert {
        "analyst_target",
        "fund_flow",
        "holding_change",
        "stake",
        "product_launch",
        "earnings",
        "ranking",
        "macro",
        "comparison",
    } <= kinds
    targets = [e for e in found if e.type == "analyst_target"]
    assert sorted(a for e in targets for a in e.actor_ids) == ["8601.T", "JPM", "org:clsa"]
    flows = [
        (e.attributes["direction"], e.attributes["amount"]) for e in found if e.type == "fund_flow"
    ]
    for expected in [
        ("in", 4.6e9),
        ("in", 5.2e9),
        ("out", 6e8),
        ("in", 1.8e10),
        ("out", 1.2e10),
        ("in", 6e9),
    ]:
        assert expected in flows
    assert {e.attributes.get("source") for e in found if e.type == "fund_flow"} == {"MS"}
    earnings = [e for e in found if e.type == "earnings"]
    assert any(e.subject_ids == ("ORCL",) and e.polarity < 0 for e in earnings)


def test_headline_style_rating_and_target() -> None:
    found = events_of("Morgan Stanley Maintains Overweight on Nvidia, Raises Price Target to $210")
    by_type = {e.type: e for e in found}
    assert by_type["analyst_rating"].attributes["action"] == "maintain"
    assert by_type["analyst_rating"].attributes["rating"] == "overweight"
    assert by_type["analyst_target"].attributes["target"] == 210
    assert by_type["analyst_target"].actor_ids == ("MS",)
    (upgrade,) = events_of(
        "Nvidia shares rose after Goldman Sachs upgraded the stock from Sell to Neutral.",
        "analyst_rating",
    )
    assert upgrade.attributes["rating"] == "neutral"
    assert not events_of("Benzinga's Top Upgrades, Downgrades For February 24, 2020")
    assert not events_of("10 Biggest Price Target Changes For Friday")


def test_announcement_language_is_not_an_event() -> None:
    # Real A-share announcement phrasing (Astock): none of these is the event its word suggests.
    assert not events_of("達安基因發布股票交易異常波動公告稱，產品存在不確定性。", "product_launch")
    assert not events_of("公司没有推出任何新款手机产品。", "product_launch")
    assert not events_of(
        "许广彬先生在未来12个月无增持上市公司股份的计划，宁德时代回应。", "holding_change"
    )
    assert not events_of("扣除投資成本和相關稅費後淨收益約3.26億元。", "macro")
    assert not events_of("宁德时代是该公司的参股股东，仅持有5%的股权。", "stake")
    assert not events_of("苏同增持京东股票25万股，增持平均价格为25.34元/股。", "fund_flow")


# -- the shared word finder (lexicon.WordFinder, on ahocorasick-rs) --------------------------


def test_word_finder_whole_words_prefixes_and_longest() -> None:
    from marketbuzz.extract.lexicon import WordFinder

    finder = WordFinder({"launch": "l", "ai": "a", "芯片": "c", "ai芯片": "ac"}, prefixes=True)
    text = "launched said ai芯片 relaunch 芯片"
    assert finder.find_all(text) == [(0, 6, "l"), (14, 18, "ac"), (28, 30, "c")]
    assert list(finder.finditer(text, 14, 30)) == [(14, 18, "ac"), (28, 30, "c")]
    whole = WordFinder({"rise": 1})
    assert whole.find_all("sunrise rises rise") == [(14, 18, 1)]
    assert WordFinder({}).find_all("text") == []


def test_nothing_imports_pyahocorasick() -> None:
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "src"
    offenders = [
        path.name
        for path in source.rglob("*.py")
        if re.search(r"^\s*(?:import ahocorasick\b|from ahocorasick\b)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_lone_surrogates_never_raise() -> None:
    body = "阿里巴巴\ud800宣布推出新款芯片。他表示芯片需求\udfff增长50%，目标价上调。"
    doc = make_doc(body)
    found = extract_events(doc, scan_mentions(doc), MASTER)
    assert any(e.type == "product_launch" for e in found)


# -- rules found reading the bundled samples ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("高盛發表報告,將騰訊目標價由650港元上調至720港元,維持買入評級。", "maintain"),
        ("高盛将腾讯目标价上调至720港元，重申买入评级。", "maintain"),
        ("高盛将腾讯评级上调至买入。", "upgrade"),
        ("摩根大通將騰訊評級下調至中性。", "downgrade"),
    ],
)
def test_a_target_raise_is_not_a_rating_upgrade(text: str, action: str) -> None:
    ratings = events_of(text, "analyst_rating")
    assert [e.attributes["action"] for e in ratings] == [action]


def test_stock_connect_flows_are_not_sourced_from_an_earlier_report() -> None:
    later = events_of("高盛發表報告看好騰訊。\n\n南向資金今日淨流入85億港元。", "fund_flow")
    assert [e.attributes["source"] for e in later] == [None]
    same = events_of("摩根士丹利报告显示，南向资金9月净流入100亿港元。", "fund_flow")
    assert [e.attributes["source"] for e in same] == ["MS"]
    foreign = events_of("摩根士丹利发表报告。境外资金9月流入46亿美元。", "fund_flow")
    assert [e.attributes["source"] for e in foreign] == ["MS"]


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("英偉達季績勝預期，盤後升4%", 1),  # Hong Kong: 季績 (quarterly results), 勝預期
        ("英伟达季绩胜预期，盘后升4%", 1),
        ("英偉達公布第三季收入570億美元，按年增長62%", 1),
        ("特斯拉發盈警，預期全年利潤大減", -1),  # 盈警: a profit warning
        ("特斯拉发盈喜，预计中期纯利增长", 1),  # 盈喜: a positive profit alert
        ("甲骨文季績遜預期，股價急跌", -1),
    ],
)
def test_hong_kong_earnings_words(text: str, sign: int) -> None:
    (event,) = events_of(text, "earnings")
    assert event.polarity * sign > 0
