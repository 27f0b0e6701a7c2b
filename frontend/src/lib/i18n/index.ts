import { locale, type Locale } from '../state/locale.svelte';
import { nl, type MessageKey } from './nl';
import { en } from './en';
import type { AppError } from '../api';

export type { MessageKey } from './nl';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { nl, en };

export type Params = Record<string, string | number>;

function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** t looks a key up in the current locale; reading locale.current makes templates re-render. */
export function t(key: MessageKey, params?: Params): string {
  const text = catalogues[locale.current][key] ?? nl[key];
  return format(text, params);
}

/** A key that has plural forms: `<base>.one` and `<base>.other` are both in the catalogue. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
}[MessageKey];

const LOCALE_TAGS: Record<typeof locale.current, string> = { nl: 'nl-NL', en: 'en-GB' };
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** formatNumber writes a number the current locale's way: 12.000 (nl) or 12,000 (en). */
export function formatNumber(n: number): string {
  const tag = LOCALE_TAGS[locale.current];
  let f = numberFormats.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
    numberFormats.set(tag, f);
  }
  return f.format(n);
}

const decimalFormats = new Map<string, Intl.NumberFormat>();

/**
 * formatDecimal writes a decimal number the current locale's way, with at most two decimals:
 * 32,5 (nl) or 32.5 (en). Text that is not a plain number (as the backend stores hours: "32.5",
 * also "32,5") comes back as it was.
 */
export function formatDecimal(value: string | number): string {
  const text = String(value).trim();
  if (!/^\d+(?:[.,]\d+)?$/.test(text)) return String(value);
  const tag = LOCALE_TAGS[locale.current];
  let f = decimalFormats.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag, { maximumFractionDigits: 2, useGrouping: false });
    decimalFormats.set(tag, f);
  }
  return f.format(Number(text.replace(',', '.')));
}

/**
 * tn is t for a count: it picks `<base>.one` or `<base>.other` by the current locale's plural rule
 * (Intl.PluralRules) and fills {n} with the count written the locale's way; params may add more.
 * Dutch and English have only these two forms; any other category a rule returns reads as other.
 */
export function tn(base: PluralKey, count: number, params?: Params): string {
  const tag = LOCALE_TAGS[locale.current];
  let rules = pluralRules.get(tag);
  if (!rules) {
    rules = new Intl.PluralRules(tag);
    pluralRules.set(tag, rules);
  }
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { n: formatNumber(count), ...params });
}

/** has tells whether a dynamic key (built from a backend code) exists in the catalogue. */
export function has(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(nl, key);
}

/** errorText is the catalogue text for an AppError's code, or the backend message for an unknown code. */
export function errorText(err: AppError): string {
  const key = `error.${err.code}`;
  // Which PC holds the arbo sync lease, until when (a random label and a time).
  const device = err.params?.device?.[0];
  const until = err.params?.until?.[0];
  if (device && until && has(`${key}.named`) && !Number.isNaN(Date.parse(until))) {
    const time = new Intl.DateTimeFormat(LOCALE_TAGS[locale.current], { hour: '2-digit', minute: '2-digit' }).format(new Date(until));
    return t(`${key}.named` as MessageKey, { device, time });
  }
  if (has(key)) return t(key);
  return err.message || t('error.unknown');
}

/**
 * fieldText translates a field code from invalid_input.fields (or a local validation code). With
 * params (AppError.params of that field: the medical words found, the persnr that has a BSN) the
 * `validation.<code>.found` text names them, where the catalogue has one.
 */
export function fieldText(code: string, params?: readonly string[]): string {
  const found = `validation.${code}.found`;
  if (params && params.length > 0 && has(found)) return t(found, { values: params.join(', ') });
  const key = `validation.${code}`;
  return has(key) ? t(key) : t('validation.unknown');
}

/** fieldError is the text for a form field's error code, if it has one: `fieldError(form.errors.email)`. */
export function fieldError(code: string | undefined): string | undefined {
  return code ? fieldText(code) : undefined;
}

/** problemText translates a CheckPassphrase problem code. */
export function problemText(code: string): string {
  const key = `problem.${code}`;
  return has(key) ? t(key) : t('problem.unknown');
}
