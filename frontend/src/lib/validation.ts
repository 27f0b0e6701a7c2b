// Client-side checks mirroring internal/validate, so the user hears about a mistake before the
// backend refuses it. The backend stays the authority; its field codes use the same names.

export type FieldErrors = Record<string, string>;

/** kvkDigits is a KvK number as people type or paste it ("1234 5678", "1234.5678") without the spaces and dots. */
export function kvkDigits(value: string): string {
  return value.replace(/[\s.]/g, '');
}

/** isKvk: exactly 8 digits once spaces and dots are taken out (as the backend reads it). */
export function isKvk(value: string): boolean {
  return /^\d{8}$/.test(kvkDigits(value));
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export function isIdleMinutes(value: string | number): boolean {
  const s = String(value).trim();
  if (!/^\d+$/.test(s)) return false;
  const n = Number(s);
  return n >= 1 && n <= 240;
}

/** required adds a 'required' code when the trimmed value is empty; returns whether it is filled. */
export function required(errors: FieldErrors, field: string, value: string): boolean {
  if (value.trim() === '') {
    errors[field] = 'required';
    return false;
  }
  return true;
}
