import type { EmployerAddress } from '../../lib/api';
import type { FieldErrors } from '../../lib/validation';

/**
 * The backend's loonheffingennummer rule, checked here first so a typo shows at once: nine
 * digits passing the elfproef (the RSIN), the letter L and two digits from 01. Spaces and dots
 * are ignored, a lower-case l is fine.
 */
export function payrollTaxProblem(value: string): 'payroll_tax_format' | null {
  const v = value.replace(/[\s.]/g, '').toUpperCase();
  if (v === '') return null;
  const m = /^(\d{9})L(\d{2})$/.exec(v);
  if (!m || m[2] === '00' || m[1] === '000000000') return 'payroll_tax_format';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(m[1]![i]);
  sum -= Number(m[1]![8]);
  return sum % 11 === 0 ? null : 'payroll_tax_format';
}

const DUTCH_POSTCODE = /^[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}$/i;

/**
 * An employer's address is empty or complete: street, number, postcode and town given (the
 * addition optional), the postcode Dutch. Errors come under "<prefix>.<part>", as the backend's.
 */
export function addressProblems(prefix: 'visit' | 'postal', a: EmployerAddress): FieldErrors {
  const e: FieldErrors = {};
  const parts = [a.street, a.number, a.addition, a.postcode, a.city].map((p) => p.trim());
  if (parts.every((p) => p === '')) return e;
  for (const part of ['street', 'number', 'postcode', 'city'] as const) {
    if (a[part].trim() === '') e[`${prefix}.${part}`] = 'required';
  }
  if (a.postcode.trim() !== '' && !DUTCH_POSTCODE.test(a.postcode.trim())) e[`${prefix}.postcode`] = 'postcode_format';
  return e;
}
