/* heritage map, part 5 of 8: a site's details and the list of sites on a shared point.
 *
 * Built only when a site is opened, with DOM calls only: every catalogue text goes in
 * through textContent (HM.el) and every catalogue URL through HM.link, which refuses
 * anything but http(s).
 */
(function (HM) {
  "use strict";

  var el = HM.el, t = function (k, p) { return HM.t(k, p); };

  function sourceItem(d, src) {
    var li = el("li", "hm-source");
    li.appendChild(HM.link(src[0], src[1] || null));
    var bits = [];
    var publisher = HM.str(d, src[2] === undefined ? -1 : src[2]);
    if (publisher) bits.push(publisher);
    if (src[3]) bits.push(HM.t("published", { date: src[3] }));
    if (src[4]) bits.push(HM.t("accessed", { date: src[4] }));
    if (bits.length) li.appendChild(el("span", "hm-source-meta", " — " + bits.join(", ")));
    if (src[5]) {
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(HM.link(src[5], t("archived")));
    }
    return li;
  }

  function sourceList(d, sources) {
    var ul = el("ul", "hm-sources");
    (sources || []).forEach(function (src) { ul.appendChild(sourceItem(d, src)); });
    return ul;
  }

  function row(dl, label, value) {
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    if (typeof value === "string") dd.textContent = value;
    else dd.appendChild(value);
    dl.appendChild(dd);
    return dd;
  }

  function eventItem(app, j) {
    var d = app.d, E = d.E, li = el("li", "hm-event");
    var claim = E.type[j] === d.claim, later = E.day[j] !== null && E.day[j] > app.asOf;
    if (claim) li.className += " hm-claim";
    if (later) li.className += " hm-later";
    var head = el("div", "hm-event-head");
    var when = HM.describeDate(E.date[j] || null);
    if (E.approx[j]) when += " " + t("approximate");
    head.appendChild(el("span", "hm-event-date", when));
    head.appendChild(el("span", "hm-event-type", HM.term("type", d.vocab.type[E.type[j]])));
    if (E.status[j] >= 0) {
      var chip = el("span", "hm-chip");
      chip.appendChild(HM.icon(E.status[j]));
      var label = HM.term("status", d.vocab.status[E.status[j]]);
      chip.appendChild(el("span", null, claim ? t("claimed_status", { status: label }) : label));
      head.appendChild(chip);
    }
    li.appendChild(head);
    if (claim) li.appendChild(el("p", "hm-claim-note", t("claim_note")));
    if (later) li.appendChild(el("p", "hm-later-note", t("after_as_of")));
    if (E.summary[j]) li.appendChild(el("p", "hm-summary", E.summary[j]));
    var meta = [];
    var by = HM.str(d, E.by[j]), byType = HM.str(d, E.by_type[j]);
    if (by) meta.push(t("reported_by", { who: byType ? by + " (" + byType + ")" : by }));
    else if (byType) meta.push(t("reported_by", { who: byType }));
    if (E.conf[j] >= 0) {
      meta.push(t("confidence", { level: HM.term("confidence", d.vocab.confidence[E.conf[j]]) }));
    }
    if (meta.length) li.appendChild(el("p", "hm-meta", meta.join(" · ")));
    if (E.note[j]) li.appendChild(el("p", "hm-event-note", t("note", { text: E.note[j] })));
    if (E.src[j]) li.appendChild(sourceList(d, E.src[j]));
    else li.appendChild(el("p", "hm-meta", t("no_sources")));
    return li;
  }

  function locationText(app, i) {
    var d = app.d, S = d.S, box = el("div");
    if (!S.geo[i]) {
      box.appendChild(el("p", null, t("no_coordinates")));
    } else if (S.geo[i] === 2) {
      box.appendChild(el("p", null, t("generalised", { cell: d.config.cell })));
    } else {
      var code = S.prec[i] >= 0 ? d.vocab.precision[S.prec[i]] : null;
      var text = code ? HM.term("precision", code) + ": " + HM.term("precision_def", code)
        : t("precision_unknown");
      box.appendChild(el("p", null, text));
      var shared = app.sharedWith(i);
      if (shared > 0) box.appendChild(el("p", "hm-shared", t("shared_point", { n: shared })));
    }
    if (S.loc_note[i]) box.appendChild(el("p", "hm-meta", S.loc_note[i]));
    if (S.loc_src[i]) {
      var p = el("p", "hm-meta", t("location_source") + " ");
      p.appendChild(HM.link(S.loc_src[i]));
      box.appendChild(p);
    }
    return box;
  }

  /* The bar above a panel: an optional back button and the close button. */
  function panelBar(app, back) {
    var top = el("div", "hm-details-bar");
    if (back) {
      var b = el("button", "hm-back", back.label);
      b.type = "button";
      b.addEventListener("click", back.action);
      top.appendChild(b);
    }
    var close = el("button", "hm-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("close"));
    close.addEventListener("click", function () { app.close(); });
    top.appendChild(close);
    return top;
  }

  /* Everything about one site; built only when it is opened. */
  HM.details = function (app, i, back) {
    var d = app.d, S = d.S, box = el("div", "hm-site-details");
    box.appendChild(panelBar(app, back));
    var name = app.displayName(i);
    var heading = HM.setLang(box.appendChild(el("h2", "hm-site-title", name[0])), name[1]);
    heading.setAttribute("tabindex", "-1");
    if (!S.geo[i]) box.appendChild(el("p", "hm-nolocation", t("no_location")));
    var names = el("ul", "hm-names");
    if (name[1] !== "en") names.appendChild(nameItem("en", S.name[i]));
    var others = S.names[i] || [];
    for (var k = 0; k + 1 < others.length; k += 2) {
      if (others[k] !== name[1]) names.appendChild(nameItem(others[k], others[k + 1]));
    }
    (S.alt[i] || []).forEach(function (alt) {
      names.appendChild(el("li", "hm-alt", t("also_called", { name: alt })));
    });
    if (names.childNodes.length) box.appendChild(names);
    var dl = el("dl", "hm-facts");
    var status = el("span", "hm-chip");
    status.appendChild(HM.icon(d.status[i]));
    status.appendChild(el("span", null, HM.term("status", d.vocab.status[d.status[i]])));
    row(dl, t("status_as_of", { date: app.asOfLabel() }), status);
    row(dl, t("kind"), HM.term("kind", d.vocab.kind[S.kind[i]]));
    if (S.built[i]) {
      var built = row(dl, t("built"), S.built[i]);
      if (S.built_src[i]) {
        built.appendChild(document.createTextNode(" · "));
        built.appendChild(HM.link(S.built_src[i], t("source")));
      }
    }
    if (S.region[i] >= 0) row(dl, t("region"), d.strings[S.region[i]]);
    if (app.districts) {
      var district = S.district[i];
      row(dl, t("district"), district >= 0 ? app.districts.labels[district] : t("no_district"));
    }
    row(dl, t("location"), locationText(app, i));
    if (S.refs[i]) {
      var refs = [];
      for (k = 0; k + 1 < S.refs[i].length; k += 2) refs.push(S.refs[i][k] + ": " + S.refs[i][k + 1]);
      row(dl, t("refs"), refs.join(", "));
    }
    box.appendChild(dl);
    if (d.status[i] === d.unknown) box.appendChild(el("p", "hm-note", t("unknown_note")));
    if (S.notes[i]) box.appendChild(el("p", "hm-notes", S.notes[i]));
    var count = d.evStart[i + 1] - d.evStart[i];
    box.appendChild(el("h3", null, t("history", { n: count })));
    var ol = el("ol", "hm-history");
    for (var j = d.evStart[i]; j < d.evStart[i + 1]; j++) ol.appendChild(eventItem(app, j));
    box.appendChild(ol);
    if (S.src[i]) {
      box.appendChild(el("h3", null, t("more_sources")));
      box.appendChild(sourceList(d, S.src[i]));
    }
    var link;
    if (d.config.embed) {
      // Inside an iframe: open the published map in a new tab, not inside the frame.
      link = HM.outLink(t("open_site") + " ↗", d.config.full_map + "#site=" + encodeURIComponent(S.id[i]));
      link.className = "hm-permalink";
    } else {
      link = el("a", "hm-permalink", t("link_to_site"));
      link.setAttribute("href", "#site=" + encodeURIComponent(S.id[i]));
    }
    box.appendChild(link);
    return box;
  }

  function nameItem(lang, text) {
    var li = el("li");
    HM.setLang(li.appendChild(el("span", null, text)), lang);
    li.appendChild(el("span", "hm-lang", " (" + lang + ")"));
    return li;
  }

  /* The sites on one point (or under one click), each opening its details. */
  HM.groupList = function (app, members) {
    var box = el("div", "hm-group");
    box.appendChild(panelBar(app, null));
    var heading = box.appendChild(el("h2", "hm-site-title", t("sites_here", { n: members.length })));
    heading.setAttribute("tabindex", "-1");
    // Say what the point stands for when all the sites listed share it (a city centre...).
    var S = app.d.S, code = S.prec[members[0]];
    var same = members.every(function (i) {
      return S.prec[i] === code && S.geo[i] === 1 && S.x[i] === S.x[members[0]] &&
        S.y[i] === S.y[members[0]];
    });
    if (code >= 0 && same) {
      var word = app.d.vocab.precision[code];
      box.appendChild(el("p", "hm-note", HM.term("precision", word) + ": " +
        HM.term("precision_def", word)));
    }
    var ul = el("ul", "hm-list");
    var back = { label: t("back_to_list", { n: members.length }),
      action: function () { app.showGroup(members); } };
    members.forEach(function (i) { ul.appendChild(HM.siteButton(app, i, back)); });
    box.appendChild(ul);
    return box;
  };
})(window.heritageMap = window.heritageMap || {});
