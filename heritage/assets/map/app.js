/* heritage map, part 8 of 8: selection, moving the map, basemaps, and starting the page. */
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
      this.showDetails();
    } else if (this.groupShown) {
      ui.details.appendChild(HM.groupList(this, this.groupShown));
    }
  };

  /* A site opened by the visitor (search, a list, the map): move the map to it when it has a
   * place (unless it was clicked there: `stay`), and the keyboard focus to its heading. */
  App.prototype.open = function (i, back, stay) {
    // Where the keyboard was, to go back there when the details are closed.
    var from = document.activeElement;
    if (from && from !== document.body && !this.ui.details.contains(from)) this.returnTo = from;
    this.select(i, back);
    if (this.d.S.geo[i] && this.map && !stay) this.focus(i);
    this.focusHeading();
  };

  App.prototype.focusHeading = function () {
    var heading = this.ui.details.querySelector(".hm-site-title");
    if (!heading) return;
    this.showDetails();
    heading.focus({ preventScroll: true });
  };

  /* Scroll the panel so that the details start right under the (sticky) time bar. */
  App.prototype.showDetails = function () {
    var ui = this.ui, bar = ui.panel.querySelector(".hm-timebar");
    ui.panel.scrollTop = Math.max(0, ui.details.offsetTop - (bar ? bar.offsetHeight : 0));
  };

  App.prototype.close = function () {
    var hadFocus = this.ui.details.contains(document.activeElement);
    this.groupShown = null;
    this.select(-1);
    if (!hadFocus) return;
    // Back where the site was opened from (a list entry, the search, the map), if it is
    // still there; else the map.
    var target = this.returnTo && document.contains(this.returnTo) ? this.returnTo : this.map.getContainer();
    target.focus();
  };

  App.prototype.showGroup = function (members) {
    this.selected = -1;
    this.groupShown = members;
    this.renderDetails();
    this.expand(true);
    if (this.layer) this.layer.redraw();
    this.saveHash();
    this.focusHeading();
  };

  App.prototype.expand = function (open) {
    this.ui.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("hm-open", open);
    // The histogram cannot be drawn while its panel is folded away (no width).
    if (open && this.scale) this.scale.draw(this.ui.histogram, 8);
  };

  App.prototype.onMapClick = function (e) {
    var hits = this.layer.sitesAt(e.containerPoint);
    if (!hits.length) return;
    if (hits.length === 1) this.open(hits[0], null, true);
    else {
      this.groupShown = null;
      this.showGroup(hits);
    }
  };

  App.prototype.focus = function (i) {
    // A monument's own point closely (apart from a city point next to it); others less so;
    // a sensitive site's cell as a whole.
    var S = this.d.S, own = S.prec[i] === this.d.vocab.precision.indexOf("site");
    var zoom = S.geo[i] === 2 ? 11 : own ? 15 : 12;
    this.map.setView([S.y[i], S.x[i]], Math.max(this.map.getZoom(), zoom), { animate: false });
  };

  /* ---- basemaps ---- */

  /* Show basemap number k (xyzservices providers, in the configured order). A visible notice
   * says when its tiles fail (offline, blocked, a provider down). */
  App.prototype.setBasemap = function (k) {
    var app = this, map = this.map, list = this.d.config.basemaps;
    if (!map || !list.length) return;
    k = k >= 0 && k < list.length ? k : 0;
    this.ui.basemap.value = list[k].name;
    if (this.tiles && this.basemap === k) return;
    if (this.tiles) map.removeLayer(this.tiles);
    this.clearNotices("tiles");
    var b = list[k], failed = 0, loaded = 0;
    var layer = L.tileLayer(b.url, {
      attribution: b.attribution, maxZoom: b.max_zoom, maxNativeZoom: b.max_zoom,
      subdomains: b.subdomains, detectRetina: false
    });
    layer.on("tileerror", function () {
      failed++;
      if (failed >= 3 && failed > loaded && app.tiles === layer) {
        app.notice(HM.t("tiles_failed", { n: HM.num(failed) }), "tiles");
      }
    });
    layer.on("tileload", function () { loaded++; });
    layer.addTo(map);
    layer.bringToBack();
    this.tiles = layer;
    this.basemap = k;
  };

  /* ---- start ---- */

  App.prototype.wire = function () {
    var app = this, ui = this.ui, d = this.d;
    ui.search.addEventListener("input", function () {
      app.query = ui.search.value;
      app.refresh();
      app.saveHash();
    });
    // Enter in the search opens the first result (and moves the map to it).
    ui.search.addEventListener("keydown", function (e) {
      var first = ui.results.querySelector(".hm-site");
      if (e.key === "Enter" && first) { e.preventDefault(); first.click(); }
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
    if (ui.district) {
      ui.district.addEventListener("change", function () {
        app.district = app.districtOf(ui.district.value);
        app.refresh();
        app.saveHash();
      });
    }
    ui.slider.addEventListener("input", function () { app.setAsOf(app.scale.toDay(+ui.slider.value)); });
    ui.date.addEventListener("change", function () {
      var day = HM.parseDay(ui.date.value);
      if (day !== null) app.setAsOf(day);
    });
    ui.slider.addEventListener("keydown", function (e) { HM.sliderKeys(app, e); });
    ui.play.addEventListener("click", function () { app.togglePlay(); });
    ui.basemap.addEventListener("change", function () {
      app.setBasemap(d.config.basemaps.map(function (b) { return b.name; }).indexOf(ui.basemap.value));
      app.saveHash();
    });
    ui.inview.addEventListener("toggle", function () { app.renderInView(); });
    var drawScale = function () { if (app.scale) app.scale.draw(ui.histogram, 8); };
    window.addEventListener("resize", drawScale);
    drawScale();
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
      app.renderInView();
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

  /* The Leaflet map in the page's element: zoom and scale controls, sites drawn on a canvas,
   * the opening view (fitted to the sites in HM.start). An embedded map starts with the
   * scroll wheel left to the page (see attachMap). */
  HM.createMap = function (config) {
    var map = L.map(config.element, {
      center: config.view.center,
      zoom: config.view.zoom,
      preferCanvas: true,
      scrollWheelZoom: !config.embed
    });
    L.control.scale().addTo(map);
    return map;
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
    if (!window.L) {
      // The fallback message in the page says why (page.py); nothing else can work.
      document.documentElement.classList.add("hm-no-leaflet");
      return;
    }
    var map = HM.createMap(block.config);
    document.body.appendChild(HM.buildPanel(app));
    var ui = app.ui, main = document.querySelector(".hm-main") || document.body;
    if (block.config.embed) {
      var header = HM.buildEmbedHeader(app, ui);
      document.body.insertBefore(header, document.body.firstChild);
      // The map starts under the header, whose credit line may take two lines on a phone.
      var fit = function () {
        document.body.style.setProperty("--hm-head-h", header.offsetHeight + "px");
        if (app.map) app.map.invalidateSize({ animate: false });
      };
      fit();
      // Again whenever it changes height (the date is filled in later; the frame resizes).
      if (window.ResizeObserver) new ResizeObserver(fit).observe(header);
      else window.addEventListener("resize", fit);
    }
    ui.notices = HM.el("div", "hm-notices");
    ui.notices.setAttribute("role", "status");
    ui.notices.hidden = true;
    main.appendChild(ui.notices);
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
    app.renderInView();
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
