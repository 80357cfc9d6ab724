"""Time validate, format and load on synthetic catalogues of 1k, 10k and 100k sites.

    .venv/bin/python benchmarks/bench_catalogue.py [--sizes 1000,10000,100000]

Each figure is the best of several runs of a whole process (`heritage validate`,
`heritage format --check`, `heritage format -o`) or of the call inside one process
(`heritage.load`, `Catalogue.status_at`). Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import machine, write_section  # noqa: E402
from benchmarks.synthetic import make_catalogue, write_catalogue  # noqa: E402
from heritage.canonical import canonical_text  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
HERITAGE = [sys.executable, "-m", "heritage"]


def best(seconds: list[float]) -> float:
    return min(seconds)


def time_process(args: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=False, capture_output=True)
        runs.append(time.perf_counter() - start)
    return best(runs)


def time_in_process(code: str, repeat: int) -> float:
    script = (
        "import time, heritage, heritage.catalogue, heritage.validate\n"
        f"path = {code!r}\n"
        "start = time.perf_counter(); cat = heritage.load(path, check=False); load = time.perf_counter() - start\n"
        "start = time.perf_counter(); cat.status_at('2020-06-30'); at = time.perf_counter() - start\n"
        "start = time.perf_counter(); heritage.load(path); checked = time.perf_counter() - start\n"
        "print(load, at, checked)\n"
    )
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", script], check=True, capture_output=True, text=True
        ).stdout
        runs.append(tuple(float(x) for x in out.split()))
    return min(runs)  # type: ignore[return-value]


def write_with_warning(n: int, path: Path) -> Path:
    """Write the synthetic catalogue with the first site's coordinates swapped (one warning).

    Validation then has an issue to place: the case where locating issues once mapped
    every member of the file (half a minute at 100,000 sites).
    """
    catalogue = make_catalogue(n)
    coordinates = catalogue["features"][0]["geometry"]["coordinates"]
    coordinates.reverse()
    path.write_text(canonical_text(catalogue), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        path = OUT / f"sites-{n}.geojson"
        if not path.exists():
            write_catalogue(n, path)
        repeat = 3 if n <= 10_000 else 2
        size_mb = path.stat().st_size / 1e6
        validate = time_process([*HERITAGE, "validate", str(path)], repeat)
        warned = OUT / f"sites-{n}-warning.geojson"
        if not warned.exists():
            write_with_warning(n, warned)
        validate_warning = time_process([*HERITAGE, "validate", str(warned)], repeat)
        check = time_process([*HERITAGE, "format", "--check", str(path)], repeat)
        write = time_process(
            [*HERITAGE, "format", str(path), "-o", str(OUT / "formatted.geojson")], repeat
        )
        load, status_at, checked = time_in_process(str(path), repeat)  # type: ignore[misc]
        rows.append(
            (n, size_mb, validate, validate_warning, check, write, load, checked, status_at)
        )
        print(rows[-1], flush=True)
    lines = [
        "## Catalogue: validate, format, load",
        "",
        f"`benchmarks/bench_catalogue.py` on {machine()}; synthetic catalogues from",
        "`benchmarks/synthetic.py` (3 events per site). Whole-process times include Python start-up",
        "and imports; `load` is `heritage.load(path, check=False)` inside a process, `load+check`",
        "validates first (the default), `status_at` is one call on the loaded catalogue.",
        "`validate, 1 warning` is the same catalogue with one site's coordinates swapped.",
        "",
        "| sites | file MB | validate s | validate, 1 warning s | format --check s | format -o s "
        "| load s | load+check s | status_at s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, mb, v, vw, c, w, ld, ck, at in rows:
        lines.append(
            f"| {n:,} | {mb:.1f} | {v:.2f} | {vw:.2f} | {c:.2f} | {w:.2f} | {ld:.2f} | {ck:.2f} "
            f"| {at:.3f} |"
        )
    print(write_section("catalogue", "\n".join(lines)))


if __name__ == "__main__":
    main()
