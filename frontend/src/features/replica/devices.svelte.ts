import * as api from '../../lib/api';
import type { AppError, ReplicaDevice, ReplicaSettings } from '../../lib/api';

/** The calls Beheer → Apparaten makes; tests pass fakes. */
export interface DevicesSource {
  settings: () => Promise<ReplicaSettings>;
  save: (url: string, accessKey: string, secret: string) => Promise<ReplicaSettings>;
  clear: () => Promise<ReplicaSettings>;
  devices: () => Promise<ReplicaDevice[]>;
  invite: () => Promise<string>;
  remove: (id: string) => Promise<ReplicaDevice[]>;
}

const backend: DevicesSource = {
  settings: () => api.replicaSettings(),
  save: (u, a, s) => api.saveReplicaSettings(u, a, s),
  clear: () => api.clearReplicaSettings(),
  devices: () => api.replicaDevices(),
  invite: () => api.inviteDevice(),
  remove: (id) => api.removeDevice(id),
};

export type SettingsField = 'url' | 'accessKey' | 'secret';

/**
 * DevicesModel is Beheer → Apparaten: the bucket form (the secret only ever goes in: the field
 * is empty after saving, and an empty field keeps the stored one), the devices the bucket
 * announces, and a one-time join code for a new PC.
 */
export class DevicesModel {
  settings = $state<ReplicaSettings | null>(null);
  loadError = $state<AppError | null>(null);

  url = $state('');
  accessKey = $state('');
  secret = $state('');
  errors = $state<Partial<Record<SettingsField, true>>>({});
  failure = $state<AppError | null>(null);
  saving = $state(false);
  saved = $state(false);
  cleared = $state(false);

  devices = $state<ReplicaDevice[] | null>(null);
  devicesError = $state<AppError | null>(null);
  devicesLoading = $state(false);

  /** The device the confirmation dialog asks about (null: no dialog). */
  removing = $state<ReplicaDevice | null>(null);
  removeBusy = $state(false);
  removeError = $state<AppError | null>(null);
  /** The label of the device just removed, for the notice. */
  removed = $state('');

  code = $state('');
  inviteError = $state<AppError | null>(null);
  inviting = $state(false);

  readonly #source: DevicesSource;

  constructor(source: DevicesSource = backend) {
    this.#source = source;
  }

  async load(): Promise<void> {
    try {
      const s = await this.#source.settings();
      this.settings = s;
      this.url = s.url;
      this.accessKey = s.accessKey;
      this.loadError = null;
      if (s.configured) void this.loadDevices();
    } catch (e) {
      this.loadError = api.toAppError(e);
    }
  }

  async loadDevices(): Promise<void> {
    this.devicesLoading = true;
    try {
      this.devices = await this.#source.devices();
      this.devicesError = null;
    } catch (e) {
      this.devicesError = api.toAppError(e);
    } finally {
      this.devicesLoading = false;
    }
  }

  clear(field: SettingsField): void {
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.failure = null;
    this.saved = false;
  }

  /** save checks the form, lets the backend check the server, and returns the first bad field. */
  async save(): Promise<SettingsField | null> {
    if (this.saving) return null;
    const errors: Partial<Record<SettingsField, true>> = {};
    if (!this.url.trim()) errors.url = true;
    if (!this.accessKey.trim()) errors.accessKey = true;
    if (!this.secret && !this.settings?.configured) errors.secret = true;
    this.errors = errors;
    this.failure = null;
    this.saved = this.cleared = false;
    const first = (['url', 'accessKey', 'secret'] as const).find((f) => errors[f]);
    if (first) return first;
    this.saving = true;
    try {
      this.settings = await this.#source.save(this.url, this.accessKey, this.secret);
      this.secret = '';
      this.saved = true;
      void this.loadDevices();
      return null;
    } catch (e) {
      this.failure = api.toAppError(e);
      const code = this.failure.code;
      if (code === 'replica_bucket_url' || code === 'replica_insecure_url' || code === 'replica_bucket_missing') return 'url';
      if (code === 'replica_credentials') return 'accessKey';
      return null;
    } finally {
      this.saving = false;
    }
  }

  async turnOff(): Promise<void> {
    try {
      this.settings = await this.#source.clear();
      this.url = this.accessKey = this.secret = '';
      this.devices = null;
      this.code = '';
      this.cleared = true;
      this.saved = false;
    } catch (e) {
      this.failure = api.toAppError(e);
    }
  }

  /** askRemove opens the confirmation for d (never this PC, never one removed before). */
  askRemove(d: ReplicaDevice): void {
    if (d.thisDevice || d.removedAt) return;
    this.removing = d;
    this.removeError = null;
    this.removed = '';
  }

  cancelRemove(): void {
    if (!this.removeBusy) this.removing = null;
  }

  /** confirmRemove removes the device in the dialog; the list comes back with it marked removed. */
  async confirmRemove(): Promise<boolean> {
    const d = this.removing;
    if (!d || this.removeBusy) return false;
    this.removeBusy = true;
    this.removeError = null;
    try {
      this.devices = await this.#source.remove(d.id);
      this.removed = d.label;
      this.removing = null;
      return true;
    } catch (e) {
      this.removeError = api.toAppError(e);
      return false;
    } finally {
      this.removeBusy = false;
    }
  }

  async invite(): Promise<void> {
    if (this.inviting) return;
    this.inviting = true;
    this.inviteError = null;
    try {
      this.code = await this.#source.invite();
    } catch (e) {
      this.inviteError = api.toAppError(e);
    } finally {
      this.inviting = false;
    }
  }
}
