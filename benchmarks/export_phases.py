"""Time the export phase alone: what runs after ``heritage.load`` returns.

    python -m benchmarks.export_phases                       # a synthetic 100,000-site catalogue
    python -m benchmarks.export_phases PATH [--repeat 3]     # an existing catalogue

Loads the catalogue once (``check=False``: validation and loading are measured elsewhere),
then times :func:`heritage.exports.tables.public_tables`, each writer's steps and each
format's whole export phase (:func:`heritage.exports.export`: tables and writer), writing
into a temporary folder. Steps run with the garbage collector paused, as ``export`` runs
them. Each step is timed ``--repeat`` times and the best is printed, with the peak resident
memory of the process so far. Nothing is written to docs/.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.synthetic import write_catalogue
from heritage import load
from heritage._gc import paused_gc
from heritage.catalogue import Catalogue
from heritage.exports import export
from heritage.exports.columns import events_table, sites_table
from heritage.exports.csvfiles import events_csv, sites_csv, write_csv
from heritage.exports.gpkg import write_gpkg
from heritage.exports.kml import kml_bytes, write_kml
from heritage.exports.parquet import write_parquet
from heritage.exports.tables import PublicTables, public_tables


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(step: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Run a step ``repeat`` times: best wall seconds, best CPU seconds, last result."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        with paused_gc():
            start, start_cpu = time.perf_counter(), time.process_time()
            result = step()
            cpu = min(cpu, time.process_time() - start_cpu)
            wall = min(wall, time.perf_counter() - start)
    return wall, cpu, result


def _line(name: str, wall: float, cpu: float) -> str:
    return f"{name:<15} {wall:7.2f} s wall {cpu:7.2f} s CPU {_peak_mb():7.0f} MB peak"


def steps(catalogue: Catalogue, tables: PublicTables, out: Path) -> dict[str, Callable[[], Any]]:
    """Return the timed steps after ``public_tables``, by name."""
    return {
        "sites_csv": lambda: sites_csv(tables),
        "events_csv": lambda: events_csv(tables),
        "write_csv": lambda: write_csv(catalogue, tables, out / "s.csv", out / "e.csv"),
        "sites_table": lambda: sites_table(tables),
        "events_table": lambda: events_table(tables),
        "write_parquet": lambda: write_parquet(tables, out / "s.parquet", out / "e.parquet"),
        "write_gpkg": lambda: write_gpkg(catalogue, tables, out / "s.gpkg"),
        "kml_bytes": lambda: kml_bytes(catalogue),
        "write_kml": lambda: write_kml(catalogue, out / "s.kml"),
        **{
            f"export {fmt}": (lambda fmt=fmt: export(catalogue, fmt, out / f"x.{fmt}"))
            for fmt in ("csv", "parquet", "gpkg", "kml")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--sites", type=int, default=100_000, help="synthetic size without PATH")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="step names to time (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        path = args.path or write_catalogue(args.sites, out / "sites.geojson")
        wall, cpu, catalogue = _best(lambda: load(path, check=False), 1)
        print(_line("load", wall, cpu))
        wall, cpu, tables = _best(lambda: public_tables(catalogue), args.repeat)
        print(_line("public_tables", wall, cpu))
        for name, step in steps(catalogue, tables, out).items():
            if args.only and name not in args.only:
                continue
            wall, cpu, _ = _best(step, args.repeat)
            print(_line(name, wall, cpu), flush=True)


if __name__ == "__main__":
    main()
