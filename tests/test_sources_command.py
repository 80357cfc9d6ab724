"""heritage sources: cited hosts, their kinds and sole sources; --check-links on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from heritage.canonical import canonical_text
from heritage.cli import cli
from heritage.host_kinds import citations_by_kind, host_kind, host_table, reporter_kind
from heritage.link_check import WAYBACK, Link, check_links


def _site(site_id: str, *urls: str, reporter: str = "Azerbaijani media") -> dict:
    return {
        "type": "Feature",
        "id": site_id,
        "geometry": None,
        "properties": {
            "name": {"en": site_id},
            "kind": "church",
            "history": [
                {
                    "date": "2020",
                    "type": "access",
                    "summary": "Seen.",
                    "reported_by": "X",
                    "reporter_type": reporter,
                    "sources": [{"url": u} for u in urls],
                }
            ],
        },
    }


CATALOGUE = {
    "type": "FeatureCollection",
    "features": [
        _site("only-press", "https://newsportal.example/a", "https://newsportal.example/b"),
        _site("mixed", "https://newsportal.example/c", "https://monumentwatch.org/x"),
        _site("copy-only", "https://wikiclassic.com/wiki/X", reporter="encyclopedia"),
        _site(
            "gov",
            "https://ministry.example/1",
            reporter="government (Azerbaijan)",
        ),
        _site("relayed", "https://relay.example/1", reporter="government (Azerbaijan) via media"),
    ],
}


def test_host_table_counts_kinds_and_sole_sources() -> None:
    rows = {r.host: r for r in host_table(CATALOGUE)}
    assert rows["newsportal.example"].citations == 3
    assert rows["newsportal.example"].kind == "press"  # from the name
    assert rows["newsportal.example"].sole == ["only-press"]
    assert (
        rows["monumentwatch.org"].kind == "monitoring body" and rows["monumentwatch.org"].sole == []
    )
    assert rows["wikiclassic.com"].kind == "copy" and rows["wikiclassic.com"].sole == ["copy-only"]
    assert rows["ministry.example"].kind == "government"  # from the reporters citing it
    assert rows["relay.example"].kind == "press"  # the page read is the media's
    assert next(iter(rows)) == "newsportal.example"  # most cited first
    kinds = citations_by_kind(list(rows.values()))
    assert kinds["press"] == 4 and kinds["copy"] == 1 and kinds["government"] == 1


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("en.wikipedia.org", "encyclopedia"),
        ("en.m.wikipedia.org", "encyclopedia"),
        ("wikimapia.org", "user-written"),
        ("civilnet5.rssing.com", "copy"),
        ("perceptiode.com", "copy"),
        ("mexico.mfa.gov.az", "government"),
        ("en.trend.az", "press"),
        ("unknown.example", "other"),
    ],
)
def test_host_kind(host: str, kind: str) -> None:
    assert host_kind(host) == kind


def test_reporter_kind_reads_the_relaying_page() -> None:
    assert reporter_kind("academic monitoring (via media)") == "press"
    assert reporter_kind("Armenian monitoring NGO") == "monitoring body"
    assert reporter_kind("single social-media source") == "user-written"
    assert reporter_kind(None) is None


def test_sources_command_formats(tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(canonical_text(CATALOGUE), encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(cli, ["sources", str(path)])
    assert text.exit_code == 0, text.output
    assert "newsportal.example" in text.output and "only-press" in text.output
    data = json.loads(runner.invoke(cli, ["sources", str(path), "--format", "json"]).output)
    assert data["hosts"][0] == {
        "host": "newsportal.example",
        "citations": 3,
        "kind": "press",
        "sites": 2,
        "sole_source_of": ["only-press"],
    }
    md = runner.invoke(cli, ["sources", str(path), "--format", "markdown"]).output
    assert "| newsportal.example | 3 | press | only-press |" in md


# --- --check-links against a server on 127.0.0.1 ------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        _Handler.hits[path] = _Handler.hits.get(path, 0) + 1
        if path == "/ok":
            self._answer(200)
        elif path == "/gone":
            self._answer(404)
        elif path == "/flaky":
            self._answer(500 if _Handler.hits[path] == 1 else 200)
        elif path == "/broken":
            self._answer(503)
        elif path == "/slow":
            time.sleep(1.5)
            self._answer(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()

    def _answer(self, status: int) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"page")
        except BrokenPipeError:
            pass  # the client gave up waiting (the timeout case)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_check_links_statuses_retries_timeouts_redirects(server: str) -> None:
    archived = "https://web.archive.org/web/2020/http://example.org/gone"
    links = [
        Link(f"{server}/ok", sites={"a"}),
        Link(f"{server}/gone", archived={archived}, sites={"b"}),
        Link(f"{server}/flaky", sites={"c"}),
        Link(f"{server}/broken", sites={"d"}),
        Link(f"{server}/slow", sites={"e"}),
        Link(f"{server}/moved", sites={"f"}),
    ]
    results = {
        r.url.rsplit("/", 1)[1]: r
        for r in check_links(
            links, timeout=0.5, retries=1, workers=4, per_host_interval=0.0, backoff=0.01
        )
    }
    assert results["ok"].ok and results["ok"].attempts == 1 and results["ok"].replacement is None
    assert not results["gone"].ok and results["gone"].status == 404
    assert results["gone"].attempts == 1  # a 404 is not retried
    assert results["gone"].replacement == archived  # the source's own archived copy
    assert results["flaky"].ok and results["flaky"].attempts == 2
    assert not results["broken"].ok and results["broken"].attempts == 2
    assert results["broken"].replacement == WAYBACK + f"{server}/broken"
    assert not results["slow"].ok and results["slow"].status is None
    assert results["slow"].detail == "timeout"
    assert results["moved"].ok and results["moved"].detail == f"redirected to {server}/ok"
    assert results["gone"].sites == ("b",)


def test_check_links_is_polite_per_host(server: str) -> None:
    links = [Link(f"{server}/ok?{n}") for n in range(3)]
    start = time.monotonic()
    results = check_links(links, timeout=2, retries=0, workers=3, per_host_interval=0.2)
    assert all(r.ok for r in results)
    assert time.monotonic() - start >= 0.4  # three requests to one host: two waits


def test_sources_check_links_command_exit_code(server: str, tmp_path: Path) -> None:
    data = {"type": "FeatureCollection", "features": [_site("s", f"{server}/gone")]}
    path = tmp_path / "sites.geojson"
    path.write_text(canonical_text(data), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["sources", str(path), "--check-links", "--retries", "0", "--per-host-delay", "0"],
    )
    assert result.exit_code == 1
    assert f"dead  {server}/gone (404" in result.output
    assert f"cite instead: {WAYBACK}{server}/gone  [s]" in result.output


def test_check_links_markdown_and_json(server: str, tmp_path: Path) -> None:
    data = {"type": "FeatureCollection", "features": [_site("s", f"{server}/gone", f"{server}/ok")]}
    path = tmp_path / "sites.geojson"
    path.write_text(canonical_text(data), encoding="utf-8")
    args = ["sources", str(path), "--check-links", "--retries", "0", "--per-host-delay", "0"]
    md = CliRunner().invoke(cli, [*args, "--format", "markdown"])
    assert md.exit_code == 1
    assert "| dead link | answer | cite instead | sites |" in md.output
    # URLs from the data are neutralised in Markdown (no autolink): a zero-width space
    # follows the scheme's colon.
    shown = md.output.replace("&#8203;", "")
    assert "/gone | 404 Not Found | https://web.archive.org/web/\\*/http" in shown
    dead = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    assert [d["url"] for d in dead] == [f"{server}/gone"]
    assert dead[0]["replacement"] == f"{WAYBACK}{server}/gone" and dead[0]["sites"] == ["s"]
