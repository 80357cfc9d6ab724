"""Hand-made catalogues for the report, diff and feed tests, with known right answers."""

from __future__ import annotations

from typing import Any

HOSTILE = "<script>alert(1)</script> | pipe *bold* _it_ `code` [x](javascript:alert(1)) {{ 7*7 }}"
FORMULA = '=HYPERLINK("https://evil.example/","click")'


def event(
    date: str | None,
    status: str | None = None,
    type_: str = "condition",
    summary: str = "A monitoring group reported the site's condition.",
    url: str = "https://example.org/report",
    **extra: Any,
) -> dict[str, Any]:
    """Return a history event with one source."""
    e: dict[str, Any] = {"date": date, "type": type_}
    if status is not None:
        e["status"] = status
    e["summary"] = summary
    if status is not None or type_ == "claim":
        e["reported_by"] = "A monitoring group"  # required on a status and on a claim
    e.update(extra)
    e["sources"] = [{"url": url}]
    return e


def feature(
    site_id: str,
    history: list[dict[str, Any]],
    name: str | None = None,
    coords: tuple[float, float] = (46.75, 39.76),
    **props: Any,
) -> dict[str, Any]:
    """Return a valid catalogue feature."""
    properties: dict[str, Any] = {
        "name": {"en": name or site_id.replace("-", " ").title()},
        "kind": props.pop("kind", "church"),
        "region": props.pop("region", "Shusha district"),
    }
    properties.update(props)
    properties["history"] = history
    return {
        "type": "Feature",
        "id": site_id,
        "geometry": {"type": "Point", "coordinates": list(coords)},
        "properties": properties,
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    """Wrap features in a FeatureCollection."""
    return {"type": "FeatureCollection", "features": list(features)}


def window_catalogue() -> dict[str, Any]:
    """Seven sites whose status in the window 2020-01-01 .. 2021-06-30 is known.

    - alpha: intact (2019-05-01), damaged (2020-11-10), destroyed (2021 = 2021-12-31, after
      the window): intact -> damaged, dated 2020-11-10.
    - bravo: intact (2018), a claim of destruction (2020-06) that must not count, an
      undated observation of damage that must not count: stays intact.
    - charlie: damaged between 2019 and 2021-03 (effective 2021-03-31): unknown -> damaged.
    - delta: restored 2022-02-01, after the window: never observed by 2021-06-30.
    - echo: withdrawn on 2020-08-01 (a duplicate): in no table but the withdrawn list.
    - foxtrot: no history at all: never observed.
    - golf: damaged 2015-03-01: a monitoring gap.
    """
    return collection(
        feature(
            "alpha",
            [
                event("2019-05-01", "intact", url="https://example.org/alpha/1"),
                event("2020-11-10", "damaged", url="https://example.org/alpha/2"),
                event("2021", "destroyed", url="https://example.org/alpha/3"),
            ],
            coords=(46.70, 39.70),
        ),
        feature(
            "bravo",
            [
                event("2018", "intact"),
                event("2020-06", "destroyed", "claim", url="https://gov.example/claim"),
                event(None, "damaged"),
            ],
            coords=(46.71, 39.71),
            kind="monastery",
            region="Lachin district",
        ),
        feature(
            "charlie",
            [event("2019/2021-03", "damaged", url="https://example.org/charlie")],
            coords=(46.72, 39.72),
        ),
        feature(
            "delta",
            [event("2022-02-01", "restored", "restoration")],
            coords=(46.73, 39.73),
        ),
        feature(
            "echo",
            [event("2020-01-05", "destroyed")],
            coords=(46.74, 39.74),
            withdrawn={"date": "2020-08-01", "reason": "A duplicate of alpha."},
        ),
        feature("foxtrot", [], coords=(46.75, 39.75)),
        feature("golf", [event("2015-03-01", "damaged")], coords=(46.76, 39.76)),
    )


def hostile_catalogue() -> dict[str, Any]:
    """A valid catalogue whose every text field is hostile, with events in 2020 and 2021."""
    return collection(
        feature(
            "hostile-one",
            [
                event(
                    "2020-11-10",
                    "intact",
                    summary=HOSTILE,
                    reported_by=FORMULA,
                    url='https://example.org/a"onmouseover="alert(1)',
                ),
                event(
                    "2021-02",
                    "destroyed",
                    summary="+SUM(A1:A9) and -2+3 and @cmd\nsecond line",
                    reported_by="@attacker",
                    url="https://example.org/b)[y](javascript:alert(2)",
                ),
                event("2021-03", "damaged", "claim", summary="-claimed {{ 7*7 }} <img src=x>"),
            ],
            name=HOSTILE,
            region="| region | with | pipes {% raw %}",
            notes="<b>not bold</b>",
        ),
        feature(
            "hostile-two",
            [event("2020-12", "damaged", summary="<iframe src=https://evil.example>")],
            name="=cmd|' /C calc'!A0",
            coords=(46.8, 39.8),
        ),
    )
