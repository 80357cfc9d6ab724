"""What the map page loads: pinned third-party files, and our own script and style.

Leaflet is the only third-party code. It is loaded from a CDN at an exact version with a
Subresource Integrity hash, so a changed file is refused by the browser; it is never
committed here. ``scripts/fetch-test-assets`` downloads the same release from the npm
registry (checking the package's own integrity) so that tests answer the CDN URLs offline.

Our own script is the eight files of ``heritage/assets/map`` (core, layer, scale, panel,
details, state, hash, app), written for this project and inlined in the page, each allowed
by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import Final

LEAFLET_VERSION: Final[str] = "1.9.4"
#: The npm package the CDN serves, and npm's integrity of its tarball (scripts/fetch-test-assets).
LEAFLET_NPM: Final[str] = f"leaflet@{LEAFLET_VERSION}"
LEAFLET_NPM_INTEGRITY: Final[str] = (
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
)
CDN_BASE: Final[str] = f"https://cdn.jsdelivr.net/npm/{LEAFLET_NPM}/"


@dataclass(frozen=True)
class PinnedAsset:
    """A third-party file at an exact version.

    Attributes
    ----------
    path
        Path inside the npm package (and under :data:`CDN_BASE`).
    integrity
        Its Subresource Integrity hash (sha384 of the file).
    """

    path: str
    integrity: str

    @property
    def url(self) -> str:
        """Where the page loads it from."""
        return CDN_BASE + self.path


LEAFLET_JS: Final[PinnedAsset] = PinnedAsset(
    "dist/leaflet.js", "sha384-cxOPjt7s7Iz04uaHJceBmS+qpjv2JkIHNVcuOrM+YHwZOmJGBXI00mdUXEq65HTH"
)
LEAFLET_CSS: Final[PinnedAsset] = PinnedAsset(
    "dist/leaflet.css", "sha384-sHL9NAb7lN7rfvG5lfHpm643Xkcjzp4jFvuavGOndn6pjVqS6ny56CAt3nsEVT4H"
)
#: Leaflet's stylesheet refers to a few images next to it (layer control, default marker).
LEAFLET_IMAGES: Final[str] = CDN_BASE + "dist/images/"
#: Our script files, in the order the page runs them.
SCRIPT_FILES: Final[tuple[str, ...]] = (
    "core.js",
    "layer.js",
    "scale.js",
    "panel.js",
    "details.js",
    "state.js",
    "hash.js",
    "app.js",
)
STYLE_FILE: Final[str] = "map.css"


def _read(name: str) -> str:
    return (files("heritage") / "assets" / "map" / name).read_text(encoding="utf-8")


def scripts() -> list[str]:
    """Return the texts of our script files, in running order."""
    return [_read(name) for name in SCRIPT_FILES]


def style() -> str:
    """Return our stylesheet."""
    return _read(STYLE_FILE)
