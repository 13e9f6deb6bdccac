// Loads storymap.json into a StoryMapJS build in Debian's headless Chromium, on a page served from
// 127.0.0.1 with every other request refused (map tiles fail: that is expected), steps through every
// slide and prints one JSON object: the slides StoryMapJS built, the headline it shows on each, the
// map markers, JS and console errors, refused requests, payloads that ran.
//
//   node storymap_check.js STORYMAPJS_DIR storymap.json SCREENSHOT.png
//
// STORYMAPJS_DIR is a StoryMapJS build: js/storymap.js and css/storymap.css (the `dist/` of a
// current build, whose global is KLStoryMap, or the `compiled/` folder of an older one, VCO).
// StoryMapJS is not on npm, so the client tests cannot install it: run this by hand.
// Exit 0: every slide built and shown with its headline, no JS error; 1: not; 2: bad arguments.
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [dist, dataFile, screenshot] = process.argv.slice(2);
if (!dist || !dataFile || !screenshot || !fs.existsSync(path.join(dist, 'js/storymap.js'))) {
  console.error('usage: node storymap_check.js STORYMAPJS_DIR storymap.json SCREENSHOT.png');
  process.exit(2);
}

const page = `<!doctype html><html><head><meta charset="utf-8">
<script>window.__xss = []; window.__xss_fired = function (t) { window.__xss.push(String(t)); };</script>
<link rel="stylesheet" href="/sm/css/storymap.css"><script src="/sm/js/storymap.js"></script></head>
<body style="margin:0"><div id="map" style="width:1200px;height:700px"></div><script>
fetch('/storymap.json').then(function (r) { return r.json(); }).then(function (data) {
  var lib = window.KLStoryMap || window.VCO;
  window.__sm = new lib.StoryMap('map', data, { script_path: '/sm/js' });
}).catch(function (e) { window.__error = String(e); });
</script></body></html>`;

function serve(log) {
  const root = path.resolve(dist);
  const server = http.createServer((req, res) => {
    const url = req.url.split('?')[0];
    if (url === '/') { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); return res.end(page); }
    if (url === '/storymap.json') { res.writeHead(200, { 'content-type': 'application/json' }); return fs.createReadStream(dataFile).pipe(res); }
    const file = url.startsWith('/sm/') ? path.join(root, path.normalize(url.slice(4))) : null;
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file)) { log.not_found.push(url); res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': url.endsWith('.css') ? 'text/css' : 'text/javascript' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
  const expected = data.storymap.slides.length;
  const log = { slides_in_data: expected, not_found: [], refused: 0, refused_hosts: [], js_errors: [], console_errors: [] };
  const server = await serve(log);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonle-storymap-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      viewport: { width: 1200, height: 700 },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      log.refused += 1;
      const host = new URL(url).host;
      if (!log.refused_hosts.includes(host)) log.refused_hosts.push(host);
      return route.abort();
    });
    const tab = context.pages()[0] || await context.newPage();
    tab.on('pageerror', (e) => log.js_errors.push(String(e)));
    tab.on('console', (m) => { if (m.type() === 'error') log.console_errors.push(m.text()); });
    await tab.goto(origin + '/');
    // StoryMapJS sets the map's first view after its opening animation (2 s); until then a
    // slide change throws. Wait for its map to say it is loaded.
    const loaded = await tab.waitForFunction(() => {
      const m = window.__sm && window.__sm._map;
      return !!(m && m._loaded && m._loaded.map && document.querySelectorAll('.vco-slide').length > 0);
    }, null, { timeout: 20000 }).then(() => true).catch(() => false);
    log.map_loaded = loaded;
    await tab.waitForTimeout(500);
    // Step through every slide as a reader does, reading the headline StoryMapJS shows.
    log.headlines_match = 0;
    log.mismatches = [];
    for (let i = 0; i < expected; i++) {
      const thrown = await tab.evaluate((n) => { try { window.__sm.goTo(n); return null; } catch (e) { return String(e); } }, i);
      if (thrown) log.js_errors.push(`slide ${i}: ${thrown}`);
      await tab.waitForTimeout(120);
      // The headline as the reader sees it, against the escaped headline read as HTML.
      const [shown, expected] = await tab.evaluate(([n, html]) => {
        const slide = document.querySelectorAll('.vco-slide')[n];
        const h = slide && slide.querySelector('.vco-headline');
        const text = new DOMParser().parseFromString(html, 'text/html').body.textContent;
        return [h ? h.textContent : null, text];
      }, [i, data.storymap.slides[i].text.headline]);
      if (shown === expected) log.headlines_match += 1;
      else if (log.mismatches.length < 5) log.mismatches.push({ slide: i, shown, expected });
    }
    Object.assign(log, await tab.evaluate(() => ({
      slides_built: document.querySelectorAll('.vco-slide').length,
      markers: document.querySelectorAll('.vco-mapmarker, .leaflet-marker-icon').length,
      xss: window.__xss.slice(),
      error: window.__error || null,
      on_attributes: [...document.querySelectorAll('.vco-slide *')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    })));
    await tab.screenshot({ path: screenshot });
  } finally {
    if (context) await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  // Errors of StoryMapJS's own, as opposed to the refused tile and font requests.
  log.own_errors = log.js_errors.concat(log.console_errors.filter((m) => !/net::ERR_FAILED|Failed to load resource/.test(m)));
  const ok = log.map_loaded && log.slides_built === expected && log.headlines_match === expected && log.own_errors.length === 0 &&
    log.xss.length === 0 && log.on_attributes === 0 && !log.error;
  process.stdout.write(JSON.stringify({ ok, ...log }) + '\n');
  process.exit(ok ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(2); });
