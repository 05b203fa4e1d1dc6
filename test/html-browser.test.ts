// The HTML report in a real browser (Debian's Chromium driven by playwright-core): it loads with no console errors (a
// CSP violation is one), no request leaves the page, no script from the input runs, folded sections open for print,
// and it prints to PDF. Screenshots and the PDF are kept under test-artifacts/ (gitignored) for people to look at.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cli, fixture, ROOT } from './helpers.js';

// Functions passed to page.evaluate() run in the page, where these exist (the project compiles without the DOM library).
declare const window: Record<string, unknown> & { dispatchEvent(e: unknown): boolean };
declare const document: { querySelectorAll(s: string): ArrayLike<Element> & Iterable<Element>; body: { innerText: string }; documentElement: { scrollWidth: number; clientWidth: number } };
declare const Event: new (type: string) => unknown;
interface Element {
  tagName: string;
  attributes: Iterable<{ name: string }>;
  getAttribute(n: string): string | null;
}

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const available = existsSync(CHROMIUM);
const skip = !available && !process.env['CI'] ? `no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)` : false;

interface Visit {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

describe('HTML report in Chromium', { skip }, () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
  });

  function write(name: string, args: string[]): string {
    const file = path.join(ARTIFACTS, `${name}.html`);
    const r = cli(['assess', ...args, '-q', '-o', file]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return file;
  }

  async function visit(file: string, width = 1280): Promise<Visit> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const v: Visit = { page, consoleErrors: [], requests: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') v.consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => v.consoleErrors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      v.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => v.requests.push(r.url()));
    // Anything but the report itself is refused (and recorded above).
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    return v;
  }

  it('the demo report loads cleanly, prints with every section open, and is kept as a screenshot and a PDF', async () => {
    const file = write('report-demo', ['fixtures/demo', '--fail-below', 'bearer']);
    const v = await visit(file);
    assert.deepEqual(v.consoleErrors, []);
    assert.deepEqual(v.requests, [pathToFileURL(file).href], 'no request leaves the page');
    const p = v.page;
    assert.equal(await p.title(), 'API security maturity report');
    assert.equal(await p.locator('section.api').count(), 5);
    assert.match((await p.locator('#summary').innerText()).replace(/\s+/g, ' '), /5 APIs were assessed: 1 at level 0 \(none\), 1 at level 1 \(API key\), 1 at level 2 \(bearer token\), 1 at level 3 \(sender-constrained\), 1 at level 4 \(FAPI 2\.0\)/);
    assert.equal(await p.locator('#summary svg').count(), 2 + 5, 'level chart, heat map and one ladder per API');
    await p.screenshot({ path: path.join(ARTIFACTS, 'report-demo.png'), fullPage: true });

    // The inline script (allowed by its hash) opens folded sections before printing.
    const closed = await p.locator('details:not([open])').count();
    assert.ok(closed > 0);
    await p.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await p.locator('details:not([open])').count(), 0);
    await p.emulateMedia({ media: 'print' });
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(ARTIFACTS, 'report-demo.pdf'), pdf);
    assert.ok(pdf.length > 10_000 && pdf.subarray(0, 5).toString() === '%PDF-');
    assert.deepEqual(v.consoleErrors, [], 'no errors while printing');
  });

  it('the credential inventory and the control grid: one coloured, labelled cell per API and control, also in print', async () => {
    const file = write('report-inventory', ['fixtures/inventory', 'fixtures/demo']);
    const v = await visit(file);
    const p = v.page;
    assert.deepEqual(v.consoleErrors, []);
    assert.equal(await p.locator('#credentials table.matrix tbody tr').count(), 6);
    assert.equal(await p.locator('#credentials table.matrix td.cs').count(), 6 * 9);
    const cells = await p.evaluate(() =>
      [...document.querySelectorAll('#credentials table.matrix td.cs')].map((td) => {
        const e = td as unknown as { className: string; innerText: string };
        return { cls: e.className, text: e.innerText, bg: (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor };
      }),
    );
    const colours = new Map<string, Set<string>>();
    for (const c of cells) {
      const status = c.cls.replace('cs cs-', '');
      assert.ok(c.text.includes(status), 'every cell says its status in words');
      colours.set(status, (colours.get(status) ?? new Set()).add(c.bg));
    }
    assert.deepEqual([...colours.keys()].sort(), ['absent', 'evidenced', 'partial', 'unknown']);
    assert.equal(new Set([...colours.values()].map((x) => [...x].join())).size, 4, 'one colour per status');
    assert.match(await p.locator('#credentials table.inventory tbody tr.risk').first().innerText(), /static secret|unbound bearer token/);
    await p.locator('#credentials').screenshot({ path: path.join(ARTIFACTS, 'report-inventory.png') });
    await p.emulateMedia({ media: 'print' });
    const pdf = await p.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(ARTIFACTS, 'report-inventory.pdf'), pdf);
    assert.ok(pdf.subarray(0, 5).toString() === '%PDF-');
    assert.deepEqual(v.consoleErrors, []);
  });

  it('a hostile description: nothing from the input runs, loads or links; it all shows as text', async () => {
    const file = write('report-hostile', [fixture('reports/hostile/openapi.yaml')]);
    const v = await visit(file);
    const p = v.page;
    assert.deepEqual(v.consoleErrors, []);
    assert.deepEqual(v.dialogs, []);
    assert.deepEqual(v.requests, [pathToFileURL(file).href]);
    assert.equal(await p.evaluate(() => window['__pwned']), undefined);
    const dom = await p.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      imgs: document.querySelectorAll('img, iframe, object, embed, foreignObject').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !h!.startsWith('#')),
      text: document.body.innerText,
    }));
    assert.equal(dom.scripts, 1, 'only the report\'s own script');
    assert.equal(dom.imgs, 0);
    assert.deepEqual(dom.handlers, []);
    assert.deepEqual(dom.links, []);
    assert.ok(dom.text.includes('<script>window.__pwned=1</script>{{constructor.constructor(\'window.__pwned=1\')()}}'), 'the title is shown verbatim');
    assert.ok(dom.text.includes('/admin/{{lookup this \'constructor\'}}/</textarea><script>window.__pwned=1</script>'));
    assert.ok(dom.text.includes('javascript:window.__pwned=1//'));
    assert.ok(!dom.text.includes('s3cr3t-value-123'));
    await p.screenshot({ path: path.join(ARTIFACTS, 'report-hostile.png'), fullPage: true });
  });

  it('a report whose stylesheet was altered is refused by its own CSP (the check above can fail)', async () => {
    const file = write('report-tampered', [fixture('demo/payments-api.yaml')]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('<style>', '<style>body{color:red}'));
    const v = await visit(file);
    assert.ok(v.consoleErrors.some((e) => /Content Security Policy/i.test(e)), v.consoleErrors.join('\n'));
  });

  it('reads on a narrow screen: no horizontal overflow of the page', async () => {
    const file = write('report-narrow', ['fixtures/demo']);
    const v = await visit(file, 420);
    const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await v.page.screenshot({ path: path.join(ARTIFACTS, 'report-narrow.png'), fullPage: false });
    assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
  });
});
