"""Commands for the REST API and web page: `serve`, and `apikey new | list | revoke`.

    marketbuzz serve --load samples/        # load the bundled sample news, then serve the page
    marketbuzz apikey new --name ingest-bot # prints the key once; only its hash is kept

Registered on the main group by `marketbuzz.cli` (`register(group)`, as cli_store does).
"""

from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from fastapi import FastAPI

    from marketbuzz.api.settings import ApiSettings
    from marketbuzz.ingest.runner import IngestReport

DB_HELP = (
    "The store: a SQLite file path or a postgresql:// URL "
    "(default: $MARKETBUZZ_DB, else ~/.local/share/marketbuzz/marketbuzz.db)."
)
KEYS_HELP = "The API key file (default: $MARKETBUZZ_API_KEYS, else api_keys.json beside the store)."


def _keys_path(keys: str | None) -> Path:
    from marketbuzz.api.settings import default_keys_path

    return Path(keys).expanduser() if keys else default_keys_path()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--db", metavar="PATH|URL", help=DB_HELP)
@click.option("--keys", metavar="FILE", help=KEYS_HELP)
@click.option("--private", is_flag=True, help="Reads need an API key too ($MARKETBUZZ_PRIVATE=1).")
@click.option("--max-body", default="5MB", show_default=True, help="Largest request body.")
@click.option(
    "--load",
    "load",
    multiple=True,
    metavar="DIR|FILE",
    help="Ingest these files or folders into the store before serving (repeatable).",
)
def serve(  # noqa: PLR0917 (the options are the interface)
    host: str,
    port: int,
    db: str | None,
    keys: str | None,
    private: bool,
    max_body: str,
    load: tuple[str, ...],
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web page (/) in one process."""
    from marketbuzz.api.settings import ApiSettings, parse_size

    settings = ApiSettings.from_environment(
        db=db, keys_file=_keys_path(keys), private=private, max_body=parse_size(max_body)
    )
    if load:
        report = load_paths(settings.db, load)
        click.echo(_load_summary(report))
    from marketbuzz.api import create_app

    app = create_app(settings)
    listener = _bind(host, port)
    _announce(settings, host, listener.getsockname()[1])
    run_server(app, listener)


def load_paths(db: str | None, paths: tuple[str, ...]) -> IngestReport:
    """Ingest `paths` into the store `db` (what `serve --load` does first)."""
    from marketbuzz.ingest.runner import Ingester
    from marketbuzz.master.load import load_master
    from marketbuzz.store import Store

    store = Store.open(db)
    try:
        return Ingester(store, load_master()).run(paths)
    finally:
        store.close()


def _load_summary(report: IngestReport) -> str:
    line = f"loaded: {report.new} new, {report.duplicate} already stored"
    for failure in report.failed[:10]:
        line += f"\n  not loaded: {failure.label}: {failure.reason}"
    return line


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts, so the URL printed has the real port
    (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as exc:
        listener.close()
        from marketbuzz.errors import MarketbuzzError

        raise MarketbuzzError(
            f"cannot listen on {host}:{port}: {exc.strerror} (is another server using it?"
            " try --port)"
        ) from exc
    # Listening now: a browser opened on the printed URL waits in the backlog, not refused.
    listener.listen(128)
    return listener


def _announce(settings: ApiSettings, host: str, port: int) -> None:
    from marketbuzz.api.keys import KeyFile

    shown = "127.0.0.1" if host in {"0.0.0.0", ""} else host
    shown = f"[{shown}]" if ":" in shown else shown
    click.echo(f"marketbuzz is serving http://{shown}:{port}/  (API docs: /docs; Ctrl-C stops)")
    if not KeyFile(settings.keys_file).records():
        click.echo(
            "no API keys yet: POST /api/articles is closed until you run `marketbuzz apikey new`"
        )
    if settings.private:
        click.echo("private: every /api/ request needs an API key")
    sys.stdout.flush()


def run_server(app: FastAPI, listener: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3)
    # uvicorn shuts down cleanly on Ctrl-C, then re-raises it: a goodbye, not click's "Aborted!".
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[listener])
    click.echo("stopped", err=True)


@click.group()
def apikey() -> None:
    """Create, list and revoke API keys (only their SHA-256 hashes are stored)."""


@apikey.command("new")
@click.option("--name", help="A label for the key (default: key-N).")
@click.option("--keys", metavar="FILE", help=KEYS_HELP)
def apikey_new(name: str | None, keys: str | None) -> None:
    """Make a key and print it once: store it somewhere safe, it cannot be shown again."""
    from marketbuzz.api.keys import KeyFile

    path = _keys_path(keys)
    key, record = KeyFile(path).create(name)
    click.echo(key)
    click.echo(f"key {record.name!r} added to {path}; this is the only time it is shown", err=True)


@apikey.command("list")
@click.option("--keys", metavar="FILE", help=KEYS_HELP)
def apikey_list(keys: str | None) -> None:
    """The keys' names and creation times (the keys themselves are not stored)."""
    from marketbuzz.api.keys import KeyFile

    records = KeyFile(_keys_path(keys)).records()
    for record in records:
        click.echo(f"{record.name}\t{record.created}\t{record.sha256[:12]}…")
    if not records:
        click.echo("no API keys (create one with `marketbuzz apikey new`)")


@apikey.command("revoke")
@click.argument("name")
@click.option("--keys", metavar="FILE", help=KEYS_HELP)
def apikey_revoke(name: str, keys: str | None) -> None:
    """Remove the key called NAME; a running server refuses it from the next request."""
    from marketbuzz.api.keys import KeyFile

    record = KeyFile(_keys_path(keys)).revoke(name)
    click.echo(f"revoked {record.name!r}")


COMMANDS = (serve, apikey)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
