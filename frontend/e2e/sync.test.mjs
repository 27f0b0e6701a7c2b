// End-to-end: an admin connects the vault with the reference arbo service (`kluis arbo-service`,
// started by run.sh on 127.0.0.1), shares an employee's dossier, synchronises, sees the dossier on
// the service's own page, revokes the share, synchronises again and sees the identity gone there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const arboURL = process.env.KLUIS_E2E_ARBO_URL;
const arboCode = process.env.KLUIS_E2E_ARBO_CODE;
const arboToken = process.env.KLUIS_E2E_ARBO_TOKEN;
const STEP = 15_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };

let browser;
let page;
let service; // a second tab: the arbo service's page
let surname = '';

async function shot(name, p = page) {
  await p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

before(async () => {
  assert.ok(arboURL && arboCode && arboToken, 'run.sh passes the arbo service address, code and token');
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 860 }, STEP);
  service = await newPage(browser, { width: 1360, height: 860 }, STEP);
});

after(async () => {
  await browser?.close();
});

async function syncNow() {
  await page.getByTestId('nav-synchronisatie').click();
  await page.getByTestId('sync-now').click();
  await page.getByTestId('sync-report').waitFor({ timeout: 60_000 });
}

async function openByPersnr(persnr) {
  await page.getByTestId('nav-medewerkers').click();
  const box = page.getByRole('combobox', { name: 'Zoeken' });
  await box.click();
  await box.fill(persnr);
  await page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option', { name: new RegExp(persnr) }).waitFor();
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.getByTestId('share-panel').getByTestId('share-status').waitFor();
}

async function servicePage() {
  await service.goto(arboURL + '/', { timeout: 30_000 });
  const token = service.getByLabel('Beheertoken');
  if (await token.isVisible().catch(() => false)) {
    await token.fill(arboToken);
    await service.getByRole('button', { name: 'Inloggen' }).click();
  }
  await service.waitForLoadState('domcontentloaded');
  return service.locator('body').innerText();
}

test('unlock, see that no arbo service is connected, and connect one in Beheer', { timeout: 120_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-unlock').waitFor({ timeout: 60_000 });
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
  await page.getByText('Geen arbodienst gekoppeld').first().waitFor();
  await shot('s01-actueel-not-linked');

  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Arbodienst' }).click();
  const form = page.getByTestId('enrol-form');
  await form.waitFor();
  // A wrong code first: the service refuses it, and the field says why.
  await page.getByTestId('enrol-url').fill(arboURL);
  await page.getByTestId('enrol-code').fill('GEEN-GOEDE-CODE');
  await page.getByTestId('enrol-submit').click();
  await page.getByText('De arbodienst kent deze code niet', { exact: false }).waitFor();
  await shot('s02-enrol-wrong-code');
  await page.getByTestId('enrol-code').fill(arboCode);
  await page.getByTestId('enrol-submit').click();
  await page.getByTestId('arbo-linked').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('arbo-name').innerText(), /Arbodienst Midden/);
  await shot('s03-arbo-linked');
});

test('share a dossier: it waits to be sent, the sync sends it, the service shows it', { timeout: 180_000 }, async () => {
  await openByPersnr('000007');
  const panel = page.getByTestId('share-panel');
  await panel.getByTestId('share-open').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByText('Delen met Arbodienst Midden').first().waitFor();
  await dialog.getByLabel('(Open) spreekuur').check();
  await dialog.getByTestId('share-explanation').fill('Spreekuur over de werkbelasting, op verzoek van de medewerker.');
  await dialog.getByTestId('share-confirm').check();
  await dialog.getByTestId('share-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await panel.getByTestId('share-delivery').getByText('wacht op verzending', { exact: false }).waitFor();
  surname = (await page.getByTestId('employee-title').innerText()).trim().split(' ').pop();
  assert.ok(surname && !/Anoniem/.test(surname), `the pane shows the shared employee's name (${surname})`);
  await shot('s04-shared-waiting');

  await syncNow();
  await page.getByTestId('sync-pending').getByText('Er wachten geen berichten op verzending').waitFor();
  await shot('s05-synchronised');

  await openByPersnr('000007');
  await page.getByTestId('share-panel').getByText('Gedeeld met Arbodienst Midden').waitFor();
  await shot('s06-shared-sent');

  const text = await servicePage();
  assert.ok(text.includes(surname), 'the service page shows the shared dossier');
  await shot('s07-service-holds-dossier', service);
});

test('revoke the share: after the next sync the service no longer holds the identity', { timeout: 180_000 }, async () => {
  await openByPersnr('000007');
  const panel = page.getByTestId('share-panel');
  await panel.getByTestId('share-revoke').click();
  await page.getByTestId('revoke-share-reason').fill('Het spreekuur is niet meer nodig.');
  await page.getByTestId('revoke-share-submit').click();
  await panel.getByText('Niet gedeeld', { exact: false }).first().waitFor();
  await shot('s08-revoked');
  await syncNow();
  const text = await servicePage();
  assert.ok(!text.includes(surname), 'the identity is gone from the service after the revocation');
  await shot('s09-service-after-revoke', service);

  await page.getByTestId('nav-actueel').click();
  await page.getByText('Gesynchroniseerd').first().waitFor();
  await shot('s10-actueel-synchronised');
});
