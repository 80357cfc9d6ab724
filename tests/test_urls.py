"""The one URL rule (heritage/urls.py): every user of it, and the map's JavaScript mirror."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, collection, minimal_site

from heritage import urls
from heritage.cli import cli
from heritage.errors import InvalidArgumentError
from heritage.sources import site_sources, web_urls
from heritage.validate import validate_data

CORE_JS = ROOT / "heritage" / "assets" / "map" / "core.js"

#: (text, is it a web URL?) The right answers follow from the WHATWG URL parser: a browser
#: strips leading/trailing C0 controls and spaces and removes tabs and newlines anywhere.
WEB_CASES: list[tuple[str, bool]] = [
    ("https://example.org", True),
    ("http://example.org/a/b?c=d&e=f#g", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("HtTp://example.org/", True),
    ("https://example.org/path/caf\u00e9", True),
    ("https://xn--80ak6aa92e.com/", True),
    ("https://example.org/\U0001f600", True),
    ("https://user@example.org:8443/x", True),
    ("https://web.archive.org/web/2020/https://example.org/", True),
    ("https://example.org/{id}", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" javascript:alert(1)", False),
    (" https://example.org/", False),
    ("https://example.org/ ", False),
    ("https://example.org/\n", False),
    ("\thttps://example.org/", False),
    ("ht\ttps://example.org/", False),
    ("https:/\n/example.org/", False),
    ("java\tscript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("java\rscript:alert(1)", False),
    ("\x00javascript:alert(1)", False),
    ("\x1fhttps://example.org/", False),
    ("https://exa\x7fmple.org/", False),
    ("https://example.org/\x85", False),
    ("https://example.org/a\u00a0b", False),
    ("https://example.org/\u200b", False),
    ("https://example.org/\u202e", False),
    ("https://example.org/\u2066", False),
    ("\ufeffhttps://example.org/", False),
    ("https://example.org/\u3000", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("file:///etc/passwd", False),
    ("ftp://example.org/", False),
    ("https:example.org", False),
    ("https:///path", False),
    ("https://", False),
    ("https:\\\\example.org", False),
    ("https://\\example.org", False),
    ("//example.org/x", False),
    ("/relative/path", False),
    ("example.org", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), WEB_CASES)
def test_web_url_rule(text: str, expected: bool) -> None:
    assert urls.is_web_url(text) is expected
    assert (urls.problem(text) is None) is expected


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        (" javascript:x", "javascript"),
        ("\x00\x1f javascript:x", "javascript"),
        ("java\tscript:x", "javascript"),
        ("j\na\rv\tascript:x", "javascript"),
        ("JAVASCRIPT:x", "javascript"),
        ("Data:text/html,x", "data"),
        ("https://example.org", "https"),
        ("maps/embed.html", None),
        ("./a:b", None),
        ("//example.org", None),
        ("", None),
    ],
)
def test_browser_scheme_follows_whatwg(text: str, scheme: str | None) -> None:
    assert urls.browser_scheme(text) == scheme


def test_non_strings_are_never_web_urls() -> None:
    for value in (None, 1, ["https://example.org"], {"url": "https://example.org"}, b"https://a"):
        assert urls.is_web_url(value) is False


def test_every_character_a_browser_strips_is_refused_everywhere_in_a_url() -> None:
    for code in [*range(0x21), 0x7F, *range(0x80, 0xA1)]:
        char = chr(code)
        for text in (char + "https://a.org/", "https://a.org/" + char, "https://a" + char + ".org"):
            assert not urls.is_web_url(text), repr(text)


# ---- the JavaScript mirror ----------------------------------------------------------------


def parity_cases() -> list[str]:
    """The table above plus every character from U+0000 to U+3100 at three places."""
    cases = ["https://a.org/", *(text for text, _ in WEB_CASES)]
    for code in [*range(0x3100), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFD, 0xFFFE, 0x1F600]:
        char = chr(code)
        cases += [char + "https://a.org/", "https://a" + char + ".org/", "https://a.org/" + char]
    return cases


def test_the_map_javascript_carries_the_same_pattern() -> None:
    source = CORE_JS.read_text(encoding="utf-8")
    found = re.search(r"HM\.WEB_URL = /(.*)/;", source)
    assert found is not None
    # A JavaScript regular expression literal escapes its slashes; otherwise the same text.
    assert found.group(1).replace("\\/", "/") == urls.WEB_PATTERN


def test_map_javascript_agrees_with_python_on_every_case(browser: Any) -> None:
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>parity</title>")
        page.add_script_tag(content=CORE_JS.read_text(encoding="utf-8"))
        cases = parity_cases()
        answers = page.evaluate(
            "cases => cases.map(c => [heritageMap.WEB_URL.test(c), heritageMap.safeUrl(c)])",
            cases,
        )
    finally:
        page.close()
    disagree = [
        (text, js_test, python)
        for text, (js_test, _), python in zip(
            cases, answers, (urls.is_web_url(c) for c in cases), strict=True
        )
        if js_test != python
    ]
    assert disagree == []
    # safeUrl (the function that makes links) never accepts what Python refuses, and gives
    # an http(s) href for what both accept.
    for text, (_, href) in zip(cases, answers, strict=True):
        if href is not None:
            assert urls.is_web_url(text), repr(text)
            assert href.startswith(("http://", "https://"))
    accepted = [
        href for text, (_, href) in zip(cases, answers, strict=True) if text == "https://a.org/"
    ]
    assert accepted == ["https://a.org/"]


# ---- every user of the rule -----------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    "url",
    [
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav\rascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "https://example.org/\x00",
        "maps/\u202eembed.html",
        "maps/embed.html ",
        "",
    ],
)
def test_embed_refuses_every_form_of_another_scheme(url: str) -> None:
    result = run("embed", "--url", url)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("heritage: --url: ")
    assert "Traceback" not in result.output and "<iframe" not in result.output


@pytest.mark.parametrize(
    "url",
    ["maps/embed.html", "/maps/embed.html", "../embed.html", "//cdn.example.org/embed.html",
     "https://example.org/maps/embed.html", "HTTPS://EXAMPLE.ORG/maps/embed.html"],
)  # fmt: skip
def test_embed_accepts_web_and_relative_urls(url: str) -> None:
    result = run("embed", "--url", url)
    assert result.exit_code == 0, result.output
    src = re.search(r' src="([^"]*)"', result.output)
    assert src is not None and src.group(1) == url


def test_embed_relative_refusal_is_an_invalid_argument() -> None:
    with pytest.raises(InvalidArgumentError):
        urls.check_link_option("--url", "javascript:x", relative=True)
    with pytest.raises(InvalidArgumentError):
        urls.check_link_option("--feed-url", "maps/feed.xml")  # relative not allowed here
    assert (
        urls.check_link_option("--feed-url", "https://e.org/feed.xml") == "https://e.org/feed.xml"
    )


def test_validate_sources_and_outputs_use_the_same_rule(tmp_path: Path) -> None:
    cases = [text for text, _ in WEB_CASES if text]
    site = minimal_site(
        "rule-church",
        sources=[{"url": text} for text in cases],
        built="12th century",
        built_source=cases[0],
    )
    issues = validate_data(collection(site))
    refused = {i.pointer for i in issues if i.code == "invalid-url"}
    for n, text in enumerate(cases):
        assert (f"/features/0/properties/sources/{n}/url" not in refused) is urls.is_web_url(text)
    assert web_urls(cases) == [t for t in cases if urls.is_web_url(t)]
    # The site's own sources first, then built_source (a repeat), then the events'.
    web = [t for t in cases if urls.is_web_url(t)]
    assert site_sources(site) == [*web, "https://example.org/report"]


def test_invalid_url_message_names_the_hidden_character() -> None:
    site = minimal_site("rule-church", sources=[{"url": "java\tscript:alert(1)"}])
    (issue,) = [i for i in validate_data(collection(site)) if i.code == "invalid-url"]
    assert "U+0009" in issue.message and "'javascript:'" in issue.message
    assert "\t" not in issue.message  # shown escaped, so the message itself stays one line


def test_upper_case_scheme_is_accepted_by_validate_and_linked_in_kml(tmp_path: Path) -> None:
    from heritage.catalogue import load
    from heritage.exports.kml import kml_bytes

    site = minimal_site("rule-church")
    site["properties"]["history"][0]["sources"] = [
        {"url": "HTTPS://example.org/upper", "title": "Upper"},
        {"url": " https://example.org/spaced", "title": "Spaced"},
    ]
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(site)), encoding="utf-8")
    issues = validate_data(collection(site))
    assert [i.pointer for i in issues if i.code == "invalid-url"] == [
        "/features/0/properties/history/0/sources/1/url"
    ]
    root = ET.fromstring(kml_bytes(load(path, check=False)))
    kml = "{http://www.opengis.net/kml/2.2}"
    description = root.find(f".//{kml}Placemark/{kml}description")
    assert description is not None and description.text is not None
    assert 'href="HTTPS://example.org/upper"' in description.text
    assert "spaced" not in description.text


@pytest.mark.parametrize("option", ["--feed-url", "--site-url"])
def test_feed_url_options_follow_the_rule(write_catalogue: Any, option: str) -> None:
    path = write_catalogue(collection(minimal_site()))
    result = run("feed", str(path), option, " javascript:alert(1)//{id}")
    assert result.exit_code == 2 and result.output.startswith("heritage: ")
    assert "Traceback" not in result.output
