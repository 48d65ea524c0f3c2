"""fetch: real HTTP on loopback (tests/httpserver.py); the loopback server is reached by
exempting 127.0.0.1 in the policy, exactly as a user would for a feed on their own network."""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from marketbuzz.ingest.fetch import (
    FetchError,
    FetchPolicy,
    display_url,
    fetch,
    guarded_client,
    is_public_address,
    is_url,
)
from tests.httpserver import (
    LoopbackServer,
    SelfSignedCertificate,
    self_signed_certificate,
    serve,
)

LOOPBACK = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}), timeout=2.0)


def loopback(**changes: Any) -> FetchPolicy:
    """LOOPBACK with some fields changed."""
    return dataclasses.replace(LOOPBACK, **changes)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serve() as running:
        yield running


def test_200_returns_body_and_headers(server: LoopbackServer) -> None:
    server.route(
        "/page",
        body="<p>騰訊</p>",
        content_type="text/html; charset=utf-8",
        etag='"abc"',
        last_modified="Tue, 01 Dec 2026 08:00:00 GMT",
    )
    fetched = fetch(server.url("/page"), policy=LOOPBACK)
    assert fetched.status == 200
    assert fetched.content == "<p>騰訊</p>".encode()
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.etag == '"abc"'
    assert fetched.last_modified == "Tue, 01 Dec 2026 08:00:00 GMT"
    assert not fetched.not_modified
    assert fetched.url == server.url("/page")
    sent = server.requests_to("/page")[0].headers
    assert sent["user-agent"].startswith("marketbuzz/")
    assert "if-none-match" not in sent


def test_404_names_the_status(server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found from http://127\.0\.0\.1:\d+/gone"):
        fetch(server.url("/gone"), policy=LOOPBACK)


def test_500_is_an_error_too(server: LoopbackServer) -> None:
    server.route("/broken", status=503, body="busy")
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch(server.url("/broken"), policy=LOOPBACK)


def test_redirect_chain_is_followed_to_the_final_url(server: LoopbackServer) -> None:
    server.redirect("/one", server.url("/two"), status=301)  # absolute
    server.redirect("/two", "three", status=307)  # relative to /two
    server.redirect("/three", "/final?x=1", status=308)
    server.route("/final", body="done")
    fetched = fetch(server.url("/one"), policy=LOOPBACK)
    assert fetched.content == b"done"
    assert fetched.url == server.url("/final?x=1")
    assert [request.path for request in server.requests] == ["/one", "/two", "/three", "/final?x=1"]


def test_redirect_loop_is_refused(server: LoopbackServer) -> None:
    server.redirect("/ping", "/pong")
    server.redirect("/pong", "/ping")
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(server.url("/ping"), policy=LOOPBACK)
    assert len(server.requests) == 2


def test_too_many_redirects(server: LoopbackServer) -> None:
    for hop in range(10):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    with pytest.raises(FetchError, match=r"too many redirects.*more than 3"):
        fetch(
            server.url("/hop0"),
            policy=loopback(max_redirects=3),
        )
    assert len(server.requests) == 4  # the first request and three redirects, no more


def test_redirect_without_location_is_an_error(server: LoopbackServer) -> None:
    server.route("/nowhere", status=302)
    with pytest.raises(FetchError, match="no Location header"):
        fetch(server.url("/nowhere"), policy=LOOPBACK)


@pytest.mark.parametrize(
    "target", ["http://127.0.0.2:{port}/secret", "http://localhost:{port}/secret"]
)
def test_redirect_to_a_loopback_address_not_allowed_is_refused(
    server: LoopbackServer, target: str
) -> None:
    server.redirect("/start", target.format(port=server.port))
    server.route("/secret", body="internal")
    with pytest.raises(FetchError, match=r"refused http://(127\.0\.0\.2|localhost).*non-public"):
        fetch(server.url("/start"), policy=LOOPBACK)
    assert server.requests_to("/secret") == []


def test_redirect_to_another_scheme_is_refused(server: LoopbackServer) -> None:
    server.redirect("/start", "file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        fetch(server.url("/start"), policy=LOOPBACK)


def test_default_policy_refuses_the_loopback_server_without_connecting(
    server: LoopbackServer,
) -> None:
    server.route("/", body="should not be read")
    with pytest.raises(FetchError, match="non-public"):
        fetch(server.url("/"))
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://localhost/",
    ],
)
def test_default_policy_refuses_non_public_addresses(url: str) -> None:
    with pytest.raises(FetchError, match=r"^\[MB301\] refused .*non-public"):
        fetch(url, policy=FetchPolicy(timeout=0.5))


def test_allow_private_admits_loopback(server: LoopbackServer) -> None:
    server.route("/", body="ok")
    assert fetch(server.url("/"), policy=FetchPolicy(allow_private=True)).content == b"ok"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("::ffff:10.0.0.1", False),
        ("fec0::1", False),  # deprecated site-local
        ("255.255.255.255", False),
        ("ff02::1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    import ipaddress

    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "not 'file:' URLs"),
        ("ftp://example.com/x", "not 'ftp:' URLs"),
        ("javascript:alert(1)", "not 'javascript:' URLs"),
        ("data:text/plain,hi", "not 'data:' URLs"),
        ("gopher://example.com/", "not 'gopher:' URLs"),
        ("example.com/page", "only http and https"),
        ("http:///path-only", "no host name"),
        ("http://example.com:99999/", "port 99999"),
        ("http://example.com:0/", "port 0"),
        ("http://example.com:abc/", "not a valid URL"),
        ("http://example.com/" + "a" * 2_000, "longer than 2,000 characters"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_credentials_are_stripped_from_messages() -> None:
    with pytest.raises(FetchError) as caught:
        fetch("http://alice:s3cret@127.0.0.1/feed")
    assert "s3cret" not in str(caught.value)
    assert "alice" not in str(caught.value)
    assert "http://127.0.0.1/feed" in str(caught.value)
    assert display_url("ftp://bob:pw@host/x") == "ftp://host/x"


def test_credentials_stripped_from_status_errors(server: LoopbackServer) -> None:
    url = server.url("/private").replace("http://", "http://alice:s3cret@")
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetch(url, policy=LOOPBACK)
    assert "s3cret" not in str(caught.value)


def test_body_over_the_limit_is_refused(server: LoopbackServer) -> None:
    server.route("/big", body=b"x" * 5_000)
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        fetch(
            server.url("/big"),
            policy=loopback(max_bytes=1_000),
        )
    small = fetch(server.url("/big"), policy=loopback(max_bytes=5_000))
    assert len(small.content) == 5_000


def test_body_over_the_limit_without_content_length_is_refused(server: LoopbackServer) -> None:
    """Chunked responses declare no length: the limit holds while streaming."""

    server.route("/stream", body=b"y" * 20_000, chunked=True)
    with pytest.raises(FetchError, match="larger than 10,000 bytes"):
        fetch(
            server.url("/stream"),
            policy=loopback(max_bytes=10_000),
        )


def test_gzip_bomb_is_stopped_by_the_decoded_size(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 30_000_000)
    assert len(bomb) < 100_000
    server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        fetch(
            server.url("/bomb"),
            policy=loopback(max_bytes=1_000_000),
        )


def test_gzip_body_is_decoded(server: LoopbackServer) -> None:
    server.route(
        "/gz", body=gzip.compress("恒生指數".encode()), headers={"Content-Encoding": "gzip"}
    )
    assert fetch(server.url("/gz"), policy=LOOPBACK).content == "恒生指數".encode()


def test_slow_server_times_out(server: LoopbackServer) -> None:
    server.route("/slow", body="late", delay=3.0)
    with pytest.raises(FetchError, match=r"timed out .*0\.5 seconds.*/slow"):
        fetch(server.url("/slow"), policy=loopback(timeout=0.5))


def test_slow_drip_hits_the_overall_deadline(server: LoopbackServer) -> None:
    """Each chunk arrives within the read timeout, but the whole body takes too long."""
    server.route("/drip", body=b"z" * 4_096 * 20, chunked=True, interval=0.1)
    with pytest.raises(FetchError, match=r"whole fetch took longer than 0\.5 seconds"):
        fetch(server.url("/drip"), policy=loopback(timeout=2.0, deadline=0.5))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> SelfSignedCertificate:
    made = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("needs the openssl command to make a test certificate")
    return made


def test_https_with_an_untrusted_certificate_is_a_tls_error(
    certificate: SelfSignedCertificate,
) -> None:
    with serve(tls=certificate.server_context()) as server:
        server.route("/", body="secret")
        with pytest.raises(FetchError, match=r"cannot fetch https://127\.0\.0\.1:\d+/: the TLS"):
            fetch(server.url("/"), policy=LOOPBACK)


def test_https_through_the_guarded_connection(certificate: SelfSignedCertificate) -> None:
    """TLS still verifies the URL's host although the socket was opened to a vetted IP."""
    with serve(tls=certificate.server_context()) as server:
        server.route("/", body="over tls")
        with guarded_client(LOOPBACK, verify=certificate.client_context()) as client:
            fetched = fetch(server.url("/"), policy=LOOPBACK, client=client)
            assert fetched.content == b"over tls"
            refused = FetchPolicy()  # fetch checks the policy it is given before each hop
            with pytest.raises(FetchError, match="non-public"):
                fetch(server.url("/"), policy=refused, client=client)


def test_connection_refused_is_a_plain_error() -> None:
    with serve() as closed:
        url = closed.url("/")
    with pytest.raises(FetchError, match="connection was refused"):
        fetch(url, policy=LOOPBACK)


def test_unknown_host_is_a_plain_error() -> None:
    with pytest.raises(FetchError, match=r"could not resolve host 'no-such-host\.invalid'"):
        fetch("http://no-such-host.invalid/feed.xml")


def test_etag_and_last_modified_round_trip_with_304(server: LoopbackServer) -> None:
    server.route("/feed", body="v1", etag='"v1"', last_modified="Tue, 01 Dec 2026 08:00:00 GMT")
    first = fetch(server.url("/feed"), policy=LOOPBACK)
    again = fetch(server.url("/feed"), policy=LOOPBACK, etag=first.etag)
    assert again.not_modified
    assert again.status == 304
    assert again.content == b""
    assert again.etag == '"v1"'
    by_date = fetch(server.url("/feed"), policy=LOOPBACK, last_modified=first.last_modified)
    assert by_date.not_modified
    assert by_date.last_modified == "Tue, 01 Dec 2026 08:00:00 GMT"
    sent = [request.headers for request in server.requests_to("/feed")]
    assert sent[1]["if-none-match"] == '"v1"'
    assert sent[2]["if-modified-since"] == "Tue, 01 Dec 2026 08:00:00 GMT"
    changed = fetch(server.url("/feed"), policy=LOOPBACK, etag='"v0"')
    assert not changed.not_modified
    assert changed.content == b"v1"


def test_guarded_client_refuses_at_connect_time(server: LoopbackServer) -> None:
    """The check lives in the connection itself, so a client used directly cannot reach a
    private address either (this is what defeats DNS rebinding)."""
    server.route("/", body="internal")
    with guarded_client() as client, pytest.raises(Exception, match="non-public"):
        client.get(server.url("/"))
    assert server.requests == []


def test_caller_client_is_checked_before_each_hop(server: LoopbackServer) -> None:
    server.route("/", body="internal")
    with httpx.Client() as plain, pytest.raises(FetchError, match="non-public"):
        fetch(server.url("/"), client=plain)
    assert server.requests == []
    with httpx.Client() as plain:
        assert fetch(server.url("/"), client=plain, policy=LOOPBACK).content == b"internal"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/rss", True),
        ("http://127.0.0.1:8080/x?y=1", True),
        ("  HTTPS://Example.com  ", True),
        ("news/2026/article.html", False),
        ("/home/me/feeds.txt", False),
        ("file:///etc/passwd", False),
        ("ftp://example.com/", False),
        ("http://", False),
        ("https:///path", False),
        ("", False),
    ],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_package_re_exports_resolve() -> None:
    import marketbuzz.ingest

    for name in marketbuzz.ingest.__all__:
        assert getattr(marketbuzz.ingest, name).__name__ == name
