// End-to-end: the Poortwachter colours with the clock set by the test. run.sh seeds a small vault
// and starts `wails dev` with KLUIS_E2E_NOW (a dev-build-only seam, app/clock_dev.go), so "today"
// in the Go backend is that moment. Three employees are reported sick: one ten weeks before today
// (steps past their deadline: red "Te laat" with the deadline), one five days before (the report to
// the arbo service due within two weeks: amber "Binnenkort"), one a week before whose first step is
// marked done (green "Op schema"). Actueel lists late first, then due, then the rest; the share
// panel lists every step as a dot with a word and its deadline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const now = process.env.KLUIS_E2E_NOW ?? '2026-12-01T09:00:00Z';
const STEP = 15_000;
const admin = { name: 'Petra de Beheerder', email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };

// The dates below are written out for KLUIS_E2E_NOW=2026-12-01T09:00:00Z (run.sh): a milestone of
// week W is due on the first sick day + 7·W − 1 days (internal/sharing/timeline.go).
assert.equal(now, '2026-12-01T09:00:00Z', 'the expected deadlines are written for 1 December 2026');
// Employed since 01-04-2019 and not ended (make-employees.mjs: every ninth row has ended).
const late = { persnr: '000002', firstDay: '22-09-2026' }; // week 11: weeks 1, 6 and 8 passed
const due = { persnr: '000003', firstDay: '26-11-2026' }; // week 1: the report is due 02-12-2026
const onTrack = { persnr: '000004', firstDay: '24-11-2026', arboDone: '25-11-2026' }; // week 2, report done

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 900 }, STEP);
});

after(async () => {
  await browser?.close();
});

// openByPersnr searches a persnr on Medewerkers and opens the hit in the pane.
async function openByPersnr(persnr) {
  await page.getByTestId('nav-medewerkers').click();
  const box = page.getByRole('combobox', { name: 'Zoeken' });
  await box.click();
  await box.fill(persnr);
  await page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option', { name: new RegExp(persnr) }).waitFor();
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.getByText(persnr, { exact: true }).last().waitFor();
  await page.getByTestId('share-panel').getByTestId('share-status').waitFor();
}

// reportSick shares the employee for a sick report and reports them sick from firstDay; it
// returns the name the pane shows once the dossier is shared.
async function reportSick({ persnr, firstDay }) {
  await openByPersnr(persnr);
  const panel = page.getByTestId('share-panel');
  await panel.getByTestId('share-sick').click();
  const share = page.getByTestId('share-dialog');
  await share.getByTestId('share-explanation').fill('Ziek gemeld bij de leidinggevende, telefonisch.');
  await share.getByTestId('share-confirm').check();
  await share.getByRole('button', { name: 'Delen' }).click();
  const sick = page.getByTestId('sick-dialog');
  await sick.waitFor();
  await sick.getByTestId('sick-phone').fill('06-12345678');
  await sick.getByTestId('sick-duration').selectOption('more-than-6-weeks');
  for (const field of ['safetyNet', 'workAccident', 'thirdPartyLiable']) {
    await sick.getByTestId(`sick-${field}`).getByLabel('Nee').check();
  }
  await sick.getByTestId('sick-first-day').fill(firstDay);
  await sick.getByTestId('sick-submit').click();
  await sick.waitFor({ state: 'hidden' }).catch(async (e) => {
    await shot(`w-sick-${persnr}-failed`);
    throw e;
  });
  await panel.getByTestId('absence-line').getByText(`Ziek sinds ${firstDay}`, { exact: false }).waitFor();
  return (await page.getByTestId('employee-title').innerText()).trim();
}

/** stepText is a step row's text on one line ('Te laat Ziekmelding bij de arbodienst uiterlijk 28-09-2026 Gedaan'). */
async function stepText(code) {
  return (await page.getByTestId(`step-${code}`).innerText()).replace(/\s+/g, ' ').trim();
}

/** dotColour is the background colour of the status dot inside el. */
async function dotColour(el) {
  return el.locator('.dot').first().evaluate((d) => getComputedStyle(d).backgroundColor);
}

const names = {};

test('unlock the seeded vault with the clock set by the test', { timeout: 60_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-unlock').waitFor({ timeout: 30_000 });
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
});

test('an absence ten weeks old: its steps past the deadline are red "Te laat" with the deadline', { timeout: 60_000 }, async () => {
  names.late = await reportSick(late);
  const panel = page.getByTestId('share-panel');
  assert.match(await panel.getByTestId('absence-line').innerText(), /Ziek sinds 22-09-2026 · week 11\b/);
  const steps = panel.getByTestId('poortwachter-steps');
  await steps.waitFor();
  // The three steps of weeks 1, 6 and 8 are late, each with its deadline; the UWV report is ahead.
  for (const [code, name, deadline] of [
    ['report-to-arbo', 'Ziekmelding bij de arbodienst', '28-09-2026'],
    ['problem-analysis', 'Probleemanalyse', '02-11-2026'],
    ['plan-of-action', 'Plan van aanpak', '16-11-2026'],
  ]) {
    assert.equal(await page.getByTestId(`step-${code}`).getAttribute('data-status'), 'late');
    assert.match(await stepText(code), new RegExp(`^Te laat ${name} uiterlijk ${deadline}`));
  }
  assert.equal(await page.getByTestId('step-report-to-uwv').getAttribute('data-status'), 'upcoming');
  assert.match(await stepText('report-to-uwv'), /^Op schema Ziekmelding bij het UWV uiterlijk 12-07-2027/);
  assert.match(await stepText('end-of-wage-payment'), /^Op schema Einde loondoorbetaling uiterlijk 18-09-2028/);
  await steps.scrollIntoViewIfNeeded();
  await shot('w01-steps-late');
});

// The pane's absence line names the first step not done, late ones included, as Actueel does (it
// once named the next milestone by sickness week, skipping three late steps at week 11).
test('the absence line names the same next step as the step list and Actueel', { timeout: 30_000 }, async () => {
  const line = await page.getByTestId('share-panel').getByTestId('absence-line').innerText();
  assert.match(line, /volgende stap: Ziekmelding bij de arbodienst/, line);
});

test('an absence of five days: the report to the arbo service, due within two weeks, is amber "Binnenkort"', { timeout: 60_000 }, async () => {
  names.due = await reportSick(due);
  const panel = page.getByTestId('share-panel');
  assert.match(await panel.getByTestId('absence-line').innerText(), /Ziek sinds 26-11-2026 · week 1\b/);
  await panel.getByTestId('poortwachter-steps').waitFor();
  assert.equal(await page.getByTestId('step-report-to-arbo').getAttribute('data-status'), 'due');
  assert.match(await stepText('report-to-arbo'), /^Binnenkort Ziekmelding bij de arbodienst uiterlijk 02-12-2026/);
  assert.equal(await page.getByTestId('step-problem-analysis').getAttribute('data-status'), 'upcoming');
  assert.match(await stepText('problem-analysis'), /^Op schema Probleemanalyse uiterlijk 06-01-2027/);
  await panel.getByTestId('poortwachter-steps').scrollIntoViewIfNeeded();
  await shot('w02-steps-due');
});

test('a step marked done turns the absence green "Op schema"; the dots differ in colour and carry words', { timeout: 60_000 }, async () => {
  names.onTrack = await reportSick(onTrack);
  const panel = page.getByTestId('share-panel');
  // A week old and the report not done: late, until it is marked done on 25-11-2026.
  assert.equal(await page.getByTestId('step-report-to-arbo').getAttribute('data-status'), 'late');
  await panel.getByTestId('step-mark-report-to-arbo').click();
  await panel.getByLabel('Ziekmelding bij de arbodienst gedaan op').fill(onTrack.arboDone);
  await panel.getByTestId('step-save').click();
  await page.locator('[data-testid="step-report-to-arbo"][data-status="done"]').waitFor();
  assert.match(await stepText('report-to-arbo'), new RegExp(`^Gedaan Ziekmelding bij de arbodienst gedaan op ${onTrack.arboDone} door ${admin.name}`));
  assert.match(await stepText('problem-analysis'), /^Op schema Probleemanalyse uiterlijk 04-01-2027/);
  await panel.getByTestId('poortwachter-steps').scrollIntoViewIfNeeded();
  await shot('w03-steps-done-on-track');
});

// The confirmation is the catalogue's text (it once showed the key "sharing.steps.done").
test('marking a step done confirms it in Dutch', { timeout: 30_000 }, async () => {
  const panel = page.getByTestId('share-panel');
  const notices = await panel.getByRole('status').allInnerTexts();
  assert.ok(notices.includes('De stap is vastgelegd als gedaan.'), `the panel's notices: ${JSON.stringify(notices)}`);
});

test('Actueel lists the late absence first (red, with the deadline), then the due one (amber), then the rest (green)', { timeout: 60_000 }, async () => {
  await page.getByTestId('nav-actueel').click();
  const absences = page.getByTestId('actueel-absences');
  await absences.getByText('3 open ziekmeldingen').waitFor();
  const items = absences.locator('li');
  assert.equal(await items.count(), 3);
  const text = async (i) => (await items.nth(i).innerText()).replace(/\s+/g, ' ');
  // Late first: the report to the arbo service was due 28-09-2026, and three steps are late.
  assert.ok((await text(0)).includes(names.late), await text(0));
  assert.match(await text(0), /Ziek sinds 22-09-2026 · week 11 Te laat Ziekmelding bij de arbodienst, uiterlijk 28-09-2026 \(3 stappen te laat\)/);
  // Then the one due within two weeks, although its first sick day is the latest of the three.
  assert.ok((await text(1)).includes(names.due), await text(1));
  assert.match(await text(1), /Ziek sinds 26-11-2026 · week 1 Binnenkort Ziekmelding bij de arbodienst, uiterlijk 02-12-2026/);
  // Then the one on schedule: its first step is done, the next is weeks away.
  assert.ok((await text(2)).includes(names.onTrack), await text(2));
  assert.match(await text(2), /Ziek sinds 24-11-2026 · week 2 Op schema Probleemanalyse, uiterlijk 04-01-2027/);
  const status = absences.getByTestId('absence-status');
  assert.deepEqual(await status.evaluateAll((els) => els.map((e) => e.getAttribute('data-tone'))), ['late', 'due', 'ok']);
  // Never colour alone, and the three colours differ (red, amber, green).
  const colours = [];
  for (let i = 0; i < 3; i++) colours.push(await dotColour(status.nth(i)));
  assert.equal(new Set(colours).size, 3, `dot colours ${colours}`);
  await shot('w04-actueel-late-first');
  // The list opens the employee: the share panel shows the same late steps.
  await absences.getByRole('button', { name: `Open ${names.late} bij Medewerkers` }).click();
  await page.getByTestId('share-panel').getByTestId('poortwachter-steps').waitFor();
  assert.match(await stepText('plan-of-action'), /^Te laat Plan van aanpak uiterlijk 16-11-2026/);
});
