"""Known copies of Wikipedia, and the article each copy URL stands for.

Many pages of the research were read on mirrors, proxies, offline readers (Kiwix) and
machine-translated copies of Wikipedia. A reader cannot trust such a host, and a journalist
cannot cite it; the citation is the Wikipedia article itself, and the copy that was read is
kept beside it (a source's ``via``). This module is the one list of known copy hosts: each
entry says how its URLs name the article (language and title in the path, in a query
parameter, or a whole URL encoded in the query), so that :func:`canonical_url` can give the
article's address. ``heritage validate`` warns on a citation of such a host
(``copy-host-source``) and ``heritage sources --canonicalize`` rewrites the catalogue.

Nothing here reads the network: the article is worked out from the URL alone. Where the URL
does not name the article (machine-translated titles), the research note that read the page
names it, and :data:`KNOWN_COPIES` gives it for that URL only.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import parse_qs, quote, unquote, urlsplit


@dataclass(frozen=True)
class CopyHost:
    """A host that serves copies of Wikipedia articles.

    Attributes
    ----------
    host
        Regular expression matched against the whole lower-case host name.
    lang
        Language of the Wikipedia the copy comes from, when the URL does not say it.
    path
        Regular expression matched against the whole path (still percent-encoded), with a
        ``title`` group and optionally a ``lang`` group; None when the article is in the
        query.
    query
        Query parameter holding the title (``title``, ``q``), or the whole original URL
        for proxies (see ``encoded``).
    encoded
        ``url`` when ``query`` holds a percent-encoded URL, ``base64`` when it holds a
        base64-encoded URL, ``revision`` when the query is a Wikipedia ``index.php`` query
        (kept whole so that the revision read stays cited), None for a title.
    note
        What the host is, for people reading the list.
    """

    host: str
    lang: str | None
    path: str | None
    query: str | None = None
    encoded: str | None = None
    note: str = ""


_WIKIWAND = r"/(?P<lang>[a-z]{2,3})/(?:articles/)?(?P<title>[^/]+)"
_LANG_WIKI = r"/wiki/(?P<lang>[a-z]{2,3})/(?P<title>[^/]+)"
_GATEWAY = r"/wikipedia_(?P<lang>[a-z]{2,3})/(?P<title>[^/]+?)\.html"
_WIKI = r"/wiki/(?P<title>[^/?#]+?)(?:\.html)?"
_KIWIX = r"(?:/[^/]+)*/wikipedia_(?P<lang>[a-z]{2,3})_[^/]*(?:/A)?/(?P<title>[^/]+?)(?:\.html)?"

#: The known copy hosts (the only list; tested URL by URL in tests/test_copies.py).
COPY_HOSTS: Final[tuple[CopyHost, ...]] = (
    CopyHost(r"wiki-gateway\.eudic\.net", None, _GATEWAY, note="dictionary proxy"),
    CopyHost(r"(?:www\.)?wikiclassic\.com", "en", _WIKI, note="mirror"),
    CopyHost(r"hessslslslsls\.azureedge\.net", "en", _WIKI, note="CDN mirror"),
    CopyHost(r"wiki\.riteme\.site", "en", _WIKI, note="mirror"),
    CopyHost(r"(?:www\.)?piglix\.com", "en", r"/piglix/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"(?:www\.)?wikimili\.com", "en", r"/(?:en|wiki)/(?P<title>[^/]+)", note="reader"),
    CopyHost(r"(?:www\.)?enwikipedia\.net", "en", _WIKI, note="mirror"),
    CopyHost(
        r"perceptio[a-z]{2}\.com",
        "ru",
        r"/(?P<title>[^/]+)",
        note="machine translation of Russian Wikipedia",
    ),
    CopyHost(
        r"[a-z]{2}\.frwiki\.wiki", "fr", _WIKI, note="machine translation of French Wikipedia"
    ),
    CopyHost(
        r"(?:[a-z]{2}\.)?wikijaa\.ru", "en", _WIKI, note="machine translation of English Wikipedia"
    ),
    CopyHost(r"(?:www\.)?pinocchiopedia\.com", "en", _WIKI, note="mirror"),
    CopyHost(r"(?:www\.)?skyyan\.com", "en", _WIKI, note="mirror"),
    CopyHost(r"w\.owiki\.org", "en", _WIKI, note="mirror"),
    CopyHost(r"goodnames\.eth\.link", "en", _WIKI, note="IPFS mirror"),
    CopyHost(r"[a-z]+\.tdn\.gtranslate\.net", "en", _WIKI, note="translation proxy"),
    CopyHost(r"edgio-[a-z0-9-]+\.edgio\.link", "en", _WIKI, note="CDN mirror"),
    CopyHost(r"dnhewrhegkli\.shop", "de", _WIKI, note="mirror of German Wikipedia"),
    CopyHost(
        r"[a-z]{2}\.mgwiki\.top", "en", _WIKI, note="machine translation of English Wikipedia"
    ),
    CopyHost(r"[a-z]{2}\.qaz\.wiki", "en", _WIKI, note="machine translation of English Wikipedia"),
    CopyHost(r"[a-z]{2}\.wiki7\.org", "ru", _WIKI, note="machine translation of Russian Wikipedia"),
    CopyHost(r"(?:www\.)?russianwiki\.com", "ru", _WIKI, note="mirror of Russian Wikipedia"),
    CopyHost(r"(?:www\.)?alphapedia\.ru", "en", _WIKI, note="mirror of English Wikipedia"),
    CopyHost(
        r"(?:www\.)?wikide\.org",
        "en",
        r"/[a-z]{2}/(?P<title>[^/]+)",
        note="machine translation of English Wikipedia",
    ),
    CopyHost(r"(?:www\.)?wikiwand\.com", None, _WIKIWAND, note="reader"),
    CopyHost(r"(?:www\.)?wikizero\.org", None, _LANG_WIKI, note="proxy"),
    CopyHost(r"(?:www\.)?defzone\.net", None, _LANG_WIKI, note="mirror"),
    CopyHost(r"(?P<lang>[a-z]{2})\.wiki\.li", None, r"/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"(?:www\.)?kampuspedia\.com", "en", r"/en/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"(?:www\.)?sagapedia\.com", "en", r"/en/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"(?:www\.)?cryer\.org\.uk", "en", r"/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"soft\.lk", "en", r"/key/(?P<title>[^/]+)", note="mirror"),
    CopyHost(r"everything\.explained\.today", "en", r"/(?P<title>[^/]+?)/?", note="mirror"),
    CopyHost(
        r"(?:www\.)?theinfolist\.com",
        "en",
        r"/html/ALL/[^/]+/[^/]+/(?P<title>[^/]+?)\.html",
        note="mirror",
    ),
    CopyHost(
        r"ninos\.kiddle\.co",
        "es",
        r"/(?P<title>[^/]+)",
        note="children's copy of Spanish Wikipedia",
    ),
    CopyHost(
        r"jablog\.org",
        "en",
        r"/[^/]+/(?P<title>[^/]+)",
        note="Japanese machine translation of English Wikipedia",
    ),
    CopyHost(r"talk\.dob\.jp", "en", r"/enwiki/wiki/(?P<title>.+)", note="mirror"),
    CopyHost(r"mn\.global\.ssl\.fastly\.net", "en", r"/(?P<title>[^/]+)", note="CDN mirror"),
    CopyHost(
        r"[a-z]{1,2}\.global\.ssl\.fastly\.net",
        "en",
        None,
        None,
        "revision",
        "CDN mirror of index.php",
    ),
    CopyHost(r"rightwiki\.org", "en", None, "title", note="fork of English Wikipedia"),
    CopyHost(r"review\.clateway\.com", "en", None, "q", note="proxy"),
    CopyHost(r"wonilvalve\.com", None, None, "q", "url", "proxy"),
    CopyHost(r"haohao\.work\.gd", None, None, "a", "base64", "proxy"),
    CopyHost(
        r"sivegame\.netlify\.app",
        None,
        r"/host-https-(?P<title>.+)",
        note="proxy (host in the path)",
    ),
    CopyHost(
        r"(?:[a-z0-9.-]+\.)?knowledgr\.com|[a-z]{2}\.knowledger\.de",
        None,
        None,
        note="machine translation of English Wikipedia (titles translated)",
    ),
    CopyHost(
        r"polpedia\.pl",
        None,
        None,
        note="Polish machine translation of English Wikipedia (titles translated)",
    ),
    CopyHost(r"5\.180\.24\.3", None, None, note="copy of English Wikipedia on a bare address"),
    CopyHost(
        r"kiwix\.haohe\.fun|iiab\.live|iiab\.me|a\.osmarks\.net|wikipedia\.jakami\.de"
        r"|wikipedia\.k8s\.renker\.it|library\.kiwix\.org",
        None,
        _KIWIX,
        note="Kiwix offline copy",
    ),
)

#: Copies whose URL does not name the article; the research note that read each names it.
KNOWN_COPIES: Final[dict[str, str]] = {
    "http://de.knowledgr.com/09774444/SaatliMoschee": "https://en.wikipedia.org/wiki/Saatli_Mosque",
    "http://de.knowledgr.com/09795635/MamayiMoschee": "https://en.wikipedia.org/wiki/Mamayi_Mosque",
    "https://de.knowledgr.com/09834321/GalaMoscheeChol": "https://en.wikipedia.org/wiki/Chol_Gala_Mosque",
    "http://fr.knowledger.de/09793230/MosqueeDeTazaMahalla": "https://en.wikipedia.org/wiki/Taza_Mahalla_Mosque",
    "https://polpedia.pl/wiki/Klasztor_%C5%9Bw._Stefana_(Tivi)": "https://en.wikipedia.org/wiki/St._Stepanos_Monastery_(Tivi)",
    "http://5.180.24.3/info/agdam-mosque": "https://en.wikipedia.org/wiki/Aghdam_Mosque",
}  # fmt: skip

_SAFE = "()_,-.~:!*'/"
_MOBILE = re.compile(r"(?P<lang>[a-z-]+)\.m\.(?P<site>wikipedia|wikivoyage)\.org\.?")


#: "scheme://" and the authority: what lies up to the first of / ? # (as urlsplit reads it).
_AUTHORITY: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)")


def host_of(url: str) -> str:
    """Return the lower-case host of a URL, without a trailing dot ("" when there is none)."""
    # The host is parsed once per distinct authority: a catalogue repeats a few hundred
    # hosts in hundreds of thousands of URLs.
    authority = _AUTHORITY.match(url)
    if authority is None:
        return (urlsplit(url).hostname or "").rstrip(".")
    return _host(authority.group(1))


@lru_cache(maxsize=4096)
def _host(netloc: str) -> str:
    return (urlsplit("//" + netloc).hostname or "").rstrip(".")


def copy_host(url: str) -> CopyHost | None:
    """Return the known copy host a URL is on, or None."""
    return _entry(host_of(url))


def is_copy(url: str) -> bool:
    """Return True when a URL is a known copy (on a copy host, or listed one by one)."""
    return url in KNOWN_COPIES or copy_host(url) is not None


@lru_cache(maxsize=4096)
def _entry(host: str) -> CopyHost | None:
    # Cached per host: a catalogue cites a few hundred hosts thousands of times.
    return next((c for c in COPY_HOSTS if re.fullmatch(c.host, host)), None)


def _article(lang: str, title: str) -> str:
    text = unquote(title).replace(" ", "_")
    return f"https://{lang}.wikipedia.org/wiki/{quote(text, safe=_SAFE)}"


def _original(url: str) -> str:
    """Return a Wikipedia URL in plain form (desktop host, a wikivoyage ``w:`` link resolved)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    mobile = _MOBILE.fullmatch(host)
    if mobile:
        host = f"{mobile['lang']}.{mobile['site']}.org"
    match = re.fullmatch(r"([a-z-]+)\.wikivoyage\.org", host)
    if match and parts.path.startswith("/wiki/w:"):
        return _article(match[1], parts.path[len("/wiki/w:") :])
    if host.endswith("wikipedia.org") and parts.path.startswith("/wiki/"):
        return _article(host.split(".")[0], parts.path[len("/wiki/") :])
    return url


@lru_cache(maxsize=16384)
def canonical_url(url: str) -> str | None:
    """Return the Wikipedia article a copy URL stands for, or None when it is not a known copy.

    Parameters
    ----------
    url
        A cited URL.

    Returns
    -------
    str or None
        ``https://<lang>.wikipedia.org/wiki/<Title>`` (or the ``index.php`` revision that
        was read); None when the URL is not on a known copy host, or when the copy does not
        name its article (then :func:`copy_host` still says it is a copy).
    """
    if url in KNOWN_COPIES:
        return KNOWN_COPIES[url]
    entry = copy_host(url)
    if entry is None:
        return None
    parts = urlsplit(url)
    if entry.path is not None:
        match = re.fullmatch(entry.path, parts.path) or None
        host_match = re.fullmatch(entry.host, host_of(url))
        if match is None:
            return None
        if entry.path.startswith("/host-https-"):
            return _original("https://" + unquote(match["title"]))
        groups = match.groupdict()
        lang = groups.get("lang") or (host_match.groupdict().get("lang") if host_match else None)
        return _article(lang or entry.lang or "en", match["title"])
    if entry.encoded == "revision":
        return f"https://{entry.lang}.wikipedia.org/w/index.php?{parts.query}"
    if entry.query is None:
        return None
    query = parse_qs(parts.query)
    value = (query.get(entry.query) or [""])[0]
    if not value:
        return None
    if entry.encoded in ("url", "base64"):
        inner = value
        if entry.encoded == "base64":
            try:
                padded = value + "=" * (-len(value) % 4)
                inner = base64.urlsafe_b64decode(padded).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return None
        # Only a web address is an original; anything else is not worked out.
        return _original(inner) if re.match(r"https?://[^\s/]+", inner) else None
    lang = (query.get("lang") or [entry.lang or "en"])[0]
    return _article(lang, value)
