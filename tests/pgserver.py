"""A real PostgreSQL server for the test session, and throwaway databases on it.

The store runs on SQLite and PostgreSQL, and the PostgreSQL half is only trustworthy when tested
against a real server. `acquire_server` finds one, in this order:

1. ``MARKETBUZZ_TEST_POSTGRES``: the URL of a server the tests may create databases on
   (``postgresql://user:pw@host:port/postgres``; any driver suffix is replaced with psycopg).
2. A throwaway cluster: ``initdb`` into a temporary directory and ``pg_ctl start`` it, listening
   on a free loopback port and a unix socket inside that directory only, trust auth, fsync off.
   PostgreSQL refuses to run as root, so under root the binaries run as the ``postgres`` (or
   ``nobody``) user, who owns the directory. The cluster is stopped and deleted at session end,
   with ``atexit`` as a backstop; clusters left by killed sessions are removed by the next one.
3. Otherwise `PostgresUnavailableError` carries the reason, which the fixtures turn into a skip.

``MARKETBUZZ_TEST_POSTGRES_BINDIR`` pins the directory holding initdb/pg_ctl/postgres (a directory
that does not exist simulates a machine without PostgreSQL).
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

SERVER_URL_ENV = "MARKETBUZZ_TEST_POSTGRES"
BINDIR_ENV = "MARKETBUZZ_TEST_POSTGRES_BINDIR"
NO_SERVER_REASON = (
    "PostgreSQL tests need a server: install Debian's postgresql (as .ci/run does)"
    f" or set {SERVER_URL_ENV} to a server URL the tests may create databases on"
)
# Where distributions put the server binaries when they are not on PATH (Debian/Ubuntu first).
_BINDIR_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin")
_REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")
# Users that may own the cluster when we run as root; Debian's package creates `postgres`.
_UNPRIVILEGED_USERS = ("postgres", "nobody")
_SUPERUSER = "postgres"
_START_TIMEOUT_S = 30
_START_ATTEMPTS = 3  # a free port can be taken between probing and binding it
_ROOT_PREFIX = "marketbuzz-pg-"
_OWNER_FILE = "owner.pid"  # the pid of the test session that started the cluster


class PostgresUnavailableError(Exception):
    """Neither a configured server nor PostgreSQL binaries: the message is the skip reason."""


class PostgresStartError(RuntimeError):
    """PostgreSQL binaries exist but the cluster would not start: a real fault, not a skip."""


@dataclass(frozen=True)
class PostgresServer:
    """A server the tests may create and drop databases on; `url` points at its admin database."""

    url: URL

    def create_database(self) -> URL:
        """Create a new, empty UTF-8 database and return a psycopg SQLAlchemy URL for it."""
        name = f"mb_test_{uuid.uuid4().hex[:16]}"
        # template0 + explicit encoding/locale: identical databases whatever the server's defaults.
        self._admin(
            f'CREATE DATABASE "{name}" TEMPLATE template0'
            " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        return self.url.set(database=name)

    def drop_database(self, database_url: URL) -> None:
        """Drop a database made by `create_database`, disconnecting anything still attached."""
        name = database_url.database
        if name is None or not name.startswith("mb_test_"):
            raise ValueError(f"refusing to drop a database the tests did not create: {name!r}")
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction, hence autocommit.
        engine = sa.create_engine(self.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(statement)
        finally:
            engine.dispose()


def psycopg_url(url: str | URL) -> URL:
    """The URL with SQLAlchemy's psycopg 3 driver, whatever driver (if any) it named."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string()}")
    return parsed.set(drivername="postgresql+psycopg")


def url_text(url: URL) -> str:
    """A URL as a string that still works (SQLAlchemy masks passwords when printing)."""
    return url.render_as_string(hide_password=False)


@dataclass
class ThrowawayCluster:
    """A private PostgreSQL cluster in a temporary directory, removed by `stop`."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None  # the unprivileged user when we are root, else None (run as ourselves)
    _stopped: bool = field(default=False, init=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=_SUPERUSER,
            host="127.0.0.1",
            port=self.port,
            database="postgres",
        )

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data_dir), *_initdb_options())
        self._configure()
        self._run(
            "pg_ctl", "start", "-w", "-t", str(_START_TIMEOUT_S),
            "-D", str(self.data_dir), "-l", str(self.log_file),
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server (immediately: the data is thrown away anyway) and delete its files."""
        if self._stopped:
            return
        self._stopped = True
        if (self.data_dir / "postmaster.pid").exists():
            self._run(
                "pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data_dir), check=False
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def _configure(self) -> None:
        # Appended settings win over initdb's defaults. Loopback TCP + a private socket directory:
        # nothing outside this machine can connect, and we never touch /var/run/postgresql.
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "fsync": "off",  # durability is pointless for a throwaway cluster; speed is not
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "50",
        }
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# marketbuzz test cluster\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        account = pwd.getpwnam(self.run_as) if self.run_as else None
        completed = subprocess.run(
            [str(self.bindir / program), *args],
            cwd=self.root,  # the unprivileged user may not be able to enter our working directory
            capture_output=True,
            text=True,
            timeout=_START_TIMEOUT_S + 30,
            user=account.pw_uid if account else None,
            group=account.pw_gid if account else None,
            extra_groups=[] if account else None,  # drop root's supplementary groups too
            env=_child_environment(account),
            check=False,
        )
        if check and completed.returncode != 0:
            raise PostgresStartError(
                f"{program} {' '.join(args)} failed ({completed.returncode}):\n"
                f"{completed.stdout}{completed.stderr}\n{self.log_tail()}"
            )


def acquire_server() -> tuple[PostgresServer, ThrowawayCluster | None]:
    """The session's server, plus the cluster to stop afterwards when we started one.

    Raises PostgresUnavailableError (skip) when there is neither a configured server nor
    binaries, and PostgresStartError (fail) when the binaries or the server do not work.
    """
    configured = os.environ.get(SERVER_URL_ENV, "").strip()
    if configured:
        server = PostgresServer(psycopg_url(configured))
        _check_reachable(server)
        return server, None
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailableError(NO_SERVER_REASON)
    cluster = start_throwaway_cluster(bindir)
    return PostgresServer(cluster.url), cluster


def find_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: the override, PATH, then known places."""
    override = os.environ.get(BINDIR_ENV)
    if override:
        return Path(override) if _has_server_binaries(Path(override)) else None
    for candidate in _bindir_candidates():
        if _has_server_binaries(candidate):
            return candidate
    return None


def start_throwaway_cluster(bindir: Path) -> ThrowawayCluster:
    """initdb + start a cluster on a free loopback port; retried if the port is taken meanwhile."""
    run_as = _unprivileged_user() if os.geteuid() == 0 else None
    _remove_orphaned_clusters(bindir, run_as)
    failure: PostgresStartError | None = None
    for _ in range(_START_ATTEMPTS):
        cluster = ThrowawayCluster(bindir, _make_root(run_as), _free_loopback_port(), run_as)
        atexit.register(cluster.stop)  # backstop: the session fixture normally stops it first
        (cluster.root / _OWNER_FILE).write_text(str(os.getpid()))
        try:
            cluster.start()
            return cluster
        except PostgresStartError as error:
            failure = error
            cluster.stop()
    assert failure is not None
    raise failure


def _remove_orphaned_clusters(bindir: Path, run_as: str | None) -> None:
    """Stop and delete clusters left by sessions that were killed (atexit never ran for them)."""
    for base in {tempfile.gettempdir(), _temp_base(run_as)}:
        for root in Path(base).glob(f"{_ROOT_PREFIX}*"):
            owner = _owner_pid(root)
            if owner is not None and not _process_alive(owner):
                ThrowawayCluster(bindir, root, port=0, run_as=run_as).stop()


def _owner_pid(root: Path) -> int | None:
    try:
        return int((root / _OWNER_FILE).read_text())
    except (OSError, ValueError):
        return None  # not ours, or still being set up


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _bindir_candidates() -> list[Path]:
    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        # Follow symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb) to the
        # directory where pg_ctl and postgres also live.
        candidates.append(Path(on_path).resolve().parent)
    for pattern in _BINDIR_GLOBS:
        matches = Path("/").glob(pattern.lstrip("/"))
        candidates.extend(sorted(matches, key=_version_key, reverse=True))  # newest first
    return candidates


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", str(path)))


def _has_server_binaries(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in _REQUIRED_BINARIES)


def _unprivileged_user() -> str:
    for name in _UNPRIVILEGED_USERS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailableError(
        "PostgreSQL refuses to run as root and there is no 'postgres' or 'nobody' user to run it as"
    )


def _make_root(run_as: str | None) -> Path:
    """A fresh temp directory for the cluster, owned by whoever runs the server."""
    root = Path(tempfile.mkdtemp(prefix=_ROOT_PREFIX, dir=_temp_base(run_as)))
    if run_as:
        account = pwd.getpwnam(run_as)
        os.chown(root, account.pw_uid, account.pw_gid)
    return root


def _temp_base(run_as: str | None) -> str:
    """The system temp dir, or /tmp when the unprivileged user could not reach a private TMPDIR."""
    base = tempfile.gettempdir()
    if run_as is None or _world_traversable(Path(base)):
        return base
    return "/tmp"


def _world_traversable(directory: Path) -> bool:
    return all(
        path.stat().st_mode & stat.S_IXOTH
        for path in [directory.resolve(), *directory.resolve().parents]
    )


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _child_environment(account: pwd.struct_passwd | None) -> dict[str, str]:
    # A clean locale so initdb's messages and defaults do not depend on the caller's settings;
    # PG* variables from the caller's shell must not redirect pg_ctl to another cluster.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    environment["LC_ALL"] = "C"
    if account is not None:
        environment.update(HOME=account.pw_dir, USER=account.pw_name, LOGNAME=account.pw_name)
    return environment


def _initdb_options() -> list[str]:
    return [
        f"--username={_SUPERUSER}",
        "--auth=trust",  # loopback + private socket only, so trust is safe and needs no password
        "--encoding=UTF8",
        "--locale=C",  # always available; CJK characters still count as word characters for FTS
        "--no-sync",  # the cluster is thrown away: skip fsyncing its files (saves seconds)
        "--no-instructions",
    ]


def _check_reachable(server: PostgresServer) -> None:
    engine = sa.create_engine(server.url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as error:
        raise PostgresStartError(
            f"{SERVER_URL_ENV} is set but its server is unreachable: {error}"
        ) from error
    finally:
        engine.dispose()
