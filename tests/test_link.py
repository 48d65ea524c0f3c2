"""Linking mentions to instruments: codes, names, ambiguity, market hints and roles.

Sentences are written for these tests in Traditional Chinese, Simplified Chinese and English;
each rule is shown in both directions (links / does not link).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketbuzz.document import Document
from marketbuzz.link import link_mentions
from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Name
from marketbuzz.model import Article, Mention
from tests.test_link_support import small_master


@pytest.fixture(scope="module")
def master() -> SecurityMaster:
    return small_master()


def link(
    master: SecurityMaster, body: str, title: str = "", as_of: dt.date | None = None
) -> list[Mention]:
    return link_mentions(Document(Article(title=title, body=body)), master, as_of=as_of)


def ids(mentions: list[Mention]) -> list[str]:
    return [m.entity_id for m in mentions]


def linked_set(master: SecurityMaster, body: str) -> set[str]:
    return set(ids(link(master, body)))


# -- Chinese names ----------------------------------------------------------------------------


def test_traditional_and_simplified_names_link_to_the_same_entity(master: SecurityMaster) -> None:
    trad = link(master, "美股開盤，特斯拉跌超4%，騰訊控股則升2%。")
    simp = link(master, "美股开盘，特斯拉跌超4%，腾讯控股则升2%。")
    assert ids(trad) == ids(simp) == ["TSLA", "0700.HK"]
    assert trad[1].text == "騰訊控股"
    assert simp[1].text == "腾讯控股"


def test_longest_name_wins(master: SecurityMaster) -> None:
    mentions = link(master, "阿里雲通義千問於10月4日宣佈開源新模型。")
    assert [(m.entity_id, m.text) for m in mentions] == [("BABA", "阿里雲通義千問")]


def test_mentions_are_sorted_disjoint_and_cut_from_the_text(master: SecurityMaster) -> None:
    body = "阿里巴巴寧德時代京東獲得最多增持，其中阿里獲得了最大幅度增持。"
    mentions = link(master, body, title="外資9月增持中資股")
    text = Document(Article(title="外資9月增持中資股", body=body)).text
    assert ids(mentions) == ["BABA", "300750.SZ", "JD", "BABA"]
    for first, second in itertools.pairwise(mentions):
        assert first.end <= second.start
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_glued_short_ambiguous_name_does_not_link(master: SecurityMaster) -> None:
    assert linked_set(master, "平安夜的商场人潮涌动，股市休市。") == set()


# -- ambiguous names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "殷墟出土的甲骨文是商代的文字，考古學家仍在研究。",  # oracle-bone script
        "甲骨文是目前发现最早的成体系汉字。",
        "他去法國里昂旅遊，參觀了老城區。",  # Lyon the city
        "里昂足球队昨晚主场获胜。",
        "今年蘋果價格每斤上漲兩元，果農收入增加。",  # the fruit, despite 上漲
        "早上吃一个苹果，身体好。",
        "早餐喝小米粥，再配一碟小菜。",  # millet
        "这块地今年种植小米和高粱。",
        "She ate an apple pie after lunch.",
        "The target price of the house was too high for them.",
    ],
)
def test_ambiguous_names_do_not_link_in_their_ordinary_sense(
    master: SecurityMaster, text: str
) -> None:
    assert linked_set(master, text) == set()


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("甲骨文盤後股價一度跌超7%。", "ORCL"),
        ("甲骨文公司公布季度财报，云业务收入增长。", "ORCL"),
        ("里昂將阿里巴巴目標價上調至200美元。", "org:clsa"),
        ("蘋果股價周二上漲3%，市值重回3萬億美元。", "AAPL"),
        ("苹果发布会今晚举行，新款手机将亮相。", "AAPL"),
        ("小米今日股价大涨5%。", "1810.HK"),
        ("Apple shares rose 3% after the launch.", "AAPL"),
        ("Target stock slid 5% after the retailer cut its outlook.", "TGT"),
    ],
)
def test_ambiguous_names_link_with_a_finance_cue(
    master: SecurityMaster, text: str, entity: str
) -> None:
    assert entity in linked_set(master, text)


def test_ambiguous_name_links_when_the_entity_is_linked_elsewhere(master: SecurityMaster) -> None:
    body = "蘋果公司今日舉行新品發表。蘋果這次帶來了三款新機。"
    mentions = link(master, body)
    assert ids(mentions) == ["AAPL", "AAPL"]


def test_counter_cue_vetoes_even_when_linked_elsewhere(master: SecurityMaster) -> None:
    body = "甲骨文公司股價下跌。另外，殷墟出土的甲骨文刻辭也在展出。"
    mentions = link(master, body)
    assert ids(mentions) == ["ORCL"]
    assert mentions[0].start < body.index("另外")


def test_code_next_to_an_ambiguous_name_confirms_it(master: SecurityMaster) -> None:
    # 平安 is ambiguous and shared by two entities; the code settles it.
    mentions = link(master, "平安(000001)今日召开股东大会")
    assert ids(mentions) == ["000001.SZ", "000001.SZ"]
    assert mentions[0].text == "平安"


def test_shared_ambiguous_name_without_help_does_not_link(master: SecurityMaster) -> None:
    assert linked_set(master, "平安今日公告，董事会通过年报。") == set()


def test_shared_name_takes_the_entity_linked_elsewhere(master: SecurityMaster) -> None:
    body = "平安銀行公布業績。平安股價隨後上漲2%。"
    assert ids(link(master, body)) == ["000001.SZ", "000001.SZ"]


# -- Latin names -------------------------------------------------------------------------------


def test_latin_name_inside_chinese_text(master: SecurityMaster) -> None:
    mentions = link(master, "美政府將入股，Trilogy Metals暴漲211%。")
    assert [(m.entity_id, m.text, m.via) for m in mentions] == [("TMQ", "Trilogy Metals", "latin")]


def test_digit_after_a_latin_name_is_a_boundary_but_a_letter_is_not(
    master: SecurityMaster,
) -> None:
    assert ids(link(master, "大模型Qwen3-VL登上排行榜。")) == ["BABA"]
    assert ids(link(master, "Qwenlike models are everywhere.")) == []
    assert ids(link(master, "MyGoPro is a fan site; GoPro shares rose.")) == ["GPRO"]


def test_latin_name_must_be_capitalised_as_a_name(master: SecurityMaster) -> None:
    assert ids(link(master, "The oracle at Delphi spoke in riddles.")) == []
    assert ids(link(master, "ORACLE SHARES SINK ON CLOUD MARGINS")) == ["ORCL"]
    assert ids(link(master, "Oracle fell 7% on Tuesday.")) == ["ORCL"]


def test_case_sensitive_names_match_exactly(master: SecurityMaster) -> None:
    assert ids(link(master, "AMD shares surged overnight.")) == ["AMD"]
    assert ids(link(master, "The Amd river is in a story.")) == []
    assert ids(link(master, "The sec said nothing.")) == []


# -- codes and tickers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "mention"),
    [
        ("方大特钢(sh600507)公告", "600507.SS", "sh600507"),
        ("平安银行（SZ000001）公告", "000001.SZ", "SZ000001"),
        ("宏圖高科(600122)停牌", "600122.SS", "600122"),
        ("贵州茅台600519.SH收涨", "600519.SS", "600519.SH"),
        ("标的为000001.SZ。", "000001.SZ", "000001.SZ"),
        ("騰訊控股 00700.HK 升3%", "0700.HK", "00700.HK"),
        ("0700.HK closed higher.", "0700.HK", "0700.HK"),
        ("阿里巴巴-SW 9988.HK 跌2%", "BABA", "9988.HK"),
        ("阿里巴巴（09988）股價", "BABA", "09988"),
        ("港股代號:700，今日成交活躍", "0700.HK", "700"),
        ("Buy $TSLA before earnings?", "TSLA", "$TSLA"),
        ("Apple Inc (NASDAQ: AAPL) reported results.", "AAPL", "AAPL"),
        ("Alibaba Group Holding (NYSE:BABA) shares fell.", "BABA", "BABA"),
        ("Shares of TSLA.O dropped 3%.", "TSLA", "TSLA.O"),
        ("Johnson & Johnson <JNJ.N> said on Tuesday", "JNJ", "JNJ.N"),
        ("大和證券(8601.T)上調評級", "8601.T", "8601.T"),
    ],
)
def test_inline_codes_link_directly(
    master: SecurityMaster, text: str, entity: str, mention: str
) -> None:
    mentions = link(master, text)
    assert (entity, mention) in {(m.entity_id, m.text) for m in mentions}
    assert any(m.via in {"code", "ticker"} for m in mentions)


def test_four_digit_bracket_code_is_hong_kong_not_shenzhen(master: SecurityMaster) -> None:
    mentions = link(master, "騰訊(0700)今日股價升3%。")
    assert "0700.HK" in ids(mentions)
    assert "000700.SZ" not in ids(mentions)


def test_year_in_brackets_is_not_a_code_unless_a_name_confirms_it(
    master: SecurityMaster,
) -> None:
    assert ids(link(master, "公司年报(2020)显示营收增长。")) == []
    assert ids(link(master, "安踏體育(2020)股價創新高。")) == ["2020.HK", "2020.HK"]


def test_unknown_code_is_dropped(master: SecurityMaster) -> None:
    assert link(master, "某公司(sh688999)今日上市，$ZZZZ 也无人认识。") == []


@pytest.mark.parametrize(
    "text",
    [
        "據署名為「QWEN」的X賬號，模型登上排行榜。",  # X the network, in Chinese text
        "AI概念股全線上漲，TSLA也跟漲。",  # Chinese text: no bare tickers at all
        "AI stocks rallied as GDP data beat forecasts.",
        "The SEC said the CEO of the ETF issuer resigned.",
        "It beats GPT-5-Mini and Claude4-Sonnet on STEM, VQA and OCR tasks with FP8 weights.",
    ],
)
def test_bare_capitals_are_not_tickers(master: SecurityMaster, text: str) -> None:
    linked = linked_set(master, text)
    assert linked <= {"BABA", "org:sec"}


def test_bare_ticker_links_in_english_prose_when_not_a_common_word(
    master: SecurityMaster,
) -> None:
    assert ids(link(master, "Traders sold GPRO and bought puts on the index.")) == ["GPRO"]
    assert ids(link(master, "Investors cheered $AI after the contract win.")) == ["AI"]
    assert ids(link(master, "It works with the GPRO-7 mount.")) == []


def test_code_wins_over_a_name_it_overlaps(master: SecurityMaster) -> None:
    mentions = link(master, "Shares of AMD.O rose.")
    assert [(m.text, m.via) for m in mentions] == [("AMD.O", "ticker")]


# -- former names -----------------------------------------------------------------------------


def test_former_name_links_to_its_holder_at_the_article_date(master: SecurityMaster) -> None:
    body = "清華同方公告，公司擬發行債券。"
    assert ids(link(master, body, as_of=dt.date(2004, 3, 1))) == ["600100.SS"]
    assert ids(link(master, body, as_of=dt.date(2020, 3, 1))) == ["000555.SZ"]
    assert ids(link(master, body)) == ["000555.SZ"]
    old = link(master, body, as_of=dt.date(2004, 3, 1))
    assert old[0].via == "former_name"


def test_former_name_nobody_holds_still_links(master: SecurityMaster) -> None:
    for as_of in (None, dt.date(2005, 1, 1), dt.date(2022, 1, 1)):
        assert ids(link(master, "邯鄲鋼鐵公佈年度業績。", as_of=as_of)) == ["600001.SS"]


# -- market hints -----------------------------------------------------------------------------


def test_market_hint_from_the_sentence_or_the_one_before(master: SecurityMaster) -> None:
    body = "港股方面，騰訊控股升2%。阿里巴巴跌1%。A股市場，貴州茅台收漲。特斯拉在美股跌4%。"
    hints = {m.text: m.market_hint for m in link(master, body)}
    assert hints == {"騰訊控股": "HK", "阿里巴巴": "HK", "貴州茅台": "CN", "特斯拉": "US"}


def test_no_market_hint_without_a_cue(master: SecurityMaster) -> None:
    assert [m.market_hint for m in link(master, "寧德時代公佈業績。")] == [None]


# -- roles ------------------------------------------------------------------------------------


def roles(mentions: list[Mention]) -> dict[str, str]:
    return {m.entity_id: m.role for m in mentions}


def test_brokers_raising_targets_are_actors(master: SecurityMaster) -> None:
    body = "近期，摩根大通、里昂、大和證券等大行也紛紛提高阿里目標價。"
    assert roles(link(master, body)) == {
        "JPM": "actor",
        "org:clsa": "actor",
        "8601.T": "actor",
        "BABA": "subject",
    }


@pytest.mark.parametrize(
    "text",
    [
        "摩根士丹利發表中國市場最新報告顯示，阿里巴巴獲得最多增持。",
        "在摩根士丹利發表的另一份報告中，阿里巴巴獲得了最大幅度的增持。",
        "据高盛统计，外资本月净买入贵州茅台。",
        "高盛表示，腾讯控股的游戏业务复苏。",
        "Morgan Stanley said Alibaba was the most bought stock.",
        "According to Goldman Sachs, Tesla deliveries beat forecasts.",
    ],
)
def test_brokers_publishing_or_cited_are_sources(master: SecurityMaster, text: str) -> None:
    mentions = link(master, text)
    broker = next(m for m in mentions if m.entity_id in {"MS", "GS"})
    company = next(m for m in mentions if m.entity_id not in {"MS", "GS"})
    assert broker.role == "source"
    assert company.role == "subject"


def test_a_company_speaking_about_itself_stays_the_subject(master: SecurityMaster) -> None:
    assert roles(link(master, "特斯拉表示，上海工厂本月恢复生产。")) == {"TSLA": "subject"}


def test_a_broker_that_is_the_story_is_a_subject(master: SecurityMaster) -> None:
    assert roles(link(master, "高盛股價周二下跌3%。")) == {"GS": "subject"}


# -- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "\x00\ud800\U0010ffff", "（）()$.HK", "İİİ Oracle İ", "x" * 50_000]
)
def test_odd_input_never_raises(master: SecurityMaster, text: str) -> None:
    mentions = link(master, text)
    assert all(m.entity_id in master.entities for m in mentions)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("甲骨文蘋果小米平安阿里巴巴騰訊(0700)$TSLA.O AMD Oracle 股跌，。、 \n")
        ),
        max_size=80,
    )
)
def test_invariants_hold_on_any_text(text: str) -> None:
    master = small_master()
    doc = Document(Article(title="", body=text))
    mentions = link_mentions(doc, master)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for first, second in itertools.pairwise(mentions):
        assert first.end <= second.start
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.entity_id in master.entities


# -- names inside longer words and other organisations ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "瑞斯康达公告，持股7.62%的股东海通开元拟减持。",  # 东海 across 股东|海通; 开元 needs ST
        "公司全资子公司国贸公司的道衡投资股票回购式交易进行展期。",  # 投资: a 2006 name
        "项目将在未来年度对公司业绩产生积极影响。",  # 未来: ambiguous, not yet a name in 2019
        "公司拟建设年产4000吨EPS新材料项目。",  # 新材料: a two-month name of 2006
        "公司中标中国电力技术装备有限公司的设备采购项目。",  # another organisation's full name
    ],
)
def test_short_and_embedded_names_do_not_link(master: SecurityMaster, text: str) -> None:
    assert link(master, text, as_of=dt.date(2019, 6, 1)) == []


def test_a_company_full_name_with_generic_words_still_links(master: SecurityMaster) -> None:
    mentions = link(master, "公司与騰訊科技有限公司簽署合作協議。")
    assert ids(mentions) == ["0700.HK"]


def test_status_mark_makes_a_short_name_a_stock(master: SecurityMaster) -> None:
    # 开元 is known only as ST开元; 江特 is not in the master at all, but only 江特电机 starts so.
    assert ids(link(master, "ST开元公告，公司股票将撤销风险警示。")) == ["300338.SZ"]
    assert ids(link(master, "*ST江特公告，预计前三季度盈利2000万元。")) == ["002176.SZ"]
    assert ids(link(master, "股东海通开元拟减持。")) == []


def test_historical_short_name_links_with_a_code(master: SecurityMaster) -> None:
    assert ids(link(master, "投资(000548)公告", as_of=dt.date(2019, 1, 1))) == [
        "000548.SZ",
        "000548.SZ",
    ]


def test_tie_between_a_and_h_share_goes_to_the_market_of_the_text(
    master: SecurityMaster,
) -> None:
    body_cn = "君实生物公告，公司产品获得突破性疗法认定。"
    body_hk = "港股方面，君實生物股價急升。"
    assert ids(link(master, body_cn, as_of=dt.date(2020, 9, 1))) == ["688180.SS"]
    assert ids(link(master, body_hk, as_of=dt.date(2020, 9, 1))) == ["1877.HK"]


# -- currencies, commodities, indices ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("募集资金总额不超过人民币12.5亿元。", []),
        ("中标价约1.65亿元人民币。", []),
        ("人民幣兌美元匯率今日跌破7.2。", ["CNY=X"]),
        ("公司收到保利协鑫天然气投资有限公司的授标函。", []),
        ("國際天然氣期貨價格周一大漲5%。", ["NG=F"]),
        ("公司与美国纳斯达克上市公司Agenus达成合作。", []),
        ("美股收市，納斯達克指數跌2%。", ["^IXIC"]),
    ],
)
def test_currencies_commodities_and_indices_need_their_market_sense(
    master: SecurityMaster, text: str, expected: list[str]
) -> None:
    assert ids(link(master, text)) == expected


# -- Latin acronyms ----------------------------------------------------------------------------


def test_latin_acronyms_in_chinese_text(master: SecurityMaster) -> None:
    assert ids(link(master, "交易标的调整为GDS合计45%股权。")) == ["GDS"]
    # An acronym glued to digits is a model or part number; a name of digits is no name.
    assert ids(link(master, "项目代号LTC002进入临床。同比增长111.31%。")) == []


def test_market_named_once_holds_for_the_paragraph(master: SecurityMaster) -> None:
    body = "美股開盤，甲骨文一度跌超7%；特斯拉跌超4%；寧德時代則升。\n\n騰訊控股公佈業績。"
    hints = [m.market_hint for m in link(master, body)]
    assert hints == ["US", "US", "US", None]


# -- English proper nouns, Reuters codes, all-caps phrases ---------------------------------------


def test_reuters_codes_with_foreign_suffixes_are_not_bare_tickers(master: SecurityMaster) -> None:
    text = "Chipmakers <GPRO.PA> and <AMD.AX> rose, while Tesla Inc <TSLA.O> fell."
    assert ids(link(master, text)) == ["TSLA", "TSLA"]


def test_all_caps_phrases_hold_no_bare_tickers(master: SecurityMaster) -> None:
    assert ids(link(master, "NEW GPRO - Shares of the camera maker rose.")) == []
    assert ids(link(master, "Traders sold GPRO shares on Monday.")) == ["GPRO"]


def test_one_word_names_inside_longer_proper_nouns(master: SecurityMaster) -> None:
    # A curated alias stays trusted after a first name; an ambiguous one-word name does not.
    assert ids(link(master, "Analysts said Walt Target shares were cheap.")) == []
    assert ids(link(master, "Target Corp shares fell 5% after the results.")) == ["TGT"]


def test_money_amounts_are_not_currency_instruments(master: SecurityMaster) -> None:
    assert ids(link(master, "合同金额9.69亿美元，折合人民币约65.14亿元。")) == []


def test_a_former_two_character_name_glued_to_a_word(master: SecurityMaster) -> None:
    body = "公司中标2020年第二次电能表招标项目。"
    extra = SecurityMaster(
        master.entities.values(),
        [
            *master.names,
            Name("600100.SS", "电能", "电能", "former", "zh", "2019-09-25", "2021-05-13"),
        ],
        "test",
    )
    assert link(extra, body, as_of=dt.date(2020, 6, 1)) == []
    assert ids(link(extra, "电能(600100)公告", as_of=dt.date(2020, 6, 1)))[0] == "600100.SS"


def test_an_inline_code_gives_its_market_when_the_sentence_names_none(
    master: SecurityMaster,
) -> None:
    mentions = link(master, "騰訊控股(00700)公佈業績，貴州茅台(600519)及$TSLA亦有消息。")
    hints = {m.text: m.market_hint for m in mentions}
    assert hints["00700"] == "HK"
    assert hints["600519"] == "CN"
    assert hints["$TSLA"] == "US"
    assert hints["騰訊控股"] is None


def test_a_share_name_before_a_plain_limited_company_is_another_company(
    master: SecurityMaster,
) -> None:
    # A-share companies are joint-stock (股份有限公司) by law; X集团有限公司 is the parent.
    assert ids(link(master, "公司向貴州茅台集團有限公司採購原料。")) == []
    assert ids(link(master, "貴州茅台股份有限公司今日公告。")) == ["600519.SS"]
    # A Hong Kong company's own name may end in a plain 有限公司.
    assert ids(link(master, "騰訊控股有限公司今日公告。")) == ["0700.HK"]


def test_an_attached_cue_must_not_belong_to_another_phrase(master: SecurityMaster) -> None:
    # 小米 is ambiguous: "小米和公司" has 公司 after a conjunction, not attached to 小米.
    assert ids(link(master, "基地种的小米和公司食堂的米都来自本地。")) == []
    assert ids(link(master, "小米公司發佈新款手機。")) == ["1810.HK"]


# -- ticker lists and bracketed tickers ----------------------------------------------------------


def test_a_comma_list_of_tickers_links_every_listed_one(master: SecurityMaster) -> None:
    text = "After Hours Most Active for Feb 2, 2024 : GPRO, AAPL, X, TSLA"
    assert ids(link(master, text)) == ["GPRO", "AAPL", "X", "TSLA"]
    # A list of acronyms is not a ticker list, nor is any list in Chinese text.
    assert ids(link(master, "Watch the data: GDP, CPI, AI and jobs.")) == []
    assert ids(link(master, "關注指標：GDP, AI, GPRO, TSLA。")) == []


def test_a_bracketed_ticker_after_a_name(master: SecurityMaster) -> None:
    assert ids(link(master, "Shares of camera maker GoPro (GPRO) rose 5%.")) == ["GPRO", "GPRO"]
    # Short or Chinese-text brackets need the name before them to agree.
    assert ids(link(master, "United States Steel (X) fell.")) == []
    assert ids(link(master, "蘋果公司(AAPL)股價上漲。")) == ["AAPL", "AAPL"]
    assert ids(link(master, "光學字符識別(AI)技術進步。")) == []
