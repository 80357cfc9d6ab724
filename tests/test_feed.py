"""The Atom feed, read back with a real feed reader (feedparser)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import feedparser
import pytest
from click.testing import CliRunner
from report_data import HOSTILE, collection, event, feature

from heritage.catalogue import from_data
from heritage.cli import cli
from heritage.errors import InvalidArgumentError
from heritage.feed import render_feed


def feed_catalogue() -> dict:
    return collection(
        feature(
            "one",
            [
                event("2019", "intact", summary="Seen standing.", url="https://example.org/1a"),
                event("2020-11-10", "damaged", reported_by="Monitor", url="https://example.org/1b"),
                event("2021-01-05", "damaged"),  # the same status again: no entry
                event("2021-03", "destroyed", "claim"),  # claims never set a status
                event(None, "destroyed"),  # undated: sets nothing
                event("2022-05-01", "destroyed", url="https://example.org/1c"),
            ],
            name="Church One",
        ),
        feature("two", [event("2020-10-01", "destroyed")], name="Bridge Two", kind="bridge"),
        feature(
            "gone",
            [event("2023-01-01", "destroyed")],
            withdrawn={"date": "2023-02-01", "reason": "Not a heritage site."},
        ),
    )


AUTHORITY = "example.org,2024"


@pytest.fixture
def parsed():
    return feedparser.parse(render_feed(from_data(feed_catalogue()), authority=AUTHORITY))


def test_one_entry_per_status_change_newest_first(parsed):
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == [
        "Church One: reported destroyed (2022-05-01)",
        "Church One: reported damaged (2020-11-10)",
        "Bridge Two: reported destroyed (2020-10-01)",
        "Church One: reported intact (2019)",
    ]
    assert [e.updated for e in parsed.entries] == [
        "2022-05-01T00:00:00Z",
        "2020-11-10T00:00:00Z",
        "2020-10-01T00:00:00Z",
        "2019-12-31T00:00:00Z",
    ]
    assert parsed.feed.updated == "2022-05-01T00:00:00Z"


def test_entry_contents(parsed):
    damaged = parsed.entries[1]
    assert damaged.id == "tag:example.org,2024:site/one/2020-11-10/condition/damaged"
    assert damaged.link == "https://example.org/1b"
    assert damaged.tags[0].term == "damaged"
    assert "Reported by Monitor." in damaged.summary
    assert "Status before this report: intact." in damaged.summary
    assert "The first status recorded for this site." in parsed.entries[3].summary


def test_ids_survive_unrelated_edits():
    before = {e.id for e in feedparser.parse(render_feed(from_data(feed_catalogue()))).entries}
    data = feed_catalogue()
    one = data["features"][0]["properties"]["history"]
    one[1]["summary"] = "A corrected summary."  # a fix of wording, same event
    one.insert(0, event("2010", "restored", "restoration"))  # an older event added before
    data["features"][1]["properties"]["history"].append(event("2024-02", "restored", "restoration"))
    after = {e.id for e in feedparser.parse(render_feed(from_data(data))).entries}
    assert before < after
    assert len(after - before) == 2  # the two new status changes only


def test_same_status_same_date_twice_gets_distinct_ids():
    data = collection(
        feature(
            "x",
            [
                event("2020", "damaged"),
                event("2020", "intact", summary="Another account: intact."),
                event("2020", "damaged", summary="A third account: damaged again."),
            ],
        )
    )
    raw = render_feed(from_data(data), authority=AUTHORITY)
    ids = [e.id for e in feedparser.parse(raw).entries]
    assert ids == [  # newest first: on one day, list order decides
        "tag:example.org,2024:site/x/2020/condition/damaged/2",
        "tag:example.org,2024:site/x/2020/condition/intact",
        "tag:example.org,2024:site/x/2020/condition/damaged",
    ]


def test_same_catalogue_same_bytes():
    a = render_feed(from_data(feed_catalogue()), limit=0)
    b = render_feed(from_data(feed_catalogue()), limit=0)
    assert a == b


def test_limit_and_site_links():
    data = render_feed(
        from_data(feed_catalogue()),
        limit=2,
        feed_url="https://example.org/feed.xml",
        site_url="https://example.org/map/#site={id}",
    )
    parsed = feedparser.parse(data)
    assert len(parsed.entries) == 2
    assert parsed.feed.id == "https://example.org/feed.xml"
    assert parsed.entries[0].link == "https://example.org/map/#site=one"
    assert [link.href for link in parsed.entries[0].links if link.rel == "related"] == [
        "https://example.org/1c"
    ]
    with pytest.raises(InvalidArgumentError, match=r"\{id\}"):
        render_feed(from_data(feed_catalogue()), site_url="https://example.org/")
    with pytest.raises(InvalidArgumentError, match="limit"):
        render_feed(from_data(feed_catalogue()), limit=-1)


def test_hostile_text_stays_text():
    data = collection(
        feature(
            "x",
            [event("2020", "damaged", summary=HOSTILE + " \x07 ]]> &amp; <![CDATA[")],
            name=HOSTILE + "\x0b",
        )
    )
    raw = render_feed(from_data(copy.deepcopy(data)))
    ET.fromstring(raw)  # well-formed XML, control characters replaced
    entry = feedparser.parse(raw).entries[0]
    assert entry.title == HOSTILE + "\ufffd: reported damaged (2020)"
    assert entry.summary.startswith(HOSTILE + " \ufffd ]]> &amp; <![CDATA[")
    assert b"<script>" not in raw


def test_empty_catalogue_has_a_fixed_date():
    parsed = feedparser.parse(render_feed(from_data(collection())))
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


def test_cli_writes_the_feed(write_catalogue, tmp_path):
    path = write_catalogue(feed_catalogue())
    out = tmp_path / "feed.xml"
    result = CliRunner().invoke(cli, ["feed", str(path), "-o", str(out), "--limit", "0"])
    assert result.exit_code == 0, result.output
    assert len(feedparser.parse(out.read_bytes()).entries) == 4
    to_stdout = CliRunner().invoke(cli, ["feed", str(path), "--title", "My <feed>"])
    assert feedparser.parse(to_stdout.stdout_bytes).feed.title == "My <feed>"


def test_without_authority_ids_are_name_based_uuids_and_stable():
    """No placeholder domain: without a tag authority, ids are urn:uuid: from the entry."""
    first = feedparser.parse(render_feed(from_data(feed_catalogue())))
    data = feed_catalogue()
    data["features"][0]["properties"]["history"][1]["summary"] = "Reworded."
    second = feedparser.parse(render_feed(from_data(data)))
    ids = [e.id for e in first.entries]
    assert all(i.startswith("urn:uuid:") for i in [*ids, first.feed.id])
    assert len(set(ids)) == len(ids)
    assert ids == [e.id for e in second.entries]
    raw = render_feed(from_data(collection(feature("x", [event("2020", "damaged")]))))
    assert b"tag:" not in raw
    assert b"heritage.example.org" not in raw


def test_self_alternate_and_rights_links():
    raw = render_feed(
        from_data(feed_catalogue()),
        feed_url="https://example.org/site/reports/feed.xml",
        home_url="https://example.org/site/index.html",
        site_url="https://example.org/site/sites/{id}.html",
        rights="Data: heritage contributors, CC BY 4.0",
    )
    parsed = feedparser.parse(raw)
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {
        "self": "https://example.org/site/reports/feed.xml",
        "alternate": "https://example.org/site/index.html",
    }
    assert parsed.feed.rights == "Data: heritage contributors, CC BY 4.0"
    assert parsed.entries[0].link == "https://example.org/site/sites/one.html"
