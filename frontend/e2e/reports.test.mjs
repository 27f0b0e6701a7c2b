// End-to-end: the printed reports as a person saves them. run.sh seeds a small vault and starts
// `wails dev` with KLUIS_E2E_SAVE_DIR, so every save dialog answers with its default name in that
// folder (a dev-build-only seam, app/dialogs_dev.go). The admin shares one employee's dossier,
// saves the access export (PDF and JSON) from the pane and the share history from the share
// panel, then the statistics and the processing register from Beheer → Rapportages, in Dutch and
// in English. run.sh renders the saved PDFs with pdftoppm into the artifacts to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const saveDir = process.env.KLUIS_E2E_SAVE_DIR ?? '';
const STEP = 15_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };
const persnr = '000002';

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** saved lists the files in the save folder whose names start with prefix. */
function saved(prefix) {
  return fs.readdirSync(saveDir).filter((f) => f.startsWith(prefix));
}

before(async () => {
  assert.ok(saveDir, 'KLUIS_E2E_SAVE_DIR is set by run.sh');
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 900 }, STEP);
});

after(async () => {
  await browser?.close();
});

test('unlock the seeded vault', { timeout: 60_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await page.getByTestId('screen-unlock').waitFor({ timeout: 30_000 });
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 30_000 });
});

test('the access export and the share history are saved from the employee', { timeout: 90_000 }, async () => {
  await page.getByTestId('nav-medewerkers').click();
  const box = page.getByRole('combobox', { name: 'Zoeken' });
  await box.click();
  await box.fill(persnr);
  await page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option', { name: new RegExp(persnr) }).waitFor();
  await box.press('ArrowDown');
  await box.press('Enter');
  const panel = page.getByTestId('share-panel');
  await panel.getByTestId('share-status').waitFor();
  await panel.getByTestId('share-open').click();
  const share = page.getByTestId('share-dialog');
  await share.getByLabel('(Open) spreekuur').check();
  await share.getByTestId('share-explanation').fill('Spreekuur over de werkbelasting.');
  await share.getByTestId('share-confirm').check();
  await share.getByTestId('share-submit').click();
  await share.waitFor({ state: 'hidden' });

  const access = page.getByTestId('employee-access-export');
  await access.getByRole('button', { name: 'Inzageverzoek (AVG art. 15)' }).click();
  await access.getByTestId('report-saved').waitFor();
  const files = saved(`Inzageverzoek-${persnr}-`);
  assert.equal(files.length, 2, `PDF and JSON: ${files}`);
  const json = JSON.parse(fs.readFileSync(path.join(saveDir, files.find((f) => f.endsWith('.json'))), 'utf8'));
  assert.equal(json.employee.persnr, persnr);
  assert.equal(json.shareHistory[0].explanation, 'Spreekuur over de werkbelasting.');

  const history = page.getByTestId('share-history-pdf');
  await history.getByRole('button', { name: 'Deelgeschiedenis (PDF)' }).click();
  await history.getByTestId('report-saved').waitFor();
  assert.equal(saved(`Deelgeschiedenis-${persnr}-`).length, 1);
  await shot('r-employee-reports');
});

test('Beheer → Rapportages saves the statistics and the register, also in English', { timeout: 90_000 }, async () => {
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Rapportages' }).click();
  const reports = page.getByTestId('reports-panel');
  await reports.getByTestId('report-statistics').getByRole('button', { name: 'Statistiek opslaan (PDF)' }).click();
  await reports.getByTestId('report-statistics').getByTestId('report-saved').waitFor();
  await reports.getByTestId('report-register').getByRole('button', { name: 'Register opslaan (PDF)' }).click();
  await reports.getByTestId('report-register').getByTestId('report-saved').waitFor();
  await shot('r-beheer-rapportages');
  for (const f of [...saved('Verzuimstatistiek-'), ...saved('Verwerkingsregister-')]) {
    fs.renameSync(path.join(saveDir, f), path.join(saveDir, f.replace('.pdf', '-nl.pdf')));
  }

  await page.getByTestId('lang-en').first().click();
  await page.getByRole('tab', { name: 'Reports' }).click();
  await reports.getByTestId('report-statistics').getByRole('button', { name: 'Save statistics (PDF)' }).click();
  await reports.getByTestId('report-statistics').getByTestId('report-saved').waitFor();
  await reports.getByTestId('report-register').getByRole('button', { name: 'Save register (PDF)' }).click();
  await reports.getByTestId('report-register').getByTestId('report-saved').waitFor();
  await shot('r-beheer-reports-en');
  assert.equal(saved('Verzuimstatistiek-').length, 2);
  assert.equal(saved('Verwerkingsregister-').length, 2);
});
