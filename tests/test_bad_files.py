"""Every command on structurally wrong files: a message and exit 1 or 2, never a traceback.

The files: not JSON, empty, binary, deeply nested, the wrong JSON type at the top, and a
wrong type (null, number, text, list, object, boolean) in every position of a small valid
catalogue, plus a text far over its field's limit. Each command runs on each of them with
``--no-check`` where it has that option (the readers that skip validation are the ones that
used to fail inside).
"""

from __future__ import annotations

import copy
import json
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import collection, minimal_site

from heritage.cli import cli
from heritage.issues import Severity
from heritage.shape import first_shape_issue
from heritage.validate import validate_data

WRONG: list[Any] = [None, 7, "x", ["x"], {"a": 1}, True]
POSITIONS: list[tuple[Any, ...]] = [
    ("features", 0),
    ("features", 0, "type"),
    ("features", 0, "id"),
    ("features", 0, "geometry"),
    ("features", 0, "geometry", "type"),
    ("features", 0, "geometry", "coordinates"),
    ("features", 0, "geometry", "coordinates", 0),
    ("features", 0, "properties"),
    ("features", 0, "properties", "name"),
    ("features", 0, "properties", "name", "en"),
    ("features", 0, "properties", "alt_names"),
    ("features", 0, "properties", "kind"),
    ("features", 0, "properties", "region"),
    ("features", 0, "properties", "built"),
    ("features", 0, "properties", "built_source"),
    ("features", 0, "properties", "refs"),
    ("features", 0, "properties", "notes"),
    ("features", 0, "properties", "sources"),
    ("features", 0, "properties", "location"),
    ("features", 0, "properties", "location", "sensitive"),
    ("features", 0, "properties", "location", "precision"),
    ("features", 0, "properties", "withdrawn"),
    ("features", 0, "properties", "history"),
    ("features", 0, "properties", "history", 0),
    ("features", 0, "properties", "history", 0, "date"),
    ("features", 0, "properties", "history", 0, "type"),
    ("features", 0, "properties", "history", 0, "status"),
    ("features", 0, "properties", "history", 0, "summary"),
    ("features", 0, "properties", "history", 0, "approximate"),
    ("features", 0, "properties", "history", 0, "confidence"),
    ("features", 0, "properties", "history", 0, "sources"),
    ("features", 0, "properties", "history", 0, "sources", 0),
    ("features", 0, "properties", "history", 0, "sources", 0, "url"),
    ("features",),
    ("type",),
]


def _good() -> dict[str, Any]:
    site = minimal_site("bad-church", region="Somewhere", location={"precision": "site"})
    return collection(site, minimal_site("other-church"))


def _with(position: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _good()
    target: Any = data
    for key in position[:-1]:
        target = target[key]
    target[position[-1]] = copy.deepcopy(value)
    return data


def bad_files() -> dict[str, bytes]:
    """Name to content of every structurally wrong file."""
    files: dict[str, bytes] = {
        "empty": b"",
        "spaces": b"  \n",
        "not-json": b"hello {",
        "truncated": json.dumps(_good()).encode()[:-5],
        "binary": bytes(range(256)) * 8,
        "utf16": json.dumps(_good()).encode("utf-16"),
        "nul": b'{"type": "FeatureCollection", "features": [\x00]}',
        "deep-array": b"[" * 100_000 + b"]" * 100_000,
        "deep-object": b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
        "array": b"[]",
        "text": b'"FeatureCollection"',
        "null": b"null",
        "number": b"1e999",
        "nan": b'{"type": "FeatureCollection", "features": NaN}',
        "huge-text": json.dumps(
            _with(("features", 0, "properties", "notes"), "x" * 3_000_000)
        ).encode(),
        "huge-key": json.dumps(
            _with(("features", 0, "properties", "x_" + "k" * 200_000), 1)
        ).encode(),
    }
    for position in POSITIONS:
        for value in WRONG:
            name = "wrong-" + "-".join(map(str, position)) + "-" + type(value).__name__
            files[name] = json.dumps(_with(position, value)).encode()
    return files


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, content in bad_files().items():
        (folder / f"{name}.geojson").write_bytes(content)
    (folder / "good.geojson").write_text(json.dumps(_good()), encoding="utf-8")
    (folder / "sites.csv").write_text(
        "id,name,kind,longitude,latitude\nnew-church,New Church,church,46.7,39.7\n", "utf-8"
    )
    (folder / "events.csv").write_text(
        "site_id,date,status,summary,reported_by,sources\n"
        "bad-church,2021-01-01,damaged,Reported damage.,A monitor,https://example.org/x\n",
        "utf-8",
    )
    return folder


#: Commands that succeed on any JSON by design: format rewrites any JSON losslessly; the
#: map draws what it can and warns about the rest (docs/map.md).
TOLERANT = {"format", "map"}


def allowed(command: str, path: Path) -> tuple[int, ...]:
    """The exit codes a command may end with on a file."""
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return (1, 2)
    # Some wrong values are allowed by the data model (null geometry, an "x" id): exit 0 is
    # right for those. Errors found by validate are what every command must refuse.
    errors = [i for i in validate_data(data) if i.severity is Severity.ERROR]
    if not errors or command in TOLERANT:
        return (0, 1, 2)
    # --no-check skips validation, not the shape: a value outside the vocabulary, or a date
    # that does not parse, is carried as written; a wrong type is refused.
    if "--no-check" in COMMANDS[command](path, path) and first_shape_issue(data) is None:
        return (0, 1, 2)
    return (1, 2)


Command = Callable[[Path, Path], list[str]]
COMMANDS: dict[str, Command] = {
    "validate": lambda f, o: ["validate", str(f)],
    "format": lambda f, o: ["format", str(f), "-o", str(o / "formatted.geojson")],
    "format-check": lambda f, o: ["format", "--check", str(f)],
    "summary": lambda f, o: ["summary", str(f)],
    "map": lambda f, o: ["map", str(f), "-o", str(o / "maps")],
    "report": lambda f, o: ["report", str(f), "--since", "2019", "--no-check", "-o",
                            str(o / "report.md")],
    "report-html": lambda f, o: ["report", str(f), "--since", "2019", "--no-check", "-o",
                                 str(o / "report.html")],
    "report-json": lambda f, o: ["report", str(f), "--since", "2019", "--no-check",
                                 "--format", "json"],
    "report-checked": lambda f, o: ["report", str(f), "--since", "2019", "-o", str(o / "r.md")],
    "feed": lambda f, o: ["feed", str(f), "--no-check", "-o", str(o / "feed.xml")],
    "feed-checked": lambda f, o: ["feed", str(f), "-o", str(o / "feed.xml")],
    "export-kml": lambda f, o: ["export", str(f), "--to", "kml", "-o", str(o / "sites.kml")],
    "export-csv": lambda f, o: ["export", str(f), "--to", "csv", "-o", str(o / "sites.csv")],
    "add-event": lambda f, o: ["add-event", "bad-church", str(f), "--date", "2021",
                               "--status", "damaged", "--summary", "Reported.",
                               "--reported-by", "A monitor",
                               "--source", "https://example.org/y", "--dry-run"],
    "new-site": lambda f, o: ["new-site", str(f), "--name", "Brand New", "--kind", "church",
                              "--dry-run"],
    "import-sites": lambda f, o: ["import", "sites", str(f.parent / "sites.csv"), "-c", str(f),
                                  "-o", str(o / "imported.geojson")],
    "import-events": lambda f, o: ["import", "events", str(f.parent / "events.csv"), "-c",
                                   str(f), "-o", str(o / "imported.geojson")],
    "import-sites-from-bad": lambda f, o: ["import", "sites", str(f), "-c",
                                           str(f.parent / "good.geojson"), "-o",
                                           str(o / "imported.geojson")],
    "import-whc": lambda f, o: ["import", "whc", str(f), "-o", str(o / "whc.geojson")],
}  # fmt: skip


def _run(args: list[str]) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, args)
    crash = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, crash


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_crashes_on_a_bad_file(command: str, bad_folder: Path, tmp_path: Path) -> None:
    failures = []
    for path in sorted(bad_folder.glob("*.geojson")):
        if path.name == "good.geojson":
            continue
        code, output, crash = _run(COMMANDS[command](path, tmp_path))
        if crash is not None:
            tb = "".join(traceback.format_exception(crash))
            failures.append(f"{path.name}: {type(crash).__name__}: {crash}\n{tb[-600:]}")
        elif "Traceback" in output or code not in allowed(command, path):
            failures.append(f"{path.name}: exit {code}: {output[-300:]}")
        elif code == 2:
            assert output.strip(), path.name  # a message, not silence
    assert failures == [], (
        "\n".join(failures[:3]) + "\n" + "\n".join(f.split(":")[0] for f in failures)
    )


def test_the_good_file_passes_every_command(bad_folder: Path, tmp_path: Path) -> None:
    # The control: the same commands on the valid catalogue succeed, so the test above
    # is about the files and not about the command lines.
    for command, make in COMMANDS.items():
        if command in ("import-sites-from-bad", "import-whc", "format-check"):
            continue
        code, output, crash = _run(make(bad_folder / "good.geojson", tmp_path))
        assert crash is None and code == 0, (command, output)


def test_a_50_mb_text_is_refused_within_2_gb(tmp_path: Path) -> None:
    """The review's crash: a 50 MB text under a 2 GB memory limit (SIGSEGV before)."""
    import resource
    import subprocess
    import sys

    path = tmp_path / "big.geojson"
    path.write_text(
        json.dumps(_with(("features", 0, "properties", "notes"), "x" * 50_000_000)), "utf-8"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    heritage = Path(sys.executable).parent / "heritage"
    for args in (
        ["validate", str(path)],
        ["build", str(path), "-o", str(tmp_path / "out")],
        ["map", str(path), "-o", str(tmp_path / "maps")],
        ["report", str(path), "--since", "2019", "--no-check", "-o", str(tmp_path / "r.md")],
    ):
        done = subprocess.run(
            [str(heritage), *args], capture_output=True, text=True, timeout=300, preexec_fn=limit
        )
        output = done.stdout + done.stderr
        assert done.returncode in (1, 2), (args[0], done.returncode, output[-500:])
        assert "Traceback" not in output
        assert "text-too-long" in output or "10,000" in output
