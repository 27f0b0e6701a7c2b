// Client-side checks mirroring internal/validate, so the user hears about a mistake before the
// backend refuses it. The backend stays the authority; its field codes use the same names.

export type FieldErrors = Record<string, string>;

export function isKvk(value: string): boolean {
  return /^\d{8}$/.test(value.trim());
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
