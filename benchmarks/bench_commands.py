"""Every command, as a person runs it, on one large synthetic catalogue: seconds and memory.

Makes a git repository in a temporary folder holding a synthetic catalogue
(``benchmarks/synthetic.py``, 3 events per site) and the bundled gazetteer, then runs each
command of :data:`COMMANDS` there as its own process and measures it with ``os.wait4``: wall
seconds, CPU seconds (user + system) and peak resident memory. Commands that change the
catalogue (``add-event``) get a fresh copy each run. Each checkout named by ``--root`` is put
first on ``PYTHONPATH``, so an older revision (``git worktree add /tmp/old REV``) can be
measured on the same catalogue in the same session; a command it does not know shows "-".

    python benchmarks/bench_commands.py 100000 --root now=. --root 960ca1b=/tmp/old

The figures are the best of ``--runs`` runs (wall clock), written to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._report import machine, write_section

REPOSITORY = Path(__file__).resolve().parent.parent
#: The commands measured, as typed after ``heritage`` in the catalogue's repository; OUT is
#: a scratch folder. The issue's budget: each within 15 s and 2.5 GB at 100,000 sites.
COMMANDS: tuple[str, ...] = (
    "validate",
    "format --check",
    "summary",
    "sources",
    "report --since 2020 --format md -o OUT/report.md",
    "report --since 2020 --format html -o OUT/report.html",
    "report --since 2020 --format json -o OUT/report.json",
    "report --since 2024 --brief -o OUT/brief.md",
    "feed -o OUT/feed.xml",
    "map -o OUT/map",
    "diff HEAD HEAD",
    "export --to csv -o OUT/sites.csv",
    "export --to gpkg -o OUT/sites.gpkg",
    "export --to kml -o OUT/sites.kml",
    "export --to parquet -o OUT/sites.parquet",
    "add-event site-000123 --date 2025-03-01 --status damaged --summary Reported. "
    "--reported-by Monitor --source https://example.org/r",
    "build -o OUT/site --today 2026-12-01",
)
#: Commands that write the catalogue: it is restored from git before each of their runs.
WRITERS = ("add-event",)


@dataclass(frozen=True)
class Run:
    """One measured process."""

    ok: bool
    wall: float
    cpu: float
    peak_gb: float


def run(command: str, root: Path, cwd: Path, out: Path) -> Run:
    """Run ``heritage COMMAND`` with ``root`` first on the path; measure it."""
    if command.split()[0] in WRITERS:
        subprocess.run(["git", "checkout", "-q", "--", "data"], cwd=cwd, check=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    args = [sys.executable, "-m", "heritage", *command.replace("OUT", str(out)).split()]
    env = {**os.environ, "PYTHONPATH": str(root)}
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        process.returncode == 0,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 2**20,  # KiB on Linux
    )


def best(command: str, root: Path, cwd: Path, out: Path, runs: int) -> Run | None:
    """Return the fastest of ``runs`` runs, or None when the command fails there."""
    results = [run(command, root, cwd, out) for _ in range(runs)]
    if not all(r.ok for r in results):
        return None
    return min(results, key=lambda r: r.wall)


def main() -> None:
    """Measure the commands and write the section of docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=int, nargs="?", default=100_000)
    parser.add_argument("--root", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only")
    options = parser.parse_args()
    roots = [tuple(r.split("=", 1)) for r in options.root] or [("now", str(REPOSITORY))]
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "catalogue"
        (repo / "data").mkdir(parents=True)
        shutil.copy(REPOSITORY / "data" / "places.json", repo / "data" / "places.json")
        # In a process of its own: a child's peak memory (wait4) starts from the size of the
        # process it was forked from, which must stay small.
        subprocess.run(
            [sys.executable, str(Path(__file__).parent / "synthetic.py"), str(options.sites),
             str(repo / "data" / "sites.geojson")],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        size = (repo / "data" / "sites.geojson").stat().st_size / 1e6
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
        subprocess.run([*git, "add", "."], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-qm", "catalogue"], cwd=repo, check=True)
        rows = []
        for command in COMMANDS:
            cells = []
            for _, path in roots:
                result = best(command, Path(path).resolve(), repo, Path(tmp) / "out", options.runs)
                cells.append(
                    "-"
                    if result is None
                    else f"{result.wall:.1f} s ({result.cpu:.1f} s CPU), {result.peak_gb:.2f} GB"
                )
                print(command, "|", cells[-1], flush=True)
            label = command.split(" -o ")[0]
            label = label if len(label) < 50 else " ".join(label.split()[:2]) + " ..."
            rows.append(f"| `{label}` | " + " | ".join(cells) + " |")
    names = " | ".join(name for name, _ in roots)
    body = "\n".join(
        [
            "## Every command at scale",
            "",
            f"`python benchmarks/bench_commands.py {options.sites}` on a synthetic catalogue of "
            f"{options.sites:,} sites ({size:.0f} MB), {machine()}: each command a process of "
            "its own, wall seconds (best of "
            f"{options.runs}), CPU seconds and peak resident memory. The issue's budget at "
            "100,000 sites: within 15 s and 2.5 GB each (the build, which runs all of them and "
            "writes a page per site, is measured against its own earlier time).",
            "",
            f"| command | {names} |",
            "|---|" + "---:|" * len(roots),
            *rows,
        ]
    )
    if options.no_write:
        print(body)
    else:
        print(write_section("commands", body))


if __name__ == "__main__":
    main()
