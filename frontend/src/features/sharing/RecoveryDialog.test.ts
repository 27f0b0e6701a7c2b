import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, reportRecovery: vi.fn() };
});

import * as api from '../../lib/api';
import type { DossierView } from '../../lib/api';
import RecoveryDialog from './RecoveryDialog.svelte';
import { todayDisplay } from './display';

const m = vi.mocked(api);
const VIEW: DossierView = { shared: true, share: null, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: true, history: [], absence: null, employmentEnded: false };

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Herstelmelden', () => {
  it('starts at today, the usual first day back, and sends it', async () => {
    m.reportRecovery.mockResolvedValue(VIEW);
    const ondone = vi.fn();
    render(RecoveryDialog, { props: { employeeId: 'e1', label: 'Jan de Vries', onclose: () => {}, ondone } });
    expect(screen.getByTestId('recovery-day')).toHaveValue(todayDisplay());
    await fireEvent.click(screen.getByTestId('recovery-submit'));
    expect(m.reportRecovery).toHaveBeenCalledWith('e1', todayDisplay());
    await vi.waitFor(() => expect(ondone).toHaveBeenCalledWith(VIEW));
  });

  it('a date before the first sick day comes back under the field', async () => {
    m.reportRecovery.mockRejectedValue({ code: 'invalid_input', message: 'x', fields: { recovered: 'end_before_start' } });
    render(RecoveryDialog, { props: { employeeId: 'e1', label: 'Jan de Vries', onclose: () => {}, ondone: () => {} } });
    await fireEvent.click(screen.getByTestId('recovery-submit'));
    expect(await screen.findByTestId('recovery-day')).toHaveAttribute('aria-invalid', 'true');
  });
});
