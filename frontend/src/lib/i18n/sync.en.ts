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
};
