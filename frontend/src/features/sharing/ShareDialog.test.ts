import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, share: vi.fn() };
});

import * as api from '../../lib/api';
import { AppError, type DossierView } from '../../lib/api';
import ShareDialog from './ShareDialog.svelte';

const m = vi.mocked(api);

const SHARED: DossierView = {
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
  m.share.mockResolvedValue(SHARED);
});

function setup(props: { preset?: 'sick-report' | 'case-manager' | 'consultation'; thenSick?: boolean } = {}) {
  const onclose = vi.fn();
  const ondone = vi.fn();
  render(ShareDialog, { props: { employeeId: 'e1', label: 'Anoniem (Persnr 00042)', onclose, ondone, ...props } });
  const dialog = screen.getByTestId('share-dialog');
  const d = within(dialog);
  return {
    dialog,
    d,
    onclose,
    ondone,
    choose: (name: string) => fireEvent.click(d.getByRole('radio', { name })),
    explain: (value: string) => fireEvent.input(d.getByRole('textbox', { name: 'Toelichting' }), { target: { value } }),
    confirm: () => fireEvent.click(d.getByRole('checkbox', { name: 'Ik begrijp dat de arbodienst deze gegevens ontvangt' })),
    submit: () => fireEvent.click(d.getByRole('button', { name: 'Delen' })),
  };
}

describe('ShareDialog (Dossier delen)', () => {
  it('offers the three care questions as a labelled radio group and says what sharing means', () => {
    const { d } = setup();
    const group = d.getByRole('group', { name: 'Zorgvraag' });
    expect(within(group).getAllByRole('radio').map((r) => r.closest('label')?.textContent?.trim())).toEqual([
      'Ziekmelding',
      'Contact met casemanager',
      '(Open) spreekuur',
    ]);
    expect(d.getByTestId('share-warning')).toHaveTextContent(
      'Na delen ziet de arbodienst wie deze medewerker is: naam, adres en contactgegevens.',
    );
    expect(d.getByRole('textbox', { name: 'Toelichting' })).toHaveAccessibleDescription(
      'Schrijf hier geen medische gegevens: geen klachten, diagnose of oorzaak.',
    );
  });

  it('rule: the explanation is required', async () => {
    const s = setup({ preset: 'consultation' });
    await s.confirm();
    await s.submit();
    expect(m.share).not.toHaveBeenCalled();
    const field = s.d.getByRole('textbox', { name: 'Toelichting' });
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining('Schrijf kort waarom je het dossier deelt.'));
    expect(field).toHaveFocus();
    // Only spaces is no explanation either.
    await s.explain('   ');
    await s.submit();
    expect(m.share).not.toHaveBeenCalled();
  });

  it('rule: the confirmation checkbox is required before "Delen"', async () => {
    const s = setup({ preset: 'consultation' });
    await s.explain('Medewerker wil het spreekuur bezoeken.');
    await s.submit();
    expect(m.share).not.toHaveBeenCalled();
    const box = s.d.getByRole('checkbox', { name: 'Ik begrijp dat de arbodienst deze gegevens ontvangt' });
    expect(box).toHaveAccessibleDescription('Vink aan dat je begrijpt wat delen betekent.');
    expect(box).toHaveFocus();

    await s.confirm();
    await s.submit();
    await vi.waitFor(() => expect(s.ondone).toHaveBeenCalledWith(SHARED, 'consultation'));
    expect(m.share).toHaveBeenCalledWith('e1', { careQuestion: 'consultation', explanation: 'Medewerker wil het spreekuur bezoeken.', until: '' });
  });

  it('rule: a care question must be chosen', async () => {
    const s = setup();
    await s.explain('Contact gevraagd.');
    await s.confirm();
    await s.submit();
    expect(m.share).not.toHaveBeenCalled();
    expect(s.d.getByRole('group', { name: 'Zorgvraag' })).toHaveAccessibleDescription('Kies de zorgvraag waarvoor je deelt.');
  });

  it('rule: the end date field is hidden for a sick report (it lasts until recovery), shown for the others', async () => {
    const s = setup({ preset: 'consultation' });
    const until = () => s.d.queryByRole('textbox', { name: 'Tot en met (optioneel)' });
    expect(until()).toBeInTheDocument();
    await fireEvent.input(until()!, { target: { value: '31-12-2026' } });

    await s.choose('Ziekmelding');
    expect(until()).not.toBeInTheDocument();
    expect(s.d.getByTestId('share-sick-lasts')).toHaveTextContent('Een deling voor een ziekmelding loopt tot de herstelmelding.');

    await s.choose('Contact met casemanager');
    expect(until()).toBeInTheDocument();

    // A date typed for another care question is not sent with a sick report.
    await s.choose('Ziekmelding');
    await s.explain('Ziekmelding van vandaag.');
    await s.confirm();
    await s.submit();
    await vi.waitFor(() => expect(m.share).toHaveBeenCalledWith('e1', { careQuestion: 'sick-report', explanation: 'Ziekmelding van vandaag.', until: '' }));
  });

  it('shows the backend field errors under their fields', async () => {
    m.share.mockRejectedValueOnce(new AppError('invalid_input', 'bad', { until: 'date_past' }));
    const s = setup({ preset: 'case-manager' });
    await s.explain('Casemanager belt.');
    await fireEvent.input(s.d.getByRole('textbox', { name: 'Tot en met (optioneel)' }), { target: { value: '01-01-2020' } });
    await s.confirm();
    await s.submit();
    await vi.waitFor(() =>
      expect(s.d.getByRole('textbox', { name: 'Tot en met (optioneel)' })).toHaveAccessibleDescription(
        expect.stringContaining('Deze datum mag niet in het verleden liggen.'),
      ),
    );
    expect(s.ondone).not.toHaveBeenCalled();
  });

  it('rule: an explanation with medical details is refused, naming the words found, and the hint stays', async () => {
    m.share.mockRejectedValueOnce(
      new AppError('invalid_input', 'bad', { explanation: 'medical_terms' }, null, '', { explanation: ['griep', 'koorts', 'hernia'] }),
    );
    const s = setup({ preset: 'sick-report' });
    await s.explain('Griep met hoge koorts, diagnose hernia');
    await s.confirm();
    await s.submit();
    const field = s.d.getByRole('textbox', { name: 'Toelichting' });
    await vi.waitFor(() =>
      expect(field).toHaveAccessibleDescription(expect.stringContaining('Dit bevat medische gegevens: griep, koorts, hernia.')),
    );
    expect(field).toHaveAccessibleDescription(expect.stringContaining('Schrijf hier geen medische gegevens'));
    expect(s.ondone).not.toHaveBeenCalled();
  });

  it('rule: a share refused because the employment ended says so in the dialog', async () => {
    m.share.mockRejectedValueOnce(new AppError('employment_ended', 'The employment ended more than four weeks ago.'));
    const s = setup({ preset: 'consultation' });
    await s.explain('Spreekuur.');
    await s.confirm();
    await s.submit();
    expect(await s.d.findByText(/Het dienstverband is meer dan vier weken geleden beëindigd/)).toBeInTheDocument();
  });

  it('starts with the preset care question and says the sick report follows', () => {
    const s = setup({ preset: 'sick-report', thenSick: true });
    expect(s.d.getByRole('radio', { name: 'Ziekmelding' })).toBeChecked();
    expect(s.dialog).toHaveTextContent('Na het delen vul je de ziekmelding in.');
  });
});
