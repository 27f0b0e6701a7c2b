// End-to-end: erasure after the retention period. run.sh seeds a small vault (every ninth
// employee left on 31-03-2025) and starts `wails dev` with KLUIS_E2E_NOW=2027-06-01, so those
// are more than two years gone. Actueel shows one count with a link; Beheer → Bewaartermijn lists
// them anonymised; "Wissen…" asks for a confirmation naming the count, shows the phases, and
// afterwards the list and Actueel are empty and the search no longer finds them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 15_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };
const due = Number(process.env.KLUIS_E2E_RETENTION_DUE ?? '4');

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

test('unlock: Actueel shows one line with the count, not a row per employee', { timeout: 60_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-unlock').waitFor({ timeout: 30_000 });
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
  const card = page.getByTestId('actueel-retention');
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(`${due} medewerkers zijn langer dan twee jaar uit dienst`));
  assert.equal(await card.getByRole('listitem').count(), 0);
  await shot('r1-actueel');
});

test('Bewaartermijn lists them anonymised; erasing asks for the count and shows the phases', { timeout: 120_000 }, async () => {
  await page.getByTestId('actueel-retention').getByRole('button', { name: 'Bekijken en wissen' }).click();
  const panel = page.getByTestId('retention-panel');
  await panel.getByTestId('retention-table').waitFor();
  const rows = panel.getByTestId('retention-row');
  assert.equal(await rows.count(), due);
  assert.match(await rows.first().innerText(), /Anoniem \(Persnr \d+\)/);
  await shot('r2-bewaartermijn');
  await panel.getByTestId('retention-select-all').click();
  assert.match(await panel.getByTestId('retention-selected').innerText(), new RegExp(`${due} medewerkers gekozen`));
  await panel.getByTestId('retention-erase').click();
  const dialog = page.getByTestId('erase-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`${due} medewerkers wissen`));
  await shot('r3-confirm');
  await dialog.getByTestId('erase-confirm').click();
  await dialog.getByTestId('erase-done').waitFor({ timeout: 90_000 });
  assert.match(await dialog.getByTestId('erase-done').innerText(), new RegExp(`${due} medewerkers zijn gewist`));
  await shot('r4-done');
  await dialog.getByTestId('erase-close').click();
  await dialog.waitFor({ state: 'hidden' });
  await panel.getByTestId('retention-erased').waitFor();
  assert.equal(await panel.getByTestId('retention-row').count(), 0);
  await shot('r5-after');
});

test('Actueel no longer counts them', { timeout: 60_000 }, async () => {
  await page.getByTestId('nav-actueel').click();
  await page.getByTestId('actueel-sync-status').or(page.getByText('Er vraagt nu niets je aandacht')).first().waitFor();
  assert.equal(await page.getByTestId('actueel-retention').count(), 0);
});
