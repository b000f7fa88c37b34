#!/usr/bin/env node
// The explorer in a real browser (Debian's Chromium, driven by playwright-core) against a running
// `lineage up --demo`: what a reviewer does first. Run by the Java integration test
// ExplorerBrowserIT (launcher module), or by hand:
//
//   node lineage-streams/explorer/e2e/explorer-e2e.mjs --base http://127.0.0.1:8080 --out target/explorer-e2e
//
// Steps, each with a screenshot in --out: search model_m92; its upstream graph, with the five seed
// nodes left to right in lineage order; path mode from transactions_q1 to model_m92 (shift-click,
// click); the node panel of model_m92 (verdict, manifest); the deletion request with its trigger.
// Prints one line per step; exits 1 with the reason at the first failure.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const base = (args.base ?? process.env.LINEAGE_HTTP ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const out = resolve(args.out ?? 'target/explorer-e2e');
const executablePath = args.chromium ?? process.env.LINEAGE_CHROMIUM ?? '/usr/bin/chromium';
const timeout = Number(args.timeout ?? 30000);
mkdirSync(out, { recursive: true });

const SEED = ['transactions_q1', 'fraud_signal_extractor_r1', 'features_v47', 'training_j1829', 'model_m92'];

function log(step, text) {
  console.log(`e2e: ${step}: ${text}`);
}

async function shot(page, name) {
  const file = join(out, name);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** The drawn nodes with their labels and centres, left to right. */
async function drawnNodes(page) {
  return page.$$eval('svg.graph [data-node-id]', (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-node-id'), label: el.getAttribute('data-label'), kind: el.getAttribute('data-kind'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }),
  );
}

function fail(message) {
  throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // a failed fetch is also a console error; the responses say which, and 503s are retried by the page
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  const unavailable = [];
  page.on('response', (r) => {
    if (r.status() >= 500) (r.status() === 503 ? unavailable : errors).push(`${r.status()} ${r.url()}`);
  });

  // 1. search
  await page.goto(`${base}/`);
  const search = page.getByRole('combobox', { name: 'Search the lineage graph' });
  await search.click();
  await search.fill('model_m92');
  const hit = page.getByRole('option').filter({ hasText: 'model_m92' }).first();
  await hit.waitFor();
  log('search', `model_m92 found (${await page.getByRole('option').count()} hit(s)); ${await shot(page, '01-search.png')}`);
  await search.press('Enter');

  // 2. the upstream graph, five seed nodes in order left to right
  await page.waitForURL(/node=/);
  await page.getByRole('radio', { name: 'upstream' }).check();
  await page.waitForURL(/dir=upstream/);
  await page.waitForSelector('section.graph-view[data-state="ready"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('svg.graph [data-node-id]').length >= n,
    SEED.length,
  );
  // let the fit settle (it runs on layout)
  await page.waitForTimeout(300);
  const nodes = await drawnNodes(page);
  const order = [...nodes].sort((a, b) => a.x - b.x).map((n) => n.label);
  const seedXs = SEED.map((label) => nodes.find((n) => n.label === label)?.x);
  if (seedXs.some((x) => x === undefined)) fail(`the upstream graph lacks seed nodes: drawn ${JSON.stringify(order)}`);
  for (let i = 1; i < seedXs.length; i++) {
    if (!(seedXs[i] > seedXs[i - 1])) fail(`seed nodes not left to right in lineage order: ${JSON.stringify(order)}`);
  }
  log('graph', `upstream of model_m92 left to right: ${order.join(' → ')}; ${await shot(page, '02-upstream-graph.png')}`);

  // 3. path mode: shift-click the source, click the model
  await page.locator(`svg.graph [data-label="transactions_q1"]`).click({ modifiers: ['Shift'] });
  await page.getByText('Path mode: pick the node').waitFor();
  await page.locator(`svg.graph [data-label="model_m92"]`).click();
  await page.waitForURL(/from=.*&to=/);
  await page.waitForSelector('[data-testid="path"]');
  const paths = await page.locator('[data-testid="path"]').allTextContents();
  const expected = SEED.map((s) => (s.includes('_r1') || s.includes('j1829') ? `run:${s}` : s)).join(' → ');
  if (!paths.includes(expected)) fail(`path mode shows ${JSON.stringify(paths)}, expected ${expected}`);
  await page.waitForFunction(() => document.querySelectorAll('svg.graph .edge.hl').length >= 4);
  const highlighted = await page.locator('svg.graph .edge.hl').count();
  log('path', `${paths.length} path(s): ${paths[0]}; ${highlighted} edges highlighted; ${await shot(page, '03-path.png')}`);

  // 4. the node panel of model_m92: verdict and manifest
  await page.locator(`svg.graph [data-label="model_m92"]`).click();
  const panel = page.getByTestId('node-panel');
  await panel.waitFor();
  await panel.getByTestId('verdict').waitFor();
  await panel.getByTestId('manifest').waitFor();
  const verdict = (await panel.getByTestId('verdict').locator('[data-approved]').textContent())?.trim();
  log('panel', `model_m92: ${verdict}; ${await shot(page, '04-node-panel.png')}`);

  // 5. the deletion request and its trigger, reached from the requests list
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Requests' }).click();
  const link = page.getByTestId('request-link').filter({ hasText: 'gdpr-demo-' }).first();
  await link.waitFor();
  const requestId = (await link.textContent())?.trim();
  await link.click();
  await page.waitForURL(/request=/);
  const trigger = page.getByTestId('trigger').filter({ hasText: 'model_m92' }).first();
  await trigger.waitFor();
  const action = (await trigger.locator('.badge').first().textContent())?.trim();
  const status = (await page.getByTestId('request-status').textContent())?.trim();
  if (!['RETRAIN', 'ASSESS'].includes(action)) fail(`the trigger shows action ${action}`);
  await page.waitForFunction(() => document.querySelectorAll('svg.graph .edge.hl').length >= 4);
  log('request', `${requestId}: ${status}, trigger ${action} model_m92; ${await shot(page, '05-deletion-request.png')}`);

  // 6. deep links other tools use
  await page.goto(`${base}/?node=name:model_m92&dir=upstream`);
  await page.waitForSelector('section.graph-view[data-state="ready"]');
  await page.goto(`${base}/?from=source:transactions_q1&to=name:model_m92`);
  await page.waitForSelector('[data-testid="path"]');
  await page.goto(`${base}/?request=${encodeURIComponent(requestId)}`);
  await page.getByTestId('trigger').first().waitFor();
  await page.goto(`${base}/?view=rejected`);
  await page.waitForSelector('section.rejected-view[data-state="ready"]');
  log('links', `?node= ?from=&to= ?request= ?view=rejected open; ${await shot(page, '06-rejected.png')}`);

  if (errors.length) fail(`the page reported errors: ${errors.join(' | ')}`);
  if (unavailable.length) log('note', `answered 503 and asked again: ${unavailable.join(' | ')}`);
  log('done', `screenshots in ${out}`);
} catch (e) {
  failed = true;
  console.error(`e2e: FAILED: ${e.message}`);
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await pages[0].screenshot({ path: join(out, 'failure.png') });
  } catch {
    // the screenshot of a failure is a help, not a requirement
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
