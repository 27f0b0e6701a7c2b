// Texts of the synchronisation with the arbo service (English).
export const syncEn = {
  'error.not_linked':
    'No arbo service is connected; an administrator connects one under Beheer → Arbodienst.',
  'error.service_offline':
    'The arbo service cannot be reached; Kluis tries again later and loses nothing.',
  'error.service_certificate':
    "The arbo service's certificate is not the one recorded at enrolment; nothing was sent. Ask the arbo service whether its certificate changed.",
  'error.service_url':
    'The address of the arbo service must start with https:// or http://.',
  'error.enrol_code':
    'The arbo service does not know this code or it was used already; ask for a new one.',
  'error.service_refused':
    "The arbo service refused this vault's signature; an administrator must connect it again.",
  'error.service_error':
    'The arbo service had a problem of its own; Kluis tries again later.',
  'error.audit_witness':
    'The arbo service holds a newer audit log than this PC: entries were removed or an older copy of the vault was put back.',
  // SyncStatus.lastError (app.SyncErrors) in plain words.
  'sync.error.not_linked': 'No arbo service is connected yet.',
  'sync.error.offline': 'The arbo service could not be reached. Kluis tries again in a few minutes; nothing is lost.',
  'sync.error.certificate':
    "The arbo service's certificate is not the one recorded when connecting; nothing was sent. Ask the arbo service whether its certificate changed.",
  'sync.error.refused': 'The arbo service refused this vault. An administrator must connect the arbo service again.',
  'sync.error.service_error': 'The arbo service had a problem of its own. Kluis tries again later; nothing is lost.',
  'sync.error.audit_regressed':
    'The arbo service holds a newer audit log of this vault than this PC: entries were removed or an older copy was put back. Report this to the data protection officer.',
  'sync.error.failed': 'The synchronisation failed. Kluis tries again later; nothing is lost.',

  // The Synchronisatie page.
  'sync.page.loading': 'Loading the synchronisation status…',
  'sync.page.retry': 'Try again',
  'sync.page.statusTitle': 'Status',
  'sync.page.linkedTo': 'Connected to {service}',
  'sync.page.notLinkedAdmin': 'Connect the arbo service under Beheer → Arbodienst; Kluis then sends what is waiting.',
  'sync.page.notLinkedUser': 'An administrator connects the arbo service under Beheer → Arbodienst.',
  'sync.page.toArbo': 'Go to Beheer → Arbodienst',
  'sync.page.lastSuccess': 'Last synchronised {moment}',
  'sync.page.never': 'Never synchronised',
  'sync.page.pending.one': '{n} message is waiting to be sent',
  'sync.page.pending.other': '{n} messages are waiting to be sent',
  'sync.page.nonePending': 'No messages are waiting to be sent',
  'sync.page.rejected.one': '{n} message was refused by the arbo service',
  'sync.page.rejected.other': '{n} messages were refused by the arbo service',
  'sync.page.stale': 'Nothing could be sent to the arbo service for more than 24 hours.',
  'sync.page.lastError': 'Last attempt {moment}',
  'sync.page.helpdesk': "The arbo service's helpdesk: {contact}",
  'sync.page.now': 'Synchronise now',
  'sync.page.auto': 'Kluis also synchronises by itself, every five minutes while the vault is unlocked.',
  'sync.page.running': 'Synchronising…',
  'sync.page.progress.one': '{done} of {n} message',
  'sync.page.progress.other': '{done} of {n} messages',
  'sync.page.progressLabel': 'Synchronisation progress',
  'sync.report.title': 'Synchronisation finished',
  'sync.report.sent': 'Sent',
  'sync.report.rejected': 'Refused',
  'sync.report.retrievals': 'Retrievals answered',
  'sync.report.ended': 'Shares ended',
  'sync.report.waiting': 'Still waiting to be sent',

  // The status dot on Actueel.
  'sync.dot.title': 'Synchronisation with the arbo service',
  'sync.dot.ok': 'Synchronised',
  'sync.dot.pending': 'Waiting to be sent',
  'sync.dot.stale': 'Not synchronised since {date} {time}',
  'sync.moment.today': 'at {time}',
  'sync.moment.other': 'on {date} at {time}',
  'sync.dot.staleNever': 'Never synchronised',
  'sync.dot.notLinked': 'No arbo service connected',
  'sync.dot.unknown': 'Status unknown',
  'sync.dot.open': 'View synchronisation',
  'sync.retrievals': 'Retrievals by the arbo service this month: {n}',

  // Beheer → Arbodienst.
  'sync.arbo.tab': 'Arbo service',
  'sync.arbo.loading': 'Loading the connection…',
  'sync.arbo.enrolTitle': 'Connect an arbo service',
  'sync.arbo.enrolIntro':
    'The arbo service gives you its address and a one-time code. Once connected, Kluis sends only what the law allows: anonymised employments, and identity data only of shared dossiers.',
  'sync.arbo.url': 'Address of the arbo service',
  'sync.arbo.urlHint': 'As the arbo service gave it, for example https://kluis.arbodienst.nl.',
  'sync.arbo.urlRequired': 'Enter the address of the arbo service.',
  'sync.arbo.code': 'One-time code',
  'sync.arbo.codeHint': 'The code works once. If it was used or has expired, ask the arbo service for a new one.',
  'sync.arbo.codeRequired': "Enter the arbo service's one-time code.",
  'sync.arbo.fingerprint': 'Certificate fingerprint (optional)',
  'sync.arbo.fingerprintHint':
    'Only needed when the arbo service uses its own certificate: the SHA-256 fingerprint the arbo service gave you, like AA:BB:CC:…. Empty: the certificate must come from a known issuer.',
  'sync.arbo.submit': 'Connect',
  'sync.arbo.done': 'The arbo service is connected.',
  'sync.arbo.linkedTitle': 'Connected arbo service',
  'sync.arbo.name': 'Name',
  'sync.arbo.address': 'Address',
  'sync.arbo.employerId': 'Employer number at the arbo service',
  'sync.arbo.pinned': 'Certificate fingerprint',
  'sync.arbo.notPinned': 'Not recorded (no certificate of its own)',
  'sync.arbo.linkedSince': 'Connected since',
  'sync.arbo.helpdesk': 'Helpdesk',
  'sync.arbo.helpdeskName': 'Name',
  'sync.arbo.helpdeskEmail': 'E-mail',
  'sync.arbo.helpdeskPhone': 'Phone',
  'sync.arbo.helpdeskHours': 'Available',
  'sync.arbo.helpdeskNone': 'The arbo service gave no helpdesk.',

  // The share dialog and panel: what has reached the arbo service.
  'sync.share.defaultService': 'the arbo service',
  'sync.share.dialogTitle': 'Share with {service}',
  'sync.share.sent': 'Shared with {service}',
  'sync.share.waiting': 'Shared; waiting to be sent to {service}',
  'sync.share.changesWaiting': 'Changes are waiting to be sent to {service}',
  'sync.share.nextSync': 'Kluis sends it at the next synchronisation.',
  'sync.share.doneWaiting': 'The dossier is shared. It is waiting to be sent to {service}.',
  'sync.share.poortwachter': 'Poortwachter step according to {service}: {step}',
  'sync.share.caseClosed': 'The case was closed by {service}.',
  'sync.ended.until': 'The end date of the share was reached.',
  'sync.ended.case-closed': 'The employee recovered and the arbo service closed the case.',
};
