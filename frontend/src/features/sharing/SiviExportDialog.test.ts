import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, saveSivi: vi.fn() };
});

import * as api from '../../lib/api';
import SiviExportDialog from './SiviExportDialog.svelte';

const m = vi.mocked(api);

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

function open(withAbsence: boolean) {
  const ondone = vi.fn();
  const onclose = vi.fn();
  render(SiviExportDialog, { props: { employeeId: 'e1', label: 'Jan de Vries', withAbsence, onclose, ondone } });
  return { d: within(screen.getByTestId('sivi-dialog')), ondone, onclose };
}

const type = (id: string, value: string) => fireEvent.input(screen.getByTestId(`sivi-${id}`), { target: { value } });
const choose = (id: string, value: string) => fireEvent.change(screen.getByTestId(`sivi-${id}`), { target: { value } });

async function fill(withAbsence: boolean) {
  await type('senderId', ' AFZ-1 ');
  await type('receiverId', 'ARBO-9');
  await type('arboEmployerId', 'W123');
  await type('connectionNumber', 'A-77');
  await type('payrollTaxNumber', '123456789L01');
  await type('contactSurname', 'Jansen');
  await type('contactInitials', 'P');
  await choose('contactRole', '02');
  await choose('contactChannel', '08');
  await type('contactValue', '020 1234567');
  if (withAbsence) {
    await choose('processingCode', '01');
    await choose('causeCode', '99');
  }
}

describe('SIVI-bestanden opslaan', () => {
  it('groups the values and offers the codes as codes, with a pointer to SIVI for their meanings', () => {
    const { d } = open(true);
    for (const name of ['Uitwisseling', 'Contactpersoon werkgever', 'Medewerker', 'Verzuimmelding']) {
      expect(d.getByRole('group', { name })).toBeInTheDocument();
    }
    const role = d.getByRole('combobox', { name: 'Rol (code)' });
    expect(within(role).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies een code', '01', '02', '03', '04', '05']);
    expect(role).toHaveAccessibleDescription(expect.stringContaining('releasedocumentatie van SIVI'));
    const channel = d.getByRole('combobox', { name: 'Soort communicatie (code)' });
    expect(within(channel).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies een code', '06', '08', '10']);
    const cause = d.getByRole('combobox', { name: 'Oorzaakcode verzuim' });
    expect(within(cause).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies een code', '10', '11', '99']);
    // Medewerker: only gender and initials, both optional.
    const employee = within(d.getByRole('group', { name: 'Medewerker' }));
    expect(employee.getByRole('combobox', { name: 'Geslacht' })).toHaveValue('');
    expect(employee.getByRole('textbox', { name: 'Voorletters' })).not.toBeRequired();
    // The contact's initials are optional too; the surname is not.
    expect(screen.getByTestId('sivi-contactInitials')).not.toBeRequired();
    expect(screen.getByTestId('sivi-contactSurname')).toBeRequired();
  });

  it('without a sick report there is no Verzuimmelding group', () => {
    const { d } = open(false);
    expect(d.queryByRole('group', { name: 'Verzuimmelding' })).not.toBeInTheDocument();
    expect(d.queryByTestId('sivi-processingCode')).not.toBeInTheDocument();
  });

  it('rule: empty required values are named all at once, before the save dialog is asked for', async () => {
    const { d } = open(true);
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));
    expect(m.saveSivi).not.toHaveBeenCalled();
    for (const id of ['senderId', 'receiverId', 'arboEmployerId', 'connectionNumber', 'contactSurname', 'contactValue']) {
      expect(screen.getByTestId(`sivi-${id}`)).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByTestId(`sivi-${id}`)).toHaveAccessibleDescription(expect.stringContaining('Vul dit veld in.'));
    }
    for (const id of ['contactRole', 'contactChannel', 'processingCode', 'causeCode']) {
      expect(screen.getByTestId(`sivi-${id}`)).toHaveAccessibleDescription(expect.stringContaining('Kies een code.'));
    }
    // Gender and initials depend on the record, the loonheffingennummer on the employer's: only
    // the backend knows.
    expect(screen.getByTestId('sivi-payrollTaxNumber')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('sivi-gender')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('sivi-initials')).not.toHaveAttribute('aria-invalid');
    await vi.waitFor(() => expect(screen.getByTestId('sivi-senderId')).toHaveFocus());
  });

  it('sends the values trimmed, and leaves out the absence codes without a sick report', async () => {
    m.saveSivi.mockResolvedValue({ folder: '/home/p/SIVI', files: ['WerknemerGegevens.xml'] });
    const { d, ondone } = open(false);
    await fill(false);
    await choose('gender', 'V');
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));
    await vi.waitFor(() => expect(ondone).toHaveBeenCalledWith({ folder: '/home/p/SIVI', files: ['WerknemerGegevens.xml'] }));
    expect(m.saveSivi).toHaveBeenCalledWith('e1', {
      senderId: ' AFZ-1 ', receiverId: 'ARBO-9', arboEmployerId: 'W123', connectionNumber: 'A-77', payrollTaxNumber: '123456789L01',
      contactSurname: 'Jansen', contactInitials: 'P', contactRole: '02', contactChannel: '08', contactValue: '020 1234567',
      gender: 'V', initials: '', processingCode: '', causeCode: '',
    });
  });

  it('rule: sivi_incomplete shows each field error at its field, every one at once, and lists the record values', async () => {
    m.saveSivi.mockRejectedValue({
      code: 'sivi_incomplete',
      message: 'x',
      fields: {
        'exchange.payrollTaxNumber': 'too_long',
        'contact.initials': 'invalid_choice',
        'employee.gender': 'required',
        'employee.initials': 'required',
        'absence.causeCode': 'invalid_choice',
        'employee.bsn': 'bsn_format',
        'employment.department': 'required',
      },
    });
    const { d, ondone } = open(true);
    await fill(true);
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));

    const alert = await screen.findByTestId('sivi-error');
    expect(alert).toHaveTextContent('vul de gemarkeerde velden in');
    const record = within(within(alert).getByTestId('sivi-record-errors')).getAllByRole('listitem').map((li) => li.textContent);
    expect(record).toEqual(['BSN: Een BSN bestaat uit 9 cijfers.', 'Afdeling: Vul dit veld in.']);

    const expectError = (id: string, text: string) => {
      expect(screen.getByTestId(`sivi-${id}`)).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByTestId(`sivi-${id}`)).toHaveAccessibleDescription(expect.stringContaining(text));
    };
    expectError('payrollTaxNumber', 'Dit is te lang.');
    expectError('contactInitials', 'Alleen letters, zonder cijfers.');
    expectError('gender', 'Kies een van de mogelijkheden.');
    expectError('initials', 'Vul dit veld in.');
    expectError('causeCode', 'Kies een van de mogelijkheden.');
    expect(screen.getByTestId('sivi-senderId')).not.toHaveAttribute('aria-invalid');
    expect(ondone).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(screen.getByTestId('sivi-payrollTaxNumber')).toHaveFocus());

    // Typing a value clears its error only.
    await type('payrollTaxNumber', '123456789L01');
    expect(screen.getByTestId('sivi-payrollTaxNumber')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('sivi-contactInitials')).toHaveAttribute('aria-invalid', 'true');
  });

  it('rule: cancelling the save dialog shows nothing and keeps the values', async () => {
    m.saveSivi.mockResolvedValue({ folder: '', files: [] });
    const { d, ondone, onclose } = open(true);
    await fill(true);
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));
    await vi.waitFor(() => expect(m.saveSivi).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(d.getByRole('button', { name: 'Opslaan…' })).toBeEnabled());
    expect(ondone).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
    expect(d.queryByRole('alert')).not.toBeInTheDocument();
    expect(d.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.getByTestId('sivi-receiverId')).toHaveValue('ARBO-9');
  });

  it('another error (not shared) is shown on top', async () => {
    m.saveSivi.mockRejectedValue({ code: 'not_shared', message: 'x' });
    const { d } = open(false);
    await fill(false);
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));
    expect(await d.findByRole('alert')).toHaveTextContent('Het dossier is niet gedeeld met de arbodienst.');
  });
});
