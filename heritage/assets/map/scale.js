/* heritage map, part 3 of 8: the time scale, the slider's histogram and its keys.
 *
 * Reports are not spread evenly over time: in the bundled catalogue half of the dated
 * observations fall in 2020 or later and the earliest is from 1841. A linear slider would
 * give the recent years a few pixels. The slider's position is therefore a blend of the
 * share of reports before a date (85%) and of the time elapsed (15%, so that quiet decades
 * keep some room): piecewise linear between quantiles of the reports' dates, so it is
 * monotone and can be inverted exactly. A histogram of reports is drawn under it, with
 * year labels where they fit, so that the scale can be read.
 */
(function (HM) {
  "use strict";

  var STEPS = 1000;     // slider positions
  var DENSITY = 0.85;   // share of the scale that follows the reports
  var KNOTS = 48;       // quantiles between the ends
  var BINS = 100;       // histogram bars

  /* A scale from days (lo..hi) to slider positions (0..STEPS), following `days`. */
  function TimeScale(days, lo, hi) {
    var sorted = Float64Array.from(days).sort(), n = sorted.length, span = Math.max(1, hi - lo);
    var knotDays = [lo];
    for (var k = 1; k < KNOTS; k++) {
      var d = n ? sorted[Math.floor(k / KNOTS * (n - 1))] : lo + span * k / KNOTS;
      if (d > knotDays[knotDays.length - 1] && d < hi) knotDays.push(d);
    }
    knotDays.push(Math.max(hi, lo + 1));
    this.lo = lo; this.hi = Math.max(hi, lo + 1); this.steps = STEPS;
    this.days = knotDays;
    this.pos = knotDays.map(function (day, i) {
      if (i === 0) return 0;
      if (i === knotDays.length - 1) return STEPS;
      var share = n ? upper(sorted, day) / n : (day - lo) / span;
      return STEPS * (DENSITY * share + (1 - DENSITY) * (day - lo) / span);
    });
    this.sorted = sorted;
  }

  /* How many values of a sorted array are <= x. */
  function upper(sorted, x) {
    var a = 0, b = sorted.length;
    while (a < b) { var m = (a + b) >> 1; if (sorted[m] <= x) a = m + 1; else b = m; }
    return a;
  }

  function interpolate(xs, ys, x) {
    if (x <= xs[0]) return ys[0];
    var last = xs.length - 1;
    if (x >= xs[last]) return ys[last];
    var a = 0, b = last;
    while (b - a > 1) { var m = (a + b) >> 1; if (xs[m] <= x) a = m; else b = m; }
    return ys[a] + (ys[b] - ys[a]) * (x - xs[a]) / (xs[b] - xs[a]);
  }

  TimeScale.prototype.toPos = function (day) { return interpolate(this.days, this.pos, day); };
  TimeScale.prototype.toDay = function (pos) {
    return Math.round(interpolate(this.pos, this.days, pos));
  };

  /* Draw the reports' histogram and year labels on a canvas as wide as the slider. */
  TimeScale.prototype.draw = function (canvas, inset) {
    var width = canvas.clientWidth, height = canvas.clientHeight;
    if (!width || !height) return;
    var dpr = window.devicePixelRatio || 1, ctx = canvas.getContext("2d");
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    var track = width - 2 * inset, bins = new Int32Array(BINS), max = 0, i;
    for (i = 0; i < this.sorted.length; i++) {
      var b = Math.min(BINS - 1, Math.floor(this.toPos(this.sorted[i]) / STEPS * BINS));
      bins[b]++;
    }
    for (i = 0; i < BINS; i++) max = Math.max(max, bins[i]);
    var barsHeight = height - 13, bw = track / BINS;
    ctx.fillStyle = "#6b7c93";
    for (i = 0; i < BINS && max; i++) {
      if (!bins[i]) continue;
      var h = Math.max(1, Math.round(barsHeight * Math.sqrt(bins[i] / max)));
      ctx.fillRect(inset + i * bw, barsHeight - h, Math.max(1, bw - 1), h);
    }
    // Year labels wherever one fits, rounder years first (1900 before 1950 before 2020
    // before 2021), so that the labels show how the scale stretches.
    ctx.font = "10px system-ui, sans-serif";
    ctx.fillStyle = "#444444";
    ctx.textBaseline = "bottom";
    var first = new Date(this.lo * 86400000).getUTCFullYear();
    var last = new Date(this.hi * 86400000).getUTCFullYear(), years = [], placed = [];
    for (var y = first; y <= last; y++) {
      var day = Date.UTC(y, 0, 1) / 86400000;
      if (day >= this.lo && day <= this.hi) years.push(y);
    }
    var rank = function (year) {
      return year % 100 === 0 ? 0 : year % 50 === 0 ? 1 : year % 10 === 0 ? 2 : year % 5 === 0 ? 3 : 4;
    };
    // Among equally round years the recent ones first: that is where the reports are.
    years.sort(function (a, b) { return rank(a) - rank(b) || b - a; });
    for (i = 0; i < years.length; i++) {
      var x = inset + this.toPos(Date.UTC(years[i], 0, 1) / 86400000) / STEPS * track;
      var label = String(years[i]), w = ctx.measureText(label).width, left = x - w / 2;
      if (left < 0 || left + w > width) continue;
      var free = placed.every(function (p) { return left + w + 6 < p[0] || left > p[1] + 6; });
      if (!free) continue;
      placed.push([left, left + w]);
      ctx.fillRect(x, barsHeight, 1, 3);
      ctx.fillText(label, left, height);
    }
  };

  HM.TimeScale = TimeScale;

  /* Every dated event's day, for the scale (undated events have none). */
  HM.eventDays = function (d) {
    var out = [];
    for (var j = 0; j < d.E.day.length; j++) if (d.E.day[j] !== null) out.push(d.E.day[j]);
    return out;
  };

  /* One month (or day, or year) from a day number, staying on the same day of the month
   * where it exists (31 January + 1 month = 28 or 29 February). */
  HM.shiftDay = function (day, months, days) {
    var date = new Date(day * 86400000), dom = date.getUTCDate();
    if (months) {
      var target = new Date(Date.UTC(2000, 0, 1));
      target.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
      var end = new Date(target.getTime());
      end.setUTCMonth(end.getUTCMonth() + 1, 0);
      target.setUTCDate(Math.min(dom, end.getUTCDate()));
      return Math.round(target.getTime() / 86400000);
    }
    return day + days;
  };

  /* Keys on the slider move in calendar steps, not in slider positions. */
  HM.sliderKeys = function (app, event) {
    var day = app.asOf, shift = event.shiftKey, next = null;
    var back = event.key === "ArrowLeft" || event.key === "ArrowDown";
    var fwd = event.key === "ArrowRight" || event.key === "ArrowUp";
    if (document.documentElement.dir === "rtl" && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      var swap = back; back = fwd; fwd = swap;
    }
    if (fwd || back) next = shift ? HM.shiftDay(day, 0, fwd ? 1 : -1) : HM.shiftDay(day, fwd ? 1 : -1, 0);
    else if (event.key === "PageUp") next = HM.shiftDay(day, 12, 0);
    else if (event.key === "PageDown") next = HM.shiftDay(day, -12, 0);
    else if (event.key === "Home") next = app.scale.lo;
    else if (event.key === "End") next = app.scale.hi;
    if (next === null) return;
    event.preventDefault();
    app.setAsOf(Math.max(app.scale.lo, Math.min(app.scale.hi, next)));
  };
})(window.heritageMap = window.heritageMap || {});
