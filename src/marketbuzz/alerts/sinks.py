"""Where fired alerts go: the terminal, a JSONL file, a webhook.

A sink that fails (a full disk, a webhook that is down) costs a warning line, never the alert:
the alert is already recorded in the store's `alerts` table (`marketbuzz alerts` lists them),
and the other sinks still get it. Delivery is not retried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import httpx
import orjson
from rich.console import Console
from rich.markup import escape

from marketbuzz import __version__
from marketbuzz.alerts.model import Alert, alert_to_dict
from marketbuzz.alerts.watchlist import Outputs
from marketbuzz.errors import MarketbuzzError

USER_AGENT = f"marketbuzz/{__version__} (+https://github.com/marketbuzz)"
_RULE_STYLES = {"move_pct": "bold red", "burst": "bold magenta", "sentiment_flip": "bold yellow"}


class AlertDeliveryError(MarketbuzzError):
    """A sink could not deliver an alert (the alert itself is kept in the store)."""

    code = "MB602"


class Sink(Protocol):
    def send(self, alert: Alert) -> None:
        """Deliver one alert, or raise AlertDeliveryError saying why not."""


class TerminalSink:
    """One line per alert on the console: time, rule and the alert's message."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()

    def send(self, alert: Alert) -> None:
        style = _RULE_STYLES.get(alert.rule, "bold cyan")
        self.console.print(f"[{style}]ALERT[/] [dim]{alert.rule}[/] {escape(alert.message)}")


class JsonlSink:
    """Appends one JSON object per alert to `path`, flushed at once (a tail -f sees it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, alert: Alert) -> None:
        line = orjson.dumps(alert_to_dict(alert), option=orjson.OPT_APPEND_NEWLINE)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as handle:
                handle.write(line)
                handle.flush()
        except OSError as exc:
            raise AlertDeliveryError(f"cannot append the alert to {self.path}: {exc}") from exc


class WebhookSink:
    """POSTs each alert as a JSON object to `url`; any 2xx reply is a delivery."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def send(self, alert: Alert) -> None:
        try:
            reply = httpx.post(
                self.url,
                content=orjson.dumps(alert_to_dict(alert)),
                headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
                timeout=self.timeout,
            )
        except httpx.TimeoutException as exc:
            raise AlertDeliveryError(
                f"webhook {self.url} did not answer within {self.timeout:g}s"
            ) from exc
        except httpx.HTTPError as exc:
            raise AlertDeliveryError(f"webhook {self.url} cannot be reached: {exc}") from exc
        if not reply.is_success:
            raise AlertDeliveryError(
                f"webhook {self.url} refused the alert: HTTP {reply.status_code}"
            )


def deliver(
    alerts: Iterable[Alert],
    sinks: Sequence[Sink],
    *,
    warn: Callable[[str], None] | None = None,
) -> list[str]:
    """Send every alert to every sink; failures become warning lines (returned, and printed
    to stderr unless `warn` says otherwise) so one broken sink does not stop the others."""
    report = warn or _stderr_warning
    warnings: list[str] = []
    for alert in alerts:
        for sink in sinks:
            try:
                sink.send(alert)
            except AlertDeliveryError as exc:
                line = f"warning: alert {alert.key} not delivered: {exc.message}"
                warnings.append(line)
                report(line)
    return warnings


def sinks_for(outputs: Outputs, *, terminal: Console | None = None) -> list[Sink]:
    """The terminal plus the watchlist's [output] sinks (JSONL file, webhook)."""
    sinks: list[Sink] = [TerminalSink(terminal)]
    if outputs.jsonl is not None:
        sinks.append(JsonlSink(outputs.jsonl))
    if outputs.webhook is not None:
        sinks.append(WebhookSink(outputs.webhook, outputs.webhook_timeout))
    return sinks


def _stderr_warning(line: str) -> None:
    Console(stderr=True).print(f"[yellow]{escape(line)}[/]")
