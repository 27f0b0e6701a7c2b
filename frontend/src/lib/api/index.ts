// The one seam between the UI and the Go backend: nothing else imports wailsjs/.
// Tests replace this module with vi.mock('$lib/api') style mocks of these functions.
export { AppError, toAppError, isKnownErrorCode, ERROR_CODES } from './errors';
export type { KnownErrorCode } from './errors';
export {
  status,
  checkPassphrase,
  createVault,
  saveEmergencyKit,
  confirmEmergencyKit,
  unlock,
  recover,
  lock,
  touch,
  setIdleLockMinutes,
  changePassphrase,
  toStatus,
} from './session';
export type { Status, VaultState, Role, User, Employer, PassphraseCheck, NewVault, NewVaultResult } from './session';
export { onEvent, hasRuntime } from './runtime';
