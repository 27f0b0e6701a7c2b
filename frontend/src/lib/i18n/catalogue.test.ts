import { describe, expect, it } from 'vitest';
import { nl } from './nl';
import { en } from './en';

describe('i18n catalogues', () => {
  it('nl and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('no catalogue has an empty string', () => {
    for (const [name, cat] of Object.entries({ nl, en })) {
      const empty = Object.entries(cat)
        .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
        .map(([k]) => `${name}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('rule: every plural key has its other form: <base>.one comes with <base>.other', () => {
    const keys = new Set(Object.keys(nl));
    const broken = [...keys].filter((k) => k.endsWith('.one') && !keys.has(`${k.slice(0, -'.one'.length)}.other`));
    expect(broken).toEqual([]);
  });

  it('placeholders match between nl and en', () => {
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(params(en[key]), key).toEqual(params(nl[key]));
    }
  });

  it('rule: an import text that counts a noun is a plural pair, never "1 problemen" or "1 regels" (issue 17)', () => {
    const counted = /\{(n|count)\} (regels?|problemen|probleem|afdelingen|velden|kolommen|rows?|problems?|departments?|fields?|columns?)\b/;
    for (const [name, cat] of Object.entries({ nl, en })) {
      const joined = Object.entries(cat)
        .filter(([k, v]) => k.startsWith('import.') && !/\.(one|other)$/.test(k) && counted.test(v))
        .map(([k]) => `${name}:${k}`);
      expect(joined).toEqual([]);
    }
  });
});
