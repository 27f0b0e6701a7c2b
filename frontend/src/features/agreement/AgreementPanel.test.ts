import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import * as agreementApi from '../../lib/api/agreement';
import type { AgreementView, MailSettings, Signatory } from '../../lib/api/agreement';
import { locale } from '../../lib/state/locale.svelte';
import AgreementPanel from './AgreementPanel.svelte';
import { dateTimeText } from './agreement.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, employers: vi.fn() };
});
vi.mock('../../lib/api/agreement', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api/agreement')>();
  return {
    ...orig,
    agreement: vi.fn(),
    saveSignatory: vi.fn(),
    mailSettings: vi.fn(),
    saveMailSettings: vi.fn(),
    sendConfirmation: vi.fn(),
    saveConfirmationEml: vi.fn(),
    saveAgreementPdf: vi.fn(),
  };
});

const m = vi.mocked(api);
const a = vi.mocked(agreementApi);

const JOELLE: Signatory = {
  name: 'Joëlle van Dijk', function: 'Directeur', basis: 'alone', coSignatory: '', powerLimits: '',
  kvk: '87654321', extractDate: '2026-10-01', email: 'joelle@korenaar.example',
};

function view(over: Partial<AgreementView> = {}): AgreementView {
  return {
    employerId: 'e-1', employerName: 'Bakkerij De Korenaar BV', employerKvk: '12345678', current: null,
    history: [], sent: [], confirmed: false, mailConfigured: false, mailUser: false, ...over,
  };
}

function recorded(over: Partial<AgreementView> = {}): AgreementView {
  return view({
    current: JOELLE,
    history: [{ version: 1, at: '2026-11-20T09:15:00Z', by: 'Petra Beheer', signatory: JOELLE }],
    ...over,
  });
}

const NO_MAIL: MailSettings = { host: '', port: 0, startTLS: false, user: '', from: '', configured: false };
const SMTP: MailSettings = { host: 'smtp.korenaar.example', port: 587, startTLS: true, user: 'hr', from: '', configured: true };

async function start(v: AgreementView, mail: MailSettings = NO_MAIL) {
  a.agreement.mockResolvedValue(v);
  a.mailSettings.mockResolvedValue(mail);
  render(AgreementPanel);
  await screen.findByTestId('agreement-signatory');
  await waitFor(() => expect(a.mailSettings).toHaveBeenCalled());
}

const form = () => within(screen.getByTestId('agreement-signatory'));
const confirmCard = () => within(screen.getByTestId('agreement-confirm'));

beforeEach(() => {
  locale.set('nl');
  m.employers.mockResolvedValue([{ id: 'e-1', name: 'Bakkerij De Korenaar BV', kvk: '12345678' }]);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Verwerkersovereenkomst: the signatory form', () => {
  it('starts empty with the employer’s KvK number and no confirmation possible', async () => {
    await start(view());
    expect(screen.getByTestId('agreement-status')).toHaveTextContent('Er is nog geen gerechtigde vastgelegd.');
    expect(form().getByLabelText('KvK-nummer')).toHaveValue('12345678');
    expect(screen.queryByRole('combobox', { name: 'Werkgever' })).not.toBeInTheDocument();
    expect(confirmCard().getByRole('button', { name: 'Als e-mailbestand opslaan (.eml)' })).toBeDisabled();
    expect(confirmCard().getByRole('button', { name: 'PDF opslaan' })).toBeDisabled();
    expect(confirmCard().queryByRole('button', { name: 'Bevestiging versturen' })).not.toBeInTheDocument();
  });

  it('shows what is missing inline and sends nothing', async () => {
    await start(view());
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(form().getByLabelText('Naam')).toHaveAccessibleDescription(/Vul dit veld in\./);
    expect(form().getByLabelText('E-mailadres')).toHaveAccessibleDescription(/Vul dit veld in\./);
    expect(form().getByRole('group', { name: 'Bevoegdheid' })).toHaveAccessibleDescription('Vul dit veld in.');
    expect(a.saveSignatory).not.toHaveBeenCalled();
  });

  it('rule: every form error shows at once, the extract date too (issue 17)', async () => {
    await start(view());
    await fireEvent.input(form().getByLabelText(/Datum KvK-uittreksel/), { target: { value: '31-02-2026' } });
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(form().getByLabelText('Naam')).toHaveAccessibleDescription(/Vul dit veld in\./);
    expect(form().getByLabelText(/Datum KvK-uittreksel/)).toHaveAccessibleDescription(/Vul een geldige datum in/);
    await fireEvent.input(form().getByLabelText(/Datum KvK-uittreksel/), { target: { value: '01-01-2999' } });
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(form().getByLabelText(/Datum KvK-uittreksel/)).toHaveAccessibleDescription(/Deze datum ligt in de toekomst\./);
    expect(form().getByLabelText('Naam')).toHaveAccessibleDescription(/Vul dit veld in\./);
    expect(a.saveSignatory).not.toHaveBeenCalled();
  });

  it('the basis toggles the co-signatory and the power-of-attorney limits', async () => {
    await start(view());
    expect(form().queryByLabelText('Naam van de mede-ondertekenaar')).not.toBeInTheDocument();
    expect(form().queryByLabelText('Grenzen van de volmacht')).not.toBeInTheDocument();
    await fireEvent.click(form().getByRole('radio', { name: /Gezamenlijk bevoegd/ }));
    expect(form().getByLabelText('Naam van de mede-ondertekenaar')).toBeInTheDocument();
    expect(form().queryByLabelText('Grenzen van de volmacht')).not.toBeInTheDocument();
    await fireEvent.click(form().getByRole('radio', { name: /Bij volmacht/ }));
    expect(form().getByLabelText('Grenzen van de volmacht').tagName).toBe('TEXTAREA');
    expect(form().queryByLabelText('Naam van de mede-ondertekenaar')).not.toBeInTheDocument();
    await fireEvent.click(form().getByRole('radio', { name: /Zelfstandig bevoegd/ }));
    expect(form().queryByLabelText('Grenzen van de volmacht')).not.toBeInTheDocument();
  });

  it('a power of attorney without limits is refused before the backend', async () => {
    await start(recorded());
    await fireEvent.click(form().getByRole('radio', { name: /Bij volmacht/ }));
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(form().getByLabelText('Grenzen van de volmacht')).toHaveAccessibleDescription(/Vul dit veld in\./);
    expect(a.saveSignatory).not.toHaveBeenCalled();
  });

  it('backend field errors land under their fields and what was typed stays', async () => {
    await start(view());
    await fireEvent.input(form().getByLabelText('Naam'), { target: { value: 'Joëlle van Dijk' } });
    await fireEvent.input(form().getByLabelText('Functie'), { target: { value: 'Directeur' } });
    await fireEvent.click(form().getByRole('radio', { name: /Zelfstandig bevoegd/ }));
    await fireEvent.input(form().getByLabelText('Datum KvK-uittreksel'), { target: { value: '01-12-2025' } });
    await fireEvent.input(form().getByLabelText('E-mailadres'), { target: { value: 'joelle@korenaar.example' } });
    a.saveSignatory.mockRejectedValueOnce(new api.AppError('invalid_input', 'x', { extractDate: 'date_future' }));
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    await waitFor(() =>
      expect(form().getByLabelText('Datum KvK-uittreksel')).toHaveAccessibleDescription(/Deze datum ligt in de toekomst\./),
    );
    expect(a.saveSignatory).toHaveBeenCalledWith('e-1', {
      name: 'Joëlle van Dijk', function: 'Directeur', basis: 'alone', coSignatory: '', powerLimits: '',
      kvk: '12345678', extractDate: '2025-12-01', email: 'joelle@korenaar.example',
    });
    expect(form().getByLabelText('Naam')).toHaveValue('Joëlle van Dijk');
    expect(form().getByLabelText('Datum KvK-uittreksel')).toHaveValue('01-12-2025');
  });

  it('saving shows the new version first in the history; an unchanged save says so', async () => {
    await start(recorded());
    expect(form().getByLabelText('Datum KvK-uittreksel')).toHaveValue('01-10-2026');
    await fireEvent.click(form().getByRole('radio', { name: /Gezamenlijk bevoegd/ }));
    await fireEvent.input(form().getByLabelText('Naam van de mede-ondertekenaar'), { target: { value: 'Karel Mede' } });
    const second = { ...JOELLE, basis: 'jointly' as const, coSignatory: 'Karel Mede' };
    const twoVersions = recorded({
      current: second,
      history: [
        { version: 2, at: '2026-11-23T10:00:00Z', by: 'Petra Beheer', signatory: second },
        { version: 1, at: '2026-11-20T09:15:00Z', by: '', signatory: JOELLE },
      ],
    });
    a.saveSignatory.mockResolvedValueOnce(twoVersions);
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(await form().findByText('De gerechtigde is opgeslagen. Eerdere gegevens blijven in de geschiedenis.')).toBeInTheDocument();
    expect(a.saveSignatory.mock.calls[0]![1]).toMatchObject({ basis: 'jointly', coSignatory: 'Karel Mede', powerLimits: '' });
    const items = within(screen.getByTestId('agreement-history')).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(`Versie 2, vastgelegd op ${dateTimeText('2026-11-23T10:00:00Z')} door Petra Beheer`);
    expect(items[0]).toHaveTextContent('huidig');
    expect(items[0]).toHaveTextContent('Gezamenlijk bevoegd (Karel Mede)');
    expect(items[1]).toHaveTextContent('door een onbekende gebruiker');

    // Saving the same again: the backend keeps two versions, so the form says nothing changed.
    a.saveSignatory.mockResolvedValueOnce(twoVersions);
    await fireEvent.click(form().getByRole('button', { name: 'Gerechtigde opslaan' }));
    expect(await form().findByText('Er was niets gewijzigd; de geschiedenis blijft zoals hij was.')).toBeInTheDocument();
  });

  it('unsaved edits block the confirmation until they are saved or undone', async () => {
    await start(recorded());
    const eml = confirmCard().getByRole('button', { name: 'Als e-mailbestand opslaan (.eml)' });
    expect(eml).toBeEnabled();
    await fireEvent.input(form().getByLabelText('Functie'), { target: { value: 'Bestuurder' } });
    expect(eml).toBeDisabled();
    expect(confirmCard().getByText(/nog niet zijn opgeslagen/)).toBeInTheDocument();
    await fireEvent.click(form().getByRole('button', { name: 'Wijzigingen ongedaan maken' }));
    expect(form().getByLabelText('Functie')).toHaveValue('Directeur');
    expect(eml).toBeEnabled();
  });

  it('with several employers the admin picks one and its record loads', async () => {
    m.employers.mockResolvedValue([
      { id: 'e-1', name: 'Bakkerij De Korenaar BV', kvk: '12345678' },
      { id: 'e-2', name: 'Bouwkracht BV', kvk: '11223344' },
    ]);
    await start(recorded());
    const select = screen.getByRole('combobox', { name: 'Werkgever' });
    a.agreement.mockResolvedValueOnce(view({ employerId: 'e-2', employerName: 'Bouwkracht BV', employerKvk: '11223344' }));
    await fireEvent.change(select, { target: { value: 'e-2' } });
    await waitFor(() => expect(a.agreement).toHaveBeenLastCalledWith('e-2'));
    await waitFor(() => expect(form().getByLabelText('KvK-nummer')).toHaveValue('11223344'));
    expect(screen.getByTestId('agreement-status')).toHaveTextContent('Er is nog geen gerechtigde vastgelegd.');
  });
});

describe('Verwerkersovereenkomst: the confirmation', () => {
  it('send asks for the SMTP password, sends it once and reports where the mail went', async () => {
    await start(recorded({ mailConfigured: true, mailUser: true }), SMTP);
    await waitFor(() => expect(confirmCard().getByText(/via smtp\.korenaar\.example/)).toBeInTheDocument());
    await fireEvent.click(confirmCard().getByRole('button', { name: 'Bevestiging versturen' }));
    const dialog = await screen.findByTestId('agreement-send');
    expect(dialog).toHaveTextContent('De bevestiging gaat naar joelle@korenaar.example via smtp.korenaar.example.');
    const password = within(dialog).getByLabelText('Wachtwoord van de mailserver');
    expect(password).toHaveAccessibleDescription(/Kluis bewaart dit wachtwoord niet/);
    await fireEvent.input(password, { target: { value: 'geheim' } });
    a.sendConfirmation.mockResolvedValueOnce(
      recorded({ mailConfigured: true, mailUser: true, confirmed: true, sent: [{ at: '2026-11-23T10:00:00Z', by: 'Petra Beheer', via: 'smtp', version: 1 }] }),
    );
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Versturen' }));
    await waitFor(() => expect(a.sendConfirmation).toHaveBeenCalledWith('e-1', 'geheim'));
    expect(await confirmCard().findByText('De bevestiging is verstuurd naar joelle@korenaar.example.')).toBeInTheDocument();
    expect(screen.queryByTestId('agreement-send')).not.toBeInTheDocument();
    expect(screen.getByTestId('agreement-status')).toHaveTextContent('Er is een bevestiging van deze gegevens naar de gerechtigde gemaild.');
    expect(within(screen.getByTestId('agreement-history')).getByText(/per e-mail verstuurd door Petra Beheer \(versie 1\)/)).toBeInTheDocument();
  });

  it('a refused password shows the error in the dialog and empties the field', async () => {
    await start(recorded({ mailConfigured: true, mailUser: true }), SMTP);
    await fireEvent.click(confirmCard().getByRole('button', { name: 'Bevestiging versturen' }));
    const dialog = await screen.findByTestId('agreement-send');
    const password = within(dialog).getByLabelText('Wachtwoord van de mailserver');
    await fireEvent.input(password, { target: { value: 'fout' } });
    a.sendConfirmation.mockRejectedValueOnce(new api.AppError('mail_auth_failed', 'agreement: SMTP authentication failed at auth (SMTP 535)'));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Versturen' }));
    expect(await within(dialog).findByText(/De mailserver heeft de gebruikersnaam of het wachtwoord niet geaccepteerd\./)).toBeInTheDocument();
    expect(within(dialog).getByText(/Technische details: .*SMTP 535/)).toBeInTheDocument();
    expect(password).toHaveValue('');
  });

  it('a server without a user name sends without asking a password', async () => {
    await start(recorded({ mailConfigured: true, mailUser: false }), { ...SMTP, user: '' });
    await fireEvent.click(confirmCard().getByRole('button', { name: 'Bevestiging versturen' }));
    const dialog = await screen.findByTestId('agreement-send');
    expect(within(dialog).queryByLabelText('Wachtwoord van de mailserver')).not.toBeInTheDocument();
    a.sendConfirmation.mockResolvedValueOnce(recorded({ mailConfigured: true }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Versturen' }));
    await waitFor(() => expect(a.sendConfirmation).toHaveBeenCalledWith('e-1', ''));
  });

  it('without SMTP the confirmation is saved as an .eml file; the PDF too', async () => {
    await start(recorded());
    expect(confirmCard().getByText(/Er is geen mailserver ingesteld/)).toBeInTheDocument();
    a.saveConfirmationEml.mockResolvedValueOnce('/home/petra/bevestiging.eml');
    a.agreement.mockResolvedValueOnce(recorded({ confirmed: true, sent: [{ at: '2026-11-23T10:00:00Z', by: 'Petra Beheer', via: 'eml', version: 1 }] }));
    await fireEvent.click(confirmCard().getByRole('button', { name: 'Als e-mailbestand opslaan (.eml)' }));
    expect(await confirmCard().findByText(/opgeslagen in \/home\/petra\/bevestiging\.eml/)).toBeInTheDocument();
    expect(a.saveConfirmationEml).toHaveBeenCalledWith('e-1');
    expect(await within(screen.getByTestId('agreement-history')).findByText(/als e-mailbestand opgeslagen door Petra Beheer/)).toBeInTheDocument();
    // Rule (issue 17): a saved .eml file is not a confirmation the signatory received.
    expect(screen.getByTestId('agreement-status')).toHaveTextContent(/als e-mailbestand opgeslagen\. Kluis weet niet of die is verstuurd/);
    expect(screen.getByTestId('agreement-status')).not.toHaveTextContent(/gekregen|gemaild/);

    a.saveAgreementPdf.mockResolvedValueOnce('');
    await fireEvent.click(confirmCard().getByRole('button', { name: 'PDF opslaan' }));
    await waitFor(() => expect(a.saveAgreementPdf).toHaveBeenCalledWith('e-1'));
    expect(confirmCard().queryByText(/De PDF is opgeslagen/)).not.toBeInTheDocument(); // cancelled dialog
    a.saveAgreementPdf.mockRejectedValueOnce(new api.AppError('internal', 'x'));
    await fireEvent.click(confirmCard().getByRole('button', { name: 'PDF opslaan' }));
    expect(await confirmCard().findByText('Er ging iets mis in Kluis. De details staan in het logboek.')).toBeInTheDocument();
  });
});

describe('Verwerkersovereenkomst: the mail settings', () => {
  it('a user name without STARTTLS is refused inline; a good form is saved', async () => {
    await start(recorded());
    const mail = within(screen.getByTestId('agreement-mail'));
    await fireEvent.click(mail.getByText('E-mailinstellingen (SMTP)'));
    await fireEvent.input(mail.getByLabelText('Server'), { target: { value: 'smtp.korenaar.example' } });
    await fireEvent.input(mail.getByLabelText('Gebruikersnaam'), { target: { value: 'hr' } });
    await fireEvent.click(mail.getByRole('checkbox', { name: 'Versleutelen met STARTTLS' }));
    await fireEvent.click(mail.getByRole('button', { name: 'E-mailinstellingen opslaan' }));
    expect(mail.getByRole('checkbox', { name: 'Versleutelen met STARTTLS' })).toHaveAccessibleDescription(/Zet STARTTLS aan/);
    expect(a.saveMailSettings).not.toHaveBeenCalled();

    await fireEvent.click(mail.getByRole('checkbox', { name: 'Versleutelen met STARTTLS' }));
    a.saveMailSettings.mockResolvedValueOnce(SMTP);
    a.agreement.mockResolvedValueOnce(recorded({ mailConfigured: true, mailUser: true }));
    await fireEvent.click(mail.getByRole('button', { name: 'E-mailinstellingen opslaan' }));
    await waitFor(() =>
      expect(a.saveMailSettings).toHaveBeenCalledWith({ host: 'smtp.korenaar.example', port: '587', startTLS: true, user: 'hr', from: '' }),
    );
    expect(await mail.findByText('De e-mailinstellingen zijn opgeslagen.')).toBeInTheDocument();
    expect(await confirmCard().findByRole('button', { name: 'Bevestiging versturen' })).toBeInTheDocument();
  });
});
