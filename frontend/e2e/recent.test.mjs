// End-to-end: "Laatst bezocht" under the tree. An admin opens two employees, sees them listed
// newest first, opens one again from the list with the keyboard, locks, unlocks, and the list is
// still there (it is sealed in the vault for this user, not kept in the window). Then "Mijn
// account": a new name and e-mail, and the new address unlocks while the old one no longer does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 15_000;
const admin = { email: 'petra@delinde.example', pass: 'paard batterij nietje correct' };

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

// openByPersnr searches a persnr and opens the hit in the pane.
async function openByPersnr(persnr) {
  const box = page.getByRole('combobox', { name: 'Zoeken' });
  await box.click();
  await box.fill(persnr);
  await page.getByRole('listbox', { name: 'Zoekresultaten' }).getByRole('option', { name: new RegExp(persnr) }).waitFor();
  await box.press('ArrowDown');
  await box.press('Enter');
  await page.getByRole('heading', { name: 'Persoonsgegevens' }).waitFor();
}

const recentList = () => page.getByRole('list', { name: 'Laatst bezochte medewerkers' });

async function recentPersnrs() {
  const texts = await recentList().getByRole('button').allInnerTexts();
  return texts.map((s) => s.match(/Persnr (\d+)/)?.[1] ?? s.split('\n')[0].trim());
}

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, { width: 1360, height: 860 }, STEP);
});

after(async () => {
  await browser?.close();
});

test('two opened employees are listed newest first, open again from the list, and stay after lock and unlock', { timeout: 180_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await unlock(admin);
  await page.getByTestId('nav-medewerkers').click();
  await page.getByRole('tree').waitFor();
  assert.equal(await page.getByTestId('recent-employees').count(), 0, 'nothing visited yet: no list');

  await openByPersnr('000003');
  await openByPersnr('000007');
  await recentList().getByRole('button').nth(1).waitFor();
  // Unshared employees: the list labels them as the tree does.
  assert.deepEqual(await recentPersnrs(), ['000007', '000003']);
  await shot('r01-recent-two');

  // Keyboard: focus the older one and press Enter; it opens and moves to the front.
  await recentList().getByRole('button', { name: /000003/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Gegevens' }).getByText('000003', { exact: true }).first().waitFor();
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="recent-employees"] button');
    return b?.textContent?.includes('000003');
  });
  assert.deepEqual(await recentPersnrs(), ['000003', '000007']);

  await page.getByTestId('lock-button').click();
  await unlock(admin);
  await page.getByTestId('nav-medewerkers').click();
  await recentList().getByRole('button').nth(1).waitFor();
  assert.deepEqual(await recentPersnrs(), ['000003', '000007'], 'the list survives lock and unlock');
  await shot('r02-recent-after-unlock');
});

test('Mijn account: an admin changes their name and e-mail, the header follows, and the new address unlocks', { timeout: 180_000 }, async () => {
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Instellingen' }).click();
  const card = page.getByRole('region', { name: 'Mijn account' });
  await card.getByLabel('Naam', { exact: true }).fill('Petra van Dijk');
  await card.getByLabel('E-mailadres', { exact: true }).fill('petra.vandijk@delinde.example');
  await card.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await card.getByText('Ontgrendel voortaan met petra.vandijk@delinde.example.').waitFor();
  await page.getByText('Petra van Dijk').first().waitFor();
  await shot('r03-mijn-account');

  await page.getByTestId('lock-button').click();
  await page.getByTestId('screen-unlock').waitFor();
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByText('Het e-mailadres of de wachtwoordzin klopt niet.').waitFor({ timeout: 30_000 });
  await unlock({ email: 'petra.vandijk@delinde.example', pass: admin.pass });
  await page.getByText('Petra van Dijk').first().waitFor();
  await shot('r04-unlocked-with-new-email');
});

test('Mijn account: a user asks for a new e-mail, keeps the old until an admin approves on Actueel, then unlocks with the new', { timeout: 240_000 }, async () => {
  const petra = { email: 'petra.vandijk@delinde.example', pass: admin.pass };
  const noor = { name: 'Noor Nieuw', email: 'noor@delinde.example', newEmail: 'noor.nieuw@delinde.example', pass: 'lantaarn vlieger pindakaas mossel' };
  await page.getByTestId('lock-button').click();
  await page.getByTestId('screen-unlock').waitFor();
  await page.getByRole('button', { name: 'Nog geen toegang? Toegang aanvragen' }).click();
  const req = page.getByTestId('screen-request');
  await req.getByLabel('Naam').fill(noor.name);
  await req.getByLabel('E-mailadres', { exact: true }).fill(noor.email);
  await req.getByLabel('Wachtwoordzin', { exact: true }).fill(noor.pass);
  await req.getByLabel('Herhaal wachtwoordzin').fill(noor.pass);
  await req.getByRole('radio', { name: /^Gebruiker/ }).check();
  await req.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await page.getByTestId('request-sent').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Terug naar ontgrendelen' }).click();
  await unlock(petra);
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: /^Beheeracties/ }).click();
  await page.getByTestId('access-requests').getByRole('button', { name: 'Akkoord' }).click();
  const dialog = page.getByTestId('approve-request');
  await dialog.getByRole('button', { name: 'Akkoord' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  await page.getByTestId('lock-button').click();

  // Noor asks for a new address: it waits, and she still unlocks with the old one.
  await unlock(noor);
  await page.getByTestId('nav-beheer').click();
  const card = page.getByRole('region', { name: 'Mijn account' });
  await card.getByLabel('E-mailadres', { exact: true }).fill(noor.newEmail);
  await card.getByRole('button', { name: 'Gegevens opslaan' }).click();
  await card.getByText(`Wacht op akkoord van een beheerder: ${noor.newEmail}`).waitFor();
  await shot('r05-email-change-pending');
  await page.getByTestId('lock-button').click();
  await unlock(noor);
  await page.getByTestId('lock-button').click();

  // Petra approves it on Actueel.
  await unlock(petra);
  await page.getByTestId('nav-actueel').click();
  const changes = page.getByTestId('actueel-email-changes');
  await changes.getByText(`${noor.email} → nieuw adres: ${noor.newEmail}`).waitFor();
  await shot('r06-actueel-email-change');
  await changes.getByRole('button', { name: 'Akkoord' }).click();
  await changes.getByText('Noor Nieuw ontgrendelt voortaan met het nieuwe e-mailadres.').waitFor({ timeout: 30_000 });
  await page.getByTestId('lock-button').click();

  await page.getByTestId('screen-unlock').waitFor();
  await page.getByLabel('E-mailadres', { exact: true }).fill(noor.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(noor.pass);
  await page.getByLabel('Wachtwoordzin', { exact: true }).press('Enter');
  await page.getByText('Het e-mailadres of de wachtwoordzin klopt niet.').waitFor({ timeout: 30_000 });
  await unlock({ email: noor.newEmail, pass: noor.pass });
  await page.getByTestId('nav-beheer').click();
  assert.equal(await page.getByRole('region', { name: 'Mijn account' }).getByLabel('E-mailadres', { exact: true }).inputValue(), noor.newEmail);
  await shot('r07-unlocked-with-approved-email');
});
