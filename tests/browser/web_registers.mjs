// web_registers.mjs - the registers as the partnership works in them, in a real browser
// (playwright-core driving Debian's chromium, headless), as the business manager: the year
// selector of finance, child deaths, training and Section 11 (default: the latest year with
// data although the clock is in 2026-27; an earlier year by the selector, kept in the view
// links), closing a risk, recording a case review's rapid-review decision, adding an action's
// progress update with the history shown, one edit completed with the keyboard only, no
// horizontal page scroll at 390 px, and axe-core over every page visited (no serious or
// critical violation). Expected figures come from the environment (counted by the shell script
// from the generated CSV files). Screenshots go to SHOTS.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const env = (k) => { const v = process.env[k]; if (v === undefined || v === '') throw new Error(`${k} not set`); return v; };
const BASE = env('BASE'), SHOTS = env('SHOTS');
const AXE = fs.readFileSync(env('AXE'), 'utf8');

function check(cond, what) { if (!cond) throw new Error(`FAIL: ${what}`); console.log(`ok - ${what}`); }
const gbp = (s) => '£' + Number(s).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const browser = await chromium.launch({ executablePath: env('CHROME'), args: ['--no-sandbox', '--disable-gpu'] });
const axeSeen = new Set();
// axe-core needs its script in the page: the pages forbid script (CSP), so the test's context
// bypasses CSP for the checker only; the pages themselves carry none.
async function axe(page, what) {
  const key = new URL(page.url()).pathname + ' ' + page.viewportSize().width;
  if (axeSeen.has(key)) return;
  axeSeen.add(key);
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
const selectedYear = (page) => page.$eval('#year', (s) => s.value);

try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#username', env('USER_NAME'));
  await page.fill('#password', env('USER_PASS'));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("Log in")')]);
  check(new URL(page.url()).pathname === '/', 'business manager logged in');
  await axe(page, 'the start page');

  // ---- the year selector ----
  await page.goto(`${BASE}/registers/finance_contribution?view=year`);
  check(await selectedYear(page) === '2024-25', 'finance: 2024-25 by default with the clock in 2026-27');
  let main = await page.innerText('main');
  check(main.includes('Partnership finance, year 2024-25'), 'finance: the view is for 2024-25');
  let total = await page.$eval('xpath=(//th[normalize-space()="total contributions"])[1]/following-sibling::td[normalize-space()!=""][1]', (td) => td.innerText.trim());
  check(total === gbp(env('FIN_2425')), `finance 2024-25 total contributions ${total} = ${gbp(env('FIN_2425'))} (CSV)`);
  await axe(page, 'finance year view');
  await page.screenshot({ path: `${SHOTS}/10_finance_default.png`, fullPage: true });
  await page.selectOption('#year', '2023-24');
  await Promise.all([page.waitForNavigation(), page.click('form.year button')]);
  check(new URL(page.url()).searchParams.get('year') === '2023-24' && new URL(page.url()).searchParams.get('view') === 'year',
    'finance: the selector asks for ?view=year&year=2023-24');
  total = await page.$eval('xpath=(//th[normalize-space()="total contributions"])[1]/following-sibling::td[normalize-space()!=""][1]', (td) => td.innerText.trim());
  check(total === gbp(env('FIN_2324')), `finance 2023-24 total contributions ${total} = ${gbp(env('FIN_2324'))} (CSV)`);
  await page.screenshot({ path: `${SHOTS}/11_finance_2023.png`, fullPage: true });

  const deaths = async () => (await page.$eval('xpath=//th[normalize-space()="deaths notified"]/following-sibling::td[1]', (td) => td.innerText.trim()));
  await page.goto(`${BASE}/registers/child_death?view=year`);
  check(await selectedYear(page) === '2024-25', 'child deaths: 2024-25 by default');
  check(await deaths() === env('CD_2425'), `child deaths notified 2024-25 = ${env('CD_2425')} (CSV)`);
  await page.goto(`${BASE}/registers/child_death?view=year&year=2023-24`);
  check(await deaths() === env('CD_2324'), `child deaths notified 2023-24 = ${env('CD_2324')} (CSV)`);
  await axe(page, 'child deaths year view');
  await page.screenshot({ path: `${SHOTS}/12_child_deaths.png`, fullPage: true });

  const sessions = async () => (await page.$eval('xpath=//th[normalize-space()="all courses"]/following-sibling::td[1]', (td) => td.innerText.trim()));
  await page.goto(`${BASE}/registers/training_course?view=summary`);
  check(await selectedYear(page) === env('TR_DEFAULT'), `training: ${env('TR_DEFAULT')} by default (newest year with training data, not after the clock's)`);
  // links between the views keep the year
  const evalHref = await page.getAttribute('a:text-is("evaluation")', 'href');
  check(evalHref.includes(`year=${env('TR_DEFAULT')}`), `training: the view links keep the year (${evalHref})`);
  await page.selectOption('#year', '2024-25');
  await Promise.all([page.waitForNavigation(), page.click('form.year button')]);
  check(await sessions() === env('TR_2425'), `training sessions 2024-25 = ${env('TR_2425')} (CSV)`);
  await page.selectOption('#year', '2023-24');
  await Promise.all([page.waitForNavigation(), page.click('form.year button')]);
  check(await sessions() === env('TR_2324'), `training sessions 2023-24 = ${env('TR_2324')} (CSV)`);
  await axe(page, 'training summary');
  await page.screenshot({ path: `${SHOTS}/13_training.png`, fullPage: true });

  const s11Agencies = async () => (await page.$$eval('section.view tbody th[scope=row]', (ths) => ths.map((t) => t.innerText.trim()).sort().join(' ') + ' '));
  await page.goto(`${BASE}/registers/s11_score?view=summary`);
  check(await selectedYear(page) === '2024-25', 'Section 11: the 2024-25 cycle by default');
  check(await s11Agencies() === env('S11_2425'), `Section 11 2024-25 agencies: ${env('S11_2425')}(CSV)`);
  await page.selectOption('#year', '2023-24');
  await Promise.all([page.waitForNavigation(), page.click('form.year button')]);
  check(await s11Agencies() === env('S11_2324'), `Section 11 2023-24 agencies: ${env('S11_2324')}(CSV)`);
  await axe(page, 'Section 11 summary');
  await page.screenshot({ path: `${SHOTS}/14_section11.png`, fullPage: true });

  // ---- closing a risk ----
  await page.goto(`${BASE}/registers/risk/R-01`);
  check(await page.isVisible('h2:has-text("Change this record")'), 'the risk has an edit form');
  check(await page.isVisible('label[for=f-status]:has-text("Status")') && !(await page.isVisible('label:text-is("status")')),
    'the form shows plain labels, not raw field names');
  const statusOpts = await page.$$eval('#f-status option', (os) => os.map((o) => o.textContent));
  check(statusOpts.includes('Closed: the risk no longer applies') && !statusOpts.includes('CLOSED'),
    `codes shown with their meaning (${statusOpts.join(' | ')})`);
  await axe(page, 'a risk record');
  await page.selectOption('#f-status', 'CLOSED');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save changes")')]);
  check(await page.isVisible('p.ok:has-text("Saved.")'), 'the risk is saved');
  const riskLog = await page.$$eval('#changes ~ div table tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(riskLog.some((r) => /biz1/.test(r) && /Status/.test(r) && /OPEN\s+CLOSED/.test(r)),
    'the change log shows who closed the risk: Status OPEN -> CLOSED by biz1');
  await page.screenshot({ path: `${SHOTS}/20_risk_closed.png`, fullPage: true });

  // ---- a case review's rapid-review decision ----
  await page.goto(`${BASE}/registers/case_review/CR-2024-01`);
  await page.fill('#f-rapid_review_date', '2025-03-14');
  await page.selectOption('#f-decision', 'LOCAL_REVIEW');
  await page.fill('#f-decision_date', '2025-03-20');
  await page.fill('#f-rationale', 'Local learning is enough');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save changes")')]);
  check(await page.isVisible('p.ok:has-text("Saved.")'), 'the case review decision is saved');
  const crLog = await page.$$eval('#changes ~ div table tbody tr', (trs) => trs.map((tr) => tr.innerText));
  check(crLog.some((r) => /biz1/.test(r) && /Decision/.test(r) && /LOCAL_REVIEW/.test(r)),
    'the change log shows the decision and who made it');
  await page.screenshot({ path: `${SHOTS}/21_case_review.png`, fullPage: true });

  // ---- an action's progress update, with the keyboard only ----
  const action = env('ACTION');
  await page.goto(`${BASE}/actions/${encodeURIComponent(action)}`);
  check(await page.$eval('#f-last_update_date', (i) => i.value) === '', 'the date of the update is empty by default');
  check(await page.$eval('#f-progress_note', (t) => t.value) === '', 'the note is empty for a new update');
  await axe(page, 'an action');
  // Tab from the top of the page to the note, type, Tab on to the button, Enter
  await page.focus('body');
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement && document.activeElement.id === 'f-progress_note');
  }
  check(found, 'the progress note is reachable with Tab');
  await page.keyboard.type('Briefings booked for every agency');
  let onButton = false;
  for (let i = 0; i < 10 && !onButton; i++) {
    await page.keyboard.press('Tab');
    onButton = await page.evaluate(() => document.activeElement && document.activeElement.textContent === 'Save update');
  }
  check(onButton, 'the save button is reachable with Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(await page.isVisible('p.ok:has-text("Saved.")'), 'the update saved with the keyboard only');
  const hist = await page.$$eval('ol.history li', (lis) => lis.map((li) => li.innerText));
  check(/^2026-07-01: Briefings booked for every agency/.test(hist[0] || ''),
    `the new update is first in the history, dated today (${hist[0]})`);
  check(hist.slice(1).some((h) => h.includes(env('OLD_NOTE'))), 'the earlier note is kept in the history');
  await page.screenshot({ path: `${SHOTS}/22_action_history.png`, fullPage: true });

  // ---- 390 px wide ----
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, what] of [[`/registers/risk/R-01`, 'a risk record'], [`/actions/${encodeURIComponent(action)}`, 'an action'],
    ['/actions', 'the action tracker'], ['/registers', 'the register list'], ['/registers/case_review?view=clocks', 'case review clocks'],
    ['/registers/finance_contribution?view=year', 'finance year view'], ['/registers/training_course?view=summary', 'training summary'],
    ['/registers/s11_score?view=summary', 'Section 11 summary'], ['/registers/child_death?view=year', 'child deaths year view']]) {
    await page.goto(`${BASE}${path}`);
    await noSideScroll(page, what);
    await axe(page, `${what} at 390 px`);
    if (path === '/registers/risk/R-01') await page.screenshot({ path: `${SHOTS}/30_record_390.png`, fullPage: true });
    if (path.includes('finance')) await page.screenshot({ path: `${SHOTS}/31_view_390.png`, fullPage: true });
  }
  await ctx.close();
} finally {
  await browser.close();
}
