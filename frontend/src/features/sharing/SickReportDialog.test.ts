import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, reportSick: vi.fn(), changeAbsence: vi.fn() };
});

import * as api from '../../lib/api';
import { reportPayload, SICK_REPORT_KEYS, type AbsenceView, type DossierView, type SickReport } from '../../lib/api';
import SickReportDialog from './SickReportDialog.svelte';

const m = vi.mocked(api);

const VIEW: DossierView = {
  shared: true,
  share: { careQuestion: 'sick-report', since: '2026-11-20T10:00:00Z', until: '' },
  caseContent: false,
  caseClosed: false,
  poortwachter: '',
  pending: 0,
  canRevoke: true,
  history: [],
  absence: null,
  employmentEnded: false,
};

afterEach(() => cleanup());
beforeEach(() => {
  vi.clearAllMocks();
  m.reportSick.mockResolvedValue(VIEW);
  m.changeAbsence.mockResolvedValue(VIEW);
});

function setup(props: { absence?: AbsenceView; phone?: string } = {}) {
  const ondone = vi.fn();
  render(SickReportDialog, { props: { employeeId: 'e1', label: 'Jan Jansen', onclose: vi.fn(), ondone, ...props } });
  const d = within(screen.getByTestId('sick-dialog'));
  const input = (name: string, value: string) => fireEvent.input(d.getByRole('textbox', { name }), { target: { value } });
  const answer = (group: string, yes: boolean) =>
    fireEvent.click(within(d.getByRole('group', { name: group })).getByRole('radio', { name: yes ? 'Ja' : 'Nee' }));
  async function fillLawful() {
    await input('Telefoonnummer tijdens het verzuim', '06 12345678');
    await fireEvent.change(d.getByRole('combobox', { name: 'Verwachte duur' }), { target: { value: '1-to-2-weeks' } });
    await answer('Valt de medewerker onder een vangnetregeling?', false);
    await answer('Is het een bedrijfsongeval?', true);
    await answer('Is het een verkeersongeval waarbij een andere partij aansprakelijk is?', false);
    await input('Eerste ziektedag', '20-11-2026');
  }
  const submit = (name = 'Ziekmelding vastleggen') => fireEvent.click(d.getByRole('button', { name }));
  return { d, ondone, input, answer, fillLawful, submit };
}

describe('SickReportDialog (Ziekmelden)', () => {
  it('rule: the sick report form has no diagnosis or free health field, only the lawful fields', () => {
    const { d } = setup();
    const labels = [...d.getAllByRole('textbox'), ...d.getAllByRole('combobox')].map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim());
    expect(labels.sort()).toEqual(
      [
        'Telefoonnummer tijdens het verzuim',
        'Straat',
        'Huisnummer',
        'Postcode',
        'Plaats',
        'Verwachte duur',
        'Lopende afspraken en werkzaamheden (optioneel)',
        'Eerste ziektedag',
      ].sort(),
    );
    // The one multi-line field carries the warning against medical details.
    const areas = d.getAllByRole('textbox').filter((el) => el.tagName === 'TEXTAREA');
    expect(areas).toHaveLength(1);
    expect(areas[0]).toHaveAccessibleDescription('Schrijf hier geen medische gegevens: geen klachten, diagnose of oorzaak.');
    expect(d.queryByText(/diagnose/i, { selector: 'label' })).not.toBeInTheDocument();
    // The three yes/no questions are radio pairs, never free text.
    for (const name of [
      'Valt de medewerker onder een vangnetregeling?',
      'Is het een bedrijfsongeval?',
      'Is het een verkeersongeval waarbij een andere partij aansprakelijk is?',
    ]) {
      expect(within(d.getByRole('group', { name })).getAllByRole('radio').map((r) => r.closest('label')?.textContent?.trim())).toEqual(['Ja', 'Nee']);
    }
    // The care address sits in a collapsed "Ander verpleegadres".
    expect(d.getByTestId('sick-care-address')).not.toHaveAttribute('open');
    expect(d.getByText('Ander verpleegadres').tagName).toBe('SUMMARY');
  });

  it('rule: the sick report sends only the lawful keys', async () => {
    const s = setup({ phone: '06 11111111' });
    await s.fillLawful();
    await s.submit();
    await vi.waitFor(() => expect(s.ondone).toHaveBeenCalledWith(VIEW));
    const [id, report] = m.reportSick.mock.calls[0]!;
    expect(id).toBe('e1');
    expect(Object.keys(report).sort()).toEqual([...SICK_REPORT_KEYS].sort());
    expect(report).toEqual({
      phone: '06 12345678',
      careAddress: { street: '', number: '', postcode: '', city: '' },
      expectedDuration: '1-to-2-weeks',
      ongoingAppointments: '',
      safetyNet: false,
      workAccident: true,
      thirdPartyLiable: false,
      firstSickDay: '20-11-2026',
    });
  });

  it('rule: the payload holds exactly the lawful keys, whatever the object carries', () => {
    const smuggled = {
      phone: '06 12345678',
      careAddress: { street: 'Laan', number: '1', postcode: '3511 AB', city: 'Utrecht', floor: '2' },
      expectedDuration: 'unknown',
      ongoingAppointments: '',
      safetyNet: true,
      workAccident: false,
      thirdPartyLiable: false,
      firstSickDay: '20-11-2026',
      diagnosis: 'griep',
      complaints: 'koorts',
    } as unknown as SickReport;
    const payload = reportPayload(smuggled);
    expect(Object.keys(payload)).toEqual([...SICK_REPORT_KEYS]);
    expect(Object.keys(payload.careAddress as object)).toEqual(['street', 'number', 'postcode', 'city']);
  });

  it('rule: the yes/no questions, the phone and the expected duration must be answered', async () => {
    const s = setup();
    await s.input('Eerste ziektedag', '20-11-2026');
    await s.submit();
    expect(m.reportSick).not.toHaveBeenCalled();
    expect(s.d.getByRole('textbox', { name: 'Telefoonnummer tijdens het verzuim' })).toHaveFocus();
    expect(s.d.getByRole('combobox', { name: 'Verwachte duur' })).toHaveAccessibleDescription('Kies de verwachte duur.');
    expect(s.d.getByRole('group', { name: 'Is het een bedrijfsongeval?' })).toHaveAccessibleDescription('Kies ja of nee.');
  });

  it('starts a new report with the employee phone and today, and opens the care address on its postcode error', async () => {
    m.reportSick.mockRejectedValueOnce(new api.AppError('invalid_input', 'bad', { 'careAddress.postcode': 'postcode_format' }));
    const now = new Date();
    const s = setup({ phone: '06 11111111' });
    expect(s.d.getByRole('textbox', { name: 'Telefoonnummer tijdens het verzuim' })).toHaveValue('06 11111111');
    expect(s.d.getByRole('textbox', { name: 'Eerste ziektedag' })).toHaveValue(
      [now.getDate(), now.getMonth() + 1].map((n) => String(n).padStart(2, '0')).join('-') + `-${now.getFullYear()}`,
    );
    await s.fillLawful();
    await s.submit();
    await vi.waitFor(() => expect(s.d.getByTestId('sick-care-address')).toHaveAttribute('open'));
    expect(s.d.getByRole('textbox', { name: 'Postcode' })).toHaveAccessibleDescription(expect.stringContaining('Vul een geldige postcode in'));
  });

  it('is reused for "Wijziging verzuim" with the report filled in and a percentage from 1 to 100', async () => {
    const absence: AbsenceView = {
      firstSickDay: '2026-11-20',
      week: 1,
      nextMilestone: 'report-to-arbo',
      milestoneWeek: 1,
      steps: [],
      status: 'upcoming',
      percentage: 100,
      report: {
        phone: '06 12345678',
        careAddress: { street: 'Laan', number: '1', postcode: '3511 AB', city: 'Utrecht' },
        expectedDuration: '2-to-6-weeks',
        ongoingAppointments: '',
        safetyNet: false,
        workAccident: false,
        thirdPartyLiable: true,
        firstSickDay: '2026-11-20',
      },
    };
    const s = setup({ absence });
    expect(screen.getByRole('heading', { name: 'Wijziging verzuim' })).toBeInTheDocument();
    expect(s.d.getByRole('textbox', { name: 'Eerste ziektedag' })).toHaveValue('20-11-2026');
    expect(s.d.getByTestId('sick-care-address')).toHaveAttribute('open');
    const pct = s.d.getByRole('textbox', { name: 'Percentage ziek' });
    expect(pct).toHaveValue('100');

    await fireEvent.input(pct, { target: { value: '0' } });
    await s.submit('Wijziging vastleggen');
    expect(m.changeAbsence).not.toHaveBeenCalled();
    expect(pct).toHaveAccessibleDescription(expect.stringContaining('Vul een heel getal van 1 tot en met 100 in.'));

    await fireEvent.input(pct, { target: { value: '50' } });
    await s.submit('Wijziging vastleggen');
    await vi.waitFor(() => expect(m.changeAbsence).toHaveBeenCalled());
    const [id, report, percentage] = m.changeAbsence.mock.calls[0]!;
    expect(id).toBe('e1');
    expect(percentage).toBe(50);
    expect(report.thirdPartyLiable).toBe(true);
    expect(report.careAddress.postcode).toBe('3511 AB');
    expect(report.firstSickDay).toBe('20-11-2026');
  });
});
