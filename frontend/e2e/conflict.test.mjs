// End-to-end: the same employee edited on two PCs at once (docs/adr/012-conflicts.md). run.sh
// seeds PC A, replicates it through a real S3 server (versitygw), joins PC B with `kluis join`,
// imports a different surname for persnr 000002 on each PC before either replicates, and
// replicates both; then opens PC A in the window. Actueel shows the conflict card; the dialog
// shows both versions field by field; the tree shows the "Conflict" chip; keeping the kept
// version resolves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 30_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };
const versionA = process.env.KLUIS_E2E_SURNAME_A ?? 'Versie-A';
const versionB = process.env.KLUIS_E2E_SURNAME_B ?? 'Versie-B';

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1280, height: 860 }, STEP);
});
after(async () => {
  await browser?.close();
});

test('conflict: shown on Actueel and in the tree, both versions compared, resolved', { timeout: 300_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-unlock').waitFor({ timeout: STEP });
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: STEP });

  const card = page.getByTestId('actueel-conflicts');
  await card.waitFor({ timeout: STEP });
  assert.match((await card.textContent()) ?? '', /1 medewerker is op twee pc’s tegelijk gewijzigd/);
  assert.ok(!((await card.textContent()) ?? '').includes(versionA), 'the card names no one');
  await shot('conflict-01-actueel-card');

  await page.getByTestId('actueel-conflicts-open').click();
  const dialog = page.getByTestId('conflict-dialog');
  await dialog.getByTestId('conflict-table').waitFor({ timeout: STEP });
  const surname = dialog.locator('[data-field="surname"]');
  assert.equal(await surname.getAttribute('data-differs'), 'true');
  const text = (await surname.textContent()) ?? '';
  assert.ok(text.includes(versionA) && text.includes(versionB), `both versions: ${text}`);
  await shot('conflict-02-dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: STEP });

  await page.getByTestId('nav-medewerkers').click();
  const tree = page.getByRole('tree');
  await tree.waitFor();
  const location = tree.getByRole('treeitem', { name: /Amersfoort/ }).first();
  await location.waitFor({ timeout: STEP });
  await location.click();
  if ((await location.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  const dept = tree.getByRole('treeitem', { name: /Verkoop/ }).first();
  await dept.waitFor({ timeout: STEP });
  await dept.click();
  if ((await dept.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  const chip = tree.getByTestId('tree-conflict');
  await chip.first().waitFor({ timeout: STEP });
  assert.equal(await chip.count(), 1);
  const row = page.locator('[role="treeitem"]', { has: page.getByTestId('tree-conflict') });
  await row.click();
  await page.getByTestId('pane-conflict').waitFor({ timeout: STEP });
  await shot('conflict-03-tree-chip-and-pane');

  // Keyboard: the pane's button, then the dialog's "Bewaarde versie houden".
  await page.getByTestId('pane-conflict-open').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('conflict-dialog').getByTestId('conflict-table').waitFor({ timeout: STEP });
  await page.getByTestId('conflict-keep-kept').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('conflict-none').waitFor({ timeout: STEP });
  await shot('conflict-04-resolved');
  await page.keyboard.press('Escape');
  await page.getByTestId('pane-conflict').waitFor({ state: 'detached', timeout: STEP });
  await tree.getByTestId('tree-conflict').first().waitFor({ state: 'detached', timeout: STEP });
  await shot('conflict-05-after');
});
