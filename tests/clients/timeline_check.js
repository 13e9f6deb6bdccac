// Loads a timeline JSON file into the real widget (TimelineJS3 or vis-timeline, installed from
// npm) in Debian's headless Chromium, on a page served from 127.0.0.1 with every other request
// refused, and prints what happened as one JSON object: page state, JS and console errors,
// what the widget rendered, whether an injected payload ran, and a screenshot.
//
//   node timeline_check.js timelinejs|vis FILE.json SCREENSHOT.png
//
// Payloads in the fixtures call window.__xss_fired(tag); the page records every call.
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [widget, dataFile, screenshot] = process.argv.slice(2);
if (!['timelinejs', 'vis'].includes(widget) || !dataFile || !screenshot) {
  console.error('usage: node timeline_check.js timelinejs|vis FILE.json SCREENSHOT.png');
  process.exit(2);
}

const modules = path.join(__dirname, 'node_modules');
const assets = {
    '/vis.css': path.join(modules, 'vis-timeline/styles/vis-timeline-graph2d.min.css'),
  '/vis.js': path.join(modules, 'vis-timeline/standalone/umd/vis-timeline-graph2d.min.js'),
  '/data.json': path.resolve(dataFile),
};

const recorder = `<script>
  window.__xss = [];
  window.__xss_fired = function (tag) { window.__xss.push(String(tag)); };
  window.__state = { phase: 'loading', error: null };
</script>`;

const pages = {
  timelinejs: `<!doctype html><html><head><meta charset="utf-8">${recorder}
<link rel="stylesheet" href="/tl/css/timeline.css"><script src="/tl/js/timeline.js"></script></head>
<body style="margin:0"><div id="timeline" style="width:1280px;height:720px"></div><script>
fetch('/data.json').then(function (r) { return r.json(); }).then(function (data) {
  try {
    var tl = new TL.Timeline('timeline', data, { hash_bookmark: false, script_path: '/tl/js', font: '/tl/css/fonts/font.default.css' });
    tl.on('ready', function () { window.__state.phase = 'ready'; });
    window.__tl = tl;
  } catch (e) { window.__state.phase = 'threw'; window.__state.error = String(e); }
}).catch(function (e) { window.__state.phase = 'bad-json'; window.__state.error = String(e); });
</script></body></html>`,
  vis: `<!doctype html><html><head><meta charset="utf-8">${recorder}
<link rel="stylesheet" href="/vis.css"><script src="/vis.js"></script></head>
<body style="margin:0"><div id="vis" style="width:1280px"></div><script>
fetch('/data.json').then(function (r) { return r.json(); }).then(function (data) {
  try {
    var tl = new vis.Timeline(document.getElementById('vis'), new vis.DataSet(data.items),
      new vis.DataSet(data.groups), { stack: true, maxHeight: 2000 });
    tl.fit({ animation: false });
    setTimeout(function () { window.__state.phase = 'ready'; }, 500);
  } catch (e) { window.__state.phase = 'threw'; window.__state.error = String(e); }
}).catch(function (e) { window.__state.phase = 'bad-json'; window.__state.error = String(e); });
</script></body></html>`,
};

// TimelineJS loads its locale and font files relative to its script: serve its dist folder.
const missing = [];
function distFile(url) {
  if (!url.startsWith('/tl/')) return null;
  const dist = path.join(modules, '@knight-lab/timelinejs/dist');
  const file = path.join(dist, path.normalize(url.slice(4)));
  return file.startsWith(dist + path.sep) && fs.existsSync(file) ? file : null;
}

function serve() {
  const server = http.createServer((req, res) => {
    const url = req.url.split('?')[0];
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(pages[widget]);
    }
    const file = assets[url] || distFile(url);
    if (!file) { missing.push(url); res.writeHead(404); return res.end(); }
    const type = url.endsWith('.css') ? 'text/css' : url.endsWith('.js') ? 'text/javascript' : 'application/json';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonle-chromium-'));
  const report = { widget, phase: null, error: null, js_errors: [], console_errors: [], blocked: [], fonts_stubbed: 0, xss: [] };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      // The stock timeline.css asks Google for its web fonts; answer with nothing, offline.
      if (url.startsWith('https://fonts.gstatic.com/') && route.request().resourceType() === 'font') {
        report.fonts_stubbed += 1;
        return route.fulfill({ status: 204, body: '' });
      }
      report.blocked.push(url);
      return route.abort();
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => report.js_errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') report.console_errors.push(m.text()); });
    await page.goto(origin + '/');
    await page.waitForFunction(() => window.__state.phase !== 'loading', null, { timeout: 20000 }).catch(() => {});
    await page.waitForTimeout(1000);
    Object.assign(report, await page.evaluate((widget) => {
      const count = (sel) => document.querySelectorAll(sel).length;
      const out = { phase: window.__state.phase, error: window.__state.error, xss: window.__xss.slice() };
      out.live = { scripts: count('body script') - 1, on_attributes: 0 };
      document.querySelectorAll('body *').forEach((el) => {
        for (const a of el.attributes) if (/^on/i.test(a.name)) out.live.on_attributes += 1;
      });
      if (widget === 'timelinejs') {
        out.slides = count('.tl-slide');
        out.markers = count('.tl-timemarker');
        out.dates = {};
        document.querySelectorAll('.tl-slide').forEach((el) => {
          const date = el.querySelector('.tl-headline-date');
          if (el.id) out.dates[el.id] = date ? date.textContent.trim() : null;
        });
      } else {
        out.items = count('.vis-item.vis-point, .vis-item.vis-range, .vis-item.vis-box');
        out.groups = count('.vis-label');
      }
      return out;
    }, widget));
    fs.mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
    await page.screenshot({ path: screenshot });
  } catch (e) {
    report.phase = report.phase || 'harness-error';
    report.error = String(e);
  } finally {
    if (context) await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  report.not_found = missing;
  process.stdout.write(JSON.stringify(report) + '\n');
}

main();
