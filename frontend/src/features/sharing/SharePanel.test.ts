import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    dossier: vi.fn(),
    share: vi.fn(),
    revokeShare: vi.fn(),
    reportSick: vi.fn(),
    changeAbsence: vi.fn(),
    reportRecovery: vi.fn(),
    markStepDone: vi.fn(),
    saveSivi: vi.fn(),
  };
});

import * as api from '../../lib/api';
import { toDossier, type DossierView, type HistoryLine, type StepView } from '../../lib/api';
import type { app } from '../../../wailsjs/go/models';
import SharePanel from './SharePanel.svelte';

const m = vi.mocked(api);

const line = (over: Partial<HistoryLine>): HistoryLine => ({
  kind: 'shared', at: '2026-11-20T10:00:00Z', by: 'Petra de Vries', careQuestion: '', explanation: '', until: '', reason: '', ...over,
});

const UNSHARED: DossierView = { shared: false, share: null, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: false, history: [], absence: null, employmentEnded: false };
const SHARED: DossierView = {
  shared: true,
  share: { careQuestion: 'sick-report', since: '2026-11-20T10:00:00Z', until: '' },
  caseContent: false,
  caseClosed: false,
  poortwachter: '',
  pending: 0,
  canRevoke: true,
  history: [line({ careQuestion: 'sick-report', explanation: 'Ziekmelding vandaag.' })],
  absence: null,
  employmentEnded: false,
};
const SICK: DossierView = {
  ...SHARED,
  history: [line({ kind: 'sick', at: '2026-11-20T11:00:00Z' }), ...SHARED.history],
  absence: {
    firstSickDay: '2026-11-20',
    week: 1,
    nextMilestone: 'report-to-arbo',
    milestoneWeek: 1,
    steps: [],
    status: 'upcoming',
    percentage: 100,
    report: { ...api.emptySickReport(), phone: '06 12345678', expectedDuration: 'unknown', firstSickDay: '2026-11-20' },
  },
};

afterEach(() => cleanup());
beforeEach(() => vi.clearAllMocks());

async function setup(view: DossierView) {
  m.dossier.mockResolvedValue(view);
  const onchanged = vi.fn();
  render(SharePanel, { props: { employeeId: 'e1', label: 'Anoniem (Persnr 00042)', phone: '06 12345678', onchanged } });
  const panel = await screen.findByTestId('share-status').then(() => within(screen.getByTestId('share-panel')));
  return { panel, onchanged };
}

describe('SharePanel (Delen met de arbodienst)', () => {
  it('says "Niet gedeeld" in words and offers "Dossier delen" when not shared', async () => {
    const { panel } = await setup(UNSHARED);
    expect(m.dossier).toHaveBeenCalledWith('e1');
    expect(panel.getByRole('heading', { name: 'Delen met de arbodienst' })).toBeInTheDocument();
    expect(panel.getByTestId('share-status')).toHaveTextContent('Niet gedeeld');
    expect(panel.getByRole('button', { name: 'Dossier delen' })).toBeEnabled();
    expect(panel.queryByRole('button', { name: 'Deling intrekken' })).not.toBeInTheDocument();
    expect(panel.getByText('Nog nooit gedeeld.')).toBeInTheDocument();
  });

  it('says for what and since when it is shared, and offers "Deling intrekken" and "Ziekmelden"', async () => {
    const { panel } = await setup({ ...SHARED, share: { careQuestion: 'consultation', since: '2026-11-20T10:00:00Z', until: '2026-12-31' } });
    expect(panel.getByTestId('share-status')).toHaveTextContent('Gedeeld voor (open) spreekuur sinds 20-11-2026, tot en met 31-12-2026');
    expect(panel.getByRole('button', { name: 'Deling intrekken' })).toBeEnabled();
    expect(panel.getByRole('button', { name: 'Ziekmelden' })).toBeEnabled();
    expect(panel.queryByRole('button', { name: 'Dossier delen' })).not.toBeInTheDocument();
  });

  it('rule: revoking is disabled, with the reason, once the arbo service holds case content', async () => {
    const { panel } = await setup({ ...SHARED, caseContent: true, canRevoke: false });
    const revoke = panel.getByRole('button', { name: 'Deling intrekken' });
    expect(revoke).toBeDisabled();
    expect(revoke).toHaveAccessibleDescription(
      'De arbodienst heeft al inhoud over deze medewerker vastgelegd; de deling kan niet meer worden ingetrokken.',
    );
  });

  it('rule: "Ziekmelden" on an unshared employee shares for the sick report first, then asks for the report', async () => {
    const { panel, onchanged } = await setup(UNSHARED);
    const sick = panel.getByRole('button', { name: 'Ziekmelden' });
    expect(sick).toHaveAccessibleDescription(expect.stringContaining('Ziekmelden kan pas als het dossier met de arbodienst is gedeeld.'));
    await fireEvent.click(sick);

    // Step 1: the share, preset to the sick report.
    const share = within(screen.getByTestId('share-dialog'));
    expect(share.getByRole('radio', { name: 'Ziekmelding' })).toBeChecked();
    expect(m.reportSick).not.toHaveBeenCalled();
    m.share.mockResolvedValue(SHARED);
    await fireEvent.input(share.getByRole('textbox', { name: 'Toelichting' }), { target: { value: 'Ziekmelding vandaag.' } });
    await fireEvent.click(share.getByRole('checkbox', { name: 'Ik begrijp dat de arbodienst deze gegevens ontvangt' }));
    await fireEvent.click(share.getByRole('button', { name: 'Delen' }));

    // Step 2: straight on to the sick report, the panel already showing the share.
    const dialog = await screen.findByTestId('sick-dialog');
    expect(m.share).toHaveBeenCalledWith('e1', { careQuestion: 'sick-report', explanation: 'Ziekmelding vandaag.', until: '' });
    expect(screen.queryByTestId('share-dialog')).not.toBeInTheDocument();
    expect(panel.getByTestId('share-status')).toHaveTextContent('Gedeeld voor ziekmelding sinds 20-11-2026');
    expect(onchanged).toHaveBeenCalledWith(SHARED);

    const d = within(dialog);
    m.reportSick.mockResolvedValue(SICK);
    await fireEvent.change(d.getByRole('combobox', { name: 'Verwachte duur' }), { target: { value: 'unknown' } });
    for (const name of ['Valt de medewerker onder een vangnetregeling?', 'Is het een bedrijfsongeval?', 'Is het een verkeersongeval waarbij een andere partij aansprakelijk is?']) {
      await fireEvent.click(within(d.getByRole('group', { name })).getByRole('radio', { name: 'Nee' }));
    }
    await fireEvent.click(d.getByRole('button', { name: 'Ziekmelding vastleggen' }));
    await vi.waitFor(() => expect(screen.queryByTestId('sick-dialog')).not.toBeInTheDocument());
    expect(m.reportSick).toHaveBeenCalledWith('e1', expect.objectContaining({ phone: '06 12345678', expectedDuration: 'unknown' }));
    expect(onchanged).toHaveBeenLastCalledWith(SICK);
    expect(panel.getByTestId('absence-line')).toHaveTextContent(
      'Ziek sinds 20-11-2026 · week 1 · volgende stap: Ziekmelding bij de arbodienst (uiterlijk week 1)',
    );
  });

  it('with an open absence offers "Herstelmelden" and "Wijziging verzuim" instead of "Ziekmelden"', async () => {
    const { panel } = await setup(SICK);
    expect(panel.getByRole('button', { name: 'Herstelmelden' })).toBeEnabled();
    expect(panel.getByRole('button', { name: 'Wijziging verzuim' })).toBeEnabled();
    expect(panel.queryByRole('button', { name: 'Ziekmelden' })).not.toBeInTheDocument();

    m.reportRecovery.mockResolvedValue(SHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'Herstelmelden' }));
    const d = within(screen.getByTestId('recovery-dialog'));
    await fireEvent.input(d.getByRole('textbox', { name: 'Eerste werkdag na herstel' }), { target: { value: '25-11-2026' } });
    await fireEvent.click(d.getByRole('button', { name: 'Herstel vastleggen' }));
    await vi.waitFor(() => expect(m.reportRecovery).toHaveBeenCalledWith('e1', '25-11-2026'));
    await vi.waitFor(() => expect(panel.queryByTestId('absence-line')).not.toBeInTheDocument());
    expect(panel.getByText('De herstelmelding is vastgelegd.')).toBeInTheDocument();
  });

  it('revokes with a required reason', async () => {
    const { panel, onchanged } = await setup(SHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'Deling intrekken' }));
    const d = within(screen.getByTestId('revoke-share-dialog'));
    await fireEvent.click(d.getByRole('button', { name: 'Deling intrekken' }));
    expect(m.revokeShare).not.toHaveBeenCalled();
    expect(d.getByRole('textbox', { name: 'Reden' })).toHaveAccessibleDescription(expect.stringContaining('Schrijf de reden van de intrekking.'));

    const revoked = { ...UNSHARED, history: [line({ kind: 'revoked', at: '2026-11-21T09:00:00Z', reason: 'Verkeerde medewerker.' }), ...SHARED.history] };
    m.revokeShare.mockResolvedValue(revoked);
    await fireEvent.input(d.getByRole('textbox', { name: 'Reden' }), { target: { value: 'Verkeerde medewerker.' } });
    await fireEvent.click(d.getByRole('button', { name: 'Deling intrekken' }));
    await vi.waitFor(() => expect(onchanged).toHaveBeenCalledWith(revoked));
    expect(m.revokeShare).toHaveBeenCalledWith('e1', 'Verkeerde medewerker.');
    expect(panel.getByTestId('share-status')).toHaveTextContent('Niet gedeeld');
  });

  it('rule: the share history is shown newest first, with who, the explanation and the reason', async () => {
    // The backend's lines in any order: the narrowing puts the newest first.
    const raw = {
      shared: false, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: false, share: undefined, absence: undefined,
      history: [
        { kind: 'shared', at: '2026-10-01T08:00:00Z', by: 'Petra de Vries', careQuestion: 'consultation', explanation: 'Spreekuur.', until: '2026-10-31', reason: '' },
        { kind: 'shared-by-arbo', at: '2026-11-10T08:00:00Z', by: '', careQuestion: 'case-manager', explanation: '', until: '', reason: '' },
        { kind: 'revoked', at: '2026-10-15T08:00:00Z', by: 'Karel Smit', careQuestion: '', explanation: '', until: '', reason: 'Niet meer nodig.' },
      ],
    } as unknown as app.DossierView;
    const view = toDossier(raw);
    expect(view.history.map((h) => h.kind)).toEqual(['shared-by-arbo', 'revoked', 'shared']);

    const { panel } = await setup(view);
    const items = within(panel.getByTestId('share-history')).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.what')?.textContent)).toEqual([
      expect.stringMatching(/^Gedeeld door de arbodienst op 10-11-2026 \d\d:\d\d, voor contact met de casemanager$/),
      expect.stringMatching(/^Ingetrokken op 15-10-2026 \d\d:\d\d door Karel Smit$/),
      expect.stringMatching(/^Gedeeld op 01-10-2026 \d\d:\d\d door Petra de Vries, voor \(open\) spreekuur$/),
    ]);
    expect(items[1]).toHaveTextContent('RedenNiet meer nodig.');
    expect(items[2]).toHaveTextContent('ToelichtingSpreekuur.');
    expect(items[2]).toHaveTextContent('Tot en met31-10-2026');
  });
});

describe('SharePanel: Poortwachter, ended employments and an open absence after a revocation', () => {
  const step = (over: Partial<StepView>): StepView => ({
    code: 'report-to-arbo', from: '2026-09-01', deadline: '2026-09-07', status: 'upcoming', event: false, done: '', doneBy: '', ...over,
  });
  const LATE: DossierView = {
    ...SICK,
    absence: {
      ...SICK.absence!,
      firstSickDay: '2026-09-01',
      week: 12,
      status: 'late',
      steps: [
        step({ code: 'report-to-arbo', deadline: '2026-09-07', status: 'late' }),
        step({ code: 'problem-analysis', deadline: '2026-10-12', status: 'done', done: '2026-10-10', doneBy: 'Petra de Vries' }),
        step({ code: 'plan-of-action', deadline: '2026-10-26', status: 'due' }),
        step({ code: 'report-to-uwv', deadline: '2027-06-21', status: 'upcoming' }),
        step({ code: 'end-of-wage-payment', deadline: '2028-08-30', status: 'upcoming', event: true }),
      ],
    },
  };

  it('rule: each Poortwachter step shows its deadline and a dot with words: Te laat in red, Binnenkort in amber, Op schema, Gedaan with who', async () => {
    const { panel } = await setup(LATE);
    const steps = within(panel.getByTestId('poortwachter-steps'));
    expect(steps.getByTestId('step-report-to-arbo')).toHaveTextContent('Te laat');
    expect(steps.getByTestId('step-report-to-arbo')).toHaveTextContent('uiterlijk 07-09-2026');
    expect(steps.getByTestId('step-report-to-arbo')).toHaveAttribute('data-status', 'late');
    expect(steps.getByTestId('step-plan-of-action')).toHaveTextContent('Binnenkort');
    expect(steps.getByTestId('step-report-to-uwv')).toHaveTextContent('Op schema');
    expect(steps.getByTestId('step-problem-analysis')).toHaveTextContent('gedaan op 10-10-2026 door Petra de Vries');
    // Done steps and moments (the end of wage payment) cannot be marked done.
    expect(steps.queryByTestId('step-mark-problem-analysis')).not.toBeInTheDocument();
    expect(steps.queryByTestId('step-mark-end-of-wage-payment')).not.toBeInTheDocument();
  });

  it('rule: a step is marked done with the day it was done, and the panel shows the answer', async () => {
    const { panel, onchanged } = await setup(LATE);
    const after: DossierView = {
      ...LATE,
      absence: { ...LATE.absence!, steps: LATE.absence!.steps.map((s) => (s.code === 'report-to-arbo' ? { ...s, status: 'done', done: '2026-09-03', doneBy: 'Petra de Vries' } : s)) },
    };
    m.markStepDone.mockResolvedValue(after);
    await fireEvent.click(panel.getByTestId('step-mark-report-to-arbo'));
    const day = panel.getByLabelText('Ziekmelding bij de arbodienst gedaan op');
    await fireEvent.input(day, { target: { value: '03-09-2026' } });
    await fireEvent.click(panel.getByTestId('step-save'));
    expect(m.markStepDone).toHaveBeenCalledWith('e1', 'report-to-arbo', '03-09-2026');
    expect(await panel.findByText('gedaan op 03-09-2026 door Petra de Vries')).toBeInTheDocument();
    expect(onchanged).toHaveBeenCalledWith(after);
  });

  it('rule: when the employment ended more than four weeks ago, sharing and Ziekmelden are disabled and the panel says why', async () => {
    const { panel } = await setup({ ...UNSHARED, employmentEnded: true });
    expect(panel.getByTestId('share-employment-ended')).toHaveTextContent('meer dan vier weken geleden beëindigd');
    expect(panel.getByRole('button', { name: 'Dossier delen' })).toBeDisabled();
    expect(panel.getByRole('button', { name: 'Ziekmelden' })).toBeDisabled();
  });

  it('rule: after a revocation with the absence still open, the panel shows the absence and offers a re-share, not a second sick report', async () => {
    const { panel } = await setup({ ...UNSHARED, absence: SICK.absence });
    expect(panel.getByTestId('absence-line')).toHaveTextContent('Ziek sinds 20-11-2026');
    expect(panel.getByTestId('share-open-absence')).toHaveTextContent('nog ziekgemeld');
    expect(panel.queryByRole('button', { name: 'Ziekmelden' })).not.toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Delen voor herstelmelding' })).toBeEnabled();
  });
});

describe('SharePanel: SIVI-bestanden opslaan', () => {
  const SIVI_VALUES: [string, string][] = [
    ['senderId', 'AFZ-1'], ['receiverId', 'ARBO-9'], ['arboEmployerId', 'W123'], ['connectionNumber', 'A-77'],
    ['payrollTaxNumber', '123456789L01'], ['contactSurname', 'Jansen'], ['contactValue', '020 1234567'],
  ];
  async function fillSivi(withAbsence: boolean) {
    for (const [id, value] of SIVI_VALUES) await fireEvent.input(screen.getByTestId(`sivi-${id}`), { target: { value } });
    await fireEvent.change(screen.getByTestId('sivi-contactRole'), { target: { value: '01' } });
    await fireEvent.change(screen.getByTestId('sivi-contactChannel'), { target: { value: '06' } });
    if (withAbsence) {
      await fireEvent.change(screen.getByTestId('sivi-processingCode'), { target: { value: '01' } });
      await fireEvent.change(screen.getByTestId('sivi-causeCode'), { target: { value: '10' } });
    }
  }

  it('rule: the button is there only when the dossier is shared', async () => {
    const { panel } = await setup(UNSHARED);
    expect(panel.queryByRole('button', { name: 'SIVI-bestanden opslaan' })).not.toBeInTheDocument();
    cleanup();
    const shared = await setup(SHARED);
    expect(shared.panel.getByRole('button', { name: 'SIVI-bestanden opslaan' })).toBeEnabled();
    cleanup();
    const reshare = await setup({ ...UNSHARED, absence: SICK.absence });
    expect(reshare.panel.queryByRole('button', { name: 'SIVI-bestanden opslaan' })).not.toBeInTheDocument();
  });

  it('asks for the Verzuimmelding codes only with a sick report (also a recovered one)', async () => {
    const { panel } = await setup(SHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'SIVI-bestanden opslaan' }));
    expect(within(screen.getByTestId('sivi-dialog')).queryByRole('group', { name: 'Verzuimmelding' })).not.toBeInTheDocument();
    cleanup();
    const recovered = await setup({ ...SHARED, history: [line({ kind: 'recovered' }), line({ kind: 'sick' }), ...SHARED.history] });
    await fireEvent.click(recovered.panel.getByRole('button', { name: 'SIVI-bestanden opslaan' }));
    expect(within(screen.getByTestId('sivi-dialog')).getByRole('group', { name: 'Verzuimmelding' })).toBeInTheDocument();
  });

  it('on success closes the dialog and says where the files went', async () => {
    const { panel, onchanged } = await setup(SICK);
    await fireEvent.click(panel.getByRole('button', { name: 'SIVI-bestanden opslaan' }));
    await fillSivi(true);
    m.saveSivi.mockResolvedValue({ folder: '/home/petra/SIVI', files: ['WerknemerGegevens.xml', 'Verzuimmeldingen.xml'] });
    await fireEvent.click(within(screen.getByTestId('sivi-dialog')).getByRole('button', { name: 'Opslaan…' }));
    await vi.waitFor(() => expect(screen.queryByTestId('sivi-dialog')).not.toBeInTheDocument());
    expect(m.saveSivi).toHaveBeenCalledWith('e1', expect.objectContaining({ senderId: 'AFZ-1', processingCode: '01', causeCode: '10' }));
    expect(panel.getByRole('status')).toHaveTextContent('Opgeslagen in /home/petra/SIVI: WerknemerGegevens.xml, Verzuimmeldingen.xml');
    expect(onchanged).not.toHaveBeenCalled();
  });

  it('rule: cancelling the save dialog shows nothing: the dialog stays open with its values', async () => {
    const { panel } = await setup(SHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'SIVI-bestanden opslaan' }));
    await fillSivi(false);
    m.saveSivi.mockResolvedValue({ folder: '', files: [] });
    const d = within(screen.getByTestId('sivi-dialog'));
    await fireEvent.click(d.getByRole('button', { name: 'Opslaan…' }));
    await vi.waitFor(() => expect(d.getByRole('button', { name: 'Opslaan…' })).toBeEnabled());
    expect(m.saveSivi).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('sivi-dialog')).toBeInTheDocument();
    expect(screen.getByTestId('sivi-senderId')).toHaveValue('AFZ-1');
    expect(panel.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // Closed and opened again: nothing was remembered.
    await fireEvent.click(d.getByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByTestId('sivi-dialog')).not.toBeInTheDocument();
    await fireEvent.click(panel.getByRole('button', { name: 'SIVI-bestanden opslaan' }));
    expect(screen.getByTestId('sivi-senderId')).toHaveValue('');
  });
});
