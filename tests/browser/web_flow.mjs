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
  // One row (C200, line 2) has start_date 2024-13-45: 1 rejected row and its SG-REJECTED error;
  // line 3 (C201) is clean.
  check(/Rejected: 1 error\(s\) and 1 rejected row\(s\)\. Nothing was stored\./.test(alert || ''),
    `the alert counts 1 error and 1 rejected row (${alert})`);
  const rows = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(rows.some((r) => /bad_return\.csv/.test(r) && /start_date/.test(r) && /\b2\b/.test(r)),
    'the rejected row is listed with file, line and field');
  check(rows.some((r) => /start_date/.test(r) && /2024-13-45/.test(r)),
    'an admin (child-level) sees the rejected value 2024-13-45');
  check(!rows.some((r) => /C201|2024-07-01/.test(r)), 'the clean row is not listed');
  await page.screenshot({ path: `${SHOTS}/02_upload_errors.png`, fullPage: true });

  await page.goto(`${BASE}/dataset`);
  check(await page.isVisible('h1:has-text("Dataset dashboard")'), 'dashboard shown');
  const sparks = await page.$$('svg.spark');
  check(sparks.length > 10, `dashboard has sparklines (${sparks.length})`);
  check((await page.$$('span.rag')).length > 10, 'dashboard has RAG cells');
  // Figures, not just presence: referrals in 2024-25 as recounted by the test script straight
  // from the store with SQL (distinct child and referral date, live returns), and the same
  // count as the row's sparkline label gives for the latest year.
  await page.goto(`${BASE}/dataset?period=2024-25`);
  const refValue = (await page.textContent('tr#referrals td.num'))?.trim();
  check(refValue === env('REFERRALS_2425'),
    `referrals 2024-25 on the dashboard (${refValue}) = SQL recount (${env('REFERRALS_2425')})`);
  const cpValue = (await page.textContent('tr#cp_started td.num'))?.trim();
  check(cpValue === env('CP_2425'),
    `CP plans started 2024-25 on the dashboard (${cpValue}) = SQL recount (${env('CP_2425')})`);
  const cpLabel = await page.getAttribute('tr#cp_started svg', 'aria-label');
  check(new RegExp(`[:,] ${env('CP_2324')}, ${env('CP_2425')}$`).test(cpLabel || ''),
    `the CP plans started trend reads ${env('CP_2324')}, ${env('CP_2425')} (${cpLabel})`);
  const refLabel = await page.getAttribute('tr#referrals svg', 'aria-label');
  check(new RegExp(`[:,] ${env('REFERRALS_2324')}, ${env('REFERRALS_2425')}$`).test(refLabel || ''),
    `the referrals trend reads 2023-24 ${env('REFERRALS_2324')}, 2024-25 ${env('REFERRALS_2425')} (${refLabel})`);
  await page.screenshot({ path: `${SHOTS}/03_dashboard.png`, fullPage: true });

  await page.goto(`${BASE}/actions`);
  const first = page.locator('table tbody tr').first();
  check(/overdue/.test(await first.innerText()), 'the tracker lists an overdue action first');
  await Promise.all([page.waitForNavigation(), first.locator('a').click()]);
  const actionText = await page.innerText('main');
  check(/overdue by/.test(actionText), 'the overdue action opens and says so');
  // docs/formats/examples/register_action.csv: A-2023-01-2, IN_PROGRESS, due 2024-12-31; today is
  // SG_TODAY 2025-06-30: Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181 days overdue,
  // the most overdue of the open actions (A-2024-01-1, due 2025-03-31, is 91).
  check(/A-2023-01-2/.test(actionText) && /overdue by 181 days/.test(actionText),
    `the most overdue action is A-2023-01-2, 181 days (${actionText.slice(0, 200).replace(/\s+/g, ' ')})`);
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
