"""Short news texts that several test modules store: a Tencent fall in Traditional Chinese and
its Simplified copy (a near-duplicate), a stake increase, an NVIDIA target raise."""

from __future__ import annotations

TENCENT_FALL = (
    "騰訊控股急跌\n\n騰訊控股(00700)股價今日急跌5.2%，恒生指數下跌1.1%。"
    "市場憂慮遊戲監管收緊，多隻科技股同步受壓，騰訊全日成交額逾二百億港元。"
)
# The same story in Simplified Chinese with a sentence added: stored as a repeat.
TENCENT_FALL_COPY = (
    "腾讯控股急跌\n\n腾讯控股(00700)股价今日急跌5.2%，恒生指数下跌1.1%。"
    "市场忧虑游戏监管收紧，多只科技股同步受压，腾讯全日成交额逾二百亿港元。分析师称短期波动加剧。"
)
TENCENT_STAKE = (
    "腾讯控股获大股东增持\n\n南非报业Prosus宣布增持腾讯控股(00700)股份，"
    "市场认为大股东增持显示对公司前景有信心。"
)
NVIDIA_TARGET = (
    "NVIDIA shares rise\n\nNVIDIA shares rose 3% after Goldman Sachs raised its price target"
    " to $200. The chipmaker's data-center sales keep beating forecasts."
)
