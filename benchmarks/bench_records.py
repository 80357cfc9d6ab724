"""Benchmark of the paths that read the record walker (:mod:`heritage.records`).

    python -m benchmarks.bench_records [SITES] [RUNS]     # default 10000 sites, best of 5

Times, on a synthetic catalogue (3 events per site), ``heritage.load(check=False)``,
``from_data`` on parsed JSON (the walk and the frames), the public export tables, the CSV and
KML exports and ``site_sources`` of every site, taking the best of RUNS runs because the
machine may be shared. Prints one line per step; docs/benchmarks.md keeps the figures of
the change that introduced the walker ("Record walker").
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from benchmarks.synthetic import write_catalogue
from heritage.catalogue import from_data, load
from heritage.exports import export
from heritage.exports.tables import public_tables
from heritage.sources import site_sources


def best(runs: int, work: Callable[[], Any]) -> float:
    """Return the fastest of ``runs`` timings of ``work`` in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    sites = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = write_catalogue(sites, work / "sites.geojson")
        data = orjson.loads(path.read_bytes())
        catalogue = from_data(data, str(path))
        features = list(catalogue.features.values())
        steps: dict[str, Callable[[], Any]] = {
            "load(check=False)": lambda: load(path, check=False),
            "from_data": lambda: from_data(data, str(path)),
            "public_tables": lambda: public_tables(catalogue),
            "export csv": lambda: export(catalogue, "csv", work / "s.csv", work / "e.csv"),
            "export kml": lambda: export(catalogue, "kml", work / "s.kml", None),
            "site_sources (all)": lambda: [site_sources(f) for f in features],
        }
        for name, step in steps.items():
            print(f"{name}\t{best(runs, step):.3f}", flush=True)


if __name__ == "__main__":
    main()
