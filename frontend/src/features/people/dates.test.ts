import { describe, expect, it } from 'vitest';
import { displayToIso, isoToDisplay } from './dates';
import { maskBsn } from './display';

describe('dates: the UI writes dd-mm-jjjj, the backend jjjj-mm-dd', () => {
  it('shows a backend date as dd-mm-jjjj', () => {
    expect(isoToDisplay('1985-03-14')).toBe('14-03-1985');
    expect(isoToDisplay('')).toBe('');
  });

  it('sends a typed dd-mm-jjjj date (also d-m-jjjj, with / or .) as jjjj-mm-dd', () => {
    expect(displayToIso('14-03-1985')).toBe('1985-03-14');
    expect(displayToIso('4-3-1985')).toBe('1985-03-04');
    expect(displayToIso('04/03/1985')).toBe('1985-03-04');
    expect(displayToIso(' 04.03.1985 ')).toBe('1985-03-04');
    expect(displayToIso('1985-03-14')).toBe('1985-03-14');
    expect(displayToIso('')).toBe('');
  });

  it('passes an impossible or unknown date through, so the backend reports date_format', () => {
    expect(displayToIso('31-02-2024')).toBe('31-02-2024');
    expect(displayToIso('29-02-2023')).toBe('29-02-2023');
    expect(displayToIso('29-02-2024')).toBe('2024-02-29');
    expect(displayToIso('gisteren')).toBe('gisteren');
  });
});

describe('maskBsn', () => {
  it('shows only the last four digits of a BSN', () => {
    expect(maskBsn('111222333')).toBe('•••••2333');
    expect(maskBsn('')).toBe('');
  });
});
