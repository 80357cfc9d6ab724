"""Exports of the catalogue for the tools analysts already use.

``sites.gpkg`` (QGIS, GDAL) with ``heritage.qgs`` (a QGIS project that opens it styled),
``sites.csv``/``events.csv`` (spreadsheets),
``sites.parquet``/``events.parquet`` (GeoParquet for pandas, DuckDB, QGIS) and ``sites.kml``
(Google Earth). Every format goes through :func:`heritage.exports.tables.public_tables` or
:func:`heritage.privacy.public_geometry`, so sensitive sites are generalised everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from heritage._gc import paused_gc
from heritage.catalogue import Catalogue
from heritage.errors import InvalidArgumentError

#: Export formats and the files each writes by default (the first is the main file).
FORMATS: Final[dict[str, tuple[str, ...]]] = {
    "gpkg": ("sites.gpkg", "heritage.qgs"),
    "csv": ("sites.csv", "events.csv"),
    "parquet": ("sites.parquet", "events.parquet"),
    "kml": ("sites.kml",),
}


def default_paths(fmt: str, folder: Path) -> list[Path]:
    """Return the files a format writes into a folder by default."""
    if fmt not in FORMATS:
        raise InvalidArgumentError(f"unknown export format '{fmt}': use {', '.join(FORMATS)}")
    return [folder / name for name in FORMATS[fmt]]


def export(
    catalogue: Catalogue, fmt: str, output: Path | None = None, events: Path | None = None
) -> list[Path]:
    """Write one export format.

    Parameters
    ----------
    catalogue
        A loaded catalogue.
    fmt
        ``gpkg``, ``csv``, ``parquet`` or ``kml``.
    output
        The main file (default: ``exports/<name>`` of the current folder). Its folder must
        exist.
    events
        For ``csv`` and ``parquet``, the events file (default: ``events.<ext>`` beside
        ``output``). Without ``output``, ``gpkg`` also writes the QGIS project
        ``exports/heritage.qgs``; with it, only the GeoPackage is written (a project file
        of the user's beside it is never replaced).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    heritage.errors.InvalidArgumentError
        For an unknown format.
    """
    defaults = default_paths(fmt, output.parent if output else Path("exports"))
    main = output or defaults[0]
    second = defaults[1] if len(defaults) > 1 else None
    if fmt != "gpkg" and events is not None:
        second = events
    # The tables and documents are many small objects made while the whole parsed catalogue
    # is alive: with the collector on, it rescanned that heap again and again (a third of
    # the export's time at 100,000 sites). Nothing made here forms reference cycles.
    with paused_gc():
        return _export(catalogue, fmt, main, second, own_project=output is None)


def _export(
    catalogue: Catalogue, fmt: str, main: Path, second: Path | None, *, own_project: bool
) -> list[Path]:
    if fmt == "kml":
        from heritage.exports.kml import write_kml

        return write_kml(catalogue, main)
    from heritage.exports.tables import public_tables

    tables = public_tables(catalogue)
    assert second is not None  # gpkg, csv and parquet always have a second file
    if fmt == "gpkg":
        from heritage.exports.gpkg import write_gpkg
        from heritage.exports.qgis_project import write_project

        written = write_gpkg(catalogue, tables, main)
        return written + write_project(tables, second, main) if own_project else written
    if fmt == "csv":
        from heritage.exports.csvfiles import write_csv

        return write_csv(catalogue, tables, main, second)
    from heritage.exports.parquet import write_parquet

    return write_parquet(tables, main, second)


def export_all(catalogue: Catalogue, folder: Path) -> list[Path]:
    """Write every format into a folder with the default names (what ``build`` does).

    The public tables are built once and shared by the formats.
    """
    from heritage.exports.csvfiles import write_csv
    from heritage.exports.gpkg import write_gpkg
    from heritage.exports.kml import write_kml
    from heritage.exports.parquet import write_parquet
    from heritage.exports.qgis_project import write_project
    from heritage.exports.tables import public_tables

    with paused_gc():  # as in export()
        tables = public_tables(catalogue)
        written = write_gpkg(catalogue, tables, folder / "sites.gpkg")
        written += write_project(tables, folder / "heritage.qgs", folder / "sites.gpkg")
        written += write_csv(catalogue, tables, folder / "sites.csv", folder / "events.csv")
        written += write_parquet(tables, folder / "sites.parquet", folder / "events.parquet")
        written += write_kml(catalogue, folder / "sites.kml")
    return written


__all__ = ["FORMATS", "default_paths", "export", "export_all"]
