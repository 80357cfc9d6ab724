"""What heritage diff writes: bounded, inert, and complete about what changed (issue 9).

- Finding 6: md and text stay under a byte bound (GitHub refuses job summaries over 1 MiB),
  with every field cut short, and say how much was left out; json stays complete.
- Finding 11: bidi controls, @mentions and bare URLs from the data are neutralised.
- Finding 12: a change the site-by-site model does not cover (a feature's bbox, members of
  the collection, the order of features, formatting) is still reported, never "No changes".
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_data import collection, event, feature

from heritage.cli import cli
from heritage.diff import diff_texts
from heritage.report.diff_render import FIELD_CHARS, MAX_BYTES, render_diff

BIDI = "\u202e\u2066\u2069\u200f\u061c"


def diff_of(base: dict[str, Any], head: dict[str, Any], **kwargs: Any) -> Any:
    return diff_texts(json.dumps(base), json.dumps(head), "base", "head")


def many(count: int, prefix: str = "site") -> dict[str, Any]:
    return collection(
        *(feature(f"{prefix}-{i}", [event("2020", "intact")], name=f"N{i}") for i in range(count))
    )


def test_twenty_thousand_added_sites_fit_in_a_job_summary():
    diff = diff_of(collection(), many(20_000))
    for fmt in ("md", "text"):
        out = render_diff(diff, fmt)
        assert len(out.encode("utf-8")) <= MAX_BYTES < 1024 * 1024
        last = out.rstrip("\n").splitlines()[-1]
        shown = out.count("site-")
        assert last.startswith(f"… and {20_000 - shown:,} more sites added: not shown")
        assert shown > 1000
    assert "20000 sites added" in render_diff(diff, "md").splitlines()[0]  # counts everything
    assert len(json.loads(render_diff(diff, "json"))["added"]) == 20_000  # json is complete


def test_a_smaller_bound_and_every_section_counted():
    base = many(300, "old")
    head = many(300, "new")  # the same content under new ids: 300 renames
    for site in head["features"][:100]:
        site["properties"]["kind"] = "chapel"  # no longer a rename: removed and added
    diff = diff_of(base, head)
    out = render_diff(diff, "md", max_bytes=8192)
    assert len(out.encode("utf-8")) <= 8192
    last = out.rstrip("\n").splitlines()[-1]
    assert "more findings" in last and "more ids renamed" in last
    assert "more sites added" in last and "more sites removed" in last


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_every_field_is_cut_short(fmt):
    huge = "N" * 2_000_000
    base = collection(feature("x", [event("2020", "intact")], kind="church"))
    head = copy.deepcopy(base)
    head["features"][0]["properties"]["kind"] = "K" * 100_000
    head["features"][0]["properties"]["history"].append(
        event("2024", "damaged", url="https://example.org/" + "u" * 100_000)
    )
    head["features"].append(feature("y" * 100_000, [event("2021", "intact")], name=huge))
    out = render_diff(diff_of(base, head), fmt)
    assert len(out.encode("utf-8")) < 20_000
    assert "more characters)" in out
    longest = max(len(run) for run in out.replace("K", "N").replace("y", "N").split(" "))
    assert longest < FIELD_CHARS + 50


def test_cli_max_bytes_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.geojson").write_text(json.dumps(collection()), encoding="utf-8")
    (tmp_path / "b.geojson").write_text(json.dumps(many(500)), encoding="utf-8")
    args = ["diff", "--base-file", "a.geojson", "--head-file", "b.geojson", "--format", "md"]
    result = CliRunner().invoke(cli, [*args, "--max-bytes", "5000"])
    assert result.exit_code == 0
    assert len(result.stdout_bytes) <= 5000
    assert "more sites added: not shown" in result.output
    assert CliRunner().invoke(cli, [*args, "--max-bytes", "10"]).exit_code == 2


HOSTILE_TEXTS = {
    "name": f"Church{BIDI} @octocat @org/team www.evil.example https://evil.example/x a@b.org",
}


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_bidi_mentions_and_bare_urls_are_neutralised(fmt):
    base = collection(feature("x", [event("2020", "intact")]))
    head = copy.deepcopy(base)
    head["features"][0]["properties"]["notes"] = HOSTILE_TEXTS["name"]
    head["features"].append(feature("y", [event("2021", "intact")], name=HOSTILE_TEXTS["name"]))
    out = render_diff(diff_of(base, head), fmt)
    assert not any(c in out for c in BIDI)
    assert "<U+202E>" in out if fmt == "text" else "&lt;U+202E&gt;" in out
    if fmt == "md":
        html = MarkdownIt("commonmark").enable("table").render(out)
        assert "<a " not in html
        assert "@octocat" not in html and "@org/team" not in html
        assert "https://evil" not in html and "www.evil" not in html
    else:
        assert "@octocat" not in out and "https://evil" not in out and "www.evil" not in out
    assert "@\u200b" in out.replace("&#8203;", "\u200b")  # the text still reads the same


def test_sources_stay_links_and_other_text_stays_text():
    base = collection(feature("x", [event("2020", "intact")]))
    head = copy.deepcopy(base)
    head["features"][0]["properties"]["history"].append(
        event("2024", "damaged", url="https://news.example.org/report?id=1")
    )
    html = MarkdownIt("commonmark").render(render_diff(diff_of(base, head), "md"))
    assert '<a href="https://news.example.org/report?id=1">news.example.org</a>' in html


def test_a_bbox_change_is_reported():
    base = collection(feature("x", [event("2020", "intact")]))
    head = copy.deepcopy(base)
    head["features"][0]["bbox"] = [46.0, 39.0, 47.0, 40.0]
    diff = diff_of(base, head)
    assert not diff.empty
    md = render_diff(diff, "md")
    assert "No changes" not in md
    assert md.splitlines()[0] == "### Catalogue changes: 1 other change"
    assert "other changes: bbox of the feature" in md
    assert "46.0" not in md  # names only, never values
    data = json.loads(render_diff(diff, "json"))
    assert data["changed"][0]["other"] == ["bbox"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(bbox=[1, 2, 3, 4]), "collection member 'bbox'"),
        (lambda d: d.update(name="x"), "collection member 'name'"),
        (lambda d: d["features"].reverse(), "order of the features"),
        (lambda d: d["features"].append({"type": "Feature"}), "features without an id: 0 before"),
        (
            lambda d: d["features"].append(copy.deepcopy(d["features"][0])),
            "2 features share the id 'a'",
        ),
    ],
)
def test_changes_outside_the_model_are_reported(change, expected):
    base = collection(feature("a", [event("2020", "intact")]), feature("b", []))
    head = copy.deepcopy(base)
    change(head)
    diff = diff_of(base, head)
    assert expected in diff.other[0]
    for fmt in ("md", "text"):
        out = render_diff(diff, fmt)
        assert "No changes" not in out and "1 other change" in out


def test_formatting_only_is_a_change_too():
    data = collection(feature("a", [event("2020", "intact")]))
    diff = diff_texts(json.dumps(data), json.dumps(data, indent=2))
    assert diff.other == ["formatting only (the JSON content is the same)"]
    assert diff_texts(json.dumps(data), json.dumps(data)).empty
