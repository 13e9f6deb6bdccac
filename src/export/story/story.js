/* tonle story map: the map and the timeline of one data set, linked, in one offline file.
 * Reads the JSON in #tonle-data (see src/export/story/README.md for its shape) and draws it with
 * plain SVG. Every text from the data goes in as text (textContent, setAttribute), never as
 * markup; links are kept only when they are http(s). No network request is ever made. */
(function () {
  'use strict';

  var SVGNS = 'http://www.w3.org/2000/svg';
  var DAY_MS = 86400000;
  var RAD = Math.PI / 180;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  var PALETTE = ['#1c7ed6', '#e8590c', '#2b8a3e', '#c62828', '#862e9c', '#0c8599', '#b8860b', '#d6336c',
    '#5f3dc4', '#495057', '#8c564b', '#364fc7'];
  var COUNT_LABELS = { arrested: 'Arrested', rescued: 'Rescued', deported: 'Deported', victims: 'Victims', people: 'People' };
  var HOLLOW = { alleged: true, disputed: true };
  var PRECISION = { exact: 'exact point', approximate: 'approximate point', town: 'located to the town',
    district: 'located to the district', province: 'located to the province only', country: 'the whole country' };
  var SPIRAL_MAX = 30;
  var CLUSTER_MIN = 24;
  var CELL = 44;
  var TIMELINE_MAX = 1200;
  var MOVES_MAX = 250;
  var LIST_PAGE = 50;
  var FALLBACK_BBOX = [102.3, 10.4, 107.7, 14.7];

  function $(id) { return document.getElementById(id); }

  function svg(tag, cls, parent) {
    var el = document.createElementNS(SVGNS, tag);
    if (cls) el.setAttribute('class', cls);
    if (parent) parent.appendChild(el);
    return el;
  }

  function html(tag, cls, text, parent) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    if (parent) parent.appendChild(el);
    return el;
  }

  function str(v) { return typeof v === 'string' ? v : (typeof v === 'number' && isFinite(v) ? String(v) : ''); }
  function arr(v) { return Array.isArray(v) ? v : []; }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function fmtInt(n) { return Math.round(n).toLocaleString('en-GB'); }

  // ---- dates, as whole days since 1970-01-01 (UTC) ----

  function parseDay(v) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(v));
    if (!m) return null;
    var t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    var d = new Date(t);
    if (d.getUTCMonth() !== +m[2] - 1) return null;
    return Math.round(t / DAY_MS);
  }
  function ymd(day) {
    var d = new Date(day * DAY_MS);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate() };
  }
  function dayOf(y, m, d) { return Math.round(Date.UTC(y, m, d) / DAY_MS); }
  function months(step) { return step === 'month' ? 1 : step === 'year' ? 12 : 3; }
  function periodStart(day, step) {
    var p = ymd(day), n = months(step);
    return dayOf(p.y, Math.floor(p.m / n) * n, 1);
  }
  function addPeriods(start, step, k) {
    var p = ymd(start);
    return dayOf(p.y, p.m + months(step) * k, 1);
  }
  function iso(day) {
    var p = ymd(day);
    return p.y + '-' + (p.m < 9 ? '0' : '') + (p.m + 1) + '-' + (p.d < 10 ? '0' : '') + p.d;
  }
  function fmtDay(day) { var p = ymd(day); return p.d + ' ' + MONTHS[p.m] + ' ' + p.y; }
  function fmtMonth(day) { var p = ymd(day); return MONTHS[p.m] + ' ' + p.y; }

  // The kindest words for a span of whole days: "2022", "August 2022", "July - September 2022".
  function periodLabel(from, to) {
    var a = ymd(from), b = ymd(to + 1);
    var wholeMonths = a.d === 1 && b.d === 1;
    if (!wholeMonths) return from === to ? fmtDay(from) : fmtDay(from) + ' – ' + fmtDay(to);
    var last = ymd(to);
    if (a.m === 0 && last.m === 11) return a.y === last.y ? String(a.y) : a.y + ' – ' + last.y;
    if (a.y === last.y && a.m === last.m) return fmtMonth(from);
    if (a.y === last.y) return MONTHS[a.m] + ' – ' + MONTHS[last.m] + ' ' + a.y;
    return fmtMonth(from) + ' – ' + fmtMonth(to);
  }

  // ---- reading the data ----

  function readData() {
    var node = $('tonle-data');
    if (!node) throw new Error('this page has no #tonle-data block');
    var data = JSON.parse(node.textContent);
    if (!data || typeof data !== 'object' || !Array.isArray(data.events)) throw new Error('the data block holds no events list');
    return data;
  }

  function colour(v, i) {
    return /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(str(v)) ? v : PALETTE[i % PALETTE.length];
  }

  function validBbox(b) {
    if (!Array.isArray(b) || b.length !== 4 || !b.every(function (x) { return num(x) !== null; })) return null;
    if (b[0] >= b[2] || b[1] >= b[3] || b[1] < -85 || b[3] > 85) return null;
    return b;
  }

  function mercY(lat) {
    var l = Math.max(-85, Math.min(85, lat));
    return Math.log(Math.tan(Math.PI / 4 + l * RAD / 2)) / RAD;
  }

  function makeProjection(bbox) {
    var s = 1000 / (bbox[2] - bbox[0]), y0 = mercY(bbox[3]);
    return {
      scale: s,
      point: function (lon, lat) { return [(lon - bbox[0]) * s, (y0 - mercY(lat)) * s]; },
      invert: function (x, y) {
        var lat = (2 * Math.atan(Math.exp((y0 - y / s) * RAD)) - Math.PI / 2) / RAD;
        return [x / s + bbox[0], lat];
      },
    };
  }

  function lonlat(o) {
    if (!o || typeof o !== 'object') return null;
    var lat = num(o.lat), lon = num(o.lon);
    if (lat === null || lon === null || lat < -85 || lat > 85 || lon < -180 || lon > 180) return null;
    return [lon, lat];
  }

  function fold(s) {
    return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function people(counts) {
    var best = null;
    if (counts && typeof counts === 'object') {
      Object.keys(COUNT_LABELS).forEach(function (k) {
        var n = num(counts[k]);
        if (n !== null && n >= 0 && (best === null || n > best)) best = n;
      });
    }
    return best;
  }

  function Model(data) {
    var m = this;
    m.data = data;
    m.title = str(data.title) || 'Story map';
    m.bbox = validBbox(data.map && data.map.bbox) || FALLBACK_BBOX;
    m.proj = makeProjection(m.bbox);
    m.types = new Map();
    arr(data.types).forEach(function (t) {
      if (!t || !str(t.id) || m.types.has(t.id)) return;
      m.addType(t.id, str(t.label) || t.id, t.colour);
    });
    m.statuses = new Map();
    arr(data.statuses).forEach(function (s) { if (s && str(s.id)) m.statuses.set(s.id, str(s.label) || s.id); });
    m.provinces = new Map();
    m.provinceByName = new Map();
    arr(data.map && data.map.provinces).forEach(function (p) {
      if (!p || !str(p.id) || m.provinces.has(p.id)) return;
      var prov = { id: p.id, name: str(p.name) || p.id, nameKm: str(p.name_km), polygons: arr(p.polygons), n: 0 };
      m.provinces.set(p.id, prov);
      m.provinceByName.set(prov.name, prov);
    });
    m.countries = new Map();
    arr(data.map && data.map.countries).forEach(function (c) {
      if (!c || !str(c.iso_a2) || m.countries.has(c.iso_a2)) return;
      m.countries.set(c.iso_a2, { code: c.iso_a2, name: str(c.name) || c.iso_a2, polygons: arr(c.polygons), n: 0 });
    });
    var r = data.range || {};
    var events = [];
    data.events.forEach(function (raw, i) { var e = m.event(raw, i); if (e) events.push(e); });
    events.sort(function (a, b) { return a.t0 - b.t0 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    m.events = events;
    m.byId = new Map();
    events.forEach(function (e, i) { e.i = i; if (!m.byId.has(e.id)) m.byId.set(e.id, e); });
    var lo = parseDay(r.start), hi = parseDay(r.end);
    events.forEach(function (e) {
      if (lo === null || e.t0 < lo) lo = e.t0;
      if (hi === null || e.t1 > hi) hi = e.t1;
    });
    if (lo === null) lo = hi = Math.floor(Date.now() / DAY_MS);
    m.r0 = dayOf(ymd(lo).y, ymd(lo).m, 1);
    m.r1 = dayOf(ymd(hi).y, ymd(hi).m + 1, 1) - 1;
    m.flows = arr(data.flows).map(function (f) { return m.flow(f); }).filter(Boolean);
    m.located = events.filter(function (e) { return e.loc; });
  }

  Model.prototype.addType = function (id, label, c) {
    var t = { id: id, label: label, colour: colour(c, this.types.size), cls: 'ts-c' + this.types.size, n: 0 };
    this.types.set(id, t);
    return t;
  };

  Model.prototype.countryName = function (code) {
    var c = this.countries.get(code);
    return c ? c.name : code;
  };

  Model.prototype.endpoint = function (o) {
    var ll = lonlat(o);
    if (!ll) return null;
    var prov = (str(o.province_id) && this.provinces.get(o.province_id)) || this.provinceByName.get(str(o.province)) || null;
    var name = str(o.name) || str(o.id);
    var country = str(o.country);
    var whole = o.precision === 'country' || (!str(o.province) && !!country && this.countries.has(country) && this.countryName(country) === name);
    return { id: str(o.id), name: name, ll: ll, xy: this.proj.point(ll[0], ll[1]), prov: prov, country: country, whole: whole };
  };

  Model.prototype.event = function (raw, i) {
    if (!raw || typeof raw !== 'object' || !str(raw.id)) return null;
    var m = this, date = raw.date || {};
    var t0 = parseDay(date.start), end = parseDay(date.end);
    if (t0 === null) t0 = end !== null ? end : parseDay(m.data.range && m.data.range.start);
    if (t0 === null) return null;
    var type = m.types.get(str(raw.type)) || m.addType(str(raw.type) || 'other', str(raw.type) || 'Other', null);
    var status = str(raw.status) || 'reported';
    var e = {
      id: raw.id, raw: raw, src: i, title: str(raw.title) || raw.id, type: type, status: status,
      hollow: !!HOLLOW[status], t0: t0, t1: end !== null && end >= t0 ? end : t0, openEnd: end === null,
      openStart: date.open_start === true, prec: ['day', 'month', 'year'].indexOf(date.precision) >= 0 ? date.precision : 'day',
      qual: str(date.qualifier), dateLabel: str(date.label) || str(date.text), people: people(raw.counts),
      loc: null, national: raw.national === true, mv: null, provs: [], countries: [], vis: true,
      mapEl: null, tlEl: null,
    };
    type.n += 1;
    var place = raw.place && typeof raw.place === 'object' ? raw.place : null;
    var mv = raw.movement && typeof raw.movement === 'object' ? raw.movement : null;
    var from = mv && m.endpoint(mv.from), to = mv && m.endpoint(mv.to);
    if (from && to) e.mv = { from: from, to: to };
    if (place) {
      var ll = lonlat(place);
      if (ll && !e.national && !e.mv) { e.loc = m.proj.point(ll[0], ll[1]); e.key = ll[0].toFixed(5) + ',' + ll[1].toFixed(5); }
      var prov = (str(place.province_id) && m.provinces.get(place.province_id)) || m.provinceByName.get(str(place.province));
      if (prov) e.provs.push(prov);
      if (str(place.country)) e.countries.push(place.country);
    }
    [from, to].forEach(function (ep) {
      if (!ep) return;
      if (ep.prov && e.provs.indexOf(ep.prov) < 0) e.provs.push(ep.prov);
      if (ep.country && e.countries.indexOf(ep.country) < 0) e.countries.push(ep.country);
    });
    e.provs.forEach(function (p) { p.n += 1; });
    e.r = 4 + 2.6 * Math.log10(1 + (e.people || 0));
    e.placeName = place ? str(place.name) : e.mv ? e.mv.from.name + ' → ' + e.mv.to.name : '';
    e.hay = fold([raw.id, e.title, str(raw.description), e.placeName, str(raw.place_text), type.label, status,
      place ? str(place.province) : '', e.dateLabel, str(date.text)]
      .concat(arr(raw.actors).map(str), arr(raw.tags).map(str),
        arr(raw.sources).map(function (s) { return s ? str(s.name) : ''; }),
        arr(raw.nationalities).map(function (n) { return n ? str(n.name) : ''; }),
        e.countries.map(function (c) { return m.countryName(c); }),
        e.mv ? [e.mv.from.name, e.mv.to.name] : [])
      .join('\n'));
    return e;
  };

  Model.prototype.flow = function (f) {
    if (!f || typeof f !== 'object') return null;
    var from = this.endpoint(f.from), to = this.endpoint(f.to);
    var t0 = parseDay(f.start), t1 = parseDay(f.end);
    if (!from || !to || t0 === null) return null;
    return { from: from, to: to, t0: t0, t1: t1 !== null && t1 >= t0 ? t1 : t0, events: num(f.events) || 0,
      people: num(f.people) || 0, unknown: num(f.people_unknown) || 0 };
  };

  // ---- geometry helpers ----

  function ringPath(ring, proj) {
    var out = '', first = true;
    for (var i = 0; i < ring.length; i++) {
      var c = ring[i];
      if (!Array.isArray(c) || num(c[0]) === null || num(c[1]) === null) continue;
      var p = proj.point(c[0], c[1]);
      out += (first ? 'M' : 'L') + p[0].toFixed(2) + ' ' + p[1].toFixed(2);
      first = false;
    }
    return first ? '' : out + 'Z';
  }

  function polygonsPath(polygons, proj) {
    var d = '';
    polygons.forEach(function (poly) { arr(poly).forEach(function (ring) { d += ringPath(arr(ring), proj); }); });
    return d;
  }

  // A point well inside the largest ring: the middle of the widest horizontal run through it.
  function labelPoint(polygons, proj) {
    var best = null, bestArea = 0;
    polygons.forEach(function (poly) {
      var ring = arr(arr(poly)[0]).filter(function (c) { return Array.isArray(c) && num(c[0]) !== null && num(c[1]) !== null; })
        .map(function (c) { return proj.point(c[0], c[1]); });
      var a = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
      if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = ring; }
    });
    if (!best || best.length < 3) return null;
    var y0 = Infinity, y1 = -Infinity;
    best.forEach(function (p) { y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]); });
    var pick = null, width = -1;
    for (var s = 1; s < 10; s++) {
      var y = y0 + (y1 - y0) * s / 10, xs = [];
      for (var i = 0, j = best.length - 1; i < best.length; j = i++) {
        var a = best[j], b = best[i];
        if ((a[1] > y) !== (b[1] > y)) xs.push(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
      }
      xs.sort(function (p, q) { return p - q; });
      for (var k = 0; k + 1 < xs.length; k += 2) {
        var w = (xs[k + 1] - xs[k]) * (1 - Math.abs(s - 5) / 12);
        if (w > width) { width = w; pick = [(xs[k] + xs[k + 1]) / 2, y]; }
      }
    }
    return pick;
  }

  function arrowPaths(a, b, bend, width, trimEnd) {
    var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.hypot(dx, dy);
    if (len < 1) return null;
    var cx = (a[0] + b[0]) / 2 - dy * bend, cy = (a[1] + b[1]) / 2 + dx * bend;
    var tx = b[0] - cx, ty = b[1] - cy, tl = Math.hypot(tx, ty) || 1;
    tx /= tl; ty /= tl;
    var head = Math.min(6 + width * 2.2, len / 2);
    var tipX = b[0] - tx * trimEnd, tipY = b[1] - ty * trimEnd;
    var bx = tipX - tx * head, by = tipY - ty * head, hw = head * 0.55;
    return {
      line: 'M' + a[0].toFixed(1) + ' ' + a[1].toFixed(1) + 'Q' + cx.toFixed(1) + ' ' + cy.toFixed(1) + ' ' + bx.toFixed(1) + ' ' + by.toFixed(1),
      head: 'M' + tipX.toFixed(1) + ' ' + tipY.toFixed(1) + 'L' + (bx - ty * hw).toFixed(1) + ' ' + (by + tx * hw).toFixed(1) +
        'L' + (bx + ty * hw).toFixed(1) + ' ' + (by - tx * hw).toFixed(1) + 'Z',
    };
  }

  function safeUrl(v) {
    var s = str(v).trim();
    if (!/^https?:\/\//i.test(s)) return null;
    try {
      var u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch { return null; }
  }

  // ---- the page ----

  function Story(model) {
    this.m = model;
    this.filter = { hidden: new Set(), where: '', q: '', from: model.r0, to: model.r1 };
    this.view = { k: 1, tx: 0, ty: 0 };
    this.laid = { k: 0, tx: 0, ty: 0 };
    this.sel = null;
    this.hover = null;
    this.expanded = null;
    this.mode = 'events';
    this.limits = { national: LIST_PAGE, map: LIST_PAGE };
    this.roving = { map: null, tl: null };
    this.whereOptions = new Map();
  }

  Story.prototype.start = function () {
    var m = this.m, s = this;
    document.title = m.title;
    $('ts-title').textContent = m.title;
    $('ts-sub').textContent = plural(m.events.length, 'event', 'events') + ', ' + periodLabel(m.r0, m.r1);
    $('ts-banner').hidden = m.data.profile === 'public';
    $('ts-attrib').textContent = arr(m.data.attribution).map(str).filter(Boolean).join(' · ');
    $('ts-generator').textContent = str(m.data.generator) ? 'Made with ' + str(m.data.generator) + '.' : '';
    var step = ['month', 'quarter', 'year'].indexOf(m.data.period) >= 0 ? m.data.period : 'quarter';
    $('ts-step').value = step;
    this.colourSheet();
    this.buildTypes();
    this.buildWhere();
    this.buildMap();
    this.buildTimeline();
    this.bindControls();
    this.bindMap();
    this.bindTimeline();
    this.bindOverview();
    this.bindLists();
    var self = this;
    if (typeof ResizeObserver === 'function') {
      var ro = new ResizeObserver(function () { self.resized(); });
      ro.observe($('ts-map'));
      ro.observe($('ts-detail'));
    } else window.addEventListener('resize', function () { self.resized(); });
    if ($('ts-map').clientWidth < 640) $('ts-legend').open = false;
    this.home();
    this.apply();
    this.openFromHash();
    window.tonleStory = {
      select: function (id) { var e = m.byId.get(String(id)); if (e) s.select(e, null); return !!e; },
      shown: function () { return m.events.filter(function (e) { return e.vis; }).map(function (e) { return e.id; }); },
      period: function (start, end) {
        var a = parseDay(start), b = parseDay(end);
        if (a === null || b === null || b < a) return false;
        s.stop();
        s.setPeriod(a, b);
        return true;
      },
    };
  };

  // ---- filters ----

  // One class per type carries its colour (already checked to be #rgb or #rrggbb), so thousands of
  // marks share their styles instead of each holding its own.
  Story.prototype.colourSheet = function () {
    var css = '';
    this.m.types.forEach(function (t) { css += '.' + t.cls + '{--c:' + t.colour + '}\n'; });
    var style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
  };

  // The timeline's row labels are the type filter: one checkbox per type, in its colour.
  Story.prototype.buildTypes = function () {
    var box = $('ts-types'), s = this;
    this.m.types.forEach(function (t) {
      if (!t.n) return;
      var label = html('label', 'ts-chip', null, box);
      t.labelEl = label;
      label.classList.add(t.cls);
      var input = html('input', null, null, label);
      input.type = 'checkbox';
      input.checked = true;
      input.value = t.id;
      t.input = input;
      html('span', 'ts-swatch', null, label).setAttribute('aria-hidden', 'true');
      html('span', 'ts-chip-label', t.label, label);
      html('span', 'ts-chip-n', String(t.n), label).setAttribute('aria-label', plural(t.n, 'event', 'events'));
      input.addEventListener('change', function () {
        if (input.checked) s.filter.hidden.delete(t.id); else s.filter.hidden.add(t.id);
        s.apply();
      });
    });
  };

  Story.prototype.buildWhere = function () {
    var sel = $('ts-where'), m = this.m, opts = this.whereOptions;
    var provs = [], ctrs = new Map();
    m.provinces.forEach(function (p) { if (p.n) provs.push(p); });
    m.events.forEach(function (e) { e.countries.forEach(function (c) { ctrs.set(c, (ctrs.get(c) || 0) + 1); }); });
    provs.sort(function (a, b) { return a.name.localeCompare(b.name); });
    if (provs.length) {
      var g = html('optgroup', null, null, sel);
      g.label = 'Provinces';
      provs.forEach(function (p) {
        var o = html('option', null, p.name + (p.nameKm ? ' · ' + p.nameKm : '') + ' (' + p.n + ')', g);
        o.value = 'p:' + p.id;
        opts.set(o.value, { prov: p, label: p.name });
      });
    }
    if (ctrs.size) {
      var cg = html('optgroup', null, null, sel);
      cg.label = 'Countries';
      Array.from(ctrs.keys()).map(function (c) { return { code: c, name: m.countryName(c) }; })
        .sort(function (a, b) { return a.name.localeCompare(b.name); })
        .forEach(function (c) {
          var o = html('option', null, c.name + ' (' + ctrs.get(c.code) + ')', cg);
          o.value = 'c:' + c.code;
          opts.set(o.value, { country: c.code, label: c.name });
        });
    }
  };

  Story.prototype.matches = function (e, where, words) {
    var f = this.filter;
    if (f.hidden.size && f.hidden.has(e.type.id)) return false;
    if (where) {
      if (where.prov && e.provs.indexOf(where.prov) < 0) return false;
      if (where.country && e.countries.indexOf(where.country) < 0) return false;
    }
    for (var i = 0; i < words.length; i++) if (e.hay.indexOf(words[i]) < 0) return false;
    return true;
  };

  // One filter step: decide what is shown, then redraw the map, the timeline, the lists and the summary.
  Story.prototype.apply = function () {
    var t0 = performance.now(), f = this.filter, m = this.m;
    var where = this.whereOptions.get(f.where) || null;
    var words = fold(f.q).split(/\s+/).filter(Boolean);
    var shown = 0, matched = [];
    var bins = new Uint32Array(this.months.length), total = this.monthTotal;
    for (var i = 0; i < m.events.length; i++) {
      var e = m.events[i];
      var ok = this.matches(e, where, words);
      if (ok) { bins[this.monthIndex(e.t0)] += 1; matched.push(e.t0, e.t1); }
      ok = ok && e.t0 <= f.to && e.t1 >= f.from;
      if (ok !== e.vis) {
        e.vis = ok;
        if (e.mv) e.mapEl.style.display = ok ? '' : 'none';
        // A timeline mark is in the document only while shown: hidden SVG still costs layout.
        if (ok) e.row.marks.appendChild(e.tlEl); else e.row.marks.removeChild(e.tlEl);
      }
      if (ok) shown++;
    }
    this.shown = shown;
    this.matched = matched;
    this.bins = bins;
    this.drawBars(bins, total);
    this.group();
    this.layoutMap();
    this.layoutTimeline();
    this.drawBrush();
    this.renderLists();
    this.summarise(where, words);
    this.highlightWhere(where);
    if (this.sel) this.syncSelection();
    var ms = performance.now() - t0;
    document.dispatchEvent(new CustomEvent('tonle-story:update', { detail: { shown: shown, total: m.events.length, ms: ms } }));
  };

  Story.prototype.summarise = function (where, words) {
    var m = this.m, f = this.filter, provs = new Set(), ctrs = new Set(), onMap = 0;
    m.events.forEach(function (e) {
      if (!e.vis) return;
      if (e.loc || e.mv) onMap++;
      if (e.loc || e.mv) e.provs.forEach(function (p) { provs.add(p); });
      e.countries.forEach(function (c) { if (c !== 'KH') ctrs.add(c); });
    });
    var full = f.from <= m.r0 && f.to >= m.r1;
    var text = 'Showing ' + this.shown + ' of ' + plural(m.events.length, 'event', 'events') + ', ' +
      (full ? 'all dates (' + periodLabel(m.r0, m.r1) + ')' : periodLabel(f.from, f.to));
    var places = [];
    if (provs.size) places.push(plural(provs.size, 'province', 'provinces'));
    if (ctrs.size) places.push(plural(ctrs.size, 'other country', 'other countries'));
    if (places.length) text += ', in ' + places.join(' and ');
    if (this.shown) text += '; ' + onMap + ' on the map';
    if (where) text += '; place: ' + where.label;
    if (f.hidden.size) text += '; ' + (m.types.size - f.hidden.size) + ' of ' + m.types.size + ' types';
    if (words.length) text += '; matching “' + f.q.trim() + '”';
    $('ts-summary').textContent = text + '.';
  };

  Story.prototype.bindControls = function () {
    var s = this, q = $('ts-q'), timer = 0;
    $('ts-find').addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); s.filter.q = q.value; s.apply(); });
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (s.filter.q !== q.value) { s.filter.q = q.value; s.apply(); } }, 150);
    });
    $('ts-where').addEventListener('change', function () { s.filter.where = $('ts-where').value; s.apply(); });
    $('ts-reset').addEventListener('click', function () {
      s.stop();
      q.value = ''; $('ts-where').value = '';
      s.m.types.forEach(function (t) { if (t.input) t.input.checked = true; });
      s.filter = { hidden: new Set(), where: '', q: '', from: s.m.r0, to: s.m.r1 };
      s.apply();
      s.writeHash();
    });
    document.querySelectorAll('input[name="ts-mode"]').forEach(function (r) {
      r.addEventListener('change', function () { if (r.checked) { s.mode = r.value; s.layoutMap(); } });
    });
    $('ts-playbtn').addEventListener('click', function () { if (s.timer) s.stop(); else s.play(); });
    $('ts-prev').addEventListener('click', function () { s.stop(); s.stepPeriod(-1); });
    $('ts-next').addEventListener('click', function () { s.stop(); s.stepPeriod(1); });
    $('ts-all').addEventListener('click', function () { s.stop(); s.setPeriod(s.m.r0, s.m.r1); });
    $('ts-step').addEventListener('change', function () { if (s.timer) { s.stop(); s.play(); } });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' && s.sel && !ev.defaultPrevented) { s.closeCard(); ev.preventDefault(); }
    });
    window.addEventListener('hashchange', function () { s.openFromHash(); });
  };

  // ---- time: the period, play ----

  Story.prototype.setPeriod = function (from, to) {
    from = Math.max(this.m.r0, Math.min(from, this.m.r1));
    to = Math.max(from, Math.min(to, this.m.r1));
    if (from === this.filter.from && to === this.filter.to) return;
    this.filter.from = from;
    this.filter.to = to;
    this.apply();
    this.writeHash();
  };

  Story.prototype.step = function () { return $('ts-step').value; };

  Story.prototype.isOnePeriod = function () {
    var st = this.step(), f = this.filter;
    return periodStart(f.from, st) === f.from && addPeriods(f.from, st, 1) - 1 === f.to;
  };

  // Moves the period by one step; playing skips the periods where nothing matching happened.
  Story.prototype.stepPeriod = function (dir, skipEmpty) {
    var st = this.step(), f = this.filter, m = this.m;
    var start = this.isOnePeriod() ? addPeriods(f.from, st, dir) : periodStart(dir > 0 ? f.from : f.to, st);
    var first = periodStart(m.r0, st), last = periodStart(m.r1, st);
    while (skipEmpty && start > first && start < last && !this.anyIn(start, addPeriods(start, st, 1) - 1)) start = addPeriods(start, st, dir);
    if (start < first) start = first;
    if (start > last) start = last;
    this.setPeriod(start, addPeriods(start, st, 1) - 1);
    return start < last;
  };

  Story.prototype.anyIn = function (from, to) {
    var spans = this.matched;
    for (var i = 0; i < spans.length; i += 2) if (spans[i] <= to && spans[i + 1] >= from) return true;
    return false;
  };

  Story.prototype.play = function () {
    var s = this, st = this.step();
    if (!this.isOnePeriod() || periodStart(this.m.r1, st) === this.filter.from) {
      var first = periodStart(this.m.r0, st);
      this.setPeriod(first, addPeriods(first, st, 1) - 1);
      if (!this.anyIn(this.filter.from, this.filter.to)) this.stepPeriod(1, true);
    } else this.stepPeriod(1, true);
    $('ts-playbtn').setAttribute('aria-pressed', 'true');
    $('ts-play-text').textContent = 'Pause';
    this.timer = setInterval(function () { if (!s.stepPeriod(1, true)) s.stop(); }, 1400);
  };

  Story.prototype.stop = function () {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = 0;
    $('ts-playbtn').setAttribute('aria-pressed', 'false');
    $('ts-play-text').textContent = 'Play';
  };

  // ---- the map ----

  Story.prototype.buildMap = function () {
    var m = this.m, proj = m.proj, s = this;
    var countries = $('ts-countries'), provinces = $('ts-provinces'), labels = [];
    var hasProvinces = m.provinces.size > 0;
    m.countries.forEach(function (c) {
      if (hasProvinces && c.code === 'KH') return;
      var d = polygonsPath(c.polygons, proj);
      if (!d) return;
      svg('path', 'ts-country', countries).setAttribute('d', d);
      var lp = labelPoint(c.polygons, proj);
      if (lp) labels.push({ xy: lp, text: c.name.toUpperCase(), cls: 'ts-geo-country', min: 0 });
    });
    m.provinces.forEach(function (p) {
      var d = polygonsPath(p.polygons, proj);
      if (!d) return;
      var path = svg('path', 'ts-province', provinces);
      path.setAttribute('d', d);
      p.el = path;
      var lp = labelPoint(p.polygons, proj);
      if (lp) labels.push({ xy: lp, text: p.name, km: p.nameKm, cls: 'ts-geo-province', min: 1.6 });
    });
    this.geoLabels = labels.map(function (l) {
      var t = svg('text', l.cls, $('ts-geolabels'));
      t.textContent = l.text;
      if (l.km) {
        l.kmEl = svg('tspan', 'ts-km', t);
        l.kmEl.setAttribute('lang', 'km');
        l.kmEl.setAttribute('dy', '1.25em');
        l.kmEl.textContent = l.km;
      }
      l.el = t;
      return l;
    });
    var points = document.createDocumentFragment(), moves = document.createDocumentFragment();
    m.events.forEach(function (e) {
      if (e.loc) {
        var c = svg('circle', 'ts-pt' + (e.hollow ? ' ts-hollow' : '') + (e.qual ? ' ts-q' : ''), points);
        c.setAttribute('r', e.r.toFixed(1));
        s.eventElement(c, e);
        e.mapEl = c;
        e.drawn = true;
      } else if (e.mv) {
        var g = svg('g', 'ts-mv' + (e.hollow ? ' ts-hollow' : ''), moves);
        e.mvLine = svg('path', 'ts-mv-line', g);
        e.mvHead = svg('path', 'ts-mv-head', g);
        e.mvHit = svg('path', 'ts-mv-hit', g);
        e.mvWidth = 1.3 + 0.9 * Math.log10(1 + (e.people || 0));
        e.mvLine.style.strokeWidth = e.mvWidth.toFixed(1) + 'px';
        s.eventElement(g, e);
        e.mapEl = g;
      }
    });
    $('ts-points').appendChild(points);
    $('ts-moves').appendChild(moves);
    $('ts-points').setAttribute('role', 'group');
    $('ts-moves').setAttribute('role', 'group');
  };

  // The marks of one event; a row's marks take their colour from the row.
  Story.prototype.eventElement = function (el, e, inRow) {
    el.setAttribute('data-event-id', e.id);
    el.setAttribute('tabindex', '-1');
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', this.describe(e));
    if (!inRow) el.classList.add(e.type.cls);
  };

  Story.prototype.describe = function (e) {
    var bits = [e.title, e.type.label, e.dateLabel];
    if (e.placeName) bits.push(e.placeName);
    if (e.hollow) bits.push(this.statusLabel(e));
    return bits.join('. ');
  };

  Story.prototype.statusLabel = function (e) {
    return this.m.statuses.get(e.status) || e.status;
  };

  // Which shown events share a place: one stays on the spot, several fan out on a spiral, many
  // become a cluster that opens on click. Offsets are in screen pixels, so they hold at any zoom.
  Story.prototype.group = function () {
    var groups = new Map(), m = this.m;
    for (var i = 0; i < m.events.length; i++) {
      var e = m.events[i];
      if (!e.vis || !e.loc) continue;
      var g = groups.get(e.key);
      if (!g) { g = { key: e.key, xy: e.loc, members: [] }; groups.set(e.key, g); }
      g.members.push(e);
      e.group = g;
    }
    var list = [];
    groups.forEach(function (g) {
      var n = g.members.length;
      var maxR = 0;
      g.members.forEach(function (e) { maxR = Math.max(maxR, e.r); });
      var c = (2 * Math.min(maxR, 9) + 3) / 1.6;
      var order = g.members.slice().sort(function (a, b) { return b.r - a.r || a.i - b.i; });
      order.forEach(function (e, j) {
        if (n === 1) { e.ox = 0; e.oy = 0; return; }
        var rad = c * Math.sqrt(j + 0.5) + (j === 0 ? 0 : maxR * 0.3), ang = j * 2.39996;
        e.ox = rad * Math.cos(ang);
        e.oy = rad * Math.sin(ang);
      });
      g.extent = n === 1 ? g.members[0].r : c * Math.sqrt(n) + maxR * 1.3;
      var names = new Map();
      g.members.forEach(function (e) { names.set(e.placeName, (names.get(e.placeName) || 0) + 1); });
      var top = '', best = 0;
      names.forEach(function (k, name) { if (k > best) { best = k; top = name; } });
      g.label = names.size > 1 ? top + ' +' + (names.size - 1) : top;
      list.push(g);
    });
    list.sort(function (a, b) { return b.members.length - a.members.length; });
    this.groups = list;
    if (this.expanded && !groups.has(this.expanded)) this.expanded = null;
  };

  Story.prototype.screen = function (xy) {
    var v = this.view;
    return [xy[0] * v.k + v.tx, xy[1] * v.k + v.ty];
  };

  // Places close together on screen, with many events between them, share one disc with their
  // count: a click zooms in (or, for one place, fans its events out). Thousands of events stay
  // readable, and the page draws a few hundred marks instead of every point.
  Story.prototype.cells = function () {
    var cells = new Map(), s = this;
    this.groups.forEach(function (g) {
      var b = s.screen(g.xy);
      g.sx = b[0]; g.sy = b[1]; g.disc = null;
      if (g.key === s.expanded) return;
      var key = Math.floor(b[0] / CELL) + ',' + Math.floor(b[1] / CELL);
      var c = cells.get(key);
      if (!c) { c = { groups: [], n: 0 }; cells.set(key, c); }
      c.groups.push(g);
      c.n += g.members.length;
    });
    var discs = [];
    cells.forEach(function (c) {
      var one = c.groups.length === 1;
      if (one ? c.n <= SPIRAL_MAX : c.n <= CLUSTER_MIN) return;
      var x = 0, y = 0;
      c.groups.forEach(function (g) { x += g.sx * g.members.length; y += g.sy * g.members.length; });
      var disc = { x: x / c.n, y: y / c.n, n: c.n, groups: c.groups, label: one ? c.groups[0].label : '' };
      c.groups.forEach(function (g) { g.disc = disc; });
      discs.push(disc);
    });
    return discs;
  };

  Story.prototype.layoutMap = function () {
    var v = this.view, s = this, m = this.m;
    this.laid = { k: v.k, tx: v.tx, ty: v.ty };
    $('ts-geo').setAttribute('transform', 'translate(' + v.tx.toFixed(2) + ' ' + v.ty.toFixed(2) + ') scale(' + v.k.toFixed(5) + ')');
    $('ts-dyn').removeAttribute('transform');
    var spider = '', placed = [];
    var discs = this.cells();
    this.groups.forEach(function (g) {
      if (g.disc) return;
      var many = g.members.length > 1;
      g.members.forEach(function (e) {
        var x = g.sx + e.ox, y = g.sy + e.oy;
        if (e.sx !== x) { e.mapEl.setAttribute('cx', x.toFixed(1)); e.sx = x; }
        if (e.sy !== y) { e.mapEl.setAttribute('cy', y.toFixed(1)); e.sy = y; }
        if (many) spider += 'M' + g.sx.toFixed(1) + ' ' + g.sy.toFixed(1) + 'L' + x.toFixed(1) + ' ' + y.toFixed(1);
      });
      if (many) spider += 'M' + g.sx.toFixed(1) + ' ' + g.sy.toFixed(1) + 'h0';
      placed.push({ x: g.sx, y: g.sy, r: g.extent, text: g.label, n: g.members.length });
    });
    for (var i = 0; i < m.located.length; i++) {
      var e = m.located[i], want = e.vis && !(e.group && e.group.disc);
      if (want !== e.drawn) { e.mapEl.style.display = want ? '' : 'none'; e.drawn = want; }
    }
    var layer = $('ts-clusters');
    layer.textContent = '';
    discs.forEach(function (d) {
      s.drawCluster(d, layer);
      placed.push({ x: d.x, y: d.y, r: d.r, text: d.label, n: d.n });
    });
    var sp = $('ts-spider');
    sp.textContent = '';
    if (spider) svg('path', 'ts-spider-line', sp).setAttribute('d', spider);
    this.layoutMoves(placed);
    this.layoutLabels(placed);
    this.layoutGeoLabels();
    this.placeRings();
    this.drawScale();
  };

  Story.prototype.drawCluster = function (d, layer) {
    var el = svg('g', 'ts-cluster', layer);
    el.setAttribute('transform', 'translate(' + d.x.toFixed(1) + ' ' + d.y.toFixed(1) + ')');
    el.setAttribute('role', 'button');
    el.setAttribute('tabindex', '-1');
    el.setAttribute('aria-label', plural(d.n, 'event', 'events') + (d.label ? ' at ' + d.label : ' close together') + ': open');
    d.r = 11 + 4 * Math.log10(d.n);
    svg('circle', 'ts-cluster-disc', el).setAttribute('r', d.r.toFixed(1));
    var t = svg('text', 'ts-cluster-n', el);
    t.setAttribute('dy', '0.35em');
    t.textContent = d.n > 9999 ? Math.round(d.n / 1000) + 'k' : String(d.n);
    el.discRef = d;
  };

  Story.prototype.openDisc = function (d) {
    if (d.groups.length === 1) { this.expanded = d.groups[0].key; this.layoutMap(); } else this.zoomAt(2.5, d.x, d.y);
  };

  // Movements as arrows, one per event; as routes (one arrow per origin and destination, width by
  // events) when the reader asks for flows or when there are too many to tell apart.
  Story.prototype.layoutMoves = function (placed) {
    var s = this, m = this.m, f = this.filter;
    var ends = $('ts-ends'), seen = new Map(), pairs = new Map(), routes = new Map();
    ends.textContent = '';
    function end(ep) {
      var key = ep.ll.join(',');
      if (seen.has(key)) return;
      var p = s.screen(ep.xy);
      seen.set(key, p);
      var el = ep.whole ? svg('rect', 'ts-end ts-country', ends) : svg('circle', 'ts-end', ends);
      if (ep.whole) {
        el.setAttribute('x', (p[0] - 5.5).toFixed(1)); el.setAttribute('y', (p[1] - 5.5).toFixed(1));
        el.setAttribute('width', '11'); el.setAttribute('height', '11');
      } else {
        el.setAttribute('cx', p[0].toFixed(1)); el.setAttribute('cy', p[1].toFixed(1)); el.setAttribute('r', '3.5');
      }
      placed.push({ x: p[0], y: p[1], r: 7, text: ep.whole ? ep.name + ' (country)' : ep.name, n: 0.5, whole: ep.whole });
    }
    function route(from, to, events, people, unknown) {
      var key = from.ll.join(',') + '>' + to.ll.join(',');
      var r = routes.get(key);
      if (!r) { r = { key: key, from: from, to: to, events: 0, people: 0, unknown: 0 }; routes.set(key, r); }
      r.events += events; r.people += people; r.unknown += unknown;
    }
    var moves = [];
    m.events.forEach(function (e) { if (e.mv && e.vis) moves.push(e); });
    var asRoutes = this.mode === 'flows' || moves.length > MOVES_MAX;
    this.asRoutes = asRoutes;
    $('ts-moves').style.display = asRoutes ? 'none' : '';
    if (this.mode === 'flows') {
      m.flows.forEach(function (fl) { if (fl.t0 <= f.to && fl.t1 >= f.from) route(fl.from, fl.to, fl.events, fl.people, fl.unknown); });
    } else if (asRoutes) {
      moves.forEach(function (e) { route(e.mv.from, e.mv.to, 1, e.people || 0, e.people === null ? 1 : 0); });
    } else {
      moves.forEach(function (e) {
        var key = e.mv.from.ll.join(',') + '>' + e.mv.to.ll.join(','), j = pairs.get(key) || 0;
        pairs.set(key, j + 1);
        var p = arrowPaths(s.screen(e.mv.from.xy), s.screen(e.mv.to.xy), 0.18 + 0.1 * Math.min(j, 6), e.mvWidth, e.mv.to.whole ? 7 : 5);
        var d = p ? p.line : '', h = p ? p.head : '';
        e.mvLine.setAttribute('d', d); e.mvHead.setAttribute('d', h); e.mvHit.setAttribute('d', d);
        end(e.mv.from); end(e.mv.to);
      });
    }
    this.drawRoutes(routes, end);
    var note = $('ts-mapnote');
    note.hidden = !asRoutes || !routes.size;
    if (asRoutes) {
      note.textContent = this.mode === 'flows'
        ? 'Flows in this period: one arrow per route, as wide as its number of movements.'
        : fmtInt(moves.length) + ' movements drawn as ' + plural(routes.size, 'route', 'routes') + ': choose fewer to see each one.';
    }
  };

  Story.prototype.drawRoutes = function (routes, end) {
    var s = this, pool = this.routeEls || (this.routeEls = new Map()), layer = $('ts-flows'), f = this.filter;
    pool.forEach(function (el, key) { if (!routes.has(key)) el.g.style.display = 'none'; });
    routes.forEach(function (r, key) {
      var el = pool.get(key);
      if (!el) {
        el = { g: svg('g', 'ts-flow', layer) };
        el.line = svg('path', 'ts-flow-line', el.g);
        el.head = svg('path', 'ts-flow-head', el.g);
        el.title = svg('title', null, el.g);
        pool.set(key, el);
      }
      el.g.style.display = '';
      var width = 1.5 + 2.2 * Math.log10(1 + r.events);
      var p = arrowPaths(s.screen(r.from.xy), s.screen(r.to.xy), 0.18, width, r.to.whole ? 7 : 5);
      el.line.setAttribute('d', p ? p.line : '');
      el.head.setAttribute('d', p ? p.head : '');
      el.line.style.strokeWidth = width.toFixed(1) + 'px';
      el.title.textContent = r.from.name + ' → ' + r.to.name + ', ' + periodLabel(f.from, f.to) + ': ' +
        plural(r.events, 'movement', 'movements') + ', ' + fmtInt(r.people) + ' people counted' +
        (r.unknown ? ' (' + r.unknown + ' without a count)' : '');
      end(r.from); end(r.to);
    });
  };

  // Place names beside the points, biggest groups first, skipping any that would overlap.
  Story.prototype.layoutLabels = function (placed) {
    var layer = $('ts-labels'), boxes = [], w = this.mapW, h = this.mapH;
    layer.textContent = '';
    placed.sort(function (a, b) { return b.n - a.n; });
    var done = new Map();
    placed.forEach(function (p) {
      if (!p.text || p.x < -50 || p.y < -20 || p.x > w + 50 || p.y > h + 20) return;
      var spot = done.get(p.text);
      if (spot && Math.abs(spot[0] - p.x) < 20 && Math.abs(spot[1] - p.y) < 20) return;
      done.set(p.text, [p.x, p.y]);
      var text = p.text.length > 36 ? p.text.slice(0, 35) + '…' : p.text;
      var tw = text.length * 6.6 + 6, th = 15;
      var tries = [[p.x + p.r + 4, p.y - th / 2], [p.x - p.r - 4 - tw, p.y - th / 2], [p.x - tw / 2, p.y - p.r - th - 2], [p.x - tw / 2, p.y + p.r + 2]];
      for (var i = 0; i < tries.length; i++) {
        var bx = tries[i][0], by = tries[i][1];
        var clash = boxes.some(function (o) { return bx < o[0] + o[2] && bx + tw > o[0] && by < o[1] + o[3] && by + th > o[1]; }) ||
          placed.some(function (o) { return o !== p && Math.abs(o.x - (bx + tw / 2)) < tw / 2 + o.r * 0.7 && Math.abs(o.y - (by + th / 2)) < th / 2 + o.r * 0.7; });
        if (clash) continue;
        boxes.push([bx, by, tw, th]);
        var t = svg('text', 'ts-label' + (p.whole ? ' ts-label-country' : ''), layer);
        t.setAttribute('x', (bx + 3).toFixed(1));
        t.setAttribute('y', (by + 11.5).toFixed(1));
        t.textContent = text;
        return;
      }
    });
    this.labelBoxes = boxes;
  };

  Story.prototype.layoutGeoLabels = function () {
    var s = this, k = this.view.k / this.fitK;
    this.geoLabels.forEach(function (l) {
      var on = k >= l.min;
      if (on) {
        var p = s.screen(l.xy);
        var tw = l.text.length * (l.cls === 'ts-geo-country' ? 8.5 : 6.2);
        on = !(s.labelBoxes || []).some(function (o) { return Math.abs(o[0] + o[2] / 2 - p[0]) < (o[2] + tw) / 2 && Math.abs(o[1] + o[3] / 2 - p[1]) < 14; });
        if (on) {
          l.el.setAttribute('x', p[0].toFixed(1)); l.el.setAttribute('y', p[1].toFixed(1));
          if (l.kmEl) { l.kmEl.setAttribute('x', p[0].toFixed(1)); l.kmEl.style.display = k >= 3 ? '' : 'none'; }
        }
      }
      l.el.style.display = on ? '' : 'none';
    });
  };

  Story.prototype.drawScale = function () {
    var midY = this.mapH / 2, v = this.view, proj = this.m.proj;
    var lat = proj.invert(0, (midY - v.ty) / v.k)[1];
    var kmPerPx = 111.32 * Math.cos(lat * RAD) / (proj.scale * v.k);
    var target = kmPerPx * 110, pow = Math.pow(10, Math.floor(Math.log10(target)));
    var nice = [5, 2, 1].map(function (f) { return f * pow; }).find(function (x) { return x <= target; }) || pow;
    $('ts-scale-bar').style.width = (nice / kmPerPx).toFixed(0) + 'px';
    $('ts-scale-text').textContent = (nice >= 1 ? fmtInt(nice) : nice.toFixed(1)) + ' km';
  };

  Story.prototype.placeRings = function () {
    this.ring($('ts-hover-ring'), this.hover);
    this.ring($('ts-sel-ring'), this.sel);
  };

  Story.prototype.mapPoint = function (e) {
    if (!e || !e.vis) return null;
    if (e.loc) {
      if (e.group && e.group.disc) return [e.group.disc.x, e.group.disc.y, e.group.disc.r];
      return e.sx === undefined ? null : [e.sx, e.sy, e.r];
    }
    if (e.mv && !this.asRoutes) {
      var b = this.screen(e.mv.to.xy);
      return [b[0], b[1], 8];
    }
    return null;
  };

  Story.prototype.ring = function (el, e) {
    var p = this.mapPoint(e);
    if (!p) { el.setAttribute('r', '0'); el.style.display = 'none'; return; }
    el.style.display = '';
    el.setAttribute('cx', p[0].toFixed(1));
    el.setAttribute('cy', p[1].toFixed(1));
    el.setAttribute('r', (p[2] + 4).toFixed(1));
  };

  // ---- zoom and pan ----

  Story.prototype.resized = function () {
    var box = $('ts-map');
    var w = box.clientWidth, h = box.clientHeight;
    if (!w || !h) return;
    var first = !this.mapW;
    var tlw = this.tlWidth, ovw = this.ovWidth;
    this.measure();
    if (!first && w === this.mapW && h === this.mapH) {
      if (tlw !== this.tlWidth || ovw !== this.ovWidth) { this.layoutTimeline(); this.drawBars(this.bins, this.monthTotal); this.drawBrush(); }
      return;
    }
    var cx = this.mapW ? (this.mapW / 2 - this.view.tx) / this.view.k : null, cy = this.mapW ? (this.mapH / 2 - this.view.ty) / this.view.k : null;
    this.mapW = w; this.mapH = h;
    this.fitK = this.fitScale(this.homeBox());
    if (first || cx === null || !this.touched) this.fitTo(this.homeBox()); else { this.view.tx = w / 2 - cx * this.view.k; this.view.ty = h / 2 - cy * this.view.k; }
    this.layoutMap();
    this.layoutTimeline();
    if (this.bins) this.drawBars(this.bins, this.monthTotal);
    this.drawBrush();
  };

  Story.prototype.homeBox = function () {
    var b = this.m.bbox, p0 = this.m.proj.point(b[0], b[3]), p1 = this.m.proj.point(b[2], b[1]);
    return [p0[0], p0[1], p1[0], p1[1]];
  };

  Story.prototype.fitScale = function (box) {
    var pad = 24, w = Math.max(50, (this.mapW || 600) - 2 * pad), h = Math.max(50, (this.mapH || 400) - 2 * pad);
    return Math.min(w / Math.max(box[2] - box[0], 1e-6), h / Math.max(box[3] - box[1], 1e-6));
  };

  Story.prototype.fitTo = function (box, maxK) {
    var box2 = $('ts-map');
    this.mapW = this.mapW || box2.clientWidth; this.mapH = this.mapH || box2.clientHeight;
    var k = this.fitScale(box);
    if (maxK) k = Math.min(k, maxK);
    this.view.k = k;
    this.view.tx = this.mapW / 2 - (box[0] + box[2]) / 2 * k;
    this.view.ty = this.mapH / 2 - (box[1] + box[3]) / 2 * k;
    this.fitK = this.fitK || this.fitScale(this.homeBox());
  };

  Story.prototype.home = function () {
    this.touched = false;
    this.fitTo(this.homeBox());
    if (this.groups) this.layoutMap();
  };

  Story.prototype.fitShown = function () {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    function add(xy) { x0 = Math.min(x0, xy[0]); y0 = Math.min(y0, xy[1]); x1 = Math.max(x1, xy[0]); y1 = Math.max(y1, xy[1]); }
    this.m.events.forEach(function (e) {
      if (!e.vis) return;
      if (e.loc) add(e.loc);
      if (e.mv) { add(e.mv.from.xy); add(e.mv.to.xy); }
    });
    if (x0 === Infinity) return this.home();
    this.touched = true;
    var pad = 30;
    this.fitTo([x0 - pad, y0 - pad, x1 + pad, y1 + pad], this.fitK * 6);
    this.layoutMap();
  };

  Story.prototype.zoomAt = function (factor, px, py) {
    var v = this.view, fit = this.fitK || 1;
    this.touched = true;
    var k = Math.max(fit * 0.08, Math.min(fit * 80, v.k * factor));
    factor = k / v.k;
    v.tx = px - (px - v.tx) * factor;
    v.ty = py - (py - v.ty) * factor;
    v.k = k;
    this.schedule();
  };

  Story.prototype.panBy = function (dx, dy) {
    this.touched = true;
    this.view.tx += dx;
    this.view.ty += dy;
    this.schedule();
  };

  // Panning only moves the layers; a zoom lays the points out again, at most once a frame.
  Story.prototype.schedule = function () {
    var s = this;
    if (this.frame) return;
    this.frame = requestAnimationFrame(function () {
      s.frame = 0;
      var v = s.view, l = s.laid;
      if (v.k !== l.k) { s.layoutMap(); return; }
      $('ts-geo').setAttribute('transform', 'translate(' + v.tx.toFixed(2) + ' ' + v.ty.toFixed(2) + ') scale(' + v.k.toFixed(5) + ')');
      $('ts-dyn').setAttribute('transform', 'translate(' + (v.tx - l.tx).toFixed(2) + ' ' + (v.ty - l.ty).toFixed(2) + ')');
      clearTimeout(s.settle);
      s.settle = setTimeout(function () { s.layoutMap(); }, 180);
    });
  };

  Story.prototype.bindMap = function () {
    var s = this, box = $('ts-map'), pointers = new Map(), drag = null;
    box.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = box.getBoundingClientRect();
      var dy = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      s.zoomAt(Math.exp(-dy * 0.0022), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    box.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      pointers.set(ev.pointerId, [ev.clientX, ev.clientY]);
      drag = { x: ev.clientX, y: ev.clientY, moved: false, dist: s.pinchDist(pointers), centre: pointers.size === 2 ? s.pinchCentre(pointers) : null };
      box.setPointerCapture(ev.pointerId);
    });
    box.addEventListener('pointermove', function (ev) {
      if (!pointers.has(ev.pointerId)) { s.hoverFrom(ev); return; }
      var prev = pointers.get(ev.pointerId);
      pointers.set(ev.pointerId, [ev.clientX, ev.clientY]);
      if (!drag) return;
      if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 4) drag.moved = true;
      if (!drag.moved) return;
      if (pointers.size === 2) {
        var d = s.pinchDist(pointers), r = box.getBoundingClientRect(), c = s.pinchCentre(pointers);
        if (drag.centre) s.panBy(c[0] - drag.centre[0], c[1] - drag.centre[1]);
        if (drag.dist && d) s.zoomAt(d / drag.dist, c[0] - r.left, c[1] - r.top);
        drag.dist = d;
        drag.centre = c;
      } else s.panBy((ev.clientX - prev[0]), (ev.clientY - prev[1]));
      s.tip(null);
    });
    function up(ev) {
      if (!pointers.has(ev.pointerId)) return;
      pointers.delete(ev.pointerId);
      if (drag && !drag.moved && pointers.size === 0) s.clickMap(ev);
      if (pointers.size === 0) drag = null; else { drag.dist = s.pinchDist(pointers); drag.centre = null; }
    }
    box.addEventListener('pointerup', up);
    box.addEventListener('pointercancel', function (ev) { pointers.delete(ev.pointerId); drag = null; });
    box.addEventListener('pointerleave', function () { if (!pointers.size) { s.setHover(null); s.tip(null); } });
    box.addEventListener('dblclick', function (ev) {
      var r = box.getBoundingClientRect();
      s.zoomAt(ev.shiftKey ? 0.5 : 2, ev.clientX - r.left, ev.clientY - r.top);
    });
    box.addEventListener('keydown', function (ev) { s.mapKey(ev); });
    box.addEventListener('focusin', function (ev) {
      var e = s.eventOf(ev.target);
      if (e) { s.setHover(e); s.ensureOnMap(e); }
    });
    box.addEventListener('focusout', function () { s.setHover(null); });
    $('ts-zin').addEventListener('click', function () { s.zoomAt(1.6, s.mapW / 2, s.mapH / 2); });
    $('ts-zout').addEventListener('click', function () { s.zoomAt(1 / 1.6, s.mapW / 2, s.mapH / 2); });
    $('ts-zhome').addEventListener('click', function () { s.home(); });
    $('ts-zall').addEventListener('click', function () { s.fitShown(); });
  };

  Story.prototype.pinchDist = function (pointers) {
    if (pointers.size !== 2) return 0;
    var p = Array.from(pointers.values());
    return Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]);
  };
  Story.prototype.pinchCentre = function (pointers) {
    var p = Array.from(pointers.values());
    return [(p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2];
  };

  Story.prototype.eventOf = function (target) {
    var el = target && target.closest ? target.closest('[data-event-id]') : null;
    return el ? this.m.byId.get(el.getAttribute('data-event-id')) || null : null;
  };

  Story.prototype.clickMap = function (ev) {
    var hit = document.elementFromPoint(ev.clientX, ev.clientY);
    var e = this.eventOf(hit);
    if (e) { this.select(e, e.mapEl); return; }
    var cluster = hit && hit.closest ? hit.closest('.ts-cluster') : null;
    if (cluster && cluster.discRef) { this.openDisc(cluster.discRef); return; }
    if (this.expanded) { this.expanded = null; this.layoutMap(); }
  };

  Story.prototype.hoverFrom = function (ev) {
    var e = this.eventOf(ev.target);
    this.setHover(e);
    this.tip(e, ev.clientX, ev.clientY);
  };

  Story.prototype.tip = function (e, x, y) {
    var tip = $('ts-tip');
    if (!e) { tip.hidden = true; return; }
    tip.textContent = '';
    html('strong', null, e.title, tip);
    html('span', null, e.dateLabel + (e.placeName ? ' · ' + e.placeName : '') + (e.hollow ? ' · ' + this.statusLabel(e) : ''), tip);
    tip.hidden = false;
    var r = $('ts-map').getBoundingClientRect(), w = tip.offsetWidth;
    var left = Math.min(x - r.left + 14, r.width - w - 8);
    tip.style.left = Math.max(8, left) + 'px';
    tip.style.top = Math.max(8, y - r.top + 16) + 'px';
  };

  Story.prototype.mapTargets = function () {
    var list = [];
    this.m.events.forEach(function (e) { if (e.vis && (e.loc || e.mv) && e.mapEl) list.push(e); });
    if (this.asRoutes) list = list.filter(function (e) { return e.loc; });
    return list;
  };

  Story.prototype.mapKey = function (ev) {
    var s = this, e = this.eventOf(ev.target), key = ev.key;
    if (key === '+' || key === '=') { this.zoomAt(1.5, this.mapW / 2, this.mapH / 2); ev.preventDefault(); return; }
    if (key === '-' || key === '_') { this.zoomAt(1 / 1.5, this.mapW / 2, this.mapH / 2); ev.preventDefault(); return; }
    if (key === '0') { this.home(); ev.preventDefault(); return; }
    if (!e) {
      var pan = { ArrowLeft: [80, 0], ArrowRight: [-80, 0], ArrowUp: [0, 80], ArrowDown: [0, -80] }[key];
      if (pan && ev.target === $('ts-map')) { this.panBy(pan[0], pan[1]); ev.preventDefault(); }
      return;
    }
    if (key === 'Enter' || key === ' ') { this.select(e, e.mapEl); ev.preventDefault(); return; }
    var dir = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[key];
    if (key === 'Home' || key === 'End') dir = key === 'Home' ? -Infinity : Infinity;
    if (!dir) return;
    ev.preventDefault();
    var list = this.mapTargets(), i = list.indexOf(e);
    var next = dir === Infinity ? list[list.length - 1] : dir === -Infinity ? list[0] : list[Math.max(0, Math.min(list.length - 1, i + dir))];
    if (next) s.focusOn('map', next);
  };

  Story.prototype.ensureOnMap = function (e) {
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = 0; this.layoutMap(); }
    if (e.loc && e.group && e.group.disc) { this.expanded = e.key; this.layoutMap(); }
    var p = this.mapPoint(e);
    if (!p) return;
    var margin = 30;
    if (p[0] < margin || p[1] < margin || p[0] > this.mapW - margin || p[1] > this.mapH - margin) {
      this.touched = true;
      this.view.tx += this.mapW / 2 - p[0];
      this.view.ty += this.mapH / 2 - p[1];
      this.layoutMap();
    }
  };

  // One element of a view at a time is in the Tab order; arrow keys move it.
  Story.prototype.focusOn = function (where, e) {
    var el = where === 'map' ? e.mapEl : e.tlEl;
    if (!el) return;
    if (where === 'map') this.ensureOnMap(e);
    var prev = this.roving[where];
    if (prev && prev !== el) prev.setAttribute('tabindex', '-1');
    el.setAttribute('tabindex', '0');
    this.roving[where] = el;
    el.focus({ preventScroll: where === 'map' });
  };

  Story.prototype.resetRoving = function (where, list) {
    var cur = this.roving[where];
    var curE = cur ? this.m.byId.get(cur.getAttribute('data-event-id')) : null;
    if (curE && curE.vis && list.indexOf(curE) >= 0) return;
    if (cur) cur.setAttribute('tabindex', '-1');
    var first = list[0];
    var el = first ? (where === 'map' ? first.mapEl : first.tlEl) : null;
    if (el) el.setAttribute('tabindex', '0');
    this.roving[where] = el;
  };

  // ---- hover and selection, shared by every view ----

  Story.prototype.setHover = function (e) {
    if (this.hover === e) return;
    if (this.hover) this.mark(this.hover, 'ts-hl', false);
    this.hover = e;
    if (e) this.mark(e, 'ts-hl', true);
    this.ring($('ts-hover-ring'), e);
  };

  Story.prototype.mark = function (e, cls, on) {
    [e.mapEl, e.tlEl].forEach(function (el) { if (el) el.classList.toggle(cls, on); });
    document.querySelectorAll('.ts-list button').forEach(function (b) {
      if (b.eventRef === e) b.classList.toggle(cls, on);
    });
  };

  Story.prototype.select = function (e, opener) {
    if (this.sel && this.sel !== e) this.mark(this.sel, 'ts-selected', false);
    this.sel = e;
    this.opener = opener || document.activeElement;
    this.mark(e, 'ts-selected', true);
    this.renderCard(e);
    this.ring($('ts-sel-ring'), e);
    if (e.loc || e.mv) this.ensureOnMap(e);
    this.showInTimeline(e);
    this.writeHash();
    $('ts-card').setAttribute('data-event-id', e.id);
  };

  // Scrolls the timeline's own box (never the page) so the selected event's row is in sight.
  Story.prototype.showInTimeline = function (e) {
    var box = $('ts-detail');
    if (!e.vis || this.dense || e.row.y === undefined) return;
    var top = e.row.y + 4 + (e.tlLane || 0) * 12, view = box.clientHeight;
    if (top < box.scrollTop + 24 || top + 12 > box.scrollTop + view) box.scrollTop = Math.max(0, top - view / 2);
  };

  Story.prototype.syncSelection = function () {
    this.mark(this.sel, 'ts-selected', true);
    this.ring($('ts-sel-ring'), this.sel);
    this.cardSteps();
  };

  Story.prototype.closeCard = function () {
    if (!this.sel) return;
    this.mark(this.sel, 'ts-selected', false);
    this.sel = null;
    $('ts-card').hidden = true;
    $('ts-card').removeAttribute('data-event-id');
    $('ts-lists').hidden = false;
    document.body.classList.remove('ts-card-open');
    this.ring($('ts-sel-ring'), null);
    this.writeHash();
    var back = this.opener;
    this.opener = null;
    if (back && back.isConnected && back.getAttribute('tabindex') !== null) back.focus({ preventScroll: true });
    else if (back && back.isConnected && back.focus) back.focus({ preventScroll: true });
  };

  // The address says what is shown, so that it can be copied and shared.
  Story.prototype.writeHash = function () {
    var f = this.filter, m = this.m, parts = [];
    if (f.from > m.r0 || f.to < m.r1) parts.push('period=' + iso(f.from) + '/' + iso(f.to));
    if (this.sel) parts.push('event=' + encodeURIComponent(this.sel.id));
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch { /* some hosts refuse */ }
  };

  // "#period=2022-07-01/2022-09-30&event=kh-2022-014": a link (or an embedding frame) can open
  // the page on a period, an event, or both.
  Story.prototype.openFromHash = function () {
    var params = {};
    location.hash.slice(1).split('&').forEach(function (kv) {
      var at = kv.indexOf('=');
      if (at < 0) return;
      try { params[kv.slice(0, at)] = decodeURIComponent(kv.slice(at + 1)); } catch { /* not ours */ }
    });
    var span = typeof params.period === 'string' ? params.period.split('/') : [];
    var a = parseDay(span[0]), b = parseDay(span[1]);
    if (a !== null && b !== null && a <= b) this.setPeriod(a, b);
    var e = typeof params.event === 'string' ? this.m.byId.get(params.event) : null;
    if (e && e !== this.sel) this.select(e, null);
  };

  // ---- the card ----

  Story.prototype.renderCard = function (e) {
    var raw = e.raw, body = $('ts-card-body'), m = this.m;
    body.textContent = '';
    var head = html('div', 'ts-card-head', null, body);
    var chip = html('span', 'ts-type', e.type.label, head);
    chip.classList.add(e.type.cls);
    html('span', 'ts-status ts-status-' + (HOLLOW[e.status] ? 'claim' : 'fact'), this.statusLabel(e), head);
    var h = html('h2', 'ts-card-title', e.title, body);
    h.id = 'ts-card-title';
    var dl = html('dl', 'ts-facts', null, body);
    function row(label, value, extra) {
      if (!value) return null;
      html('dt', null, label, dl);
      var dd = html('dd', null, value, dl);
      if (extra) html('span', 'ts-aside ts-block', extra, dd);
      return dd;
    }
    var date = raw.date || {};
    var qual = { uncertain: 'uncertain', approximate: 'approximate', 'uncertain-approximate': 'uncertain and approximate' }[e.qual];
    var written = ['written “' + str(date.text) + '”', 'known to the ' + e.prec];
    if (qual) written.push(qual);
    if (e.openStart) written.push('start unknown');
    if (e.openEnd) written.push('end unknown');
    row('When', e.dateLabel, written.join(' · '));
    var place = raw.place && typeof raw.place === 'object' ? raw.place : null;
    if (place) {
      var where = [str(place.name)];
      if (str(place.province) && place.province !== place.name) where.push(str(place.province));
      if (m.countries.has(str(place.country)) && m.countryName(place.country) !== place.name) where.push(m.countryName(place.country));
      var prec = e.national ? 'the whole country: listed beside the map, not drawn on it' : PRECISION[place.precision] || str(place.precision);
      row('Where', where.filter(Boolean).join(', '), prec);
    } else if (!e.mv) row('Where', 'No place given', 'not drawn on the map');
    if (e.mv) {
      var mv = raw.movement, legs = [];
      if (str(mv.stage)) legs.push('stage: ' + mv.stage);
      if (str(mv.mode)) legs.push('by ' + mv.mode);
      if (str(mv.journey)) legs.push('journey ' + mv.journey + (num(mv.leg) !== null ? ', leg ' + mv.leg : ''));
      row('Movement', e.mv.from.name + ' → ' + e.mv.to.name, legs.join(', '));
    }
    row('As written', str(raw.place_text));
    var counts = [];
    Object.keys(COUNT_LABELS).forEach(function (k) {
      var n = num(raw.counts && raw.counts[k]);
      if (n !== null) counts.push(COUNT_LABELS[k] + ' ' + fmtInt(n));
    });
    row('Counts', counts.join(' · '), str(raw.count_note));
    row('Nationalities', arr(raw.nationalities).filter(Boolean).map(function (n) {
      return (str(n.name) || str(n.code)) + (num(n.count) !== null ? ' ' + fmtInt(n.count) : '');
    }).join(', '));
    row('Actors', arr(raw.actors).map(str).filter(Boolean).join(', '));
    if (str(raw.description)) html('p', 'ts-desc', raw.description, body);
    var tags = arr(raw.tags).map(str).filter(Boolean);
    if (tags.length) {
      var tl = html('ul', 'ts-tags', null, body);
      tl.setAttribute('aria-label', 'Tags');
      tags.forEach(function (t) { html('li', null, t, tl); });
    }
    var sources = arr(raw.sources).filter(Boolean);
    html('h3', 'ts-src-h', sources.length === 1 ? 'Source' : plural(sources.length, 'source', 'sources'), body);
    var ol = html('ol', 'ts-sources', null, body);
    if (!sources.length) html('li', 'ts-aside', 'No source given.', ol);
    sources.forEach(function (src) {
      var li = html('li', null, null, ol), url = safeUrl(src.url), name = str(src.name) || 'Source';
      if (url) {
        var a = html('a', null, name, li);
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        html('span', 'ts-aside', ' ' + new URL(url).hostname, li);
      } else html('span', null, name, li);
      if (str(src.date)) html('span', 'ts-aside', ' · ' + src.date, li);
      if (str(src.url) && !url) html('span', 'ts-aside', ' (link not shown: not an http(s) address)', li);
    });
    html('p', 'ts-id', 'Event ' + e.id, body);
    var card = $('ts-card');
    card.hidden = false;
    $('ts-lists').hidden = true;
    card.scrollTop = 0;
    document.body.classList.add('ts-card-open');
    this.cardSteps();
    card.focus({ preventScroll: true });
    if (window.matchMedia && window.matchMedia('(max-width: 760px)').matches) card.scrollIntoView({ block: 'nearest' });
  };

  Story.prototype.cardSteps = function () {
    var e = this.sel;
    if (!e) return;
    var shown = this.m.events.filter(function (x) { return x.vis; }), i = shown.indexOf(e);
    $('ts-card-prev').disabled = i <= 0;
    $('ts-card-next').disabled = i < 0 || i >= shown.length - 1;
  };

  Story.prototype.bindLists = function () {
    var s = this;
    $('ts-card-close').addEventListener('click', function () { s.closeCard(); });
    function step(d) {
      var shown = s.m.events.filter(function (x) { return x.vis; }), i = shown.indexOf(s.sel);
      var next = shown[i + d];
      if (next) { s.select(next, s.opener); $('ts-card').focus(); }
    }
    $('ts-card-prev').addEventListener('click', function () { step(-1); });
    $('ts-card-next').addEventListener('click', function () { step(1); });
    ['ts-national', 'ts-list'].forEach(function (id) {
      var ul = $(id);
      ul.addEventListener('click', function (ev) {
        var b = ev.target.closest('button');
        if (b && b.eventRef) s.select(b.eventRef, b);
      });
      ul.addEventListener('pointerover', function (ev) {
        var b = ev.target.closest('button');
        s.setHover(b && b.eventRef ? b.eventRef : null);
      });
      ul.addEventListener('pointerleave', function () { s.setHover(null); });
      ul.addEventListener('focusin', function (ev) { var b = ev.target.closest('button'); if (b && b.eventRef) s.setHover(b.eventRef); });
    });
    $('ts-national-more').addEventListener('click', function () { s.limits.national += LIST_PAGE * 2; s.renderLists(); });
    $('ts-list-more').addEventListener('click', function () { s.limits.map += LIST_PAGE * 2; s.renderLists(); });
  };

  Story.prototype.renderLists = function () {
    var nat = [], onMap = [];
    this.m.events.forEach(function (e) { if (e.vis) (e.loc || e.mv ? onMap : nat).push(e); });
    this.fillList($('ts-national'), nat, this.limits.national, $('ts-national-more'), $('ts-nat-n'));
    this.fillList($('ts-list'), onMap, this.limits.map, $('ts-list-more'), $('ts-map-n'));
    this.resetRoving('map', this.mapTargets());
    this.resetRoving('tl', this.m.events.filter(function (e) { return e.vis; }));
  };

  Story.prototype.fillList = function (ul, list, limit, more, count) {
    var s = this;
    ul.textContent = '';
    count.textContent = '(' + list.length + ')';
    var frag = document.createDocumentFragment();
    list.slice(0, limit).forEach(function (e) {
      var li = html('li', null, null, frag);
      var b = html('button', 'ts-item' + (e.hollow ? ' ts-hollow' : ''), null, li);
      b.type = 'button';
      b.eventRef = e;
      b.setAttribute('data-event-id', e.id);
      b.classList.add(e.type.cls);
      if (e === s.sel) b.classList.add('ts-selected');
      html('span', 'ts-dot', null, b).setAttribute('aria-hidden', 'true');
      var text = html('span', 'ts-item-text', null, b);
      html('span', 'ts-item-title', e.title, text);
      var meta = html('span', 'ts-item-meta', e.dateLabel + (e.placeName ? ' · ' + e.placeName : ''), text);
      if (e.hollow) html('span', 'ts-flag', s.statusLabel(e), meta);
    });
    if (!list.length) html('li', 'ts-empty', this.m.events.length ? 'None with these filters.' : 'No events in this file.', frag);
    ul.appendChild(frag);
    more.hidden = list.length <= limit;
    more.textContent = 'Show more (' + (list.length - limit) + ' left)';
  };

  Story.prototype.highlightWhere = function (where) {
    this.m.provinces.forEach(function (p) { if (p.el) p.el.classList.toggle('ts-picked', !!where && where.prov === p); });
  };

  // ---- the timeline ----

  Story.prototype.buildTimeline = function () {
    var s = this, m = this.m, layer = $('ts-tl-marks');
    this.rows = [];
    m.types.forEach(function (t) {
      if (!t.n) return;
      var g = svg('g', 'ts-tlrow ' + t.cls, layer);
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', t.label);
      var density = svg('path', 'ts-density', g);
      density.setAttribute('aria-hidden', 'true');
      s.rows.push({ type: t, el: g, density: density, marks: svg('g', null, g), items: [] });
    });
    var rowOf = new Map(this.rows.map(function (r) { return [r.type, r]; }));
    m.events.forEach(function (e) {
      var row = rowOf.get(e.type);
      var g = svg('g', 'ts-tm ts-p-' + e.prec + (e.hollow ? ' ts-hollow' : '') + (e.qual ? ' ts-qual' : ''), row.marks);
      e.tlBar = svg('rect', 'ts-tm-bar', g);
      e.tlBar.setAttribute('height', '8');
      e.tlBar.setAttribute('rx', e.qual.indexOf('approximate') >= 0 ? '4' : '1.5');
      if (e.openStart || e.openEnd) e.tlOpen = svg('path', 'ts-tm-open', g);
      if (e.qual) {
        e.tlGlyph = svg('text', 'ts-tm-glyph', g);
        e.tlGlyph.textContent = (e.qual.indexOf('approximate') >= 0 ? '~' : '') + (e.qual.indexOf('uncertain') >= 0 ? '?' : '');
        e.tlGlyph.setAttribute('y', '8');
      }
      s.eventElement(g, e, true);
      e.tlEl = g;
      e.row = row;
    });
    $('ts-tl-marks').setAttribute('role', 'group');
    // Month bins for the overview's bars.
    this.months = [];
    for (var d = this.m.r0; d <= this.m.r1; d = addPeriods(d, 'month', 1)) this.months.push(d);
    this.monthTotal = new Uint32Array(this.months.length);
    m.events.forEach(function (e) { s.monthTotal[s.monthIndex(e.t0)] += 1; });
  };

  Story.prototype.monthIndex = function (day) {
    var a = ymd(this.m.r0), b = ymd(day);
    return Math.max(0, Math.min(this.months.length - 1, (b.y - a.y) * 12 + b.m - a.m));
  };

  // Widths are read only when the page is resized: reading them between writes would force a layout.
  Story.prototype.measure = function () {
    this.tlWidth = $('ts-detail').clientWidth || 800;
    this.ovWidth = $('ts-overview').clientWidth || 800;
  };

  Story.prototype.tlGeometry = function () {
    if (!this.tlWidth) this.measure();
    var w = this.tlWidth;
    var labelW = w < 560 ? 104 : 164;
    return { w: w, x0: labelW + 10, pw: Math.max(80, w - labelW - 24), labelW: labelW };
  };

  // Each event as a bar in its type's row, stacked in lanes; with too many in the period to tell
  // apart, each row shows how many events fall in each stretch of time instead.
  Story.prototype.layoutTimeline = function () {
    var f = this.filter, g = this.tlGeometry(), s = this;
    var scale = g.pw / (f.to + 1 - f.from);
    function x(day) { return g.x0 + (day - f.from) * scale; }
    var AXIS = 24, y = AXIS + 4;
    this.rows.forEach(function (row) { row.items = []; });
    for (var i = 0; i < this.m.events.length; i++) { var e = this.m.events[i]; if (e.vis) e.row.items.push(e); }
    var dense = this.shown > TIMELINE_MAX;
    this.dense = dense;
    var rowsG = $('ts-tl-rows');
    rowsG.textContent = '';
    this.rows.forEach(function (row, ri) {
      var h = dense ? s.densityRow(row, g, x, f) : s.markRow(row, g, x);
      row.y = y;
      var tr = 'translate(0 ' + y + ')';
      if (row.tr !== tr) { row.el.setAttribute('transform', tr); row.tr = tr; }
      var band = svg('rect', 'ts-row' + (ri % 2 ? ' ts-row-odd' : ''), rowsG);
      band.setAttribute('x', '0'); band.setAttribute('y', String(y));
      band.setAttribute('width', String(g.w)); band.setAttribute('height', String(h));
      var lab = row.type.labelEl;
      if (lab) { lab.style.top = y + 'px'; lab.style.height = h + 'px'; }
      y += h;
    });
    var height = y + 4;
    $('ts-detail').style.setProperty('--lw', g.labelW + 'px');
    $('ts-tl').setAttribute('height', String(height));
    $('ts-tl').setAttribute('width', String(g.w));
    var clip = $('ts-tl-cliprect');
    clip.setAttribute('x', String(g.x0 - 2)); clip.setAttribute('width', String(g.w - g.x0 + 2)); clip.setAttribute('height', String(height));
    this.drawAxis(g, height, x, f.from, f.to);
    var note = $('ts-tl-note');
    note.hidden = !dense;
    if (dense) note.textContent = fmtInt(this.shown) + ' events in this period: too many to draw one by one, so each row shows how many happened when. Choose a shorter period to see each event.';
  };

  Story.prototype.markRow = function (row, g, x) {
    var LANE = 12, MAXLANES = 8, ends = [];
    row.density.setAttribute('d', '');
    if (!row.marks.parentNode) row.el.appendChild(row.marks);
    row.items.forEach(function (e) {
      var a = x(e.t0), b = x(e.t1 + 1);
      var point = e.prec === 'day' && b - a < 8;
      var left = point ? (a + b) / 2 - 5 : Math.max(a, g.x0 - 6);
      var right = point ? (a + b) / 2 + 5 : Math.min(Math.max(b, a + 6), g.x0 + g.pw + 6);
      var vis0 = left - (e.openStart ? 16 : 0);
      var vis1 = right + (e.qual ? 12 : 0) + (e.openEnd ? 16 : 0);
      var lane = -1;
      for (var l = 0; l < ends.length; l++) if (ends[l] <= vis0) { lane = l; break; }
      if (lane < 0 && ends.length < MAXLANES) { lane = ends.length; ends.push(-Infinity); }
      if (lane < 0) { lane = 0; for (var k = 1; k < ends.length; k++) if (ends[k] < ends[lane]) lane = k; }
      ends[lane] = Math.max(ends[lane], vis1 + 3);
      e.tlLane = lane;
      var tr = 'translate(' + left.toFixed(1) + ' ' + (4 + lane * LANE) + ')';
      if (e.tlTr !== tr) { e.tlEl.setAttribute('transform', tr); e.tlTr = tr; }
      var w = Math.max(0, right - left);
      if (e.tlW !== w) {
        e.tlW = w;
        e.tlBar.setAttribute('width', w.toFixed(1));
        if (point) e.tlBar.setAttribute('rx', '5');
        if (e.tlGlyph) e.tlGlyph.setAttribute('x', (w + 2).toFixed(1));
        if (e.tlOpen) e.tlOpen.setAttribute('d', (e.openStart ? 'M-14 4H-2' : '') + (e.openEnd ? 'M' + (w + (e.tlGlyph ? 12 : 2)).toFixed(1) + ' 4h12' : ''));
      }
    });
    return Math.max(1, ends.length) * LANE + 8;
  };

  // Events per stretch of a few pixels; an event spread over a long span counts a little in each.
  Story.prototype.densityRow = function (row, g, x, f) {
    var H = 30, BIN = 3, n = Math.ceil(g.pw / BIN) + 1, bins = new Float64Array(n), max = 0;
    if (row.marks.parentNode) row.el.removeChild(row.marks);
    row.items.forEach(function (e) {
      var a = Math.max(0, Math.floor((x(Math.max(e.t0, f.from)) - g.x0) / BIN));
      var b = Math.min(n - 1, Math.floor((x(Math.min(e.t1, f.to) + 1) - g.x0 - 0.01) / BIN));
      if (b < a) b = a;
      var w = 1 / (b - a + 1);
      for (var i = a; i <= b; i++) bins[i] += w;
    });
    for (var i = 0; i < n; i++) if (bins[i] > max) max = bins[i];
    var d = '';
    for (var j = 0; j < n; j++) {
      if (!bins[j]) continue;
      var h = Math.max(1.5, (H - 6) * Math.sqrt(bins[j] / max));
      d += 'M' + (g.x0 + j * BIN).toFixed(1) + ' ' + (H - 3) + 'h' + (BIN - 0.5) + 'v-' + h.toFixed(1) + 'h-' + (BIN - 0.5) + 'z';
    }
    row.density.setAttribute('d', d);
    return H;
  };

  // Ticks at the coarsest calendar unit that leaves room for a label.
  function ticks(from, to, pxPerDay) {
    var steps = [['day', 1], ['week', 7], ['month', 1], ['quarter', 3], ['year', 12], ['year', 24], ['year', 60]];
    var need = 64, unit = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) {
      var days = steps[i][0] === 'day' ? 1 : steps[i][0] === 'week' ? 7 : steps[i][1] * 30.4;
      if (days * pxPerDay >= need) { unit = steps[i]; break; }
    }
    var out = [], d;
    if (unit[0] === 'day' || unit[0] === 'week') {
      for (d = from; d <= to + 1; d += unit[1]) out.push({ day: d, label: ymd(d).d + ' ' + MONTHS[ymd(d).m].slice(0, 3), major: ymd(d).d === 1 });
      return out;
    }
    var a = ymd(from), mstep = unit[1];
    d = dayOf(a.y, Math.floor(a.m / mstep) * mstep, 1);
    if (unit[0] === 'year') d = dayOf(Math.floor(a.y / (mstep / 12)) * (mstep / 12), 0, 1);
    for (; d <= to + 1; d = addPeriods(d, 'month', mstep)) {
      if (d < from) continue;
      var p = ymd(d);
      var label = unit[0] === 'year' ? String(p.y) : unit[0] === 'quarter' ? 'Q' + (p.m / 3 + 1) + ' ' + p.y : (p.m === 0 || out.length === 0 ? MONTHS[p.m].slice(0, 3) + ' ' + p.y : MONTHS[p.m].slice(0, 3));
      out.push({ day: d, label: label, major: p.m === 0 });
    }
    return out;
  }

  Story.prototype.drawAxis = function (g, height, x, from, to) {
    var grid = $('ts-tl-grid');
    grid.textContent = '';
    var bg = svg('rect', 'ts-axis-bg', grid);
    bg.setAttribute('width', String(g.w)); bg.setAttribute('height', '22');
    ticks(from, to, g.pw / (to + 1 - from)).forEach(function (t) {
      var px = x(t.day);
      if (px < g.x0 - 1 || px > g.x0 + g.pw + 1) return;
      var room = g.x0 + g.pw - px > t.label.length * 6.5;
      var line = svg('line', 'ts-grid' + (t.major ? ' ts-grid-major' : ''), grid);
      line.setAttribute('x1', px.toFixed(1)); line.setAttribute('x2', px.toFixed(1));
      line.setAttribute('y1', '16'); line.setAttribute('y2', String(height));
      if (!room) return;
      var label = svg('text', 'ts-tick', grid);
      label.setAttribute('x', (px + 3).toFixed(1)); label.setAttribute('y', '14');
      label.textContent = t.label;
    });
  };

  Story.prototype.bindTimeline = function () {
    var s = this, box = $('ts-tl');
    box.addEventListener('click', function (ev) {
      var e = s.eventOf(ev.target);
      if (e) s.select(e, e.tlEl);
    });
    box.addEventListener('pointermove', function (ev) {
      var e = s.eventOf(ev.target);
      s.setHover(e);
      var tip = $('ts-tip');
      if (!e) { tip.hidden = true; return; }
      s.tip(e, ev.clientX, ev.clientY);
    });
    box.addEventListener('pointerleave', function () { s.setHover(null); s.tip(null); });
    box.addEventListener('focusin', function (ev) { var e = s.eventOf(ev.target); if (e) s.setHover(e); });
    box.addEventListener('focusout', function () { s.setHover(null); });
    box.addEventListener('keydown', function (ev) {
      var e = s.eventOf(ev.target);
      if (!e) return;
      var shown = s.m.events.filter(function (x) { return x.vis; }), i = shown.indexOf(e), next = null;
      if (ev.key === 'Enter' || ev.key === ' ') { s.select(e, e.tlEl); ev.preventDefault(); return; }
      if (ev.key === 'ArrowRight') next = shown[i + 1];
      else if (ev.key === 'ArrowLeft') next = shown[i - 1];
      else if (ev.key === 'Home') next = shown[0];
      else if (ev.key === 'End') next = shown[shown.length - 1];
      else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') next = s.rowNeighbour(e, shown, ev.key === 'ArrowDown' ? 1 : -1);
      else return;
      ev.preventDefault();
      if (next) s.focusOn('tl', next);
    });
  };

  Story.prototype.rowNeighbour = function (e, shown, dir) {
    var ri = -1;
    this.rows.forEach(function (r, i) { if (r.type === e.type) ri = i; });
    for (var j = ri + dir; j >= 0 && j < this.rows.length; j += dir) {
      var t = this.rows[j].type, best = null;
      shown.forEach(function (x) { if (x.type === t && (!best || Math.abs(x.t0 - e.t0) < Math.abs(best.t0 - e.t0))) best = x; });
      if (best) return best;
    }
    return null;
  };

  // ---- the overview and its period brush ----

  Story.prototype.ovGeometry = function () {
    var g = this.tlGeometry(), w = this.ovWidth;
    var x0 = g.x0, pw = Math.max(60, w - x0 - 24), m = this.m;
    var scale = pw / (m.r1 + 1 - m.r0);
    return { w: w, x0: x0, pw: pw, h: 42, x: function (d) { return x0 + (d - m.r0) * scale; }, day: function (px) { return m.r0 + (px - x0) / scale; }, scale: scale };
  };

  Story.prototype.drawBars = function (bins, total) {
    var g = this.ovGeometry(), layer = $('ts-ov-bars'), max = 1;
    total.forEach(function (n) { max = Math.max(max, n); });
    layer.textContent = '';
    var hb = g.h - 18;
    this.months.forEach(function (d, i) {
      var x0 = g.x(d), x1 = g.x(addPeriods(d, 'month', 1)), w = Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
      if (total[i]) {
        var all = svg('rect', 'ts-bar-all', layer), ha = Math.max(2, hb * Math.sqrt(total[i] / max));
        all.setAttribute('x', x0.toFixed(1)); all.setAttribute('width', w.toFixed(1));
        all.setAttribute('y', (hb - ha + 2).toFixed(1)); all.setAttribute('height', ha.toFixed(1));
      }
      if (bins[i]) {
        var bar = svg('rect', 'ts-bar', layer), hv = Math.max(2, hb * Math.sqrt(bins[i] / max));
        bar.setAttribute('x', x0.toFixed(1)); bar.setAttribute('width', w.toFixed(1));
        bar.setAttribute('y', (hb - hv + 2).toFixed(1)); bar.setAttribute('height', hv.toFixed(1));
      }
    });
    var axis = $('ts-ov-axis');
    axis.textContent = '';
    ticks(this.m.r0, this.m.r1, g.scale).forEach(function (t) {
      var px = g.x(t.day);
      var line = svg('line', 'ts-grid' + (t.major ? ' ts-grid-major' : ''), axis);
      line.setAttribute('x1', px.toFixed(1)); line.setAttribute('x2', px.toFixed(1));
      line.setAttribute('y1', '0'); line.setAttribute('y2', String(g.h - 14));
      if (g.x0 + g.pw - px < t.label.length * 6.5) return;
      var label = svg('text', 'ts-tick', axis);
      label.setAttribute('x', (px + 3).toFixed(1)); label.setAttribute('y', String(g.h - 3));
      label.textContent = t.label;
    });
    var rowLabel = svg('text', 'ts-row-label', axis);
    rowLabel.setAttribute('x', '18'); rowLabel.setAttribute('y', '20');
    rowLabel.textContent = 'Period';
  };

  Story.prototype.drawBrush = function () {
    var g = this.ovGeometry(), f = this.filter, a = g.x(f.from), b = g.x(f.to + 1), h = g.h - 14;
    $('ts-ov').setAttribute('width', String(g.w));
    $('ts-ov').setAttribute('height', String(g.h));
    function rect(id, x, w) { var r = $(id); r.setAttribute('x', x.toFixed(1)); r.setAttribute('width', Math.max(0, w).toFixed(1)); r.setAttribute('height', String(h)); }
    rect('ts-shade-l', g.x0, a - g.x0);
    rect('ts-shade-r', b, g.x0 + g.pw - b);
    rect('ts-brush-body', a, b - a);
    var label = periodLabel(f.from, f.to);
    [['ts-h0', a, f.from, 'Period start: ' + fmtDay(f.from)], ['ts-h1', b, f.to, 'Period end: ' + fmtDay(f.to)]].forEach(function (hd) {
      var el = $(hd[0]);
      el.setAttribute('transform', 'translate(' + hd[1].toFixed(1) + ' 0)');
      el.firstChild.setAttribute('y', String(h / 2 - 10));
      el.firstChild.setAttribute('height', '20');
      el.setAttribute('aria-valuemin', String(0));
      el.setAttribute('aria-valuemax', String(this.m.r1 - this.m.r0));
      el.setAttribute('aria-valuenow', String(hd[2] - this.m.r0));
      el.setAttribute('aria-valuetext', hd[3]);
    }, this);
    $('ts-brush').setAttribute('aria-label', 'Period shown: ' + label);
  };

  Story.prototype.bindOverview = function () {
    var s = this, ov = $('ts-ov'), drag = null;
    function snap(day, g, end) {
      var d = Math.round(day);
      if (g.scale < 2) { var p = ymd(d + (end ? 0 : 15)); d = dayOf(p.y, p.m + (end && p.d > 15 ? 1 : 0), 1); if (end) d -= 1; }
      return d;
    }
    ov.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      var g = s.ovGeometry(), r = ov.getBoundingClientRect(), px = ev.clientX - r.left, f = s.filter;
      var a = g.x(f.from), b = g.x(f.to + 1), kind;
      if (Math.abs(px - a) < 8) kind = 'start';
      else if (Math.abs(px - b) < 8) kind = 'end';
      else if (px > a && px < b && !(f.from <= s.m.r0 && f.to >= s.m.r1)) kind = 'move';
      else kind = 'new';
      s.stop();
      drag = { kind: kind, px: px, from: f.from, to: f.to, moved: false, g: g };
      ov.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    });
    ov.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var g = drag.g, r = ov.getBoundingClientRect(), px = ev.clientX - r.left, day = g.day(px);
      if (Math.abs(px - drag.px) > 3) drag.moved = true;
      if (!drag.moved) return;
      if (drag.kind === 'start') s.setPeriod(Math.min(snap(day, g, false), drag.to), drag.to);
      else if (drag.kind === 'end') s.setPeriod(drag.from, Math.max(snap(day, g, true), drag.from));
      else if (drag.kind === 'move') {
        var shift = Math.round((px - drag.px) / g.scale), len = drag.to - drag.from;
        var from = Math.max(s.m.r0, Math.min(s.m.r1 - len, drag.from + shift));
        if (g.scale < 2) from = snap(from, g, false);
        s.setPeriod(from, from + len);
      } else {
        var d0 = g.day(drag.px), a2 = Math.min(d0, day), b2 = Math.max(d0, day);
        s.setPeriod(snap(a2, g, false), snap(b2, g, true));
      }
    });
    ov.addEventListener('pointerup', function (ev) {
      if (!drag) return;
      if (!drag.moved && drag.kind === 'new') {
        var r = ov.getBoundingClientRect(), day = Math.round(drag.g.day(ev.clientX - r.left));
        var st = s.step(), start = periodStart(Math.max(s.m.r0, Math.min(s.m.r1, day)), st);
        s.setPeriod(start, addPeriods(start, st, 1) - 1);
      }
      drag = null;
    });
    ov.addEventListener('pointercancel', function () { drag = null; });
    [['ts-h0', 'from'], ['ts-h1', 'to']].forEach(function (h) {
      $(h[0]).addEventListener('keydown', function (ev) {
        var f = s.filter, big = ev.key === 'PageUp' || ev.key === 'PageDown';
        var dir = { ArrowRight: 1, ArrowUp: 1, PageUp: 1, ArrowLeft: -1, ArrowDown: -1, PageDown: -1 }[ev.key];
        if (ev.key === 'Home' || ev.key === 'End') {
          ev.preventDefault();
          if (h[1] === 'from') s.setPeriod(ev.key === 'Home' ? s.m.r0 : f.to, f.to); else s.setPeriod(f.from, ev.key === 'Home' ? f.from : s.m.r1);
          return;
        }
        if (!dir) return;
        ev.preventDefault();
        s.stop();
        var n = big ? 12 : 1;
        if (h[1] === 'from') {
          var from = addPeriods(periodStart(f.from, 'month'), 'month', dir * n);
          if (dir < 0 && f.from !== periodStart(f.from, 'month') && n === 1) from = periodStart(f.from, 'month');
          s.setPeriod(Math.min(from, periodStart(f.to, 'month')), f.to);
        } else {
          var to = addPeriods(periodStart(f.to + 1, 'month'), 'month', dir * n) - 1;
          s.setPeriod(f.from, Math.max(to, addPeriods(periodStart(f.from, 'month'), 'month', 1) - 1));
        }
      });
    });
  };

  // ---- start ----

  function fail(err) {
    var app = $('ts-app');
    var p = html('p', 'ts-fail', 'This story map could not read its data: ' + (err && err.message ? err.message : String(err)));
    if (app) app.insertBefore(p, app.firstChild); else document.body.appendChild(p);
  }

  function boot() {
    var data;
    try { data = readData(); } catch (err) { fail(err); return; }
    new Story(new Model(data)).start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
