"""Safe fetching of web pages and feeds over http(s).

A URL from a feed list or the command line is untrusted: it may point at the machine we run
on (a cloud metadata service at 169.254.169.254, an admin page on localhost), redirect there
after a harmless first hop, never finish sending, or send a gzip bomb. `fetch` guards against
each of these:

- only http and https, a host, a valid port, at most 2,000 characters;
- every address the host resolves to must be public (not loopback, private, link-local,
  reserved, multicast or unspecified; IPv4-mapped, 6to4 and NAT64 IPv6 forms are judged by the
  IPv4 address inside) unless the policy allows private addresses or names the host;
- the check happens where the connection is made (our own network backend resolves the name,
  judges every address and connects only to an address it judged), so a name that resolves
  to a public address once and to a private one a moment later (DNS rebinding) gains nothing;
- redirects are followed here, one hop at a time, with the same checks at every hop;
- connect and read timeouts, an overall deadline, and a limit on the decoded body size that
  is enforced while streaming (so a small compressed body cannot expand without bound).

Errors are `FetchError`s whose message names the URL with any credentials removed.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

import httpcore
import httpx

from marketbuzz import __version__
from marketbuzz.errors import MarketbuzzError

MAX_URL_LENGTH: Final = 2_000
ALLOWED_SCHEMES: Final = frozenset({"http", "https"})
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
DEFAULT_USER_AGENT: Final = f"marketbuzz/{__version__} (+https://github.com/marketbuzz)"

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 prefixes that carry an IPv4 address in their low 32 bits (RFC 6052 NAT64).
_NAT64_PREFIXES: Final = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)


class FetchError(MarketbuzzError):
    """A URL could not be fetched, or was refused; the message says which URL and why."""

    code = "MB301"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for one fetch. The defaults suit pages and feeds from the public web."""

    timeout: float = 15.0  # seconds, for connecting and for each read
    max_bytes: int = 20_000_000  # of the decoded body; reading stops beyond it
    max_redirects: int = 5
    allow_private: bool = False  # loopback / private / link-local / reserved / multicast
    allow_hosts: frozenset[str] = frozenset()  # names or IPs exempt from the private rule
    user_agent: str = DEFAULT_USER_AGENT
    deadline: float = 120.0  # seconds for the whole fetch: all hops and the body (slow drips)


DEFAULT_POLICY: Final = FetchPolicy()


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of a successful fetch."""

    url: str  # final URL after redirects
    status: int
    content: bytes  # b"" when not_modified
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool  # 304 to a conditional request


def is_url(text: str) -> bool:
    """True when `text` is an http(s) URL with a host (how the CLI tells a URL from a path)."""
    candidate = text.strip()
    if not candidate.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(httpx.URL(candidate).host)
    except (httpx.InvalidURL, ValueError):
        return False


def fetch(
    url: str,
    *,
    policy: FetchPolicy = DEFAULT_POLICY,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET `url` under `policy`, following redirects safely; raise FetchError on any failure.

    `etag` / `last_modified` (from an earlier Fetched) make the request conditional; a 304
    answer comes back as `not_modified=True` with empty content. A caller-supplied `client` is
    used as is (its transport is not ours), so the address checks then run before each hop.
    """
    start = _checked_url(url)
    headers = _request_headers(policy, etag, last_modified)
    if client is not None:
        return _follow(start, client, policy, headers, precheck=True)
    with guarded_client(policy) as own_client:
        return _follow(start, own_client, policy, headers, precheck=False)


# --- URLs ------------------------------------------------------------------------------------


def display_url(url: str | httpx.URL) -> str:
    """The URL for messages: user name and password removed."""
    text = str(url)
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, ValueError):
        return _strip_userinfo_textually(text)
    if parsed.userinfo:
        return str(parsed.copy_with(username=None, password=None))
    return text


def _strip_userinfo_textually(text: str) -> str:
    """Best effort for a URL httpx cannot parse: drop anything before '@' in the authority."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text[:200]
    authority, slash, path = rest.partition("/")
    host = authority.rpartition("@")[2]
    return f"{scheme}{sep}{host}{slash}{path}"[:200]


def _checked_url(url: str) -> httpx.URL:
    """Parse and vet a URL's form (scheme, host, port, length); no network."""
    shown = display_url(url)
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(
            f"refused {shown[:80]}...: the URL is longer than {MAX_URL_LENGTH:,} characters"
        )
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchError(f"cannot fetch {shown}: not a valid URL ({error})") from None
    scheme = parsed.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        what = f"'{scheme}:' URLs" if scheme else "URLs without a scheme"
        raise FetchError(f"refused {shown}: only http and https URLs can be fetched, not {what}")
    if not parsed.host:
        raise FetchError(f"refused {shown}: the URL has no host name")
    if parsed.port is not None and not 1 <= parsed.port <= 65_535:
        raise FetchError(f"refused {shown}: port {parsed.port} is not between 1 and 65535")
    return parsed


def _request_headers(
    policy: FetchPolicy, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    headers = {"User-Agent": policy.user_agent, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


# --- Addresses -------------------------------------------------------------------------------


class _AddressRefusedError(Exception):
    """Raised inside the network backend; `fetch` turns it into a FetchError naming the URL."""


class _UnresolvableHostError(Exception):
    """The host name did not resolve; `fetch` turns it into a FetchError naming the URL."""


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in prefix for prefix in _NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return None


def is_public_address(address: _IPAddress) -> bool:
    """True for an address on the public internet; False for anything local or special."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return is_public_address(inner)
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_private
    )


def _host_is_exempt(host: str, policy: FetchPolicy) -> bool:
    if policy.allow_private:
        return True
    exempt = {name.lower().strip("[]").rstrip(".") for name in policy.allow_hosts}
    return host.lower().strip("[]").rstrip(".") in exempt


def resolve_checked(host: str, port: int, policy: FetchPolicy) -> list[str]:
    """Resolve `host` and return its addresses, refusing if any of them is not public.

    Refusing when *any* address is private (not just the first) matters: the connection may
    fall through to a later address.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise _UnresolvableHostError(
            f"could not resolve host '{host}' ({_plain_os_error(error)})"
        ) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if _host_is_exempt(host, policy):
        return addresses
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
        if not is_public_address(address):
            named = "" if text == host.strip("[]") else f" resolves to {text}, which"
            raise _AddressRefusedError(
                f"host '{host}'{named} is a loopback, private or otherwise non-public address"
                " (allowed only with allow_private or allow_hosts)"
            )
    return addresses


def _plain_os_error(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, but it connects only to addresses `resolve_checked` allows.

    httpcore passes the URL's host here and later uses the same host for TLS (SNI and
    certificate checks), so connecting to a vetted IP keeps https working unchanged.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in resolve_checked(host, port, self._policy):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as error:  # try the host's next address
                last_error = error
        raise last_error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise _AddressRefusedError("unix sockets are never used for fetching")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for all fetches: building one loads the CA bundle (~25 ms)."""
    return httpx.create_ssl_context()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over `_GuardedBackend`. No proxies: they would bypass the guard."""

    def __init__(self, policy: FetchPolicy, tls: ssl.SSLContext | None = None) -> None:
        tls = tls or _ssl_context()
        super().__init__(verify=tls, retries=0, trust_env=False)
        # httpx does not expose the network backend, so the pool it built is replaced by an
        # equivalent one that uses ours (pinned: httpx 0.28 keeps it in `_pool`).
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls,
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(policy),
        )


def guarded_client(
    policy: FetchPolicy = DEFAULT_POLICY, *, verify: ssl.SSLContext | None = None
) -> httpx.Client:
    """An httpx client whose connections obey `policy`'s address rules, for reuse across
    fetches (polling many feeds) and for `fetch(client=...)`. `verify` replaces the default
    certificate checks, e.g. to trust a company's own certificate authority. Used directly,
    a refused address raises an exception that is not a FetchError: go through `fetch`."""
    return httpx.Client(
        transport=_GuardedTransport(policy, verify),
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
        trust_env=False,
    )


# --- Following redirects ---------------------------------------------------------------------


@dataclass(slots=True)
class _Budget:
    """Time left for the whole fetch, checked between hops and between body chunks."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def exhausted(self) -> bool:
        return time.monotonic() - self.started > self.seconds


def _follow(
    start: httpx.URL,
    client: httpx.Client,
    policy: FetchPolicy,
    headers: dict[str, str],
    *,
    precheck: bool,
) -> Fetched:
    budget = _Budget(policy.deadline)
    current = start
    seen = [str(start)]
    for _hop in range(policy.max_redirects + 1):
        if budget.exhausted():
            raise _deadline_passed(start, policy)
        if precheck:
            _precheck_address(current, policy)
        result = _one_hop(current, client, policy, headers, budget)
        if isinstance(result, Fetched):
            return result
        current = _checked_url(str(result))
        if str(current) in seen:
            raise FetchError(
                f"redirect loop fetching {display_url(start)}: the chain comes back to"
                f" {display_url(current)}"
            )
        seen.append(str(current))
    raise FetchError(
        f"too many redirects fetching {display_url(start)}: more than {policy.max_redirects}"
        f" (last: {display_url(current)})"
    )


def _precheck_address(url: httpx.URL, policy: FetchPolicy) -> None:
    """Address rules for a client that is not ours (ours checks while connecting)."""
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        resolve_checked(url.raw_host.decode("ascii"), port, policy)
    except (_AddressRefusedError, _UnresolvableHostError) as error:
        raise _as_fetch_error(url, error) from None


def _one_hop(
    url: httpx.URL,
    client: httpx.Client,
    policy: FetchPolicy,
    headers: dict[str, str],
    budget: _Budget,
) -> Fetched | httpx.URL:
    """One request: a Fetched result, or the URL a redirect points to."""
    try:
        with client.stream(
            "GET", url, headers=headers, timeout=policy.timeout, follow_redirects=False
        ) as response:
            if response.status_code in REDIRECT_STATUSES:
                return _redirect_target(url, response)
            return _finish(url, response, policy, headers, budget)
    except (_AddressRefusedError, _UnresolvableHostError, httpx.HTTPError) as error:
        raise _as_fetch_error(url, error, policy) from None


def _redirect_target(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(
            f"HTTP {response.status_code} redirect from {display_url(url)} has no Location header"
        )
    try:
        return url.join(location)  # relative Locations resolve against the hop's URL
    except (httpx.InvalidURL, ValueError):
        raise FetchError(
            f"redirect from {display_url(url)} points to an invalid URL: {display_url(location)}"
        ) from None


def _finish(
    url: httpx.URL,
    response: httpx.Response,
    policy: FetchPolicy,
    request_headers: dict[str, str],
    budget: _Budget,
) -> Fetched:
    status = response.status_code
    if status == 304:
        return Fetched(
            url=str(url),
            status=status,
            content=b"",
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag") or request_headers.get("If-None-Match"),
            last_modified=response.headers.get("last-modified")
            or request_headers.get("If-Modified-Since"),
            not_modified=True,
        )
    if not 200 <= status < 300:
        reason = response.reason_phrase or "error"
        raise FetchError(f"HTTP {status} {reason} from {display_url(url)}")
    return Fetched(
        url=str(url),
        status=status,
        content=_read_limited(url, response, policy, budget),
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        not_modified=False,
    )


def _read_limited(
    url: httpx.URL, response: httpx.Response, policy: FetchPolicy, budget: _Budget
) -> bytes:
    """The decoded body, refusing it once it passes max_bytes.

    Checked per decoded chunk: a compressed chunk (at most 64 KiB off the wire) can expand
    before the check, so memory briefly holds at most one such expansion beyond the limit.
    """
    declared = response.headers.get("content-length", "")
    encoded = "content-encoding" in response.headers
    if declared.isdigit() and not encoded and int(declared) > policy.max_bytes:
        raise _too_large(url, policy)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > policy.max_bytes:
            raise _too_large(url, policy)
        if budget.exhausted():
            raise _deadline_passed(url, policy)
        chunks.append(chunk)
    return b"".join(chunks)


def _deadline_passed(url: httpx.URL, policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"timed out fetching {display_url(url)}: the whole fetch took longer than"
        f" {policy.deadline:g} seconds"
    )


def _too_large(url: httpx.URL, policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"refused {display_url(url)}: the response is larger than {policy.max_bytes:,} bytes"
        " (decoded)"
    )


def _as_fetch_error(
    url: httpx.URL, error: BaseException, policy: FetchPolicy | None = None
) -> FetchError:
    """A plain-language FetchError for a network failure or refusal."""
    shown = display_url(url)
    if isinstance(error, _AddressRefusedError):
        return FetchError(f"refused {shown}: {error}")
    if isinstance(error, _UnresolvableHostError):
        return FetchError(f"cannot fetch {shown}: {error}")
    if isinstance(error, httpx.TimeoutException):
        limit = f" after {policy.timeout:g} seconds" if policy else ""
        stage = "connecting" if isinstance(error, httpx.ConnectTimeout) else "waiting for data"
        return FetchError(f"timed out {stage}{limit} fetching {shown}")
    return FetchError(f"cannot fetch {shown}: {_describe_network_error(error)}")


def _describe_network_error(error: BaseException) -> str:
    text = str(error)
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"the TLS (https) connection failed ({text})"
    if "refused" in lowered:
        return "the connection was refused"
    if isinstance(error, httpx.ConnectError):
        return f"could not connect ({text or 'network error'})"
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the server broke the HTTP protocol ({text})"
    if isinstance(error, httpx.DecodingError):
        return f"the response body could not be decoded ({text})"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
