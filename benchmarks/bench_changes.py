"""Benchmark report, diff and feed on a synthetic catalogue; write docs/benchmarks.md.

    python benchmarks/bench_changes.py            # 100,000 sites x 3 events
    python benchmarks/bench_changes.py 20000      # a smaller run

Measures, on one catalogue of N sites with 3 events each (benchmarks/synthetic.py):

- ``report`` for a one-year window (2024): load, compute, and each rendering;
- ``diff`` between two versions that differ in 1% of sites (events added and edited, sites
  moved, renamed fields), from two files and from a git revision against the working tree;
- ``feed`` (the newest 100 entries, and all of them).

The figures replace the "Reports, diff and feed" section of docs/benchmarks.md.
"""

from __future__ import annotations

import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import make_catalogue  # noqa: E402
from heritage.canonical import canonical_text  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## Reports, diff and feed"
T = TypeVar("T")


def timed(label: str, rows: list[tuple[str, float]], func: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    rows.append((label, seconds))
    print(f"{label:<58} {seconds:8.2f} s", flush=True)
    return result


def changed_version(data: dict[str, Any], share: float = 0.01, seed: int = 1) -> dict[str, Any]:
    """Return a copy of a catalogue with ``share`` of its sites changed in four ways."""
    rng = random.Random(seed)
    features = [dict(f) for f in data["features"]]
    step = round(1 / share)
    # Start a third of a step in, so that the changed sites are not all sensitive ones
    # (every 50th site of the synthetic catalogue is).
    for n, i in enumerate(range(step // 3, len(features), step)):
        f = features[i] = {**features[i], "properties": dict(features[i]["properties"])}
        props = f["properties"]
        kind = n % 4
        if kind == 0:  # a new report of destruction
            props["history"] = [
                *props["history"],
                {
                    "date": "2025-06-01",
                    "type": "condition",
                    "status": "destroyed",
                    "summary": "A new synthetic report.",
                    "reported_by": "Monitor 0",
                    "sources": [{"url": f"https://example.org/new/{i}"}],
                },
            ]
        elif kind == 1:  # a past event edited
            history = [dict(e) for e in props["history"]]
            history[0]["summary"] = history[0]["summary"] + " (corrected)"
            props["history"] = history
        elif kind == 2:  # moved
            lon, lat = f["geometry"]["coordinates"]
            f["geometry"] = {
                "type": "Point",
                "coordinates": [
                    round(lon + rng.choice((-1, 1)) * rng.uniform(0.001, 0.01), 6),
                    lat,
                ],
            }
        else:  # a property changed
            props["region"] = props["region"] + " (renamed)"
    return {**data, "features": features}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def run(n: int) -> list[tuple[str, float]]:
    import heritage
    from heritage.changes import compute_report
    from heritage.diff import diff_texts
    from heritage.diff.revisions import resolve
    from heritage.feed import render_feed
    from heritage.report import render
    from heritage.report.diff_render import render_diff
    from heritage.report.tables import render_csv

    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = make_catalogue(n)
        base_text = canonical_text(data)
        head_text = canonical_text(changed_version(data))
        base = folder / "data" / "sites.geojson"
        base.parent.mkdir()
        base.write_text(base_text, encoding="utf-8")
        head = folder / "head.geojson"
        head.write_text(head_text, encoding="utf-8")
        size = base.stat().st_size / 1e6
        print(f"catalogue: {n} sites, {size:.0f} MB", flush=True)

        catalogue = timed("load, validated (heritage.load)", rows, lambda: heritage.load(base))
        timed("load, not validated (check=False)", rows, lambda: heritage.load(base, check=False))
        since, until = date(2024, 1, 1), date(2024, 12, 31)
        report = timed(
            "report: compute, one-year window",
            rows,
            lambda: compute_report(catalogue, since, until),
        )
        print(
            f"  {len(report.transitions)} transitions, {len(report.events)} events in the window",
            flush=True,
        )
        for fmt in ("md", "json", "html"):
            timed(f"report: render {fmt}", rows, lambda fmt=fmt: render(report, fmt))
        timed("report: render csv (two tables)", rows, lambda: render_csv(report))

        diff = timed(
            "diff: two files, 1% of sites changed (parse + compare)",
            rows,
            lambda: diff_texts(base_text, head_text),
        )
        print(f"  {len(diff.changed)} sites changed", flush=True)
        timed("diff: render md", rows, lambda: render_diff(diff, "md"))
        timed("diff: render json", rows, lambda: render_diff(diff, "json"))

        git(folder, "init", "-q", "-b", "main")
        git(folder, "add", "data/sites.geojson")
        git(folder, "commit", "-q", "-m", "base")
        base.write_text(head_text, encoding="utf-8")

        def from_git() -> Any:
            old, new = resolve("main", None, "data/sites.geojson", folder)
            return diff_texts(old.text, new.text, old.label, new.label)

        timed("diff: git revision main vs working tree (read + compare)", rows, from_git)
        heritage_cli = str(Path(sys.executable).with_name("heritage"))
        out = folder / "report.html"
        timed(
            "command: heritage report --since 2024 --until 2024 -o report.html --no-check",
            rows,
            lambda: subprocess.run(
                [heritage_cli, "report", str(head), "--since", "2024", "--until", "2024",
                 "-o", str(out), "--no-check"],
                check=True,
                capture_output=True,
            ),
        )  # fmt: skip
        timed(
            "command: heritage diff main --format md (working tree)",
            rows,
            lambda: subprocess.run(
                [heritage_cli, "diff", "main", "--format", "md"], cwd=folder, capture_output=True
            ),
        )
        timed("feed: newest 100 entries", rows, lambda: render_feed(catalogue))
        timed("feed: all entries", rows, lambda: render_feed(catalogue, limit=0))
    return rows


def write_doc(n: int, rows: list[tuple[str, float]]) -> None:
    lines = [
        HEADING,
        "",
        f"Measured by `python benchmarks/bench_changes.py {n}` on a synthetic catalogue of "
        f"{n:,} sites with 3 events each (`benchmarks/synthetic.py`); the diff compares it "
        "with a copy where 1% of the sites changed (new events, edited past events, moves, "
        "property edits). Python "
        f"{platform.python_version()}, {platform.machine()}, "
        f"{platform.system()}; one run, wall-clock seconds.",
        "",
        "`heritage report` and `heritage feed` validate the catalogue first unless given "
        '`--no-check`; that validation is the "load, validated" row and dominates a '
        "validated run at this size. `heritage diff` does not validate.",
        "",
        "| Step | Seconds |",
        "|---|---:|",
        *[f"| {label} | {seconds:.2f} |" for label, seconds in rows],
        "",
    ]
    section = "\n".join(lines)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    if HEADING in text:
        start = text.index(HEADING)
        after = text.find("\n## ", start + len(HEADING))
        end = len(text) if after == -1 else after + 1
        text = text[:start] + section + ("\n" + text[end:] if after != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    write_doc(size, run(size))
