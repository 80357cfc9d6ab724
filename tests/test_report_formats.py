"""The report's html, Markdown, csv and json forms: contents, escaping, determinism, CLI."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_data import FORMULA, HOSTILE, hostile_catalogue, window_catalogue

from heritage.catalogue import from_data
from heritage.changes import compute_report
from heritage.cli import cli
from heritage.report import render, render_report, render_report_tables
from heritage.report.escape import csv_cell, md_link, md_text, plain
from heritage.report.tables import report_data

SINCE, UNTIL = date(2020, 1, 1), date(2021, 6, 30)


SITE_LINK = "../maps/index.html#site="


def gfm(text: str) -> str:
    """Render Markdown as GitHub would (CommonMark with tables, raw html allowed)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


class Links(HTMLParser):
    """Collect tags and link targets of an html document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))


def parsed(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def hostile():
    return compute_report(from_data(hostile_catalogue()), SINCE, UNTIL)


def test_md_text_makes_markdown_inert():
    rendered = gfm("| a |\n|---|\n| " + md_text(HOSTILE + "\nnext") + " |\n")
    assert "<script" not in rendered
    assert "<a" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert rendered.count("<td>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | pipe *bold*" in rendered
    assert "{{ 7*7 }}" in rendered  # as text, after the entities are read
    assert "{{" not in md_text("{{ 7*7 }}")  # Liquid (GitHub Pages) never sees a tag


def _md_text_without_shortcuts(text: str) -> str:
    # The escaping as written before the fast paths: every step on every text.
    from heritage.invisible import show_bidi
    from heritage.report import escape

    one_line = show_bidi(text.translate(escape._CONTROLS_AS_SPACES))
    escaped = one_line.translate(escape._MD_TABLE)
    return escape._LINKISH.sub(lambda m: m.group(0) + "&#8203;", escaped)


@pytest.mark.parametrize("block", range(0, 0x3100, 0x400))
def test_md_text_shortcuts_change_nothing(block: int) -> None:
    # md_text skips steps for text that holds nothing they would change; around every
    # character up to U+3100, and in the contexts the link rule looks at, the result must
    # be what the full sequence of steps gives.
    for code in range(block, block + 0x400):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        for text in (c, f"a{c}b", f"www{c}example", f"{c}www.example.org", f"x@{c}", f"a:{c}//b"):
            assert md_text(text) == _md_text_without_shortcuts(text), repr(text)
    for text in ("@user", "https://x.org", "see www.x.org", "WwW.x", "a@b.org", "a\u202eb"):
        assert md_text(text) == _md_text_without_shortcuts(text)
        assert md_text(text) != text
    assert md_text("Plain text, as written.") == "Plain text, as written."


def test_md_link_cannot_leave_its_destination():
    text = md_link("x]", "https://example.org/b)[y](javascript:alert(2)")
    html = gfm(text)
    links = parsed(html).links
    assert len(links) == 1
    assert links[0]["href"] == "https://example.org/b%29%5By%5D%28javascript:alert%282%29"


def test_csv_cell_defuses_formulas():
    assert csv_cell(FORMULA) == "'" + FORMULA
    for text in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("plain") == "plain"
    assert csv_cell(None) == ""


def test_plain_removes_terminal_escapes():
    assert plain("a\x1b[31mred\x1b[0m\nb") == "a [31mred [0m b"


def test_markdown_report_escapes_every_field(hostile):
    text = render(hostile, "md")
    html = gfm(text)
    tree = parsed(html)
    assert not {"script", "img", "iframe", "b", "em", "strong"} & set(tree.tags)
    sources = [link for link in tree.links if not link["href"].startswith(SITE_LINK)]
    assert all(link["href"].startswith("https://") for link in sources)
    assert {link["href"] for link in tree.links} - {link["href"] for link in sources} == {
        SITE_LINK + site for site in hostile.sites.index
    }
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{" not in text and "{%" not in text
    # every row of the events table has its six cells, whatever pipes the data holds
    events = html.split("<h3>All events</h3>")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", events, re.DOTALL)
    assert len(rows) == 1 + 4
    assert all(row.count("<td>") == 6 for row in rows[1:])
    assert "claim: not independently verified; never sets the status" in html
    assert not re.search(r"\bnan\b", text)  # missing values print as nothing


def test_html_report_escapes_every_field(hostile):
    html = render(hostile, "html")
    tree = parsed(html)
    assert "script" not in tree.tags and "iframe" not in tree.tags and "img" not in tree.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert 'onmouseover="' not in html
    site_links = {link["href"] for link in tree.links if link.get("class") == "site"}
    assert site_links == {SITE_LINK + site for site in hostile.sites.index}
    for link in tree.links:
        if link.get("class") == "site":
            continue
        assert link["href"].startswith(("https://", "http://"))
        assert link["rel"] == "noopener noreferrer nofollow ugc"
    assert not re.search(r"\bnan\b", html)  # missing values print as nothing
    hrefs = {link["href"] for link in tree.links}
    assert 'https://example.org/a"onmouseover="alert(1)' in hrefs  # one attribute, quoted


def test_csv_tables_defuse_formulas_and_keep_text(hostile):
    tables = render_report_tables(from_data(hostile_catalogue()), SINCE, UNTIL)
    assert sorted(tables) == ["events.csv", "transitions.csv"]
    events = list(csv.DictReader(io.StringIO(tables["events.csv"])))
    assert [e["site_id"] for e in events] == [
        "hostile-one",
        "hostile-two",
        "hostile-one",
        "hostile-one",
    ]
    assert events[0]["reported_by"] == "'" + FORMULA
    assert events[0]["summary"] == HOSTILE
    assert events[1]["name"] == "'=cmd|' /C calc'!A0"
    assert events[2]["summary"] == "'+SUM(A1:A9) and -2+3 and @cmd\nsecond line"
    assert events[3]["summary"] == "'-claimed {{ 7*7 }} <img src=x>"
    assert events[3]["sets_status"] == "False"
    transitions = list(csv.DictReader(io.StringIO(tables["transitions.csv"])))
    assert [(t["site_id"], t["from_status"], t["to_status"], t["date"]) for t in transitions] == [
        ("hostile-two", "unknown", "damaged", "2020-12"),
        ("hostile-one", "unknown", "destroyed", "2021-02"),
    ]


def test_json_has_the_contract_fields():
    data = report_data(compute_report(from_data(window_catalogue()), SINCE, UNTIL))
    assert data["since"] == "2020-01-01" and data["until"] == "2021-06-30"
    assert [
        {k: t[k] for k in ("site_id", "from_status", "to_status", "date")}
        for t in data["transitions"]
    ] == [
        {"site_id": "alpha", "from_status": "intact", "to_status": "damaged", "date": "2020-11-10"},
        {
            "site_id": "charlie",
            "from_status": "unknown",
            "to_status": "damaged",
            "date": "2019/2021-03",
        },
    ]
    assert [{k: e[k] for k in ("site_id", "date", "type", "status")} for e in data["events"]] == [
        {"site_id": "bravo", "date": "2020-06", "type": "claim", "status": "destroyed"},
        {"site_id": "alpha", "date": "2020-11-10", "type": "condition", "status": "damaged"},
        {"site_id": "charlie", "date": "2019/2021-03", "type": "condition", "status": "damaged"},
    ]
    assert data["status_counts"] == {
        "intact": 1,
        "threatened": 0,
        "damaged": 3,
        "destroyed": 0,
        "altered": 0,
        "restored": 0,
        "unknown": 2,
    }
    assert [s["site_id"] for s in data["stale_sites"]] == ["golf", "bravo"]
    assert data["stale_sites"][0]["last_observed"] == "2015-03-01"
    assert [s["site_id"] for s in data["withdrawn_sites"]] == ["echo"]
    assert data["status_counts_over_time"][0]["day"] == "2019-12-31"
    json.dumps(data, allow_nan=False)  # no NaN anywhere


def test_json_keeps_text_as_written(hostile):
    data = report_data(hostile)
    assert data["events"][0]["summary"] == HOSTILE
    assert data["events"][0]["reported_by"] == FORMULA


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_same_catalogue_same_bytes(fmt):
    catalogue = from_data(window_catalogue())
    first = render_report(catalogue, SINCE, UNTIL, fmt)
    again = render_report(from_data(window_catalogue()), SINCE, UNTIL, fmt)
    assert first == again


def test_markdown_report_numbers():
    text = render_report(from_data(window_catalogue()), SINCE, UNTIL, "md")
    assert (
        "- 2 sites changed status: 1 for the worse, 0 for the better, 1 first observed "
        "(no earlier status), 0 other." in text
    )
    assert "- 3 events in the window, 2 of them observations" in text
    assert "| ◆ Damaged | 1 | 3 | +2 (worse) |" in text
    assert "| ○ Unknown | 3 | 2 | -1 |" in text  # neither worse nor better
    assert (
        f"| [Alpha]({SITE_LINK}alpha) (`alpha`) | ● Intact | ◆ Damaged | For the worse | "
        "2020-11-10 |" in text
    )
    assert (
        f"| [Charlie]({SITE_LINK}charlie) (`charlie`) | ○ Unknown | ◆ Damaged | "
        "First observation | between 2019 and 2021-03 |" in text
    )
    assert f"| [Golf]({SITE_LINK}golf) (`golf`) | ◆ Damaged | 2015-03-01 | 2313 |" in text
    assert f"- [Delta]({SITE_LINK}delta) (`delta`)" in text
    over_time = text.split("## Sites by status over time")[1].split("## Transitions")[0]
    rows = [line.split(" | ")[0] for line in over_time.splitlines() if line.startswith("| 20")]
    assert rows == ["| 2019-12-31", "| 2020-11-30", "| 2021-03-31", "| 2021-06-30"]


# --- command line -------------------------------------------------------------------


@pytest.fixture
def catalogue_file(write_catalogue):
    return write_catalogue(window_catalogue())


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_report_markdown_to_stdout(catalogue_file):
    result = run("report", str(catalogue_file), "--since", "2020", "--until", "2021-06")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Changes in the heritage catalogue, 2020-01-01 to 2021-06-30")


def test_cli_report_format_follows_the_output_suffix(catalogue_file, tmp_path):
    for name, start in (("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.md", "# ")):
        out = tmp_path / name
        result = run("report", str(catalogue_file), "--since", "2020", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith(start)


def test_cli_report_until_defaults_to_today(catalogue_file):
    result = run("report", str(catalogue_file), "--since", "2020", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["until"] == date.today().isoformat()


def test_cli_csv_writes_two_tables_into_a_folder(catalogue_file, tmp_path):
    folder = tmp_path / "out" / "tables"
    result = run(
        "report", str(catalogue_file), "--since", "2020", "--until", "2021-06",
        "--format", "csv", "-o", str(folder),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["events.csv", "transitions.csv"]
    with (folder / "transitions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["site_id"] for r in rows] == ["alpha", "charlie"]


def test_cli_csv_needs_a_folder(catalogue_file, tmp_path):
    result = run("report", str(catalogue_file), "--since", "2020", "--format", "csv")
    assert result.exit_code == 2
    assert "give -o FOLDER" in result.output
    a_file = tmp_path / "x.txt"
    a_file.write_text("")
    result = run(
        "report", str(catalogue_file), "--since", "2020", "--format", "csv", "-o", str(a_file)
    )
    assert result.exit_code == 2
    assert "this is a file" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2020-13"], "heritage: since: '2020-13': month 13 does not exist"),
        (["--since", "2021", "--until", "2020"], "heritage: the window ends"),
        (["--since", "soon"], "heritage: since: 'soon' is not a date"),
    ],
)
def test_cli_bad_dates_exit_2_with_one_line(catalogue_file, args, message):
    result = run("report", str(catalogue_file), *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert "Traceback" not in result.output


def test_cli_missing_catalogue_exits_2(tmp_path):
    result = run("report", str(tmp_path / "none.geojson"), "--since", "2020")
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_an_empty_window_renders(fmt):
    from report_data import collection, event, feature

    catalogue = from_data(collection(feature("x", [event(None, "damaged")])))
    text = render_report(catalogue, SINCE, UNTIL, fmt)
    if fmt == "json":
        data = json.loads(text)
        assert data["transitions"] == [] and data["events"] == []
        assert data["status_counts"]["unknown"] == 1 and data["undated_events"] == 1
    else:
        assert "No site changed status in the window." in text


def test_cli_refuses_an_invalid_catalogue_unless_no_check(write_catalogue):
    data = window_catalogue()
    data["features"][0]["properties"]["kind"] = "spaceship"
    path = write_catalogue(data)
    refused = run("report", str(path), "--since", "2020")
    assert refused.exit_code == 2
    assert "validation error" in refused.output and "unknown-kind" in refused.output
    assert run("report", str(path), "--since", "2020", "--no-check").exit_code == 0


@pytest.mark.parametrize(
    "value",
    [
        {"a": [], "b": {}, "c": [{}], "d": [1, -0, 2**63 - 1, 2**64, True, None, 0.5, 1e-07]},
        ['\x00\x1f\x7f\x80\u2028\u2029\u200e"\\/<>&', "é Ամարաս ✖ 😀", "\ud800"],
        {"nested": {"k\n": [[], [[]], {"x": {"y": []}}]}, "": "empty key"},
    ],
)
def test_json_text_is_what_json_dumps_writes(value: Any) -> None:
    from heritage.report.tables import json_text

    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_json_report_is_what_json_dumps_writes(hostile: Any) -> None:
    from heritage.report.tables import report_data

    text = render(hostile, "json")
    data = report_data(hostile)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def floats(value: Any) -> list[float]:
        if isinstance(value, dict):
            return [f for x in value.values() for f in floats(x)]
        if isinstance(value, list):
            return [f for x in value for f in floats(x)]
        return [value] if isinstance(value, float) else []

    assert all(math.isfinite(f) for f in floats(data))  # json_text's one precondition


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["a"],
        ["a", "", ""],
        ["a\n", "", "\n"],
        ["", ""],
        [f"line {i}" for i in range(10_000)] + ["", "\n", ""],
        ["x"] * 4096,
        ["x"] * 4097,
    ],
)
def test_markdown_in_pieces_is_the_joined_text(
    lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from heritage.report import markdown

    monkeypatch.setattr(markdown, "_report_lines", lambda c, title: list(lines))
    expected = "\n".join(lines).rstrip("\n") + "\n"
    assert "".join(markdown.markdown_parts(None)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_a_report_written_in_pieces_is_the_rendered_text(
    hostile: Any, fmt: str, tmp_path: Any
) -> None:
    from heritage.report import render_parts
    from heritage.write import write_atomic

    write_atomic(tmp_path / "r", render_parts(hostile, fmt))
    assert (tmp_path / "r").read_text(encoding="utf-8") == render(hostile, fmt)
