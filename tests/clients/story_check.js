// Opens a story page (out/story.html, or one assembled from a fixture) in Debian's headless Chromium
// the way a reader does, from file:// and from a static server on 127.0.0.1, drives it (click,
// hover, filters, search, play, keyboard) and prints one JSON object: every check with its result,
// every request the page made, JS and console errors, dialogs, and payloads that ran.
//
//   node story_check.js PAGE.html [--shots DIR]
//
// Exit 0: every check passed; 1: some check failed (the report says which); 2: bad arguments or
// the browser could not be driven. --shots DIR writes desktop (1280x800) and phone (390x844) PNGs.
// Payloads in hostile fixtures call window.__xss_fired(tag) or alert(); both are recorded.
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const pageFile = args[0];
const shotsAt = args.indexOf('--shots');
const shots = shotsAt > 0 ? args[shotsAt + 1] : null;
if (!pageFile || (shotsAt > 0 && !shots) || !fs.existsSync(pageFile)) {
  console.error('usage: node story_check.js PAGE.html [--shots DIR]');
  process.exit(2);
}

// The data as the page will read it; a "<" left raw could end the script element early.
function embeddedData(htmlText) {
  const open = '<script type="application/json" id="tonle-data">';
  const at = htmlText.indexOf(open);
  if (at < 0) throw new Error('no <script type="application/json" id="tonle-data"> in the page');
  const body = htmlText.slice(at + open.length, htmlText.indexOf('</script>', at));
  return { raw: body, data: JSON.parse(body) };
}

const recorder = () => {
  window.__xss = [];
  window.__xss_fired = (tag) => { window.__xss.push(String(tag)); };
  window.__updates = 0;
  document.addEventListener('tonle-story:update', () => { window.__updates += 1; });
};

const report = { page: path.resolve(pageFile), checks: {}, requests: [], blocked: [], js_errors: [], console_errors: [], dialogs: [], xss: [] };
function check(name, ok, detail) { report.checks[name] = { ok: !!ok, detail: detail === undefined ? null : detail }; }
// A check that does not apply to this data (no event on the map, one period only): passed, and said.
function skip(name, why) { report.checks[name] = { ok: true, skipped: why, detail: null }; }

async function open(context, url, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('request', (r) => report.requests.push(r.url()));
  page.on('pageerror', (e) => report.js_errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') report.console_errors.push(m.text()); });
  page.on('dialog', (d) => { report.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('popup', (p) => { report.dialogs.push(`popup: ${p.url()}`); p.close().catch(() => {}); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__updates > 0, null, { timeout: 10000 }).catch(() => {});
  return page;
}

const shown = (page) => page.evaluate(() => window.tonleStory ? window.tonleStory.shown().length : -1);
const summary = (page) => page.locator('#ts-summary').textContent();
async function settle(page, before) {
  await page.waitForFunction((n) => window.__updates > n, before, { timeout: 3000 }).catch(() => {});
}
const updates = (page) => page.evaluate(() => window.__updates);

async function checkIds(page, data) {
  const ids = data.events.map((e) => e.id);
  const found = await page.evaluate((ids) => {
    const missing = ids.filter((id) => !document.querySelector(`[data-event-id="${CSS.escape(id)}"]`));
    const known = new Set(ids);
    const strays = [...document.querySelectorAll('[data-event-id]')].map((el) => el.getAttribute('data-event-id')).filter((id) => !known.has(id));
    const onMap = ids.filter((id) => document.querySelector(`#ts-svg [data-event-id="${CSS.escape(id)}"]`)).length;
    return { missing, strays: [...new Set(strays)], onMap };
  }, ids);
  check('every_event_present', found.missing.length === 0 && found.strays.length === 0,
    { events: ids.length, on_map: found.onMap, missing: found.missing.slice(0, 10), unknown: found.strays.slice(0, 10) });
}

async function checkBanner(page, data) {
  const visible = await page.locator('#ts-banner').isVisible();
  check('internal_banner', visible === (data.profile !== 'public'), { profile: data.profile, banner_visible: visible });
}

// A real mouse click on an event's mark, map first, then the timeline; the card must show its title.
// The centre of the first mark matching the selector that a pointer there would really reach.
const clickable = (page, selector) => page.evaluate((sel) => {
    const el = [...document.querySelectorAll(sel)].find((x) => {
      const r = x.getBoundingClientRect();
      if (!r.width || r.top < 0 || r.bottom > innerHeight) return false;
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit && hit.closest('[data-event-id]') === x;
    });
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { id: el.getAttribute('data-event-id'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, selector);

const onMap = (page) => page.evaluate(() => document.querySelectorAll('#ts-points [data-event-id], #ts-moves [data-event-id]').length);

async function checkClick(page, data) {
  const byId = new Map(data.events.map((e) => [e.id, e]));
  const target = await clickable(page, '#ts-points [data-event-id], #ts-moves [data-event-id]');
  if (!target && !(await onMap(page))) skip('click_map_opens_card', 'no event is drawn on the map');
  else if (!target) check('click_map_opens_card', false, 'no event mark on the map could be clicked');
  else {
    await page.mouse.click(target.x, target.y);
    const title = await page.locator('#ts-card-title').textContent().catch(() => null);
    const visible = await page.locator('#ts-card').isVisible();
    check('click_map_opens_card', visible && title === byId.get(target.id).title, { id: target.id, card_title: title });
    await page.keyboard.press('Escape');
  }
  if (!data.events.length) { skip('click_timeline_opens_card', 'no events'); skip('escape_closes_card', 'no events'); return; }
  await page.locator('#ts-detail').scrollIntoViewIfNeeded();
  const mark = await clickable(page, '#ts-tl-marks [data-event-id]');
  if (!mark) { check('click_timeline_opens_card', false, 'no timeline mark could be clicked'); return; }
  await page.mouse.click(mark.x, mark.y);
  const title2 = await page.locator('#ts-card-title').textContent().catch(() => null);
  check('click_timeline_opens_card', title2 === byId.get(mark.id).title, { id: mark.id, card_title: title2 });
  await page.keyboard.press('Escape');
  check('escape_closes_card', !(await page.locator('#ts-card').isVisible()));
}

async function checkHover(page) {
  if (!(await onMap(page))) { skip('hover_links_views', 'no event is drawn on the map'); return; }
  await page.locator('#ts-detail').scrollIntoViewIfNeeded();
  const selector = await page.evaluate(() => [...document.querySelectorAll('#ts-points [data-event-id]')]
    .map((el) => `#ts-tl-marks [data-event-id="${CSS.escape(el.getAttribute('data-event-id'))}"]`).join(', '));
  const mark = selector ? await clickable(page, selector) : null;
  if (!mark) { check('hover_links_views', false, 'no timeline mark of a map event could be reached by the pointer'); return; }
  await page.mouse.move(mark.x, mark.y);
  const lit = await page.evaluate((i) => {
    const el = document.querySelector(`#ts-points [data-event-id="${CSS.escape(i)}"]`);
    const ring = document.getElementById('ts-hover-ring');
    return !!el && el.classList.contains('ts-hl') && ring.style.display !== 'none';
  }, mark.id);
  check('hover_links_views', lit, { id: mark.id });
  await page.mouse.move(1, 1);
}

// Wheel, drag, buttons and keys move the map: the outlines' transform changes each time.
async function checkZoomPan(page) {
  const transform = () => page.getAttribute('#ts-geo', 'transform');
  const box = await page.locator('#ts-map').boundingBox();
  await page.click('#ts-zhome');
  await page.waitForTimeout(300);
  const seen = { start: await transform() };
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(400);
  seen.wheel = await transform();
  await page.mouse.move(box.x + 40, box.y + box.height - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + box.height - 90, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(400);
  seen.drag = await transform();
  await page.click('#ts-zout');
  await page.waitForTimeout(300);
  seen.button = await transform();
  await page.focus('#ts-map');
  await page.keyboard.press('ArrowLeft');
  await page.waitForTimeout(400);
  seen.key = await transform();
  await page.click('#ts-zhome');
  await page.waitForTimeout(300);
  seen.home = await transform();
  const steps = ['start', 'wheel', 'drag', 'button', 'key'];
  check('zoom_and_pan', steps.every((k, i) => i === 0 || seen[k] !== seen[steps[i - 1]]) && seen.home === seen.start, seen);
}

// Which events the contract says belong to a place filter value ("p:<province id>" or "c:<code>").
function inPlace(e, value) {
  const [kind, key] = [value.slice(0, 2), value.slice(2)];
  const ends = e.movement ? [e.movement.from, e.movement.to].filter(Boolean) : [];
  if (kind === 'c:') return (e.place && e.place.country === key) || ends.some((p) => p.country === key);
  return (e.place && e.place.province_id === key) || ends.some((p) => p.province_id === key);
}

async function checkFilters(page, data) {
  const all = await shown(page);
  if (!all) { for (const k of ['type_filter', 'search', 'place_filter', 'filters_reset']) skip(k, 'no events'); return; }
  // Type: switch off the first type listed, and back on.
  const type = await page.locator('#ts-types input').first().getAttribute('value');
  const ofType = data.events.filter((e) => e.type === type).length;
  let n = await updates(page);
  await page.locator('#ts-types label').first().click();
  await settle(page, n);
  const afterType = await shown(page);
  const leaked = await page.evaluate(() => {
    const ids = new Set(window.tonleStory.shown());
    return [...document.querySelectorAll('#ts-svg [data-event-id], #ts-tl [data-event-id]')]
      .filter((el) => el.style.display !== 'none' && el.isConnected && !ids.has(el.getAttribute('data-event-id'))).length;
  });
  check('type_filter', afterType === all - ofType && leaked === 0, { type, before: all, after: afterType, of_type: ofType, hidden_but_drawn: leaked });
  n = await updates(page);
  await page.locator('#ts-types label').first().click();
  await settle(page, n);
  // Search: a word of one event's title, then nonsense.
  const word = data.events.map((e) => String(e.title).split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w))).find(Boolean) || String(data.events[0].id);
  n = await updates(page);
  await page.fill('#ts-q', word);
  await settle(page, n);
  const afterSearch = await shown(page);
  const summaryText = await summary(page);
  n = await updates(page);
  await page.fill('#ts-q', 'zzqxq-no-such-thing');
  await settle(page, n);
  const none = await shown(page);
  check('search', afterSearch >= 1 && afterSearch <= all && none === 0 && summaryText.includes(word),
    { word, shown: afterSearch, nonsense_shown: none, summary: summaryText });
  n = await updates(page);
  await page.fill('#ts-q', '');
  await settle(page, n);
  // Place: the listed place with the fewest events; exactly the events the data puts there.
  const options = await page.locator('#ts-where option').evaluateAll((os) => os.filter((o) => o.value)
    .map((o) => ({ value: o.value, n: Number((/\((\d+)\)$/.exec(o.textContent) || [0, -1])[1]) })));
  if (options.length) {
    const place = options.sort((a, b) => a.n - b.n)[0];
    n = await updates(page);
    await page.selectOption('#ts-where', place.value);
    await settle(page, n);
    const ids = await page.evaluate(() => window.tonleStory.shown());
    const expected = data.events.filter((e) => inPlace(e, place.value)).map((e) => e.id);
    const same = ids.length === expected.length && expected.every((id) => ids.includes(id));
    check('place_filter', ids.length >= 1 && ids.length === place.n && same,
      { place: place.value, shown: ids.length, option_says: place.n, expected: expected.length });
    n = await updates(page);
    await page.selectOption('#ts-where', '');
    await settle(page, n);
  } else skip('place_filter', 'no event has a province or country');
  check('filters_reset', (await shown(page)) === all, { shown: await shown(page), all });
}

async function checkPlay(page) {
  const periods = await page.evaluate(() => {
    const b = document.getElementById('ts-next');
    const seen = new Set();
    for (let i = 0; i < 3; i++) { b.click(); seen.add(document.getElementById('ts-summary').textContent); }
    document.getElementById('ts-all').click();
    return seen.size;
  });
  if (periods < 2 || !(await shown(page))) { skip('play_steps_periods', 'the data spans one period'); return; }
  const before = await summary(page);
  const n = await updates(page);
  await page.click('#ts-playbtn');
  await page.waitForFunction((k) => window.__updates >= k + 2, n, { timeout: 6000 }).catch(() => {});
  const seen = [await summary(page)];
  const pressed = await page.getAttribute('#ts-playbtn', 'aria-pressed');
  await page.click('#ts-playbtn');
  const steps = (await updates(page)) - n;
  await page.click('#ts-next');
  seen.push(await summary(page));
  check('play_steps_periods', steps >= 2 && pressed === 'true' && seen[0] !== before && seen[1] !== seen[0],
    { steps, before, during: seen[0], after_next: seen[1] });
  const m = await updates(page);
  await page.click('#ts-all');
  await settle(page, m);
}

// The map and the timeline are each one stop in the Tab order; arrow keys move between their
// events, Enter opens one, Escape closes its card and gives the focus back; focus is visible.
async function checkKeyboard(page, data) {
  const byId = new Map(data.events.map((e) => [e.id, e]));
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    if (!el || !el.hasAttribute('data-event-id')) return null;
    const shape = el.matches('g') ? el.querySelector('rect, path') : el;
    const other = [...el.parentNode.children].find((x) => x !== el && x.matches(el.tagName)) || null;
    const otherShape = other && (other.matches('g') ? other.querySelector('rect, path') : other);
    const cs = getComputedStyle(shape);
    return { id: el.getAttribute('data-event-id'), where: el.closest('#ts-svg') ? 'map' : el.closest('#ts-tl') ? 'timeline' : 'list',
      visible_focus: cs.outlineStyle !== 'none' || !otherShape || cs.strokeWidth !== getComputedStyle(otherShape).strokeWidth || cs.stroke !== getComputedStyle(otherShape).stroke };
  });
  const result = {};
  for (const [view, start] of [['map', '#ts-map'], ['timeline', '#ts-all']]) {
    await page.focus(start);
    let first = null;
    for (let i = 0; i < 30 && !(first && first.where === view); i++) {
      await page.keyboard.press('Tab');
      first = await focused();
    }
    if (!first || first.where !== view) { result[view] = { reached: false }; continue; }
    // Earlier checks may have left the view's tab stop on its last event: then step back.
    await page.keyboard.press('ArrowRight');
    let second = await focused();
    if (second && second.id === first.id) {
      await page.keyboard.press('ArrowLeft');
      second = await focused();
    }
    await page.keyboard.press('Enter');
    const title = await page.locator('#ts-card-title').textContent().catch(() => null);
    await page.keyboard.press('Escape');
    const back = await focused();
    const targets = await page.evaluate((v) => document.querySelectorAll(v === 'map' ? '#ts-svg [data-event-id]' : '#ts-tl [data-event-id]').length, view);
    result[view] = { reached: true, first: first.id, second: second && second.id, moved: targets < 2 || (!!second && second.id !== first.id),
      visible_focus: first.visible_focus && !!second && second.visible_focus,
      card: !!second && title === byId.get(second.id).title, focus_returned: !!back && !!second && back.id === second.id };
  }
  if (!data.events.length) { skip('keyboard_reaches_events', 'no events'); return; }
  if (!result.map.reached && !(await onMap(page))) result.map = { reached: true, skipped: 'no event is drawn on the map', moved: true, visible_focus: true, card: true, focus_returned: true };
  const ok = Object.values(result).every((r) => r.reached && r.moved && r.visible_focus && r.card && r.focus_returned);
  check('keyboard_reaches_events', ok, result);
}

// Every event's card opened, every text rendered: nothing from the data may run or become markup.
async function checkInert(page, data) {
  const result = await page.evaluate((events) => {
    const bad = [], wrongTitles = [];
    let links = 0;
    for (const e of events) {
      window.tonleStory.select(e.id);
      const title = document.getElementById('ts-card-title');
      if (!title || title.textContent !== e.title) wrongTitles.push(e.id);
      for (const a of document.querySelectorAll('a[href]')) {
        links += 1;
        if (!/^https?:$/.test(a.protocol) || a.target !== '_blank' || !/\bnoopener\b/.test(a.rel) || !/\bnoreferrer\b/.test(a.rel)) bad.push(a.getAttribute('href'));
      }
    }
    let onAttrs = 0;
    document.querySelectorAll('*').forEach((el) => { for (const a of el.attributes) if (/^on/i.test(a.name)) onAttrs += 1; });
    const foreign = [...document.body.querySelectorAll('img, iframe, object, embed, link, meta, style, base, form[action], video, audio')].length;
    return { links, bad_links: bad.slice(0, 5), titles_not_verbatim: wrongTitles.slice(0, 5), on_attributes: onAttrs, foreign_elements: foreign,
      scripts: document.querySelectorAll('script').length, xss: window.__xss.slice() };
  }, data.events.filter((e) => typeof e.title === 'string' && e.title).map((e) => ({ id: e.id, title: e.title })));
  await page.keyboard.press('Escape');
  for (const el of await page.locator('#ts-svg [data-event-id]:visible').all().then((a) => a.slice(0, 40))) {
    await el.hover({ force: true, timeout: 1000 }).catch(() => {});
  }
  const xss = await page.evaluate(() => window.__xss.slice());
  report.xss = xss;
  check('hostile_inert', result.bad_links.length === 0 && result.titles_not_verbatim.length === 0 && result.on_attributes === 0 && result.foreign_elements === 0 &&
    result.scripts === 2 && xss.length === 0 && report.dialogs.length === 0, { ...result, xss, dialogs: report.dialogs });
}

// The event the card screenshots show: the drawn event with the most people.
function showcase(data) {
  const people = (e) => Math.max(-1, ...Object.values(e.counts || {}).filter((n) => typeof n === 'number'));
  const drawn = data.events.filter((e) => e.place && !e.national);
  return (drawn.sort((a, b) => people(b) - people(a))[0] || data.events[0] || {}).id;
}

async function serve(file) {
  const server = http.createServer((req, res) => {
    report.requests.push(`http ${req.url}`);
    if (req.url.split('?')[0] !== '/story.html') { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const file = path.resolve(pageFile);
  const text = fs.readFileSync(file, 'utf8');
  let data;
  try {
    const embedded = embeddedData(text);
    data = embedded.data;
    check('data_block', !/[<\u2028\u2029]/.test(embedded.raw), { bytes: embedded.raw.length });
  } catch (e) {
    check('data_block', false, String(e));
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exit(1);
  }
  report.bytes = Buffer.byteLength(text);
  const fileUrl = 'file://' + file;
  const server = await serve(file);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonle-story-'));
  let context;
  let harness = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--allow-file-access-from-files'],
    });
    await context.addInitScript(recorder);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === fileUrl || url === origin + '/story.html') return route.continue();
      report.blocked.push(url);
      return route.abort();
    });
    for (const p of context.pages()) await p.close();
    // From a static host: it loads and draws, and asks for nothing more.
    const served = await open(context, origin + '/story.html', { width: 1280, height: 800 });
    check('served_over_http', (await shown(served)) === data.events.length, { shown: await shown(served) });
    await served.close();
    // From file://, the strictest case: every interaction.
    const page = await open(context, fileUrl, { width: 1280, height: 800 });
    check('loads', (await shown(page)) === data.events.length && (await summary(page)).length > 0, { summary: await summary(page) });
    await checkIds(page, data);
    await checkBanner(page, data);
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'story-desktop.png') });
    }
    await checkClick(page, data);
    await checkHover(page);
    await checkZoomPan(page);
    await checkFilters(page, data);
    await checkPlay(page);
    await checkKeyboard(page, data);
    if (shots) {
      await page.evaluate((id) => window.tonleStory.select(id), showcase(data));
      await page.screenshot({ path: path.join(shots, 'story-desktop-card.png') });
      await page.keyboard.press('Escape');
    }
    await checkInert(page, data);
    await page.close();
    if (shots) {
      const phone = await open(context, fileUrl, { width: 390, height: 844 });
      await phone.screenshot({ path: path.join(shots, 'story-phone.png') });
      await phone.evaluate((id) => window.tonleStory.select(id), showcase(data));
      await phone.waitForTimeout(200);
      await phone.screenshot({ path: path.join(shots, 'story-phone-card.png') });
      await phone.close();
    }
  } catch (e) {
    harness = String(e && e.stack || e);
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const extra = report.requests.filter((u) => u !== fileUrl && u !== origin + '/story.html' && u !== 'http /story.html');
  check('no_requests_beyond_the_file', extra.length === 0 && report.blocked.length === 0, { extra });
  check('no_errors', report.js_errors.length === 0 && report.console_errors.length === 0,
    { js: report.js_errors.slice(0, 5), console: report.console_errors.slice(0, 5) });
  if (harness) report.harness_error = harness;
  report.failed = Object.keys(report.checks).filter((k) => !report.checks[k].ok);
  report.skipped = Object.keys(report.checks).filter((k) => report.checks[k].skipped);
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(harness ? 2 : report.failed.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
