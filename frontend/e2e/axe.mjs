// Accessibility checks any e2e suite can call: axe-core (a pinned devDependency, injected from
// node_modules, never downloaded) run against the live page in the light and the dark theme.
// A serious or critical violation fails the step; the findings of every check are also kept in
// artifacts/axe.json so a failure can be read without re-running.
import { createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = require.resolve('axe-core');

// WCAG 2.2 A and AA, plus axe's best practices (landmarks, headings, ARIA usage).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

// No rule is switched off. If one ever must be, list it here with the reason, and in the
// Accessibility section of docs/ARCHITECTURE.md.
const DISABLED_RULES = {};

// Only colours differ between the themes: in the second theme just the colour rules run, which
// halves the time a check takes.
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axeViolations runs axe once on the page as it is now and returns its violations: every rule of
 * TAGS, or with colourOnly just the colour rules.
 */
export async function axeViolations(page, { colourOnly = false } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: axeSource });
  }
  return page.evaluate(
    async ({ tags, disabled, colourRules }) => {
      const rules = Object.fromEntries(Object.keys(disabled).map((id) => [id, { enabled: false }]));
      const runOnly = colourRules ? { type: 'rule', values: colourRules.filter((id) => !(id in disabled)) } : { type: 'tag', values: tags };
      const res = await window.axe.run(document, { runOnly, rules, resultTypes: ['violations'] });
      return res.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary, html: n.html.slice(0, 200) })),
      }));
    },
    { tags: TAGS, disabled: DISABLED_RULES, colourRules: colourOnly ? COLOUR_RULES : null },
  );
}

/** describe turns violations into a readable list for an assertion message. */
function describe(violations) {
  return violations
    .map((v) => `  ${v.impact} ${v.id}: ${v.help}\n` + v.nodes.slice(0, 6).map((n) => `    - ${n.target}\n      ${(n.summary ?? '').replaceAll('\n', ' ')}`).join('\n'))
    .join('\n');
}

// Theme switches have no transition in the app's CSS that changes colours late, but a check must
// never read a colour half-way: transitions and animations are switched off while axe runs.
const NO_MOTION = '*,*::before,*::after{transition:none!important;animation:none!important}';

/**
 * checkAccessible checks the current screen in the light and the dark theme (as ThemeSwitch sets
 * them: data-theme on <html>: every rule in light, the colour rules in dark) and returns its
 * serious and critical violations, one string per theme. The theme the page had is put back.
 */
export async function checkAccessible(page, screen, { artifacts = process.env.KLUIS_E2E_ARTIFACTS ?? 'e2e/artifacts' } = {}) {
  const before = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  const style = await page.addStyleTag({ content: NO_MOTION });
  const failures = [];
  try {
    for (const themeName of ['light', 'dark']) {
      await page.evaluate((th) => document.documentElement.setAttribute('data-theme', th), themeName);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const violations = await axeViolations(page, { colourOnly: themeName === 'dark' });
      appendFileSync(path.join(artifacts, 'axe.json'), JSON.stringify({ screen, theme: themeName, violations }) + '\n');
      const bad = violations.filter((v) => FAILING.has(v.impact));
      if (bad.length) failures.push(`${screen} (${themeName}):\n${describe(bad)}`);
    }
  } finally {
    await page.evaluate((th) => {
      if (th === null) document.documentElement.removeAttribute('data-theme');
      else document.documentElement.setAttribute('data-theme', th);
    }, before);
    await style.evaluate((el) => el.remove());
  }
  return failures;
}

/**
 * expectAccessible fails at once on a serious or critical violation; checkAccessible suits a
 * suite that collects problems over many screens and fails once at the end.
 */
export async function expectAccessible(page, screen, opts) {
  const failures = await checkAccessible(page, screen, opts);
  assert.equal(failures.length, 0, `axe found serious or critical accessibility problems:\n${failures.join('\n')}`);
}
