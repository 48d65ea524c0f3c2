"""A small security master for the linking tests, built the way the real one is."""

from __future__ import annotations

from marketbuzz.master.load import SecurityMaster
from marketbuzz.master.model import Entity, Listing, Name
from marketbuzz.text.fold import fold


def zh(entity_id: str, text: str, kind: str = "short", **extra: object) -> Name:
    return Name(entity_id, fold(text), text, kind, "zh", **extra)  # type: ignore[arg-type]


def en(entity_id: str, text: str, kind: str = "english", **extra: object) -> Name:
    return Name(entity_id, fold(text).lower(), text, kind, "en", **extra)  # type: ignore[arg-type]


def _equity(
    entity_id: str, name: str, name_zh: str | None, *listings: Listing, roles: tuple[str, ...] = ()
) -> Entity:
    return Entity(entity_id, name, name_zh, "equity", listings, roles)


def us(symbol: str, exchange: str = "Nasdaq") -> Listing:
    return Listing(symbol, "US", symbol, exchange, "USD")


def hk(symbol: str) -> Listing:
    return Listing(symbol, "HK", symbol.split(".", maxsplit=1)[0].zfill(5), "HKEX", "HKD")


def cn(symbol: str) -> Listing:
    code, market = symbol.split(".")
    return Listing(symbol, market, code, "SSE" if market == "SS" else "SZSE", "CNY")


BROKER = ("broker",)

ENTITIES = [
    _equity("ORCL", "Oracle", "甲骨文", us("ORCL", "NYSE")),
    _equity("TSLA", "Tesla", "特斯拉", us("TSLA")),
    _equity("BABA", "Alibaba Group", "阿里巴巴", us("BABA", "NYSE"), hk("9988.HK")),
    _equity("0700.HK", "Tencent", "騰訊控股", hk("0700.HK")),
    _equity("000700.SZ", "Jiangnan Mould & Plastic", "模塑科技", cn("000700.SZ")),
    _equity("600519.SS", "Kweichow Moutai", "貴州茅台", cn("600519.SS")),
    _equity("000001.SZ", "Ping An Bank", "平安銀行", cn("000001.SZ")),
    _equity("601318.SS", "Ping An Insurance", "中國平安", cn("601318.SS"), hk("2318.HK")),
    _equity("600507.SS", "Fangda Special Steel", "方大特鋼", cn("600507.SS")),
    _equity("600122.SS", "Jiangsu Hongtu", "宏圖高科", cn("600122.SS")),
    _equity("AAPL", "Apple", "蘋果", us("AAPL")),
    _equity("1810.HK", "Xiaomi", "小米集團", hk("1810.HK")),
    _equity("2020.HK", "ANTA Sports", "安踏體育", hk("2020.HK")),
    _equity("MS", "Morgan Stanley", "摩根士丹利", us("MS", "NYSE"), roles=BROKER),
    _equity("JPM", "JPMorgan Chase", "摩根大通", us("JPM", "NYSE"), roles=BROKER),
    _equity("GS", "Goldman Sachs", "高盛", us("GS", "NYSE"), roles=BROKER),
    _equity("8601.T", "Daiwa Securities", "大和證券", Listing("8601.T", "T", "8601"), roles=BROKER),
    Entity("org:clsa", "CLSA", "里昂證券", "organization", (), BROKER),
    Entity("org:sec", "SEC", "美國證券交易委員會", "organization", ()),
    _equity("TMQ", "Trilogy Metals", None, us("TMQ", "NYSE American")),
    _equity("300750.SZ", "CATL", "寧德時代", cn("300750.SZ"), hk("3750.HK")),
    _equity("JD", "JD.com", "京東", us("JD"), hk("9618.HK")),
    _equity("AMD", "Advanced Micro Devices", "超威半導體", us("AMD")),
    _equity("NVDA", "NVIDIA", "英偉達", us("NVDA")),
    _equity("JNJ", "Johnson & Johnson", "強生", us("JNJ", "NYSE")),
    _equity("TGT", "Target", None, us("TGT", "NYSE")),
    _equity("X", "United States Steel", None, us("X", "NYSE")),
    _equity("AI", "C3.ai", None, us("AI", "NYSE")),
    _equity("GPRO", "GoPro", None, us("GPRO")),
    _equity("600100.SS", "Tsinghua Tongfang", "同方股份", cn("600100.SS")),
    _equity("000555.SZ", "Shenzhou Information", "神州信息", cn("000555.SZ")),
    _equity("600001.SS", "Handan Steel", "邯鋼", cn("600001.SS")),
    Entity("^GSPC", "S&P 500", "標普500", "index", (Listing("^GSPC", "INDEX"),)),
    Entity("^IXIC", "Nasdaq Composite", "納斯達克綜合指數", "index", (Listing("^IXIC", "INDEX"),)),
    Entity("CNY=X", "US dollar / yuan", "人民幣", "fx", (Listing("CNY=X", "FX"),)),
    Entity("NG=F", "Natural gas futures", "天然氣期貨", "commodity", (Listing("NG=F", "FUT"),)),
    _equity("2380.HK", "China Power", "中國電力", hk("2380.HK")),
    _equity("600299.SS", "Bluestar Adisseo", "安迪苏", cn("600299.SS")),
    _equity("000548.SZ", "Hunan Investment", "湖南投资", cn("000548.SZ")),
    _equity("300338.SZ", "Kaiyuan Education", "开元教育", cn("300338.SZ")),
    _equity("002176.SZ", "Jiangte Electric", "江特电机", cn("002176.SZ")),
    _equity("600532.SS", "Future Holdings", "未来股份", cn("600532.SS")),
    _equity("000613.SZ", "Donghai A", "东海A", cn("000613.SZ")),
    _equity("688180.SS", "Junshi Biosciences", "君实生物", cn("688180.SS")),
    _equity("1877.HK", "Junshi Biosciences H", "君實生物", hk("1877.HK")),
    _equity("GDS", "GDS Holdings", "万国数据", us("GDS")),
    _equity("YI", "111 Inc", None, us("YI")),
    _equity("LTC", "LTC Properties", None, us("LTC", "NYSE")),
]

NAMES = [
    zh("ORCL", "甲骨文", ambiguous=True),
    en("ORCL", "Oracle"),
    zh("TSLA", "特斯拉"),
    en("TSLA", "Tesla"),
    zh("BABA", "阿里巴巴"),
    zh("BABA", "阿里", kind="alias"),
    zh("BABA", "阿里雲", kind="alias"),
    zh("BABA", "阿里雲通義千問", kind="alias"),
    zh("BABA", "通義千問", kind="alias"),
    en("BABA", "Alibaba"),
    en("BABA", "Qwen", kind="alias"),
    zh("0700.HK", "騰訊"),
    zh("0700.HK", "騰訊控股", kind="official"),
    zh("000700.SZ", "模塑科技"),
    zh("600519.SS", "貴州茅台"),
    zh("600519.SS", "茅台", kind="alias"),
    zh("000001.SZ", "平安銀行"),
    zh("000001.SZ", "平安", kind="alias", ambiguous=True),
    zh("601318.SS", "中國平安"),
    zh("601318.SS", "平安", kind="alias", ambiguous=True),
    zh("600507.SS", "方大特鋼"),
    zh("600122.SS", "宏圖高科"),
    zh("AAPL", "蘋果", ambiguous=True),
    zh("AAPL", "蘋果公司"),
    en("AAPL", "Apple", ambiguous=True),
    en("AAPL", "Apple Inc"),
    zh("1810.HK", "小米", ambiguous=True),
    zh("1810.HK", "小米集團"),
    zh("2020.HK", "安踏體育"),
    zh("MS", "摩根士丹利"),
    zh("MS", "大摩", kind="alias"),
    en("MS", "Morgan Stanley"),
    zh("JPM", "摩根大通"),
    en("JPM", "JPMorgan"),
    zh("GS", "高盛"),
    en("GS", "Goldman Sachs"),
    en("GS", "Goldman"),
    zh("8601.T", "大和證券"),
    en("8601.T", "Daiwa"),
    zh("org:clsa", "里昂", ambiguous=True),
    zh("org:clsa", "里昂證券"),
    en("org:clsa", "CLSA", case_sensitive=True),
    en("org:sec", "SEC", case_sensitive=True),
    zh("org:sec", "美國證券交易委員會"),
    en("TMQ", "Trilogy Metals"),
    zh("300750.SZ", "寧德時代"),
    zh("JD", "京東"),
    zh("AMD", "超威半導體"),
    en("AMD", "AMD", case_sensitive=True),
    zh("NVDA", "英偉達"),
    en("NVDA", "Nvidia"),
    en("NVDA", "NVIDIA"),
    zh("JNJ", "強生"),
    en("TGT", "Target", ambiguous=True),
    en("X", "X", kind="ticker"),
    en("AI", "AI", kind="ticker"),
    en("GPRO", "GoPro"),
    # 同方股份 was called 清華同方 until 2006; 神州信息 is a made-up later holder of that name.
    zh("600100.SS", "同方股份"),
    zh("600100.SS", "清華同方", kind="former", valid_from="1997-06-27", valid_to="2006-05-15"),
    zh("000555.SZ", "神州信息"),
    zh("000555.SZ", "清華同方", kind="short", valid_from="2015-01-01"),
    # A former name nobody holds now.
    zh("600001.SS", "邯鋼"),
    zh("600001.SS", "邯鄲鋼鐵", kind="former", valid_from="1998-01-22", valid_to="2009-12-29"),
    zh("^GSPC", "標普"),
    zh("^GSPC", "標普500"),
    zh("^IXIC", "納斯達克", kind="alias", ambiguous=True),
    zh("^IXIC", "納指", kind="alias"),
    zh("CNY=X", "人民幣", kind="alias", ambiguous=True),
    zh("NG=F", "天然氣", kind="alias", ambiguous=True),
    zh("2380.HK", "中國電力"),
    zh("600299.SS", "安迪苏"),
    zh("600299.SS", "新材料", kind="former", valid_from="2006-08-03", valid_to="2006-10-09"),
    zh("000548.SZ", "湖南投资"),
    zh("000548.SZ", "投资", kind="former", valid_from="2006-08-18", valid_to="2006-10-09"),
    zh("300338.SZ", "开元教育"),
    Name("300338.SZ", "开元", "ST开元", "alias", "zh"),
    zh("002176.SZ", "江特电机"),
    zh("600532.SS", "未来", ambiguous=True, valid_from="2023-10-18"),
    zh("000613.SZ", "东海"),
    zh("688180.SS", "君实生物", kind="former", valid_from="2020-07-15", valid_to="2024-10-31"),
    zh("1877.HK", "君實生物"),
    en("GDS", "GDS", case_sensitive=True),
    en("YI", "111", kind="short"),
    en("LTC", "LTC", case_sensitive=True),
]


def small_master() -> SecurityMaster:
    return SecurityMaster(ENTITIES, NAMES, "test")
