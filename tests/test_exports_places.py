"""The exports carry each site's place in the gazetteer, as heritage.load() gives it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner
from conftest import CATALOGUE

from heritage.cli import cli

PLACE_COLUMNS = ("place", "place_name", "country", "region_unit", "district", "district_id")


def _expected() -> dict[str, dict[str, str]]:
    """Each site's units, walked up data/places.json independently of heritage.places."""
    places = json.loads((CATALOGUE.parent / "places.json").read_text("utf-8"))
    units = {p["id"]: p for p in places["places"]}
    out: dict[str, dict[str, str]] = {}
    for feature in json.loads(CATALOGUE.read_text("utf-8"))["features"]:
        chain: dict[str, str] = {}
        place = feature["properties"].get("place")
        if place:
            chain["place"] = place
        unit = units.get(place or "")
        while unit is not None:
            parent = units.get(unit.get("parent") or "")
            # docs/places.md: the nearest district, or a city directly in a country or region.
            is_district = unit["kind"] == "district" or (
                unit["kind"] == "city" and parent is not None and parent["kind"] != "district"
            )
            if is_district:
                chain.setdefault("district", unit["id"])
            unit = parent
        out[feature["id"]] = chain
    return out


def test_csv_and_parquet_carry_the_place_columns(tmp_path: Path) -> None:
    for fmt in ("csv", "parquet"):
        result = CliRunner().invoke(
            cli, ["export", str(CATALOGUE), "--to", fmt, "-o", str(tmp_path / f"sites.{fmt}")]
        )
        assert result.exit_code == 0, result.output
    with (tmp_path / "sites.csv").open(encoding="utf-8") as handle:
        rows = {row["site_id"]: row for row in csv.DictReader(handle)}
    table = pq.read_table(tmp_path / "sites.parquet")
    assert set(PLACE_COLUMNS) <= set(table.column_names)
    parquet = {r["site_id"]: r for r in table.select(["site_id", *PLACE_COLUMNS]).to_pylist()}
    expected = _expected()
    placed = 0
    for site_id, chain in expected.items():
        row = rows[site_id]
        assert row["place"] == chain.get("place", ""), site_id
        assert row["district_id"] == chain.get("district", ""), site_id
        assert (parquet[site_id]["district_id"] or "") == chain.get("district", ""), site_id
        placed += bool(chain.get("district"))
    assert placed > 200  # the bundled catalogue places most sites in a district
