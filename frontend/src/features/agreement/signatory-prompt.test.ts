import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { EmployerInfo, Status } from '../../lib/api';
import * as agreementApi from '../../lib/api/agreement';
import type { AgreementView, Signatory } from '../../lib/api/agreement';
import { locale } from '../../lib/state/locale.svelte';
import { SignatoryReminder, type ReminderBackend } from './signatory-prompt.svelte';
import PromptFixture from './testing/PromptFixture.svelte';

vi.mock('../../lib/api/agreement', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api/agreement')>();
  return { ...orig, agreement: vi.fn(), saveSignatory: vi.fn() };
});
const a = vi.mocked(agreementApi);

const KORENAAR: EmployerInfo = { id: 'e-1', name: 'Bakkerij De Korenaar BV', kvk: '12345678' } as EmployerInfo;
const TARWE: EmployerInfo = { id: 'e-2', name: 'Tarwe BV', kvk: '87654321' } as EmployerInfo;
const JOELLE: Signatory = {
  name: 'Joëlle van Dijk', function: 'Directeur', basis: 'alone', coSignatory: '', powerLimits: '',
  kvk: '12345678', extractDate: '2026-10-01', email: 'joelle@korenaar.example',
};

function view(id: string, current: Signatory | null): AgreementView {
  return {
    employerId: id, employerName: id === 'e-1' ? KORENAAR.name : TARWE.name, employerKvk: '12345678', current,
    history: current ? [{ version: 1, at: '2026-11-20T09:15:00Z', by: 'Petra', signatory: current }] : [],
    sent: [], confirmed: false, mailConfigured: false, mailUser: false,
  };
}

/** A backend whose employers have the given signatories (null: none yet). */
function fake(records: Record<string, Signatory | null>, employers = [KORENAAR]): ReminderBackend & { calls: number } {
  const be = {
    calls: 0,
    employers: async () => {
      be.calls++;
      return employers;
    },
    agreement: async (id: string) => view(id, records[id] ?? null),
  };
  return be;
}

const admin: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role: 'admin' },
};
const hr: Status = { ...admin, user: { name: 'Henk', email: 'hr@korenaar.example', role: 'user' } };

beforeEach(() => {
  locale.set('nl');
  a.agreement.mockImplementation(async (id: string) => view(id, null));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('SignatoryReminder', () => {
  it('rule: an employer without a signatory opens the prompt; one with a signatory does not', async () => {
    const r = new SignatoryReminder(fake({ 'e-1': null }), () => ({ select: async () => {} }) as never);
    await r.check(true);
    expect(r.missing?.id).toBe('e-1');
    expect(r.open).toBe(true);

    const done = new SignatoryReminder(fake({ 'e-1': JOELLE }), () => ({ select: async () => {} }) as never);
    await done.check(true);
    expect(done.missing).toBeNull();
    expect(done.open).toBe(false);
  });

  it('rule: with several employers the first one without a signatory is asked for', async () => {
    const r = new SignatoryReminder(fake({ 'e-1': JOELLE, 'e-2': null }, [KORENAAR, TARWE]), () => ({ select: async () => {} }) as never);
    await r.check(true);
    expect(r.missing?.id).toBe('e-2');
  });

  it('rule: "Later" dismisses the prompt for this unlock, while the reminder stays', async () => {
    const r = new SignatoryReminder(fake({ 'e-1': null }), () => ({ select: async () => {} }) as never);
    await r.check(true);
    r.later();
    expect(r.open).toBe(false);
    await r.check(true); // Actueel or the shell looking again does not bring the dialog back
    expect(r.open).toBe(false);
    expect(r.missing?.id).toBe('e-1');
    // A new unlock is a new shell, so a new reminder: it asks again.
    const next = new SignatoryReminder(fake({ 'e-1': null }), () => ({ select: async () => {} }) as never);
    await next.check(true);
    expect(next.open).toBe(true);
  });

  it('rule: a failing backend neither prompts nor reminds', async () => {
    const r = new SignatoryReminder(
      { employers: async () => Promise.reject(new Error('locked')), agreement: async (id) => view(id, null) },
      () => ({ select: async () => {} }) as never,
    );
    await r.check(true);
    expect(r.open).toBe(false);
    expect(r.missing).toBeNull();
  });
});

describe('SignatoryPrompt', () => {
  it('rule: an admin who unlocks a vault without a signatory gets the form in a dialog; saving it closes the dialog and clears the reminder', async () => {
    const records: Record<string, Signatory | null> = { 'e-1': null };
    const be = fake(records);
    a.saveSignatory.mockImplementation(async (id: string) => {
      records[id] = JOELLE;
      return view(id, JOELLE);
    });
    render(PromptFixture, { props: { status: admin, reminder: new SignatoryReminder(be), notice: true } });
    const dialog = await screen.findByTestId('signatory-prompt');
    expect(dialog).toHaveTextContent('Wie tekent de verwerkersovereenkomst?');
    expect(dialog).toHaveTextContent('Bakkerij De Korenaar BV');
    expect(await screen.findByTestId('actueel-signatory-reminder')).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText(/^Naam/), { target: { value: JOELLE.name } });
    await fireEvent.input(screen.getByLabelText(/^Functie/), { target: { value: JOELLE.function } });
    await fireEvent.click(screen.getByRole('radio', { name: /Zelfstandig bevoegd/ }));
    await fireEvent.input(screen.getByLabelText(/^Datum KvK-uittreksel/), { target: { value: '01-10-2026' } });
    await fireEvent.input(screen.getByLabelText(/^E-mailadres/), { target: { value: JOELLE.email } });
    await fireEvent.click(screen.getByRole('button', { name: 'Gerechtigde opslaan' }));

    await waitFor(() => expect(screen.queryByTestId('signatory-prompt')).not.toBeInTheDocument());
    expect(a.saveSignatory).toHaveBeenCalledWith('e-1', expect.objectContaining({ name: JOELLE.name, basis: 'alone' }));
    await waitFor(() => expect(screen.queryByTestId('actueel-signatory-reminder')).not.toBeInTheDocument());
  });

  it('rule: "Later" closes the dialog and Actueel keeps reminding, whose button opens it again', async () => {
    render(PromptFixture, { props: { status: admin, reminder: new SignatoryReminder(fake({ 'e-1': null })), notice: true } });
    await screen.findByTestId('signatory-prompt');
    await fireEvent.click(screen.getByTestId('signatory-later'));
    await waitFor(() => expect(screen.queryByTestId('signatory-prompt')).not.toBeInTheDocument());
    expect(screen.getByTestId('actueel-signatory-reminder')).toHaveTextContent('Bakkerij De Korenaar BV');
    await fireEvent.click(screen.getByTestId('actueel-signatory-open'));
    expect(await screen.findByTestId('signatory-prompt')).toBeInTheDocument();
  });

  it('rule: only an admin is asked', async () => {
    const be = fake({ 'e-1': null });
    render(PromptFixture, { props: { status: hr, reminder: new SignatoryReminder(be) } });
    await new Promise((r) => setTimeout(r, 20));
    expect(be.calls).toBe(0);
    expect(screen.queryByTestId('signatory-prompt')).not.toBeInTheDocument();
  });
});
