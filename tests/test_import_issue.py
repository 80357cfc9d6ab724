"""'heritage import issue': bodies of both issue forms, valid and invalid, through the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from heritage.cli import cli
from tests.issue_forms_support import ISSUES, body, catalogue_text, render, sections


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "sites.geojson"
    path.write_text(catalogue_text(), encoding="utf-8")
    return path


def run(catalogue: Path, text: str) -> tuple[int, str]:
    issue = catalogue.parent / "issue.md"
    issue.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["import", "issue", str(issue), "-c", str(catalogue)])
    return result.exit_code, result.stderr + result.stdout


def site(catalogue: Path, site_id: str) -> dict:
    data = json.loads(catalogue.read_text(encoding="utf-8"))
    return next(f for f in data["features"] if f["id"] == site_id)


def test_report_change_adds_one_event_to_the_site_named(catalogue: Path) -> None:
    code, out = run(catalogue, (ISSUES / "report-change.md").read_text(encoding="utf-8"))
    assert code == 0, out
    assert "1 event added to 'amaras-monastery'" in out
    history = site(catalogue, "amaras-monastery")["properties"]["history"]
    assert history[-1] == {
        "date": "2025-03-14",
        "type": "condition",
        "status": "damaged",
        "summary": "A satellite image published by the monitor shows the roof of the bell "
        "tower partly collapsed.",
        "reported_by": "Caucasus Heritage Watch",
        "reporter_type": "monitoring body",
        "confidence": "medium",
        "sources": [
            {
                "url": "https://example.org/reports/amaras-2025",
                "archived": "https://web.archive.org/web/2025/https://example.org/reports/"
                "amaras-2025",
            }
        ],
    }
    assert len(history) == 2
    assert json.loads(out[out.index("[") : out.rindex("]") + 1]) == [history[-1]]
    # The result is canonical: format --check passes.
    check = CliRunner().invoke(cli, ["format", "--check", str(catalogue)])
    assert check.exit_code == 0, check.stderr


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("amaras-monastery", "amaras-monastery"),
        ("AMARAS MONASTERY", "amaras-monastery"),
        ("Ամարաս", "amaras-monastery"),
        ("amaras vank", "amaras-monastery"),
        ("Gulabli church", "gulabli-church"),
        ("gülablı kilsəsi", "gulabli-church"),
        ("церковь гюлаблы", "gulabli-church"),
        ("  st-george-hadrut ", "st-george-hadrut"),
        ("St. George Church (st-george-shusha)", "st-george-shusha"),
    ],
)
def test_site_is_found_by_id_or_any_name(catalogue: Path, typed: str, expected: str) -> None:
    code, out = run(catalogue, body("report-change.md", {"Site": typed}))
    assert code == 0, out
    assert site(catalogue, expected)["properties"]["history"][-1]["date"] == "2025-03-14"


def test_new_site_adds_the_site_and_its_first_event(catalogue: Path) -> None:
    code, out = run(catalogue, (ISSUES / "new-site.md").read_text(encoding="utf-8"))
    assert code == 0, out
    assert "site 'church-of-st-stepanos-of-testville' added with 1 event(s)" in out
    feature = site(catalogue, "church-of-st-stepanos-of-testville")
    assert feature["geometry"] == {"type": "Point", "coordinates": [46.7501, 39.7612]}
    props = feature["properties"]
    assert props["name"] == {
        "en": "Church of St. Stepanos of Testville",
        "hy": "Սուրբ Ստեփանոս",
        "ru": "Церковь Святого Степаноса",
    }
    assert props["alt_names"] == ["Surb Stepanos", "St Stephen's Church"]
    assert props["kind"] == "church"
    assert props["region"] == "Shusha"
    assert props["location"] == {
        "precision": "settlement",
        "source": "https://example.org/maps/testville",
    }
    (event,) = props["history"]
    assert event["approximate"] is True
    assert event["status"] == "intact"
    assert event["note"].startswith("The month of the photographs")
    assert [s["url"] for s in event["sources"]] == [
        "https://example.org/photos/testville",
        "https://example.org/a",
        "https://example.org/b",
    ]
    assert event["sources"][0]["title"] == "Testville church, June 2024"


@pytest.mark.parametrize("given", ["", None])
def test_type_defaults_to_condition_as_in_add_event(catalogue: Path, given: str | None) -> None:
    code, out = run(catalogue, body("report-change.md", {"Type": given}))
    assert code == 0, out
    assert site(catalogue, "amaras-monastery")["properties"]["history"][-1]["type"] == "condition"


def test_new_site_with_an_id_and_a_sensitive_location(catalogue: Path) -> None:
    text = body(
        "new-site.md",
        {
            "Site id": "testville-church",
            "Latitude": "39.76",
            "Longitude": "46.75",
            "Sensitive location": "- [X] Publish only a generalised location",
        },
    )
    code, out = run(catalogue, text)
    assert code == 0, out
    assert site(catalogue, "testville-church")["properties"]["location"]["sensitive"] is True


REPORT_INVALID = [
    ({"Site": "Amaras Cathedral of Nowhere"}, "Site", "did you mean"),
    ({"Site": "St. George Church"}, "Site", "did you mean 'st-george-hadrut', 'st-george-shusha'"),
    ({"Site": "zzzzqqqq"}, "Site", "new site"),
    ({"Site": ""}, "Site", "required"),
    ({"Date": "14/03/2025"}, "Date", "date"),
    ({"Date": "2999-01-01"}, "Date", "after today"),
    ({"Date": ""}, "Date", "required"),
    ({"Date": None}, "Date", "missing"),
    ({"Type": "inspection"}, "Type", "condition, restoration"),
    ({"Status": "destroyd"}, "Status", "destroyed"),
    ({"Status": ""}, "Status", "status"),
    ({"Summary": ""}, "Summary", "required"),
    ({"Reported by": ""}, "Reported by", "required"),
    ({"Reporter type": "media\nand more"}, "Reporter type", "one line"),
    ({"Confidence": "certain"}, "Confidence", "high, medium, low"),
    ({"Source URL": "javascript:alert(1)"}, "Source URL", "https://"),
    ({"Source URL": ""}, "Source URL", "required"),
    ({"Archived copy URL": "web.archive.org/x"}, "Archived copy URL", "https://"),
    ({"Other source URLs": "https://a.example https://b.example"}, "Other source URLs", "one"),
    ({"Other source URLs": "ftp://a.example/x"}, "Other source URLs", "http"),
    ({"Approximate date": "maybe"}, "Approximate date", "[X]"),
]


@pytest.mark.parametrize(("changes", "label", "hint"), REPORT_INVALID)
def test_invalid_report_names_the_field_and_writes_nothing(
    catalogue: Path, changes: dict[str, str | None], label: str, hint: str
) -> None:
    before = catalogue.read_bytes()
    code, out = run(catalogue, body("report-change.md", changes))
    assert code == 1, out
    assert f": {label}: " in out, out
    assert hint.lower() in out.lower(), out
    assert "nothing was written" in out
    assert catalogue.read_bytes() == before


NEW_SITE_INVALID = [
    ({"Name (English)": ""}, "Name (English)", "required"),
    ({"Name (Armenian)": "Սուրբ\nՍտեփանոս"}, "Name (Armenian)", "one line"),
    ({"Kind": "monastry"}, "Kind", "monastery"),
    ({"Kind": ""}, "Kind", "required"),
    ({"Latitude": "39,76"}, "Latitude", "point, not a comma"),
    ({"Latitude": "north"}, "Latitude", "not a number"),
    ({"Longitude": ""}, "Longitude", "both"),
    ({"Latitude": "139.76"}, "Latitude", "between -90 and 90"),
    ({"Longitude": "-200"}, "Longitude", "between -180 and 180"),
    ({"Location precision": "exact"}, "Location precision", "site, settlement"),
    ({"Location source URL": "data:text/html,x"}, "Location source URL", "https://"),
    ({"Sensitive location": "yes please"}, "Sensitive location", "[X]"),
    ({"Sensitive location": "- [X] Publish only a generalised location"}, "Latitude", "2 decimals"),
    ({"Site id": "amaras-monastery"}, "Site id", "Report a change"),
    ({"Name (English)": "Amaras Monastery"}, "Site id", "already"),
    ({"Site id": "Bad Id!"}, "Site id", "id"),
    ({"Name (English)": "Սուրբ Ստեփանոս"}, "Site id", "Latin letters"),
    ({"Other names": "One; Two"}, "Other names", "one name per line"),
    ({"Status": "destroyd"}, "Status", "destroyed"),
    ({"Source URL": "javascript:alert(1)"}, "Source URL", "https://"),
    ({"Date": "2024-13"}, "Date", "date"),
]


@pytest.mark.parametrize(("changes", "label", "hint"), NEW_SITE_INVALID)
def test_invalid_new_site_names_the_field_and_writes_nothing(
    catalogue: Path, changes: dict[str, str | None], label: str, hint: str
) -> None:
    before = catalogue.read_bytes()
    code, out = run(catalogue, body("new-site.md", changes))
    assert code == 1, out
    assert f": {label}: " in out, out
    assert hint.lower() in out.lower(), out
    assert catalogue.read_bytes() == before


def test_every_problem_is_reported_at_once(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    changes: dict[str, str | None] = {
        "Kind": "monastry",
        "Latitude": "x",
        "Summary": "",
        "Date": "2024-13",
        "Source URL": "javascript:x",
    }
    code, out = run(catalogue, body("new-site.md", changes))
    assert code == 1
    for label in changes:
        assert f": {label}: " in out, out
    assert out.count(": Summary: ") == 1  # said once, not again by the validator
    assert catalogue.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello, the church is damaged!\n",
        "### Something\n\nelse\n",
        render([("Site", "amaras-monastery"), ("Name (English)", "X")]),
    ],
)
def test_a_body_that_is_no_form_is_refused(catalogue: Path, text: str) -> None:
    before = catalogue.read_bytes()
    code, out = run(catalogue, text)
    assert code == 1
    assert "form" in out
    assert catalogue.read_bytes() == before


@pytest.mark.parametrize(
    ("removed", "label"), [("Site", "Site"), ("Name (English)", "Name (English)")]
)
def test_a_missing_key_field_is_named(catalogue: Path, removed: str, label: str) -> None:
    name = "report-change.md" if removed == "Site" else "new-site.md"
    code, out = run(catalogue, body(name, {removed: None}))
    assert code == 1
    assert f": {label}: the field is missing (no '### {label}' heading)" in out, out


def test_layout_does_not_matter(catalogue: Path, tmp_path: Path) -> None:
    pairs = sections((ISSUES / "report-change.md").read_text(encoding="utf-8"))
    messy = render(list(reversed(pairs)), newline="\r\n")
    messy = messy.replace("### Status", "###   Status   ").replace("\r\ndamaged", "\r\n  damaged  ")
    code, out = run(catalogue, "\ufeff" + messy)
    assert code == 0, out
    assert site(catalogue, "amaras-monastery")["properties"]["history"][-1]["status"] == "damaged"


def test_unknown_sections_are_ignored_with_a_note(catalogue: Path) -> None:
    text = body("report-change.md") + "\n### Anything else?\n\nI also saw a fire.\n"
    code, out = run(catalogue, text)
    assert code == 0, out
    assert "'### Anything else?' is not a field" in out
    assert "fire" not in json.dumps(site(catalogue, "amaras-monastery"))


def test_a_field_given_twice_is_refused(catalogue: Path) -> None:
    # A text box whose text starts a line with '### Status' must not override the dropdown.
    text = body("report-change.md", {"Notes": "see below\n\n### Status\n\ndestroyed"})
    before = catalogue.read_bytes()
    code, out = run(catalogue, text)
    assert code == 1
    assert ": Status: the field appears more than once" in out
    assert catalogue.read_bytes() == before


def test_hidden_html_comments_are_never_imported(catalogue: Path) -> None:
    text = body(
        "report-change.md",
        {"Summary": "Roof damaged.<!-- \n### Status\n\ndestroyed\n--> Seen from the road."},
    )
    code, out = run(catalogue, text)
    assert code == 0, out
    event = site(catalogue, "amaras-monastery")["properties"]["history"][-1]
    assert event["status"] == "damaged"
    assert event["summary"] == "Roof damaged. Seen from the road."
    assert "HTML comment" in out


def test_hashes_inside_text_and_code_blocks_stay_text(catalogue: Path) -> None:
    notes = "Tagged ### in a caption.\n```\n### Status\nnot a field\n```"
    code, out = run(catalogue, body("report-change.md", {"Notes": notes}))
    assert code == 0, out
    assert site(catalogue, "amaras-monastery")["properties"]["history"][-1]["note"] == notes


HOSTILE = [
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "{{ 7*7 }} {% raw %} ${HOME} $(touch /tmp/pwned) `id` ; rm -rf / #",
    "[click](javascript:alert(1)) @everyone [bold red]markup[/] \u202eevil",
    '=HYPERLINK("http://evil.example") " \' \\ </textarea>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_free_text_field_is_kept_as_text(
    catalogue: Path, hostile: str
) -> None:
    free = [
        "Name (English)",
        "Name (Armenian)",
        "Name (Azerbaijani)",
        "Name (Russian)",
        "Region",
        "Summary",
        "Reported by",
        "Reporter type",
        "Source title",
        "Source publisher",
        "Notes",
    ]
    changes: dict[str, str | None] = {label: f"{label}: {hostile}" for label in free}
    changes["Site id"] = "hostile-site"
    changes["Other names"] = f"alt {hostile}".replace(";", ",")
    code, out = run(catalogue, body("new-site.md", changes))
    if code == 1 and "\u202e" in hostile:
        # Invisible direction controls may be refused by the catalogue's text rules; then
        # every message names a form field.
        problems = [line for line in out.splitlines() if "issue.md: " in line]
        assert problems
        named = [*free, "Other names"]
        assert all(any(f": {label}: " in line for label in named) for line in problems), out
        return
    assert code == 0, out
    props = site(catalogue, "hostile-site")["properties"]
    event = props["history"][0]
    assert props["name"]["en"] == f"Name (English): {hostile}"
    assert props["name"]["az"] == f"Name (Azerbaijani): {hostile}"
    assert props["region"] == f"Region: {hostile}"
    assert props["alt_names"] == [f"alt {hostile}".replace(";", ",")]
    assert event["summary"] == f"Summary: {hostile}"
    assert event["reported_by"] == f"Reported by: {hostile}"
    assert event["note"] == f"Notes: {hostile}"
    assert event["sources"][0]["publisher"] == f"Source publisher: {hostile}"
    assert not Path("/tmp/pwned").exists()


CHECKED = {
    "report-change.md": [
        "Site",
        "Date",
        "Type",
        "Status",
        "Confidence",
        "Source URL",
        "Archived copy URL",
        "Approximate date",
    ],
    "new-site.md": [
        "Site id",
        "Kind",
        "Latitude",
        "Longitude",
        "Location precision",
        "Location source URL",
        "Sensitive location",
        "Other source URLs",
    ],
}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("form", sorted(CHECKED))
def test_hostile_text_in_checked_fields_is_refused_by_name(
    catalogue: Path, hostile: str, form: str
) -> None:
    before = catalogue.read_bytes()
    for label in CHECKED[form]:
        code, out = run(catalogue, body(form, {label: hostile}))
        assert code == 1, (label, out)
        assert f": {label}: " in out, (label, out)
        assert "Traceback" not in out
        assert catalogue.read_bytes() == before
    code, out = run(catalogue, body("report-change.md", {"Site": hostile.replace("\u202e", "")}))
    # Quoted as text, bounded, on one line: rich markup in it is not interpreted.
    if "[bold red]" in hostile:
        assert "[bold red]markup[/]" in out


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e", "\u2066", "\x7f"])
def test_control_characters_are_refused_by_field(catalogue: Path, char: str) -> None:
    before = catalogue.read_bytes()
    code, out = run(catalogue, body("report-change.md", {"Summary": f"Roof {char}damaged."}))
    assert code == 1
    assert f": Summary: remove the invisible control character U+{ord(char):04X}" in out
    assert catalogue.read_bytes() == before


def test_dry_run_writes_nothing(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    issue = catalogue.parent / "issue.md"
    issue.write_text((ISSUES / "new-site.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["import", "issue", str(issue), "-c", str(catalogue), "--dry-run"]
    )
    assert result.exit_code == 0, result.stderr
    assert "would be written" in result.stderr
    assert catalogue.read_bytes() == before


def test_as_a_user_runs_it_from_stdin(catalogue: Path) -> None:
    text = (ISSUES / "report-change.md").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "heritage", "import", "issue", "-", "--catalogue", str(catalogue)],
        input=text,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"1 event added to 'amaras-monastery'" in done.stderr


def test_a_missing_or_binary_body_cannot_run(catalogue: Path) -> None:
    result = CliRunner().invoke(
        cli, ["import", "issue", str(catalogue.parent / "nope.md"), "-c", str(catalogue)]
    )
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    (catalogue.parent / "bin.md").write_bytes(b"### Site\n\n\xff\xfe\n")
    result = CliRunner().invoke(
        cli, ["import", "issue", str(catalogue.parent / "bin.md"), "-c", str(catalogue)]
    )
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr


def test_import_issue_needs_no_heavy_library(catalogue: Path) -> None:
    # The workflow installs and runs only this: it must start fast, without pandas & co.
    code = (
        "import sys\n"
        "from heritage.cli import cli\n"
        "try:\n"
        f"    cli(['import', 'issue', {str(ISSUES / 'report-change.md')!r}, '-c', "
        f"{str(catalogue)!r}, '--dry-run'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = ('pandas', 'geopandas', 'pyarrow', 'folium', 'matplotlib', 'shapely')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("sample", sorted(ISSUES.glob("invalid-*.md")), ids=lambda p: p.name)
def test_sample_invalid_bodies_name_every_field(catalogue: Path, sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    header = re.search(r"<!-- expect: (.*?) -->", text)
    assert header is not None
    expected = [label.strip() for label in header.group(1).split(",")]
    before = catalogue.read_bytes()
    code, out = run(catalogue, text)
    assert code == 1
    named = {line.split(": ")[1] for line in out.splitlines() if "issue.md: " in line}
    named.discard("note")
    assert named == set(expected), out
    assert catalogue.read_bytes() == before


def test_sample_crlf_body_imports(catalogue: Path) -> None:
    raw = (ISSUES / "report-change-crlf.md").read_bytes()
    assert b"\r\n" in raw
    code, out = run(catalogue, raw.decode("utf-8"))
    assert code == 0, out


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"Status": "Damaged"}, "status", "damaged"),
        ({"Status": " DAMAGED "}, "status", "damaged"),
        ({"Type": "Condition"}, "type", "condition"),
        ({"Confidence": "Medium"}, "confidence", "medium"),
    ],
)
def test_a_hand_edited_dropdown_value_that_means_one_option_is_taken(
    catalogue: Path, changes: dict[str, str], field: str, expected: str
) -> None:
    code, out = run(catalogue, body("report-change.md", changes))
    assert code == 0, out
    assert site(catalogue, "amaras-monastery")["properties"]["history"][-1][field] == expected


def test_a_kind_label_in_a_new_site_form_is_taken(catalogue: Path) -> None:
    code, out = run(catalogue, body("new-site.md", {"Kind": "Archaeological site"}))
    assert code == 0, out
    added = json.loads(out[out.index("[") : out.rindex("]") + 1])
    assert added[0]["properties"]["kind"] == "archaeological_site"
