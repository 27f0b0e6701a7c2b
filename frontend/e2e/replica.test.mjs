// End-to-end: a second PC joins an existing vault through a real S3 server (versitygw, started by
// run.sh, which also stored the bucket in PC A's vault with `kluis replicate --save` and made the
// join code with `kluis device invite`). In the window of the empty PC B: "Bestaande kluis
// koppelen" (a wrong code first), unlock as the admin, the employees arrive, the status line on
// the Synchronisatie page, the Logboek and Beheer → Apparaten naming PC A's audit log as
// incomplete (run.sh withheld its audit objects), both PCs and a new join code, then PC A
// removed from PC B (confirmation, then "Verwijderd door …").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const s3 = {
  url: process.env.KLUIS_E2E_S3_URL ?? '',
  access: process.env.KLUIS_E2E_S3_ACCESS ?? '',
  secret: process.env.KLUIS_E2E_S3_SECRET ?? '',
  code: process.env.KLUIS_E2E_JOIN_CODE ?? '',
};
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

test('replica: join a second PC in the window and see the employees arrive', { timeout: 300_000 }, async () => {
  assert.ok(s3.url && s3.code, 'run.sh passes the bucket and the join code');
  await page.goto(url, { timeout: 60_000 });
  await visible('screen-create');
  await shot('replica-01-first-run');
  await page.getByTestId('create-join').click();
  await visible('screen-join');
  // Every field is needed.
  await page.getByTestId('join-submit').click();
  assert.equal(await page.getByLabel('Bucketadres').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Bucketadres').fill(s3.url);
  await page.getByLabel('Toegangssleutel').fill(s3.access);
  await page.getByLabel('Geheim', { exact: true }).fill(s3.secret);
  await page.getByLabel('Koppelcode').fill('AAAA-BBBB-CCCC');
  await page.getByTestId('join-submit').click();
  await visible('join-error');
  await shot('replica-02-join-wrong-code');
  await page.getByLabel('Koppelcode').fill(s3.code);
  await shot('replica-03-join-filled');
  await page.getByTestId('join-submit').click();
  await visible('screen-unlock');
  await shot('replica-04-unlock');
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await visible('app-shell');
  await shot('replica-05-shell');

  await page.getByTestId('nav-synchronisatie').click();
  await visible('replica-status');
  await page.getByTestId('replica-line').filter({ hasText: /Gerepliceerd/ }).waitFor({ timeout: 60_000 });
  await visible('replica-dot');
  await page.getByTestId('replica-now').click();
  await page.getByTestId('replica-line').filter({ hasText: /Gerepliceerd/ }).waitFor({ timeout: 60_000 });
  await shot('replica-06-status-line');

  await page.getByTestId('nav-medewerkers').click();
  await page.getByText('Zorggroep De Linde B.V.').first().waitFor({ timeout: 60_000 });
  await page.getByRole('treeitem').nth(1).waitFor({ timeout: STEP });
  await shot('replica-07-employees');

  // PC A's audit entries were withheld from the bucket (run.sh deleted them): the Logboek says
  // that PC's part is incomplete, and Beheer → Apparaten says so on PC A's row.
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Logboek' }).click();
  await visible('logbook-gap');
  assert.match((await page.getByTestId('logbook-gap').textContent()) ?? '', /Logboek onvolledig: PC [0-9A-F]{4}-[0-9A-F]{2} meldde \d+ regel/);
  await shot('replica-08a-logboek-gap');
  await page.getByRole('tab', { name: 'Apparaten' }).click();
  await visible('devices-panel');
  await page.getByTestId('device-row').nth(1).waitFor({ timeout: STEP });
  assert.equal(await page.getByTestId('device-row').count(), 2);
  assert.equal(await page.getByTestId('device-audit-gap').count(), 1, "PC A's row names its incomplete log");
  assert.equal(await page.getByLabel('Geheim', { exact: true }).inputValue(), '');
  const body = (await page.textContent('body')) ?? '';
  assert.ok(!body.includes(s3.secret), 'the secret is never shown');
  await page.getByTestId('invite-make').click();
  await visible('invite-code');
  await shot('replica-08-apparaten');

  // Remove PC A from here: a confirmation that says the PC keeps its data and that a stolen PC's
  // user must be revoked too; then PC A shows as removed, by whom and when, without a button.
  assert.equal(await page.getByTestId('device-remove').count(), 1, 'only the other PC can be removed');
  await page.getByTestId('device-remove').click();
  await visible('device-remove-dialog');
  const dialog = (await page.getByTestId('device-remove-dialog').textContent()) ?? '';
  assert.match(dialog, /Trek dan ook de toegang in/);
  await shot('replica-09-remove-dialog');
  await page.getByTestId('device-remove-confirm').click();
  await visible('device-removed');
  await page.getByTestId('device-state').filter({ hasText: /Verwijderd\s*door/ }).waitFor({ timeout: STEP });
  assert.equal(await page.getByTestId('device-remove').count(), 0);
  await shot('replica-10-removed');
});
