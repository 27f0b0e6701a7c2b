// End-to-end: an admin reads Beheer → Logboek (the import that seeded the vault is there), filters
// it, checks the chain and exports an extract; a new user asks for access, the admin approves them
// as privacy officer, and they see only Beheer with the Logboek, employees by persnr, no names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const saveDir = process.env.KLUIS_E2E_SAVE_DIR;
const STEP = 15_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };
const officer = { name: 'Fenna Gerritsen', email: 'fg@delinde.example', pass: 'lantaarn vlieger pindakaas mossel' };

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function unlock(who) {
  await page.getByTestId('screen-unlock').waitFor({ timeout: 60_000 });
  await page.getByLabel('E-mailadres', { exact: true }).fill(who.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(who.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
}

before(async () => {
  assert.ok(saveDir, 'run.sh passes the save folder');
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 860 }, STEP);
});

after(async () => {
  await browser?.close();
});

test('an admin reads, filters, checks and exports the Logboek', { timeout: 120_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await unlock(admin);
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Logboek' }).click();
  const table = page.getByRole('table', { name: /^Logboek/ });
  await table.getByRole('cell', { name: 'Import' }).first().waitFor();
  await shot('l01-logboek-admin');

  const filter = page.getByTestId('logbook-filter');
  await filter.getByLabel('Actie').selectOption('employee.import');
  await filter.getByRole('button', { name: 'Toepassen' }).click();
  await page.getByText('Einde van het logboek.').waitFor();
  assert.equal(await table.getByRole('row').count(), 2, 'the header and the one import');

  await page.getByTestId('logbook-check').click();
  await page.getByTestId('logbook-status').getByText(/^Logboek intact, [\d.]+ regels, gecontroleerd/).waitFor({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Exporteer CSV' }).click();
  await page.getByText(/^Opgeslagen: .*\.csv$/).waitFor();
  const csv = fs.readdirSync(saveDir).find((f) => f.endsWith('.csv'));
  assert.ok(csv, 'the extract was saved');
  const text = fs.readFileSync(path.join(saveDir, csv), 'utf8');
  assert.ok(text.startsWith('\ufeffTijdstip;Gebruiker;'), 'UTF-8 with BOM, ; between fields');
  assert.ok(text.includes('employee.import'));
  await shot('l02-logboek-filtered-checked');
});

test('a privacy officer is approved and sees only the Logboek', { timeout: 180_000 }, async () => {
  await page.getByTestId('lock-button').click();
  await page.getByTestId('screen-unlock').waitFor();
  await page.getByRole('button', { name: 'Nog geen toegang? Toegang aanvragen' }).click();
  const req = page.getByTestId('screen-request');
  await req.getByLabel('Naam').fill(officer.name);
  await req.getByLabel('E-mailadres', { exact: true }).fill(officer.email);
  await req.getByLabel('Wachtwoordzin', { exact: true }).fill(officer.pass);
  await req.getByLabel('Herhaal wachtwoordzin').fill(officer.pass);
  await req.getByRole('radio', { name: /^Gebruiker/ }).check();
  await shot('l03a-request-access');
  await req.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await page.getByTestId('request-sent').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Terug naar ontgrendelen' }).click();

  await unlock(admin);
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: /^Beheeracties/ }).click();
  await page.getByTestId('access-requests').getByRole('button', { name: 'Akkoord' }).click();
  const dialog = page.getByTestId('approve-request');
  await dialog.getByRole('radio', { name: /^Functionaris gegevensbescherming/ }).check();
  await shot('l03b-approve-privacy-officer');
  await dialog.getByRole('button', { name: 'Akkoord' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  await page.getByTestId('lock-button').click();

  await unlock(officer);
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  assert.deepEqual(await nav.getByRole('button').allInnerTexts(), ['Beheer']);
  const table = page.getByRole('table', { name: /^Logboek/ });
  await table.getByRole('cell', { name: 'Toegang verleend' }).first().waitFor();
  await table.getByRole('cell', { name: /^Anoniem \(Persnr / }).first().waitFor();
  await page.getByRole('heading', { name: 'Wachtwoordzin wijzigen' }).waitFor();
  await shot('l04-logboek-privacy-officer');
});
