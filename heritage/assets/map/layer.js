/* heritage map, part 2 of 8: one canvas that draws every site.
 *
 * One Leaflet layer object per site would cost seconds at 100,000 sites; instead this layer
 * keeps the positions in typed arrays, draws one path per status, and finds the
 * sites under a click by a scan of the visible ones. Status is told by shape and colour
 * (the Okabe-Ito palette of heritage/vocabulary.py); points that stand for a settlement or
 * a city get a dashed ring; sensitive sites are drawn as their grid cell.
 */
(function (HM) {
  "use strict";

  var R = 7;         // marker radius in CSS pixels
  var HIT = R + 3;   // how close a click must be
  var PAD = 0.15;    // canvas margin around the view, as a share of its size, for panning
  var BLIT_FROM = 4000;  // above this many markers in view, stamp pixels instead of paths

  /* Marker radius for a number of markers in view: smaller when dense, so that density
   * shows and the drawing stays fast. */
  function radius(count) { return count > 20000 ? 4 : count > 5000 ? 5 : R; }

  /* The pixels of one status marker: offsets in a canvas row of width W, and RGBA values. */
  function stamp(status, dpr, W, r) {
    var size = Math.ceil((2 * r + 8) * dpr), c = document.createElement("canvas");
    c.width = size; c.height = size;
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    HM.paintShape(ctx, status, size / dpr / 2, size / dpr / 2, r);
    var data = new Uint32Array(ctx.getImageData(0, 0, size, size).data.buffer);
    var off = [], val = [];
    for (var y = 0; y < size; y++) {
      for (var x = 0; x < size; x++) {
        var v = data[y * size + x];
        if (v >>> 24) { off.push(y * W + x); val.push(v); }
      }
    }
    return { size: size, half: size >> 1, off: Int32Array.from(off), val: Uint32Array.from(val) };
  }

  /* Add the path of a status shape centred on (x, y). */
  HM.shapePath = function (ctx, shape, x, y, r) {
    var k, a;
    if (shape === "circle" || shape === "ring") {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      // The hole runs the other way round, so that a non-zero fill leaves it empty.
      if (shape === "ring") { ctx.moveTo(x + r * 0.45, y); ctx.arc(x, y, r * 0.45, 0, 2 * Math.PI, true); }
    } else if (shape === "square") {
      ctx.rect(x - r * 0.82, y - r * 0.82, r * 1.64, r * 1.64);
    } else if (shape === "triangle") {
      ctx.moveTo(x, y - r * 1.05); ctx.lineTo(x + r, y + r * 0.75); ctx.lineTo(x - r, y + r * 0.75);
      ctx.closePath();
    } else if (shape === "diamond") {
      ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r * 0.85, y); ctx.lineTo(x, y + r * 1.1);
      ctx.lineTo(x - r * 0.85, y); ctx.closePath();
    } else if (shape === "cross") {
      var w = r * 0.36, e = r * 0.95;
      var pts = [[-e, -e + w], [-e + w, -e], [0, -w], [e - w, -e], [e, -e + w], [w, 0],
        [e, e - w], [e - w, e], [0, w], [-e + w, e], [-e, e - w], [-w, 0]];
      ctx.moveTo(x + pts[0][0], y + pts[0][1]);
      for (k = 1; k < pts.length; k++) ctx.lineTo(x + pts[k][0], y + pts[k][1]);
      ctx.closePath();
    } else if (shape === "star") {
      for (k = 0; k < 10; k++) {
        a = -Math.PI / 2 + k * Math.PI / 5;
        var rr = k % 2 ? r * 0.48 : r * 1.15;
        if (k) ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        else ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
    } else {
      ctx.rect(x - r * 0.6, y - r * 0.6, r * 1.2, r * 1.2);
    }
  };

  /* Paint one status marker (white outline for contrast on any background). */
  HM.paintShape = function (ctx, status, x, y, r) {
    var style = HM.styles[status];
    ctx.beginPath();
    HM.shapePath(ctx, style.shape, x, y, r);
    ctx.lineWidth = r < 6 ? 2 : 3;
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.fillStyle = style.colour;
    ctx.fill();
  };

  /* A small canvas with a status shape, for the legend and the lists. */
  HM.icon = function (status) {
    var dpr = window.devicePixelRatio || 1, size = 18;
    var c = document.createElement("canvas");
    c.width = size * dpr; c.height = size * dpr;
    c.className = "hm-icon";
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    HM.paintShape(ctx, status, size / 2, size / 2, 6);
    return c;
  };

  // Without Leaflet (a blocked CDN) the page shows its fallback message instead (page.py).
  HM.SiteLayer = !window.L ? null : L.Layer.extend({
    initialize: function (app) { this._app = app; },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "hm-canvas");
      map.getPane("overlayPane").appendChild(this._canvas);
      var dpr = window.devicePixelRatio || 1;
      this._dpr = dpr;
      map.on("moveend resize viewreset", this._reset, this);
      // Hidden while Leaflet animates a zoom, then redrawn at the new scale.
      map.on("zoomstart", this._hide, this);
      this._reset();
    },

    onRemove: function (map) {
      map.off("moveend resize viewreset", this._reset, this);
      map.off("zoomstart", this._hide, this);
      L.DomUtil.remove(this._canvas);
    },

    _hide: function () { this._canvas.style.visibility = "hidden"; },

    _reset: function () {
      var map = this._map, size = map.getSize(), dpr = this._dpr, c = this._canvas;
      var pad = size.multiplyBy(PAD)._round();
      var topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1));
      L.DomUtil.setPosition(c, topLeft);
      var w = size.x + 2 * pad.x, h = size.y + 2 * pad.y;
      c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
      c.style.width = w + "px"; c.style.height = h + "px";
      this._w = w; this._h = h; this._pad = pad;
      this._origin = map.getPixelOrigin().add(topLeft);
      this._scale = 256 * Math.pow(2, map.getZoom());
      this.redraw();
      c.style.visibility = "visible";
    },

    /* Canvas position of site i at the current view. */
    _px: function (i) {
      var d = this._app.d;
      return [d.wx[i] * this._scale - this._origin.x, d.wy[i] * this._scale - this._origin.y];
    },

    redraw: function () {
      if (!this._map) return;
      var app = this._app, d = app.d, S = d.S, visible = app.visible, status = d.status;
      var ctx = this._canvas.getContext("2d"), dpr = this._dpr;
      var s = this._scale, ox = this._origin.x, oy = this._origin.y, w = this._w, h = this._h;
      var i, k, x, y, n = d.n, wx = d.wx, wy = d.wy, geo = S.geo, prec = S.prec, m = R + 6;
      // The visible markers in view, bucketed by status in drawing order (unknown first, so
      // that observed statuses sit on top), with their canvas positions.
      var order = app.drawOrder, rank = this._rank(order), counts = new Int32Array(order.length + 1);
      var inView = this._buffers(n), px = inView.x, py = inView.y, who = inView.i, count = 0;
      var areas = [], halos = [];
      for (i = 0; i < n; i++) {
        if (!visible[i] || !geo[i]) continue;
        x = wx[i] * s - ox; y = wy[i] * s - oy;
        if (geo[i] > 1) { areas.push(i); continue; }
        if (x < -m || y < -m || x > w + m || y > h + m) continue;
        if (prec[i] > 0) halos.push(i);
        px[count] = x; py[count] = y; who[count] = i; count++;
        counts[rank[status[i]] + 1]++;
      }
      for (k = 1; k <= order.length; k++) counts[k] += counts[k - 1];
      var sorted = inView.sorted;
      for (k = 0; k < count; k++) sorted[counts[rank[status[who[k]]]]++] = k;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._canvas.width, this._canvas.height);
      if (count > BLIT_FROM) this._blit(ctx, sorted, count, px, py, who);
      else this._paths(ctx, sorted, count, px, py, who);
      // Under the markers: the rings that say "this point is a settlement or a city", and the
      // areas (generalised cells, polygons).
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalCompositeOperation = "destination-over";
      ctx.beginPath();
      for (k = 0; k < halos.length; k++) {
        x = wx[halos[k]] * s - ox; y = wy[halos[k]] * s - oy;
        ctx.moveTo(x + R + 5, y);
        ctx.arc(x, y, R + 5, 0, 2 * Math.PI);
      }
      ctx.setLineDash([3, 3]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#333333";
      ctx.stroke();
      ctx.setLineDash([]);
      this._drawAreas(ctx, areas);
      ctx.globalCompositeOperation = "source-over";
      // Counts of shared points are unreadable among thousands of markers: zoom in to see them.
      if (count <= BLIT_FROM) this._drawBadges(ctx);
      if (app.selected >= 0 && geo[app.selected] && visible[app.selected]) {
        // The selected site on top of any that share or crowd its point, and ringed.
        var p = this._px(app.selected);
        HM.paintShape(ctx, status[app.selected], p[0], p[1], R);
        ctx.beginPath();
        ctx.arc(p[0], p[1], R + 9, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#0b63ce";
        ctx.stroke();
      }
      if (!HM.timing.firstDraw) HM.timing.firstDraw = performance.now();
    },

    _rank: function (order) {
      var rank = new Int32Array(order.length);
      for (var k = 0; k < order.length; k++) rank[order[k]] = k;
      return rank;
    },

    _buffers: function (n) {
      if (!this._buf || this._buf.i.length < n) {
        this._buf = { x: new Float64Array(n), y: new Float64Array(n), i: new Int32Array(n),
          sorted: new Int32Array(n) };
      }
      return this._buf;
    },

    /* Few markers: anti-aliased vector shapes, one path per status. */
    _paths: function (ctx, sorted, count, px, py, who) {
      var status = this._app.d.status, k = 0;
      ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
      ctx.lineJoin = "round";
      while (k < count) {
        var st = status[who[sorted[k]]], style = HM.styles[st];
        ctx.beginPath();
        for (; k < count && status[who[sorted[k]]] === st; k++) {
          HM.shapePath(ctx, style.shape, px[sorted[k]], py[sorted[k]], R);
        }
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#ffffff";
        ctx.stroke();
        ctx.fillStyle = style.colour;
        ctx.fill();
      }
    },

    /* Many markers: copy pre-drawn shapes pixel by pixel into one image. Overlapping vector
     * paths and drawImage both cost seconds at 100,000 markers in Chromium's software
     * canvas; this costs tens of milliseconds. */
    _blit: function (ctx, sorted, count, px, py, who) {
      var c = this._canvas, W = c.width, H = c.height, dpr = this._dpr;
      if (!this._image || this._image.width !== W || this._image.height !== H) {
        this._image = ctx.createImageData(W, H);
        this._pixels = new Uint32Array(this._image.data.buffer);
        this._stamps = null;
      }
      var r = radius(count);
      if (!this._stamps || this._stampRadius !== r) {
        this._stamps = HM.styles.map(function (st, i) { return stamp(i, dpr, W, r); });
        this._stampRadius = r;
      }
      var buf = this._pixels, status = this._app.d.status;
      buf.fill(0);
      for (var k = 0; k < count; k++) {
        var j = sorted[k], st = this._stamps[status[who[j]]];
        var x0 = Math.round(px[j] * dpr) - st.half, y0 = Math.round(py[j] * dpr) - st.half;
        if (x0 < 0 || y0 < 0 || x0 + st.size > W || y0 + st.size > H) continue;
        var base = y0 * W + x0, off = st.off, val = st.val;
        for (var q = 0; q < off.length; q++) {
          var v = val[q], a = v >>> 24, at = base + off[q];
          if (a === 255) { buf[at] = v; continue; }
          var o = buf[at], oa = o >>> 24;
          if (oa === 0) { buf[at] = v; continue; }
          // Anti-aliased edge over another marker: blend (both non-premultiplied RGBA).
          var ia = 255 - a;
          var r = ((v & 255) * a + (o & 255) * ia) >> 8;
          var g = (((v >>> 8) & 255) * a + ((o >>> 8) & 255) * ia) >> 8;
          var b = (((v >>> 16) & 255) * a + ((o >>> 16) & 255) * ia) >> 8;
          var al = a + ((oa * ia) >> 8);
          buf[at] = ((al << 24) | (b << 16) | (g << 8) | r) >>> 0;
        }
      }
      ctx.putImageData(this._image, 0, 0);
    },

    _ring: function (ctx, ring) {
      var s = this._scale, ox = this._origin.x, oy = this._origin.y;
      var proj = HM.project;
      for (var k = 0; k < ring.length; k += 2) {
        var p = proj(ring[k], ring[k + 1]);
        if (k) ctx.lineTo(p[0] * s - ox, p[1] * s - oy);
        else ctx.moveTo(p[0] * s - ox, p[1] * s - oy);
      }
      ctx.closePath();
    },

    _drawAreas: function (ctx, areas) {
      var d = this._app.d;
      for (var k = 0; k < areas.length; k++) {
        var i = areas[k], style = HM.styles[d.status[i]];
        ctx.beginPath();
        d.areas[i].forEach(function (ring) { this._ring(ctx, ring); }, this);
        ctx.globalAlpha = 0.22;
        ctx.fillStyle = style.colour;
        ctx.fill("evenodd");
        ctx.globalAlpha = 1;
        ctx.setLineDash(d.S.geo[i] === 2 ? [6, 4] : []);
        ctx.lineWidth = 2;
        ctx.strokeStyle = style.colour;
        ctx.stroke();
        ctx.setLineDash([]);
      }
    },

    /* The number of visible sites on a shared point, beside its marker. */
    _drawBadges: function (ctx) {
      var app = this._app, groups = app.groups;
      if (!groups) return;
      ctx.font = "bold 11px system-ui, sans-serif";
      ctx.textBaseline = "middle";
      for (var g = 0; g < groups.length; g++) {
        var members = groups[g], count = 0;
        for (var k = 0; k < members.length; k++) if (app.visible[members[k]]) count++;
        if (count < 2) continue;
        var p = this._px(members[0]), label = String(count);
        var tw = ctx.measureText(label).width, bx = p[0] + R + 1, by = p[1] - R - 4;
        if (bx < -40 || by < -40 || bx > this._w + 40 || by > this._h + 40) continue;
        ctx.beginPath();
        ctx.roundRect(bx, by - 8, tw + 8, 16, 8);
        ctx.fillStyle = "#ffffff";
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = "#333333";
        ctx.stroke();
        ctx.fillStyle = "#111111";
        ctx.fillText(label, bx + 4, by + 0.5);
      }
    },

    /* Visible sites under a point of the map container, nearest first. */
    sitesAt: function (containerPoint) {
      var app = this._app, d = app.d, geo = d.S.geo, out = [];
      var cx = containerPoint.x + this._pad.x, cy = containerPoint.y + this._pad.y;
      var s = this._scale, ox = this._origin.x, oy = this._origin.y, lim = HIT * HIT;
      for (var i = 0; i < d.n; i++) {
        if (!app.visible[i] || !geo[i]) continue;
        var dx = d.wx[i] * s - ox - cx, dy = d.wy[i] * s - oy - cy, dist = dx * dx + dy * dy;
        if (dist <= lim || (geo[i] > 1 && this._inside(i, cx, cy))) out.push([dist, i]);
      }
      out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
      return out.map(function (pair) { return pair[1]; });
    },

    _inside: function (i, cx, cy) {
      var ctx = this._canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.beginPath();
      this._app.d.areas[i].forEach(function (ring) { this._ring(ctx, ring); }, this);
      return ctx.isPointInPath(cx, cy, "evenodd");
    }
  });

  /* Longitude and latitude to Web Mercator at scale 1 (as HM.decode does for sites). */
  HM.project = function (lon, lat) {
    var lim = 85.0511287798, phi = Math.max(-lim, Math.min(lim, lat)) * Math.PI / 180;
    return [lon / 360 + 0.5, 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI)];
  };
})(window.heritageMap = window.heritageMap || {});
