// web_flow.mjs - a person's path through the web service in a real browser (Playwright's
// playwright-core driving Debian's /usr/bin/chromium, headless): log in with the TOTP step,
// upload a return with errors and see them listed with file, line and field, view the dataset
// dashboard with its sparklines, open an overdue action from the tracker; then log in as an
// executive, whose navigation has no Reconciliation link (the route refuses that role) while
// the admin's has. Screenshots of each step go to SHOTS. Any console message (a CSP violation, a failed load) fails the run: the
// pages carry no script, so there should be none.
// Environment: BASE (server URL), USER_NAME, USER_PASS, TOTP_SECRET (base32), BAD_RETURN
// (path of a return with errors), EXEC_NAME, EXEC_PASS (an executive: no second factor),
// SHOTS (folder), CHROME (browser binary).
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} not set`); return v; };
const BASE = env('BASE'), SHOTS = env('SHOTS');

function totp(secretB32, offsetSteps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretB32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const step = Math.floor(Date.now() / 1000 / 30) + offsetSteps;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function check(cond, what) { if (!cond) throw new Error(`FAIL: ${what}`); console.log(`ok - ${what}`); }

const browser = await chromium.launch({ executablePath: env('CHROME'), args: ['--no-sandbox', '--disable-gpu'] });
const console_lines = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The refused upload answers 422 on purpose; Chromium logs that status as a failed load.
  page.on('console', (m) => {
    if (/status of 422/.test(m.text())) return;
    console_lines.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => console_lines.push(`pageerror: ${e.message}`));

  await page.goto(`${BASE}/login`);
  await page.fill('#username', env('USER_NAME'));
  await page.fill('#password', env('USER_PASS'));
  await page.screenshot({ path: `${SHOTS}/01_login.png` });
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("Log in")')]);
  check(page.url().endsWith('/login/totp'), 'password accepted, TOTP step shown');
  await page.fill('#code', totp(env('TOTP_SECRET')));
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Continue")')]);
  check(new URL(page.url()).pathname === '/', 'TOTP accepted, start page');
  check(await page.isVisible('text=Log out'), 'logged in (logout button shown)');
  const navLinks = async (p) => p.$$eval('nav[aria-label=Main] a', (as) => as.map((a) => a.getAttribute('href')));
  check((await navLinks(page)).includes('/reconcile'), 'the admin is shown the Reconciliation link');

  await page.goto(`${BASE}/upload`);
  await page.setInputFiles('#file', env('BAD_RETURN'));
  await page.selectOption('#agency', 'POLICE');
  await page.fill('#period', '2024-25');
  await page.selectOption('#format', 'agency/police_missing');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Upload and check")')]);
  const alert = await page.textContent('p.error[role=alert]');
  check(/Rejected/.test(alert || ''), 'the return with errors is rejected as a whole');
  const rows = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(rows.some((r) => /bad_return\.csv/.test(r) && /start_date/.test(r) && /\b2\b/.test(r)),
    'the rejected row is listed with file, line and field');
  await page.screenshot({ path: `${SHOTS}/02_upload_errors.png`, fullPage: true });

  await page.goto(`${BASE}/dataset`);
  check(await page.isVisible('h1:has-text("Dataset dashboard")'), 'dashboard shown');
  const sparks = await page.$$('svg.spark');
  check(sparks.length > 10, `dashboard has sparklines (${sparks.length})`);
  check((await page.$$('span.rag')).length > 10, 'dashboard has RAG cells');
  await page.screenshot({ path: `${SHOTS}/03_dashboard.png`, fullPage: true });

  await page.goto(`${BASE}/actions`);
  const first = page.locator('table tbody tr').first();
  check(/overdue/.test(await first.innerText()), 'the tracker lists an overdue action first');
  await Promise.all([page.waitForNavigation(), first.locator('a').click()]);
  check(/overdue by/.test(await page.innerText('main')), 'the overdue action opens and says so');
  await page.screenshot({ path: `${SHOTS}/04_overdue_action.png`, fullPage: true });

  // an executive cannot open /reconcile (403), so the link is not shown at all
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const ex = await ctx.newPage();
  await ex.goto(`${BASE}/login`);
  await ex.fill('#username', env('EXEC_NAME'));
  await ex.fill('#password', env('EXEC_PASS'));
  await Promise.all([ex.waitForNavigation(), ex.click('button[type=submit]:has-text("Log in")')]);
  check(new URL(ex.url()).pathname === '/', 'executive logged in, start page');
  const exLinks = await navLinks(ex);
  check(exLinks.includes('/dataset') && exLinks.includes('/report/manage'),
    `executive navigation has the dashboard and the yearly report (${exLinks.join(' ')})`);
  check(!exLinks.includes('/reconcile') && !(await ex.isVisible('nav >> text=Reconciliation')),
    'executive navigation has no Reconciliation link');
  await ex.screenshot({ path: `${SHOTS}/05_executive_nav.png` });
  await ctx.close();

  check(console_lines.length === 0, `no console messages${console_lines.length ? ': ' + console_lines.join(' | ') : ''}`);
} finally {
  await browser.close();
}
