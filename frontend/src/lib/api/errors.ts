/**
 * Error codes the Go side puts in a rejected promise: the registry in internal/workspace/codes.go,
 * in its order. app/contract_test.go fails when the two lists differ, and when a code has no
 * error.<code> text in the nl or en catalogue.
 */
export const ERROR_CODES = [
  'invalid_input',
  'wrong_passphrase',
  'too_many_attempts',
  'vault_exists',
  'vault_in_use',
  'vault_not_found',
  'locked',
  'busy',
  'keyring_corrupt',
  'keyring_tampered',
  'corrupt',
  'rollback',
  'store_missing',
  'store_damaged',
  'upgrade_required',
  'vault_newer',
  'denied',
  'recovery_code_invalid',
  'access_pending',
  'access_rejected',
  'access_revoked',
  'self_step_down',
  'user_exists',
  'access_exists',
  'last_admin',
  'not_found',
  'department_not_empty',
  'department_cycle',
  'department_archived',
  'no_open_employment',
  'not_shared',
  'case_content',
  'already_shared',
  'absence_open',
  'no_absence',
  'unknown_field',
  'sivi_incomplete',
  'employment_ended',
  'too_many_searches',
  'import_problems',
  'import_unreadable',
  'import_busy',
  'no_signatory',
  'mail_not_configured',
  'mail_needs_tls',
  'mail_tls_failed',
  'mail_auth_failed',
  'mail_failed',
  'cancelled',
  'not_linked',
  'service_offline',
  'service_certificate',
  'service_url',
  'enrol_code',
  'service_refused',
  'service_error',
  'audit_witness',
  'log_extract_too_large',
  'not_erasable',
  'erasure_remnants',
  'backup_corrupt',
  'backup_truncated',
  'backup_other_vault',
  'backup_target_not_empty',
  'internal',
  'report_admin_only',
  'statistics_all_departments',
  'replica_server_down',
  'replica_credentials',
  'replica_bucket_missing',
  'replica_bucket_url',
  'replica_not_configured',
  'replica_object_refused',
  'replica_keyring_fork',
  'replica_join_refused',
  'replica_insecure_url',
  'replica_device_removed',
  'device_remove_self',
  'device_unknown',
  'device_removed_before',
  'sync_lease_held',
  'sync_lease_lost',
] as const;

export type KnownErrorCode = (typeof ERROR_CODES)[number];

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * AppError is what every api/ wrapper throws. `message` is the backend's English fallback text;
 * the UI shows its own catalogue text for `code` and falls back to `message` for unknown codes.
 */
export class AppError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly retryAt: Date | null;
  /** Free text from a person that belongs with the code, e.g. the admin's reason for access_rejected. */
  readonly detail: string;
  /**
   * Values shown back with a field's code to the person who filled the form: the medical words
   * found in their text (medical_terms), the persnr of the employee who has a BSN (bsn_taken).
   */
  readonly params: Record<string, string[]>;

  constructor(
    code: string,
    message: string,
    fields: Record<string, string> = {},
    retryAt: Date | null = null,
    detail = '',
    params: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.retryAt = retryAt;
    this.detail = detail;
    this.params = params;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringFields(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}

function stringLists(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isRecord(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (Array.isArray(val)) out[k] = val.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function fromObject(o: Record<string, unknown>): AppError | null {
  if (typeof o.code !== 'string' || o.code === '') return null;
  const message = typeof o.message === 'string' ? o.message : '';
  const detail = typeof o.detail === 'string' ? o.detail : '';
  return new AppError(o.code, message, stringFields(o.fields), parseDate(o.retryAt), detail, stringLists(o.params));
}

/**
 * toAppError turns whatever a rejected Wails call carries into an AppError: the backend's
 * `{code, message, fields?, retryAt?, detail?}` object, that object as a JSON string, a plain string
 * (Wails' default for a Go error without formatter), or a thrown Error (e.g. no bindings).
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (isRecord(reason)) {
    const mapped = fromObject(reason);
    if (mapped) return mapped;
  }
  if (typeof reason === 'string') {
    const trimmed = reason.trim();
    if (trimmed.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (isRecord(parsed)) {
          const mapped = fromObject(parsed);
          if (mapped) return mapped;
        }
      } catch {
        // not JSON: treat as a plain message below
      }
    }
    return new AppError('internal', reason);
  }
  if (reason instanceof Error) return new AppError('internal', reason.message);
  return new AppError('internal', String(reason));
}
