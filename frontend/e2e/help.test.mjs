// End-to-end: "Help mij" as a person meets it. A small seeded vault (kluis init + import): at the
// locked window the list offers only "Toegang aanvragen"; after unlocking, the "Medewerkers
// importeren" walkthrough runs through all its steps with the keyboard only, on the real screens,
// and focus comes back to "Help mij". Run by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 30_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

async function visible(testid) {
  await page.getByTestId(testid).waitFor({ state: 'visible', timeout: STEP });
}

/** The popover shows step n, has looked for its control, and has the focus. */
async function atStep(n) {
  const pop = page.getByTestId('help-popover');
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector('[data-testid="help-popover"]');
      return el && el.getAttribute('data-step') === String(want) && !el.hasAttribute('aria-busy') && document.activeElement === el;
    },
    n,
    { timeout: STEP },
  );
  return pop;
}

async function focusedTestId() {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1280, height: 820 }, STEP);
});

after(async () => {
  await browser?.close();
});

test('help: at the locked window only asking for access is offered', { timeout: 120_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await visible('screen-unlock');
  await page.getByTestId('help-button').click();
  await visible('help-dialog');
  assert.equal(await page.getByTestId('help-task-request').getAttribute('aria-disabled'), null);
  assert.equal(await page.getByTestId('help-task-import').getAttribute('aria-disabled'), 'true');
  assert.match((await page.getByTestId('help-task-import').textContent()) ?? '', /Ontgrendel eerst de kluis/);
  await shot('help-01-locked-list');
  await page.getByTestId('help-task-request').click();
  const pop = await atStep(1);
  assert.match((await pop.textContent()) ?? '', /Toegang aanvragen/);
  assert.ok(await page.getByTestId('help-spotlight').isVisible());
  await page.keyboard.press('ArrowRight');
  await atStep(2);
  await visible('screen-request');
  // The form is taller than the window: the popover stands beside it, not over its fields.
  const form = await page.locator('[data-help="request-form"]').boundingBox();
  const box = await page.getByTestId('help-popover').boundingBox();
  assert.ok(form && box && (box.x >= form.x + form.width || box.x + box.width <= form.x || box.y >= form.y + form.height), 'popover beside the form');
  await shot('help-02-request-form');
  await page.keyboard.press('Escape');
  await page.getByTestId('help-popover').waitFor({ state: 'detached', timeout: STEP });
  assert.equal(await focusedTestId(), 'help-button');
});

test('help: the import walkthrough runs through every step with the keyboard', { timeout: 180_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await visible('screen-unlock');
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await visible('app-shell');

  // Keyboard only from here: focus "Help mij", open it, choose the task.
  await page.getByTestId('help-button').focus();
  await page.keyboard.press('Enter');
  await visible('help-dialog');
  assert.match((await page.getByTestId('help-task-request').textContent()) ?? '', /Je hebt al toegang/);
  await page.getByTestId('help-task-import').focus();
  await page.keyboard.press('Enter');

  let pop = await atStep(1);
  assert.match((await pop.textContent()) ?? '', /Stap 1 van 4/);
  assert.equal(await page.locator('[data-testid="nav-medewerkers"][aria-current="page"]').count(), 1);
  assert.ok(await page.getByTestId('help-spotlight').isVisible());

  await page.keyboard.press('ArrowRight');
  pop = await atStep(2);
  assert.match((await pop.textContent()) ?? '', /Klik op Importeren/);
  await shot('help-03-import-step2');
  // The spotlight sits on the Importeren button (after its short move from the menu).
  await page.waitForTimeout(400);
  const spot = await page.getByTestId('help-spotlight').boundingBox();
  const button = await page.getByTestId('people-import').boundingBox();
  assert.ok(spot && button && Math.abs(spot.x + 4 - button.x) < 3 && Math.abs(spot.y + 4 - button.y) < 3, 'spotlight on Importeren');

  await page.keyboard.press('Enter');
  pop = await atStep(3);
  assert.match((await pop.textContent()) ?? '', /per werkgever en afdeling/);
  await page.keyboard.press('ArrowLeft');
  await atStep(2);
  await page.keyboard.press('ArrowRight');
  await atStep(3);
  await shot('help-04-import-step3');
  await page.keyboard.press('ArrowRight');
  pop = await atStep(4);
  assert.match((await pop.textContent()) ?? '', /Klaar/);
  assert.equal(await page.getByTestId('help-missing').count(), 0);
  await page.keyboard.press('Enter');
  await page.getByTestId('help-popover').waitFor({ state: 'detached', timeout: STEP });
  assert.equal(await focusedTestId(), 'help-button');
  assert.equal(await page.getByTestId('help-spotlight').count(), 0);
});

test('help: a task whose control is not on screen says so and goes on', { timeout: 120_000 }, async () => {
  // Revoking needs a chosen, shared employee: nobody is chosen, so its steps report the control missing.
  await page.getByTestId('help-button').click();
  await visible('help-dialog');
  await page.getByTestId('help-task-revoke').click();
  await atStep(1);
  await page.keyboard.press('ArrowRight');
  await atStep(2);
  await visible('help-missing');
  assert.match((await page.getByTestId('help-missing').textContent()) ?? '', /Dit onderdeel is nu niet zichtbaar\. Kies eerst een medewerker/);
  await shot('help-05-missing');
  await page.keyboard.press('Escape');
  await page.getByTestId('help-popover').waitFor({ state: 'detached', timeout: STEP });
});
