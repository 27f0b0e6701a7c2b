import { describe, expect, it, vi, beforeEach } from 'vitest';

vi.mock('../../lib/api', async () => {
  const errors = await import('../../lib/api/errors');
  return { addEmployer: vi.fn(), toAppError: errors.toAppError, AppError: errors.AppError };
});

import * as api from '../../lib/api';
import { AppError } from '../../lib/api/errors';
import { NewEmployer } from './settings.svelte';

describe('NewEmployer (Werkgever toevoegen)', () => {
  beforeEach(() => vi.mocked(api.addEmployer).mockReset());

  it('asks for both fields before calling the backend', async () => {
    const form = new NewEmployer();
    await form.save();
    expect(form.errors).toEqual({ name: 'required', kvk: 'required' });
    expect(api.addEmployer).not.toHaveBeenCalled();
  });

  it('shows the backend field codes under their fields and keeps what was typed', async () => {
    vi.mocked(api.addEmployer).mockRejectedValueOnce(new AppError('invalid_input', 'x', { kvk: 'duplicate' }));
    const form = new NewEmployer();
    form.name = 'Bouwkracht BV';
    form.kvk = '12345678';
    await form.save();
    expect(form.errors).toEqual({ kvk: 'duplicate' });
    expect(form.name).toBe('Bouwkracht BV');
    expect(form.kvk).toBe('12345678');
  });

  it('confirms with the name and clears the form after adding', async () => {
    vi.mocked(api.addEmployer).mockResolvedValueOnce({ id: 'e2', name: 'Bouwkracht BV', kvk: '87654321' });
    const form = new NewEmployer();
    form.name = 'Bouwkracht BV';
    form.kvk = '87654321';
    await form.save();
    expect(form.added).toBe('Bouwkracht BV');
    expect(form.name).toBe('');
  });
});
