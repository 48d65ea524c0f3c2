"""Watchlists and alerts: tell a user when something happens to what they watch.

    watchlist = load_watchlist(Path("watchlist.toml"))          # or watchlist_from_options([...])
    fired = check_alerts(store, watchlist, since=last_check)    # only alerts new to the store
    deliver(fired, sinks_for(watchlist.outputs))                # terminal, JSONL, webhook

Rules (watchlist.py): a reported move of at least N %, a burst of buzz, a sentiment flip, a new
event of given types. Each alert fires once (check.py explains the keys). Modules:
`watchlist` (TOML and options, resolving instruments), `check` (rules, recording), `model`
(the Alert record, `recent_alerts`), `sinks` (terminal, JSONL, webhook).
"""

from __future__ import annotations

from marketbuzz.alerts.check import check_alerts, evaluate_rules
from marketbuzz.alerts.model import Alert, alert_to_dict, recent_alerts
from marketbuzz.alerts.sinks import (
    AlertDeliveryError,
    JsonlSink,
    Sink,
    TerminalSink,
    WebhookSink,
    deliver,
    sinks_for,
)
from marketbuzz.alerts.watchlist import (
    DEFAULT_EVENT_TYPES,
    DEFAULT_MAX_AGE,
    EVENT_TYPES,
    BurstRule,
    EventRule,
    FlipRule,
    InstrumentEntry,
    MoveRule,
    Outputs,
    Rules,
    WatchedInstrument,
    Watchlist,
    WatchlistError,
    load_watchlist,
    parse_rules,
    resolve_instrument,
    resolve_instruments,
    watchlist_from_mapping,
    watchlist_from_options,
)

__all__ = [
    "DEFAULT_EVENT_TYPES",
    "DEFAULT_MAX_AGE",
    "EVENT_TYPES",
    "Alert",
    "AlertDeliveryError",
    "BurstRule",
    "EventRule",
    "FlipRule",
    "InstrumentEntry",
    "JsonlSink",
    "MoveRule",
    "Outputs",
    "Rules",
    "Sink",
    "TerminalSink",
    "WatchedInstrument",
    "Watchlist",
    "WatchlistError",
    "WebhookSink",
    "alert_to_dict",
    "check_alerts",
    "deliver",
    "evaluate_rules",
    "load_watchlist",
    "parse_rules",
    "recent_alerts",
    "resolve_instrument",
    "resolve_instruments",
    "sinks_for",
    "watchlist_from_mapping",
    "watchlist_from_options",
]
