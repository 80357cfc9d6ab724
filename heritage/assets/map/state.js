/* heritage map, part 6 of 8: the state of the map — filters, shared points, the time control.
 *
 * One App holds the decoded data and what the visitor chose; app.js adds selection, the URL
 * fragment and the wiring to the page.
 */
(function (HM) {
  "use strict";

  HM.timing = HM.timing || {};
  var LIST_MAX = 200;

  function App(block) {
    var app = this, d = HM.decode(block);
    HM.labels = block.labels;
    HM.lang = block.config.lang;
    app.d = d;
    var colours = block.config.colours, shapes = block.config.shapes;
    HM.styles = d.vocab.status.map(function (code, s) {
      return { colour: colours[s] || "#999999", shape: shapes[s] || "ring" };
    });
    // Where markers overlap, the gravest status is drawn last, so on top (unknown first,
    // destroyed last: heritage/vocabulary.py STATUS_SEVERITY); values outside it first.
    var severity = block.config.severity;
    app.drawOrder = d.vocab.status.map(function (c, s) { return s; }).sort(function (a, b) {
      return severity[a] - severity[b] || a - b;
    });
    app.visible = new Uint8Array(d.n);
    app.allowed = new Uint8Array(d.vocab.status.length).fill(1);
    app.kind = -1; app.region = -1; app.query = ""; app.selected = -1;
    // The district filter: -1 every site, NO_DISTRICT those not placed in a district, else
    // a position in d.districts. Absent (null) when the map was built without a gazetteer.
    app.district = -1;
    app.districts = districtsOf(block, d.n);
    app.asOf = d.maxDay === null ? Infinity : d.maxDay;
    // The initial date: --as-of when the map was built with it, else the latest report.
    app.defaultAsOf = block.config.as_of !== null ? block.config.as_of : app.asOf;
    app.kindsPresent = present(d.S.kind, d.vocab.kind.length);
    app.regionsPresent = present(d.S.region, d.strings.length).sort(function (a, b) {
      return d.strings[a].localeCompare(d.strings[b]);
    });
    app.nogeo = [];
    for (var i = 0; i < d.n; i++) if (!d.S.geo[i]) app.nogeo.push(i);
    app.nogeo.sort(function (a, b) {
      return app.displayName(a)[0].localeCompare(app.displayName(b)[0], HM.lang);
    });
    app.ids = null;
  }

  HM.NO_DISTRICT = -2;
  HM.NO_DISTRICT_KEY = "none";  // never a place id: those start "xx-" (places.schema.json)

  /* The districts of the block and whether some site is in none, or null without them. */
  function districtsOf(block, n) {
    var list = block.districts, column = block.sites.district;
    if (!Array.isArray(list) || !list.length || !Array.isArray(column) || column.length !== n) return null;
    var unplaced = false;
    for (var i = 0; i < n; i++) if (column[i] < 0) { unplaced = true; break; }
    return { ids: list.map(function (p) { return p[0]; }),
             labels: list.map(function (p) { return p[1]; }), unplaced: unplaced };
  }

  function present(column, size) {
    var seen = new Uint8Array(size), out = [];
    for (var i = 0; i < column.length; i++) if (column[i] >= 0) seen[column[i]] = 1;
    for (var k = 0; k < size; k++) if (seen[k]) out.push(k);
    return out;
  }

  App.prototype.displayName = function (i) {
    var S = this.d.S, lang = this.d.config.lang, others = S.names[i];
    if (lang !== "en" && others) {
      for (var k = 0; k + 1 < others.length; k += 2) if (others[k] === lang) return [others[k + 1], lang];
    }
    return [S.name[i], "en"];
  };

  /* The as-of date for readers ("latest" when nothing in the catalogue is dated). */
  App.prototype.asOfLabel = function () {
    return this.asOf === Infinity ? HM.t("latest") : HM.dayToIso(this.asOf);
  };

  /* Points shared by several sites (a city or village centre): groups of site indices. */
  App.prototype.buildGroups = function () {
    var d = this.d, S = d.S, seen = new Map(), groups = [];
    this.groupOf = new Int32Array(d.n).fill(-1);
    for (var i = 0; i < d.n; i++) {
      if (!S.geo[i]) continue;
      var key = S.x[i] + "," + S.y[i] + "," + S.geo[i], first = seen.get(key);
      if (first === undefined) { seen.set(key, i); continue; }
      var g = this.groupOf[first];
      if (g < 0) { g = groups.length; groups.push([first]); this.groupOf[first] = g; }
      groups[g].push(i);
      this.groupOf[i] = g;
    }
    this.groups = groups;
    if (this.ui) this.ui.keys.badge.hidden = groups.length === 0;
  };

  App.prototype.sharedWith = function (i) {
    if (!this.groups) this.buildGroups();
    var g = this.groupOf[i];
    return g < 0 ? 0 : this.groups[g].length - 1;
  };

  /* ---- filters ---- */

  App.prototype.searchText = function () {
    var d = this.d, S = d.S, out = new Array(d.n);
    for (var i = 0; i < d.n; i++) {
      var parts = [S.name[i], S.id[i]].concat(S.alt[i] || []);
      var others = S.names[i] || [];
      for (var k = 1; k < others.length; k += 2) parts.push(others[k]);
      out[i] = fold(parts.join("\n"));
    }
    return out;
  };

  /* Case and accents do not matter in a search ("gulabli" finds "Gülablı"). */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0131/g, "i");
  }

  App.prototype.filter = function () {
    var d = this.d, S = d.S, visible = this.visible, allowed = this.allowed;
    var kind = this.kind, region = this.region, q = fold(this.query.trim());
    var district = this.districts ? this.district : -1, column = S.district;
    var unplaced = district === HM.NO_DISTRICT;
    if (q && !this.ids) this.ids = this.searchText();
    var shown = 0, counts = new Int32Array(d.vocab.status.length);
    for (var i = 0; i < d.n; i++) {
      var ok = (kind < 0 || S.kind[i] === kind) && (region < 0 || S.region[i] === region) &&
        (district === -1 || (unplaced ? column[i] < 0 : column[i] === district)) &&
        (!q || this.ids[i].indexOf(q) >= 0);
      if (ok) counts[d.status[i]]++;
      ok = ok && allowed[d.status[i]] === 1;
      visible[i] = ok ? 1 : 0;
      if (ok) shown++;
    }
    this.shown = shown;
    this.statusCounts = counts;
  };

  App.prototype.refresh = function () {
    this.filter();
    if (this.layer) this.layer.redraw();
    this.renderCounts();
  };

  App.prototype.renderCounts = function () {
    var ui = this.ui, d = this.d, app = this, nogeo = 0;
    if (!ui) return;
    for (var k = 0; k < this.nogeo.length; k++) if (this.visible[this.nogeo[k]]) nogeo++;
    ui.count.textContent = HM.t("count", { shown: HM.num(this.shown), total: HM.num(d.n) }) +
      (nogeo ? " " + HM.t("count_nogeo", { n: HM.num(nogeo) }) : "");
    ui.legendTitle.textContent = HM.t("status_as_of", { date: this.asOfLabel() });
    ui.statusCounts.forEach(function (node, s) {
      node.textContent = HM.num(app.statusCounts[s]);
      // Statuses outside the vocabulary (invalid data) get a row only when present.
      node.parentNode.hidden = s > d.unknown && !app.statusCounts[s];
    });
    ui.nogeoSummary.textContent = HM.t("without_coordinates", { n: nogeo });
    this.renderInView();
    ui.nogeo.hidden = this.nogeo.length === 0;
    if (ui.nogeo.open) this.renderList(ui.nogeoList, this.nogeo);
    ui.results.textContent = "";
    if (this.query.trim()) {
      var hits = [];
      for (var i = 0; i < d.n; i++) if (this.visible[i]) hits.push(i);
      this.renderList(ui.results, hits);
    }
  };

  /* The located sites drawn in the current view (the markers' keyboard equivalent). */
  App.prototype.sitesInView = function () {
    var d = this.d, S = d.S, out = [];
    if (!this.map) return out;
    var b = this.map.getBounds(), s = b.getSouth(), n = b.getNorth(), w = b.getWest(), e = b.getEast();
    for (var i = 0; i < d.n; i++) {
      if (!this.visible[i] || !S.geo[i]) continue;
      if (S.y[i] >= s && S.y[i] <= n && S.x[i] >= w && S.x[i] <= e) out.push(i);
    }
    return out;
  };

  App.prototype.renderInView = function () {
    var ui = this.ui;
    if (!ui || !ui.inview) return;
    var sites = this.sitesInView();
    ui.inviewSummary.textContent = HM.t("sites_in_view", { n: HM.num(sites.length) });
    if (!ui.inview.open) { ui.inviewList.textContent = ""; return; }
    var app = this, collator = new Intl.Collator(HM.lang);
    // By name when the list is short enough to read; a long one asks to zoom in anyway.
    if (sites.length <= 2000) {
      sites.sort(function (a, b) { return collator.compare(app.displayName(a)[0], app.displayName(b)[0]); });
    }
    this.renderList(ui.inviewList, sites);
  };

  App.prototype.renderList = function (ul, sites) {
    var app = this, shown = 0;
    ul.textContent = "";
    for (var k = 0; k < sites.length && shown < LIST_MAX; k++) {
      if (!this.visible[sites[k]]) continue;
      ul.appendChild(HM.siteButton(app, sites[k], null));
      shown++;
    }
    var rest = sites.filter(function (i) { return app.visible[i]; }).length - shown;
    if (rest > 0) ul.appendChild(HM.el("li", "hm-more", HM.t("more_results", { n: rest })));
  };

  /* ---- time ---- */

  App.prototype.setAsOf = function (day, quiet) {
    this.asOf = day;
    HM.recompute(this.d, day);
    var ui = this.ui, label = this.asOfLabel();
    if (ui && this.scale) {
      ui.slider.value = String(Math.round(this.scale.toPos(day)));
      ui.slider.setAttribute("aria-valuetext", label);
      ui.date.value = HM.dayToIso(day);
    }
    if (ui) {
      ui.dateLabel.textContent = label;
      if (ui.embedAsOf) ui.embedAsOf.textContent = HM.t("as_of") + " " + label;
    }
    this.refresh();
    if (this.selected >= 0) this.renderDetails();
    if (!quiet) this.saveHash();
  };

  App.prototype.togglePlay = function () {
    var app = this, ui = this.ui;
    if (app.timer) {
      clearInterval(app.timer);
      app.timer = null;
      ui.play.textContent = HM.t("play");
      return;
    }
    // Along the slider's scale, so that busy years take more frames than quiet decades.
    var scale = app.scale, steps = scale.steps, pos = app.asOf >= scale.hi ? 0 : scale.toPos(app.asOf);
    ui.play.textContent = HM.t("pause");
    app.setAsOf(scale.toDay(pos));
    app.timer = setInterval(function () {
      pos = Math.min(steps, pos + steps / 150);
      app.setAsOf(pos >= steps ? scale.hi : scale.toDay(pos));
      if (pos >= steps) app.togglePlay();
    }, 200);
  };

  HM.App = App;
})(window.heritageMap = window.heritageMap || {});
