import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError, type BackupStatus, type Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';
import BackupPanel from './BackupPanel.svelte';
import BackupReminder from './BackupReminder.svelte';
import { BackupModel, RestoreFlow, localDateTime, megabytes, percent, type BackupSource, type Progress } from './backup.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), chooseBackupFile: vi.fn(), restoreBackup: vi.fn(), touch: vi.fn(), onEvent: vi.fn(() => () => {}) };
});
const m = vi.mocked(api);

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const status = (over: Partial<BackupStatus> = {}): BackupStatus => ({ lastAt: '', lastBytes: 0, restored: false, due: true, canBackup: true, ...over });

/** fakeSource is a BackupSource whose progress the test drives with emit. */
function fakeSource(st: BackupStatus = status()) {
  let handler: ((p: Progress) => void) | null = null;
  const source = {
    status: vi.fn(async () => st),
    make: vi.fn(async () => ({ path: '/media/usb/kluis-backup-2026-12-02.kluisbak', bytes: 12_300_000, records: 500, created: '2026-12-02T10:00:00Z' })),
    choose: vi.fn(async () => ({ path: '/media/usb/b.kluisbak', vaultId: 'v1', created: '2026-11-20T09:30:00Z', bytes: 10 })),
    restore: vi.fn(),
    onProgress: vi.fn((h: (p: Progress) => void) => {
      handler = h;
      return () => (handler = null);
    }),
  } satisfies BackupSource;
  return { source, emit: (p: Progress) => handler?.(p), listening: () => handler !== null };
}

describe('helpers', () => {
  it('percent, megabytes and the local date', () => {
    expect(percent(null)).toBe(0);
    expect(percent({ phase: 'writing', done: 5, total: 0 })).toBe(0);
    expect(percent({ phase: 'writing', done: 50, total: 200 })).toBe(25);
    expect(percent({ phase: 'writing', done: 300, total: 200 })).toBe(100);
    expect(megabytes(12_345_678, 'nl')).toBe('12,3 MB');
    expect(megabytes(12_345_678, 'en')).toBe('12.3 MB');
    expect(megabytes(10, 'nl')).toBe('0,1 MB');
    expect(localDateTime('').date).toBe('');
    expect(localDateTime('2026-11-20T09:30:00').date).toBe('20-11-2026');
  });
});

describe('BackupModel: Back-up maken', () => {
  it('rule: progress shows while it runs; the result and the new status after; the listener is dropped', async () => {
    const { source, emit, listening } = fakeSource();
    let finish!: (v: Awaited<ReturnType<BackupSource['make']>>) => void;
    source.make.mockImplementation(() => new Promise((r) => (finish = r)));
    const model = new BackupModel(source);
    const run = model.make();
    expect(model.busy).toBe(true);
    emit({ phase: 'writing', done: 30, total: 120 });
    expect(percent(model.progress)).toBe(25);
    finish({ path: '/x/kluis-backup-2026-12-02.kluisbak', bytes: 1, records: 1, created: '2026-12-02T10:00:00Z' });
    await run;
    expect(model.busy).toBe(false);
    expect(model.progress).toBeNull();
    expect(model.result?.path).toMatch(/kluis-backup-2026-12-02/);
    expect(source.status).toHaveBeenCalled();
    expect(listening()).toBe(false);
  });

  it('rule: a cancelled save dialog is no result and no error', async () => {
    const { source } = fakeSource();
    source.make.mockResolvedValue({ path: '', bytes: 0, records: 0, created: '' });
    const model = new BackupModel(source);
    await model.make();
    expect(model.result).toBeNull();
    expect(model.failure).toBeNull();
  });

  it('rule: a failure is kept as an AppError', async () => {
    const { source } = fakeSource();
    source.make.mockRejectedValue(new AppError('denied', 'admins only'));
    const model = new BackupModel(source);
    await model.make();
    expect(model.failure?.code).toBe('denied');
  });
});

describe('Beheer → Back-up', () => {
  it('without a backup it says so and warns; "Back-up maken" saves and names the file', async () => {
    const { source } = fakeSource();
    render(BackupPanel, { props: { model: new BackupModel(source) } });
    expect(await screen.findByTestId('backup-last')).toHaveTextContent('Er is nog nooit een back-up gemaakt.');
    expect(screen.getByTestId('backup-due')).toBeInTheDocument();
    expect(screen.getByText(/met de wachtwoordzin die hij had toen de back-up werd gemaakt/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Back-up maken' }));
    expect(await screen.findByTestId('backup-done')).toHaveTextContent('kluis-backup-2026-12-02.kluisbak (12,3 MB)');
  });

  it('shows the last backup with its date, time and size; no warning when it is recent', async () => {
    const { source } = fakeSource(status({ lastAt: '2026-12-01T08:05:00', lastBytes: 88_300_000, due: false }));
    render(BackupPanel, { props: { model: new BackupModel(source) } });
    expect(await screen.findByTestId('backup-last')).toHaveTextContent('01-12-2026 om 08:05 (88,3 MB)');
    expect(screen.queryByTestId('backup-due')).toBeNull();
  });
});

describe('Actueel: the backup reminder', () => {
  it('rule: shown when due, with a link to Back-up', async () => {
    const onopen = vi.fn();
    render(BackupReminder, { props: { load: async () => status({ lastAt: '2026-11-01T10:00:00', due: true }), onopen } });
    const reminder = await screen.findByTestId('actueel-backup-reminder');
    expect(reminder).toHaveTextContent('De laatste back-up is van 01-11-2026, langer dan zeven dagen geleden.');
    await fireEvent.click(screen.getByRole('button', { name: 'Naar Back-up' }));
    expect(onopen).toHaveBeenCalled();
  });

  it('rule: nothing when the last backup is recent', async () => {
    const load = vi.fn(async () => status({ lastAt: '2026-12-01T10:00:00', due: false }));
    render(BackupReminder, { props: { load, onopen: () => {} } });
    await vi.waitFor(() => expect(load).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.queryByTestId('actueel-backup-reminder')).toBeNull();
  });
});

describe('RestoreFlow', () => {
  it('rule: nothing is restored before a file, an e-mail and a passphrase are given', async () => {
    const { source } = fakeSource();
    const flow = new RestoreFlow(() => {}, source);
    expect(await flow.submit()).toBe('file');
    expect(flow.errors).toEqual({ file: true, email: true, passphrase: true });
    await flow.choose();
    flow.email = 'petra@korenaar.example';
    expect(await flow.submit()).toBe('passphrase');
    expect(source.restore).not.toHaveBeenCalled();
  });

  it('rule: a wrong passphrase is named at the field and the passphrase is dropped', async () => {
    const { source } = fakeSource();
    source.restore.mockRejectedValue(new AppError('wrong_passphrase', 'wrong'));
    const flow = new RestoreFlow(() => {}, source);
    await flow.choose();
    flow.email = 'petra@korenaar.example';
    flow.passphrase = 'oude wachtwoordzin';
    await flow.submit();
    expect(flow.errors.passphrase).toBe(true);
    expect(flow.passphrase).toBe('');
  });
});

describe('first run: Back-up terugzetten', () => {
  const fresh: Status = { state: 'new', vaultPath: '/home/petra/.config/Kluis/vault', idleLockMinutes: 10, recoveryKitPending: false };
  const locked: Status = { ...fresh, state: 'locked' };

  it('goes from the first-run screen through the file and the passphrase to the unlock screen', async () => {
    m.status.mockResolvedValue(fresh);
    m.chooseBackupFile.mockResolvedValue({ path: '/media/usb/b.kluisbak', vaultId: 'v1', created: '2026-11-20T09:30:00', bytes: 10 });
    m.restoreBackup.mockResolvedValue({ status: locked, created: '2026-11-20T09:30:00', undoneImport: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('create-restore'));
    expect(await screen.findByTestId('screen-restore')).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId('restore-choose'));
    expect(await screen.findByTestId('restore-file')).toHaveTextContent('Back-up van 20-11-2026');
    expect(screen.getByText(/Alles wat na 20-11-2026 in de kluis is veranderd, komt niet terug/)).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('E-mailadres van een beheerder'), { target: { value: 'petra@korenaar.example' } });
    await fireEvent.input(screen.getByLabelText('Wachtwoordzin (van toen)'), { target: { value: 'paard batterij nietje correct' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Terugzetten' }));
    expect(m.restoreBackup).toHaveBeenCalledWith('/media/usb/b.kluisbak', 'petra@korenaar.example', 'paard batterij nietje correct');
    expect(await screen.findByTestId('screen-unlock')).toBeInTheDocument();
    expect(screen.getByTestId('restored-notice')).toHaveTextContent('De back-up van 20-11-2026 is teruggezet en gecontroleerd.');
    expect(screen.getByTestId('restored-notice')).toHaveTextContent('importeer dat bestand opnieuw');
  });

  it('rule: a damaged backup is refused with its message and the screen stays', async () => {
    m.status.mockResolvedValue(fresh);
    m.chooseBackupFile.mockRejectedValue(new AppError('backup_truncated', 'cut'));
    render(App);
    await fireEvent.click(await screen.findByTestId('create-restore'));
    await fireEvent.click(await screen.findByTestId('restore-choose'));
    expect(await screen.findByTestId('restore-error')).toHaveTextContent('Het back-upbestand is onvolledig');
    await fireEvent.click(screen.getByRole('button', { name: 'Terug' }));
    expect(await screen.findByTestId('screen-create')).toBeInTheDocument();
  });
});
