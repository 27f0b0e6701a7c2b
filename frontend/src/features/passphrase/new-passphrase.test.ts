import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', () => ({
  checkPassphrase: vi.fn(async (p: string) =>
    p === 'lantaarn vlieger pindakaas mossel'
      ? { score: 4, acceptable: true, problems: [] }
      : { score: 0, acceptable: false, problems: ['too_short', 'common'] },
  ),
}));

import { NewPassphrase } from './new-passphrase.svelte';
import type { FieldErrors } from '../../lib/validation';

describe('NewPassphrase', () => {
  it('requires a passphrase and a repeat that matches it', () => {
    const np = new NewPassphrase();
    let e: FieldErrors = {};
    np.check(e);
    expect(e).toEqual({ passphrase: 'required' });

    np.value = 'lantaarn vlieger pindakaas mossel';
    e = {};
    np.check(e);
    expect(e).toEqual({ repeat: 'required' });

    np.repeat = 'lantaarn vlieger pindakaas';
    e = {};
    np.check(e, 'newPass', 'newRepeat');
    expect(e).toEqual({ newRepeat: 'repeat_mismatch' });
  });

  it('refuses a weak passphrase and keeps the reasons; accepts a strong one', async () => {
    const np = new NewPassphrase();
    np.value = 'Welkom2024!';
    expect(await np.refusedAsWeak([])).toBe(true);
    expect(np.weakProblems).toEqual(['too_short', 'common']);
    np.value = 'lantaarn vlieger pindakaas mossel';
    expect(await np.refusedAsWeak([])).toBe(false);
  });

  it('clear wipes the secrets', () => {
    const np = new NewPassphrase();
    np.value = 'x';
    np.repeat = 'x';
    np.weakProblems = ['common'];
    np.clear();
    expect([np.value, np.repeat, np.weakProblems.length]).toEqual(['', '', 0]);
  });
});
