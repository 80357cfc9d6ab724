"""The html report as a reader sees it, in headless Chromium with the network cut off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_data import HOSTILE, hostile_catalogue

from heritage.catalogue import load
from heritage.changes import parse_window
from heritage.report import render_report
from heritage.write import write_atomic

pytestmark = pytest.mark.browser
CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "sites.geojson"


def open_report(offline_page, path, **context):
    page, record = offline_page(**context)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, record


def test_hostile_report_runs_nothing_and_requests_nothing(
    offline_page, write_catalogue, tmp_path, artifacts
):
    catalogue = load(write_catalogue(hostile_catalogue()))
    out = tmp_path / "report.html"
    write_atomic(out, render_report(catalogue, date(2020, 1, 1), date(2021, 6, 30), "html"))
    page, record = open_report(offline_page, out, viewport={"width": 1100, "height": 900})
    page.screenshot(path=str(artifacts / "report-hostile.png"), full_page=True)
    assert record.external_requests == []
    assert record.dialogs == []
    assert record.page_errors == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('iframe, img, object, embed').length") == 0
    names = page.locator("a.site").all_inner_texts()
    assert HOSTILE in names
    text = page.inner_text("body")
    assert "{{ 7*7 }}" in text
    assert "=HYPERLINK(" in text
    # site names link to the map beside the report (relative); every other link is a source
    site_links = page.eval_on_selector_all("a.site", "els => els.map(a => a.getAttribute('href'))")
    assert site_links and all(h.startswith("../maps/index.html#site=") for h in site_links)
    links = page.eval_on_selector_all(
        "a:not(.site)", "els => els.map(a => [a.protocol, a.getAttribute('rel')])"
    )
    assert links and all(
        proto in ("http:", "https:") and rel == "noopener noreferrer nofollow ugc"
        for proto, rel in links
    )
    # a claim is labelled as such where it is listed
    claim_row = page.locator("tr.claim")
    assert claim_row.count() == 1
    assert "never sets the status" in claim_row.inner_text()


def test_real_catalogue_report_since_2020(offline_page, tmp_path, artifacts):
    catalogue = load(CATALOGUE)
    since, until = parse_window("2020-01-01")
    out = tmp_path / "report.html"
    write_atomic(out, render_report(catalogue, since, until, "html"))
    page, record = open_report(offline_page, out, viewport={"width": 1280, "height": 1000})
    page.screenshot(path=str(artifacts / "report-real.png"), full_page=False)
    page.screenshot(path=str(artifacts / "report-real-full.png"), full_page=True)
    assert record.external_requests == []
    assert record.page_errors == []
    assert page.evaluate("document.scripts.length") == 0
    # two charts, drawn inline, each with an accessible name
    labels = page.eval_on_selector_all(
        "figure svg", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert labels == ["Sites by status over time", "Sites by transition from one status to another"]
    # the page fits its width: nothing sticks out sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    rows = page.locator("#transitions tbody tr").count()
    assert rows > 0
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "report-real-print.png"), full_page=False)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
