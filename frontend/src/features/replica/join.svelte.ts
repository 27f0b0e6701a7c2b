import * as api from '../../lib/api';
import type { AppError, JoinRequest, Status } from '../../lib/api';

export type JoinField = 'url' | 'accessKey' | 'secret' | 'code';

/**
 * JoinFlow is "Bestaande kluis koppelen": bucket address, access key, secret and the join code
 * an admin made; the backend fetches and verifies the keyring and writes the folder, or writes
 * nothing at all. The secret stays in this form until the call and is emptied afterwards.
 */
export class JoinFlow {
  url = $state('');
  accessKey = $state('');
  secret = $state('');
  code = $state('');
  errors = $state<Partial<Record<JoinField, true>>>({});
  failure = $state<AppError | null>(null);
  busy = $state(false);

  readonly #join: (req: JoinRequest) => Promise<Status>;
  readonly #done: (s: Status) => void;

  constructor(done: (s: Status) => void, join: (req: JoinRequest) => Promise<Status> = (r) => api.joinVault(r)) {
    this.#done = done;
    this.#join = join;
  }

  clear(field: JoinField): void {
    if (this.errors[field]) this.errors = { ...this.errors, [field]: undefined };
    this.failure = null;
  }

  /** submit returns the field to focus (a missing one, or the one the error is about). */
  async submit(): Promise<JoinField | null> {
    if (this.busy) return null;
    const errors: Partial<Record<JoinField, true>> = {};
    if (!this.url.trim()) errors.url = true;
    if (!this.accessKey.trim()) errors.accessKey = true;
    if (!this.secret) errors.secret = true;
    if (!this.code.trim()) errors.code = true;
    this.errors = errors;
    this.failure = null;
    const first = (['url', 'accessKey', 'secret', 'code'] as const).find((f) => errors[f]);
    if (first) return first;
    this.busy = true;
    try {
      const status = await this.#join({ url: this.url, accessKey: this.accessKey, secretKey: this.secret, code: this.code });
      this.secret = '';
      this.#done(status);
      return null;
    } catch (e) {
      this.failure = api.toAppError(e);
      switch (this.failure.code) {
        case 'replica_bucket_url':
        case 'replica_insecure_url':
        case 'replica_bucket_missing':
        case 'replica_server_down':
          return 'url';
        case 'replica_credentials':
          return 'accessKey';
        case 'replica_join_refused':
        case 'invalid_input':
          return 'code';
      }
      return null;
    } finally {
      this.busy = false;
    }
  }
}
