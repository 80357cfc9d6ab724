"""Conformance of the published pages: the Nu HTML Checker and axe-core (WCAG 2.2 AA).

Both tools come from the npm registry (``tools/conformance``, installed by ``scripts/test``
with ``npm ci``); vnu.jar runs on Debian's Java runtime. The Nu checker is slow to start, so
it runs once over a folder holding every page checked, and each group of pages is then a
test of its own: a failure names the pages that own it (the website, the reports, the map).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from map_support import cdn_routes

from heritage.build import build
from heritage.config import Config

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "conformance" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
BASE_URL = "https://example.org/heritage/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Pages checked, by who owns them. The site pages cover a withdrawn, a sensitive, an
#: unlocated and an ordinary site.
GROUPS = {
    "website": [
        "index.html",
        "about.html",
        "all-sites.html",
        "404.html",
        "sites/amaras-monastery.html",
        "sites/ghazanchetsots-cathedral.html",
        "sites/abdal-gulabli-cemetery-aghdam.html",
    ],
    "reports": ["reports/last-12-months.html", "reports/all-time.html"],
    "map": ["maps/index.html", "maps/embed.html", "maps/embed-snippet-page.html"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("conformance") / "site"
    config = Config(repository="octo/heritage", base_url=BASE_URL)
    assert build(ROOT / "data" / "sites.geojson", out, today=date(2026, 1, 1), config=config).ok
    # The snippet is a fragment for other people's pages: check it inside a minimal page.
    snippet = (out / "maps" / "embed-snippet.html").read_text("utf-8")
    (out / "maps" / "embed-snippet-page.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Embed</title>'
        f"</head><body><main>{snippet}</main></body></html>\n",
        encoding="utf-8",
    )
    return out


@pytest.fixture(scope="module")
def vnu_messages(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Run the Nu HTML Checker once over every page; return its errors by page."""
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("vnu.jar or java is missing: run scripts/test (npm ci, default-jre-headless)")
    folder = tmp_path_factory.mktemp("vnu")
    pages = [page for group in GROUPS.values() for page in group]
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built / page, target)
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(done.stderr)
    found: dict[str, list[str]] = {page: [] for page in pages}
    for message in report["messages"]:
        # vnu names files "file:/tmp/..." (one slash): match on the folder's path.
        page = message.get("url", "").partition(f"{folder}/")[2]
        assert page in found, message  # every message is about a page checked
        found[page].append(
            f"{message.get('lastLine', '?')}: {message['message']} {message.get('extract', '')!r}"
        )
    return found


@pytest.mark.parametrize("group", list(GROUPS))
def test_nu_html_checker_finds_no_error(vnu_messages: dict[str, list[str]], group: str) -> None:
    errors = {page: vnu_messages[page] for page in GROUPS[group] if vnu_messages[page]}
    assert errors == {}


def test_nu_html_checker_finds_a_planted_error(tmp_path: Path) -> None:
    # A negative control: the checks above mean something only if a broken page fails.
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("vnu.jar or java is missing: run scripts/test (npm ci, default-jre-headless)")
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title>'
                    '</head><body><p id="a"></p><p id="a"></p></body></html>')  # fmt: skip
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Duplicate ID" in done.stderr


@pytest.fixture
def axe(built: Path, offline_page: Any) -> Iterator[Any]:
    """``axe(url, size)``: the serious and critical WCAG 2.2 AA violations of a page."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/test, which installs it with npm ci")

    def run(url: str, size: tuple[int, int]) -> list[str]:
        # The pages forbid every script; axe is injected past the policy by the browser.
        # The public address is answered from the build (404.html links there).
        routes = {**cdn_routes(), BASE_URL: built}
        page, _ = offline_page(
            routes, bypass_csp=True, viewport={"width": size[0], "height": size[1]}
        )
        page.goto(url)
        if "/maps/" in url and "snippet" not in url:
            page.wait_for_selector("html[data-hm-ready]", state="attached", timeout=20000)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    yield run


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (375, 740)], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "page",
    ["index.html", "sites/amaras-monastery.html", "about.html", "all-sites.html", "404.html"],
)
def test_axe_website(built: Path, axe: Any, page: str, size: tuple[int, int]) -> None:
    assert axe((built / page).as_uri(), size) == []


@pytest.mark.browser
@pytest.mark.parametrize("page", ["maps/index.html", "maps/embed.html"])
def test_axe_map(built: Path, axe: Any, page: str) -> None:
    assert axe((built / page).as_uri(), (1280, 800)) == []
    assert axe((built / page).as_uri(), (375, 740)) == []
