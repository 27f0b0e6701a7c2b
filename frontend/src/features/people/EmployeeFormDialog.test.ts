import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

// The backend seam is mocked; AppError, emptyIdentity and toAppError stay real.
vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, departments: vi.fn(), createEmployee: vi.fn(), updateEmployee: vi.fn() };
});

import * as api from '../../lib/api';
import { AppError, emptyIdentity, type EmployeeDetail } from '../../lib/api';
import EmployeeFormDialog from './EmployeeFormDialog.svelte';
import { bsnProblem } from './employee-form.svelte';

const m = vi.mocked(api);

const DEPTS = [
  { id: 'd1', employer: 'w1', parent: '', name: 'Utrecht', code: '', path: 'Utrecht', depth: 0, employees: 3 },
  { id: 'd2', employer: 'w1', parent: 'd1', name: 'Magazijn', code: 'MAG', path: 'Utrecht/Magazijn', depth: 1, employees: 2 },
];

function saved(over: Partial<EmployeeDetail> = {}): EmployeeDetail {
  return {
    id: 'e9', employer: 'w1', persnr: '999999', department: 'd2', departmentPath: 'Utrecht/Magazijn', shared: false,
    active: true, label: '', identityRead: true, identity: { ...emptyIdentity(), surname: 'Testpersoon', displayName: 'Testpersoon' },
    employments: [], ...over,
  };
}

beforeEach(() => {
  m.departments.mockResolvedValue(DEPTS);
});
afterEach(() => cleanup());

function type(dialog: HTMLElement, label: string | RegExp, value: string) {
  return fireEvent.input(within(dialog).getByLabelText(label), { target: { value } });
}

async function openCreate() {
  const onsaved = vi.fn();
  const onclose = vi.fn();
  render(EmployeeFormDialog, { props: { mode: { kind: 'create', employer: 'w1' }, department: 'd2', onclose, onsaved } });
  const dialog = screen.getByTestId('employee-form');
  await within(dialog).findByRole('option', { name: 'Utrecht / Magazijn' });
  return { dialog, onsaved, onclose };
}

function errorOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

describe('EmployeeFormDialog', () => {
  it('rule: backend field errors appear under the right inputs, the first gets the focus, and nothing typed is lost', async () => {
    const { dialog, onsaved } = await openCreate();
    m.createEmployee.mockRejectedValueOnce(
      new AppError('invalid_input', 'invalid', {
        postcode: 'postcode_format', telefoon: 'phone_format', geboortedatum: 'birth_date_implausible',
      }),
    );
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '01-02-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await type(dialog, 'BSN', '111222333');
    await type(dialog, 'Geboortedatum', '01-01-2019');
    await type(dialog, 'Postcode', '0123 XX');
    await type(dialog, 'Telefoon mobiel', '12');
    await type(dialog, 'Woonplaats', 'Utrecht');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));

    const birth = within(dialog).getByLabelText('Geboortedatum');
    await waitFor(() => expect(birth).toHaveAttribute('aria-invalid', 'true'));
    expect(m.createEmployee).toHaveBeenCalledOnce();
    expect(errorOf(birth)).toContain('geboortedatum past niet');
    expect(errorOf(within(dialog).getByLabelText('Postcode'))).toContain('geldige postcode');
    expect(errorOf(within(dialog).getByLabelText('Telefoon mobiel'))).toContain('geldig telefoonnummer');
    // Fields without an error carry none.
    expect(within(dialog).getByLabelText('Woonplaats')).not.toHaveAttribute('aria-invalid');
    expect(within(dialog).getByLabelText('BSN')).not.toHaveAttribute('aria-invalid');
    // The first invalid field in form order has the focus.
    expect(document.activeElement).toBe(birth);
    // Everything typed is still there.
    expect(within(dialog).getByLabelText('Personeelsnummer')).toHaveValue('999999');
    expect(within(dialog).getByLabelText('Achternaam')).toHaveValue('Testpersoon');
    expect(within(dialog).getByLabelText('BSN')).toHaveValue('111222333');
    expect(within(dialog).getByLabelText('Woonplaats')).toHaveValue('Utrecht');
    expect(within(dialog).getByLabelText('Datum in dienst')).toHaveValue('01-02-2024');
    expect(birth).toHaveValue('01-01-2019');
    expect(onsaved).not.toHaveBeenCalled();
  });

  it('rule: a BSN failing the elfproef is flagged under its input before anything is sent', async () => {
    const { dialog } = await openCreate();
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await type(dialog, 'BSN', '123456789');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    const bsn = within(dialog).getByLabelText('BSN');
    await waitFor(() => expect(errorOf(bsn)).toContain('elfproef'));
    expect(m.createEmployee).not.toHaveBeenCalled();
    expect(bsn).toHaveValue('123456789');
    expect(within(dialog).getByLabelText('Achternaam')).toHaveValue('Testpersoon');
  });

  it('rule: required fields are checked before anything is sent', async () => {
    const { dialog } = await openCreate();
    await type(dialog, 'Achternaam', 'Testpersoon');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    const persnr = within(dialog).getByLabelText('Personeelsnummer');
    await waitFor(() => expect(errorOf(persnr)).toBe('Vul dit veld in.'));
    expect(errorOf(within(dialog).getByLabelText('Datum in dienst'))).toBe('Vul dit veld in.');
    expect(within(dialog).getByLabelText('Achternaam')).not.toHaveAttribute('aria-invalid');
    expect(document.activeElement).toBe(persnr);
    expect(m.createEmployee).not.toHaveBeenCalled();
  });

  it('rule: dates are typed as dd-mm-jjjj and sent as jjjj-mm-dd', async () => {
    const { dialog, onsaved } = await openCreate();
    m.createEmployee.mockResolvedValueOnce(saved());
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '1-2-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await type(dialog, 'Geboortedatum', '14-03-1985');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    const [employer, form] = m.createEmployee.mock.calls[0]!;
    expect(employer).toBe('w1');
    expect(form).toMatchObject({ persnr: '999999', department: 'd2', start: '2024-02-01', end: '' });
    expect(form.identity).toMatchObject({ surname: 'Testpersoon', birthDate: '1985-03-14', country: 'NL' });
  });

  it('rule: editing shows backend dates as dd-mm-jjjj, keeps persnr read-only and sends the full identity', async () => {
    const detail = saved({
      identity: {
        ...emptyIdentity(), firstName: 'Jan', surname: 'Jansen', bsn: '111222333', birthDate: '1985-03-14',
        phoneWork: '030 1234567', country: 'Duitsland', displayName: 'Jan Jansen',
      },
      employments: [{ department: 'd2', departmentPath: 'Utrecht/Magazijn', start: '2020-01-01', end: '', hours: '32.5', costCentre: '', jobTitle: '' }],
    });
    const onsaved = vi.fn();
    render(EmployeeFormDialog, { props: { mode: { kind: 'edit', detail }, onclose: vi.fn(), onsaved } });
    const dialog = screen.getByTestId('employee-form');
    await within(dialog).findByRole('option', { name: 'Utrecht / Magazijn' });
    expect(within(dialog).getByLabelText('Geboortedatum')).toHaveValue('14-03-1985');
    expect(within(dialog).getByLabelText('Datum in dienst')).toHaveValue('01-01-2020');
    // Hours the Dutch way (issue 17); the backend reads 32,5 as well as 32.5.
    expect(within(dialog).getByLabelText('Uren per week')).toHaveValue('32,5');
    expect(within(dialog).getByLabelText('Personeelsnummer')).toHaveAttribute('readonly');
    expect(within(dialog).getByLabelText('Land')).toHaveValue('other');
    expect(within(dialog).getByLabelText('Naam van het land')).toHaveValue('Duitsland');

    // Clearing a field sends it empty: the backend clears the stored value.
    await type(dialog, 'Telefoon werk', '');
    m.updateEmployee.mockResolvedValueOnce(detail);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    const [id, form] = m.updateEmployee.mock.calls[0]!;
    expect(id).toBe('e9');
    expect(form.start).toBe('2020-01-01');
    expect(form.identity).toMatchObject({
      firstName: 'Jan', surname: 'Jansen', bsn: '111222333', birthDate: '1985-03-14', phoneWork: '', country: 'Duitsland',
    });
  });

  it('shows an error that is not about a field above the form and keeps the values', async () => {
    const { dialog } = await openCreate();
    m.createEmployee.mockRejectedValueOnce(new AppError('denied', 'no'));
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '01-02-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Je hebt geen recht om dit te doen.');
    expect(within(dialog).getByLabelText('Achternaam')).toHaveValue('Testpersoon');
  });
});

describe('EmployeeFormDialog: the employment facts an arbo service needs', () => {
  it('sends contract type, sector, risk group and UWV reference, and shows them again when editing', async () => {
    const { dialog, onsaved } = await openCreate();
    m.createEmployee.mockResolvedValueOnce(saved());
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '01-02-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await fireEvent.change(within(dialog).getByLabelText('Soort contract'), { target: { value: 'on-call' } });
    await type(dialog, 'Uren per week', '0');
    await type(dialog, 'Sector', ' 5 ');
    await type(dialog, 'Risicopremiegroep', '052');
    await type(dialog, 'UWV-kenmerk', 'ZW-42');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledOnce());
    const [, form] = m.createEmployee.mock.calls.at(-1)!;
    expect(form).toMatchObject({ contract: 'on-call', hours: '0', sector: '5', riskGroup: '052', uwvRef: 'ZW-42' });
    cleanup();

    const detail = saved({
      employments: [{ department: 'd2', departmentPath: 'Utrecht/Magazijn', start: '2020-01-01', end: '', hours: '24', costCentre: '',
        jobTitle: '', contract: 'fixed-term', sector: '05', riskGroup: '052', uwvRef: 'ZW-42' }],
    });
    render(EmployeeFormDialog, { props: { mode: { kind: 'edit', detail }, onclose: vi.fn(), onsaved: vi.fn() } });
    const edit = screen.getByTestId('employee-form');
    expect(within(edit).getByLabelText('Soort contract')).toHaveValue('fixed-term');
    expect(within(edit).getByLabelText('Sector')).toHaveValue('05');
    expect(within(edit).getByLabelText('Risicopremiegroep')).toHaveValue('052');
    expect(within(edit).getByLabelText('UWV-kenmerk')).toHaveValue('ZW-42');
  });

  it('rule: zero hours outside an on-call contract and a sector outside 1-69 are flagged before anything is sent', async () => {
    const { dialog } = await openCreate();
    m.createEmployee.mockClear();
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '01-02-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await type(dialog, 'Uren per week', '0');
    await type(dialog, 'Sector', '70');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    const hours = within(dialog).getByLabelText('Uren per week');
    await waitFor(() => expect(hours).toHaveAttribute('aria-invalid', 'true'));
    expect(errorOf(hours)).toContain('alleen bij een oproepcontract');
    expect(errorOf(within(dialog).getByLabelText('Sector'))).toContain('van 1 tot en met 69');
    expect(document.activeElement).toBe(hours);
    expect(m.createEmployee).not.toHaveBeenCalled();
  });

  it("shows the backend's risk group code under its input", async () => {
    const { dialog } = await openCreate();
    m.createEmployee.mockRejectedValueOnce(new AppError('invalid_input', 'invalid', { risicopremiegroep: 'risk_group_sector' }));
    await type(dialog, 'Personeelsnummer', '999999');
    await type(dialog, 'Datum in dienst', '01-02-2024');
    await type(dialog, 'Achternaam', 'Testpersoon');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toevoegen' }));
    const rg = within(dialog).getByLabelText('Risicopremiegroep');
    await waitFor(() => expect(rg).toHaveAttribute('aria-invalid', 'true'));
    expect(errorOf(rg)).toContain('andere sector');
  });
});

describe('bsnProblem', () => {
  it('rule: a BSN has 9 digits (8 get a leading zero) and passes the elfproef, not all zeros', () => {
    expect(bsnProblem('111222333')).toBeNull();
    expect(bsnProblem('123456782')).toBeNull();
    expect(bsnProblem('1112.22.333')).toBeNull();
    expect(bsnProblem('')).toBeNull();
    expect(bsnProblem('123456789')).toBe('bsn_elfproef');
    expect(bsnProblem('000000000')).toBe('bsn_elfproef');
    expect(bsnProblem('12345')).toBe('bsn_format');
    expect(bsnProblem('12345678a')).toBe('bsn_format');
  });
});
