"""Known copies of Wikipedia: each host's URLs give the article a journalist can cite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from heritage.canonical import canonical_text
from heritage.canonicalize import canonicalize
from heritage.cli import cli
from heritage.copies import COPY_HOSTS, KNOWN_COPIES, canonical_url, copy_host
from heritage.validate import validate_data

EN = "https://en.wikipedia.org/wiki/"
RU = "https://ru.wikipedia.org/wiki/"
#: One example per known host: the copy read, and the article it copies.
EXAMPLES = [
    ("https://wiki-gateway.eudic.net/wikipedia_en/Shushi.html", EN + "Shushi"),
    ("https://wiki-gateway.eudic.net/wikipedia_en/%C5%9Eurud.html", EN + "%C5%9Eurud"),
    ("https://wikiclassic.com/wiki/Haji_Yusifli_Mosque", EN + "Haji_Yusifli_Mosque"),
    ("https://hessslslslsls.azureedge.net/wiki/Az%C4%B1x", EN + "Az%C4%B1x"),
    ("https://wiki.riteme.site/wiki/Aghdam_Mosque", EN + "Aghdam_Mosque"),
    ("http://piglix.com/piglix/Ashaghi_Govhar_Agha_Mosque", EN + "Ashaghi_Govhar_Agha_Mosque"),
    ("https://wikimili.com/en/Artsakh_State_Museum", EN + "Artsakh_State_Museum"),
    (
        "https://wikimili.com/wiki/List_of_Armenian_churches_in_Azerbaijan",
        EN + "List_of_Armenian_churches_in_Azerbaijan",
    ),
    ("https://enwikipedia.net/wiki/Askeran_Fortress", EN + "Askeran_Fortress"),
    (
        "https://perceptiode.com/Паправенд",
        RU + "%D0%9F%D0%B0%D0%BF%D1%80%D0%B0%D0%B2%D0%B5%D0%BD%D0%B4",
    ),
    (
        "https://perceptiofr.com/%D0%9D%D1%83%D1%80%D1%81%D1%83",
        RU + "%D0%9D%D1%83%D1%80%D1%81%D1%83",
    ),
    ("https://es.frwiki.wiki/wiki/Amaras", "https://fr.wikipedia.org/wiki/Amaras"),
    ("https://tr.wikijaa.ru/wiki/Armenian_cemetery_in_Julfa", EN + "Armenian_cemetery_in_Julfa"),
    ("https://wikijaa.ru/wiki/Chol_Gala_Mosque", EN + "Chol_Gala_Mosque"),
    (
        "https://pinocchiopedia.com/wiki/Caravanserai_of_Agha_Gahraman_Mirsiyab",
        EN + "Caravanserai_of_Agha_Gahraman_Mirsiyab",
    ),
    ("https://skyyan.com/wiki/Saatli_Mosque", EN + "Saatli_Mosque"),
    ("http://w.owiki.org/wiki/Ghazanchetsots_Cathedral", EN + "Ghazanchetsots_Cathedral"),
    ("https://goodnames.eth.link/wiki/Taglar_Cave.html", EN + "Taglar_Cave"),
    ("http://evn.tdn.gtranslate.net/wiki/Ahmadalilar_Mausoleum", EN + "Ahmadalilar_Mausoleum"),
    (
        "https://edgio-community-examples-v7-full-featured-perfor-f74158.edgio.link/wiki/Kocharli_Mosque",
        EN + "Kocharli_Mosque",
    ),
    ("https://dnhewrhegkli.shop/wiki/Handaberd", "https://de.wikipedia.org/wiki/Handaberd"),
    ("https://de.mgwiki.top/wiki/Garghabazar_Caravanserai", EN + "Garghabazar_Caravanserai"),
    ("https://pt.qaz.wiki/wiki/Katarovank", EN + "Katarovank"),
    (
        "https://de.wiki7.org/wiki/%D0%9D%D1%83%D1%80%D1%81%D1%83",
        RU + "%D0%9D%D1%83%D1%80%D1%81%D1%83",
    ),
    (
        "https://russianwiki.com/wiki/%D0%9D%D1%83%D1%80%D1%81%D1%83",
        RU + "%D0%9D%D1%83%D1%80%D1%81%D1%83",
    ),
    ("https://alphapedia.ru/wiki/%C6%8Frikli", EN + "%C6%8Frikli"),
    ("https://wikide.org/de/Togh%27s_Melikian_Palace", EN + "Togh's_Melikian_Palace"),
    ("https://wikiwand.com/en/articles/Mets_Taghlar", EN + "Mets_Taghlar"),
    (
        "https://wikiwand.com/ru/%D0%9D%D1%83%D1%80%D1%81%D1%83",
        RU + "%D0%9D%D1%83%D1%80%D1%81%D1%83",
    ),
    ("https://wikizero.org/wiki/en/Hasanriz", EN + "Hasanriz"),
    (
        "https://defzone.net/wiki/it/Monastero_di_Katarovank",
        "https://it.wikipedia.org/wiki/Monastero_di_Katarovank",
    ),
    ("https://de.wiki.li/Katarowank", "https://de.wikipedia.org/wiki/Katarowank"),
    (
        "https://kampuspedia.com/en/Amenaprkich_Monastery_(Gazanchy)",
        EN + "Amenaprkich_Monastery_(Gazanchy)",
    ),
    ("https://sagapedia.com/en/Dashushen,_Nagorno-Karabakh", EN + "Dashushen,_Nagorno-Karabakh"),
    ("http://cryer.org.uk/Dadivank", EN + "Dadivank"),
    ("https://soft.lk/key/Kanach_Zham", EN + "Kanach_Zham"),
    (
        "https://everything.explained.today/Saint_Thomas_Monastery_of_Agulis",
        EN + "Saint_Thomas_Monastery_of_Agulis",
    ),
    ("http://theinfolist.com/html/ALL/l/T/Tsitsernavank.html", EN + "Tsitsernavank"),
    (
        "https://ninos.kiddle.co/Monasterio_de_Tsitsernavank",
        "https://es.wikipedia.org/wiki/Monasterio_de_Tsitsernavank",
    ),
    (
        "https://jablog.org/%E8%81%96%E3%82%A2/St._Astvatsatsin_Church_(Aghbulag)",
        EN + "St._Astvatsatsin_Church_(Aghbulag)",
    ),
    ("https://talk.dob.jp/enwiki/wiki/Special:AbuseLog/20257972", EN + "Special:AbuseLog/20257972"),
    (
        "https://mn.global.ssl.fastly.net/St._Hakob-Hayrapet_Church_(Yukhari_Aylis)",
        EN + "St._Hakob-Hayrapet_Church_(Yukhari_Aylis)",
    ),
    (
        "https://l.global.ssl.fastly.net/search/?direction=prev&oldid=988367244&title=Dadivank",
        "https://en.wikipedia.org/w/index.php?direction=prev&oldid=988367244&title=Dadivank",
    ),
    (
        "https://rightwiki.org/index.php?title=St._Hovhannes_Church_%28Dyrnys%29",
        EN + "St._Hovhannes_Church_(Dyrnys)",
    ),
    (
        "https://review.clateway.com/wiki/view_html.php?q=Tigranakert_of_Artsakh&sq=Qlik",
        EN + "Tigranakert_of_Artsakh",
    ),
    (
        "https://wonilvalve.com/index.php?q=https%3A%2F%2Fen.m.wikipedia.org%2Fwiki%2FS%C4%B1%C4%9Fnaq",
        EN + "S%C4%B1%C4%9Fnaq",
    ),
    (
        "https://haohao.work.gd/load/view.php?a=aHR0cHM6Ly9lbi53aWtpcGVkaWEub3JnL3dpa2kvQ2h1a2h1cl9NYWhhbGxhX01vc3F1ZQ",
        EN + "Chukhur_Mahalla_Mosque",
    ),
    (
        "https://sivegame.netlify.app/host-https-en.wikivoyage.org/wiki/w:Yerits_Mankants_Monastery",
        EN + "Yerits_Mankants_Monastery",
    ),
    ("https://de.knowledgr.com/09834321/GalaMoscheeChol", EN + "Chol_Gala_Mosque"),
    ("http://fr.knowledger.de/09793230/MosqueeDeTazaMahalla", EN + "Taza_Mahalla_Mosque"),
    (
        "https://polpedia.pl/wiki/Klasztor_%C5%9Bw._Stefana_(Tivi)",
        EN + "St._Stepanos_Monastery_(Tivi)",
    ),
    ("http://5.180.24.3/info/agdam-mosque", EN + "Aghdam_Mosque"),
    (
        "https://kiwix.haohe.fun/content/wikipedia_en_all_maxi_2024-01/A/St._Astvatsatsin_Monastery_(Bist)",
        EN + "St._Astvatsatsin_Monastery_(Bist)",
    ),
    (
        "https://iiab.me/kiwix/content/wikipedia_en_all_maxi_2023-10/A/K%C9%99l%C9%99ki",
        EN + "K%C9%99l%C9%99ki",
    ),
    ("http://a.osmarks.net/wikipedia_en_all_maxi_2020-08/A/Tsakuri", EN + "Tsakuri"),
    (
        "https://wikipedia.jakami.de/content/wikipedia_de_all_mini_2023-10/A/Gtitschawank",
        "https://de.wikipedia.org/wiki/Gtitschawank",
    ),
    (
        "https://wikipedia.k8s.renker.it/content/wikipedia_de_all_maxi/K%C3%B6%C3%A7%C9%99rli_Moschee",
        "https://de.wikipedia.org/wiki/K%C3%B6%C3%A7%C9%99rli_Moschee",
    ),
    (
        "http://library.kiwix.org/wikipedia_en_all_nopic_2018-09/A/Ta%C4%9Flar_Cave.html",
        EN + "Ta%C4%9Flar_Cave",
    ),
]


@pytest.mark.parametrize(("copy", "article"), EXAMPLES, ids=[e[0][:60] for e in EXAMPLES])
def test_copy_gives_its_article(copy: str, article: str) -> None:
    assert canonical_url(copy) == article


def test_every_known_host_has_an_example() -> None:
    examples = [copy for copy, _ in EXAMPLES]
    for entry in COPY_HOSTS:
        assert any(copy_host(url) == entry for url in examples), entry.host
    assert set(KNOWN_COPIES) - set(examples) == {
        "http://de.knowledgr.com/09774444/SaatliMoschee",
        "http://de.knowledgr.com/09795635/MamayiMoschee",
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/Dadivank",
        "https://en.m.wikipedia.org/wiki/Dadivank",
        "https://monumentwatch.org/en/alerts/x",
        "https://wikimapia.org/1/x",
        "https://de.knowledgr.com/0000/UnknownTitle",  # a copy, but it names no article
        "https://haohao.work.gd/load/view.php?a=%%%",
        "https://wiki-gateway.eudic.net/other/path",
    ],
)
def test_other_urls_have_no_article(url: str) -> None:
    assert canonical_url(url) is None


def _catalogue() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "test-church",
                "geometry": {"type": "Point", "coordinates": [46.75, 39.76]},
                "properties": {
                    "name": {"en": "Test church"},
                    "kind": "church",
                    "built_source": "https://wikiclassic.com/wiki/Test_church",
                    "location": {
                        "precision": "city",
                        "source": "https://wiki-gateway.eudic.net/wikipedia_en/Shushi.html",
                    },
                    "history": [
                        {
                            "date": "2020",
                            "type": "condition",
                            "status": "damaged",
                            "summary": "Damaged.",
                            "reported_by": "Encyclopedia",
                            "sources": [
                                {"url": "http://piglix.com/piglix/Test_church", "title": "T"},
                                {"url": "https://example.org/report"},
                            ],
                        }
                    ],
                },
            }
        ],
    }


def test_validate_warns_with_the_article_to_cite() -> None:
    issues = [i for i in validate_data(_catalogue()) if i.code == "copy-host-source"]
    assert {i.pointer for i in issues} == {
        "/features/0/properties/built_source",
        "/features/0/properties/location/source",
        "/features/0/properties/history/0/sources/0/url",
    }
    piglix = next(i for i in issues if i.pointer.endswith("sources/0/url"))
    assert piglix.severity.value == "warning"
    assert f"cite {EN}Test_church instead" in piglix.message and "'via'" in piglix.message


def test_canonicalize_keeps_the_copy_in_via_and_is_idempotent() -> None:
    data = _catalogue()
    result = canonicalize(data)
    assert data == _catalogue()  # the input is untouched
    assert result.changed == 3 and result.sites == ["test-church"]
    assert dict(result.by_host) == {
        "wikiclassic.com": 1,
        "wiki-gateway.eudic.net": 1,
        "piglix.com": 1,
    }
    props = result.data["features"][0]["properties"]
    assert props["history"][0]["sources"] == [
        {"url": EN + "Test_church", "title": "T", "via": "http://piglix.com/piglix/Test_church"},
        {"url": "https://example.org/report"},
    ]
    assert props["location"]["source"] == EN + "Shushi"
    assert props["location"]["via"] == "https://wiki-gateway.eudic.net/wikipedia_en/Shushi.html"
    assert props["built_source"] == EN + "Test_church"
    assert props["sources"] == [
        {"url": EN + "Test_church", "via": "https://wikiclassic.com/wiki/Test_church"}
    ]
    assert not [i for i in validate_data(result.data) if i.code == "copy-host-source"]
    again = canonicalize(result.data)
    assert again.changed == 0 and again.data == result.data


def test_sources_canonicalize_writes_in_place_and_reports_by_host(tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(canonical_text(_catalogue()), encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(cli, ["sources", str(path), "--canonicalize", "--dry-run"])
    assert dry.exit_code == 0 and "3 citation(s) on 3 copy host(s)" in dry.output
    assert json.loads(path.read_text("utf-8")) == _catalogue()
    result = runner.invoke(cli, ["sources", str(path), "--canonicalize"])
    assert result.exit_code == 0, result.output
    assert "    1  piglix.com" in result.output
    written = path.read_text("utf-8")
    assert written == canonical_text(json.loads(written))
    assert '"via": "http://piglix.com/piglix/Test_church"' in written
    second = runner.invoke(cli, ["sources", str(path), "--canonicalize"])
    assert "0 citation(s)" in second.output and path.read_text("utf-8") == written
