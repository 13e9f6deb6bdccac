// Measures the story page with many events in Debian's headless Chromium: load time, and how long
// one filter step takes (type, search, place, period, play step, zoom), from the action to the next
// painted frame. Prints figures; asserts nothing (speed is measured, never a test).
//
//   node tests/clients/story_bench.js [--events 10000] [--runs 15] [--keep PAGE.html]
//
// The events are synthetic (seeded, so every run draws the same page): the committed sample's map,
// types and places, repeated and scattered over 2016-2022 with every kind of date and a share of
// movements and country-level facts.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { assemble } = require('../fixtures/story/assemble.js');

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const N = Number(opt('--events', 10000));
const RUNS = Number(opt('--runs', 15));
const keep = opt('--keep', null);

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

function pad(n) { return String(n).padStart(2, '0'); }
function iso(d) { return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`; }

function synthetic(sample, n) {
  const rand = rng(17);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const located = sample.events.filter((e) => e.place && !e.national);
  const national = sample.events.filter((e) => e.national);
  const moves = sample.events.filter((e) => e.movement);
  // About 400 distinct places: the sample's, and points scattered inside Cambodia's box.
  const places = located.map((e) => e.place);
  const [x0, y0, x1, y1] = sample.map.bbox;
  for (let i = 0; places.length < 400; i++) {
    const p = pick(located).place;
    places.push({ ...p, id: `synthetic-${i}`, name: `Place ${i}`, precision: 'town',
      lat: +(y0 + 0.6 + rand() * (y1 - y0 - 1.2)).toFixed(5), lon: +(x0 + 0.8 + rand() * (x1 - x0 - 1.6)).toFixed(5) });
  }
  const start = Date.UTC(2016, 0, 1), span = Date.UTC(2022, 11, 31) - start;
  const events = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    const base = r < 0.1 ? pick(national) : r < 0.16 ? pick(moves) : pick(located);
    const e = JSON.parse(JSON.stringify(base));
    e.id = `syn-${String(i).padStart(5, '0')}`;
    e.title = `${base.title} (${i})`;
    if (!e.national && !e.movement) e.place = { ...pick(places) };
    const d = new Date(start + Math.floor(rand() * span / 86400000) * 86400000);
    const kind = rand();
    if (kind < 0.4) {
      e.date = { text: iso(d), label: iso(d), start: iso(d), end: iso(d), open_start: false, precision: 'day', qualifier: null };
    } else if (kind < 0.8) {
      const a = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      const b = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1 + Math.floor(rand() * 3), 0));
      e.date = { text: iso(a).slice(0, 7), label: iso(a).slice(0, 7), start: iso(a), end: iso(b), open_start: false, precision: 'month',
        qualifier: rand() < 0.3 ? 'uncertain' : rand() < 0.2 ? 'approximate' : null };
    } else {
      const y = d.getUTCFullYear();
      e.date = { text: String(y), label: String(y), start: `${y}-01-01`, end: rand() < 0.1 ? null : `${y}-12-31`, open_start: rand() < 0.1, precision: 'year', qualifier: null };
    }
    e.type = pick(sample.types).id;
    e.status = rand() < 0.1 ? 'alleged' : 'reported';
    events.push(e);
  }
  events.sort((a, b) => a.date.start.localeCompare(b.date.start) || a.id.localeCompare(b.id));
  return { ...sample, title: `Benchmark: ${n} synthetic events`, events, range: { start: '2016-01-01', end: '2022-12-31' } };
}

async function main() {
  const sample = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/story/sample.json'), 'utf8'));
  const data = synthetic(sample, N);
  const page = assemble(data);
  const file = keep ? path.resolve(keep) : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tonle-bench-')), 'story.html');
  fs.writeFileSync(file, page);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  const t0 = Date.now();
  await tab.goto('file://' + file, { waitUntil: 'load' });
  await tab.waitForFunction(() => !!window.tonleStory, null, { timeout: 60000 });
  await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const loadMs = Date.now() - t0;
  const figures = await tab.evaluate(async (runs) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let script = 0;
    document.addEventListener('tonle-story:update', (ev) => { script = ev.detail.ms; });
    async function time(act) {
      const a = performance.now();
      act();
      const s = script;
      await frame();
      return { total: performance.now() - a, script: s };
    }
    const q = document.getElementById('ts-q'), where = document.getElementById('ts-where');
    const chip = document.querySelector('#ts-types input');
    const submit = () => document.getElementById('ts-find').dispatchEvent(new Event('submit', { cancelable: true }));
    const places = [...where.options].map((o) => o.value).filter(Boolean);
    const steps = {
      type_toggle: () => { chip.click(); },
      search: (i) => { q.value = i % 2 ? '' : ['rescue', 'sihanoukville', 'police', 'raid'][(i / 2) % 4]; submit(); },
      place: (i) => { where.value = i % 2 ? '' : places[i % places.length]; where.dispatchEvent(new Event('change')); },
      period_step: (i) => { document.getElementById(i % 8 < 4 ? 'ts-next' : 'ts-prev').click(); },
      all_time: (i) => { document.getElementById(i % 2 ? 'ts-all' : 'ts-next').click(); },
      zoom: (i) => { document.getElementById(i % 2 ? 'ts-zout' : 'ts-zin').click(); },
    };
    const out = {};
    for (const [name, act] of Object.entries(steps)) {
      const totals = [], scripts = [];
      for (let i = 0; i < runs; i++) {
        const r = await time(() => act(i));
        totals.push(r.total);
        scripts.push(r.script);
      }
      document.getElementById('ts-reset').click();
      await frame();
      totals.sort((a, b) => a - b);
      scripts.sort((a, b) => a - b);
      const med = (a) => a[Math.floor(a.length / 2)];
      out[name] = { median_ms: +med(totals).toFixed(1), max_ms: +totals[totals.length - 1].toFixed(1),
        script_median_ms: name === 'zoom' ? null : +med(scripts).toFixed(1) };
    }
    out.elements = document.querySelectorAll('[data-event-id]').length;
    return out;
  }, RUNS);
  await browser.close();
  const result = { events: N, runs: RUNS, page_bytes: Buffer.byteLength(page), load_ms: loadMs, errors, steps: figures,
    machine: `${os.cpus().length} x ${os.cpus()[0].model}`, date: new Date().toISOString().slice(0, 10) };
  console.log(`story page, ${N} events, ${(result.page_bytes / 1e6).toFixed(2)} MB, loaded in ${loadMs} ms (${result.machine})`);
  console.log('step            median   max   (script median)');
  for (const [k, v] of Object.entries(figures)) {
    if (typeof v !== 'object') continue;
    console.log(`${k.padEnd(14)} ${String(v.median_ms).padStart(7)} ${String(v.max_ms).padStart(6)}   ${v.script_median_ms === null ? '' : `(${v.script_median_ms})`}`);
  }
  console.log(JSON.stringify(result));
  if (!keep) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(2); });
