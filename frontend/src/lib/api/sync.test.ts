import { describe, expect, it } from 'vitest';
import { toSyncReport, toSyncStatus } from './sync';

describe('sync decoders', () => {
  it('narrows a full status and keeps a known error code', () => {
    const s = toSyncStatus({
      linked: true, serviceName: 'Arbo Noord', url: 'https://arbo.example', employerId: 'emp-1', fingerprint: 'AA:BB',
      helpdesk: { name: 'Servicedesk', email: 'help@arbo.example', phone: '030 123', hours: 'ma-vr 8-17' },
      linkedAt: '2026-11-01T09:00:00Z', lastAttempt: '2026-12-01T10:00:00Z', lastSuccess: '2026-12-01T09:55:00Z',
      lastError: 'offline', pending: 3, rejected: 1, stale: false, retrievalsThisMonth: 2, running: true,
    });
    expect(s).toMatchObject({ linked: true, serviceName: 'Arbo Noord', lastError: 'offline', pending: 3, rejected: 1, retrievalsThisMonth: 2, running: true });
    expect(s.helpdesk.phone).toBe('030 123');
  });

  it('rule: an unknown error code reads as failed, never as "no error"; missing fields are safe defaults', () => {
    expect(toSyncStatus({ lastError: 'brand_new_code' }).lastError).toBe('failed');
    const empty = toSyncStatus(null);
    expect(empty).toMatchObject({ linked: false, lastError: '', pending: 0, retrievalsThisMonth: -1, stale: false });
    expect(toSyncStatus({ pending: -4, retrievalsThisMonth: -1 })).toMatchObject({ pending: 0, retrievalsThisMonth: -1 });
  });

  it('narrows a report with its status', () => {
    const r = toSyncReport({ sent: 5, rejected: 0, retrievals: 1, ended: 2, waiting: 0, status: { linked: true } });
    expect(r).toMatchObject({ sent: 5, retrievals: 1, ended: 2, waiting: 0 });
    expect(r.status.linked).toBe(true);
  });
});
