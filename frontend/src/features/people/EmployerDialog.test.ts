import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import EmployerDialog from './EmployerDialog.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, updateEmployer: vi.fn(), updateEmployerDetails: vi.fn() };
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
    m.updateEmployerDetails.mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(EmployerDialog, { employer: EMPLOYER, onclose: vi.fn(), onsaved });
    const name = screen.getByLabelText(/Naam werkgever/);
    expect(name).toHaveValue(EMPLOYER.name);
    await fireEvent.input(name, { target: { value: ' Korenaar Utrecht BV ' } });
    await fireEvent.input(screen.getByLabelText(/KvK-nummer/), { target: { value: '12345679' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    const empty = api.emptyEmployerAddress();
    expect(m.updateEmployerDetails).toHaveBeenCalledWith('e-1', {
      name: 'Korenaar Utrecht BV', kvk: '12345679', payrollTaxNumber: '', visitAddress: empty, postalAddress: empty,
    });
  });

  it('a KvK number of another employer is shown at the field, and the dialog stays open', async () => {
    m.updateEmployerDetails.mockRejectedValue(new AppError('invalid_input', 'x', { kvk: 'duplicate' }));
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
    expect(m.updateEmployerDetails).not.toHaveBeenCalled();
  });
});

describe('EmployerDialog: the loonheffingennummer and addresses an arbo service needs', () => {
  const FULL = {
    ...EMPLOYER, payrollTaxNumber: '111222333L01',
    visitAddress: { street: 'Korenweg', number: '12', addition: '', postcode: '3511 AB', city: 'Utrecht' },
    postalAddress: { street: 'Postbus', number: '100', addition: '', postcode: '3500 AA', city: 'Utrecht' },
  };

  it('shows the recorded facts and sends them back with a change', async () => {
    m.updateEmployerDetails.mockResolvedValue(FULL);
    const onsaved = vi.fn();
    render(EmployerDialog, { employer: FULL, onclose: vi.fn(), onsaved });
    expect(screen.getByLabelText(/Loonheffingennummer/)).toHaveValue('111222333L01');
    const visitCity = screen.getAllByLabelText(/^Plaats/)[0]!;
    expect(visitCity).toHaveValue('Utrecht');
    await fireEvent.input(screen.getAllByLabelText(/^Nummer/)[0]!, { target: { value: '14' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(FULL));
    expect(m.updateEmployerDetails).toHaveBeenCalledWith('e-1', {
      name: EMPLOYER.name, kvk: EMPLOYER.kvk, payrollTaxNumber: '111222333L01',
      visitAddress: { ...FULL.visitAddress, number: '14' }, postalAddress: FULL.postalAddress,
    });
  });

  it('rule: a loonheffingennummer failing the elfproef and a half address are refused before anything is sent', async () => {
    render(EmployerDialog, { employer: EMPLOYER, onclose: vi.fn(), onsaved: vi.fn() });
    const lh = screen.getByLabelText(/Loonheffingennummer/);
    await fireEvent.input(lh, { target: { value: '123456789L01' } });
    await fireEvent.input(screen.getAllByLabelText(/^Plaats/)[1]!, { target: { value: 'Utrecht' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(lh).toHaveAttribute('aria-invalid', 'true'));
    expect(lh).toHaveFocus();
    expect(screen.getByText(/9 cijfers die de elfproef doorstaan/)).toBeInTheDocument();
    expect(screen.getAllByLabelText(/^Straat of Postbus/)[1]).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByLabelText(/^Straat of Postbus/)[0]).not.toHaveAttribute('aria-invalid', 'true');
    expect(m.updateEmployerDetails).not.toHaveBeenCalled();
  });

  it("shows the backend's code under the address part it names", async () => {
    m.updateEmployerDetails.mockRejectedValue(new AppError('invalid_input', 'x', { 'visit.postcode': 'postcode_format' }));
    render(EmployerDialog, { employer: FULL, onclose: vi.fn(), onsaved: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const pc = screen.getAllByLabelText(/^Postcode/)[0]!;
    await waitFor(() => expect(pc).toHaveAttribute('aria-invalid', 'true'));
    expect(pc).toHaveFocus();
  });
});
