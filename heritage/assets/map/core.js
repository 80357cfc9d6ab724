/* heritage map, part 1 of 8: the data block, status over time, text, safe DOM helpers.
 *
 * Everything from the catalogue is untrusted text. It reaches the page only through
 * JSON.parse of the data block and the DOM only through textContent or setAttribute with
 * URLs vetted by safeUrl(); no innerHTML, no string-built markup, no template literals.
 */
(function (HM) {
  "use strict";

  var DAY_MS = 86400000;

  /* Decode the columnar block into arrays the drawing and the filters can loop over. */
  HM.decode = function (block) {
    var S = block.sites, E = block.events, vocab = block.vocab;
    var n = S.id.length, i, j, k;
    var d = {
      block: block, vocab: vocab, config: block.config, labels: block.labels,
      strings: block.strings, S: S, E: E, n: n, areas: block.areas
    };
    d.unknown = vocab.status.indexOf("unknown");
    d.claim = vocab.type.indexOf("claim");
    var setting = new Uint8Array(vocab.type.length);
    block.config.setting.forEach(function (code) { setting[code] = 1; });
    // Offsets of each site's events in the event columns.
    var evStart = new Int32Array(n + 1);
    for (i = 0; i < n; i++) evStart[i + 1] = evStart[i] + S.events[i];
    d.evStart = evStart;
    // The timeline: per site, the dated events that set a status, sorted by effective day
    // then list order, so that the last one on or before a day decides (heritage/history.py).
    var tlStart = new Int32Array(n + 1);
    var tlDay = new Float64Array(E.day.length), tlStatus = new Int16Array(E.day.length);
    var m = 0, lo = Infinity, hi = -Infinity;
    for (i = 0; i < n; i++) {
      tlStart[i] = m;
      for (j = evStart[i]; j < evStart[i + 1]; j++) {
        var day = E.day[j];
        if (day === null) continue;
        if (day < lo) lo = day;
        if (day > hi) hi = day;
        if (!setting[E.type[j]] || E.status[j] < 0) continue;
        // Insertion keeps list order among equal days (a stable sort of a short run).
        k = m;
        while (k > tlStart[i] && tlDay[k - 1] > day) {
          tlDay[k] = tlDay[k - 1]; tlStatus[k] = tlStatus[k - 1]; k--;
        }
        tlDay[k] = day; tlStatus[k] = E.status[j]; m++;
      }
    }
    tlStart[n] = m;
    d.tlStart = tlStart; d.tlDay = tlDay; d.tlStatus = tlStatus;
    d.minDay = lo === Infinity ? null : lo;
    d.maxDay = hi === -Infinity ? null : hi;
    d.status = new Int16Array(n);
    // Web Mercator at scale 1 (Leaflet's EPSG3857 divided by 256 * 2^zoom).
    var wx = new Float64Array(n), wy = new Float64Array(n), geo = S.geo, lim = 85.0511287798;
    for (i = 0; i < n; i++) {
      if (!geo[i]) continue;
      var lat = Math.max(-lim, Math.min(lim, S.y[i])) * Math.PI / 180;
      wx[i] = S.x[i] / 360 + 0.5;
      wy[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI);
    }
    d.wx = wx; d.wy = wy;
    return d;
  };

  /* Status of site i as of a day number (Infinity: every dated event). */
  HM.statusAt = function (d, i, day) {
    for (var k = d.tlStart[i + 1] - 1; k >= d.tlStart[i]; k--) {
      if (d.tlDay[k] <= day) return d.tlStatus[k];
    }
    return d.unknown;
  };

  HM.recompute = function (d, day) {
    var status = d.status, tlStart = d.tlStart, tlDay = d.tlDay, tlStatus = d.tlStatus;
    for (var i = 0; i < d.n; i++) {
      var s = d.unknown;
      for (var k = tlStart[i + 1] - 1; k >= tlStart[i]; k--) {
        if (tlDay[k] <= day) { s = tlStatus[k]; break; }
      }
      status[i] = s;
    }
  };

  /* ---- text ---- */

  HM.t = function (key, params) {
    var text = HM.labels.ui[key];
    if (typeof text !== "string") text = key;
    if (!params) return text;
    // One pass, so that a value (catalogue text) is never itself scanned for placeholders.
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  };

  /* A number for readers in the page's language (100,000 rather than 100000). */
  HM.num = function (n) {
    try { return n.toLocaleString(HM.lang); } catch (e) { return String(n); }
  };

  /* A vocabulary label (status, kind, type, confidence, precision) in the page's language;
   * codes outside the vocabulary are shown as written. */
  HM.term = function (group, code) {
    var table = HM.labels[group] || {};
    return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : String(code);
  };

  HM.str = function (d, code) { return code >= 0 ? d.strings[code] : null; };

  /* ---- dates ---- */

  HM.dayToIso = function (day) {
    var date = new Date(day * DAY_MS), y = date.getUTCFullYear();
    var ys = String(Math.abs(y));
    while (ys.length < 4) ys = "0" + ys;
    return (y < 0 ? "-" : "") + ys + "-" + pad2(date.getUTCMonth() + 1) + "-" +
      pad2(date.getUTCDate());
  };

  function pad2(x) { return x < 10 ? "0" + x : String(x); }

  /* YYYY, YYYY-MM or YYYY-MM-DD to the day number of its latest day (as heritage.dates). */
  HM.parseDay = function (text) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text || "");
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : 12, day = m[3] ? +m[3] : 0;
    if (mo < 1 || mo > 12) return null;
    var date = new Date(0);
    // Day 0 of the next month is the last day of this one; setUTCFullYear keeps years < 100.
    date.setUTCFullYear(y, m[3] ? mo - 1 : mo, m[3] ? day : 0);
    if (m[3] && (date.getUTCDate() !== day || day < 1)) return null;
    return Math.round(date.getTime() / DAY_MS);
  };

  /* A date as written, for readers: "between A and B", "by B", "after A", "undated". */
  HM.describeDate = function (text) {
    if (typeof text !== "string") return HM.t("date_undated");
    var parts = text.split("/");
    if (parts.length !== 2) return text;
    if (parts[0] === "..") return HM.t("date_by", { date: parts[1] });
    if (parts[1] === "..") return HM.t("date_after", { date: parts[0] });
    return HM.t("date_between", { start: parts[0], end: parts[1] });
  };

  /* ---- safe DOM ---- */

  HM.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  /* Only web URLs become links: the project's one URL rule (heritage/urls.py, WEB_PATTERN;
   * a parity test runs both on one table). The text test comes first because the URL
   * parser strips controls and spaces and drops tabs and newlines (" java\tscript:" would
   * parse as javascript:). */
  HM.WEB_URL = /^[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb\/?#\\]+(?:[\/?#][^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]*)?$/;
  HM.safeUrl = function (text) {
    if (typeof text !== "string" || !HM.WEB_URL.test(text)) return null;
    var url;
    try { url = new URL(text); } catch (e) { return null; }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  };

  HM.link = function (url, label) {
    var safe = HM.safeUrl(url);
    var raw = typeof url === "string" ? url : "", shown = label || raw;
    if (!safe) {
      // A refused address is shown as written, as text, so that readers see what it was.
      var span = HM.el("span", "hm-nolink", label && raw ? label + " (" + raw + ")" : shown);
      span.title = HM.t("not_a_link");
      return span;
    }
    var a = HM.el("a", null, shown);
    a.setAttribute("href", safe);
    a.setAttribute("rel", "noopener noreferrer nofollow ugc");
    a.setAttribute("target", "_blank");
    return a;
  };

  /* BCP 47-looking tags only; anything else is left off rather than put in an attribute. */
  HM.setLang = function (node, tag) {
    if (typeof tag === "string" && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) {
      node.setAttribute("lang", tag);
    }
    return node;
  };
})(window.heritageMap = window.heritageMap || {});
