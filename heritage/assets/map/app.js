/* heritage map, part 5 of 5: selection, the URL fragment, and starting the page.
 *
 * The state (site, as_of, status, kind, region, q, view) lives in the fragment, so a view can
 * be shared as a link: index.html#as_of=2021-06-30&site=amaras-monastery.
 */
(function (HM) {
  "use strict";

  var App = HM.App;

  /* ---- selection ---- */

  App.prototype.select = function (i, back) {
    this.selected = i;
    this.back = back || null;
    this.renderDetails();
    if (this.layer) this.layer.redraw();
    this.saveHash();
  };

  /* The details block follows the page's script, so that the sites are drawn first; it can
   * be read once the parser is past it. */
  App.prototype.loadDetails = function () {
    if (this.detailsLoaded) return true;
    var node = document.getElementById("heritage-details");
    if (!node || document.readyState === "loading") return false;
    var det = JSON.parse(node.textContent);
    Object.assign(this.d.S, det.sites);
    Object.assign(this.d.E, det.events);
    this.detailsLoaded = true;
    HM.timing.details = performance.now();
    return true;
  };

  App.prototype.renderDetails = function () {
    var ui = this.ui, app = this;
    ui.details.textContent = "";
    ui.details.hidden = this.selected < 0 && !this.groupShown;
    if (this.selected >= 0 && !this.loadDetails()) {
      ui.details.appendChild(HM.el("p", "hm-note", HM.t("loading")));
      document.addEventListener("DOMContentLoaded", function () { app.renderDetails(); });
      this.expand(true);
    } else if (this.selected >= 0) {
      this.groupShown = null;
      ui.details.appendChild(HM.details(this, this.selected, this.back));
      this.expand(true);
      ui.details.scrollIntoView({ block: "nearest" });
    } else if (this.groupShown) {
      ui.details.appendChild(HM.groupList(this, this.groupShown));
    }
  };

  App.prototype.close = function () {
    this.groupShown = null;
    this.select(-1);
  };

  App.prototype.showGroup = function (members) {
    this.selected = -1;
    this.groupShown = members;
    this.renderDetails();
    this.expand(true);
    if (this.layer) this.layer.redraw();
    this.saveHash();
  };

  App.prototype.expand = function (open) {
    this.ui.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("hm-open", open);
  };

  App.prototype.onMapClick = function (e) {
    var hits = this.layer.sitesAt(e.containerPoint);
    if (!hits.length) return;
    if (hits.length === 1) this.select(hits[0]);
    else {
      this.groupShown = null;
      this.showGroup(hits);
    }
  };

  /* ---- the fragment ---- */

  App.prototype.saveHash = function () {
    if (this.restoring) return;
    var p = new URLSearchParams(), d = this.d, app = this;
    if (this.selected >= 0) p.set("site", d.S.id[this.selected]);
    if (this.asOf !== this.defaultAsOf) p.set("as_of", HM.dayToIso(this.asOf));
    var off = d.vocab.status.filter(function (c, s) { return !app.allowed[s]; });
    if (off.length) {
      p.set("status", d.vocab.status.filter(function (c, s) { return app.allowed[s]; }).join(","));
    }
    if (this.kind >= 0) p.set("kind", d.vocab.kind[this.kind]);
    if (this.region >= 0) p.set("region", d.strings[this.region]);
    if (this.query) p.set("q", this.query);
    if (this.map && this.viewMoved) {
      var c = this.map.getCenter();
      p.set("view", [this.map.getZoom(), c.lat.toFixed(5), c.lng.toFixed(5)].join("/"));
    }
    var hash = p.toString();
    this.lastHash = hash;
    var url = hash ? "#" + hash : location.pathname + location.search;
    // Sandboxed iframes may refuse history changes; the fragment still works there.
    try { history.replaceState(null, "", url); } catch (err) { location.replace("#" + hash); }
  };

  App.prototype.readHash = function () {
    var raw = location.hash.replace(/^#/, "");
    if (raw === this.lastHash) return;
    var p = new URLSearchParams(raw), d = this.d, ui = this.ui, app = this;
    this.restoring = true;
    var statuses = p.get("status");
    d.vocab.status.forEach(function (code, s) {
      app.allowed[s] = statuses === null || statuses.split(",").indexOf(code) >= 0 ? 1 : 0;
      ui.statusBoxes[s].checked = app.allowed[s] === 1;
    });
    this.kind = p.has("kind") ? d.vocab.kind.indexOf(p.get("kind")) : -1;
    ui.kind.value = this.kind >= 0 ? d.vocab.kind[this.kind] : "";
    this.region = p.has("region") ? d.strings.indexOf(p.get("region")) : -1;
    if (this.region >= 0 && d.S.region.indexOf(this.region) < 0) this.region = -1;
    ui.region.value = this.region >= 0 ? d.strings[this.region] : "";
    this.query = p.get("q") || "";
    ui.search.value = this.query;
    var day = HM.parseDay(p.get("as_of"));
    if (day === null) day = this.defaultAsOf;
    this.setAsOf(day, true);
    var view = (p.get("view") || "").split("/").map(Number), viewSet = false;
    if (view.length === 3 && view.every(isFinite) && this.map) {
      this.map.setView([view[1], view[2]], view[0], { animate: false });
      this.viewMoved = viewSet = true;
    }
    var site = p.get("site");
    var i = site === null ? -1 : this.indexOf(site);
    this.select(i);
    if (i >= 0 && this.d.S.geo[i] && !viewSet && this.map) this.focus(i);
    this.restoring = false;
    this.lastHash = raw;
  };

  App.prototype.indexOf = function (id) {
    if (!this.byId) {
      this.byId = new Map();
      for (var i = 0; i < this.d.n; i++) this.byId.set(this.d.S.id[i], i);
    }
    var found = this.byId.get(id);
    return found === undefined ? -1 : found;
  };

  App.prototype.focus = function (i) {
    // A monument's own point closely (apart from a city point next to it); others less so.
    var S = this.d.S, own = S.prec[i] === this.d.vocab.precision.indexOf("site");
    var zoom = Math.max(this.map.getZoom(), own ? 15 : 12);
    this.map.setView([S.y[i], S.x[i]], zoom, { animate: false });
  };

  /* ---- start ---- */

  App.prototype.wire = function () {
    var app = this, ui = this.ui, d = this.d;
    ui.search.addEventListener("input", function () {
      app.query = ui.search.value;
      app.refresh();
      app.saveHash();
    });
    ui.statusBoxes.forEach(function (box, s) {
      box.addEventListener("change", function () {
        app.allowed[s] = box.checked ? 1 : 0;
        app.refresh();
        app.saveHash();
      });
    });
    ui.kind.addEventListener("change", function () {
      app.kind = ui.kind.value ? d.vocab.kind.indexOf(ui.kind.value) : -1;
      app.refresh();
      app.saveHash();
    });
    ui.region.addEventListener("change", function () {
      app.region = ui.region.value ? d.strings.indexOf(ui.region.value) : -1;
      app.refresh();
      app.saveHash();
    });
    ui.slider.addEventListener("input", function () { app.setAsOf(+ui.slider.value); });
    ui.date.addEventListener("change", function () {
      var day = HM.parseDay(ui.date.value);
      if (day !== null) app.setAsOf(day);
    });
    ui.play.addEventListener("click", function () { app.togglePlay(); });
    ui.nogeo.addEventListener("toggle", function () { app.renderCounts(); });
    ui.toggle.addEventListener("click", function () {
      app.expand(ui.toggle.getAttribute("aria-expanded") !== "true");
    });
    window.addEventListener("hashchange", function () { app.readHash(); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && (app.selected >= 0 || app.groupShown)) app.close();
    });
  };

  App.prototype.attachMap = function (map) {
    var app = this;
    this.map = map;
    this.layer = new HM.SiteLayer(this).addTo(map);
    map.on("click", function (e) { app.onMapClick(e); });
    var pending = false, container = map.getContainer();
    // Only a view the visitor chose goes into the fragment, not the opening animation.
    ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      container.addEventListener(type, function () { app.touched = true; }, { passive: true });
    });
    map.on("moveend", function () {
      if (app.restoring || !app.ready || !app.touched) return;
      app.viewMoved = true;
      app.saveHash();
    });
    map.on("mousemove", function (e) {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        container.classList.toggle("hm-pointer", app.layer.sitesAt(e.containerPoint).length > 0);
      });
    });
    if (this.d.config.embed) {
      // An embedded map leaves the page's scroll wheel alone until a visitor engages with it.
      map.scrollWheelZoom.disable();
      var engage = function () { map.scrollWheelZoom.enable(); };
      map.on("click focus", engage);
      container.addEventListener("focusin", engage);
      container.addEventListener("mouseleave", function () {
        if (document.activeElement !== container) map.scrollWheelZoom.disable();
      });
    }
  };

  HM.start = function () {
    HM.timing.start = performance.now();
    var settings = JSON.parse(document.getElementById("heritage-config").textContent);
    var block = JSON.parse(document.getElementById("heritage-data").textContent);
    HM.timing.parsed = performance.now();
    block.config = settings.config;
    block.labels = settings.labels;
    var app = new App(block);
    HM.app = app;
    HM.timing.decoded = performance.now();
    var map = window[block.config.map];
    document.body.appendChild(HM.buildPanel(app));
    app.wire();
    HM.map = app.map = map;
    if (block.config.bounds) {
      map.fitBounds(block.config.bounds, { padding: [24, 24], maxZoom: 13, animate: false });
    }
    // State first (from the fragment), then the layer, so that the first drawing is right.
    app.readHash();
    app.attachMap(map);
    if (!app.groups) app.buildGroups();
    app.layer.redraw();
    app.ready = true;
    HM.timing.ready = performance.now();
    // Read the details while the visitor looks at the map, so that a click opens at once.
    var later = window.requestIdleCallback || function (f) { setTimeout(f, 50); };
    window.addEventListener("load", function () { later(function () { app.loadDetails(); }); });
    // A marker for tests and benchmarks that wait without running script in the page.
    document.documentElement.setAttribute("data-hm-ready", "1");
  };

  HM.start();
})(window.heritageMap = window.heritageMap || {});
