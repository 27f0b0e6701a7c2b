// End-to-end: backup and restore as an admin meets them. Phase "make" (a seeded vault): the
// reminder on Actueel, Beheer → Back-up, "Back-up maken" (the save dialog is answered from
// KLUIS_E2E_SAVE_DIR). Phase "restore" (an empty vault folder): the first-run screen's
// "Back-up terugzetten" with the file just made (KLUIS_E2E_OPEN_FILE), then unlock. Run by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const phase = process.env.KLUIS_E2E_PHASE ?? 'make';
const saveDir = process.env.KLUIS_E2E_SAVE_DIR ?? '';
const STEP = 30_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };

let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function visible(testid) {
  await page.getByTestId(testid).waitFor({ state: 'visible', timeout: STEP });
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1280, height: 820 }, STEP);
});

after(async () => {
  await browser?.close();
});

test(`backup: ${phase}`, { timeout: 240_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  if (phase === 'make') {
    await visible('screen-unlock');
    await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
    await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
    await page.getByRole('button', { name: 'Ontgrendelen' }).click();
    await visible('actueel-backup-reminder');
    await shot('backup-01-actueel-reminder');
    await page.getByTestId('actueel-backup-open').click();
    await visible('backup-panel');
    await page.getByTestId('backup-due').waitFor({ timeout: STEP });
    await shot('backup-02-beheer-tab');
    await page.getByTestId('backup-make').click();
    await visible('backup-done');
    const done = await page.getByTestId('backup-done').textContent();
    assert.match(done ?? '', /kluis-backup-\d{4}-\d{2}-\d{2}\.kluisbak/);
    await page.getByTestId('backup-last').waitFor();
    assert.doesNotMatch((await page.getByTestId('backup-last').textContent()) ?? '', /nooit/);
    await shot('backup-03-done');
    const files = fs.readdirSync(saveDir).filter((f) => f.endsWith('.kluisbak'));
    assert.equal(files.length, 1);
  } else {
    await visible('screen-create');
    await page.getByTestId('create-restore').click();
    await visible('screen-restore');
    await shot('backup-04-restore-empty');
    await page.getByTestId('restore-choose').click();
    await visible('restore-file');
    await page.getByLabel('E-mailadres van een beheerder').fill(admin.email);
    await page.getByLabel('Wachtwoordzin (van toen)').fill(admin.pass);
    await shot('backup-05-restore-filled');
    await page.getByTestId('restore-submit').click();
    await visible('screen-unlock');
    await visible('restored-notice');
    await shot('backup-06-restored-unlock');
    await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
    await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
    await page.getByRole('button', { name: 'Ontgrendelen' }).click();
    await visible('app-shell');
    await shot('backup-07-restored-shell');
  }
});
