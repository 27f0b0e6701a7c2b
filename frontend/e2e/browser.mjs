// What every e2e suite shares: Debian's chromium (playwright-core cannot download a browser
// here) started headless, and pages with a step timeout that report page errors.
import { chromium } from 'playwright-core';

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser, { width, height }, step) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(step);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // An admin who unlocks a vault without a processor-agreement signatory is asked for one in a
  // modal dialog; suites about other screens answer "Later" whenever it is in the way. The
  // support suite removes this handler (signatoryPrompt) to fill the dialog in.
  await page.addLocatorHandler(signatoryPrompt(page), async () => {
    await page.getByTestId('signatory-later').click();
  });
  return page;
}

/** signatoryPrompt is the dialog newPage answers with "Later"; removeLocatorHandler(signatoryPrompt(page)) stops that. */
export function signatoryPrompt(page) {
  return page.getByTestId('signatory-prompt');
}
