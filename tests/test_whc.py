"""The UNESCO World Heritage List adapter, on the full 2019 export and on small hand-made files."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from heritage.catalogue import from_data
from heritage.cli import cli
from heritage.imports.encoding import decode_mixed
from heritage.imports.whc import danger_periods, import_whc
from heritage.validate import validate_path

WHC = Path(__file__).parent / "data" / "external" / "unesco-whc"
RAW = WHC / "whc-sites-2019.csv"
UTF8 = WHC / "whc-sites-2019.utf8.csv"
HEADER = (
    "unique_number,id_no,name_en,name_fr,date_inscribed,danger,danger_list,longitude,"
    "latitude,criteria_txt,category,states_name_en\n"
)


@pytest.fixture(scope="module")
def imported():
    return import_whc(RAW)


def test_mixed_encoding_decodes_like_the_reference_transcoding() -> None:
    decoded = decode_mixed(RAW.read_bytes())
    assert decoded.text == UTF8.read_text(encoding="utf-8")
    assert (decoded.utf8_sequences, decoded.cp1252_bytes) == (6, 19369)


def test_decode_mixed_small_cases() -> None:
    # cp1252 é, a UTF-8 right quote, cp1252's undefined 0x81 kept as a control character.
    decoded = decode_mixed(b"caf\xe9 l\xe2\x80\x99eau \x81")
    assert decoded.text == "café l’eau \x81"
    assert (decoded.utf8_sequences, decoded.cp1252_bytes) == (1, 2)
    assert decode_mixed(b"\xef\xbb\xbfplain").text == "plain"


def test_every_row_becomes_a_valid_site(imported) -> None:
    features = imported.data["features"]
    assert len(features) == 1121
    ids = [f["id"] for f in features]
    assert len(set(ids)) == 1121
    assert imported.ok
    assert {i.code for i in imported.issues} == {"markup-removed"}
    kinds = {f["properties"]["kind"] for f in features}
    assert kinds == {"other"}


def _independent_in_danger(year: int) -> int:
    """Count sites on the Danger list at the end of a year, straight from the CSV cells."""
    count = 0
    with UTF8.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cell = row["danger_list"]
            since = [int(y) for y in re.findall(r"Y\s+(\d{4})", cell)]
            past = [(int(a), int(b)) for a, b in re.findall(r"P\s+(\d{4})\s*-\s*(\d{4})", cell)]
            if any(y <= year for y in since) or any(a <= year < b for a, b in past):
                count += 1
    return count


@pytest.mark.parametrize("year", [1979, 1985, 1990, 1995, 2000, 2005, 2010, 2015, 2019])
def test_sites_in_danger_as_of_a_year_match_an_independent_count(imported, year: int) -> None:
    catalogue = from_data(imported.data)
    threatened = int((catalogue.status_at(str(year)) == "threatened").sum())
    assert threatened == _independent_in_danger(year)


def test_known_counts(imported) -> None:
    catalogue = from_data(imported.data)
    # SOURCES.md: 53 sites currently in danger in the 2019 export.
    assert int((catalogue.status_at("2019") == "threatened").sum()) == 53
    assert _independent_in_danger(2019) == 53


def test_walled_city_of_baku(imported) -> None:
    baku = next(f for f in imported.data["features"] if f["properties"]["refs"]["whc"] == 958)
    assert baku["id"] == "walled-city-of-baku-with-the-shirvanshah-s-palace-and-958"
    history = baku["properties"]["history"]
    assert [(e["date"], e["type"], e["status"]) for e in history] == [
        ("2003", "condition", "threatened"),
        ("2009", "condition", "intact"),
    ]
    for event in history:
        assert event["sources"][0]["url"] == "https://whc.unesco.org/en/list/958"
    assert "removed from the List of World Heritage in Danger in 2009" in history[1]["summary"]
    assert "no longer listed as in danger" in history[1]["note"]
    assert baku["properties"]["name"]["fr"].startswith("Cité fortifiée de Bakou")


def test_markup_in_names_is_removed_and_reported(imported) -> None:
    tulou = next(f for f in imported.data["features"] if f["id"].startswith("fujian-tulou-"))
    assert tulou["properties"]["name"]["en"] == "Fujian Tulou"
    warnings = [i for i in imported.issues if i.site_id == tulou["id"]]
    assert [w.code for w in warnings] == ["markup-removed"]
    assert warnings[0].row is not None and warnings[0].row > 1
    assert warnings[0].line is None  # a row of the CSV, not a line of a catalogue file


def test_cli_writes_a_catalogue_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "whc.geojson"
    result = CliRunner().invoke(cli, ["import", "whc", str(RAW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1121 site(s) written" in result.stderr
    check = validate_path(out)
    assert check.site_count == 1121
    assert check.issues == []
    again = tmp_path / "again.geojson"
    CliRunner().invoke(cli, ["import", "whc", str(RAW), "-o", str(again)])
    assert out.read_bytes() == again.read_bytes()
    result = CliRunner().invoke(cli, ["format", "--check", str(out)])
    assert result.exit_code == 0


def test_periods_in_one_year_end_with_the_lists_status(tmp_path: Path) -> None:
    # A period opened and closed in 2000, then listed again in 2000; a period that ends in
    # 1995 when a new one starts in 1995. Names in Windows-1252 bytes.
    body = (
        "1,11,Caf\xe9 Ruins,Ruines du caf\xe9,1980,1,P 2000-2000 Y 2000,10.5,20.25,(i),Cultural,X\n"
        "2,12,Old Bridge,Vieux pont,1980,1,P 1990-1995 Y 1995,11,21,(ii),Cultural,Y\n"
        "3,13,Quiet Place,Lieu calme,1980,0,,12,22,(iii),Mixed,Z\n"
    )
    path = tmp_path / "small.csv"
    path.write_bytes((HEADER + body).encode("cp1252"))
    result = import_whc(path)
    assert result.ok, result.issues
    catalogue = from_data(result.data)
    assert catalogue.status_at("2000")["cafe-ruins-11"] == "threatened"
    assert catalogue.status_at("1999")["cafe-ruins-11"] == "unknown"
    assert catalogue.status_at("1995")["old-bridge-12"] == "threatened"
    assert catalogue.status_at("1994")["old-bridge-12"] == "threatened"
    assert catalogue.status_at("2019")["quiet-place-13"] == "unknown"
    assert result.data["features"][0]["properties"]["name"]["en"] == "Café Ruins"
    assert result.data["bbox"] == [10.5, 20.25, 12, 22]


def test_danger_periods_parse_and_reject() -> None:
    assert danger_periods("Y 1996 P 1984-1992") == [(1996, None), (1984, 1992)]
    assert danger_periods("") == []
    with pytest.raises(ValueError, match="unexpected text"):
        danger_periods("Y 1996 maybe")


def test_bad_rows_are_reported_by_row(tmp_path: Path) -> None:
    body = (
        "1,11,Good,Bon,1980,0,,10,20,(i),Cultural,X\n"
        "2,12,Bad,Mauvais,1980,0,Q 1990,ten,20,(i),Cultural,Y\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(cli, ["import", "whc", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{path}:row 3: error[invalid-date] bad-12: unexpected text 'Q 1990'" in result.stderr
    assert f"{path}:row 3: error[wrong-type] bad-12: longitude 'ten' is not a number" in (
        result.stderr
    )
    assert not out.exists()


def test_file_without_danger_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reduced.csv"
    path.write_text("name_en,longitude,latitude\nA,1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "whc", str(path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "missing columns: id_no, danger_list" in result.stderr
