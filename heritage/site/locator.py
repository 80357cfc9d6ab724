"""Script-free maps for the website: an overview of every site, and a locator per site.

Both are SVG drawn in one simple projection of the catalogue's extent (longitude scaled by
the cosine of the middle latitude), from the *public* position of each site
(:func:`heritage.privacy.public_geometry`): a sensitive site is only ever placed at the
centre of its grid cell, so no page can reveal more than the map does.

The overview (``assets/overview.svg``) draws every located site, coloured by status, as
round dots merged per pixel so that its size stays small at 100,000 sites; a site page
shows the grey version (``assets/sites.svg``) as the background of a small inline SVG that
marks the one site.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from heritage import vocabulary as v

WIDTH: Final[int] = 320


@dataclass(frozen=True)
class Frame:
    """A projection of the catalogue's extent onto a ``WIDTH`` by ``height`` picture."""

    west: float
    north: float
    scale: float
    height: int
    squash: float = 1.0

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> Frame:
        """Return the frame that holds every point, with a margin."""
        lons, lats = [], []
        for lon, lat in points:
            lons.append(lon)
            lats.append(lat)
        if not lons:
            return cls(-180.0, 90.0, WIDTH / 360.0, WIDTH // 2)
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        squash = math.cos(math.radians((south + north) / 2)) or 1.0
        span_x = max((east - west) * squash, 0.2)
        span_y = max(north - south, 0.2)
        pad = 0.08 * max(span_x, span_y)
        span_x, span_y = span_x + 2 * pad, span_y + 2 * pad
        # Keep the picture between 3:1 and 1:1 (widening the narrower side, never cutting the
        # extent) so that a long thin extent stays readable.
        span_x = max(span_x, span_y)
        span_y = max(span_y, span_x / 3)
        scale = WIDTH / span_x
        middle_x, middle_y = (west + east) / 2 * squash, (south + north) / 2
        return cls(
            west=(middle_x - span_x / 2) / squash,
            north=middle_y + span_y / 2,
            scale=scale,
            height=round(span_y * scale),
            squash=squash,
        )

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Return the picture position of a longitude and latitude."""
        x = (lon - self.west) * self.squash * self.scale
        y = (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _dots(points: Iterable[tuple[float, float]], frame: Frame, grid: int = 2) -> str:
    """Return a path of round dots, one per ``1/grid`` pixel cell holding any point."""
    seen: set[tuple[int, int]] = set()
    for lon, lat in points:
        x, y = frame.xy(lon, lat)
        seen.add((round(x * grid), round(y * grid)))
    return "".join(f"M{x / grid:g} {y / grid:g}h0" for x, y in sorted(seen))


def overview_svg(sites: list[tuple[tuple[float, float], str]], frame: Frame, grey: bool) -> str:
    """Return an SVG document of every located site (grey, or coloured by status).

    Parameters
    ----------
    sites
        ``((lon, lat), status)`` of every located site.
    frame
        The projection.
    grey
        One grey layer (the locator's background), or one layer per status drawn from the
        least to the gravest, so that destroyed sites are drawn last, on top.
    """
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {frame.height}" '
        f'width="{WIDTH}" height="{frame.height}">'
        f'<rect width="{WIDTH}" height="{frame.height}" fill="#f3f1ec"/>'
    )
    layers = []
    if grey:
        path = _dots((p for p, _ in sites), frame)
        layers.append(
            f'<path d="{path}" stroke="#8a8a8a" stroke-width="3" stroke-linecap="round"/>'
        )
    else:
        gravity = ("unknown", "restored", "intact", "threatened", "altered", "damaged", "destroyed")
        for status in gravity:
            term = v.status_term(status)
            path = _dots((p for p, s in sites if s == status), frame)
            if path:
                layers.append(
                    f'<path d="{path}" stroke="{term.colour}" stroke-width="4" '
                    'stroke-linecap="round" stroke-opacity="0.85"/>'
                )
    return head + "".join(layers) + "</svg>\n"


def locator(point: tuple[float, float] | None, frame: Frame, root: str, cell: bool) -> str:
    """Return an inline SVG marking one site over the grey overview, or "" without a point.

    The mark is a ring (a square for a sensitive site's grid cell); the picture is
    decorative next to the text that says where the site is, so it is hidden from screen
    readers, which read that text instead.
    """
    if point is None:
        return ""
    x, y = frame.xy(*point)
    if cell:
        mark = (
            f'<rect x="{x - 7:g}" y="{y - 7:g}" width="14" height="14" fill="none" '
            'stroke="#b00020" stroke-width="3" stroke-dasharray="4 2"/>'
        )
    else:
        mark = (
            f'<circle cx="{x:g}" cy="{y:g}" r="7" fill="none" stroke="#fff" stroke-width="5"/>'
            f'<circle cx="{x:g}" cy="{y:g}" r="7" fill="none" stroke="#b00020" stroke-width="3"/>'
        )
    return (
        f'<svg class="locator" viewBox="0 0 {WIDTH} {frame.height}" aria-hidden="true" '
        f'focusable="false"><image href="{root}assets/sites.svg" width="{WIDTH}" '
        f'height="{frame.height}"/>{mark}</svg>'
    )
