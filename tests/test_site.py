"""The published website: the pages ``heritage build`` writes, what they say, and their safety.

The catalogue below has known answers: a site whose status went from intact to damaged and
then (by a claim that must not count) to destroyed, a restored site, a withdrawn site, a
sensitive site and a site without coordinates.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from sample_catalogue import secret_byte_patterns

from heritage.build import build
from heritage.cli import cli
from heritage.config import Config

TODAY = date(2024, 6, 30)
SECRET = (46.81237, 39.91263)


def ev(day: str | None, status: str | None, kind: str = "condition", **extra: Any) -> dict:
    event: dict[str, Any] = {"date": day, "type": kind, "summary": f"Report of {day}."}
    if status:
        event["status"] = status
    if status or kind == "claim":
        event["reported_by"] = "A monitoring group"
    event["sources"] = [
        {
            "url": f"https://example.org/{day}",
            "title": f"Article {day}",
            "archived": f"https://web.archive.org/web/2024/https://example.org/{day}",
        }
    ]
    return event | extra


def feature(site_id: str, history: list[dict], lonlat: Any = (46.75, 39.76), **props: Any) -> dict:
    geometry = {"type": "Point", "coordinates": list(lonlat)} if lonlat else None
    properties = {"name": {"en": site_id.replace("-", " ").title()}, "kind": "church"}
    properties |= props
    properties["history"] = history
    return {"type": "Feature", "id": site_id, "geometry": geometry, "properties": properties}


def catalogue() -> dict:
    return {
        "type": "FeatureCollection",
        "name": "Test heritage record",
        "features": [
            feature(
                "saint-george",
                [
                    ev("2019", "intact", reported_by="Survey team", confidence="high"),
                    ev("2023-11-10", "damaged", reported_by="Monitor", confidence="medium"),
                    ev("2024-02", "destroyed", "claim", reported_by="A ministry"),
                ],
                name={"en": "Saint George", "hy": "Սուրբ Գևորգ", "az": "Müqəddəs Georgi"},
                built="1890s",
                region="North district",
                alt_names=["St. George"],
            ),
            feature(
                "old-bridge",
                [ev("2020", "damaged"), ev("2024-03-01", "restored", "restoration")],
                kind="bridge",
            ),
            feature(
                "secret-khachkar",
                [ev("2023-12-01", "destroyed")],
                lonlat=SECRET,
                kind="khachkar",
                location={
                    "precision": "site",
                    "sensitive": True,
                    "source": "https://maps.example.org/?q=39.91263,46.81237",
                    "note": "Exactly at 39.91263 N 46.81237 E.",
                },
            ),
            feature("nowhere-chapel", [], lonlat=None, kind="chapel"),
            feature(
                "old-duplicate",
                [ev("2021", "damaged")],
                withdrawn={"date": "2022-01-01", "reason": "A duplicate of saint-george."},
            ),
        ],
    }


IDS = ["saint-george", "old-bridge", "secret-khachkar", "nowhere-chapel", "old-duplicate"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import json

    folder = tmp_path_factory.mktemp("site")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(catalogue(), ensure_ascii=False), encoding="utf-8")
    config = Config(base_url="https://example.org/record/", repository="octo/heritage")
    result = build(path, folder / "out", today=TODAY, config=config)
    assert result.ok, result.validation.issues
    return folder / "out"


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Collect every href/src and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)


def parse(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def test_every_site_has_its_page_and_the_front_door_exists(site: Path) -> None:
    for name in ("index.html", "about.html", "404.html", "sitemap.xml", "assets/site.css"):
        assert (site / name).is_file(), name
    assert sorted(p.stem for p in (site / "sites").glob("*.html")) == sorted(IDS)


def test_site_page_content(site: Path) -> None:
    page = read(site, "sites/saint-george.html")
    assert "<h1>Saint George</h1>" in page
    assert '<span lang="hy">Սուրբ Գևորգ</span>' in page and "Müqəddəs Georgi" in page
    assert "St. George" in page and "1890s" in page and "North district" in page
    # The claim of destruction does not set the status: damaged, resting on event 1.
    current = page.split('id="current"')[1].split("</section>")[0]
    assert "Damaged" in current and "Destroyed" not in current
    assert 'href="#event-1"' in current and "by Monitor" in current
    assert page.count('class="event event-observation"') == 2
    assert page.count('class="event event-claim"') == 1
    claim = page.split('id="event-2"')[1].split("</li>")[0]
    assert "does not set the status" in claim and "Status claimed" in claim
    assert "The current status rests on this report." in page.split('id="event-1"')[1]
    assert "Confidence: Medium" in page
    assert 'href="https://web.archive.org/web/2024/https://example.org/2019"' in page
    assert 'href="../maps/index.html#site=saint-george"' in page
    assert "https://github.com/octo/heritage/issues/new?template=report-change.yml" in page
    assert "site=saint-george" in page
    assert '<meta property="og:title" content="Saint George">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert 'content="https://example.org/record/sites/saint-george.html"' in page
    # Cite: plain text and BibTeX with the data date (the latest effective event date).
    assert "Data as of 2024-03-01." in page
    assert "@misc{heritage-saint-george," in page and "year = {2024}" in page
    assert "CC BY 4.0" in page


def test_withdrawn_site_keeps_its_page_marked(site: Path) -> None:
    page = read(site, "sites/old-duplicate.html")
    assert "Withdrawn from the catalogue on 2022-01-01." in page
    assert "A duplicate of saint-george." in page


def test_front_page_keeps_worse_and_better_apart(site: Path) -> None:
    page = read(site, "index.html")
    # In the year to 2024-06-30: saint-george damaged (worse), secret-khachkar destroyed
    # (worse, a first report), old-bridge restored (better). The claim and the withdrawn
    # site count for nothing.
    worse = page.split('class="box worse"')[1].split("</div>")[0]
    better = page.split('class="box better"')[1].split("</div>")[0]
    assert "For the worse: 2" in worse and "Damaged</span>: 1" in worse
    assert "Destroyed</span>: 1" in worse
    assert "For the better: 1" in better and "Restored</span>: 1" in better
    assert "<strong>4</strong> sites, 3 of them on the map" in page
    assert 'href="sites/old-bridge.html"' in page
    assert 'href="reports/feed.xml"' in page and 'href="about.html"' in page
    assert re.search(r'href="exports/sites\.gpkg">sites\.gpkg</a> \(\d+ kB\)', page)
    assert "CC BY 4.0" in page


def test_links_are_relative_and_resolve(site: Path) -> None:
    for page in [*site.glob("*.html"), *(site / "sites").glob("*.html")]:
        if page.name == "404.html":
            continue  # absolute on purpose when the public address is known
        for url in parse(page.read_text("utf-8")).urls:
            if url.startswith(("https://", "http://", "#")):
                continue
            assert not url.startswith("/"), (page, url)
            target = (page.parent / url.split("#")[0]).resolve()
            assert target.is_file(), (page, url)


def test_sitemap_lists_every_page_with_absolute_urls(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert "https://example.org/record/" in locs
    assert "https://example.org/record/about.html" in locs
    for site_id in IDS:
        assert f"https://example.org/record/sites/{site_id}.html" in locs
    assert read(site, "404.html").count('href="https://example.org/record/index.html"') >= 1


def test_sensitive_site_exact_position_is_nowhere(site: Path) -> None:
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            assert not any(p in data for p in secret_byte_patterns()), file
    page = read(site, "sites/secret-khachkar.html")
    assert "exact position is withheld" in page
    assert "maps.example.org" not in page


def test_pages_forbid_scripts(site: Path) -> None:
    for page in [*site.glob("*.html"), *(site / "sites").glob("*.html")]:
        text = page.read_text("utf-8")
        assert "<script" not in text
        assert "script-src" not in text and "default-src 'none'" in text


def test_without_public_address_no_sitemap_and_no_report_link(tmp_path: Path) -> None:
    import json

    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(catalogue()), encoding="utf-8")
    build(path, tmp_path / "out", today=TODAY)
    assert not (tmp_path / "out" / "sitemap.xml").exists()
    page = read(tmp_path / "out", "sites/saint-george.html")
    assert "issues/new" not in page and "og:url" not in page
    assert "sites/saint-george.html. Licence" in page  # the citation gives the page's path


def test_build_without_output_keeps_the_repository_tidy(tmp_path: Path, monkeypatch) -> None:
    import json

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sites.geojson").write_text(json.dumps(catalogue()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "data/sites.geojson", "--timings"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site", "data", "maps"]
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == [
        "embed-snippet.html", "embed.html", "index.html"
    ]  # fmt: skip
    assert (tmp_path / "_site" / "maps" / "index.html").read_bytes() == (
        tmp_path / "maps" / "index.html"
    ).read_bytes()
    assert f"Open the website: {tmp_path / '_site' / 'index.html'}" in result.stdout
    for step in ("validate", "load", "map", "reports", "feed", "exports", "site", "total"):
        assert re.search(rf"^{step} +\d+\.\d\d s +\d+\.\d\d s cpu$", result.stdout, re.M), step


def test_bad_configuration_is_refused_before_building(tmp_path: Path, monkeypatch) -> None:
    import json

    (tmp_path / "sites.geojson").write_text(json.dumps(catalogue()), encoding="utf-8")
    (tmp_path / "heritage.toml").write_text('titel = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "sites.geojson", "-o", "out"])
    assert result.exit_code == 2
    assert "unknown key 'titel'; did you mean 'title'?" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "points",
    [
        [(46.0, 39.0), (46.85, 39.95)],  # taller than wide
        [(40.0, 39.0), (50.0, 39.2)],  # long and thin
        [(46.7, 39.8)],  # one point
        [(-179.9, -89.9), (179.9, 89.9)],  # the whole world
    ],
)
def test_locator_frame_holds_every_point(points: list[tuple[float, float]]) -> None:
    from heritage.site.locator import WIDTH, Frame

    frame = Frame.around(points)
    assert WIDTH / 3 - 1 <= frame.height <= WIDTH + 1
    for lon, lat in points:
        x, y = frame.xy(lon, lat)
        assert 0 < x < WIDTH and 0 < y < frame.height, (lon, lat, x, y, frame)


def test_sitemap_goes_when_the_public_address_goes(tmp_path: Path) -> None:
    import json

    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(catalogue()), encoding="utf-8")
    out = tmp_path / "out"
    build(path, out, today=TODAY, config=Config(base_url="https://example.org/"))
    assert (out / "sitemap.xml").is_file()
    (out / "notes.txt").write_text("not the build's: kept")
    build(path, out, today=TODAY)
    assert not (out / "sitemap.xml").exists()
    assert (out / "notes.txt").read_text() == "not the build's: kept"
    assert not [p for p in out.iterdir() if p.name.startswith(".heritage-build-")]


def test_large_sitemaps_are_split_under_an_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from heritage.site import about

    monkeypatch.setattr(about, "SITEMAP_LIMIT", 2)
    urls = [("", "2024-01-01"), ("about.html", None), ("sites/a.html", None)]
    files = about.sitemaps(urls, Config(base_url="https://example.org/r/"))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [e.text for e in index.iter(f"{ns}loc")] == [
        "https://example.org/r/sitemap-1.xml",
        "https://example.org/r/sitemap-2.xml",
    ]
    second = ET.fromstring(files["sitemap-2.xml"])
    assert [e.text for e in second.iter(f"{ns}loc")] == ["https://example.org/r/sites/a.html"]
    assert about.sitemaps(urls, Config()) == {}


def test_base_url_from_the_command_line_or_environment(tmp_path: Path, monkeypatch) -> None:
    import json

    (tmp_path / "sites.geojson").write_text(json.dumps(catalogue()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HERITAGE_BASE_URL", "https://octo.github.io/heritage")
    result = CliRunner().invoke(cli, ["build", "sites.geojson", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert "<loc>https://octo.github.io/heritage/sites/old-bridge.html</loc>" in read(
        tmp_path / "out", "sitemap.xml"
    )
    bad = CliRunner().invoke(cli, ["build", "sites.geojson", "-o", "out2", "--base-url", "ftp://x"])
    assert bad.exit_code == 2 and "--base-url" in bad.stderr


def test_bibtex_escapes_what_would_break_the_entry() -> None:
    from heritage.site.cite import bibtex

    entry = bibtex("x-1", "A {b} \\c 50% & #1 $ _ ~ ^}", "T{", "2024-01-02", Config())
    body = entry.split("\n", 1)[1]
    # Braces stay balanced: every field's value closes where it should.
    depth = 0
    for i, char in enumerate(body[:-1]):  # all but the entry's own closing brace
        if char in "{}" and (i == 0 or body[i - 1] != "\\"):
            depth += 1 if char == "{" else -1
            assert depth >= 0, body[: i + 1]
    assert depth == 0 and body.endswith("}")
    title = r"A \{b\} \textbackslash{}c 50\% \& \#1 \$ \_ \textasciitilde{} \textasciicircum{}\}"
    assert title in entry
    assert "year = {2024}" in entry and "@misc{heritage-x-1," in entry


def test_report_link_is_encoded() -> None:
    from heritage.site.record import report_link

    url = report_link(Config(repository="octo/h"), "a-b", 'X & "<Y>" #z')
    assert url.startswith("https://github.com/octo/h/issues/new?template=report-change.yml&")
    assert "title=Change+report%3A+X+%26+%22%3CY%3E%22+%23z" in url and url.endswith("site=a-b")
    assert report_link(Config(), "a-b", "X") == ""
