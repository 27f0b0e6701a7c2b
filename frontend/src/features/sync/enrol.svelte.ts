import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import type { SyncState } from './sync.svelte';

export type EnrolField = 'url' | 'code' | 'fingerprint';

/** The catalogue key of a field error: a local 'required', an error code, or a validation code. */
export type FieldProblem = { kind: 'required' } | { kind: 'code'; error: AppError } | { kind: 'validation'; code: string };

/** Error codes that belong to one field of the form; the others are shown as a banner. */
const FIELD_OF: Record<string, EnrolField> = {
  service_url: 'url',
  enrol_code: 'code',
};

/**
 * EnrolForm is "Arbodienst koppelen": the service's URL, the one-time code and, for https with the
 * service's own certificate, its fingerprint. The fingerprint is asked only for https and sent only
 * then. An error code is shown at its field (service_url, enrol_code, service_certificate when
 * a fingerprint was given) or as a banner (service_offline, service_error, …).
 */
export class EnrolForm {
  url = $state('');
  code = $state('');
  fingerprint = $state('');
  errors = $state<Partial<Record<EnrolField, FieldProblem>>>({});
  failure = $state<AppError | null>(null);
  busy = $state(false);
  done = $state(false);

  /** The fingerprint field is shown for an https address. */
  https = $derived(/^\s*https:\/\//i.test(this.url));

  readonly #sync: SyncState;

  constructor(sync: SyncState) {
    this.#sync = sync;
  }

  clear(field: EnrolField): void {
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  /** submit returns the first field with an error, for focus, or null. */
  async submit(): Promise<EnrolField | null> {
    if (this.busy) return null;
    this.failure = null;
    this.done = false;
    const local: Partial<Record<EnrolField, FieldProblem>> = {};
    if (this.url.trim() === '') local.url = { kind: 'required' };
    if (this.code.trim() === '') local.code = { kind: 'required' };
    this.errors = local;
    if (local.url) return 'url';
    if (local.code) return 'code';
    const fingerprint = this.https ? this.fingerprint : '';
    this.busy = true;
    try {
      await this.#sync.enrol(this.url, this.code, fingerprint);
      this.code = '';
      this.done = true;
      return null;
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) {
        const next: Partial<Record<EnrolField, FieldProblem>> = {};
        for (const f of ['url', 'code', 'fingerprint'] as const) {
          const code = err.fields[f];
          if (code) next[f] = { kind: 'validation', code };
        }
        if (Object.keys(next).length > 0) {
          this.errors = next;
          return next.url ? 'url' : next.code ? 'code' : 'fingerprint';
        }
      }
      let field: EnrolField | undefined = FIELD_OF[err.code];
      if (err.code === 'service_certificate' && fingerprint.trim() !== '') field = 'fingerprint';
      if (field) {
        this.errors = { [field]: { kind: 'code', error: err } };
        return field;
      }
      this.failure = err;
      return null;
    } finally {
      this.busy = false;
    }
  }
}
