// End-to-end: the signatory prompt after a new vault's first unlock and the Ondersteuning page,
// in the real window's UI with live Go bindings (wails dev on localhost:34115). Run by e2e/run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage, signatoryPrompt } from './browser.mjs';

const url = process.env.KLUIS_E2E_URL ?? 'http://localhost:34115/';
const artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts';
const STEP = 15_000;

// Canary values in every identity field this vault gets: none may reach the support block.
const employer = { name: 'Canarybakkerij Zwaluwstaart BV', kvk: '87654321' };
const admin = { name: 'Gerrit Goudvink', email: 'goudvink@vogel.example', pass: 'paard batterij nietje correct' };
const signatory = { name: 'Sijsje Sperwer', fn: 'Directeur-eigenaar', email: 'sperwer@vogel.example' };
const helpdesk = { name: 'Helpdesk Arbodienst Koolmees', email: 'helpdesk@koolmees.example', phone: '030 123 45 67' };
const canaries = [employer.name, employer.kvk, admin.name, admin.email, signatory.name, signatory.email, 'Zwaluwstaart',
  'Goudvink', 'Sperwer', helpdesk.name, helpdesk.email];

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
  await page.removeLocatorHandler(signatoryPrompt(page)); // this suite answers the prompt itself
});

after(async () => {
  await browser?.close();
});

test('a new vault: after the emergency kit the admin is asked who signs the processor agreement, and records it', { timeout: 180_000 }, async () => {
  await page.goto(url, { timeout: 60_000 });
  await visible('screen-create');
  await page.getByLabel('Naam werkgever').fill(employer.name);
  await page.getByLabel('KvK-nummer').fill(employer.kvk);
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByLabel('Je naam').fill(admin.name);
  await page.getByLabel('Je e-mailadres').fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByLabel('Herhaal wachtwoordzin').fill(admin.pass);
  await page.getByRole('button', { name: 'Kluis aanmaken' }).click();
  await page.getByTestId('screen-kit').waitFor({ timeout: 60_000 });
  await page.getByLabel('Ik heb de noodkit veilig opgeslagen').check();
  await page.getByRole('button', { name: 'Naar mijn kluis' }).click();
  await visible('app-shell');

  const dialog = signatoryPrompt(page);
  await dialog.waitFor({ state: 'visible', timeout: STEP });
  await dialog.getByRole('heading', { name: 'Wie tekent de verwerkersovereenkomst?' }).waitFor();
  assert.match(await dialog.innerText(), new RegExp(employer.name));
  await shot('support-01-signatory-prompt');

  // "Gerechtigde opslaan" with nothing filled in shows the errors inside the dialog.
  await dialog.getByRole('button', { name: 'Gerechtigde opslaan' }).click();
  await dialog.getByText('Vul dit veld in.').first().waitFor();
  await dialog.getByLabel('Naam', { exact: true }).fill(signatory.name);
  await dialog.getByLabel('Functie').fill(signatory.fn);
  await dialog.getByRole('radio', { name: /Zelfstandig bevoegd/ }).check();
  await dialog.getByLabel('Datum KvK-uittreksel').fill('05-11-2026');
  await dialog.getByLabel('E-mailadres').fill(signatory.email);
  await shot('support-02-signatory-filled');
  await dialog.getByRole('button', { name: 'Gerechtigde opslaan' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: STEP });

  // Actueel has no reminder once it is recorded, and Beheer → Verwerkersovereenkomst shows it.
  await page.getByTestId('nav-actueel').click();
  await page.getByRole('heading', { name: 'Actueel', level: 1 }).waitFor();
  assert.equal(await page.getByTestId('actueel-signatory-reminder').count(), 0);
  await page.getByTestId('nav-beheer').click();
  await page.getByRole('tab', { name: 'Verwerkersovereenkomst' }).click();
  await page.getByTestId('agreement-status').getByText(/Vastgelegd/).waitFor();
  assert.equal(await page.getByTestId('agreement-signatory').getByLabel('Naam', { exact: true }).inputValue(), signatory.name);
});

test('Ondersteuning: an admin records the helpdesk; the copied support block has the version and names nobody', { timeout: 120_000 }, async () => {
  await page.getByTestId('support-button').click();
  await page.getByRole('heading', { name: 'Ondersteuning', level: 1 }).waitFor();
  assert.equal(await page.getByTestId('support-button').getAttribute('aria-current'), 'page');
  await visible('helpdesk-none');

  await page.getByTestId('helpdesk-edit').click();
  await page.getByLabel('Naam van de helpdesk').fill(helpdesk.name);
  await page.getByLabel('Telefoonnummer').fill('bel ons');
  await page.getByTestId('helpdesk-save').click();
  await page.getByText('Vul een geldig telefoonnummer in', { exact: false }).waitFor();
  await page.getByLabel('Telefoonnummer').fill(helpdesk.phone);
  await page.getByLabel('E-mailadres').fill(helpdesk.email);
  await page.getByLabel('Openingstijden').fill('ma–vr 8.30–17.00 uur');
  await page.getByTestId('helpdesk-save').click();
  await page.getByText('De helpdesk is vastgelegd.').waitFor();
  assert.equal(await page.getByTestId('helpdesk-phone').innerText(), helpdesk.phone);

  const version = (await page.getByTestId('support-version').innerText()).trim();
  assert.ok(version.length > 0, 'the version is shown');
  await page.getByTestId('support-copy').click();
  await visible('support-copied');
  const shown = await page.getByTestId('support-text').innerText();
  // What went onto the clipboard, read back through the Wails runtime when it offers that.
  const copied = await page.evaluate(async () => {
    const rt = /** @type {any} */ (window).runtime;
    try {
      return typeof rt?.ClipboardGetText === 'function' ? await rt.ClipboardGetText() : null;
    } catch {
      return null;
    }
  });
  console.log(`clipboard read back: ${copied === null ? 'not available' : JSON.stringify(copied.slice(0, 60))}`);
  for (const text of copied ? [shown, copied] : [shown]) {
    assert.match(text, new RegExp(`Kluis version:\\s+${version.replace(/[.+]/g, '\\$&')}`));
    assert.match(text, /Employees:\s+0/);
    assert.match(text, /Users:\s+1/);
    for (const c of canaries) assert.ok(!text.includes(c), `the support block holds ${c}`);
  }
  await shot('support-03-page');

  await page.getByTestId('lang-en').click();
  await page.getByRole('heading', { name: 'Support', level: 1 }).waitFor();
  await shot('support-04-page-en');
  await page.getByTestId('lang-nl').click();
});

test('once a signatory is recorded, the next unlock does not ask again', { timeout: 60_000 }, async () => {
  // Recorded, so a new unlock does not ask.
  await page.getByTestId('lock-button').click();
  await visible('screen-unlock');
  await page.getByLabel('E-mailadres', { exact: true }).fill(admin.email);
  await page.getByLabel('Wachtwoordzin', { exact: true }).fill(admin.pass);
  await page.getByRole('button', { name: 'Ontgrendelen' }).click();
  await visible('app-shell');
  await page.getByRole('heading', { name: 'Actueel', level: 1 }).waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await signatoryPrompt(page).count(), 0, 'no prompt once a signatory is recorded');
  await shot('support-05-actueel-after-unlock');
});
