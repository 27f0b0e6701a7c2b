import { describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', () => ({
  checkPassphrase: vi.fn(async (p: string) =>
    p === 'lantaarn vlieger pindakaas mossel'
      ? { score: 4, acceptable: true, problems: [] }
      : { score: 0, acceptable: false, problems: ['too_short', 'common'] },
  ),
}));

import * as api from '../../lib/api';
import { fieldText, problemText } from '../../lib/i18n';
import { NewPassphrase, NewPassphraseForm } from './new-passphrase.svelte';
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

    np.repeat = np.value;
    e = {};
    np.check(e);
    expect(e).toEqual({});
  });

  it('flags a blank passphrase as missing and still checks its repeat', () => {
    const np = new NewPassphrase();
    np.value = '   ';
    const e: FieldErrors = {};
    np.check(e);
    expect(e).toEqual({ passphrase: 'required', repeat: 'required' });
  });

  it('refuses a weak passphrase and keeps the reasons; accepts a strong one', async () => {
    const np = new NewPassphrase(() => ['Sanne de Vries']);
    np.value = 'Welkom2024!';
    expect(await np.refusedAsWeak()).toBe(true);
    expect(api.checkPassphrase).toHaveBeenLastCalledWith('Welkom2024!', ['Sanne de Vries']);
    expect(np.weakProblems).toEqual(['too_short', 'common']);
    expect(np.errorText('passphrase_weak')).toBe(
      `${fieldText('passphrase_weak')} ${problemText('too_short')} ${problemText('common')}`,
    );
    expect(np.errorText('required')).toBe(fieldText('required'));
    expect(np.errorText(undefined)).toBeUndefined();

    np.value = 'lantaarn vlieger pindakaas mossel';
    expect(await np.refusedAsWeak()).toBe(false);
    np.check({});
    expect(np.weakProblems).toEqual([]);
  });

  it('lets the form go ahead when the check itself fails', async () => {
    vi.mocked(api.checkPassphrase).mockRejectedValueOnce(new Error('offline'));
    const np = new NewPassphrase();
    np.value = 'Welkom2024!';
    expect(await np.refusedAsWeak()).toBe(false);
    expect(np.weakProblems).toEqual([]);
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

class TestForm extends NewPassphraseForm {
  sent = 0;
  protected relatedWords(): string[] {
    return ['Bakkerij Jansen'];
  }
  submit(): Promise<void> {
    return this.send(
      async () => {
        this.sent++;
      },
      () => {},
    );
  }
}

describe('NewPassphraseForm', () => {
  it('refuses a weak passphrase before sending and shows it on the passphrase field', async () => {
    const form = new TestForm();
    form.np.value = 'Welkom2024!';
    await form.submit();
    expect(form.sent).toBe(0);
    expect(form.errors).toEqual({ passphrase: 'passphrase_weak' });
    expect(form.busy).toBe(false);
    expect(api.checkPassphrase).toHaveBeenLastCalledWith('Welkom2024!', ['Bakkerij Jansen']);

    form.errors = {};
    form.np.value = 'lantaarn vlieger pindakaas mossel';
    await form.submit();
    expect(form.sent).toBe(1);
    expect(form.errors).toEqual({});
  });
});
