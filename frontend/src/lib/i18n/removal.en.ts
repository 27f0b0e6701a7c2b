import type { removalNl } from './removal.nl';

// Texts of removing a PC from the vault and of the arbo sync lease (English).

export const removalEn: Record<keyof typeof removalNl, string> = {
  'error.replica_device_removed':
    'This PC was removed from the vault by an administrator: it no longer shares changes with the other PCs. Its data stays on this PC; ask an administrator if this is a mistake.',
  'error.device_remove_self': 'You cannot remove the PC you are working on; remove it from another administrator’s PC.',
  'error.device_unknown': 'That PC is not known in the bucket; refresh the list of PCs.',
  'error.device_removed_before': 'That PC was removed before.',
  'error.sync_lease_held':
    'Another PC of this vault is sending to the arbo service right now; nothing was sent from this PC. Try again in a few minutes.',
  'error.sync_lease_held.named': '{device} is sending to the arbo service until {time} at the latest; nothing was sent from this PC. Try again after that.',
  'error.sync_lease_lost': 'Sending to the arbo service stopped: another PC took over. Nothing is lost; the next round goes on.',
  'logbook.action.device.remove': 'PC removed from the vault',

  'replica.devices.state': 'Status',
  'replica.devices.active': 'Active',
  'replica.devices.removed': 'Removed',
  'replica.devices.removedBy': 'by {name} on {date} at {time}',
  'replica.devices.removedAt': 'on {date} at {time}',
  'replica.devices.actions': 'Actions',
  'replica.devices.remove': 'Remove',
  'replica.devices.removeLabel': 'Remove {label}',
  'replica.devices.auditGap': 'Audit log incomplete: {n} entries missing (see Audit log)',
  'replica.remove.title': 'Remove {label}',
  'replica.remove.body':
    'This PC then no longer shares changes with the other PCs: whatever it sends from now on, every PC refuses. What it sent before stays.',
  'replica.remove.local': 'The data on that PC itself is not wiped; at its next round it says it was removed from the vault.',
  'replica.remove.stolen':
    'Was the PC stolen or lost? Then also revoke the access of the user who worked on it (Beheer → Gebruikers): removing alone keeps nobody out of the data on that PC.',
  'replica.remove.confirm': 'Remove PC',
  'replica.remove.cancel': 'Cancel',
  'replica.remove.close': 'Close',
  'replica.remove.done': '{label} was removed.',
  'replica.status.removed': 'This PC was removed from the vault and no longer shares changes with other PCs. The data on this PC stays.',
};
