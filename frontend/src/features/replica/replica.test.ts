import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { AppError, type ReplicaDevice, type ReplicaSettings, type ReplicaStatus, type Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import { errorText } from '../../lib/i18n';
import DevicesPanel from './DevicesPanel.svelte';
import { statusLine, problemText } from './display';
import { ReplicaState } from './replica.svelte';
import { JoinFlow } from './join.svelte';
import type { DevicesSource } from './devices.svelte';

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

const base: ReplicaStatus = { configured: true, lastPush: '', lastPull: '', lastError: '', pending: 0, refused: 0, changed: false, device: 'PC 3F9A-C1', removed: '' };

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
    remove: vi.fn(async (id: string) => devices.map((d) => (d.id === id ? { ...d, removedAt: '2026-12-02T09:15:00Z', removedBy: 'Petra Beheer' } : d))),
  } as never;
  return source;
}

function dev(id: string, label: string, thisDevice: boolean, removedAt = '', removedBy = '', auditMissing = 0): ReplicaDevice {
  return { id, label, firstContact: '2026-12-01T08:00:00Z', lastContact: '2026-12-02T08:00:00Z', thisDevice, removedAt, removedBy, auditMissing };
}

const ON: ReplicaSettings = { configured: true, url: 'https://nas.local:9000/kluis', accessKey: 'kluis', setAt: '2026-12-02T08:00:00Z' };

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
      dev('3f9ac1', 'PC 3F9A-C1', true),
      dev('77b02e', 'PC 77B0-2E', false),
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

describe('Beheer → Apparaten: an incomplete audit log', () => {
  it('rule: a PC whose announced audit entries did not all arrive is named with how many are missing; the others are not', async () => {
    const source = fakeDevices(ON, [dev('3f9ac1', 'PC 3F9A-C1', true), dev('77b02e', 'PC 77B0-2E', false, '', '', 3)]);
    render(DevicesPanel, { props: { source } });
    await screen.findAllByTestId('device-row');
    const gaps = screen.getAllByTestId('device-audit-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toHaveTextContent('Logboek onvolledig: 3 regels ontbreken');
    expect(screen.getAllByTestId('device-state')[1]).toContainElement(gaps[0] ?? null);
  });
});

describe('Beheer → Apparaten: a PC removed', () => {
  it('rule: removing asks first, says the user of a stolen PC must be revoked too, and shows the PC removed with who and when', async () => {
    const source = fakeDevices(ON, [dev('3f9ac1', 'PC 3F9A-C1', true), dev('77b02e', 'PC 77B0-2E', false)]);
    render(DevicesPanel, { props: { source } });
    await screen.findAllByTestId('device-row');
    // This PC cannot be removed from itself: one button only, for the other PC.
    const buttons = screen.getAllByTestId('device-remove');
    expect(buttons).toHaveLength(1);
    await fireEvent.click(screen.getByRole('button', { name: 'PC 77B0-2E verwijderen' }));
    const dialog = await screen.findByTestId('device-remove-dialog');
    expect(dialog).toHaveTextContent(/Trek dan ook de toegang in van de gebruiker/);
    expect(dialog).toHaveTextContent(/niet gewist/);
    expect(source.remove).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('device-remove-confirm'));
    expect(source.remove).toHaveBeenCalledWith('77b02e');
    expect(await screen.findByTestId('device-removed')).toHaveTextContent('PC 77B0-2E is verwijderd.');
    expect(screen.queryByTestId('device-remove-dialog')).toBeNull();
    const states = screen.getAllByTestId('device-state');
    expect(states[0]).toHaveTextContent('Actief');
    expect(states[1]).toHaveTextContent(/Verwijderd\s*door Petra Beheer op 2 december 2026/);
    expect(screen.queryAllByTestId('device-remove')).toHaveLength(0);
  });

  it('rule: cancelling removes nothing; a refusal is named in the dialog', async () => {
    const source = fakeDevices(ON, [dev('3f9ac1', 'PC 3F9A-C1', true), dev('77b02e', 'PC 77B0-2E', false)]);
    render(DevicesPanel, { props: { source } });
    await screen.findAllByTestId('device-row');
    await fireEvent.click(screen.getByTestId('device-remove'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByTestId('device-remove-dialog')).toBeNull();
    expect(source.remove).not.toHaveBeenCalled();
    source.remove.mockRejectedValueOnce(new AppError('device_removed_before', 'x'));
    await fireEvent.click(screen.getByTestId('device-remove'));
    await fireEvent.click(await screen.findByTestId('device-remove-confirm'));
    expect(await screen.findByTestId('device-remove-error')).toHaveTextContent('Die pc is al eerder verwijderd.');
  });

  it('rule: the removed PC says plainly that it was removed and keeps its data (nl and en)', () => {
    const s = { ...base, lastError: 'replica_device_removed', removed: '2026-12-02T09:15:00Z' };
    expect(problemText(s)).toMatch(/uit de kluis verwijderd.*gegevens op deze pc blijven staan/);
    locale.set('en');
    expect(problemText(s)).toMatch(/removed from the vault.*data on this PC stays/);
  });

  it('rule: the arbo lease error names the PC that holds it and until when', () => {
    const err = new AppError('sync_lease_held', 'x', {}, null, '', { device: ['PC 77B0-2E'], until: ['2026-12-02T11:05:00Z'] });
    expect(errorText(err)).toMatch(/^PC 77B0-2E verstuurt nu naar de arbodienst, tot uiterlijk \d\d:\d\d/);
    expect(errorText(new AppError('sync_lease_held', 'x'))).toMatch(/Een andere pc van deze kluis verstuurt nu/);
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
