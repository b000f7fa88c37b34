#!/usr/bin/env node
// Page-load benchmark of the explorer, measured in the browser (Debian's Chromium, playwright-core):
// open /?node=<id> for nodes with a large downstream closure and time, from navigation start,
//   first graph  — the page's own mark 'lineage:first-graph': the root, each direction's summary
//                  (counts by kind) and the first layers are drawn, with their handlers attached;
//   settled      — 'lineage:settled': the automatic expansion (depth 4, 150-node budget) is done;
//   more         — then Enter on an "N more" node, until it shows the next children: the page answers.
// One cold load per start (a fresh browser context, empty cache), then --loads - 1 warm ones.
//
//   node bench-page-load.mjs --base http://127.0.0.1:8080 [--loads 5] [--dir both] [--out DIR] ID...
//
// Prints a line per load and a markdown table; scripts/bench-explorer.sh runs it on a generated graph.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const opts = { loads: '5', dir: 'both', out: 'target/explorer-bench' };
const starts = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i].startsWith('--')) opts[argv[i].slice(2)] = argv[++i];
  else starts.push(argv[i]);
}
const base = (opts.base ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const loads = Number(opts.loads);
const out = resolve(opts.out);
mkdirSync(out, { recursive: true });
if (starts.length === 0) {
  console.error('bench-page-load: give at least one node id');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: opts.chromium ?? process.env.LINEAGE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const mark = (page, name) =>
  page.waitForFunction((n) => performance.getEntriesByName(n).length > 0 && performance.getEntriesByName(n)[0].startTime, name, {
    timeout: 60_000,
    polling: 'raf',
  });

async function load(page, id, requests) {
  requests.length = 0;
  const url = `${base}/?node=${encodeURIComponent(id)}${opts.dir === 'both' ? '' : `&dir=${opts.dir}`}`;
  await page.goto(url, { waitUntil: 'commit' });
  const first = await (await mark(page, 'lineage:first-graph')).jsonValue();
  const requestsAtFirst = requests.length;
  const settled = await (await mark(page, 'lineage:settled')).jsonValue();
  const drawn = Number(await page.getAttribute('svg.graph', 'data-nodes'));
  const total = await page.$$eval('[data-direction="downstream"]', (els) => Number(els[0]?.getAttribute('data-total') ?? -1));
  // the page answers: Enter on an "N more" node (focusing it pans it into view) shows more of that fan-out
  let click = null;
  const more = page.locator('svg.graph .node.more').first();
  if ((await more.count()) > 0) {
    await more.focus();
    const t0 = Date.now();
    const id = await more.getAttribute('data-node-id');
    const label = await more.getAttribute('data-label');
    await page.keyboard.press('Enter');
    // its count goes down by the children now drawn (or it goes, when none are left)
    await page.waitForFunction(
      ([i, l]) => document.querySelector(`[data-node-id="${CSS.escape(i)}"]`)?.getAttribute('data-label') !== l,
      [id, label],
      { timeout: 30_000 },
    );
    click = Date.now() - t0;
  }
  return { first: Math.round(first), settled: Math.round(settled), click, drawn, total, requestsAtFirst, requests: requests.length };
}

const rows = [];
try {
  for (const id of starts) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => r.url().includes('/v1/') && requests.push(r.url()));
    for (let i = 0; i < loads; i++) {
      const r = await load(page, id, requests);
      r.cold = i === 0;
      rows.push({ id, ...r });
      console.error(`bench-page-load: ${id} ${r.cold ? 'cold' : 'warm'}: first graph ${r.first} ms, settled ${r.settled} ms, more ${r.click} ms, ${r.drawn} nodes drawn of ${r.total} downstream, ${r.requestsAtFirst}/${r.requests} API requests`);
      if (i === 0) await page.screenshot({ path: join(out, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.png`) });
    }
    await context.close();
  }
} finally {
  await browser.close();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
console.log('| start | downstream closure | cold: first graph / settled ms | warm median: first graph / settled ms | warm max first graph ms | Enter on "N more" → more drawn ms (median) | nodes drawn | API requests to first graph / settled |');
console.log('|---|---|---|---|---|---|---|---|');
for (const id of starts) {
  const mine = rows.filter((r) => r.id === id);
  const cold = mine.find((r) => r.cold);
  const warm = mine.filter((r) => !r.cold);
  const clicks = mine.map((r) => r.click).filter((c) => c !== null);
  console.log(
    `| \`${id.length > 24 ? `${id.slice(0, 19)}…` : id}\` | ${cold.total.toLocaleString('en-US')} | ${cold.first} / ${cold.settled} | ${warm.length ? `${median(warm.map((r) => r.first))} / ${median(warm.map((r) => r.settled))}` : '—'} | ${warm.length ? Math.max(...warm.map((r) => r.first)) : '—'} | ${clicks.length ? median(clicks) : '—'} | ${cold.drawn} | ${cold.requestsAtFirst} / ${cold.requests} |`,
  );
}
