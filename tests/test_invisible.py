"""Invisible characters: validate warns in ids and names; every output shows bidi controls."""

from __future__ import annotations

import pytest

from heritage.invisible import check_invisible, invisible
from heritage.report.escape import md_text, plain

CODE = "invisible-character"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Amaras", []),
        ("Ama\u202eras", [(3, "\u202e")]),
        ("\u2066Amaras\u2069", [(0, "\u2066"), (7, "\u2069")]),
        ("Ama\u200bras", [(3, "\u200b")]),
        ("\ufeffAmaras", [(0, "\ufeff")]),
        ("Ama\u00adras", [(3, "\u00ad")]),  # soft hyphen
        ("A\U000e0041", [(1, "\U000e0041")]),  # a tag character (hidden text)
        ("صومعه\u200cی", []),  # Persian: the non-joiner is part of the word
        ("\u200cAmaras", [(0, "\u200c")]),  # but not at the start
        ("Amaras \u200d", [(7, "\u200d")]),  # nor after a space
    ],
)
def test_invisible(text, found):
    assert invisible(text) == found


def test_warnings_name_the_place_and_the_character():
    feature = {
        "id": "a\u200bb",
        "properties": {"name": {"en": "X\u202eY", "hy": "Ok"}, "alt_names": ["Ok", "\u2067Z"]},
    }
    issues = list(check_invisible(feature, "a\u200bb", "/features/0"))
    assert [(i.code, i.severity.value, i.pointer) for i in issues] == [
        (CODE, "warning", "/features/0/id"),
        (CODE, "warning", "/features/0/properties/name/en"),
        (CODE, "warning", "/features/0/properties/alt_names/1"),
    ]
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE), at character 2" in issues[1].message
    assert list(check_invisible("not a feature", None, "")) == []


@pytest.mark.parametrize("escape", [md_text, plain])
def test_outputs_show_bidi_controls(escape):
    out = escape("abc\u202edef\u2066x\u2069")
    assert "\u202e" not in out and "\u2066" not in out and "\u2069" not in out
    assert "U+202E" in out and "U+2066" in out


@pytest.mark.parametrize(
    ("text", "md"),
    [
        ("ask @octocat", "ask @&#8203;octocat"),
        ("mail a@b.org", "mail a@&#8203;b.org"),
        ("see https://x.org/a", "see https:&#8203;//x.org/a"),
        ("see www.x.org", "see www&#8203;.x.org"),
        ("nothing here @ 5", "nothing here @ 5"),
    ],
)
def test_markdown_mentions_and_links_are_broken(text, md):
    assert md_text(text) == md
    assert plain(text) == md.replace("&#8203;", "\u200b")


def test_validate_output_shows_bidi_controls(tmp_path):
    import json

    from click.testing import CliRunner

    from heritage.cli import cli

    site = {
        "type": "Feature",
        "id": "a",
        "geometry": None,
        "properties": {"name": {"en": "A"}, "kind": "church\u202e", "history": []},
    }
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [site]}), "utf-8")
    for fmt in ("text", "github"):
        result = CliRunner().invoke(cli, ["validate", str(path), "--format", fmt])
        assert result.exit_code == 1
        assert "unknown-kind" in result.output
        assert "\u202e" not in result.output


def test_validation_reporters_show_bidi_controls():
    from heritage import reporters
    from heritage.issues import Issue, Severity, ValidationResult

    issue = Issue("unknown-kind", Severity.ERROR, "'x\u202ey' is not a kind.", "a\u2066", "/k")
    result = ValidationResult(path="p", issues=[issue], site_count=1)
    for text in (reporters.text_line("p", issue), reporters.to_github(result)):
        assert "\u202e" not in text and "\u2066" not in text
        assert "<U+202E>" in text and "<U+2066>" in text


def test_validation_lines_stay_one_line(tmp_path):
    import json

    from click.testing import CliRunner

    from heritage.cli import cli

    site = {
        "type": "Feature",
        "id": "abc\n\x1b[2J",
        "geometry": None,
        "properties": {"name": {"en": "A"}, "kind": "church", "history": []},
    }
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [site]}), "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # Each problem of the id is one line, its controls shown visibly (Python's $ once let
    # "abc\n" pass as an id; the text rule refuses the control characters too).
    # (one slip, one error: the forbidden character is named rather than the id's pattern).
    issues = lines[:-1]
    assert len(issues) == 1 and "error[invalid-character] abc<U+000A><U+001B>[2J:" in issues[0]
    assert "\x1b" not in result.output


def test_report_markdown_neutralises_mentions_links_and_bidi(tmp_path):
    import json

    from click.testing import CliRunner
    from report_data import collection, event, feature

    from heritage.cli import cli

    text = "Seen by @octocat\u202e, see https://evil.example/x and www.evil.example"
    site = feature(
        "a",
        [event("2021-03-01", "damaged", summary=text, reported_by="@org/team")],
        name="Church \u2066@octocat\u2069",
    )
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(site)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(path), "--since", "2021", "--until", "2021"])
    assert result.exit_code == 0, result.output
    out = result.output.replace("&#8203;", "\u200b")
    for raw in ("@octocat", "@org/team", "https://evil", "www.evil", "\u202e", "\u2066"):
        assert raw not in out, raw
    assert "@\u200boctocat" in out and "https:\u200b//evil.example/x" in out
    assert "<U+202E>" in out.replace("&lt;", "<").replace("&gt;", ">")
