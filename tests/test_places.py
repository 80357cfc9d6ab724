"""The gazetteer (data/places.json), each site's place, and the place columns of load()."""

from __future__ import annotations

import calendar
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import heritage
from heritage import places, placing
from heritage.cli import cli
from heritage.validate import validate_data, validate_path

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "data" / "places.json"
CATALOGUE = ROOT / "data" / "sites.geojson"
MAPPING = ROOT / "data" / "research" / "place-assignments.json"
SCHEMA = ROOT / "heritage" / "schemas" / "places.schema.json"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_gazetteer_follows_its_schema_and_rules() -> None:
    schema = _json(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_json(PLACES), schema)
    assert places.problems(_json(PLACES)) == []


def test_the_schema_refuses_a_unit_without_english_name() -> None:
    bad = {"places": [{"id": "az", "kind": "country", "parent": None, "names": {"az": "X"}}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, _json(SCHEMA))


def test_problems_finds_duplicates_missing_parents_and_cycles() -> None:
    def unit(uid: str, parent: str | None, kind: str = "district") -> dict[str, Any]:
        return {"id": uid, "kind": kind, "parent": parent, "names": {"en": uid}}

    found = places.problems(
        {
            "places": [
                unit("xx", None, "country"),
                unit("xx", None, "country"),
                unit("xx-a", "xx-nowhere"),
                unit("xx-b", "xx-c"),
                unit("xx-c", "xx-b"),
            ]
        }
    )
    assert any("appears twice" in p for p in found)
    assert any("xx-nowhere" in p for p in found)
    assert any("cycle" in p for p in found)


def test_both_administrations_names_are_kept() -> None:
    g = places.load(PLACES)
    khankendi = g.places["az-khankendi-city"]
    assert khankendi.names["en"] == "Khankendi"
    assert {"name": "Stepanakert", "lang": "en", "used_by": "nkr"} in khankendi.other_names
    assert khankendi.label == "Khankendi / Stepanakert"
    assert g.places["az-shusha-city"].label == "Shusha / Shushi"
    administrations = _json(PLACES)["administrations"]
    for unit in g.places.values():
        assert {o["used_by"] for o in unit.other_names} <= set(administrations)


@pytest.mark.parametrize(
    ("place", "country", "region", "district"),
    [
        ("az-shusha-city", "Azerbaijan", "Shusha District", "Shusha District"),
        ("az-shusha-district", "Azerbaijan", "Shusha District", "Shusha District"),
        ("az-khankendi-city", "Azerbaijan", "Khankendi", "Khankendi / Stepanakert"),
        ("az-ordubad-city", "Azerbaijan", "Nakhchivan Autonomous Republic", "Ordubad District"),
        ("az-nakhchivan-city", "Azerbaijan", "Nakhchivan Autonomous Republic", "Nakhchivan"),
        ("az-nakhchivan", "Azerbaijan", "Nakhchivan Autonomous Republic", None),
        ("az", "Azerbaijan", None, None),
        ("am-syunik", "Armenia", "Syunik Province", None),
    ],
)
def test_columns_walk_up_the_parents(
    place: str, country: str, region: str | None, district: str | None
) -> None:
    columns = places.load(PLACES).columns(place)
    assert (columns["country"], columns["region_unit"], columns["district"]) == (
        country,
        region,
        district,
    )


def _site(place: Any = None, region: str = "Shusha") -> dict[str, Any]:
    props: dict[str, Any] = {"name": {"en": "A"}, "kind": "church", "region": region}
    if place is not None:
        props["place"] = place
    props["history"] = []
    return {"type": "Feature", "id": "a", "geometry": None, "properties": props}


def test_an_unknown_place_is_an_error_with_the_closest_id() -> None:
    data = {"type": "FeatureCollection", "features": [_site("az-shusha-distrct")]}
    issues = [i for i in validate_data(data) if i.code == "unknown-place"]
    assert len(issues) == 1
    assert issues[0].pointer == "/features/0/properties/place"
    assert "Did you mean 'az-shusha-district'?" in issues[0].message
    assert issues[0].site_id == "a"


@pytest.mark.parametrize("value", [42, "AZ", "az-", ""])
def test_a_place_of_the_wrong_form_is_reported(value: Any) -> None:
    data = {"type": "FeatureCollection", "features": [_site(value)]}
    assert [i for i in validate_data(data) if i.severity.value == "error"]


def test_a_site_without_place_is_valid() -> None:
    data = {"type": "FeatureCollection", "features": [_site()]}
    assert not [i for i in validate_data(data) if i.severity.value == "error"]


def test_a_gazetteer_beside_the_catalogue_is_used(tmp_path: Path) -> None:
    own = {
        "places": [
            {"id": "zz", "kind": "country", "parent": None, "names": {"en": "Zedland"}},
        ]
    }
    (tmp_path / "places.json").write_text(json.dumps(own), encoding="utf-8")
    catalogue = tmp_path / "sites.geojson"
    data = {"type": "FeatureCollection", "features": [_site("zz")]}
    catalogue.write_text(json.dumps(data), encoding="utf-8")
    assert validate_path(catalogue).ok
    assert heritage.load(catalogue).sites.loc["a", "country"] == "Zedland"
    data["features"][0]["properties"]["place"] = "az"
    catalogue.write_text(json.dumps(data), encoding="utf-8")
    assert [i.code for i in validate_path(catalogue).errors] == ["unknown-place"]


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("Stepanakert / Khankendi", "az-khankendi-city"),
        ("Shusha, Chukhur quarter", "az-shusha-city"),
        ("North of Shusha/Shushi, on both sides of a road into the city", "az-shusha-district"),
        ("Aghdam (city), Aghdam district", "az-aghdam-city"),
        ("Hadrut town, Hadrut region (Artsakh admin.) / Khojavend district", "az-hadrut-city"),
        (
            "Vank village, about 2 km from Hadrut town, Hadrut region / Khojavend district",
            "az-khojavend-district",
        ),
        ("Martuni province (Artsakh admin.) / Khojavend area", "az-khojavend-district"),
        ("Mets Tagher, Hadrut region", "az"),
        ("Vorotan, Kubatly (Gubadli) district", "az-gubadli-district"),
        ("Sus village, Berdzor (Lachin) region", "az-lachin-district"),
        (
            "Karkijahan settlement, Khojaly district (on the edge of Khankendi/Stepanakert)",
            "az-khojaly-district",
        ),
        ("Bist, Ordubad District, Nakhchivan; central district", "az-ordubad-district"),
        (
            "Khojaly (town), Khojaly district; under Armenian control from February 1992",
            "az-khojaly-city",
        ),
        ("Nors, Nakhchivan", "az-nakhchivan"),
        ("Getavan village (region not stated in the source)", None),
        (
            "On a hill on the right bank of the Trtu (Tartar) river, Martakert region "
            "(Artsakh admin.)",
            "az",
        ),
    ],
)
def test_suggestions_from_region_text(region: str, expected: str | None) -> None:
    assert placing.suggest(_site(region=region), places.load(PLACES)).place == expected


def test_a_point_at_the_town_centre_tells_the_town_from_the_district() -> None:
    g = places.load(PLACES)
    site = _site(region="Shusha/Shushi")
    assert placing.suggest(site, g).place == "az-shusha-district"
    site["geometry"] = {"type": "Point", "coordinates": [46.7525, 39.7639]}
    site["properties"]["location"] = {"precision": "site"}
    assert placing.suggest(site, g).place == "az-shusha-city"
    site["geometry"]["coordinates"] = [46.9, 39.9]
    assert placing.suggest(site, g).place == "az-shusha-district"


def test_the_mapping_is_reviewed_and_covers_the_catalogue() -> None:
    mapping = placing.read_mapping(MAPPING)
    ids = {f["id"] for f in _json(CATALOGUE)["features"]}
    assert ids <= set(mapping)
    assert all(record["reviewed"] is not False for record in mapping.values())
    g = places.load(PLACES)
    assert all(r["place"] is None or r["place"] in g for r in mapping.values())


def test_the_catalogue_carries_the_mapping() -> None:
    mapping = placing.read_mapping(MAPPING)
    for feature in _json(CATALOGUE)["features"]:
        assert feature["properties"].get("place") == mapping[feature["id"]]["place"]


def test_apply_is_rerunnable_and_lists_new_sites(tmp_path: Path) -> None:
    catalogue = tmp_path / "sites.geojson"
    shutil.copy(CATALOGUE, catalogue)
    data = _json(catalogue)
    for feature in data["features"]:
        feature["properties"].pop("place", None)
    new = _site(region="Zangilan (city), Zangilan district")
    new["id"] = "zz-new-site"
    data["features"].append(new)
    catalogue.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    args = ["places", "apply", "--catalogue", str(catalogue), "--mapping", str(MAPPING)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "zz-new-site: not in" in first.output
    second = runner.invoke(cli, args)
    assert "0 change(s)" in second.output
    mapping = tmp_path / "mapping.json"
    shutil.copy(MAPPING, mapping)
    assign = runner.invoke(
        cli,
        [
            "places",
            "assign",
            "--catalogue",
            str(catalogue),
            "--mapping",
            str(mapping),
            "--write-mapping",
        ],
    )
    assert assign.exit_code == 0
    added = placing.read_mapping(mapping)["zz-new-site"]
    assert added == {
        "place": "az-zangilan-city",
        "evidence": "text 'Zangilan (city)' in 'Zangilan district'",
        "reviewed": False,
    }


def test_apply_refuses_a_place_outside_the_gazetteer(tmp_path: Path) -> None:
    catalogue = tmp_path / "sites.geojson"
    shutil.copy(CATALOGUE, catalogue)
    before = catalogue.read_bytes()
    mapping = tmp_path / "m.json"
    site = _json(CATALOGUE)["features"][0]["id"]
    mapping.write_text(json.dumps({"assignments": {site: {"place": "az-atlantis"}}}))
    result = CliRunner().invoke(
        cli, ["places", "apply", "--catalogue", str(catalogue), "--mapping", str(mapping)]
    )
    assert result.exit_code == 2
    assert "az-atlantis" in result.output
    assert catalogue.read_bytes() == before


def test_unplaced_sites_are_listed() -> None:
    result = CliRunner().invoke(cli, ["places", "--unplaced", "--catalogue", str(CATALOGUE)])
    assert result.exit_code == 1
    listed = {line.split("\t")[0] for line in result.output.splitlines() if "\t" in line}
    expected = {
        f["id"]
        for f in _json(CATALOGUE)["features"]
        if places.load(PLACES).district(f["properties"].get("place") or "") is None
        and not f["properties"].get("withdrawn")
    }
    assert listed == expected
    assert "getavan-memorial" in listed


# An independent answer to "how many sites were reported destroyed in 2020-2024, by
# district?": plain JSON walking, its own date rule and its own walk up the gazetteer.
def _last_day(text: str) -> str:
    end = text.split("/")[-1]
    if end == "..":
        end = text.split("/")[0]
    parts = end.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{days:02d}"
    return end


def _district_by_hand(place: str | None, units: dict[str, dict[str, Any]]) -> str | None:
    while place is not None:
        unit = units[place]
        parent = units.get(unit["parent"]) if unit["parent"] else None
        if unit["kind"] == "district" or (
            unit["kind"] == "city"
            and parent is not None
            and parent["kind"] in ("country", "region")
        ):
            others = [o["name"] for o in unit.get("other_names", []) if o["lang"] == "en"]
            return " / ".join([unit["names"]["en"], *others])
        place = unit["parent"]
    return None


def test_destroyed_by_district_agrees_with_an_independent_count() -> None:
    units = {u["id"]: u for u in _json(PLACES)["places"]}
    expected: Counter[str | None] = Counter()
    for feature in _json(CATALOGUE)["features"]:
        props = feature["properties"]
        if props.get("withdrawn"):
            continue
        reported = any(
            e.get("status") == "destroyed"
            and e.get("type", "condition") in ("condition", "restoration")
            and isinstance(e.get("date"), str)
            and "2020-01-01" <= _last_day(e["date"]) <= "2024-12-31"
            for e in props["history"]
        )
        if reported:
            expected[_district_by_hand(props.get("place"), units)] += 1

    cat = heritage.load(CATALOGUE)
    events = cat.events
    destroyed = events[
        (events.status == "destroyed")
        & events.type.isin(["condition", "restoration"])
        & events.effective.between("2020-01-01", "2024-12-31")
    ]
    sites = cat.sites[~cat.sites.withdrawn]
    sites = sites.loc[sites.index.isin(destroyed.site_id)]
    got = sites.groupby("district", dropna=False).size()
    answer = {(None if not isinstance(k, str) else k): int(n) for k, n in got.items()}
    assert answer == dict(expected)
    assert sum(expected.values()) > 20  # the question has a real answer in the catalogue


@pytest.mark.parametrize(
    ("places_json", "words"),
    [
        ('{"places": [{"id": "zz", "kind": "country", "parent": null, "names": {}}]}', "'en'"),
        (
            '{"places": [{"id": "zz", "kind": "planet", "parent": null, "names": {"en": "Z"}}]}',
            "planet",
        ),
        ('{"places": [', "cannot read"),
    ],
)
def test_a_broken_gazetteer_is_one_clear_error(
    tmp_path: Path, places_json: str, words: str
) -> None:
    (tmp_path / "places.json").write_text(places_json, encoding="utf-8")
    catalogue = tmp_path / "sites.geojson"
    catalogue.write_text(json.dumps({"type": "FeatureCollection", "features": [_site("zz")]}))
    result = CliRunner().invoke(cli, ["validate", str(catalogue)])
    assert result.exit_code == 2
    assert "places.json" in result.output and words in result.output
    assert "Traceback" not in result.output


def test_new_site_takes_a_place_and_validation_checks_it(tmp_path: Path) -> None:
    catalogue = tmp_path / "sites.geojson"
    catalogue.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    base = ["new-site", str(catalogue), "--name", "Test Church", "--kind", "church"]
    bad = CliRunner().invoke(cli, [*base, "--place", "az-shusha-distrct"])
    assert bad.exit_code == 1
    assert "unknown-place" in bad.output and "az-shusha-district" in bad.output
    good = CliRunner().invoke(cli, [*base, "--place", "az-shusha-district"])
    assert good.exit_code == 0, good.output
    site = _json(catalogue)["features"][0]
    assert site["properties"]["place"] == "az-shusha-district"
    assert heritage.load(catalogue).sites.loc[site["id"], "district"] == "Shusha District"
