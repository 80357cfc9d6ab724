"""The brief report (two printed A4 pages at most) and the meaning of changes of status."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_data import HOSTILE, collection, event, feature, hostile_catalogue

from heritage import vocabulary as v
from heritage.catalogue import from_data, load
from heritage.changes import compute_report, parse_window
from heritage.cli import cli
from heritage.report import render, render_report
from heritage.report.context import build_context
from heritage.write import write_atomic

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "data" / "sites.geojson"
MAP_LINK = "../maps/index.html#site="


@pytest.mark.parametrize(
    ("before", "after", "meaning"),
    [
        ("intact", "damaged", "worse"),
        ("threatened", "destroyed", "worse"),
        ("restored", "altered", "worse"),
        ("destroyed", "restored", "better"),
        ("intact", "restored", "better"),
        ("damaged", "threatened", "better"),
        ("unknown", "destroyed", "first"),
        ("unknown", "intact", "first"),
        ("damaged", "altered", "other"),
        ("destroyed", "altered", "other"),
        ("destroyed", "damaged", "other"),
        ("altered", "destroyed", "worse"),
        ("destroyed", "unknown", "other"),
    ],
)
def test_direction(before: str, after: str, meaning: str) -> None:
    assert v.direction(before, after) == meaning


@pytest.mark.parametrize(
    ("status", "change", "meaning"),
    [
        ("intact", -1, "worse"),
        ("restored", 6, "better"),
        ("destroyed", 3, "worse"),
        ("destroyed", -1, "better"),
        ("unknown", 5, ""),
        ("damaged", 0, ""),
    ],
)
def test_a_count_is_coloured_by_meaning_not_sign(status: str, change: int, meaning: str) -> None:
    assert v.count_change(status, change) == meaning


def _ranked_catalogue() -> dict[str, Any]:
    """Five changes in 2021 whose order in the brief is known.

    high/worse (b-worse-high), high/better (c-better-high), high/first destroyed
    (d-first-high), medium/worse with a bigger step (a-worse-medium), low/worse (e-low).
    """

    def two(site: str, first: str, second: str, confidence: str) -> dict[str, Any]:
        return feature(
            site,
            [
                event("2019-01-01", first, confidence="high"),
                event(
                    "2021-05-01",
                    second,
                    confidence=confidence,
                    reported_by=f"Monitor of {site}",
                    url=f"https://example.org/{site}",
                ),
            ],
        )

    return collection(
        two("a-worse-medium", "intact", "destroyed", "medium"),
        two("b-worse-high", "intact", "damaged", "high"),
        two("c-better-high", "destroyed", "restored", "high"),
        feature("d-first-high", [event("2021-03-01", "destroyed", confidence="high")]),
        two("e-low", "intact", "destroyed", "low"),
        feature(
            "f-claimed",
            [
                event(
                    "2021-04-01",
                    "destroyed",
                    "claim",
                    summary="A ministry said it was razed.",
                    reported_by="A ministry",
                )
            ],
        ),
    )


def test_significant_changes_put_high_confidence_first() -> None:
    report = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2021, 12, 31))
    c = build_context(report)
    assert [x.site_id for x in c.significant] == [
        "b-worse-high",
        "c-better-high",
        "d-first-high",
        "a-worse-medium",
        "e-low",
    ]
    assert c.directions == {"worse": 3, "better": 1, "first": 1, "other": 0}
    assert c.data_through == "2021-05-01"


def test_brief_markdown_says_what_a_reader_needs() -> None:
    report = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2021, 12, 31))
    text = render(report, "md", brief=True)
    assert "- **3** sites changed for the worse; **1** for the better." in text
    assert "**1** sites first observed in the window (1 of them reported damaged" in text
    row = next(line for line in text.splitlines() if "b-worse-high" in line)
    assert row == (
        f"| [B Worse High]({MAP_LINK}b-worse-high) | ● Intact → ◆ Damaged | 2021-05-01 | high | "
        "Monitor of b-worse-high | [example.org](https://example.org/b-worse-high) |"
    )
    claims = text.split("## Disputed: claims in the window")[1].split("##")[0]
    assert "claim (✖ Destroyed), reported by A ministry: A ministry said it was razed." in claims
    assert "Data up to 2021-05-01 (nothing later is known)." in text
    assert "## Method" in text


def test_site_links_can_point_at_site_pages() -> None:
    report = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2021, 12, 31))
    html = render(report, "html", brief=True, site_link="../sites/{id}.html")
    assert 'href="../sites/b-worse-high.html"' in html
    assert MAP_LINK not in html
    full = render(report, "md", site_link="https://example.org/s/{id}")
    assert "[B Worse High](https://example.org/s/b-worse-high)" in full


def test_the_full_report_carries_confidence_meaning_and_where_the_data_ends() -> None:
    report = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2022, 6, 30))
    html = render(report, "html")
    assert "no report after 2021-05-01" in html  # in the chart
    assert "nothing after that day is in the data" in html
    row = html.split('href="../maps/index.html#site=e-low"')[1].split("</tr>")[0]
    assert "For the worse" in row and "<td>low</td>" in row
    assert 'class="num worse"' in html  # more destroyed sites: coloured as worse
    closed = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2021, 5, 1))
    assert "no report after" not in render(closed, "html")


def test_hostile_text_stays_text_in_the_brief() -> None:
    report = compute_report(from_data(hostile_catalogue()), date(2020, 1, 1), date(2021, 12, 31))
    html = render(report, "html", brief=True)
    assert "<script>" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    md = MarkdownIt("commonmark").enable(["table"]).render(render(report, "md", brief=True))
    assert not re.search(r"<(script|img|iframe|b|em)\b", md)
    assert all(text.isdigit() for text in re.findall(r"<strong>(.*?)</strong>", md))
    hrefs = re.findall(r'href="([^"]*)"', md)
    assert hrefs and all(h.startswith(("https://", MAP_LINK)) for h in hrefs)


def test_the_brief_is_html_or_markdown_only(tmp_path: Path) -> None:
    path = tmp_path / "s.geojson"
    write_atomic(path, (ROOT / "tests" / "data" / "valid").glob("*.geojson").__next__().read_text())
    result = CliRunner().invoke(
        cli, ["report", str(path), "--since", "2020", "--brief", "--format", "json"]
    )
    assert result.exit_code == 2 and "the brief is html or md" in result.output
    result = CliRunner().invoke(cli, ["report", str(path), "--since", "2020", "--site-link", "x"])
    assert result.exit_code == 2 and "{id}" in result.output


# --- two printed pages, whatever the window ------------------------------------------


def _worst_case() -> dict[str, Any]:
    """Forty sites whose every text is as long as it can be, all changing in 2021."""
    long_name = ("W" * 30 + " ") * 12
    sites = []
    for i in range(40):
        sites.append(
            feature(
                f"site-{i:02d}",
                [
                    event("2001-01-01", "intact", confidence="high"),
                    event(
                        "2021-03-01",
                        "destroyed",
                        summary=HOSTILE * 20,
                        reported_by="R" * 400,
                        confidence="high",
                        url="https://" + "x" * 200 + ".example/" + "y" * 300,
                    ),
                    event(
                        "2021-04-01", "damaged", "claim", summary="M" * 2000, reported_by="Q" * 400
                    ),
                ],
                name=long_name,
                region="Z" * 500,
            )
        )
    for i in range(40):
        sites.append(feature(f"old-{i:02d}", [event("1990", "threatened")], name=long_name))
    return collection(*sites)


def _pages(page: Any, html: str, path: Path) -> int:
    write_atomic(path, html)
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    return len(pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)


@pytest.mark.browser
def test_the_brief_prints_on_at_most_two_a4_pages(
    browser: Any, tmp_path: Path, artifacts: Path
) -> None:
    real = load(CATALOGUE)
    page = browser.new_page()
    try:
        cases: list[tuple[str, Any, date, date]] = [
            ("worst", from_data(_worst_case()), date(2021, 1, 1), date(2021, 12, 31)),
            ("empty", real, date(1800, 1, 1), date(1800, 1, 2)),
        ]
        for since in ("1900", "2020", "2023", "2025-06"):
            cases.append((since, real, *parse_window(since, today=date(2026, 6, 30))))
        for name, catalogue, since, until in cases:
            html = render_report(catalogue, since, until, "html", brief=True)
            count = _pages(page, html, tmp_path / f"brief-{name}.html")
            assert 1 <= count <= 2, f"{name}: {count} pages"
        page.set_viewport_size({"width": 794, "height": 1123})
        page.goto((tmp_path / "brief-2023.html").as_uri())
        page.screenshot(path=str(artifacts / "brief-2023.png"), full_page=True)
    finally:
        page.close()


def test_the_html_report_does_not_import_the_markdown_one() -> None:
    import ast

    tree = ast.parse((ROOT / "heritage" / "report" / "html.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert "heritage.report.markdown" not in imported
    assert "heritage.report.context" in imported


def test_every_rendering_shows_the_same_figures() -> None:
    report = compute_report(from_data(_ranked_catalogue()), date(2021, 1, 1), date(2021, 12, 31))
    c = build_context(report)
    md, html = render(report, "md"), render(report, "html")
    brief_md, brief_html = render(report, "md", brief=True), render(report, "html", brief=True)
    worse, better = c.directions["worse"], c.directions["better"]
    assert f"{worse} for the worse, {better} for the better" in md
    assert f"<b>{worse}</b><span>sites changed for the worse</span>" in html
    assert f"**{worse}** sites changed for the worse; **{better}** for the better" in brief_md
    assert f"<b>{worse}</b><span>sites changed for the worse</span>" in brief_html


def test_the_meanings_table_in_the_docs_is_current() -> None:
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    assert "<!-- vocabulary:directions -->" in text
    from heritage.cli.docgen import fill_tables

    assert fill_tables(text) == text, "run: heritage gen-docs"
