/**
 * Dates in the UI are dd-mm-jjjj, as Dutch payroll exports and HR staff write them; the backend
 * sends jjjj-mm-dd and accepts either. These helpers convert between the two without guessing:
 * anything that is not a real calendar date is passed through unchanged, so the backend (the
 * authority) reports it as date_format under the right field.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUTCH = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '1985-03-14' → '14-03-1985'; '' stays ''; anything else is returned as it came. */
export function isoToDisplay(value: string): string {
  const m = ISO.exec(value.trim());
  if (!m) return value;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/**
 * '14-03-1985' (also 14-3-1985, 14/03/1985, 14.03.1985) → '1985-03-14'. An ISO date stays as it
 * is; '' stays ''; an impossible or unrecognised date is returned trimmed, for the backend to refuse.
 */
export function displayToIso(value: string): string {
  const s = value.trim();
  if (s === '' || ISO.test(s)) return s;
  const m = DUTCH.exec(s);
  if (!m) return s;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  return valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : s;
}
