// returns_flow.mjs - an agency data owner sends a partner return in a real browser, keyboard
// only (every control is reached with Tab from the page's start and used with Enter or typed
// into; nothing is clicked): log in with the TOTP step, open Partner returns, download the
// CSV template of its 2024-Q1 return, open the form, send it with one bad value, see the error
// summary and the error beside the field with the values kept, correct it and see it accepted
// and the calendar showing it received. Screenshots at desktop (1280x900) and phone (390x844)
// widths; axe-core (the accessibility checker, injected with CSP bypassed, since the pages
// carry no script of their own) finds no serious or critical violation on the returns page,
// the form, the form with errors and the result. Any console message fails the run.
// Environment: BASE, USER_NAME, USER_PASS, TOTP_SECRET, SHOTS, CHROME, AXE (axe.min.js path).
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} not set`); return v; };
const BASE = env('BASE'), SHOTS = env('SHOTS');
const AXE = fs.readFileSync(env('AXE'), 'utf8');

function totp(secretB32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretB32.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function check(cond, what) { if (!cond) throw new Error(`FAIL: ${what}`); console.log(`ok - ${what}`); }

// Tab from where the focus is until the element matching selector has it (at most 120 presses).
async function tabTo(page, selector) {
  for (let i = 0; i < 120; i++) {
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`FAIL: ${selector} cannot be reached with the Tab key`);
}

async function axe(page, what) {
  await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious or critical violation on ${what}` +
    (bad.length ? ': ' + bad.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('; ') : ''));
}

async function shots(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}_desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}_phone.png`, fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  return wide;
}

const browser = await chromium.launch({ executablePath: env('CHROME'), args: ['--no-sandbox', '--disable-gpu'] });
const consoleLines = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (!/status of 422/.test(m.text())) consoleLines.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  const enter = async () => Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  await page.goto(`${BASE}/login`);
  await tabTo(page, '#username');
  await page.keyboard.type(env('USER_NAME'));
  await tabTo(page, '#password');
  await page.keyboard.type(env('USER_PASS'));
  await enter();
  check(page.url().endsWith('/login/totp'), 'password typed and sent with Enter; TOTP step shown');
  await tabTo(page, '#code');
  await page.keyboard.type(totp(env('TOTP_SECRET')));
  await enter();
  check(new URL(page.url()).pathname === '/', 'TOTP accepted, start page');

  await tabTo(page, 'nav a[href="/returns"]');
  await enter();
  check(new URL(page.url()).pathname === '/returns', 'Partner returns opened from the navigation');
  await page.goto(`${BASE}/returns?view=calendar&year=2024`);
  const orgs = await page.$$eval('section.view table tbody th[scope=row]', (ths) => ths.map((t) => t.textContent));
  check(orgs.length > 0 && orgs.every((o) => o === 'POLICE'), `the police data owner sees only its own returns (${orgs.length})`);
  await axe(page, 'the returns page');
  await shots(page, '10_returns');

  // the template: its link reached with Tab, saved as a download
  await tabTo(page, 'a[href="/returns/template?org=POLICE&period=2024-Q1&format=csv"]');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  check(dl.suggestedFilename() === 'POLICE_2024-Q1_return.csv', `template saved as ${dl.suggestedFilename()}`);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  check(/^organisation,period,measure,breakdown,value/.test(csv) &&
    (csv.match(/^POLICE,2024-Q1,da_referrals_children,/mg) || []).length === 2,
    'the downloaded template has the two rows of the police measure');

  // the form, with one bad value
  await tabTo(page, 'a[href="/returns/form?org=POLICE&period=2024-Q1"]');
  await enter();
  check(await page.isVisible('h1:has-text("Return for POLICE, 2024-Q1")'), 'the form opened');
  await axe(page, 'the form');
  await shots(page, '11_form');
  await tabTo(page, '#v0');
  await page.keyboard.type('41');
  await tabTo(page, '#v1');
  await page.keyboard.type('12x');
  await enter();
  const summary = await page.textContent('div.error-summary');
  check(/There is a problem/.test(summary || ''), 'the error summary is shown');
  check(await page.isVisible('a[href="#v1"]'), 'the summary links to the field in error');
  const beside = await page.textContent('#v1-error');
  check(/not a number/.test(beside || ''), `the error is beside the field (${beside})`);
  check(await page.inputValue('#v1') === '12x' && await page.inputValue('#v0') === '41', 'the values typed are kept');
  check(await page.getAttribute('#v1', 'aria-invalid') === 'true', 'the field is marked invalid');
  await axe(page, 'the form with an error');
  const w2 = await shots(page, '12_form_error');
  check(w2 <= 400, `the form with errors fits a phone's width (scroll width ${w2})`);

  // corrected
  await tabTo(page, '#v1');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('120');
  await enter();
  const ok = await page.textContent('p.ok[role=status]');
  check(/Accepted: POLICE's return for 2024-Q1 is submission \d+, 2 value\(s\)\./.test(ok || ''), `accepted (${ok})`);
  await axe(page, 'the result');
  await shots(page, '13_accepted');
  await tabTo(page, 'main a[href="/returns"]');
  await enter();
  // received on the day of the import (UTC); the server's "today" is the tests' SG_TODAY
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`${BASE}/returns?view=calendar&year=2024&as_of=${today}`);
  const row = await page.$$eval('section.view table tbody tr', (trs) => trs.map((tr) => tr.innerText).find((t) => /2024-Q1/.test(t)));
  check(/late by \d+ days/.test(row || '') && /\t1\t1$/.test((row || '').trim()),
    `the calendar shows the 2024-Q1 return received, its 1 measure supplied (${(row || '').replace(/\s+/g, ' ')})`);
  await shots(page, '14_calendar');

  // the business unit's dashboard (agency data owners have none): the police value, 41 + 120,
  // with the commentary entered for it, also keyboard only
  const bctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const bu = await bctx.newPage();
  bu.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  const buEnter = async () => Promise.all([bu.waitForNavigation(), bu.keyboard.press('Enter')]);
  await bu.goto(`${BASE}/login`);
  await tabTo(bu, '#username');
  await bu.keyboard.type(env('BU_NAME'));
  await tabTo(bu, '#password');
  await bu.keyboard.type(env('BU_PASS'));
  await buEnter();
  await bu.goto(`${BASE}/dataset?period=2024-Q1`);
  const v = (await bu.textContent('tr#da_referrals_children td.num'))?.trim();
  check(v === '161', `the dashboard shows the police value for 2024-Q1, 41 + 120 = 161 (${v})`);
  const note = await bu.evaluate(() => {
    const tr = document.querySelector('tr#da_referrals_children');
    let n = tr && tr.nextElementSibling;
    while (n && !n.classList.contains('commentary') && !n.id) n = n.nextElementSibling;
    return n && n.classList.contains('commentary') ? n.innerText : '';
  });
  check(/What the data tells us: Referrals rose after the new risk assessment was rolled out\./.test(note),
    `the commentary is shown beside it (${note.replace(/\s+/g, ' ').slice(0, 160)})`);
  await axe(bu, 'the dashboard');
  await shots(bu, '15_dashboard');
  await bctx.close();
  check(consoleLines.length === 0, `no console messages${consoleLines.length ? ': ' + consoleLines.join(' | ') : ''}`);
  await ctx.close();
} finally {
  await browser.close();
}
