// End-to-end, keyboard only: a new HR admin creates a vault, imports the payroll export and shares
// a dossier with the arbo service without touching the mouse (Tab, Shift+Tab, Enter, Space,
// arrows, Esc, and typing into the focused field). On the way every screen and the main dialogs
// are checked with axe-core in the light and the dark theme (axe.mjs); the problems of all screens
// are collected and fail the last step, so one run lists them all. Run by e2e/run.sh (suite
// "keyboard"): an empty vault folder, with the open dialog answered from KLUIS_E2E_OPEN_FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage, signatoryPrompt } from './browser.mjs';
import { checkAccessible } from './axe.mjs';
import { expectFocus, expectFocusInDialog, focusRing, focused, tabTo } from './keyboard.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 15_000;
const admin = { name: 'Petra de Beheerder', email: 'petra@zorgvuldig.example', pass: 'paard batterij nietje correct' };

let browser;
let page;
const problems = [];
const checked = [];

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** axe checks the screen as it is now, in both themes, and keeps its problems for the last step. */
async function axe(screen) {
  problems.push(...(await checkAccessible(page, screen, { artifacts })));
  checked.push(screen);
}

/** type moves to the field matching re and types text into it, key by key. */
async function typeInto(re, text, opts) {
  await tabTo(page, re, opts);
  await page.keyboard.type(text);
}

/** activate moves to the control matching re and presses Enter on it. */
async function activate(re, opts) {
  await tabTo(page, re, opts);
  await page.keyboard.press('Enter');
}

/** kbTest is test() that keeps a screenshot of the screen a failing step ended on. */
function kbTest(name, fn) {
  test(name, { timeout: 120_000 }, async () => {
    try {
      await fn();
    } catch (e) {
      await shot(`kfail-${name.slice(0, 30).replace(/[^a-z]+/gi, '-')}`).catch(() => {});
      throw new Error(`${e.message}\nfocus was on: ${await focused(page).catch(() => '?')}`, { cause: e });
    }
  });
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 860 }, STEP);
  // This suite answers the signatory prompt itself, by keyboard (laterByKeyboard), not by the
  // mouse click newPage's handler would make.
  await page.removeLocatorHandler(signatoryPrompt(page));
});

/**
 * laterByKeyboard: an admin's unlock of a vault without a processor-agreement signatory opens the
 * signatory prompt, which takes the focus; Esc is "Later" and gives the page back.
 */
async function laterByKeyboard(check) {
  const prompt = signatoryPrompt(page);
  await prompt.waitFor({ timeout: 30_000 });
  await expectFocusInDialog(page, 'the signatory prompt');
  if (check) await axe('signatory prompt');
  await page.keyboard.press('Escape');
  await prompt.waitFor({ state: 'hidden' });
}

after(async () => {
  await browser?.close();
});

kbTest('create the vault and save the emergency kit, keyboard only', async () => {
  const t0 = Date.now();
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-create').waitFor({ timeout: 60_000 });
  console.log(`first screen after ${Date.now() - t0} ms (Vite compiles the UI on the first load)`);
  await axe('create vault: employer');

  // The theme switch works by keyboard: arrows on the focused select choose dark, then light.
  await tabTo(page, /theme-switch$/);
  const themeNow = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  for (let i = 0; i < 3 && (await themeNow()) !== 'dark'; i++) await page.keyboard.press('ArrowUp');
  assert.equal(await themeNow(), 'dark', 'the arrows on the theme switch reach dark');
  await shot('k00-create-dark');
  await page.keyboard.press('ArrowUp');
  assert.equal(await themeNow(), 'light', 'and then light');

  await typeInto(/\|Naam werkgever/, 'Zorgvuldig B.V.');
  await typeInto(/\|KvK-nummer/, '87654321');
  await page.keyboard.press('Enter');
  await page.getByText('Stap 2 van 4').waitFor();
  await axe('create vault: admin');

  await typeInto(/\|Je naam/, admin.name);
  await typeInto(/\|Je e-mailadres/, admin.email);
  await typeInto(/^input:password\|Wachtwoordzin/, admin.pass);
  await typeInto(/^input:password\|Herhaal wachtwoordzin/, admin.pass);
  await page.getByText('Voldoet', { exact: true }).waitFor();
  const t1 = Date.now();
  await page.keyboard.press('Enter');

  await page.getByTestId('screen-kit').waitFor({ timeout: 60_000 });
  console.log(`vault created in ${Date.now() - t1} ms`);
  await axe('emergency kit');
  await tabTo(page, /input:checkbox\|Ik heb de noodkit veilig opgeslagen/);
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel('Ik heb de noodkit veilig opgeslagen').isChecked(), true, 'Space ticks the checkbox');
  await tabTo(page, /\|Naar mijn kluis/);
  // The focused button must show a ring: check its style and look at it.
  const ring = await focusRing(page);
  assert.ok(ring.outline || ring.shadow || ring.parent, `the focused button shows a focus ring (${JSON.stringify(ring)})`);
  const box = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return { x: Math.max(0, r.x - 16), y: Math.max(0, r.y - 16), width: r.width + 32, height: r.height + 32 };
  });
  await page.screenshot({ path: path.join(artifacts, 'k01-focus-ring-light.png'), clip: box });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await page.screenshot({ path: path.join(artifacts, 'k01-focus-ring-dark.png'), clip: box });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  await page.keyboard.press('Enter');
  await page.getByTestId('app-shell').waitFor();
  await laterByKeyboard(true);
  await axe('Actueel (empty vault)');
});

kbTest('import the payroll export, keyboard only', async () => {
  await activate(/\|[^|]*\|nav-medewerkers$/);
  await page.getByRole('tree').waitFor();
  await axe('Medewerkers (empty)');
  await activate(/\|people-import$/);
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  await expectFocusInDialog(page, 'the import dialog');
  await axe('import dialog: start');
  await activate(/button\|Bestand kiezen/);
  await dialog.getByText(/\d+ nieuw/).first().waitFor({ timeout: 60_000 });
  await shot('k02-import-check');
  await axe('import dialog: check');
  await activate(/button\|Importeren/);
  await dialog.getByRole('heading', { name: 'Import voltooid' }).waitFor({ timeout: 60_000 });
  await axe('import dialog: done');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('treeitem').nth(2).waitFor();
  await axe('Medewerkers (tree)');
});

kbTest('find an employee and share the dossier, keyboard only', async () => {
  await tabTo(page, /combobox\|Zoeken/, { back: true });
  await page.keyboard.type('000007');
  await page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option').first().waitFor();
  await axe('Medewerkers (search)');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('share-panel');
  await panel.getByTestId('share-status').waitFor();
  await axe('Medewerkers (employee pane)');

  // The employee form: open, check, close with Esc.
  await activate(/\|Wijzigen|\|Gegevens wijzigen|employee-edit/);
  await page.getByRole('dialog').waitFor();
  await expectFocusInDialog(page, 'the employee form');
  await axe('employee form');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await expectFocus(page, /employee-edit$/, 'Esc closes the form and returns to its button');

  await activate(/\|share-open$/);
  const dialog = page.getByTestId('share-dialog');
  await dialog.waitFor();
  await expectFocusInDialog(page, 'the share dialog');
  await axe('share dialog');
  await tabTo(page, /input:radio\|/);
  for (let i = 0; i < 12 && !/spreekuur/.test(await focused(page)); i++) await page.keyboard.press('ArrowDown');
  assert.match(await focused(page), /spreekuur/, 'arrows reach the consultation hour');
  await typeInto(/\|share-explanation$/, 'Spreekuur over de werkbelasting, op verzoek van de medewerker.');
  await tabTo(page, /\|share-confirm$/);
  await page.keyboard.press('Space');
  await shot('k03-share-filled');
  await activate(/\|share-submit$/);
  await dialog.waitFor({ state: 'hidden' });
  await panel.getByTestId('share-delivery').getByText('wacht op verzending', { exact: false }).waitFor();
  await shot('k04-shared');

  // Report sick: the dialog opens from the pane; check it and close it with Esc.
  await activate(/\|share-sick$/);
  await page.getByTestId('sick-dialog').waitFor();
  await expectFocusInDialog(page, 'the sick report');
  await axe('report sick dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('sick-dialog').waitFor({ state: 'hidden' });
  await expectFocus(page, /share-sick$/, 'Esc closes the sick report and returns to its button');
});

kbTest('every Beheer tab and Synchronisatie', async () => {
  await activate(/\|[^|]*\|nav-beheer$/, { back: true });
  const tabs = page.getByRole('tab');
  await tabs.first().waitFor();
  const n = await tabs.count();
  await tabTo(page, /^tab\|/);
  for (let i = 0; i < n; i++) {
    const now = await focused(page);
    await axe(`Beheer tab ${now.split('|')[1]}`);
    await page.keyboard.press('ArrowRight');
  }
  await activate(/\|[^|]*\|nav-synchronisatie$/, { back: true });
  await page.getByRole('heading', { name: 'Synchronisatie', level: 1 }).waitFor();
  await axe('Synchronisatie');
  await activate(/\|[^|]*\|nav-actueel$/, { back: true });
  await page.getByRole('heading', { name: 'Actueel', level: 1 }).waitFor();
  await axe('Actueel');
});

kbTest('lock, ask for access, the admin approves, keyboard only', async () => {
  await activate(/lock-button$/, { back: true });
  await page.getByTestId('screen-unlock').waitFor();
  await axe('unlock');
  await activate(/\|Nog geen toegang\? Toegang aanvragen/);
  await page.getByRole('heading', { name: 'Toegang aanvragen' }).waitFor();
  await axe('request access');
  const noor = { name: 'Noor Nieuw', email: 'noor@zorgvuldig.example', pass: 'zeilboot kaasschaaf regenjas tulp' };
  await typeInto(/^input:text\|Naam/, noor.name);
  await typeInto(/\|E-mailadres/, noor.email);
  await typeInto(/^input:password\|Wachtwoordzin/, noor.pass);
  await typeInto(/^input:password\|Herhaal wachtwoordzin/, noor.pass);
  await tabTo(page, /input:radio\|Gebruiker/);
  await page.keyboard.press('Space');
  await activate(/\|Aanvraag versturen/);
  await page.getByTestId('request-sent').waitFor({ timeout: 60_000 }); // a key derivation, ~1 s on an idle PC
  await axe('request access: sent');
  await activate(/\|Terug naar ontgrendelen/, { back: true });
  await page.getByTestId('screen-unlock').waitFor();

  await typeInto(/\|E-mailadres/, admin.email);
  await typeInto(/^input:password\|Wachtwoordzin/, admin.pass);
  await page.keyboard.press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
  await laterByKeyboard(false);
  await activate(/\|[^|]*\|nav-beheer$/);
  await page.getByTestId('access-requests').getByText(noor.name).waitFor();
  await activate(/button\|Akkoord/);
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expectFocusInDialog(page, 'the approval');
  await axe('approve user dialog');
  await activate(/button\|Akkoord geven/);
  await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
  await page.getByTestId('access-requests').getByText('Geen openstaande aanvragen').waitFor();
});

test('no serious or critical accessibility problems on any screen, light or dark', () => {
  console.log(`axe checked ${checked.length} screens in two themes: ${checked.join('; ')}`);
  assert.ok(checked.length >= 20, 'every screen was checked');
  assert.equal(problems.length, 0, `axe found serious or critical problems:\n${problems.join('\n')}`);
});
