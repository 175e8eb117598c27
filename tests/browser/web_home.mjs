// web_home.mjs - the home page ("what needs you") of each role and the dashboard summary in a
// real browser (playwright-core driving Debian's chromium, headless): every role's home at 1280
// and 390 px (screenshots; no horizontal page scroll at 390 px; axe-core, no serious or critical
// violation); the list counted, urgent first, the urgency in words beside the colour; the agency
// data owner (HEALTH) sees exactly its own overdue actions (AGENCY_OVERDUE, counted from the CSV)
// and none of another agency's (OTHER_ACTIONS) and no case review; the public sees no list. Then
// the dashboard's summary (the two targets that must be green, the one that must be red), and
// the "red and amber only" filter: the URL keeps the period, only red and amber rows remain.
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';

const env = (k) => { const v = process.env[k]; if (v === undefined || v === '') throw new Error(`${k} not set`); return v; };
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
async function axe(page, what) {
  await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe: no serious/critical violation on ${what}` +
    (bad.length ? ': ' + bad.map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('; ') : ''));
}
async function noSideScroll(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check(w <= page.viewportSize().width, `${what}: no horizontal page scroll at ${page.viewportSize().width} px (${w})`);
}
// both widths: screenshot, axe, and at 390 px no side scroll
async function shoot(page, name, what) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await axe(page, `${what} at ${width} px`);
    if (width === 390) await noSideScroll(page, what);
    await page.screenshot({ path: `${SHOTS}/${name}_${width}.png`, fullPage: true });
  }
}
async function login(browser, user) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', user);
  await page.fill('#password', env('USER_PASS'));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("Log in")')]);
  if (new URL(page.url()).pathname === '/login/totp') {
    await page.fill('#code', totp(env(`SECRET_${user}`)));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("Continue")')]);
  }
  check(new URL(page.url()).pathname === '/', `${user} logged in (${page.url()})`);
  return { ctx, page };
}
// the list as shown: [{tag, text, href}]
const needs = (page) => page.$$eval('ul.needs li', (lis) => lis.map((li) => ({
  tag: li.querySelector('.tag').innerText.trim(), text: li.querySelector('a').innerText.trim(),
  href: li.querySelector('a').getAttribute('href') })));

const browser = await chromium.launch({ executablePath: env('CHROME'), args: ['--no-sandbox', '--disable-gpu'] });
try {
  // ---- the public ----
  {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${BASE}/`);
    check(!(await page.innerText('main')).includes('What needs you'), 'the public: no "what needs you"');
    await shoot(page, 'home_public', 'the public start page');
    await ctx.close();
  }
  // ---- each role ----
  for (const user of ['admin1', 'analyst1', 'biz1', 'health1', 'exec1', 'scrut1']) {
    const { ctx, page } = await login(browser, user);
    const main = await page.innerText('main');
    check(main.includes('What needs you'), `${user}: the home page has "What needs you"`);
    const items = await needs(page);
    const m = main.match(/(\d+) overdue, (\d+) due soon or drifting\./);
    check(m && Number(m[1]) + Number(m[2]) === items.length, `${user}: the count (${m && m[0]}) matches the ${items.length} items listed`);
    const firstSoon = items.findIndex((i) => i.tag !== 'Overdue');
    check(firstSoon === -1 || items.slice(firstSoon).every((i) => i.tag === 'Due soon'), `${user}: overdue items first, then due soon`);
    check(items.every((i) => i.tag === 'Overdue' || i.tag === 'Due soon'), `${user}: each item says its urgency in words`);
    check(items.every((i) => i.href && i.href.startsWith('/')), `${user}: each item is a link`);
    if (user === 'health1') {
      const acts = items.filter((i) => i.href.startsWith('/actions/'));
      check(acts.length === Number(env('AGENCY_OVERDUE')), `health: ${acts.length} overdue actions = ${env('AGENCY_OVERDUE')} (CSV)`);
      const others = new Set(env('OTHER_ACTIONS').split(' ').filter(Boolean));
      check(acts.every((i) => !others.has(i.href.slice('/actions/'.length))), 'health: no other agency\'s action');
      check(!items.some((i) => i.href.startsWith('/registers/case_review')), 'health: no case review');
      // an item opens its page
      await Promise.all([page.waitForNavigation(), page.click(`ul.needs a[href="${acts[0].href}"]`)]);
      check(new URL(page.url()).pathname === acts[0].href, `health: the first action's link opens ${acts[0].href}`);
      await page.goBack();
    } else {
      check(items.some((i) => i.href.startsWith('/actions/')), `${user}: overdue actions listed`);
    }
    await shoot(page, `home_${user}`, `${user}'s home`);
    await ctx.close();
  }
  // ---- the dashboard summary and filter ----
  {
    const { ctx, page } = await login(browser, 'exec1');
    await page.goto(`${BASE}/dataset?period=2024-25`);
    const count = async (id) => Number((await page.innerText(`#${id}`)).split(':')[1]);
    const rowsOf = async (cls) => page.$$eval(`table.dash tbody tr[id] .${cls}`, (e) => e.length);
    const red = await count('red'), amber = await count('amber'), green = await count('green'), none = await count('none');
    check(green >= 1, `dashboard: the ICPC target that must be green is green (${green})`);
    const assValue = parseFloat(await page.$eval('tr#ass_45wd_ref_pct td.num', (e) => e.innerText));
    check(assValue < 100 && await page.$eval('tr#ass_45wd_ref_pct .rag', (e) => e.innerText.trim()) === 'amber',
      `dashboard: re-referral assessments in time ${assValue}% against 100 with 100 tolerance says "amber"`);
    check(amber >= 1, `dashboard: amber counted (${amber})`);
    check(red >= 1, `dashboard: re-referrals above a target of 0 is red (${red})`);
    check(await page.$eval('tr#rereferrals_pct .rag', (e) => e.innerText.trim()) === 'red', 'dashboard: the re-referrals row says "red" in words');
    check(red === await rowsOf('rag-red') && amber === await rowsOf('rag-amber') && green === await rowsOf('rag-green') &&
      none === await rowsOf('rag-none'), `dashboard: the summary (${red}/${amber}/${green}/${none}) counts the rows shown`);
    await page.screenshot({ path: `${SHOTS}/dashboard_all.png`, fullPage: false });
    await Promise.all([page.waitForNavigation(), page.click('a:text-is("Show red and amber only")')]);
    const u = new URL(page.url());
    check(u.searchParams.get('period') === '2024-25' && u.searchParams.get('rag') === 'red,amber', 'the filter keeps the period: ?period=2024-25&rag=red,amber');
    const shown = await page.$$eval('table.dash tbody tr[id]', (e) => e.length);
    check(await page.$('tr#ass_45wd_ref_pct') !== null && await page.$('tr#rereferrals_pct') !== null, 'filtered: the amber and the red row are there');
    check(shown === red + amber && await rowsOf('rag-green') === 0 && await rowsOf('rag-none') === 0,
      `filtered: ${shown} rows, the ${red} red and ${amber} amber only`);
    check((await page.innerText('main')).includes('Showing red and amber measures only'), 'filtered: says so');
    await axe(page, 'the filtered dashboard');
    await page.screenshot({ path: `${SHOTS}/dashboard_red_amber.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/dashboard_red_amber_390.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([page.waitForNavigation(), page.click('a:text-is("Show every measure")')]);
    check(new URL(page.url()).searchParams.get('rag') === null && new URL(page.url()).searchParams.get('period') === '2024-25', 'back to every measure, the period kept');
    await ctx.close();
  }
} finally {
  await browser.close();
}
