import type { helpNl } from './help.nl';

// "Help mij" texts in English: the task list and the walkthroughs on the real screen.
export const helpEn: Record<keyof typeof helpNl, string> = {
  'help.button': 'Help me',
  'help.buttonTitle': 'Show step by step how to do a task',
  'help.dialog.title': 'Help me',
  'help.dialog.intro': 'Choose a task. Kluis shows you step by step, on the real screen, where to click.',
  'help.dialog.close': 'Close',
  'help.dialog.listLabel': 'Tasks',

  'help.why.adminsOnly': 'Only for vault administrators.',
  'help.why.notForRole': 'Not with your role.',
  'help.why.unlockFirst': 'Unlock the vault first.',
  'help.why.alreadyIn':
    'You already have access. A new colleague asks for access on the lock screen of this PC (Lock, then "Request access").',
  'help.why.noVault': 'There is no vault on this PC yet; create one first.',

  'help.walk.label': 'Walkthrough',
  'help.walk.step': 'Step {n} of {total}',
  'help.walk.next': 'Next',
  'help.walk.prev': 'Previous',
  'help.walk.stop': 'Stop',
  'help.walk.done': 'Done',
  'help.walk.keys': 'Arrows or Enter: move on. Esc: stop.',
  'help.walk.missing': 'This part is not visible right now.',
  'help.when.employeeUnshared': 'First choose an employee whose dossier is not shared yet.',
  'help.when.employeeShared': 'First choose an employee whose dossier is shared.',
  'help.when.requestWaiting': 'No request is waiting right now.',
  'help.when.arboUnlinked': 'When the arbo service is connected already, this form is not there.',
  'help.when.arboHttps': 'This field appears when the address starts with https.',
  'help.walk.stopped': 'Walkthrough stopped.',
  'help.walk.finished': 'Walkthrough finished.',

  'help.import.title': 'Import employees',
  'help.import.summary': 'Read a CSV or Excel file from your payroll system.',
  'help.import.step1': 'Employees are on the Employees page, in the menu on the left.',
  'help.import.step2':
    'Click Import. You choose a file, match the columns and see every wrong row with its line number. Only when all is right do you save everything at once, or nothing.',
  'help.import.step3': 'After the import the employees are here, per employer and department.',
  'help.import.step4': 'Search an employee by personnel number, name or BSN to check that the import went well.',

  'help.request.title': 'Request access',
  'help.request.summary': 'As a new user, ask an administrator for access to this vault.',
  'help.request.step1': 'On the lock screen, click "Request access".',
  'help.request.step2': 'Fill in your name, your e-mail address and a new passphrase of your own. Only you know that passphrase.',
  'help.request.step3': 'Choose the role you need. The administrator can still change it when approving.',
  'help.request.step4':
    'Send the request. You get a verification code: read it out to the administrator, so they know the request really is yours.',

  'help.approve.title': 'Approve a user',
  'help.approve.summary': "Approve a colleague's access request.",
  'help.approve.step1': 'Requests are under Administration, on the Admin actions tab.',
  'help.approve.step2': 'Every waiting request is here, with name, e-mail address, requested role and how long ago.',
  'help.approve.step3':
    'Click Approve. First compare the verification code with what the requester reads out to you; only then choose the role and confirm.',
  'help.approve.step4': 'Approved users are under Authorisations. There you later change a role or revoke access.',

  'help.share.title': 'Share a dossier',
  'help.share.summary': "Share an employee's data with the arbo service for a care question.",
  'help.share.step1': 'Search the employee by personnel number, name or BSN.',
  'help.share.step2': 'Or choose the employee in the tree, under employer and department.',
  'help.share.step3': 'On the right you see whether the employee is shared with the arbo service, and the sharing history.',
  'help.share.step4': 'Click Share dossier and choose the care question. Never write about health or a diagnosis in the explanation.',

  'help.sick.title': 'Report sick',
  'help.sick.summary': 'Report an employee sick to the arbo service.',
  'help.sick.step1': 'Search the employee by personnel number, name or BSN, or choose them in the tree.',
  'help.sick.step2': 'This says whether the dossier is shared already. A sick report needs a share.',
  'help.sick.step3':
    'Click Report sick. If the dossier is not shared yet, you share it for the sick report first. Fill in only what is allowed: no cause and no diagnosis.',

  'help.revoke.title': 'Revoke a share',
  'help.revoke.summary': 'Stop sharing when the care question is over.',
  'help.revoke.step1': 'Search the employee by personnel number, name or BSN, or choose them in the tree.',
  'help.revoke.step2': 'This says for which care question the dossier is shared.',
  'help.revoke.step3': 'Click Revoke share and choose the reason. While an absence runs, revoking waits for the recovery report.',
  'help.revoke.step4': 'The revocation goes into the history, with the date and who did it.',

  'help.backup.title': 'Make a backup',
  'help.backup.summary': 'Keep the whole vault as one encrypted file.',
  'help.backup.step1': 'Here you see when the last backup was made.',
  'help.backup.step2': 'Click Make a backup and choose where to keep the file, preferably outside this PC. You can keep working meanwhile.',

  'help.arbo.title': 'Connect the arbo service',
  'help.arbo.summary': 'Connect Kluis to your arbo service with the one-time code they gave you.',
  'help.arbo.step1': 'Here you connect Kluis to your arbo service. If it is connected already, you see the connection here.',
  'help.arbo.step2': 'Fill in the address of the arbo service, as they gave it to you.',
  'help.arbo.step3': 'Fill in the one-time code you got from the arbo service.',
  'help.arbo.step4': 'When the address starts with https, the certificate fingerprint appears here. Fill it in if you got one; then Kluis knows for sure it is the right server.',
  'help.arbo.step5': 'Click Connect. After that Kluis synchronises by itself.',
};
