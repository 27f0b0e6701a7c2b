import { CONTRACTS, type EmployeeDetail, type MatchKind } from '../../lib/api';
import { t, type MessageKey } from '../../lib/i18n';

/** The label of an employee whose name the user may not or cannot see: "Anoniem (Persnr 00042)". */
export function anonymousLabel(persnr: string): string {
  return t('tree.anonymised', { persnr });
}

/** The pane's heading: the display name when the identity was read, else the anonymised label. */
export function employeeTitle(d: Pick<EmployeeDetail, 'identity' | 'persnr'>): string {
  const name = d.identity?.displayName.trim() ?? '';
  return name !== '' ? name : anonymousLabel(d.persnr);
}

/** A hit's or row's label: its name, or the anonymised label when the name is ''. */
export function nameOrAnonymous(name: string, persnr: string): string {
  return name.trim() !== '' ? name : anonymousLabel(persnr);
}

/** '111222333' → '•••••2333': only the last four digits are shown until the user asks. */
export function maskBsn(bsn: string): string {
  const digits = bsn.replace(/\s/g, '');
  if (digits === '') return '';
  return '•'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
}

export const MATCH_KEYS: Record<MatchKind, MessageKey> = {
  persnr: 'people.match.persnr',
  bsn: 'people.match.bsn',
  birth_postcode: 'people.match.birth_postcode',
  name: 'people.match.name',
};

export const GENDERS = ['M', 'V', 'X', 'O'] as const;
export const GENDER_KEYS: Record<(typeof GENDERS)[number], MessageKey> = {
  M: 'people.gender.M',
  V: 'people.gender.V',
  X: 'people.gender.X',
  O: 'people.gender.O',
};

export const NAME_USAGES = ['own', 'partner', 'partner-own', 'own-partner'] as const;
export const NAME_USAGE_KEYS: Record<(typeof NAME_USAGES)[number], MessageKey> = {
  own: 'people.nameUsage.own',
  partner: 'people.nameUsage.partner',
  'partner-own': 'people.nameUsage.partnerOwn',
  'own-partner': 'people.nameUsage.ownPartner',
};

/** A code's text, or '' for an empty or unknown code. */
export function codeText<K extends string>(keys: Record<K, MessageKey>, code: string): string {
  return Object.prototype.hasOwnProperty.call(keys, code) ? t(keys[code as K]) : code;
}

/** 'NL' → 'Nederland', 'BE' → 'België', anything else as typed. */
export function countryText(code: string): string {
  if (code === 'NL') return t('people.country.NL');
  if (code === 'BE') return t('people.country.BE');
  return code;
}

/** A stored contract type as the UI says it (an unknown value as stored). */
export function contractLabel(c: string): string {
  return (CONTRACTS as readonly string[]).includes(c) ? t(`facts.contract.${c as (typeof CONTRACTS)[number]}`) : c;
}
