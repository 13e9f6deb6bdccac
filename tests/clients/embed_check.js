// Runs the README's embed snippets (the TimelineJS and vis-timeline blocks marked
// `<!-- embed: NAME -->`) exactly as written, on a page served from 127.0.0.1 with the widget files
// beside it (from tests/clients/node_modules, as a user copies them) and the exported files
// (timeline.json, timeline-vis.json, timeline-vis.css) from an export folder. Every request is
// recorded; any request that leaves 127.0.0.1 is refused and reported. Prints one JSON object.
//
//   node embed_check.js README.md EXPORT_DIR SHOT_DIR
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [readme, exportDir, shotDir] = process.argv.slice(2);
if (!readme || !exportDir || !shotDir) {
  console.error('usage: node embed_check.js README.md EXPORT_DIR SHOT_DIR');
  process.exit(2);
}

const modules = path.join(__dirname, 'node_modules');
// Where a snippet's relative paths lead: the widgets' files, as a user copies them beside the page.
const mounts = {
  '/timelinejs/': path.join(modules, '@knight-lab/timelinejs/dist'),
  '/vis-timeline/': path.join(modules, 'vis-timeline'),
  '/': path.resolve(exportDir),
};

// The fenced block after `<!-- embed: NAME -->`.
function snippet(text, name) {
  const marker = `<!-- embed: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`README has no ${marker}`);
  const open = text.indexOf('```html\n', at);
  const close = text.indexOf('\n```', open + 8);
  if (open < 0 || close < 0) throw new Error(`no html block after ${marker}`);
  return text.slice(open + 8, close);
}

function fileFor(url) {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (!url.startsWith(prefix)) continue;
    const file = path.join(dir, path.normalize(decodeURIComponent(url.slice(prefix.length))));
    if (file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

const TYPES = { '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.woff': 'font/woff', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png' };

function serve(page, log) {
  const server = http.createServer((req, res) => {
    const url = req.url.split('?')[0];
    log.served.push(url);
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    const file = fileFor(url);
    if (!file) { log.not_found.push(url); res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// What each widget rendered, measured in the page.
const measures = {
  timelinejs: () => {
    const box = (sel) => { const el = document.querySelector(sel); return el ? Math.round(el.getBoundingClientRect().height) : null; };
    return {
      rendered: document.querySelectorAll('.tl-slide').length > 0,
      slides: document.querySelectorAll('.tl-slide').length,
      markers: document.querySelectorAll('.tl-timemarker').length,
      groups: document.querySelectorAll('.tl-timegroup').length,
      height: box('#timeline'),
      timenav_height: box('.tl-timenav'),
      storyslider_height: box('.tl-storyslider'),
    };
  },
  vis: () => {
    const items = [...document.querySelectorAll('.vis-item.vis-range, .vis-item.vis-point')];
    const ranges = [...document.querySelectorAll('.vis-item.vis-range')];
    const fadedYear = [...document.querySelectorAll('.vis-item.tonle-year')];
    return {
      rendered: items.length > 0,
      items: items.length,
      groups: document.querySelectorAll('.vis-label').length,
      // vis-timeline's own pale blue, which timeline-vis.css replaces with each type's colour.
      ranges_in_default_colour: ranges.filter((el) => getComputedStyle(el).backgroundColor === 'rgb(213, 221, 246)').length,
      ranges: ranges.length,
      year_items_faded: fadedYear.filter((el) => Number(getComputedStyle(el).opacity) < 0.75).length,
      year_items: fadedYear.length,
    };
  },
};

async function run(context, name, body) {
  const log = { served: [], not_found: [], outside: [], js_errors: [], console_errors: [] };
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body style="margin:0;width:1000px">\n${body}\n</body></html>`;
  const server = await serve(page, log);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const tab = await context.newPage();
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    log.outside.push(url);
    return route.abort();
  });
  tab.on('pageerror', (e) => log.js_errors.push(String(e)));
  tab.on('console', (m) => { if (m.type() === 'error') log.console_errors.push(m.text()); });
  try {
    await tab.goto(origin + '/');
    await tab.waitForFunction(measures[name], null, { timeout: 20000 }).catch(() => {});
    await tab.waitForTimeout(1500);
    Object.assign(log, await tab.evaluate(measures[name]));
    await tab.screenshot({ path: path.join(shotDir, `embed-${name}.png`), fullPage: true });
  } catch (e) {
    log.js_errors.push(`harness: ${e}`);
  } finally {
    await tab.close();
    server.close();
  }
  return log;
}

async function main() {
  const text = fs.readFileSync(readme, 'utf8');
  fs.mkdirSync(shotDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonle-embed-'));
  const report = {};
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1000, height: 800 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    });
    for (const name of ['timelinejs', 'vis']) report[name] = await run(context, name, snippet(text, name));
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => { console.error(e); process.exit(2); });
