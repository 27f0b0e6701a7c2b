import type { backupNl } from './backup.nl';

// Texts of backup and restore (English).
export const backupEn: Record<keyof typeof backupNl, string> = {
  'error.backup_corrupt': 'The backup file is damaged or is not a Kluis backup; nothing was changed.',
  'error.backup_truncated': 'The backup file is incomplete (the copy was cut off); nothing was changed.',
  'error.backup_other_vault': 'This backup belongs to another vault than the one in this folder; nothing was changed.',
  'error.backup_target_not_empty': 'The folder to restore into is not empty; choose an empty folder, or confirm replacing this vault.',

  'backup.tab': 'Backup',
  'backup.title': 'Backup',
  'backup.intro':
    'A backup is one encrypted file with the whole vault: employees, keys and audit log. Keep it away from this PC, for example on a USB stick in a safe or with your IT administrator.',
  'backup.passphrases':
    'It can be restored on any PC with Kluis. Everyone opens the restored vault with the passphrase they had when the backup was made.',
  'backup.loading': 'Loading the backup status…',
  'backup.last': 'Last backup',
  'backup.lastNone': 'No backup has ever been made.',
  'backup.lastAt': '{date} at {time} ({size})',
  'backup.lastRestored': 'This vault was restored from the backup of {date}.',
  'backup.make': 'Make a backup',
  'backup.making': 'Making the backup…',
  'backup.progress': 'Backup progress',
  'backup.keepWorking': 'You can keep working meanwhile.',
  'backup.done': 'Backup saved to {path} ({size}).',
  'backup.retry': 'Try again',
  'backup.adminsOnly': 'Only administrators make backups.',

  'backup.reminder.title': 'Make a backup',
  'backup.reminder.never': 'No backup of this vault has ever been made. If this PC breaks, all data is lost.',
  'backup.reminder.old': 'The last backup is of {date}, more than seven days ago.',
  'backup.reminder.open': 'Go to Backup',

  'restore.open': 'Restore a backup',
  'restore.openHint': 'New PC? Restore your vault’s backup instead of creating a new vault.',
  'restore.title': 'Restore a backup',
  'restore.intro':
    'Choose the backup file. Kluis checks the whole backup before it is put on this PC; then you unlock the vault as always.',
  'restore.choose': 'Choose backup file',
  'restore.chosen': 'Backup of {date}',
  'restore.chooseOther': 'Choose another file',
  'restore.credentials': 'Administrator',
  'restore.credentialsIntro': 'Enter the e-mail address and passphrase of an administrator as they were when the backup was made.',
  'restore.email': "An administrator's e-mail address",
  'restore.passphrase': 'Passphrase (at the time)',
  'restore.undoneWarning': 'Anything changed in the vault after {date} does not come back. Revoke again any access revoked since.',
  'restore.submit': 'Restore',
  'restore.back': 'Back',
  'restore.reading': 'Decrypting the backup…',
  'restore.verifying': 'Checking the restored vault…',
  'restore.progress': 'Restore progress',
  'restore.chooseRequired': 'Choose a backup file first.',
  'restore.emailRequired': 'Enter the e-mail address.',
  'restore.passphraseRequired': 'Enter the passphrase.',
  'restore.done': 'The backup of {date} was restored and checked. Unlock the vault with your passphrase of that time.',
  'restore.undoneImport': 'An import that was running when the backup was made was undone; import that file again.',
};
