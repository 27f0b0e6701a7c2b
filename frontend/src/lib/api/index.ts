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
  rememberedEmail,
  rememberEmail,
  recover,
  lock,
  touch,
  setIdleLockMinutes,
  changePassphrase,
  updateOwnAccount,
  toStatus,
} from './session';
export type { Status, VaultState, Role, User, Employer, PassphraseCheck, NewVault, NewVaultResult } from './session';
export { onEvent, hasRuntime } from './runtime';
export {
  employers,
  addEmployer,
  updateEmployer,
  updateEmployerDetails,
  emptyEmployerAddress,
  CONTRACTS,
  departments,
  treeRows,
  directorySource,
  employee,
  search,
  createEmployee,
  updateEmployee,
  endEmployment,
  createDepartment,
  renameDepartment,
  moveDepartment,
  archiveDepartment,
  emptyIdentity,
} from './people';
export type {
  EmployerInfo,
  EmployerAddress,
  EmployerForm,
  DepartmentInfo,
  IdentityFields,
  EmploymentFacts,
  EmployeeDetail,
  EmployeeForm,
  SearchHit,
  SearchAnswer,
  MatchKind,
} from './people';
export {
  chooseImportFile,
  importFields,
  checkImport,
  commitImport,
  cancelImport,
  saveImportTemplate,
  saveImportProblems,
  interruptedImports,
  importLayouts,
} from './imports';
export type { ImportRequest, ImportField, ImportColumn, ImportProblem, ImportReport, InterruptedImport, ImportLayout } from './imports';
export {
  requestAccess,
  withdrawRequest,
  accessRequests,
  approveRequest,
  rejectRequest,
  emailChanges,
  approveEmailChange,
  rejectEmailChange,
  users,
  setRole,
  revokeUser,
  pendingRevocation,
  resumeRevocation,
} from './admin';
export type {
  AccessRequestForm,
  AccessRequestInfo,
  EmailChangeInfo,
  RequestedRole,
  UserRow,
  UserRole,
  UserStatus,
  DepartmentRef,
  RoleChangeResult,
} from './admin';
export {
  dossier,
  share,
  revokeShare,
  reportSick,
  changeAbsence,
  reportRecovery,
  markStepDone,
  saveSivi,
  emptySiviForm,
  toSiviSaved,
  emptySickReport,
  reportPayload,
  toDossier,
  CARE_QUESTIONS,
  ENDED_REASONS,
  EXPECTED_DURATIONS,
  SICK_REPORT_KEYS,
  STEP_STATUSES,
  SIVI_CONTACT_ROLES,
  SIVI_CONTACT_CHANNELS,
  SIVI_PROCESSING_CODES,
  SIVI_CAUSE_CODES,
  SIVI_GENDERS,
  SIVI_FIELD_CODES,
  SIVI_RECORD_FIELDS,
} from './sharing';
export type {
  CareQuestion,
  HistoryKind,
  EndedReason,
  Milestone,
  ExpectedDuration,
  ShareInfo,
  HistoryLine,
  CareAddress,
  SickReport,
  AbsenceView,
  DossierView,
  ShareForm,
  StepStatus,
  StepView,
  SiviForm,
  SiviSaved,
  SiviRecordField,
} from './sharing';
export { syncStatus, enrol, syncNow, toSyncStatus, toSyncReport, SYNC_ERRORS } from './sync';
export type { SyncStatus, SyncReport, SyncError, Helpdesk } from './sync';
export { logPage, logUsers, logStatus, checkLog, exportLog, toLogRow } from './logbook';
export type { LogQuery, LogRow, LogPage, LogUser, LogStatus, LogCheck, LogSubject } from './logbook';
export { saveAccessExport, saveShareHistory, saveStatistics, saveRegister } from './reports';
export type { ReportLang, ReportSaved } from './reports';
export { retentionList, eraseEmployees } from './retention';
export type { RetentionEntry, RetentionList, RetentionBlock, EraseResult } from './retention';
export { backupStatus, makeBackup, chooseBackupFile, restoreBackup, toBackupStatus } from './backup';
export type { BackupStatus, BackupMade, BackupFile, RestoreDone } from './backup';
export { recentEmployees } from './recent';
export type { RecentEmployee } from './recent';
export {
  replicaStatus,
  replicateNow,
  replicaSettings,
  saveReplicaSettings,
  clearReplicaSettings,
  replicaDevices,
  removeDevice,
  inviteDevice,
  joinVault,
  toReplicaStatus,
} from './replica';
export type { ReplicaStatus, ReplicaSettings, ReplicaDevice, JoinRequest } from './replica';
