"""What catalogue text may hold (heritage/text.py): validate, importers and every XML writer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import collection, minimal_site

from heritage import text
from heritage.catalogue import load
from heritage.cli import cli
from heritage.exports.kml import kml_bytes
from heritage.feed import render_feed
from heritage.validate import validate_data

C0 = [chr(c) for c in range(0x20)]
C1 = [chr(c) for c in range(0x7F, 0xA0)]
OTHERS = ["\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
#: Every character the rule forbids somewhere.
FORBIDDEN = C0 + C1 + OTHERS
ALLOWED = ["a", " ", "\u00a0", "\u00e9", "\u0531", "\u200b", "\ufeff", "\ufffd", "\U0001f600"]


@pytest.mark.parametrize("char", FORBIDDEN + ALLOWED, ids=lambda c: f"U+{ord(c):04X}")
def test_which_characters_a_text_may_hold(char: str) -> None:
    one_line = text.forbidden_character("ab" + char) == 2
    multiline = text.forbidden_character("ab" + char, multiline=True) == 2
    assert one_line is (char in FORBIDDEN)
    # Tab and line feed are the only difference between one-line and long text fields.
    assert multiline is (char in FORBIDDEN and char not in "\t\n")


def test_every_forbidden_character_is_reported_where_it_is() -> None:
    for n, char in enumerate(FORBIDDEN):
        site = minimal_site(f"site-{n}", region=f"Re{char}gion")
        site["properties"]["history"][0]["summary"] = f"Multi{char}line"
        issues = [i for i in validate_data(collection(site)) if i.code == "invalid-character"]
        pointers = {i.pointer for i in issues}
        assert "/features/0/properties/region" in pointers, repr(char)
        in_summary = "/features/0/properties/history/0/summary" in pointers
        assert in_summary is (char not in "\t\n"), repr(char)
        assert all(f"U+{ord(char):04X}" in i.message for i in issues)
        assert all(i.site_id == f"site-{n}" for i in issues)


def test_tab_and_line_feed_are_fine_in_long_text() -> None:
    site = minimal_site(notes="First line.\nSecond\tline.")
    site["properties"]["history"][0]["note"] = "a\nb"
    assert validate_data(collection(site)) == []


@pytest.mark.parametrize(
    ("field", "path", "limit"),
    [
        ("name", ("name", "en"), 300),
        ("name", ("name", "hy"), 300),
        ("region", ("region",), 300),
        ("built", ("built",), 1000),
        ("notes", ("notes",), 10_000),
        ("summary", ("history", 0, "summary"), 2000),
        ("note", ("history", 0, "note"), 10_000),
        ("url", ("history", 0, "sources", 0, "url"), 2000),
        ("x_extra", ("x_extra",), 10_000),
    ],
)
def test_length_limits_per_field(field: str, path: tuple[Any, ...], limit: int) -> None:
    def with_text(length: int) -> list[str]:
        site = minimal_site()
        target: Any = site["properties"]
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
        value = "https://example.org/" if field == "url" else ""
        target[path[-1]] = value + "x" * (length - len(value))
        return [i.pointer for i in validate_data(collection(site)) if i.code == "text-too-long"]

    assert text.limit_of(field) == limit
    assert with_text(limit) == []
    ptr = "/features/0/properties/" + "/".join(map(str, path))
    assert with_text(limit + 1) == [ptr]


def test_the_schema_carries_the_same_limits() -> None:
    from heritage.schema import build_schema

    schema = build_schema()
    event = schema["$defs"]["event"]["properties"]
    assert event["summary"]["maxLength"] == text.FIELD_LIMITS["summary"]
    assert event["note"]["maxLength"] == text.FIELD_LIMITS["note"]
    site = schema["$defs"]["feature"]["properties"]["properties"]["properties"]
    assert site["name"]["additionalProperties"]["maxLength"] == text.FIELD_LIMITS["name"]


# ---- every XML writer, whatever the catalogue holds -------------------------------------


#: What can reach a writer: the fast reader (orjson) refuses lone surrogates as not JSON.
REACHABLE = [c for c in FORBIDDEN if not "\ud800" <= c <= "\udfff"]


def hostile(char: str) -> str:
    return f"A{char}B <b>&amp;</b> ]]>"


def hostile_catalogue() -> dict[str, Any]:
    """One site per forbidden character, the character in every text field."""
    features = []
    for n, char in enumerate(REACHABLE):
        words = hostile(char)
        site = minimal_site(
            f"site-{n}",
            name={"en": words, "hy": words},
            alt_names=[words],
            region=words,
            built=words,
            notes=words,
            sources=[{"url": f"https://example.org/{n}", "title": words, "publisher": words}],
        )
        event = site["properties"]["history"][0]
        event.update(summary=words, reported_by=words, reporter_type=words, note=words)
        event["sources"][0].update(title=words, publisher=words)
        features.append(site)
    return collection(*features)


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile-text") / "sites.geojson"
    # ensure_ascii: lone surrogates cannot be written as UTF-8, only as JSON escapes.
    path.write_text(json.dumps(hostile_catalogue(), ensure_ascii=True), encoding="utf-8")
    return path


def _texts(root: ET.Element) -> list[str]:
    found = []
    for element in root.iter():
        found += [element.text or "", element.tail or "", *element.attrib.values()]
    return found


def _check_xml(data: bytes) -> ET.Element:
    root = ET.fromstring(data)  # expat: any character XML 1.0 forbids is a fatal error
    for value in _texts(root):
        assert text.forbidden_character(value, multiline=True) is None, repr(value)
        assert "\r" not in value
    return root


def test_kml_is_well_formed_whatever_the_text(hostile_file: Path) -> None:
    root = _check_xml(kml_bytes(load(hostile_file, check=False)))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [n.text for n in root.iterfind(".//k:Placemark/k:name", ns)]
    assert len(names) == len(REACHABLE)
    # Tab and line feed are kept; everything else becomes U+FFFD, so readers see it was there.
    expected = {hostile(c if c in "\t\n" else "\ufffd") for c in REACHABLE}
    assert set(names) == expected


def test_feed_is_well_formed_whatever_the_text(hostile_file: Path) -> None:
    root = _check_xml(render_feed(load(hostile_file, check=False), limit=0))
    titles = [t.text or "" for t in root.iter("{http://www.w3.org/2005/Atom}title")][1:]
    assert len(titles) == len(REACHABLE)
    assert all("A\ufffdB" in t or "A\tB" in t or "A\nB" in t for t in titles)


def test_xml_commands_write_well_formed_files(hostile_file: Path, tmp_path: Path) -> None:
    kml, feed = tmp_path / "sites.kml", tmp_path / "feed.xml"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(hostile_file), "--to", "kml", "-o", str(kml)])
    # export validates first: the catalogue is refused, naming the characters.
    assert result.exit_code != 0 and "invalid-character" in result.output
    result = runner.invoke(cli, ["feed", str(hostile_file), "--no-check", "-o", str(feed)])
    assert result.exit_code == 0, result.output
    _check_xml(feed.read_bytes())
    surrogate = tmp_path / "surrogate.geojson"
    surrogate.write_text(hostile_file.read_text("utf-8").replace("A\\u0001B", "A\\ud800B"))
    result = runner.invoke(cli, ["feed", str(surrogate), "--no-check", "-o", str(feed)])
    assert result.exit_code == 2 and "not valid JSON" in result.output


def test_xml_safe_tree_covers_attributes_and_tails() -> None:
    root = ET.Element("r", {"a": "x\x00y"})
    child = ET.SubElement(root, "c")
    child.text, child.tail = "\x0b", "\ud800"
    out = ET.tostring(text.xml_safe_tree(root), encoding="unicode")
    assert ET.fromstring(out).attrib["a"] == "x\ufffdy"
    assert out == '<r a="x\ufffdy"><c>\ufffd</c>\ufffd</r>'


def test_xml_safe_shortcut_for_printable_text_changes_nothing() -> None:
    # xml_safe returns a printable text as it is, without its pattern: no character the
    # pattern replaces may be printable, in any plane.
    replaced = [c for c in map(chr, range(0x110000)) if text._NOT_XML.sub(text._replace, c) != c]
    assert replaced and not any(c.isprintable() for c in replaced)
    assert text.xml_safe("A\u0531\U0001f600 B") == "A\u0531\U0001f600 B"
    assert text.xml_safe("A\rB\U0001fffe") == "A\ufffdB\ufffd"


# ---- importers ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\r", "\ufffe"], ids=ascii)
def test_spreadsheet_import_refuses_forbidden_characters(
    char: str, write_catalogue: Any, tmp_path: Path
) -> None:
    catalogue = write_catalogue(collection(minimal_site()))
    before = catalogue.read_bytes()
    sheet = tmp_path / "sites.csv"
    sheet.write_text(
        f'id,name,kind,longitude,latitude\nnew-church,"New{char}Church",church,46.7,39.7\n',
        encoding="utf-8",
        newline="",
    )
    result = CliRunner().invoke(cli, ["import", "sites", str(sheet), "-c", str(catalogue)])
    if char == "\x00":  # a zero byte is not UTF-8 text at all: the file is refused as such
        assert result.exit_code == 2 and "zero bytes" in result.output
    else:
        assert result.exit_code == 1, result.output
        assert "invalid-character" in result.output and "row 2" in result.output
    assert catalogue.read_bytes() == before


def test_event_import_refuses_a_control_in_a_summary(write_catalogue: Any, tmp_path: Path) -> None:
    catalogue = write_catalogue(collection(minimal_site()))
    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "site_id,date,status,summary,sources\n"
        "test-church,2021-01-01,damaged,Shell\x1fdamage,https://example.org/x\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["import", "events", str(sheet), "-c", str(catalogue)])
    assert result.exit_code == 1 and "invalid-character" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["add-event", "test-church", "--date", "2021", "--status", "damaged",
         "--summary", "Shell\x1bdamage", "--source", "https://example.org/x"],
        ["new-site", "--name", "New\x7fChurch", "--kind", "church"],
        ["new-site", "--name", "New Church", "--kind", "church", "--notes", "x" * 10_001],
    ],
)  # fmt: skip
def test_editing_commands_refuse_forbidden_text(args: list[str], write_catalogue: Any) -> None:
    catalogue = write_catalogue(collection(minimal_site()))
    before = catalogue.read_bytes()
    where = 2 if args[0] == "add-event" else 1
    result = CliRunner().invoke(cli, [*args[:where], str(catalogue), *args[where:]])
    assert result.exit_code == 1, result.output
    assert "invalid-character" in result.output or "text-too-long" in result.output
    assert catalogue.read_bytes() == before


# ---- encodings and sizes of what an import reads -------------------------------------------

SHEET = "id,name,kind,longitude,latitude\nnew-church,Église Neuve,church,46.7,39.7\n"


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        (SHEET.encode("utf-8"), "utf-16", "utf-16"),
        (b"id,name,kind\nab,Ab,church\n", "utf-16", "zero byte"),  # even length: decodes
        (SHEET.encode("utf-8"), "utf-32", "utf-32"),
        (SHEET.encode("utf-8"), "cp1252", "is UTF-8"),
        (SHEET.encode("utf-8"), "latin-1", "is UTF-8"),
        (SHEET.encode("utf-16"), "utf-8", "utf-8"),
        (SHEET.encode("utf-16-le"), "cp1252", "zero bytes"),
        (SHEET.encode("cp1252"), "utf-8", "cannot be read as utf-8"),
        (SHEET.encode("utf-8"), "no-such-encoding", "not a known text encoding"),
        (b"\xff\xfe" + "x,y\n1,2\n".encode("utf-16-le"), "utf-16", "no column"),
        (("id,name,kind\nbig-church,\"" + "x" * 200_000 + "\",church\n").encode(), "utf-8",
         "longer than 131,072"),
    ],
)  # fmt: skip
def test_import_refuses_a_file_it_cannot_read_right(
    content: bytes, encoding: str, message: str, write_catalogue: Any, tmp_path: Path
) -> None:
    catalogue = write_catalogue(collection(minimal_site()))
    before = catalogue.read_bytes()
    sheet = tmp_path / "sites.csv"
    sheet.write_bytes(content)
    args = ["import", "sites", str(sheet), "-c", str(catalogue), "--encoding", encoding]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("heritage: ") and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert catalogue.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "encoding"),
    [(SHEET.encode("utf-16"), "utf-16"), (SHEET.encode("cp1252"), "cp1252"),
     (SHEET.encode("utf-8-sig"), "utf-8"), (SHEET.encode("utf-8"), "UTF8")],
)  # fmt: skip
def test_import_reads_the_encoding_it_is_told(
    content: bytes, encoding: str, write_catalogue: Any, tmp_path: Path
) -> None:
    catalogue = write_catalogue(collection(minimal_site()))
    sheet = tmp_path / "sites.csv"
    sheet.write_bytes(content)
    args = ["import", "sites", str(sheet), "-c", str(catalogue), "--encoding", encoding]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(catalogue.read_text("utf-8"))
    names = {f["id"]: f["properties"]["name"]["en"] for f in data["features"]}
    assert names["new-church"] == "Église Neuve"


def test_whc_import_refuses_binary_and_long_cells(tmp_path: Path) -> None:
    for content in (b"\x00\x01\x02" * 100, b'id_no,name_en\n1,"' + b"x" * 200_000 + b'"\n'):
        path = tmp_path / "whc.csv"
        path.write_bytes(content)
        result = CliRunner().invoke(cli, ["import", "whc", str(path), "-o", str(tmp_path / "o")])
        assert result.exit_code == 2 and result.output.startswith("heritage: "), result.output


def test_files_over_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(minimal_site())), encoding="utf-8")
    monkeypatch.setattr(text, "MAX_FILE_BYTES", path.stat().st_size - 1)
    for args in (["validate", str(path)], ["map", str(path), "-o", str(tmp_path / "m")],
                 ["feed", str(path), "--no-check"]):  # fmt: skip
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2 and "larger than" in result.output, result.output


def test_report_html_carries_no_forbidden_character(hostile_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    args = ["report", str(hostile_file), "--since", "2000", "--no-check", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert text.forbidden_character(page, multiline=True) is None and "\r" not in page
    assert "A\ufffdB" in page  # a replaced character stays visible


def test_the_compiled_schema_check_never_raises_on_a_lone_surrogate() -> None:
    # jsonschema-rs cannot convert a lone surrogate (ValueError); the per-feature check then
    # answers "not known valid" and the pure-Python check names the problem.
    from heritage import validate

    fast = validate._fast_validators()
    assert fast is not None
    feature = minimal_site("a\ud800")  # checked against the id pattern
    with pytest.raises(ValueError):
        fast[1].is_valid(feature)
    assert validate._fast_feature_valid(fast[1], feature) is False
    assert validate._fast_feature_valid(fast[1], minimal_site("b")) is True


def test_a_lone_surrogate_after_a_schema_error_is_reported_not_raised() -> None:
    bad_kind = minimal_site("b", kind=7)
    surrogate = minimal_site("a\ud800")
    issues = validate_data(collection(bad_kind, surrogate))
    assert {"wrong-type", "invalid-character"} <= {i.code for i in issues}
