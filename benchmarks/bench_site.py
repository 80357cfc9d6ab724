"""Benchmark of the published website inside `heritage build`, on synthetic catalogues.

    python -m benchmarks.bench_site            # 10k and 100k sites
    python -m benchmarks.bench_site 10000

Runs the whole `heritage build --timings` as a separate process per size, reads the seconds
of each step it prints, and the process's CPU seconds (the machine may be shared: wall-clock
times then stretch, CPU times much less). Writes the "Website" section of docs/benchmarks.md
(other sections are kept). Targets (issue 12): at 10,000 sites the site pages take at most a
quarter of the whole build; at 100,000 sites the whole build stays within 1.5 times of the
build before the website (about 90 s on 2 cores).
"""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_catalogue

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Website"
STEPS = ("validate", "load", "map", "reports", "feed", "exports", "site", "move")


def measure(n: int, work: Path) -> dict[str, float]:
    path = write_catalogue(n, work / f"sites-{n}.geojson")
    heritage = Path(sys.executable).parent / "heritage"
    out = work / f"build-{n}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(heritage), "build", str(path), "-o", str(out), "--timings", "--today", "2025-06-30"],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {
        step: float(m.group(1))
        for step in STEPS
        if (m := re.search(rf"^{step} +(\d+\.\d+) s$", done.stdout, re.M))
    }
    row["process"] = wall
    row["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    row["pages MB"] = sum(p.stat().st_size for p in (out / "sites").iterdir()) / 1e6
    row["load avg"] = os.getloadavg()[0]
    return row


def table(results: dict[int, dict[str, float]]) -> str:
    columns = [*STEPS, "process", "cpu", "site share", "pages MB", "load avg"]
    lines = [
        "| sites | " + " | ".join(f"{c} (s)" if c in (*STEPS, "process", "cpu") else c
                                  for c in columns) + " |",
        "|---:|" + "---:|" * len(columns),
    ]  # fmt: skip
    for n, row in results.items():
        total = sum(row.get(s, 0.0) for s in STEPS)
        row["site share"] = row.get("site", 0.0) / total if total else 0.0
        cells = [
            f"{row['site share']:.0%}" if c == "site share" else f"{row.get(c, 0.0):.2f}"
            for c in columns
        ]
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_section(results: dict[int, dict[str, float]]) -> None:
    cores, python = os.cpu_count(), platform.python_version()
    intro = f"""Measured by `python -m benchmarks.bench_site` on synthetic catalogues
(`benchmarks/synthetic.py`: 3 events per site, 1 in 50 sensitive), {cores} cores, Python
{python}. Step columns are the wall-clock seconds `heritage build --timings` prints; `process`
is the whole process (start-up included), `cpu` its user+system CPU seconds, `site share` the
website step's part of the steps' sum, `load avg` the machine's 1-minute load when the build
ended (the machine is shared: with a load above its core count wall-clock times stretch)."""
    section = "\n".join([HEADING, "", intro, "", table(results), ""])
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if HEADING in text:
        start = text.index(HEADING)
        following = text.find("\n## ", start + len(HEADING))
        end = following + 1 if following >= 0 else len(text)
        text = text[:start] + section + ("\n" + text[end:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10000, 100000]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp))
            print(n, {k: round(v, 2) for k, v in results[n].items()}, flush=True)
    write_section(results)
    print(table(results))


if __name__ == "__main__":
    main()
