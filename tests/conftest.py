"""Shared fixtures: example catalogues, a temporary catalogue writer, and a real browser."""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CATALOGUE = ROOT / "data" / "sites.geojson"
ARTIFACTS = ROOT / "tests" / "artifacts"


def minimal_site(site_id: str = "test-church", **props: Any) -> dict[str, Any]:
    """Return a small valid feature; keyword arguments replace properties."""
    properties: dict[str, Any] = {
        "name": {"en": "Test Church"},
        "kind": "church",
        "history": [
            {
                "date": "2020-11-10",
                "type": "condition",
                "status": "damaged",
                "summary": "A monitoring group reported shell damage to the roof.",
                "reported_by": "A monitoring group",
                "sources": [{"url": "https://example.org/report"}],
            }
        ],
    }
    properties.update(props)
    return {
        "type": "Feature",
        "id": site_id,
        "geometry": {"type": "Point", "coordinates": [46.75, 39.76]},
        "properties": properties,
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    """Wrap features in a FeatureCollection."""
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[..., Path]:
    """Write a catalogue (dict or text) to a temporary file and return its path."""

    def write(data: dict[str, Any] | str, name: str = "sites.geojson") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session", params=["bundled", "hand-edited"])
def any_catalogue(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalogue, and a copy changed by hand in a non-canonical layout.

    Tests that read the real catalogue take this fixture, so that they compute what they
    expect from the file and an ordinary contribution (tests/hand_edit.py) never fails them.
    """
    if request.param == "bundled":
        return CATALOGUE
    from hand_edit import hand_edit

    path = tmp_path_factory.mktemp("hand-edited") / "sites.geojson"
    hand_edit(CATALOGUE, path)
    return path


@pytest.fixture
def site() -> Callable[..., dict[str, Any]]:
    """Factory for small valid features (see :func:`minimal_site`)."""
    return lambda *a, **k: copy.deepcopy(minimal_site(*a, **k))


def chromium_path() -> str | None:
    """Return the system Chromium to drive, or None."""
    return (
        os.environ.get("HERITAGE_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless system Chromium driven by Playwright (installed by scripts/test).

    The browser tests are part of the suite: when Chromium is missing this fails rather
    than skips, so a machine without it cannot report green.
    """
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("no chromium on PATH: run scripts/test, which installs Debian's chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageRecorder:
    """What a page did: requests leaving the machine, dialogs, console errors."""

    def __init__(self) -> None:
        self.external_requests: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Callable[..., tuple[Any, PageRecorder]]]:
    """Open pages with the network cut off; every request leaving file:// is recorded.

    ``offline_page(routes)`` returns ``(page, recorder)``; ``routes`` maps URL prefixes to
    local files answered instead of the network (for pinned CDN assets).
    """
    contexts: list[Any] = []

    def open_page(
        routes: dict[str, Path] | None = None, **context_args: Any
    ) -> tuple[Any, PageRecorder]:
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        record = PageRecorder()
        local = routes or {}

        def handle(route: Any) -> None:
            url = route.request.url
            for prefix, target in local.items():
                if url.startswith(prefix):
                    path = target / url[len(prefix) :] if target.is_dir() else target
                    route.fulfill(path=str(path))
                    return
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
                return
            record.external_requests.append(url)
            route.abort()

        context.route("**/*", handle)

        def on_dialog(dialog: Any) -> None:
            record.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on(
            "console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e: record.page_errors.append(str(e)))
        return page, record

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots that people look at (tests/artifacts, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
