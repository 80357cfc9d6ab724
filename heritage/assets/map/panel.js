/* heritage map, part 4 of 8: the panel — controls, time bar, legend, lists, the embed header.
 *
 * Built with DOM calls only; every catalogue text goes in through textContent (HM.el) and
 * every catalogue URL through HM.link, which refuses anything but http(s).
 */
(function (HM) {
  "use strict";

  var el = HM.el, t = function (k, p) { return HM.t(k, p); };

  function field(label, control) {
    var wrap = el("label", "hm-field");
    wrap.appendChild(el("span", "hm-label", label));
    wrap.appendChild(control);
    return wrap;
  }

  function option(value, text) {
    var o = el("option", null, text);
    o.value = value;
    return o;
  }

  /* The static part of the panel: heading, the time bar (kept in reach while a site is
   * open), details, search, filters, legend, lists and the credit line. */
  HM.buildPanel = function (app) {
    var d = app.d, ui = {};
    var panel = el("aside", "hm-panel");
    panel.setAttribute("aria-label", t("panel"));
    ui.panel = panel;
    var head = el("header", "hm-head");
    head.appendChild(el("h1", null, d.config.title || t("title")));
    ui.toggle = el("button", "hm-toggle", t("controls"));
    ui.toggle.type = "button";
    ui.toggle.setAttribute("aria-expanded", "false");
    head.appendChild(ui.toggle);
    panel.appendChild(head);
    var langs = languageNav(d);
    if (langs) { panel.appendChild(langs); ui.langLinks = langs.querySelectorAll("a"); }
    var bar = el("div", "hm-timebar");
    bar.appendChild(buildTime(app, ui));
    panel.appendChild(bar);
    ui.details = el("section", "hm-details");
    ui.details.hidden = true;
    ui.details.setAttribute("aria-live", "polite");
    panel.appendChild(ui.details);
    var controls = el("section", "hm-controls");
    ui.controls = controls;
    ui.search = el("input", "hm-search");
    ui.search.type = "search";
    ui.search.setAttribute("placeholder", t("search_placeholder"));
    controls.appendChild(field(t("search"), ui.search));
    ui.count = el("p", "hm-count");
    ui.count.setAttribute("role", "status");
    controls.appendChild(ui.count);
    ui.results = el("ul", "hm-list hm-results");
    controls.appendChild(ui.results);
    controls.appendChild(buildLegend(app, ui));
    ui.kind = el("select", "hm-kind");
    ui.kind.appendChild(option("", t("all_kinds")));
    app.kindsPresent.forEach(function (code) {
      ui.kind.appendChild(option(d.vocab.kind[code], HM.term("kind", d.vocab.kind[code])));
    });
    controls.appendChild(field(t("kind"), ui.kind));
    ui.region = el("select", "hm-region");
    ui.region.appendChild(option("", t("all_regions")));
    app.regionsPresent.forEach(function (code) {
      ui.region.appendChild(option(d.strings[code], d.strings[code]));
    });
    controls.appendChild(field(t("region"), ui.region));
    if (app.districts) {
      // Options carry the place id (the fragment's district=), the label is the gazetteer's.
      ui.district = el("select", "hm-district");
      ui.district.appendChild(option("", t("all_districts")));
      app.districts.ids.forEach(function (id, k) {
        ui.district.appendChild(option(id, app.districts.labels[k]));
      });
      if (app.districts.unplaced) ui.district.appendChild(option(HM.NO_DISTRICT_KEY, t("no_district")));
      controls.appendChild(field(t("district"), ui.district));
    }
    ui.basemap = el("select", "hm-basemap");
    d.config.basemaps.forEach(function (b) { ui.basemap.appendChild(option(b.name, basemapName(b.name))); });
    var basemapField = field(t("basemap"), ui.basemap);
    basemapField.hidden = d.config.basemaps.length < 2;
    controls.appendChild(basemapField);
    // Every drawn site in the view, as a list: the markers' keyboard equivalent.
    ui.inview = el("details", "hm-inview");
    ui.inviewSummary = el("summary");
    ui.inview.appendChild(ui.inviewSummary);
    ui.inviewList = el("ul", "hm-list");
    ui.inview.appendChild(ui.inviewList);
    controls.appendChild(ui.inview);
    ui.nogeo = el("details", "hm-nogeo");
    ui.nogeoSummary = el("summary");
    ui.nogeo.appendChild(ui.nogeoSummary);
    ui.nogeoList = el("ul", "hm-list");
    ui.nogeo.appendChild(ui.nogeoList);
    controls.appendChild(ui.nogeo);
    controls.appendChild(el("p", "hm-note", t("about_statuses")));
    controls.appendChild(credit(d, "p"));
    panel.appendChild(controls);
    app.ui = ui;
    return panel;
  };

  /* "Esri.WorldImagery" -> "Esri World Imagery", "OpenStreetMap.Mapnik" -> "OpenStreetMap
   * Mapnik": provider names are names, not translated. */
  function basemapName(name) {
    var dot = name.indexOf(".");
    if (dot < 0) return name;
    return name.slice(0, dot) + " " + name.slice(dot + 1).replace(/\./g, " ").replace(/([a-z])([A-Z])/g, "$1 $2");
  }

  /* Links to the same map in the other languages built (kept on the same view). */
  function languageNav(d) {
    var langs = d.config.languages;
    if (!langs || langs.length < 2) return null;
    var nav = el("nav", "hm-langs");
    nav.setAttribute("aria-label", t("language"));
    langs.forEach(function (item) {
      if (item.code === d.config.lang) {
        var here = HM.setLang(el("span", "hm-lang-here", item.name), item.code);
        here.setAttribute("aria-current", "page");
        nav.appendChild(here);
        return;
      }
      var a = HM.setLang(el("a", null, item.name), item.code);
      a.setAttribute("href", item.href);
      a.setAttribute("hreflang", item.code);
      a.dataset.href = item.href;
      nav.appendChild(a);
    });
    return nav;
  }

  /* A link that leaves the embed for the published map, in a new tab. */
  function outLink(text, href, rel) {
    var a = el("a", null, text);
    a.setAttribute("href", href);
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", rel || "noopener");
    var hint = el("span", "hm-sr", " " + t("new_tab"));
    a.appendChild(hint);
    return a;
  }
  HM.outLink = outLink;

  /* "Data: heritage contributors, CC BY 4.0" with the licence linked. */
  function credit(d, tag) {
    var c = d.config, p = el(tag, "hm-credit");
    var text = t("credit", { attribution: c.attribution, licence: "\u0000" }).split("\u0000");
    p.appendChild(document.createTextNode(text[0]));
    p.appendChild(outLink(c.licence, c.licence_url, "license noopener"));
    if (text[1]) p.appendChild(document.createTextNode(text[1]));
    return p;
  }

  /* The embed's header: title, the "as of" date, the credit line, the full map. */
  HM.buildEmbedHeader = function (app, ui) {
    var d = app.d, head = el("header", "hm-embed-head");
    var top = el("div", "hm-embed-row");
    top.appendChild(el("strong", "hm-embed-title", d.config.title || t("title")));
    ui.fullMap = outLink(t("open_full_map") + " ↗", d.config.full_map);
    ui.fullMap.className = "hm-full";
    top.appendChild(ui.fullMap);
    head.appendChild(top);
    var line = el("div", "hm-embed-row hm-embed-meta");
    ui.embedAsOf = el("span", "hm-embed-asof");
    line.appendChild(ui.embedAsOf);
    line.appendChild(credit(d, "span"));
    head.appendChild(line);
    return head;
  };

  function buildTime(app, ui) {
    var d = app.d, box = el("fieldset", "hm-time");
    var legend = el("legend", null, t("as_of") + " ");
    ui.dateLabel = el("output", "hm-date-label");
    legend.appendChild(ui.dateLabel);
    box.appendChild(legend);
    ui.slider = el("input", "hm-slider");
    ui.slider.type = "range";
    ui.slider.setAttribute("aria-label", t("as_of"));
    ui.sliderHelp = el("p", "hm-sr", t("slider_help"));
    ui.sliderHelp.id = "hm-slider-help";
    ui.slider.setAttribute("aria-describedby", ui.sliderHelp.id);
    ui.histogram = el("canvas", "hm-histogram");
    ui.histogram.setAttribute("aria-hidden", "true");
    ui.date = el("input", "hm-date");
    ui.date.type = "date";
    ui.date.setAttribute("aria-label", t("as_of"));
    ui.play = el("button", "hm-play", t("play"));
    ui.play.type = "button";
    if (d.minDay === null) {
      ui.slider.disabled = ui.date.disabled = ui.play.disabled = true;
      ui.histogram.hidden = true;
    } else {
      // The scale starts on 1 January of the first year with a dated event.
      var first = HM.parseDay(HM.dayToIso(d.minDay).slice(0, 4) + "-01-01");
      app.scale = new HM.TimeScale(HM.eventDays(d), first, d.maxDay);
      ui.slider.min = "0";
      ui.slider.max = String(app.scale.steps);
      ui.slider.step = "1";
      ui.date.min = HM.dayToIso(first);
      ui.date.max = HM.dayToIso(app.scale.hi);
    }
    var row = el("div", "hm-time-row");
    row.appendChild(ui.play);
    row.appendChild(ui.date);
    box.appendChild(ui.slider);
    box.appendChild(ui.histogram);
    box.appendChild(row);
    box.appendChild(ui.sliderHelp);
    return box;
  }

  function buildLegend(app, ui) {
    var box = el("fieldset", "hm-legend");
    ui.legendTitle = el("legend");
    box.appendChild(ui.legendTitle);
    ui.statusBoxes = [];
    ui.statusCounts = [];
    app.d.vocab.status.forEach(function (code, s) {
      var row = el("label", "hm-status");
      var box2 = el("input");
      box2.type = "checkbox";
      box2.checked = true;
      box2.value = code;
      row.appendChild(box2);
      row.appendChild(HM.icon(s));
      row.appendChild(el("span", "hm-status-label", HM.term("status", code)));
      var count = el("span", "hm-status-count");
      row.appendChild(count);
      row.title = HM.term("status_def", code);
      ui.statusBoxes.push(box2);
      ui.statusCounts.push(count);
      box.appendChild(row);
    });
    // Only the marks this map uses are explained (the badge's once shared points are known).
    var key = el("ul", "hm-key"), S = app.d.S, halo = false, cell = false;
    for (var i = 0; i < app.d.n; i++) {
      if (S.geo[i] === 1 && S.prec[i] > 0) halo = true;
      if (S.geo[i] === 2) cell = true;
    }
    ui.keys = {};
    [["halo", halo, ""], ["cell", cell, ""], ["badge", false, "2"]].forEach(function (item) {
      var li = el("li");
      li.appendChild(el("span", "hm-key-mark hm-key-" + item[0], item[2]));
      li.appendChild(el("span", null, t("key_" + item[0])));
      li.hidden = !item[1];
      ui.keys[item[0]] = li;
      key.appendChild(li);
    });
    box.appendChild(key);
    return box;
  }

  /* One line of a list of sites: its shape, name and kind; opens its details. */
  HM.siteButton = function (app, i, back) {
    var d = app.d, li = el("li"), b = el("button", "hm-site");
    b.type = "button";
    b.appendChild(HM.icon(d.status[i]));
    HM.setLang(b.appendChild(el("span", "hm-site-name", app.displayName(i)[0])),
      app.displayName(i)[1]);
    b.appendChild(el("span", "hm-site-kind", HM.term("kind", d.vocab.kind[d.S.kind[i]])));
    b.addEventListener("click", function () { app.open(i, back); });
    li.appendChild(b);
    return li;
  };
})(window.heritageMap = window.heritageMap || {});
