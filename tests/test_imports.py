"""Spreadsheet imports, new-site and add-event: canonical inserts, issues by row, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from heritage.canonical import canonical_text
from heritage.cli import cli
from heritage.document import load_document
from heritage.imports.fields import slugify
from heritage.imports.merge import Row, import_events, import_sites
from heritage.issues import Issue
from heritage.validate import validate_path


def _catalogue(write_catalogue, site) -> Path:
    first = site("amaras-monastery", name={"en": "Amaras Monastery"}, kind="monastery")
    first["properties"]["history"] = [
        {
            "date": "2019",
            "type": "condition",
            "status": "intact",
            "summary": "Seen standing.",
            "reported_by": "A traveller",
            "sources": [{"url": "https://example.org/2019"}],
        },
        {
            "date": "2023-05",
            "type": "condition",
            "status": "damaged",
            "summary": "Reported damaged.",
            "reported_by": "A monitoring group",
            "sources": [{"url": "https://example.org/2023"}],
        },
    ]
    data = {"type": "FeatureCollection", "features": [first]}
    path = write_catalogue(data)
    path.write_text(canonical_text(data), encoding="utf-8")
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


SITES_CSV = (
    "Site Name,Type,Lon,Lat,Armenian,District,Links,Comment\n"
    "Kataravank Church,church,46.9100,39.7000,Կատարավանք,Martuni,https://example.org/k "
    "https://example.org/k2,ignored\n"
    '"<img src=x onerror=alert(1)> =cmd",chapel,,,,"Hadrut, south",,\n'
)
MAPPING = [
    "--map",
    "name=Site Name",
    "--map",
    "kind=Type",
    "--map",
    "longitude=Lon",
    "--map",
    "latitude=Lat",
    "--map",
    "name_hy=Armenian",
    "--map",
    "region=District",
    "--map",
    "sources=Links",
]


def test_import_sites_with_a_mapping(tmp_path: Path, write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    sheet = tmp_path / "sites.csv"
    sheet.write_text(SITES_CSV, encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(catalogue), *MAPPING)
    assert result.exit_code == 0, result.output
    assert "columns not imported: Comment" in result.stderr
    assert "2 site(s) added, 0 updated" in result.stderr
    data = load_document(catalogue).data
    by_id = {f["id"]: f for f in data["features"]}
    assert list(by_id) == sorted(by_id)  # canonical: features sorted by id
    kataravank = by_id["kataravank-church"]
    assert kataravank["geometry"] == {"type": "Point", "coordinates": [46.91, 39.7]}
    assert kataravank["geometry"]["coordinates"][0].raw == "46.9100"  # kept as written
    assert kataravank["properties"]["name"] == {"en": "Kataravank Church", "hy": "Կատարավանք"}
    assert kataravank["properties"]["sources"] == [
        {"url": "https://example.org/k"},
        {"url": "https://example.org/k2"},
    ]
    assert kataravank["properties"]["history"] == []
    hostile = by_id["img-src-x-onerror-alert-1-cmd"]
    assert hostile["properties"]["name"]["en"] == "<img src=x onerror=alert(1)> =cmd"
    assert hostile["geometry"] is None
    assert validate_path(catalogue).issues == []
    assert _run("format", "--check", str(catalogue)).exit_code == 0


def test_import_sites_reports_rows_and_writes_nothing(
    tmp_path: Path, write_catalogue, site
) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    sheet = tmp_path / "sites.csv"
    sheet.write_text(
        "name,kind,longitude,latitude,built_source\n"
        "Good Church,church,46.1,39.1,\n"
        "Bad Kind,monastry,46.2,39.2,\n"
        'Bad Number,church,"46,3",39.3,javascript:alert(1)\n'
        "Half Point,church,46.4,,\n",
        encoding="utf-8",
    )
    result = _run("import", "sites", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 1
    err = result.stderr
    assert (
        f"{sheet}:row 3: error[unknown-kind] bad-kind: 'monastry' is not a known kind. "
        "Did you mean 'monastery'?"
    ) in err
    assert f"{sheet}:row 4: error[wrong-type] bad-number: longitude '46,3' is not a number" in err
    assert "(use a point, not a comma, for decimals)" in err
    assert f"{sheet}:row 4: error[invalid-url] bad-number:" in err
    assert f"{sheet}:row 5: error[missing-member] half-point: latitude is missing" in err
    assert "row 2" not in err
    assert "nothing was written" in err
    assert catalogue.read_bytes() == before


def test_existing_sites_need_update_and_changes_are_listed(
    tmp_path: Path, write_catalogue, site
) -> None:
    catalogue = _catalogue(write_catalogue, site)
    sheet = tmp_path / "update.csv"
    sheet.write_text("id,region,name\namaras-monastery,Martuni district,\n", encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 1
    assert "error[site-exists] amaras-monastery: site 'amaras-monastery' is already" in (
        result.stderr
    )
    result = _run("import", "sites", str(sheet), "-c", str(catalogue), "--update")
    assert result.exit_code == 0, result.output
    assert "0 site(s) added, 1 updated" in result.stderr
    feature = load_document(catalogue).data["features"][0]
    assert feature["properties"]["region"] == "Martuni district"
    assert feature["properties"]["name"] == {"en": "Amaras Monastery"}  # empty cell: unchanged
    assert len(feature["properties"]["history"]) == 2
    sheet.write_text("id,region\namaras-monastery,Askeran\n", encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(catalogue), "--update")
    assert "amaras-monastery: region changed from 'Martuni district' to 'Askeran'" in (
        result.stderr
    )


def test_duplicate_rows_and_mapping_file(tmp_path: Path, write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"name": "Title", "kind": "Category"}), encoding="utf-8")
    sheet = tmp_path / "dup.csv"
    sheet.write_text("Title,Category\nSame,church\nSame,chapel\n", encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(catalogue), "--mapping", str(mapping))
    assert result.exit_code == 1
    assert f"{sheet}:row 3: error[duplicate-row] same: site 'same' was already given in row 2" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "nmae=Title"], "'nmae' is not a site field. Did you mean 'name'?"),
        (["--map", "name=Nope"], "no column 'Nope' (for name); columns are: Title, Category"),
        (["--map", "name"], "write field=Column"),
    ],
)
def test_bad_mappings_cannot_run(
    tmp_path: Path, write_catalogue, site, args: list[str], message: str
) -> None:
    catalogue = _catalogue(write_catalogue, site)
    sheet = tmp_path / "s.csv"
    sheet.write_text("Title,Category\nA,church\n", encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(catalogue), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_catalogue_with_errors_is_refused(tmp_path: Path, write_catalogue, site) -> None:
    bad = site("broken", kind="rocket")
    path = write_catalogue({"type": "FeatureCollection", "features": [bad]})
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,kind\nA,church\n", encoding="utf-8")
    result = _run("import", "sites", str(sheet), "-c", str(path))
    assert result.exit_code == 2
    assert "1 validation error(s); nothing was written" in result.stderr


def test_import_events_in_chronological_order(tmp_path: Path, write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "site_id,date,status,summary,reported_by,source_url,source_title,source_archived,"
        "confidence\n"
        "amaras-monastery,2021-06,threatened,Front line nearby.,A monitor,https://example.org/f,"
        "Front,https://web.archive.org/web/2021/https://example.org/f,medium\n"
        "amaras-monastery,2024,destroyed,Reported razed.,A newspaper,https://example.org/r,,,low\n",
        encoding="utf-8",
    )
    result = _run("import", "events", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 0, result.output
    history = load_document(catalogue).data["features"][0]["properties"]["history"]
    assert [e["date"] for e in history] == ["2019", "2021-06", "2023-05", "2024"]
    assert history[1] == {
        "date": "2021-06",
        "type": "condition",
        "status": "threatened",
        "summary": "Front line nearby.",
        "reported_by": "A monitor",
        "confidence": "medium",
        "sources": [
            {
                "url": "https://example.org/f",
                "title": "Front",
                "archived": "https://web.archive.org/web/2021/https://example.org/f",
            }
        ],
    }
    assert validate_path(catalogue).issues == []
    # The same sheet again changes nothing: both events are already there.
    before = catalogue.read_bytes()
    result = _run("import", "events", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 0
    assert result.stderr.count("warning[duplicate-event]") == 2
    assert catalogue.read_bytes() == before


def test_import_events_errors_by_row(tmp_path: Path, write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "site_id,date,status,summary,source_url\n"
        "amaras-monastery,2022,damaged,Damage without a source.,\n"
        "nowhere,2022,damaged,Unknown site.,https://example.org/x\n"
        "amaras-monastery,2022-02-30,intact,Bad day.,https://example.org/y\n",
        encoding="utf-8",
    )
    result = _run("import", "events", str(sheet), "-c", str(catalogue))
    assert result.exit_code == 1
    err = result.stderr
    assert f"{sheet}:row 2: error[unsourced-damage] amaras-monastery:" in err
    assert f"{sheet}:row 3: error[unknown-site] nowhere: no site with id 'nowhere'" in err
    assert f"{sheet}:row 4: error[invalid-date] amaras-monastery: '2022-02-30': day 30" in err
    assert catalogue.read_bytes() == before


def test_library_import_does_not_touch_its_input(write_catalogue, site) -> None:
    data = load_document(_catalogue(write_catalogue, site)).data
    snapshot = json.dumps(data, sort_keys=True)
    import_sites(data, [Row(2, {"name": "New", "kind": "church"})])
    import_events(data, [Row(2, {"site_id": "amaras-monastery", "summary": "x", "type": "claim"})])
    assert json.dumps(data, sort_keys=True) == snapshot


def test_new_site_with_every_flag(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    result = _run(
        "new-site",
        str(catalogue),
        "--name",
        "Saint John Church",
        "--id",
        "saint-john-church-shusha",
        "--name-lang",
        "hy=Սուրբ Հովհաննես",
        "--name-lang",
        "ru=Церковь Иоанна",
        "--alt-name",
        "Kanach Zham",
        "--alt-name",
        "Green Church",
        "--kind",
        "church",
        "--built",
        "1818",
        "--built-source",
        "https://example.org/built",
        "--region",
        "Shusha",
        "--lon",
        "46.75",
        "--lat",
        "39.76",
        "--precision",
        "settlement",
        "--location-source",
        "https://example.org/loc",
        "--location-note",
        "Town centre.",
        "--sensitive",
        "--notes",
        "Also called the green church.",
        "--source",
        "https://example.org/s1",
        "--ref",
        "wikidata=Q123",
    )
    assert result.exit_code == 0, result.output
    feature = next(
        f
        for f in load_document(catalogue).data["features"]
        if f["id"] == "saint-john-church-shusha"
    )
    assert feature == {
        "type": "Feature",
        "id": "saint-john-church-shusha",
        "geometry": {"type": "Point", "coordinates": [46.75, 39.76]},
        "properties": {
            "name": {"en": "Saint John Church", "hy": "Սուրբ Հովհաննես", "ru": "Церковь Иоанна"},
            "alt_names": ["Kanach Zham", "Green Church"],
            "kind": "church",
            "built": "1818",
            "built_source": "https://example.org/built",
            "region": "Shusha",
            "location": {
                "precision": "settlement",
                "source": "https://example.org/loc",
                "note": "Town centre.",
                "sensitive": True,
            },
            "refs": {"wikidata": "Q123"},
            "notes": "Also called the green church.",
            "sources": [{"url": "https://example.org/s1"}],
            "history": [],
        },
    }
    assert _run("format", "--check", str(catalogue)).exit_code == 0


def test_new_site_refuses_errors_and_dry_run_writes_nothing(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    result = _run("new-site", str(catalogue), "--name", "X", "--kind", "castle", "--lat", "91")
    assert result.exit_code == 1
    assert "command line: error[unknown-kind] x: 'castle' is not a known kind" in result.stderr
    assert "error[missing-member] x: longitude is missing" in result.stderr
    result = _run("new-site", str(catalogue), "--name", "Amaras Monastery", "--kind", "church")
    assert result.exit_code == 1
    assert "error[site-exists]" in result.stderr
    result = _run("new-site", str(catalogue), "--name", "Dry Run", "--kind", "church", "--dry-run")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "dry-run"
    assert catalogue.read_bytes() == before


def test_add_event_with_sources_and_errors(write_catalogue, site) -> None:
    catalogue = _catalogue(write_catalogue, site)
    before = catalogue.read_bytes()
    result = _run(
        "add-event",
        "amaras-monastery",
        str(catalogue),
        "--date",
        "2020/2021",
        "--status",
        "damaged",
        "--summary",
        "Damage seen between two images.",
        "--reported-by",
        "A monitoring group",
        "--reporter-type",
        "monitoring body",
        "--confidence",
        "high",
        "--note",
        "Dates from imagery.",
        "--approximate",
        "--source",
        "https://example.org/first",
        "--source",
        "https://example.org/second",
        "--source-title",
        "First report",
        "--source-publisher",
        "Monitor",
        "--source-published",
        "2021-02-01",
        "--source-accessed",
        "2024-01-01",
        "--archived",
        "https://web.archive.org/web/2021/https://example.org/first",
    )
    assert result.exit_code == 0, result.output
    history = load_document(catalogue).data["features"][0]["properties"]["history"]
    assert [e["date"] for e in history] == ["2019", "2020/2021", "2023-05"]
    assert history[1]["approximate"] is True
    assert history[1]["sources"] == [
        {
            "url": "https://example.org/first",
            "title": "First report",
            "publisher": "Monitor",
            "published": "2021-02-01",
            "accessed": "2024-01-01",
            "archived": "https://web.archive.org/web/2021/https://example.org/first",
        },
        {"url": "https://example.org/second"},
    ]
    after = catalogue.read_bytes()
    assert after != before
    result = _run(
        "add-event", "amaras-monastery", str(catalogue), "--summary", "No status.", "--date", "2022"
    )
    assert result.exit_code == 1
    assert "error[missing-status] amaras-monastery" in result.stderr
    result = _run("add-event", "nobody", str(catalogue), "--summary", "x", "--type", "claim")
    assert result.exit_code == 1
    assert "error[unknown-site] nobody" in result.stderr
    assert catalogue.read_bytes() == after


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Abdal-Gülablı Cemetery", "abdal-gulabli-cemetery"),
        ("  St. John's (Shusha)  ", "st-john-s-shusha"),
        ("Ամարաս", ""),
        ("Şəki Xan Sarayı", "seki-xan-sarayi"),
        ("a" * 70, "a" * 60),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_imports_never_modify_the_catalogue_they_are_given() -> None:
    # The import builds a new catalogue sharing unchanged sites with the one given; the
    # sites it changes are copied first.
    import copy

    data = load_document("data/sites.geojson").data
    before = copy.deepcopy(data)
    first, second = data["features"][0]["id"], data["features"][1]["id"]
    event_row = Row(
        2,
        {
            "site_id": first,
            "date": "2024-05-01",
            "type": "condition",
            "status": "damaged",
            "summary": "A monitoring group reported new damage.",
            "reported_by": "A monitoring group",
            "sources": "https://example.org/r",
        },
    )
    events = import_events(data, [event_row])
    assert events.ok and events.events_added == 1
    sites = import_sites(
        data,
        [
            Row(2, {"id": second, "region": "Elsewhere"}),
            Row(3, {"name": "A New Chapel", "kind": "church"}),
        ],
        update=True,
    )
    assert sites.ok, sites.issues
    assert data == before
    assert events.data["features"][0] != before["features"][0]
    assert sites.data["features"][1]["properties"]["region"] == "Elsewhere"
    assert data["features"][1]["properties"].get("region") != "Elsewhere"
    # Unchanged sites are shared, not copied.
    assert events.data["features"][2] is data["features"][2]


def test_validation_of_some_features_finds_what_the_whole_validation_finds_there() -> None:
    # Imports validate the features they change only (with the checks across features still
    # seeing all): for those features the issues must be exactly the whole validation's.
    import copy

    from heritage.validate import validate_data

    data = copy.deepcopy(load_document("data/sites.geojson").data)
    features = data["features"]
    history = features[3]["properties"]["history"]
    history[0]["date"] = "2999-01-01"  # in the future
    history[0]["summary"] = "bad \x07 bell"  # a forbidden character
    features[5]["properties"]["sources"] = [{"url": "javascript:alert(1)"}]
    features[8]["id"] = features[7]["id"]  # the same id twice: a check across features
    features[9]["properties"]["kind"] = "castle"  # not a kind, outside the chosen ones
    chosen = {3, 5, 8}

    def inside(issue: Issue) -> bool:
        parts = issue.pointer.split("/")
        return len(parts) > 2 and parts[1] == "features" and int(parts[2]) in chosen

    whole = [i for i in validate_data(data) if inside(i)]
    some = [i for i in validate_data(data, only=chosen) if inside(i)]
    assert sorted(map(repr, some)) == sorted(map(repr, whole))
    assert {i.code for i in whole} >= {"invalid-character", "invalid-url", "duplicate-id"}
