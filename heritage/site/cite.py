"""How to cite a record: a plain-text reference and a BibTeX entry, with the data date."""

from __future__ import annotations

import re
from typing import Final

from heritage.config import Config
from heritage.site.html import esc

_BIBTEX_SPECIAL: Final = re.compile(r"[\\{}%&#$_~^]")
_BIBTEX_WORDS: Final[dict[str, str]] = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_text(value: str) -> str:
    """Return text with BibTeX's special characters escaped (braces always balanced)."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m.group(), "\\" + m.group()), value)


def record_url(site_id: str, config: Config) -> str:
    """Return the record's public URL, or its path in the website when none is configured."""
    path = f"sites/{site_id}.html"
    return config.absolute(path) or path


def plain(site_id: str, name: str, site_title: str, data_date: str | None, config: Config) -> str:
    """Return the plain-text reference of a record."""
    when = f" Data as of {data_date}." if data_date else ""
    return (
        f'{config.attribution}. "{name}" (record {site_id}). In: {site_title}.{when} '
        f"{record_url(site_id, config)}. Licence: {config.data_licence}."
    )


def bibtex(site_id: str, name: str, site_title: str, data_date: str | None, config: Config) -> str:
    """Return a BibTeX ``@misc`` entry for a record."""
    fields = [
        ("author", "{" + bibtex_text(config.attribution) + "}"),
        ("title", bibtex_text(name)),
        ("howpublished", bibtex_text(site_title)),
    ]
    if data_date:
        fields.append(("year", data_date[:4]))
        fields.append(("note", bibtex_text(f"Record {site_id}, data as of {data_date}")))
    else:
        fields.append(("note", bibtex_text(f"Record {site_id}")))
    # A URL is kept as written; braces and spaces cannot occur in a configured http(s) URL.
    fields.append(("url", re.sub(r"[{}\s]", "", record_url(site_id, config))))
    fields.append(("license", bibtex_text(config.data_licence)))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    key = "heritage-" + re.sub(r"[^a-z0-9-]", "", site_id)
    return f"@misc{{{key},\n{body}\n}}"


def block(site_id: str, name: str, site_title: str, data_date: str | None, config: Config) -> str:
    """Return the "cite this record" section of a site page."""
    return (
        '<section aria-labelledby="cite">\n<h2 id="cite">Cite this record</h2>\n'
        f'<p class="cite">{esc(plain(site_id, name, site_title, data_date, config))}</p>\n'
        "<details><summary>BibTeX</summary>\n"
        f'<pre class="bibtex">{esc(bibtex(site_id, name, site_title, data_date, config))}</pre>\n'
        "</details>\n</section>\n"
    )
