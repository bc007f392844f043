/**
 * Real Chromium for the console's browser tests (issue 10 §4): Debian's `/usr/bin/chromium` driven by
 * playwright-core (no browser download; `.ci/run` installs the distribution's package), against the e2e
 * project's one local server.
 *
 *   const chrome = await openChromium();              // one browser per test file (beforeAll)
 *   const tab = await chrome.tab();                   // a fresh context: its own cookies, like a new browser profile
 *   await tab.goto('/console/123456789012');          // asserts the document's status, then checks the page
 *   await tab.submit('/console/123456789012', { login: 'alice', password: '…' }, 303 → 200);
 *   await chrome.closeTabs();                         // afterEach
 *   await chrome.close();                             // afterAll
 *
 * Every document a tab reaches is checked (`check`): no console error, uncaught exception or failed request
 * since the tab opened, no HTTP 5xx for anything; axe-core's WCAG 2.0 A and AA rules (none disabled) find
 * nothing; and at 375 px wide the page does not scroll sideways. A document with an error status (403 for
 * a refused action, 401 for a wrong password) is allowed the one "Failed to load resource" line Chromium
 * logs for it, because the test asserted that status itself.
 *
 * axe-core is injected with `page.evaluate(axe.source)`, neither `bypassCSP` nor `addScriptTag`: DevTools
 * evaluation is not governed by the page's Content-Security-Policy, so the console's real CSP stays enforced
 * during the test and any violation of it by the console (an inline style or script) shows as a console
 * error and fails the test; an inline `addScriptTag` would itself be refused by that CSP.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { e2eServer } from './server';

/** Debian's Chromium (package `chromium`); CHROMIUM_PATH overrides for a developer's machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium's flags for a closed machine: headless, no sandbox (CI runs as root), and no background traffic (this
 * machine's network is closed; every other host resolves to nothing so a stray request fails fast).
 * playwright-core adds a fresh temporary `--user-data-dir` per launch and removes it on close.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0 level A and AA rules, as the "accessibility basics"; none disabled. */
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
  .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`;
/** The narrowest phone the issue asks for. */
const NARROW = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
/** When the page scrolls sideways: the innermost elements that stick out of the viewport, to say where. */
const WIDER_THAN_VIEWPORT = `(() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5 && e.children.length === 0);
  return ['page ' + root.scrollWidth + ' px wide in ' + root.clientWidth + ' px'].concat(out.slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '') + ': ' + (e.textContent || '').trim().slice(0, 60)));
})()`;
const LOAD_FAILED = /^Failed to load resource: the server responded with a status of (\d{3})/;

/** One browser for a test file. */
export interface Chromium {
  /** A new tab in a new context (its own cookie jar), against the e2e server. */
  tab(): Promise<ConsoleTab>;
  /** Closes the tabs opened so far, each checked a last time (afterEach: a late error fails its own test). */
  closeTabs(): Promise<void>;
  /** Closes every tab left and the browser. */
  close(): Promise<void>;
}

export async function openChromium(): Promise<Chromium> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const tabs: ConsoleTab[] = [];
  const audited = new Set<string>();
  const closeTabs = async () => {
    const open = tabs.splice(0);
    const errors: unknown[] = [];
    for (const t of open) await t.close().catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw errors[0];
  };
  return {
    async tab() {
      const context = await browser.newContext({ baseURL: e2eServer().baseUrl, viewport: DESKTOP });
      // A missing field or button fails sooner than Playwright's 30 s default; a sign-in (Argon2id) on a
      // loaded 2-core machine still fits.
      context.setDefaultTimeout(20_000);
      const tab = new ConsoleTab(context, await context.newPage(), audited);
      tabs.push(tab);
      return tab;
    },
    closeTabs,
    async close() {
      try {
        await closeTabs();
      } finally {
        await browser.close();
      }
    },
  };
}

/** Field values for `submit`: strings are typed, booleans tick or clear a checkbox. */
export type Fields = Record<string, string | boolean>;

/** A tab that records what went wrong in it and checks every document it reaches. */
export class ConsoleTab {
  readonly problems: string[] = [];
  /** Main-frame documents and the status each answered (the last one per URL). */
  private readonly documents = new Map<string, number>();
  private lastStatus = 0;
  private closed = false;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    /** The kinds of page already audited in this browser (shared by its tabs). */
    private readonly audited: Set<string>,
  ) {
    page.on('pageerror', (e) => this.problems.push(`uncaught exception: ${e.message}`));
    page.on('requestfailed', (r) => this.problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 500) this.problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !(r.status() >= 300 && r.status() < 400)) {
        this.documents.set(r.url(), r.status());
        this.lastStatus = r.status();
      }
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const status = LOAD_FAILED.exec(m.text())?.[1];
      if (status !== undefined && this.documents.get(m.location().url) === Number(status)) return;
      // Chromium asks every origin for /favicon.ico on its own (no page asks for it); the service has none.
      if (status === '404' && new URL(m.location().url).pathname === '/favicon.ico') return;
      this.problems.push(`console error: ${m.text()} (${m.location().url})`);
    });
    // The console's script asks before destructive posts (data-confirm): answer as a user who means it.
    // Any other dialog (an alert) is a script the console did not mean to run: a problem.
    page.on('dialog', (d) => {
      if (d.type() === 'confirm') return void d.accept();
      this.problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      void d.dismiss();
    });
  }

  /** The origin of the server under test. */
  get origin(): string {
    return e2eServer().baseUrl;
  }

  /** Opens `path` (on the server under test unless absolute), expects `status`, checks the page. */
  async goto(path: string, status = 200): Promise<void> {
    const res = await this.page.goto(path);
    expect(res?.status(), `GET ${path}`).toBe(status);
    this.lastStatus = res?.status() ?? 0;
    await this.check();
  }

  /**
   * Fills the form whose `action` is `action` (by the fields' names: the IAM parameter names) and clicks
   * its submit button; expects the final document's status (after any redirect) and checks the page.
   */
  async submit(action: string, fields: Fields = {}, status = 200, form: Locator = this.formOf(action)): Promise<void> {
    await fillForm(form, fields);
    await this.clickAndLoad(form.locator('button[type=submit], input[type=submit]').first(), status);
  }

  /** The (first) form posting to `action` (a page may also have a GET search form with the same action). */
  formOf(action: string): Locator {
    return this.page.locator(`form[method="post" i][action="${action}"]`).first();
  }

  /** Clicks what loads a new document (a link or a submit button); expects its status; checks the page. */
  async clickAndLoad(target: Locator, status = 200): Promise<void> {
    const loaded = this.page.waitForEvent('load');
    await target.click();
    await loaded;
    expect(this.lastStatus, `status of ${this.page.url()}`).toBe(status);
    await this.check();
  }

  /** The text of the element matching `selector` (trimmed). */
  async text(selector: string): Promise<string> {
    return ((await this.page.locator(selector).first().textContent()) ?? '').trim();
  }

  /** The path (and query) of the current document. */
  get path(): string {
    const u = new URL(this.page.url());
    return u.pathname + u.search;
  }

  /**
   * Nothing went wrong; axe finds no WCAG 2 A/AA violation; no sideways scroll at 375 px. The last two run
   * once per kind of page in the file (its title and status: the same template again, e.g. the fifth wrong
   * password, is not audited again; axe costs about 0.3 s a page).
   */
  async check(): Promise<void> {
    expect(this.problems.join('\n'), `problems on ${this.page.url()}`).toBe('');
    const kind = `${this.lastStatus} ${await this.page.title()}`;
    if (this.audited.has(kind)) return;
    this.audited.add(kind);
    if ((await this.page.evaluate('typeof axe')) === 'undefined') await this.page.evaluate(AXE_SOURCE);
    const violations = (await this.page.evaluate(AXE_RUN)) as string[];
    expect(violations.join('\n'), `axe on ${this.page.url()}`).toBe('');
    const size = this.page.viewportSize() ?? DESKTOP;
    await this.page.setViewportSize(NARROW);
    const overflow = (await this.page.evaluate(WIDER_THAN_VIEWPORT)) as string[];
    await this.page.setViewportSize(size);
    expect(overflow.join('\n'), `horizontal scroll at ${NARROW.width} px on ${this.page.url()}`).toBe('');
  }

  /** Closes the context; anything that went wrong since the last check fails the test. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close();
    expect(this.problems.join('\n'), 'problems before the tab closed').toBe('');
  }
}

/** Types each field into the form's control of that name (checkboxes and radios by value). */
export async function fillForm(form: Locator, fields: Fields): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'boolean') {
      const box = form.locator(`input[type=checkbox][name="${name}"]`);
      if (value) await box.check();
      else await box.uncheck();
      continue;
    }
    const radios = await form.locator(`input[type=radio][name="${name}"]`).all();
    if (radios.length > 0) {
      let checked = false;
      for (const r of radios) {
        if ((await r.getAttribute('value')) !== value) continue;
        await r.check();
        checked = true;
      }
      expect(checked, `a radio button ${name}=${value}`).toBe(true);
      continue;
    }
    const control = form.locator(`[name="${name}"]`).first();
    if ((await control.evaluate((e) => (e as unknown as { tagName: string }).tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}
