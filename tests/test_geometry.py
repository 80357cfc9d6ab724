"""One point stands for a site everywhere: heritage.geometry.site_point and its users."""

from __future__ import annotations

from typing import Any

import pytest
import shapely.geometry

from heritage.diff import position
from heritage.geometry import site_point
from heritage.privacy import generalise_point, public_geometry, public_point
from heritage.records import site_record

# A U-shaped polygon: its vertex mean and bounding-box centre (1.5, 1.5) lie outside it.
U_SHAPE = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]


def feature(geometry: Any, sensitive: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {"location": {"sensitive": True}} if sensitive else {}
    return {"type": "Feature", "id": "x", "geometry": geometry, "properties": props}


def test_a_point_is_its_own_position() -> None:
    assert site_point({"type": "Point", "coordinates": [46.75, 39.76]}) == (46.75, 39.76)
    assert site_point({"type": "Point", "coordinates": [46, 39, 1200]}) == (46.0, 39.0)


def test_a_polygon_gives_a_point_inside_it() -> None:
    polygon = {"type": "Polygon", "coordinates": U_SHAPE}
    lon, lat = site_point(polygon) or (None, None)
    assert shapely.geometry.shape(polygon).contains(shapely.geometry.Point(lon, lat))
    multi = {"type": "MultiPolygon", "coordinates": [U_SHAPE]}
    assert site_point(multi) == (lon, lat)


@pytest.mark.parametrize(
    "junk",
    [
        None,
        "Point",
        {},
        {"type": "Point"},
        {"type": "Point", "coordinates": []},
        {"type": "Point", "coordinates": ["46", "39"]},
        {"type": "Point", "coordinates": [True, 1]},
        {"type": "Point", "coordinates": [float("nan"), 1]},
        {"type": "Polygon", "coordinates": 5},
        {"type": "Polygon", "coordinates": [[[0, 0], [1]]]},
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
    ],
)
def test_what_cannot_be_read_has_no_position(junk: Any) -> None:
    assert site_point(junk) is None


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [46.81237, 39.91263]},
        {"type": "Polygon", "coordinates": U_SHAPE},
    ],
)
@pytest.mark.parametrize("sensitive", [False, True])
def test_every_output_places_a_site_at_the_same_point(geometry: Any, sensitive: bool) -> None:
    f = feature(geometry, sensitive)
    expected = site_point(geometry)
    assert expected is not None
    if sensitive:
        expected = generalise_point(*expected)
    assert public_point(f) == expected
    assert site_record(f).point() == expected  # the exports, the KML and the site pages
    assert position(f, sensitive) == expected


def test_a_sensitive_polygon_is_published_as_the_cell_of_its_point() -> None:
    f = feature({"type": "Polygon", "coordinates": U_SHAPE}, sensitive=True)
    cell = public_geometry(f)
    assert cell is not None
    centre = shapely.geometry.shape(cell).centroid
    assert (round(centre.x, 6), round(centre.y, 6)) == public_point(f)
