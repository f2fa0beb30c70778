// End-to-end run of the web UI against a running hub, in Debian's Chromium through playwright-core.
//
//   HUB_URL=http://127.0.0.1:8080 ADMIN_TOKEN=hf_… node e2e/run.mjs
//
// Optional: CHROMIUM (default /usr/bin/chromium), SCREENSHOT_DIR (default target/e2e-screenshots),
// E2E_RESULT (a file for the JSON result), E2E_RUN_ID (suffix of the names it creates).
// Set-up that is not under test (users, the XSS card's repository) goes through the API with
// ADMIN_TOKEN; everything else is done the way a person would, in the browser. Exits 0 when every
// step passed and no page threw; the JSON result (also the last stdout line, after `E2E-RESULT `)
// carries the created token, the uploaded file's digest and the timings for the caller to check.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { api, check, deterministicBytes, median, settings, sha256, Steps } from './support.mjs';

const config = settings();
const { hubUrl, adminToken, runId } = config;
const steps = new Steps(config.screenshots);
const PASSWORD = 'e2e-correct-horse-battery';
const BIG_FILE = 'weights.bin';
const BIG_SIZE = 20 * 1024 * 1024;
const CARD_TITLE = 'E2E test model';
const COMMIT_TITLE = 'Add the model card and weights';
const README = `---
license: apache-2.0
tags:
- e2e-browser
---
# ${CARD_TITLE}

This model was uploaded **through the browser**.

| file | size |
|------|------|
| ${BIG_FILE} | 20 MiB |
`;

const alice = `e2e-alice-${runId}`;
const bob = `e2e-bob-${runId}`;
const root = `e2e-admin-${runId}`;
const repoName = `browser-model-${runId}`;
const repoId = `${alice}/${repoName}`;
const xssRepoName = `xss-card-${runId}`;
const screenshots = [];
const result = { runId, user: alice, repoId, repoUrl: `${hubUrl}/${repoId}`, screenshots };

const browser = await chromium.launch({
  executablePath: config.chromium,
  // Root in CI: Chromium's sandbox needs user namespaces it does not get there.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
const contextOptions = { baseURL: hubUrl, viewport: { width: 1280, height: 900 }, locale: 'en-US' };

async function newPage(label) {
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(15_000);
  const page = steps.watch(await context.newPage(), label);
  return page;
}

async function shoot(page, name) {
  screenshots.push(await steps.screenshot(page, name));
}

async function logIn(page, user) {
  await page.goto('/login');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** The signed-in user's name link in the site header. */
function headerUser(page, user) {
  return page.locator('.site-user').getByRole('link', { name: user, exact: true });
}

try {
  await steps.run('set up accounts through the admin API', async () => {
    for (const [name, admin] of [[alice, false], [bob, false], [root, true]]) {
      await api(hubUrl, adminToken, 'POST', '/api/admin/users', {
        name,
        email: `${name}@example.test`,
        password: PASSWORD,
        fullname: `${name} (e2e)`,
        admin,
      });
    }
  });

  const page = await newPage('alice');

  await steps.run('anonymous home page', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Hub', level: 1 }).waitFor();
    await page.locator('.site-user').getByRole('link', { name: 'Log in' }).waitFor();
    await shoot(page, '01-home');
  });

  await steps.run('log in', async () => {
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await shoot(page, '02-login');
    await logIn(page, alice);
    await headerUser(page, alice).waitFor();
    await page.waitForURL((url) => url.pathname === '/');
  });

  await steps.run('create a repository', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New' }).click();
    await page.getByRole('heading', { name: 'Create a new model repository' }).waitFor();
    await page.getByLabel('Model name').fill(repoName);
    await shoot(page, '03-new-repository');
    await page.getByRole('button', { name: 'Create model' }).click();
    await page.waitForURL(`**/${repoId}`);
    await page.getByText('This repository has no card yet.').waitFor();
  });

  const bigFile = deterministicBytes(BIG_SIZE);
  result.file = { path: BIG_FILE, size: BIG_SIZE, sha256: sha256(bigFile) };
  result.readme = { path: 'README.md', size: Buffer.byteLength(README), sha256: sha256(Buffer.from(README)) };

  await steps.run('upload a README and a 20 MiB file', async () => {
    await page.getByRole('link', { name: 'Files and versions' }).click();
    await page.getByRole('link', { name: 'Upload files' }).click();
    await page.getByRole('heading', { name: /Upload to/ }).waitFor();
    await page.getByLabel('Add files').setInputFiles([
      { name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from(README) },
      { name: BIG_FILE, mimeType: 'application/octet-stream', buffer: bigFile },
    ]);
    const picked = page.getByRole('list', { name: 'Files to upload' });
    await picked.getByText(BIG_FILE).waitFor();
    await picked.getByText('README.md').waitFor();
    await page.getByLabel('Commit message').fill(COMMIT_TITLE);
    await page.getByRole('button', { name: 'Commit changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Committed' }).waitFor({ timeout: 90_000 });
    await shoot(page, '04-upload-done');
  });

  await steps.run('rendered card', async () => {
    await page.goto(`/${repoId}`);
    const card = page.getByRole('article', { name: 'Model card' });
    await card.getByRole('heading', { name: CARD_TITLE, level: 1 }).waitFor();
    await card.locator('strong', { hasText: 'through the browser' }).waitFor();
    await card.locator('table td', { hasText: BIG_FILE }).waitFor();
    check(!(await card.textContent()).includes('license: apache-2.0'), 'the YAML front matter is not shown as text');
    // The sidebar: license and tags the server read from the card's YAML front matter.
    const about = page.locator('.repo-sidebar');
    await about.getByRole('definition').filter({ hasText: 'apache-2.0' }).waitFor();
    await about.getByRole('link', { name: 'e2e-browser', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Use this model' }).waitFor();
    await shoot(page, '05-model-card');
  });

  await steps.run('file list with the LFS file', async () => {
    await page.getByRole('link', { name: 'Files and versions' }).click();
    const files = page.locator('table.file-table');
    const bigRow = files.getByRole('row').filter({ hasText: BIG_FILE });
    await bigRow.waitFor();
    await bigRow.locator('.badge', { hasText: 'LFS' }).waitFor();
    check((await bigRow.textContent()).includes('21.0 MB'), `size shown: ${await bigRow.textContent()}`);
    check((await bigRow.textContent()).includes(COMMIT_TITLE), 'the last commit is shown next to the file');
    const readmeRow = files.getByRole('row').filter({ hasText: 'README.md' });
    await readmeRow.waitFor();
    check((await readmeRow.locator('.badge').count()) === 0, 'README.md is a regular git file');
    await shoot(page, '06-files');
    // The server's view: the browser used the LFS batch API, and the pointer has the right oid.
    const tree = await (await page.request.get(`/api/models/${repoId}/tree/main`)).json();
    const entry = tree.find((item) => item.path === BIG_FILE);
    check(entry?.lfs?.oid === result.file.sha256, `tree entry of ${BIG_FILE}: ${JSON.stringify(entry)}`);
    check(entry.size === BIG_SIZE, `tree size ${entry.size}`);
    check(!tree.find((item) => item.path === 'README.md')?.lfs, 'README.md is not in LFS');
    result.file.lfsOid = entry.lfs.oid;
  });

  await steps.run('blob views', async () => {
    await page.getByRole('link', { name: BIG_FILE, exact: true }).click();
    await page.waitForURL(`**/${repoId}/blob/main/${BIG_FILE}`);
    const bar = page.locator('.file-bar');
    await bar.locator('.badge', { hasText: 'LFS' }).waitFor();
    await page.getByText('too large to show').waitFor();
    await bar.getByRole('link', { name: 'Download' }).waitFor();
    await shoot(page, '07-blob-lfs');
    await page.goto(`/${repoId}/blob/main/README.md`);
    await page.locator('pre.file-text', { hasText: `# ${CARD_TITLE}` }).waitFor();
    await shoot(page, '08-blob-readme');
  });

  await steps.run('commit in the history', async () => {
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'History' }).click();
    const list = page.locator('ol.commit-list');
    const latest = list.locator('li').first();
    await latest.getByRole('link', { name: COMMIT_TITLE }).waitFor();
    check((await latest.textContent()).includes(alice), `the commit's author is ${alice}: ${await latest.textContent()}`);
    await shoot(page, '09-history');
    await latest.getByRole('link', { name: COMMIT_TITLE }).click();
    await page.waitForURL(`**/${repoId}/commit/*`);
    await page.getByText(BIG_FILE).first().waitFor();
    result.commit = page.url().split('/commit/')[1];
    await shoot(page, '10-commit');
  });

  await steps.run('create a token', async () => {
    await page.locator('.site-user').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'New token' }).waitFor();
    await page.getByLabel('Name').fill('e2e-download');
    await page.getByLabel('Role').selectOption('read');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.locator('.token-secret code');
    await secret.waitFor();
    result.token = (await secret.textContent()).trim();
    check(/^hf_[A-Za-z0-9]{20,}$/.test(result.token), 'the new token looks like an hf_ token');
    const row = page.locator('table.data-table').getByRole('row').filter({ hasText: 'e2e-download' });
    await row.waitFor();
    check((await row.textContent()).includes('read'), 'the token is listed with its role');
    await shoot(page, '11-tokens');
  });

  await steps.run('first page of the repository visible (timing)', async () => {
    // A first visit: a fresh anonymous browser context each time (nothing cached), from the
    // navigation's start to the rendered card's title on screen.
    const cold = [];
    const warm = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const visitor = await newPage('timing');
      const heading = visitor.getByRole('article', { name: 'Model card' }).getByRole('heading', { name: CARD_TITLE });
      for (const list of [cold, warm]) {
        const started = performance.now();
        await visitor.goto(`/${repoId}`, { waitUntil: 'commit' });
        await heading.waitFor({ state: 'visible' });
        list.push(Math.round(performance.now() - started));
      }
      await visitor.context().close();
    }
    result.pageVisibleMs = { cold, warm, coldMedian: median(cold), warmMedian: median(warm) };
    process.stdout.write(`  card visible: cold ${cold.join(', ')} ms; warm ${warm.join(', ')} ms … `);
  });

  await steps.run('make the repository private', async () => {
    await page.goto(`/${repoId}`);
    await page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('This repository is public').waitFor();
    await page.getByRole('button', { name: 'Make private' }).click();
    await page.getByText('This repository is private').waitFor();
    await page.locator('.repo-badges .badge', { hasText: 'private' }).waitFor();
    await shoot(page, '12-settings-private');
  });

  await steps.run('private repository vanishes for an anonymous browser', async () => {
    const anonymous = await newPage('anonymous');
    await anonymous.goto(`/${repoId}`);
    await anonymous.getByRole('heading', { name: 'Repository not found' }).waitFor();
    check((await anonymous.getByText(CARD_TITLE).count()) === 0, 'no trace of the card');
    await shoot(anonymous, '13-private-anonymous');
    await anonymous.goto(`/models?search=${encodeURIComponent(repoName)}`);
    await anonymous.getByText('No models yet.').waitFor();
    check((await anonymous.getByRole('link', { name: repoId }).count()) === 0, 'not listed for anonymous');
    const direct = await anonymous.request.get(`/${repoId}/resolve/main/${BIG_FILE}`, { maxRedirects: 0 });
    check([401, 404].includes(direct.status()), `anonymous download answered ${direct.status()}`);
    await anonymous.context().close();
    // The owner still sees it, marked private, in the listing and on its page.
    await page.goto(`/models?search=${encodeURIComponent(repoName)}`);
    await page.locator('.repo-card').filter({ hasText: repoId }).locator('.badge', { hasText: 'private' }).waitFor();
    await page.goto(`/${repoId}`);
    await page.getByRole('article', { name: 'Model card' }).getByRole('heading', { name: CARD_TITLE }).waitFor();
    await page.locator('.repo-badges .badge', { hasText: 'private' }).waitFor();
  });

  await steps.run('a card with script and onerror runs nothing', async () => {
    // Owned by the e2e admin: the bootstrap admin's namespace, `admin`, is the console's URL.
    const { token } = await api(hubUrl, adminToken, 'POST', `/api/admin/users/${root}/tokens`, { name: 'e2e-xss', role: 'write' });
    await api(hubUrl, token, 'POST', '/api/repos/create', { type: 'model', name: xssRepoName, private: false });
    const xssRepo = `${root}/${xssRepoName}`;
    const hostile = [
      '# XSS card',
      '',
      'Before <script>window.__pwned = 1; alert(1)</script> after.',
      '',
      '<img src="x" onerror="window.__pwned = 2; alert(2)">',
      '',
      '<svg onload="window.__pwned = 3"><circle r="1"/></svg>',
      '',
      '<a href="javascript:window.__pwned = 4">click me</a>',
      '',
      '<iframe src="javascript:parent.__pwned = 5"></iframe>',
      '',
      '[markdown link](javascript:window.__pwned=6)',
      '',
      'The end.',
      '',
    ].join('\n');
    const ndjson = [
      { key: 'header', value: { summary: 'Hostile card' } },
      { key: 'file', value: { path: 'README.md', encoding: 'base64', content: Buffer.from(hostile).toString('base64') } },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    await api(hubUrl, token, 'POST', `/api/models/${xssRepo}/commit/main`, ndjson);

    const visitor = await newPage('xss');
    const dialogs = [];
    visitor.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await visitor.goto(`/${xssRepo}`);
    const card = visitor.getByRole('article', { name: 'Model card' });
    await card.getByRole('heading', { name: 'XSS card' }).waitFor();
    await card.getByText('The end.').waitFor();
    // Give an image error or a frame load the time to fire, if anything had survived.
    await visitor.waitForTimeout(750);
    const links = card.getByRole('link', { name: /click me|markdown link/ });
    for (let index = 0; index < (await links.count()); index += 1) {
      await links.nth(index).click({ noWaitAfter: true }).catch(() => undefined);
    }
    await visitor.waitForTimeout(250);
    const found = await visitor.evaluate(() => {
      const article = document.querySelector('article');
      const all = [...article.querySelectorAll('*')];
      return {
        pwned: window.__pwned,
        scripts: article.querySelectorAll('script').length,
        frames: article.querySelectorAll('iframe, object, embed').length,
        handlers: all.flatMap((element) => [...element.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        javascriptUrls: all.filter((element) => /^\s*javascript:/i.test(element.getAttribute('href') ?? element.getAttribute('src') ?? '')).length,
      };
    });
    result.xss = { ...found, dialogs };
    check(found.pwned === undefined, `window.__pwned is ${found.pwned}`);
    check(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);
    check(found.scripts === 0, `${found.scripts} script elements in the card`);
    check(found.frames === 0, `${found.frames} frames in the card`);
    check(found.handlers.length === 0, `event handler attributes in the card: ${found.handlers.join(', ')}`);
    check(found.javascriptUrls === 0, `${found.javascriptUrls} javascript: URLs in the card`);
    check(new URL(visitor.url()).pathname === `/${xssRepo}`, `still on the card: ${visitor.url()}`);
    await shoot(visitor, '14-xss-card');
    await visitor.context().close();
  });

  await steps.run('an admin disables a user, who then cannot log in', async () => {
    const bobPage = await newPage('bob');
    await logIn(bobPage, bob);
    await headerUser(bobPage, bob).waitFor();

    const admin = await newPage('admin');
    await logIn(admin, root);
    await headerUser(admin, root).waitFor();
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();
    const row = admin.getByRole('row').filter({ has: admin.getByRole('link', { name: bob, exact: true }) });
    await row.getByRole('cell', { name: 'active', exact: true }).waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('cell', { name: 'disabled', exact: true }).waitFor();
    await row.getByRole('button', { name: 'Enable' }).waitFor();
    await shoot(admin, '15-admin-users');
    await admin.context().close();

    // The open session ends, and signing in again is refused.
    const session = await bobPage.request.get('/api/auth/session');
    check(session.status() === 401, `a disabled user's session answered ${session.status()}`);
    await bobPage.reload();
    await bobPage.locator('.site-user').getByRole('link', { name: 'Log in' }).waitFor();
    await logIn(bobPage, bob);
    await bobPage.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();
    check(new URL(bobPage.url()).pathname === '/login', 'still on the login page');
    check((await headerUser(bobPage, bob).count()) === 0, 'not signed in');
    await shoot(bobPage, '16-login-disabled');
    await bobPage.context().close();
  });

  check(steps.pageErrors.length === 0, `uncaught errors in pages: ${steps.pageErrors.join('; ')}`);
  result.timings = steps.timings;
  result.ok = true;
} catch (error) {
  result.ok = false;
  result.error = String(error.message ?? error);
  result.pageErrors = steps.pageErrors;
  console.error(error.message ?? error);
} finally {
  await browser.close();
  const json = JSON.stringify(result);
  if (config.resultFile) {
    writeFileSync(config.resultFile, json);
  }
  console.log(`E2E-RESULT ${json}`);
}
process.exit(result.ok ? 0 : 1);
