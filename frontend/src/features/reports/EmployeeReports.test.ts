import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, dossier: vi.fn(), saveAccessExport: vi.fn(), saveShareHistory: vi.fn() };
});

import * as api from '../../lib/api';
import { AppError, emptyIdentity, type DossierView, type EmployeeDetail } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import EmployeePane from '../people/EmployeePane.svelte';

const m = vi.mocked(api);

const DETAIL: EmployeeDetail = {
  id: 'e1', employer: 'w1', persnr: '00042', department: 'd1', departmentPath: 'Magazijn', shared: true, active: true,
  label: '', identityRead: true, identity: { ...emptyIdentity(), surname: 'Jansen', displayName: 'Jan Jansen' }, employments: [],
};
const SHARED: DossierView = {
  shared: true, share: { careQuestion: 'consultation', since: '2026-11-20T10:00:00Z', until: '' }, caseContent: false, caseClosed: false,
  poortwachter: '', pending: 0, canRevoke: true, employmentEnded: false, absence: null,
  history: [{ kind: 'shared', at: '2026-11-20T10:00:00Z', by: 'Petra', careQuestion: 'consultation', explanation: 'Spreekuur', until: '', reason: '' }],
};

beforeEach(() => {
  locale.set('nl');
  m.dossier.mockResolvedValue(SHARED);
  m.saveAccessExport.mockResolvedValue({ files: ['/tmp/Inzageverzoek-00042.pdf', '/tmp/Inzageverzoek-00042.json'] });
  m.saveShareHistory.mockResolvedValue({ files: ['/tmp/Deelgeschiedenis-00042.pdf'] });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Reports on an employee', () => {
  it('rule: the access export button is there for an admin only, and saves PDF and JSON', async () => {
    render(EmployeePane, { props: { detail: DETAIL, onedit: vi.fn(), onend: vi.fn() } });
    expect(screen.queryByRole('button', { name: 'Inzageverzoek (AVG art. 15)' })).toBeNull();
    cleanup();
    render(EmployeePane, { props: { detail: DETAIL, onedit: vi.fn(), onend: vi.fn(), canExportAccess: true } });
    await fireEvent.click(screen.getByRole('button', { name: 'Inzageverzoek (AVG art. 15)' }));
    expect(m.saveAccessExport).toHaveBeenCalledWith('e1', 'nl');
    expect(await screen.findByText('Opgeslagen: /tmp/Inzageverzoek-00042.pdf, /tmp/Inzageverzoek-00042.json')).toBeInTheDocument();
  });

  it('says why the access export was refused', async () => {
    m.saveAccessExport.mockRejectedValueOnce(new AppError('report_admin_only', 'admins'));
    locale.set('en');
    render(EmployeePane, { props: { detail: DETAIL, onedit: vi.fn(), onend: vi.fn(), canExportAccess: true } });
    await fireEvent.click(screen.getByRole('button', { name: 'Access request (GDPR art. 15)' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only an administrator can make this');
  });

  it('saves the share history from the share panel', async () => {
    render(EmployeePane, { props: { detail: DETAIL, onedit: vi.fn(), onend: vi.fn() } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Deelgeschiedenis (PDF)' }));
    expect(m.saveShareHistory).toHaveBeenCalledWith('e1', 'nl');
    expect(await screen.findByText('Opgeslagen: /tmp/Deelgeschiedenis-00042.pdf')).toBeInTheDocument();
  });
});
