"""Tools that record corrections and better locations: add-event --replaces, set-location,
several detailed sources per imported event, and the copy actually read (``via``)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from heritage.canonical import canonical_text
from heritage.cli import cli
from heritage.document import load_document
from heritage.validate import validate_path


def _catalogue(write_catalogue, site, location: dict | None = None) -> Path:
    first = site("amaras-monastery", name={"en": "Amaras Monastery"}, kind="monastery")
    first["properties"]["history"] = [
        {
            "date": None,
            "type": "condition",
            "status": "threatened",
            "summary": "Undated statement.",
            "reported_by": "Abbot",
            "sources": [{"url": "https://example.org/reprint"}],
        },
        {
            "date": "2019",
            "type": "condition",
            "status": "intact",
            "summary": "Seen standing.",
            "reported_by": "Monitor",
            "sources": [{"url": "https://example.org/2019"}],
        },
    ]
    if location is not None:
        first["geometry"] = {"type": "Point", "coordinates": [46.75, 39.76]}
        first["properties"]["location"] = location
    data = {"type": "FeatureCollection", "features": [first]}
    path = write_catalogue(data)
    path.write_text(canonical_text(data), encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _props(path: Path) -> dict:
    return load_document(path).data["features"][0]["properties"]


REPLACE = [
    "--date",
    "2021-01-12",
    "--status",
    "threatened",
    "--summary",
    "Dated statement.",
    "--reported-by",
    "Abbot via News.am",
    "--source",
    "https://example.org/dated",
]


def test_add_event_replaces_an_event_and_lists_it(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    result = _run(
        "add-event",
        "amaras-monastery",
        str(catalogue),
        *REPLACE,
        "--source",
        "https://example.org/reprint",
        "--note",
        "Dated form of the undated statement.",
        "--replaces",
        "Undated statement.",
    )
    assert result.exit_code == 0, result.output
    history = _props(catalogue)["history"]
    assert [e["summary"] for e in history] == ["Seen standing.", "Dated statement."]
    assert "history (event replaced) changed from" in result.output
    assert "Undated statement." in result.output  # the replaced event is shown, not lost
    assert "event replaced in amaras-monastery" in result.output
    assert validate_path(catalogue).ok


def test_add_event_replaces_needs_one_match_and_a_reason(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    result = _run(
        "add-event",
        "amaras-monastery",
        str(catalogue),
        *REPLACE,
        "--note",
        "Why.",
        "--replaces",
        "Undated",  # not the exact summary
    )
    assert result.exit_code == 1
    assert "error[unknown-event]" in result.output
    result = _run(
        "add-event",
        "amaras-monastery",
        str(catalogue),
        *REPLACE,
        "--replaces",
        "Undated statement.",  # no note
    )
    assert result.exit_code == 1
    assert "error[missing-member]" in result.output and "needs a note" in result.output
    assert catalogue.read_bytes() == before


def test_set_location_replaces_the_whole_location_and_keeps_sensitive(
    write_catalogue, site
) -> None:
    old = {
        "precision": "city",
        "source": "https://example.org/city",
        "note": "City point.",
        "sensitive": True,
    }
    catalogue = _catalogue(write_catalogue, site, old)
    result = _run(
        "set-location",
        "amaras-monastery",
        str(catalogue),
        "--lon",
        "46.91",
        "--lat",
        "39.70",
        "--precision",
        "site",
        "--source",
        "https://en.wikipedia.org/wiki/Amaras",
        "--via",
        "https://es.frwiki.wiki/wiki/Amaras",
    )
    assert result.exit_code == 0, result.output
    feature = load_document(catalogue).data["features"][0]
    assert feature["geometry"]["coordinates"] == [46.91, 39.70]
    assert feature["properties"]["location"] == {
        "precision": "site",
        "source": "https://en.wikipedia.org/wiki/Amaras",
        "via": "https://es.frwiki.wiki/wiki/Amaras",
        "sensitive": True,
    }
    assert "location changed from" in result.output and "City point." in result.output
    assert "geometry changed from" in result.output
    assert validate_path(catalogue).ok


def test_set_location_refuses_unknown_sites_and_bad_values(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    result = _run(
        "set-location",
        "amaras-monastry",
        str(catalogue),
        "--lon",
        "46.9",
        "--lat",
        "39.7",
        "--precision",
        "site",
        "--source",
        "https://example.org/p",
    )
    assert result.exit_code == 2
    assert "Did you mean 'amaras-monastery'" in result.output
    result = _run(
        "set-location",
        "amaras-monastery",
        str(catalogue),
        "--lon",
        "46,9",
        "--lat",
        "39.7",
        "--precision",
        "exact",
        "--source",
        "https://example.org/p",
    )
    assert result.exit_code == 1
    assert "not a number" in result.output and "unknown-precision" in result.output
    assert catalogue.read_bytes() == before


def test_import_events_with_several_detailed_sources_and_via(
    tmp_path: Path, write_catalogue, site
) -> None:
    catalogue = _catalogue(write_catalogue, site)
    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "site_id,date,type,summary,reported_by,source_url,source_via,source_published,"
        "source2_url,source2_title,source3_published\n"
        "amaras-monastery,2022,access,Visited.,Press,https://en.wikipedia.org/wiki/Amaras,"
        "https://wikiclassic.com/wiki/Amaras,2022-01-02,https://example.org/b,Second,\n"
        "amaras-monastery,2023,access,Visited again.,Press,https://example.org/c,,,,,2023\n",
        encoding="utf-8",
    )
    result = _run("import", "events", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 1
    assert "source3 details were given without source3_url" in result.output
    lines = sheet.read_text("utf-8").splitlines()
    sheet.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    result = _run("import", "events", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 0, result.output
    event = next(e for e in _props(catalogue)["history"] if e["summary"] == "Visited.")
    assert event["sources"] == [
        {
            "url": "https://en.wikipedia.org/wiki/Amaras",
            "published": "2022-01-02",
            "via": "https://wikiclassic.com/wiki/Amaras",
        },
        {"url": "https://example.org/b", "title": "Second"},
    ]
    text = catalogue.read_text("utf-8")
    assert json.loads(text)  # canonical JSON, via in its place after published
    assert text.index('"published"') < text.index('"via"')


def test_a_via_that_is_not_a_web_url_is_an_error(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    result = _run(
        "add-event",
        "amaras-monastery",
        str(catalogue),
        "--type",
        "access",
        "--summary",
        "Seen.",
        "--reported-by",
        "X",
        "--source",
        "https://example.org/a",
        "--via",
        "javascript:alert(1)",
    )
    assert result.exit_code == 1
    assert "invalid-url" in result.output


def test_new_site_takes_the_copy_of_its_location_source(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    result = _run(
        "new-site",
        str(catalogue),
        "--name",
        "Saatli Mosque",
        "--kind",
        "mosque",
        "--lon",
        "46.75107",
        "--lat",
        "39.76278",
        "--precision",
        "site",
        "--location-source",
        "https://en.wikipedia.org/wiki/Saatli_Mosque",
        "--location-via",
        "https://skyyan.com/wiki/Saatli_Mosque",
    )
    assert result.exit_code == 0, result.output
    added = next(f for f in load_document(catalogue).data["features"] if f["id"] == "saatli-mosque")
    assert added["properties"]["location"] == {
        "precision": "site",
        "source": "https://en.wikipedia.org/wiki/Saatli_Mosque",
        "via": "https://skyyan.com/wiki/Saatli_Mosque",
    }
