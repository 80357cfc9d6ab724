"""Benchmark of the published website inside `heritage build`, on synthetic catalogues.

    python -m benchmarks.bench_site                       # 10k and 100k sites
    python -m benchmarks.bench_site 10000 --baseline REV  # and the build of git revision REV

Runs the whole `heritage build --timings` as a separate process per size and reads the
wall-clock and CPU seconds of each step it prints, and the whole process's. With
``--baseline REV`` the same catalogue is also built by revision REV (extracted with
``git archive`` and run from there), for the cost of the website against the build before
it. The machine may be shared: wall-clock times then stretch with the load, CPU times much
less, so both are recorded with the load average. Writes the "Website" section of
docs/benchmarks.md (other sections are kept). Targets (issue 12): at 10,000 sites the site
pages take at most a quarter of the whole build; at 100,000 sites the whole build stays
within 1.5 times of the build before the website (about 90 s on 2 cores).
"""

from __future__ import annotations

import argparse
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
_STEP = re.compile(r"^(\w+) +(\d+\.\d+) s +(\d+\.\d+) s cpu$", re.M)


def run_build(path: Path, out: Path, source: Path | None) -> dict[str, float]:
    """Run `heritage build` (from ``source`` when given); return wall and CPU seconds."""
    env = dict(os.environ)
    command = [sys.executable, "-m", "heritage", "build", str(path), "-o", str(out)]
    if source is not None:
        env["PYTHONPATH"] = str(source)
    else:
        command.append("--timings")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--today", "2025-06-30"], check=True, capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {"process": wall, "process cpu": after.ru_utime - before.ru_utime
           + after.ru_stime - before.ru_stime, "load avg": os.getloadavg()[0]}  # fmt: skip
    for name, seconds, cpu in _STEP.findall(done.stdout):
        row[name] = float(seconds)
        row[f"{name} cpu"] = float(cpu)
    return row


def measure(n: int, work: Path, baseline: Path | None) -> dict[str, float]:
    path = write_catalogue(n, work / f"sites-{n}.geojson")
    row = run_build(path, work / f"build-{n}", None)
    row["pages MB"] = sum(p.stat().st_size for p in (work / f"build-{n}" / "sites").iterdir()) / 1e6
    if baseline is not None:
        old = run_build(path, work / f"baseline-{n}", baseline)
        row["baseline"], row["baseline cpu"] = old["process"], old["process cpu"]
        row["baseline load avg"] = old["load avg"]
    return row


COLUMNS = [
    ("site", "site (s)"),
    ("site cpu", "site cpu (s)"),
    ("total", "all steps (s)"),
    ("total cpu", "all steps cpu (s)"),
    ("share", "site share (cpu)"),
    ("process", "process (s)"),
    ("process cpu", "process cpu (s)"),
    ("baseline", "before the website: process (s)"),
    ("baseline cpu", "before: cpu (s)"),
    ("ratio", "cpu ratio"),
    ("pages MB", "site pages (MB)"),
    ("load avg", "load avg"),
]


def table(results: dict[int, dict[str, float]]) -> str:
    lines = [
        "| sites | " + " | ".join(title for _, title in COLUMNS) + " |",
        "|---:|" + "---:|" * len(COLUMNS),
    ]
    for n, row in results.items():
        row["share"] = row["site cpu"] / row["total cpu"] if row.get("total cpu") else 0.0
        if row.get("baseline cpu"):
            row["ratio"] = row["process cpu"] / row["baseline cpu"]
        cells = []
        for key, _ in COLUMNS:
            if key not in row:
                cells.append("")
            elif key == "share":
                cells.append(f"{row[key]:.0%}")
            elif key == "ratio":
                cells.append(f"{row[key]:.2f}x")
            else:
                cells.append(f"{row[key]:.2f}")
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_section(results: dict[int, dict[str, float]], baseline: str | None) -> None:
    cores, python = os.cpu_count(), platform.python_version()
    against = f" and the same build by revision `{baseline}`" if baseline else ""
    intro = f"""Measured by `python -m benchmarks.bench_site` on synthetic catalogues
(`benchmarks/synthetic.py`: 3 events per site, 1 in 50 sensitive), {cores} cores, Python
{python}: the whole `heritage build --timings` process{against}. `site` is the website step
(front page, list, method, a page per site, sitemap); `all steps` the sum of every phase the
build times (validate, load, map, reports, feed, exports, site, move); `site share` the
website's part of the CPU seconds; `cpu ratio` the whole process's CPU seconds against the
build before the website. `load avg` is the machine's 1-minute load when the build ended:
the machine is shared, and with a load above its core count wall-clock seconds stretch
(CPU seconds much less), so compare CPU seconds."""
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
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10000, 100000])
    parser.add_argument("--baseline", help="a git revision to compare with")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the git repository of it")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        baseline = None
        if args.baseline:
            baseline = Path(tmp) / "baseline"
            baseline.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(args.repo), "archive", args.baseline],
                check=True,
                capture_output=True,
            )
            subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive.stdout, check=True)
        for n in args.sizes:
            results[n] = measure(n, Path(tmp), baseline)
            print(n, {k: round(v, 2) for k, v in results[n].items()}, flush=True)
    write_section(results, args.baseline)
    print(table(results))


if __name__ == "__main__":
    main()
