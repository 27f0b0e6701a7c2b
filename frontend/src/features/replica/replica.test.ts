import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { AppError, type ReplicaDevice, type ReplicaSettings, type ReplicaStatus, type Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import DevicesPanel from './DevicesPanel.svelte';
import { statusLine, problemText } from './display';
import { ReplicaState } from './replica.svelte';
import { JoinFlow } from './join.svelte';
import type { DevicesSource } from './devices.svelte';

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

const base: ReplicaStatus = { configured: true, lastPush: '', lastPull: '', lastError: '', pending: 0, refused: 0, changed: false, device: 'PC 3F9A-C1' };

describe('the replication status line', () => {
  it('rule: says in plain words when it last replicated and what waits', () => {
    const now = new Date(2026, 11, 2, 12, 30);
    const at = new Date(2026, 11, 2, 12, 3).toISOString();
    expect(statusLine({ ...base, lastPull: at, pending: 2 }, now)).toBe('Gerepliceerd om 12:03 · 2 wachtend');
    expect(statusLine({ ...base, refused: 1 }, now)).toBe('Nog niet gerepliceerd · 1 wijziging geweigerd');
    expect(statusLine({ ...base, configured: false }, now)).toBe('Replicatie is niet ingesteld.');
    locale.set('en');
    expect(statusLine({ ...base, lastPush: at }, now)).toBe('Replicated at 12:03');
  });

  it('rule: an error of the last cycle is named in plain words', () => {
    expect(problemText({ ...base, lastError: 'replica_server_down' })).toMatch(/niet bereikbaar/);
    expect(problemText({ ...base, lastError: 'replica_credentials' })).toMatch(/toegangssleutel of het geheim/);
    expect(problemText({ ...base, lastError: '' })).toBe('');
  });

  it('rule: a cycle that brought changes from other PCs bumps the revision (the tree reloads); others do not', async () => {
    const st = new ReplicaState({ status: async () => base, replicateNow: async () => ({ ...base, changed: true }) });
    st.apply({ ...base });
    expect(st.revision).toBe(0);
    await st.replicateNow();
    expect(st.revision).toBe(1);
    st.apply({ ...base, lastError: 'replica_server_down' });
    expect(st.problem).toBe(true);
  });
});

function fakeDevices(settings: ReplicaSettings, devices: ReplicaDevice[] = []) {
  const source: { [K in keyof DevicesSource]: ReturnType<typeof vi.fn> } & DevicesSource = {
    settings: vi.fn(async () => settings),
    save: vi.fn(async (url: string, accessKey: string) => ({ configured: true, url, accessKey, setAt: '2026-12-02T08:00:00Z' })),
    clear: vi.fn(async () => ({ configured: false, url: '', accessKey: '', setAt: '' })),
    devices: vi.fn(async () => devices),
    invite: vi.fn(async () => 'ABCD-EFGH-IJKL'),
  } as never;
  return source;
}

const OFF: ReplicaSettings = { configured: false, url: '', accessKey: '', setAt: '' };

describe('Beheer → Apparaten', () => {
  it('rule: empty fields are named at the field, nothing is sent, focus goes to the first', async () => {
    const source = fakeDevices(OFF);
    render(DevicesPanel, { props: { source } });
    await screen.findByTestId('replica-form');
    await fireEvent.click(screen.getByRole('button', { name: 'Controleren en opslaan' }));
    const url = screen.getByLabelText('Bucketadres');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveFocus();
    expect(screen.getByLabelText('Geheim')).toHaveAccessibleDescription(/Vul het geheim in\./);
    expect(source.save).not.toHaveBeenCalled();
  });

  it('rule: the secret only goes in: the field is empty after saving and the server check error is shown', async () => {
    const source = fakeDevices(OFF);
    source.save.mockRejectedValueOnce(new AppError('replica_credentials', 'refused'));
    render(DevicesPanel, { props: { source } });
    await screen.findByTestId('replica-form');
    await fireEvent.input(screen.getByLabelText('Bucketadres'), { target: { value: 'https://nas.local:9000/kluis' } });
    await fireEvent.input(screen.getByLabelText('Toegangssleutel'), { target: { value: 'kluis' } });
    await fireEvent.input(screen.getByLabelText('Geheim'), { target: { value: 'zeer-geheim-0001' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Controleren en opslaan' }));
    expect(await screen.findByTestId('replica-error')).toHaveTextContent(/weigerde de toegangssleutel/);
    expect(screen.getByLabelText('Toegangssleutel')).toHaveFocus();
    await fireEvent.click(screen.getByRole('button', { name: 'Controleren en opslaan' }));
    expect(await screen.findByTestId('replica-saved')).toBeInTheDocument();
    expect(source.save).toHaveBeenLastCalledWith('https://nas.local:9000/kluis', 'kluis', 'zeer-geheim-0001');
    expect(screen.getByLabelText('Geheim')).toHaveValue('');
    expect(document.body.textContent).not.toContain('zeer-geheim-0001');
  });

  it('lists the devices by random label with last contact and makes a join code with the steps', async () => {
    const source = fakeDevices({ configured: true, url: 'https://nas.local:9000/kluis', accessKey: 'kluis', setAt: '2026-12-02T08:00:00Z' }, [
      { label: 'PC 3F9A-C1', firstContact: '2026-12-01T08:00:00Z', lastContact: '2026-12-02T08:00:00Z', thisDevice: true },
      { label: 'PC 77B0-2E', firstContact: '2026-12-01T09:00:00Z', lastContact: '2026-12-02T07:00:00Z', thisDevice: false },
    ]);
    render(DevicesPanel, { props: { source } });
    expect(await screen.findAllByTestId('device-row')).toHaveLength(2);
    expect(screen.getByText(/deze pc/)).toBeInTheDocument();
    expect(screen.getByLabelText('Geheim')).toHaveAccessibleDescription(/Laat leeg om het opgeslagen geheim te houden/);
    await fireEvent.click(screen.getByRole('button', { name: 'Koppelcode maken' }));
    expect(await screen.findByTestId('invite-code')).toHaveTextContent('ABCD-EFGH-IJKL');
    expect(screen.getByText(/Bestaande kluis koppelen/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Kopiëren' })).toBeInTheDocument();
  });
});

describe('Bestaande kluis koppelen', () => {
  const locked = { state: 'locked' } as Status;

  it('rule: every field is needed; nothing is sent without them', async () => {
    const join = vi.fn(async () => locked);
    const flow = new JoinFlow(() => {}, join);
    expect(await flow.submit()).toBe('url');
    expect(Object.keys(flow.errors).sort()).toEqual(['accessKey', 'code', 'secret', 'url']);
    expect(join).not.toHaveBeenCalled();
  });

  it.each([
    ['replica_join_refused', 'code'],
    ['replica_server_down', 'url'],
    ['replica_credentials', 'accessKey'],
  ])('rule: error %s points at field %s and keeps the form', async (code, field) => {
    const done = vi.fn();
    const flow = new JoinFlow(done, async () => {
      throw new AppError(code, 'x');
    });
    Object.assign(flow, { url: 'https://nas.local:9000/kluis', accessKey: 'kluis', secret: 's', code: 'AAAA' });
    expect(await flow.submit()).toBe(field);
    expect(flow.failure?.code).toBe(code);
    expect(done).not.toHaveBeenCalled();
  });

  it('rule: a join goes on to the unlock screen and forgets the secret', async () => {
    const done = vi.fn();
    const flow = new JoinFlow(done, async () => locked);
    Object.assign(flow, { url: 'https://nas.local:9000/kluis', accessKey: 'kluis', secret: 's', code: 'AAAA' });
    expect(await flow.submit()).toBeNull();
    expect(done).toHaveBeenCalledWith(locked);
    expect(flow.secret).toBe('');
  });
});
