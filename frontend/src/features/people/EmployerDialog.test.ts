import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import EmployerDialog from './EmployerDialog.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, updateEmployer: vi.fn() };
});
const m = vi.mocked(api);
const EMPLOYER = { id: 'e-1', name: 'Bakkerij De Korenaar BV', kvk: '12345678' };

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('EmployerDialog: an admin renames an employer or corrects its KvK number', () => {
  it('sends the new name and number for the same employer and hands back what was saved', async () => {
    const saved = { ...EMPLOYER, name: 'Korenaar Utrecht BV', kvk: '12345679' };
    m.updateEmployer.mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(EmployerDialog, { employer: EMPLOYER, onclose: vi.fn(), onsaved });
    const name = screen.getByLabelText(/Naam werkgever/);
    expect(name).toHaveValue(EMPLOYER.name);
    await fireEvent.input(name, { target: { value: ' Korenaar Utrecht BV ' } });
    await fireEvent.input(screen.getByLabelText(/KvK-nummer/), { target: { value: '12345679' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(m.updateEmployer).toHaveBeenCalledWith('e-1', 'Korenaar Utrecht BV', '12345679');
  });

  it('a KvK number of another employer is shown at the field, and the dialog stays open', async () => {
    m.updateEmployer.mockRejectedValue(new AppError('invalid_input', 'x', { kvk: 'duplicate' }));
    const onsaved = vi.fn();
    render(EmployerDialog, { employer: EMPLOYER, onclose: vi.fn(), onsaved });
    await fireEvent.input(screen.getByLabelText(/KvK-nummer/), { target: { value: '87654321' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const kvk = screen.getByLabelText(/KvK-nummer/);
    await waitFor(() => expect(kvk).toHaveAttribute('aria-invalid', 'true'));
    expect(onsaved).not.toHaveBeenCalled();
  });

  it('an empty name is refused before anything is sent', async () => {
    render(EmployerDialog, { employer: EMPLOYER, onclose: vi.fn(), onsaved: vi.fn() });
    await fireEvent.input(screen.getByLabelText(/Naam werkgever/), { target: { value: '  ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.getByLabelText(/Naam werkgever/)).toHaveAttribute('aria-invalid', 'true'));
    expect(m.updateEmployer).not.toHaveBeenCalled();
  });
});
