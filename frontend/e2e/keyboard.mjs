// Keyboard-only helpers for e2e suites: move the focus with Tab / Shift+Tab (or arrows) until it
// reaches the control wanted, found by what a screen reader would announce (its accessible name,
// roughly: aria-label, aria-labelledby, its <label>, or its text) or its data-testid. Nothing here
// clicks or fills; the page is only read to know where the focus is.

/** focused describes the focused element: "role|name|testid". */
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body||';
    const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    let name = el.getAttribute('aria-label') ?? '';
    if (!name && el.getAttribute('aria-labelledby')) name = byIds(el.getAttribute('aria-labelledby'));
    if (!name && el.labels && el.labels.length) name = [...el.labels].map((l) => l.textContent).join(' ');
    if (!name) name = el.textContent ?? '';
    const role = el.getAttribute('role') ?? (el.tagName === 'INPUT' ? `input:${el.type}` : el.tagName.toLowerCase());
    return `${role}|${name.replace(/\s+/g, ' ').trim()}|${el.getAttribute('data-testid') ?? ''}`;
  });
}

/**
 * tabTo presses Tab (Shift+Tab with back, or the given key) until the focused element's
 * "role|name|testid" matches re; it fails with the path it took when it gets there in no more
 * than max presses.
 */
export async function tabTo(page, re, { back = false, key, max = 60 } = {}) {
  const press = key ?? (back ? 'Shift+Tab' : 'Tab');
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(press);
    const now = await focused(page);
    if (re.test(now)) return now;
    seen.push(now);
  }
  throw new Error(`${press} did not reach ${re} in ${max} presses; focus went: ${seen.join(' → ')}`);
}

/** expectFocus fails when the focus is not on a control matching re (e.g. after a dialog opens). */
export async function expectFocus(page, re, what) {
  // Focus moves after a render: poll briefly.
  let now = '';
  for (let i = 0; i < 40; i++) {
    now = await focused(page);
    if (re.test(now)) return now;
    await page.waitForTimeout(50);
  }
  throw new Error(`${what}: the focus should be on ${re} but is on ${now}`);
}

/** focusRing returns the focused element's outline or box-shadow, to check a focus is visible. */
export async function focusRing(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const parent = el.parentElement ? getComputedStyle(el.parentElement) : null;
    return {
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : '',
      shadow: s.boxShadow !== 'none' ? s.boxShadow : '',
      // Some controls (the theme switch) draw the ring on their wrapper through :focus-within.
      parent: parent && parent.outlineStyle !== 'none' && parseFloat(parent.outlineWidth) > 0 ? parent.outlineColor : '',
    };
  });
}

/** expectFocusInDialog fails unless the focus is inside the open modal dialog (moved there on open). */
export async function expectFocusInDialog(page, what) {
  let inside = false;
  for (let i = 0; i < 40 && !inside; i++) {
    inside = await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
    if (!inside) await page.waitForTimeout(50);
  }
  if (!inside) throw new Error(`${what}: the focus should be inside the dialog but is on ${await focused(page)}`);
}
