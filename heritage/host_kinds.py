"""Which hosts the catalogue cites, what kind of source each is, and who relies on it.

A citation is one ``url`` of a source (site or event), one ``location.source`` or one
``built_source``. A host's kind is, in this order: ``copy`` when it is a known copy
(:mod:`heritage.copies`, or :data:`OTHER_COPIES`); the kind :data:`KNOWN_KINDS` gives it;
otherwise the kind most of the events citing it give their reporter (``reporter_type``:
"Azerbaijani media" is press, "government (Azerbaijan) via media" is press too, since the
page read is the media's); ``other`` when nothing says.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from heritage.copies import copy_host, host_of

KINDS: Final[tuple[str, ...]] = (
    "monitoring body",
    "government",
    "press",
    "encyclopedia",
    "copy",
    "user-written",
    "other",
)
#: Copies of sites other than Wikipedia, whose original the URL does not name.
OTHER_COPIES: Final[dict[str, str]] = {
    "civilnet5.rssing.com": "RSS mirror of CivilNet articles",
}
#: Hosts whose kind the reporter types would not give, or would give wrongly: a host
#: matches a name when it is that name or one of its subdomains.
KNOWN_HOSTS: Final[dict[str, frozenset[str]]] = {
    "encyclopedia": frozenset(["wikipedia.org", "wikivoyage.org", "britannica.com"]),
    "monitoring body": frozenset(
        [
            "monumentwatch.org",
            "caucasusheritage.cornell.edu",
            "storymaps.arcgis.com",
            "hrw.org",
            "aaas.org",
            "raa-am.org",
            "savearmenianmonuments.com",
            "tigranakert.org",
            "karabakhrecords.info",
            "arxeologiya.az",
        ]
    ),
    "government": frozenset(
        [
            "gov.az",
            "gov.am",
            "president.az",
            "primeminister.am",
            "mfa.am",
            "religions.az",
            "zeferdenbugune.az",
            "soyqirim.az",
            "anl.az",
        ]
    ),
    "user-written": frozenset(
        [
            "wikimapia.org",
            "armeniapedia.org",
            "ok.ru",
            "blogspot.com",
            "wikisum.wiki",
            "metaport.ai",
            "mirs.vercel.app",
            "blogian.hayastan.com",
            "djulfa.com",
            "armeniandiaspora.com",
            "facebook.com",
            "youtube.com",
            "x.com",
            "twitter.com",
            "instagram.com",
            "t.me",
        ]
    ),
    "press": frozenset(
        [
            "trend.az",
            "armradio.am",
            "azertag.az",
            "azernews.az",
            "today.az",
            "metbuat.az",
            "mirrorspectator.com",
            "asbarez.com",
            "panarmenian.net",
            "aravot.am",
            "hyetert.org",
            "azvision.az",
            "azerinform.az",
            "menafn.com",
            "armenpress.am",
            "azat.tv",
            "apa.az",
            "panorama.am",
            "newpan.vk.am",
            "westernarmeniatv.com",
            "torontohye.ca",
            "ona.az",
            "armenianclub.com",
            "millikimlik.az",
            "allinnet.info",
            "turan.az",
            "1news.az",
            "aljazeera.net",
            "kommersant.ru",
            "interfax-religion.com",
            "arminfo.info",
            "tass.com",
            "factor.am",
            "manset.az",
            "nuh.az",
            "sardarabad.com.ar",
            "henaran.am",
            "mamul.am",
            "araz.az",
            "caucasianknot.info",
            "eurasianet.org",
            "rferl.org",
            "azatutyun.am",
            "shabtabnews.com",
            "diasporarm.org",
            "armenianweekly.com",
            "usweekly.com",
            "golosarmenii.am",
            "1lurer.am",
            "kentron.am",
            "armeniatoday.am",
            "norharatch.com",
            "ru24.pro",
            "sputnik.az",
            "icma.az",
            "kepezfm.az",
            "sahartv.ir",
            "qafqaz.ir",
            "sabaha-inamla.az",
            "gagrule.net",
            "spzh.eu",
            "publicnow.com",
        ]
    ),
}
#: Host names that say they are news outlets.
_PRESS_NAME = re.compile(r"news|press|xeber|radio|times|post|weekly|report|media|kavkaz|pravda")
_VIA = re.compile(r"\bvia\b", re.IGNORECASE)
_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("user-generated|social-media|web page|website|eyewitness|photograph", "user-written"),
    ("encyclopedia", "encyclopedia"),
    ("media|news|press|magazine|journalist|agency", "press"),
    ("monitor|academic|documentation|scientific|research|archaeolog|ngo|instit", "monitoring body"),
    ("government|official|ministry|parliament|intergovernmental|authorities", "government"),
)


def reporter_kind(reporter_type: Any) -> str | None:
    """Return the kind of page a ``reporter_type`` describes (the part after "via" when relayed)."""
    if not isinstance(reporter_type, str):
        return None
    text = _VIA.split(reporter_type)[-1].lower()
    return next((kind for words, kind in _WORDS if re.search(words, text)), None)


def _citations(feature: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """(URL, reporter type) of every citation of a site."""
    props = feature.get("properties") or {}
    for url in (props.get("built_source"), (props.get("location") or {}).get("source")):
        if isinstance(url, str):
            yield url, None
    for source in props.get("sources") or []:
        if isinstance(source, dict) and isinstance(source.get("url"), str):
            yield source["url"], None
    for event in props.get("history") or []:
        if not isinstance(event, dict):
            continue
        for source in event.get("sources") or []:
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                yield source["url"], event.get("reporter_type")


@dataclass
class HostRow:
    """One cited host: its citations, kind and the sites that cite nothing else."""

    host: str
    citations: int = 0
    kind: str = "other"
    sites: set[str] = field(default_factory=set)
    sole: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "host": self.host,
            "citations": self.citations,
            "kind": self.kind,
            "sites": len(self.sites),
            "sole_source_of": self.sole,
        }


def host_kind(host: str, reporter_kinds: Counter[str] | None = None) -> str:
    """Return the kind of a host (see the module's docstring)."""
    if host in OTHER_COPIES or copy_host(f"https://{host}/") is not None:
        return "copy"
    parts = host.split(".")
    suffixes = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    for kind, names in KNOWN_HOSTS.items():
        if suffixes & names:
            return kind
    if _PRESS_NAME.search(host):
        return "press"
    if reporter_kinds:
        return sorted(reporter_kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return "other"


def host_table(data: dict[str, Any]) -> list[HostRow]:
    """Every cited host, most cited first (ties by name).

    Parameters
    ----------
    data
        A parsed catalogue. Withdrawn sites are left out.

    Returns
    -------
    list of HostRow
        ``sole`` lists the sites whose every citation is on that host.
    """
    rows: dict[str, HostRow] = {}
    reporters: dict[str, Counter[str]] = defaultdict(Counter)
    for feature in data.get("features") or []:
        if not isinstance(feature, dict):
            continue
        if isinstance((feature.get("properties") or {}).get("withdrawn"), dict):
            continue
        site = str(feature.get("id"))
        hosts = set()
        for url, reporter in _citations(feature):
            host = host_of(url)
            if not host:
                continue
            hosts.add(host)
            row = rows.setdefault(host, HostRow(host))
            row.citations += 1
            row.sites.add(site)
            kind = reporter_kind(reporter)
            if kind:
                reporters[host][kind] += 1
        if len(hosts) == 1:
            rows[hosts.pop()].sole.append(site)
    for row in rows.values():
        row.kind = host_kind(row.host, reporters.get(row.host))
        row.sole.sort()
    return sorted(rows.values(), key=lambda r: (-r.citations, r.host))


def citations_by_kind(rows: list[HostRow]) -> dict[str, int]:
    """Citations per kind, in the order of :data:`KINDS`."""
    counts = Counter({kind: 0 for kind in KINDS})
    for row in rows:
        counts[row.kind] += row.citations
    return {kind: counts[kind] for kind in KINDS}
