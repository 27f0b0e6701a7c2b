import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { emptyIdentity, type EmployeeDetail } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import EmployeePane from './EmployeePane.svelte';

afterEach(() => {
  cleanup();
  locale.set('nl');
});

function detail(over: Partial<EmployeeDetail> = {}): EmployeeDetail {
  return {
    id: 'e1',
    employer: 'w1',
    persnr: '00042',
    department: 'd1',
    departmentPath: 'Utrecht/Magazijn',
    shared: false,
    active: true,
    label: '',
    identityRead: true,
    identity: {
      ...emptyIdentity(),
      initials: 'J.',
      firstName: 'Jan',
      surname: 'Jansen',
      bsn: '111222333',
      birthDate: '1985-03-14',
      gender: 'M',
      street: 'Dorpsstraat',
      number: '12',
      postcode: '3511 AB',
      city: 'Utrecht',
      displayName: 'Jan Jansen',
    },
    employments: [
      { department: 'd1', departmentPath: 'Utrecht/Magazijn', start: '2020-01-01', end: '', hours: '32', costCentre: 'K100', jobTitle: 'Magazijnmedewerker' },
      { department: 'd2', departmentPath: 'Zeist/Inkoop', start: '2015-05-01', end: '2018-12-31', hours: '40', costCentre: '', jobTitle: 'Inkoper' },
    ],
    ...over,
  };
}

function setup(d: EmployeeDetail) {
  const onedit = vi.fn();
  const onend = vi.fn();
  const r = render(EmployeePane, { props: { detail: d, onedit, onend } });
  return { ...r, onedit, onend };
}

describe('EmployeePane', () => {
  it('heads the pane with the display name when the identity was read', () => {
    setup(detail());
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Jan Jansen');
    expect(screen.queryByTestId('identity-unreadable')).not.toBeInTheDocument();
  });

  it('rule: without a readable identity the heading is the anonymised label and a note says why', () => {
    setup(detail({ identityRead: false, identity: undefined }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Anoniem (Persnr 00042)');
    const note = screen.getByTestId('identity-unreadable');
    expect(note).toHaveTextContent('Je sleutels openen de NAW-gegevens van deze medewerker niet');
    // Only employment facts: no identity sections.
    expect(screen.queryByRole('heading', { name: 'Persoonsgegevens' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Dienstverbanden' })).toBeInTheDocument();
    // Editing and ending need the identity's department: both are disabled and say why.
    const why = 'Bewerken en het dienstverband beëindigen kan alleen als je sleutels de NAW-gegevens van deze medewerker openen (je eigen afdelingen).';
    for (const name of ['Bewerken', 'Dienstverband beëindigen']) {
      const button = screen.getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(why);
    }
  });

  it('rule: the BSN is masked to its last four digits until "Toon" is pressed', async () => {
    setup(detail());
    const value = screen.getByTestId('bsn-value');
    expect(value).toHaveTextContent('•••••2333');
    expect(value).not.toHaveTextContent('111222333');
    const toggle = screen.getByRole('button', { name: 'Toon BSN' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(toggle);
    expect(screen.getByTestId('bsn-value')).toHaveTextContent('111222333');
    await fireEvent.click(screen.getByRole('button', { name: 'Verberg BSN' }));
    expect(screen.getByTestId('bsn-value')).toHaveTextContent('•••••2333');
  });

  it('rule: a shown BSN is masked again when another employee is shown', async () => {
    const { rerender } = setup(detail());
    await fireEvent.click(screen.getByRole('button', { name: 'Toon BSN' }));
    expect(screen.getByTestId('bsn-value')).toHaveTextContent('111222333');
    await rerender({ detail: detail({ id: 'e2', persnr: '00043' }) });
    expect(screen.getByTestId('bsn-value')).toHaveTextContent('•••••2333');
  });

  it('shows dates as dd-mm-jjjj, the history newest first, and status as text badges', () => {
    setup(detail({ shared: true }));
    expect(screen.getByText('14-03-1985')).toBeInTheDocument();
    const jobs = screen.getAllByTestId('employment');
    expect(jobs[0]).toHaveTextContent('Utrecht/Magazijn');
    expect(jobs[0]).toHaveTextContent('01-01-2020 – heden');
    expect(jobs[1]).toHaveTextContent('01-05-2015 – 31-12-2018');
    expect(screen.getByTestId('badge-employment')).toHaveTextContent('In dienst');
    expect(screen.getByTestId('badge-share')).toHaveTextContent('Gedeeld');
  });

  it('rule: viewing is said to be recorded in the audit log', () => {
    setup(detail());
    expect(screen.getByText('Inzage wordt vastgelegd in het logboek')).toBeInTheDocument();
  });

  it('offers "Dienstverband beëindigen" only while the employee is in service', async () => {
    const { onend, onedit } = setup(detail());
    await fireEvent.click(screen.getByRole('button', { name: 'Dienstverband beëindigen' }));
    expect(onend).toHaveBeenCalledOnce();
    await fireEvent.click(screen.getByRole('button', { name: 'Bewerken' }));
    expect(onedit).toHaveBeenCalledOnce();
    cleanup();
    setup(detail({ active: false }));
    expect(screen.queryByRole('button', { name: 'Dienstverband beëindigen' })).not.toBeInTheDocument();
    expect(screen.getByTestId('badge-employment')).toHaveTextContent('Uit dienst');
  });

  it('rule: the share panel shows only when the identity is readable (a manager outside their departments sees nothing of the dossier)', () => {
    setup(detail({ identityRead: false, identity: undefined }));
    expect(screen.queryByTestId('share-panel')).not.toBeInTheDocument();
    cleanup();
    setup(detail());
    expect(screen.getByTestId('share-panel')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Delen met de arbodienst' })).toBeInTheDocument();
  });

  it('rule: hours are written the locale\'s way: 32,5 in Dutch, 32.5 in English (issue 17)', async () => {
    const d = detail();
    d.employments = [{ ...d.employments[0]!, hours: '32.5' }];
    setup(d);
    const jobs = screen.getByTestId('employment');
    expect(jobs).toHaveTextContent('32,5');
    expect(jobs).not.toHaveTextContent('32.5');
    expect(jobs).toHaveTextContent('01-01-2020'); // dates dd-mm-jjjj
    locale.set('en');
    await vi.waitFor(() => expect(screen.getByTestId('employment')).toHaveTextContent('32.5'));
  });

  it('rule: the English pane says "staff no.", never "Persnr" (issue 17)', async () => {
    locale.set('en');
    setup(detail({ identityRead: false, identity: undefined }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Anonymous (staff no. 00042)');
    expect(document.body).not.toHaveTextContent(/Persnr/);
  });

  it('shows the employment facts for the arbo service per employment, the contract type in words', async () => {
    const d = detail();
    d.employments = [
      { ...d.employments[0]!, contract: 'fixed-term', sector: '05', riskGroup: '052', uwvRef: 'ZW-42' },
      { ...d.employments[1]!, contract: '', sector: '', riskGroup: '', uwvRef: '' },
    ];
    setup(d);
    const [now, before] = screen.getAllByTestId('employment');
    expect(now).toHaveTextContent('Soort contract Bepaalde tijd');
    expect(now).toHaveTextContent('Sector 05');
    expect(now).toHaveTextContent('Risicopremiegroep 052');
    expect(now).toHaveTextContent('UWV-kenmerk ZW-42');
    // An employment without them shows no empty rows.
    expect(before).not.toHaveTextContent('Soort contract');
    expect(before).not.toHaveTextContent('UWV-kenmerk');
    locale.set('en');
    await vi.waitFor(() => expect(screen.getAllByTestId('employment')[0]).toHaveTextContent('Contract type Fixed term'));
  });
});
