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
  return page;
}
