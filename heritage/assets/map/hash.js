/* heritage map, part 7 of 8: the URL fragment, checked value by value, and notices.
 *
 * The state (site, as_of, status, kind, region, district, q, view, basemap, lang) lives in the
 * fragment, so that a view can be shared as a link: index.html#as_of=2021-06-30&site=amaras.
 * A link is written by anyone, so every value is checked before it is used; a value that
 * is wrong is ignored and a visible notice says so (never an exception that stops the page).
 */
(function (HM) {
  "use strict";

  var App = HM.App;
  var KEYS = ["site", "as_of", "status", "kind", "region", "district", "q", "view", "basemap", "lang"];
  var Q_MAX = 200;         // longest search text taken from a link
  var SHOWN_MAX = 80;      // longest value quoted back in a notice
  var HASH_MAX = 8000;     // a longer fragment is not read at all
  var NUMBER = /^-?\d{1,3}(\.\d{1,12})?$/;
  var LAT_MAX = 85.0511287798;

  function clip(text) {
    text = String(text);
    return text.length > SHOWN_MAX ? text.slice(0, SHOWN_MAX) + "…" : text;
  }

  /* ---- notices ---- */

  /* A visible message over the map, with a button to dismiss it; `extra` is a node. */
  App.prototype.notice = function (text, key, extra) {
    var box = this.ui && this.ui.notices, app = this;
    if (!box) return null;
    if (key) {
      // Compared as text: the key may quote a link's value, never put into a selector.
      Array.prototype.slice.call(box.children).forEach(function (node) {
        if (node.dataset.key === key) node.remove();
      });
    }
    var item = HM.el("div", "hm-notice");
    if (key) item.dataset.key = key;
    item.appendChild(HM.el("p", null, text));
    if (extra) item.appendChild(extra);
    var close = HM.el("button", "hm-notice-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", HM.t("dismiss"));
    close.addEventListener("click", function () { item.remove(); app.layoutNotices(); });
    item.appendChild(close);
    box.appendChild(item);
    this.layoutNotices();
    return item;
  };

  App.prototype.clearNotices = function (prefix) {
    var box = this.ui && this.ui.notices;
    if (!box) return;
    Array.prototype.slice.call(box.children).forEach(function (node) {
      if ((node.dataset.key || "").indexOf(prefix) === 0) node.remove();
    });
    this.layoutNotices();
  };

  App.prototype.layoutNotices = function () {
    var box = this.ui && this.ui.notices;
    if (box) box.hidden = box.children.length === 0;
  };

  /* ---- did you mean ---- */

  /* Edit distance, giving up above `limit` (most ids are far apart: a cheap answer). */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = new Array(b.length + 1), cur = new Array(b.length + 1), i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > limit) return limit + 1;
      var swap = prev; prev = cur; cur = swap;
    }
    return prev[b.length];
  }

  /* Up to three ids close to a mistyped one. */
  App.prototype.closeIds = function (wrong) {
    var ids = this.d.S.id, found = [], w = wrong.toLowerCase();
    if (w.length > 200) return found;
    var limit = Math.max(2, Math.floor(w.length / 4));
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i], dist = distance(w, id.toLowerCase(), limit);
      if (dist > limit && w.length >= 4 && id.indexOf(w) >= 0) dist = limit;
      if (dist <= limit) found.push([dist, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, 3).map(function (pair) { return pair[1]; });
  };

  App.prototype.unknownSite = function (id) {
    var app = this, close = this.closeIds(id), extra = null;
    if (close.length) {
      extra = HM.el("p", "hm-suggest", HM.t("did_you_mean") + " ");
      close.forEach(function (i, k) {
        var b = HM.el("button", "hm-link-button", app.d.S.id[i]);
        b.type = "button";
        b.addEventListener("click", function () { app.clearNotices("site"); app.open(i); });
        if (k) extra.appendChild(document.createTextNode(", "));
        extra.appendChild(b);
      });
    }
    this.notice(HM.t("bad_site", { id: clip(id) }), "site", extra);
  };

  /* ---- writing the fragment ---- */

  App.prototype.saveHash = function () {
    if (this.restoring) return;
    var hash = this.stateHash();
    this.lastHash = hash;
    var url = hash ? "#" + hash : location.pathname + location.search;
    // Sandboxed iframes may refuse history changes; the fragment still works there.
    try { history.replaceState(null, "", url); } catch (err) { location.replace("#" + hash); }
    this.shareState(hash);
  };

  /* The fragment for the current state (only values the page itself produced). */
  App.prototype.stateHash = function () {
    var p = new URLSearchParams(), d = this.d, app = this;
    if (this.selected >= 0) p.set("site", d.S.id[this.selected]);
    if (this.asOf !== this.defaultAsOf) p.set("as_of", HM.dayToIso(this.asOf));
    var off = d.vocab.status.filter(function (c, s) { return !app.allowed[s]; });
    if (off.length) {
      p.set("status", d.vocab.status.filter(function (c, s) { return app.allowed[s]; }).join(","));
    }
    if (this.kind >= 0) p.set("kind", d.vocab.kind[this.kind]);
    if (this.region >= 0) p.set("region", d.strings[this.region]);
    if (this.districts && this.district !== -1) p.set("district", this.districtKey(this.district));
    if (this.query) p.set("q", this.query);
    if (this.map && this.viewMoved) {
      var c = this.map.getCenter();
      p.set("view", [this.map.getZoom(), c.lat.toFixed(5), c.lng.toFixed(5)].join("/"));
    }
    if (this.basemap > 0) p.set("basemap", d.config.basemaps[this.basemap].name);
    return p.toString();
  };

  /* The language links and the embed's "full map" link keep the visitor's view. */
  App.prototype.shareState = function (hash) {
    var ui = this.ui, suffix = hash ? "#" + hash : "";
    if (ui.langLinks) {
      Array.prototype.forEach.call(ui.langLinks, function (a) {
        a.setAttribute("href", a.dataset.href + suffix);
      });
    }
    if (ui.fullMap) ui.fullMap.setAttribute("href", this.d.config.full_map + suffix);
  };

  /* ---- reading it ---- */

  App.prototype.readHash = function () {
    var raw = location.hash.replace(/^#/, "");
    if (raw === this.lastHash) return;
    this.clearNotices("hash");
    var p = new URLSearchParams(raw.length > HASH_MAX ? "" : raw), d = this.d, ui = this.ui;
    var app = this, bad = function (key, params) {
      app.notice(HM.t(key, params), "hash-" + key + "-" + (params.value || ""));
    };
    if (raw.length > HASH_MAX) bad("bad_key", { value: clip(raw) });
    p.forEach(function (value, key) {
      if (KEYS.indexOf(key) < 0) bad("bad_key", { value: clip(key + "=" + value) });
    });
    this.restoring = true;
    this.readFilters(p, bad);
    var day = this.defaultAsOf;
    if (p.has("as_of")) {
      // A real date, from the year 1000 (or the first report, if earlier) to 9999.
      var asked = HM.parseDay(p.get("as_of")), earliest = HM.parseDay("1000-01-01");
      if (this.scale) earliest = Math.min(earliest, this.scale.lo);
      if (asked === null || asked < earliest) bad("bad_as_of", { value: clip(p.get("as_of")) });
      else day = asked;
    }
    this.setAsOf(day, true);
    var basemaps = d.config.basemaps.map(function (b) { return b.name; });
    this.setBasemap(this.readChoice(p, "basemap", basemaps, "bad_basemap", bad));
    this.readLanguage(p, bad);
    var viewSet = this.readView(p, bad);
    var i = -1;
    if (p.has("site")) {
      i = this.indexOf(p.get("site"));
      if (i < 0) this.unknownSite(p.get("site"));
      else this.clearNotices("site");
    }
    this.select(i);
    if (i >= 0 && d.S.geo[i] && !viewSet && this.map) this.focus(i);
    ui.search.value = this.query;
    this.restoring = false;
    this.lastHash = raw;
    this.shareState(this.stateHash());
  };

  App.prototype.readFilters = function (p, bad) {
    var d = this.d, ui = this.ui, app = this, statuses = p.get("status"), wanted = null;
    if (statuses !== null) {
      // "status=" (every box unticked) shows none; unknown codes are named and ignored.
      wanted = [];
      statuses.split(",").forEach(function (code) {
        if (code === "" && statuses === "") return;
        if (d.vocab.status.indexOf(code) >= 0) wanted.push(code);
        else bad("bad_status", { value: clip(code) });
      });
      if (!wanted.length && statuses !== "") wanted = null;
    }
    d.vocab.status.forEach(function (code, s) {
      app.allowed[s] = wanted === null || wanted.indexOf(code) >= 0 ? 1 : 0;
      ui.statusBoxes[s].checked = app.allowed[s] === 1;
    });
    this.kind = -1;
    if (p.has("kind")) {
      var kind = d.vocab.kind.indexOf(p.get("kind"));
      if (this.kindsPresent.indexOf(kind) >= 0) this.kind = kind;
      else bad("bad_kind", { value: clip(p.get("kind")) });
    }
    ui.kind.value = this.kind >= 0 ? d.vocab.kind[this.kind] : "";
    this.region = -1;
    if (p.has("region")) {
      var region = d.strings.indexOf(p.get("region"));
      if (region >= 0 && this.regionsPresent.indexOf(region) >= 0) this.region = region;
      else bad("bad_region", { value: clip(p.get("region")) });
    }
    ui.region.value = this.region >= 0 ? d.strings[this.region] : "";
    this.district = -1;
    if (p.has("district")) {
      // A place id of a district on this map, or "none" when some site is in no district.
      var district = this.districtOf(p.get("district"));
      if (district !== -1 && p.get("district") !== "") this.district = district;
      else bad("bad_district", { value: clip(p.get("district")) });
    }
    if (ui.district) ui.district.value = this.districtKey(this.district);
    this.query = "";
    if (p.has("q")) {
      if (p.get("q").length > Q_MAX) bad("bad_q", { n: Q_MAX, value: "" });
      else this.query = p.get("q");
    }
  };

  /* The filter value for a district key (a place id, "none"), or -1 when it is none of them. */
  App.prototype.districtOf = function (key) {
    var ds = this.districts;
    if (!ds || typeof key !== "string") return -1;
    if (key === HM.NO_DISTRICT_KEY) return ds.unplaced ? HM.NO_DISTRICT : -1;
    return ds.ids.indexOf(key);
  };

  /* The key of a district filter value: "" for every site (the select's first option). */
  App.prototype.districtKey = function (value) {
    if (value === HM.NO_DISTRICT) return HM.NO_DISTRICT_KEY;
    return value >= 0 && this.districts ? this.districts.ids[value] : "";
  };

  /* The position of a value in a list of names, or 0 (the default). */
  App.prototype.readChoice = function (p, key, names, message, bad) {
    if (!p.has(key)) return 0;
    var value = p.get(key), at = names.indexOf(value);
    if (at < 0) bad(message, { value: clip(value), list: names.join(", ") });
    return Math.max(0, at);
  };

  /* lang=hy opens the Armenian page on the same view, when it was built. */
  App.prototype.readLanguage = function (p, bad) {
    var langs = this.d.config.languages;
    var at = this.readChoice(p, "lang", langs.map(function (l) { return l.code; }), "bad_lang", bad);
    if (!p.has("lang") || langs[at].code !== p.get("lang") || p.get("lang") === this.d.config.lang) return;
    p.delete("lang");
    var rest = p.toString();
    location.replace(langs[at].href + (rest ? "#" + rest : ""));
  };

  /* view=zoom/lat/lon, each a plain number in range; returns whether the view was set. */
  App.prototype.readView = function (p, bad) {
    if (!p.has("view") || !this.map) return false;
    var raw = p.get("view"), parts = raw.split("/"), map = this.map;
    var lo = map.getMinZoom(), hi = Math.min(map.getMaxZoom(), 22);
    if (!isFinite(hi)) hi = 19;
    var ok = parts.length === 3 && parts.every(function (x) { return NUMBER.test(x); });
    var z = ok ? Number(parts[0]) : NaN, lat = ok ? Number(parts[1]) : NaN, lon = ok ? Number(parts[2]) : NaN;
    ok = ok && z === Math.round(z) && z >= lo && z <= hi && Math.abs(lat) <= LAT_MAX && Math.abs(lon) <= 180;
    if (!ok) {
      bad("bad_view", { value: clip(raw), min: lo, max: hi });
      return false;
    }
    map.setView([lat, lon], z, { animate: false });
    this.viewMoved = true;
    return true;
  };

  App.prototype.indexOf = function (id) {
    if (!this.byId) {
      this.byId = new Map();
      for (var i = 0; i < this.d.n; i++) this.byId.set(this.d.S.id[i], i);
    }
    var found = this.byId.get(id);
    return found === undefined ? -1 : found;
  };
})(window.heritageMap = window.heritageMap || {});
