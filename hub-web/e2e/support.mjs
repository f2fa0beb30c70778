// Helpers of the end-to-end run (run.mjs): the browser, steps with failure screenshots, the
// deterministic large file, and a few direct API calls for set-up that is not under test.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Settings from the environment; HUB_URL and ADMIN_TOKEN are required. */
export function settings() {
  const hubUrl = (process.env.HUB_URL ?? '').replace(/\/+$/, '');
  const adminToken = process.env.ADMIN_TOKEN ?? '';
  if (!hubUrl || !adminToken) {
    throw new Error('Set HUB_URL (e.g. http://127.0.0.1:8080) and ADMIN_TOKEN (a hub admin access token)');
  }
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`No Chromium at ${chromium}: install Debian's package (apt-get install chromium) or set CHROMIUM`);
  }
  const screenshots = process.env.SCREENSHOT_DIR ?? join(process.cwd(), 'target', 'e2e-screenshots');
  mkdirSync(screenshots, { recursive: true });
  return {
    hubUrl,
    adminToken,
    chromium,
    screenshots,
    resultFile: process.env.E2E_RESULT ?? null,
    // Unique names: every run (and every JUnit class) shares one hub.
    runId: process.env.E2E_RUN_ID ?? Date.now().toString(36),
  };
}

/** Runs named steps in order; the first failure screenshots every open page and stops the run. */
export class Steps {
  constructor(screenshots) {
    this.screenshots = screenshots;
    this.pages = new Set();
    this.timings = {};
    this.pageErrors = [];
  }

  /** A page to screenshot on failure, whose uncaught errors fail the run. */
  watch(page, label) {
    this.pages.add(page);
    page.on('pageerror', (error) => this.pageErrors.push(`${label}: ${error.message}`));
    page.on('close', () => this.pages.delete(page));
    return page;
  }

  async run(name, body) {
    const started = performance.now();
    process.stdout.write(`e2e: ${name} … `);
    try {
      const value = await body();
      const ms = Math.round(performance.now() - started);
      this.timings[name] = ms;
      process.stdout.write(`ok (${ms} ms)\n`);
      return value;
    } catch (error) {
      process.stdout.write('FAILED\n');
      let index = 0;
      for (const page of this.pages) {
        index += 1;
        await page
          .screenshot({ path: join(this.screenshots, `failure-${slug(name)}-${index}.png`), fullPage: true })
          .catch(() => undefined);
      }
      throw new Error(`step "${name}" failed: ${error.stack ?? error}`);
    }
  }

  async screenshot(page, name) {
    const path = join(this.screenshots, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return `${name}.png`;
  }
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** `size` bytes from a seeded xorshift32: the same file on every run, incompressible. */
export function deterministicBytes(size, seed = 0x5eed1234) {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i += 1) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, size);
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A JSON call to the hub with a bearer token; throws unless the status is the expected one. */
export async function api(hubUrl, token, method, path, body, expected = [200, 201]) {
  const headers = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let payload;
  if (typeof body === 'string') {
    headers['Content-Type'] = 'application/x-ndjson';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(hubUrl + path, { method, headers, body: payload });
  const text = await response.text();
  if (!expected.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : null;
}
