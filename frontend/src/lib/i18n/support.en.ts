import type { supportNl } from './support.nl';

// Texts of the Support page (helpdesk, support information) and of the signatory prompt after unlock.
export const supportEn: Record<keyof typeof supportNl, string> = {
  'support.open': 'Support',
  'support.openTitle': 'Helpdesk and information for support',
  'support.title': 'Support',
  'support.intro': 'Need help? Contact your arbo service’s helpdesk and send the support information along.',
  'support.loading': 'Loading…',
  'support.retry': 'Try again',

  'support.helpdesk.title': 'Arbo service helpdesk',
  'support.helpdesk.none': 'No helpdesk is known yet. Ask your admin to record it.',
  'support.helpdesk.noneAdmin': 'No helpdesk is known yet: no arbo service is linked, or the service gave none. Record it here.',
  'support.helpdesk.fromService': 'Given by {service} when linking.',
  'support.helpdesk.fromServiceUnnamed': 'Given by the arbo service when linking.',
  'support.helpdesk.own': 'Recorded by an admin.',
  'support.helpdesk.name': 'Name',
  'support.helpdesk.email': 'E-mail',
  'support.helpdesk.phone': 'Phone',
  'support.helpdesk.hours': 'Available',
  'support.helpdesk.edit': 'Record or correct the helpdesk',
  'support.helpdesk.editTitle': 'Record the helpdesk',
  'support.helpdesk.editIntro':
    'Enter how to reach the arbo service’s helpdesk. An e-mail address or a phone number is needed. Leave everything empty to show the service’s details again.',
  'support.helpdesk.serviceGave': 'The arbo service gave: {contact}',
  'support.helpdesk.field.name': 'Helpdesk name',
  'support.helpdesk.field.email': 'E-mail address',
  'support.helpdesk.field.phone': 'Phone number',
  'support.helpdesk.field.hours': 'Opening hours',
  'support.helpdesk.field.hoursHint': 'For example: Mon–Fri 8:30–17:00',
  'support.helpdesk.save': 'Save',
  'support.helpdesk.saving': 'Saving…',
  'support.helpdesk.cancel': 'Cancel',
  'support.helpdesk.saved': 'The helpdesk was recorded.',
  'support.helpdesk.removed': 'The recorded helpdesk was removed.',
  'validation.contact_required': 'Enter an e-mail address or a phone number.',

  'support.info.title': 'Information for support',
  'support.info.intro':
    'This helps the helpdesk place your problem. It holds no names, e-mail addresses, BSNs, departments or your employer’s name.',
  'support.info.version': 'Kluis version',
  'support.info.vault': 'Vault folder',
  'support.info.log': 'Log file',
  'support.info.noLog': 'No log file: Kluis writes to the console only.',
  'support.info.preview': 'This is what is copied',
  'support.copy': 'Copy information for support',
  'support.copied': 'Copied. Paste it into your e-mail to the helpdesk.',
  'support.copyFailed': 'Copying failed. Select the text above and copy it yourself.',

  'agreement.prompt.title': 'Who signs the processor agreement?',
  'agreement.prompt.intro':
    'Record who may sign the processor agreement with the arbo service on behalf of {employer}. You can also do this later under Beheer → Processor agreement.',
  'agreement.prompt.later': 'Later',
  'agreement.prompt.close': 'Later',
  'agreement.reminder.title': 'Signatory of the processor agreement missing',
  'agreement.reminder.body': 'It is not yet recorded who may sign the processor agreement for {employer}.',
  'agreement.reminder.open': 'Record now',

  'logbook.action.settings.helpdesk': 'Arbo service helpdesk recorded',
};
