import type { IdentityFields } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';

/** The identity fields a conflict compares, in the order the employee form shows them. */
export const CONFLICT_FIELDS: readonly { key: keyof IdentityFields; label: MessageKey }[] = [
  { key: 'initials', label: 'people.field.initials' },
  { key: 'firstName', label: 'people.field.firstName' },
  { key: 'firstNames', label: 'people.field.firstNames' },
  { key: 'prefix', label: 'people.field.prefix' },
  { key: 'surname', label: 'people.field.surname' },
  { key: 'partnerPrefix', label: 'people.field.partnerPrefix' },
  { key: 'partnerSurname', label: 'people.field.partnerSurname' },
  { key: 'nameUsage', label: 'people.field.nameUsage' },
  { key: 'gender', label: 'people.field.gender' },
  { key: 'bsn', label: 'people.field.bsn' },
  { key: 'birthDate', label: 'people.field.birthDate' },
  { key: 'street', label: 'people.field.street' },
  { key: 'number', label: 'people.field.number' },
  { key: 'addition', label: 'people.field.addition' },
  { key: 'postcode', label: 'people.field.postcode' },
  { key: 'city', label: 'people.field.city' },
  { key: 'country', label: 'people.field.country' },
  { key: 'phoneMobile', label: 'people.field.phoneMobile' },
  { key: 'phoneWork', label: 'people.field.phoneWork' },
  { key: 'phonePrivate', label: 'people.field.phonePrivate' },
  { key: 'emailWork', label: 'people.field.emailWork' },
  { key: 'emailPrivate', label: 'people.field.emailPrivate' },
];

export type FieldRow = { key: keyof IdentityFields; label: MessageKey; current: string; kept: string; differs: boolean };

/**
 * fieldRows compares two versions field by field: every field that differs, plus the name
 * fields so the user sees whom it is about. Fields empty in both are left out.
 */
export function fieldRows(current: IdentityFields | undefined, kept: IdentityFields): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const f of CONFLICT_FIELDS) {
    const c = current?.[f.key] ?? '';
    const k = kept[f.key] ?? '';
    const differs = c !== k;
    if (!differs && (c === '' || (f.key !== 'firstName' && f.key !== 'prefix' && f.key !== 'surname'))) continue;
    rows.push({ key: f.key, label: f.label, current: c, kept: k, differs });
  }
  return rows;
}
