// Texts of the synchronisation with the arbo service (Dutch).
export const syncNl = {
  'error.not_linked':
    'Er is geen arbodienst gekoppeld; een beheerder koppelt die onder Beheer → Arbodienst.',
  'error.service_offline':
    'De arbodienst is niet bereikbaar; Kluis probeert het later opnieuw en er gaat niets verloren.',
  'error.service_certificate':
    'Het certificaat van de arbodienst is niet het certificaat van de koppeling; er is niets verstuurd. Vraag de arbodienst of het certificaat is vervangen.',
  'error.service_url':
    'Het adres van de arbodienst moet beginnen met https:// of http://.',
  'error.enrol_code':
    'De arbodienst kent deze code niet of hij is al gebruikt; vraag een nieuwe aan.',
  'error.service_refused':
    'De arbodienst weigerde de ondertekening van deze kluis; een beheerder moet opnieuw koppelen.',
  'error.service_error':
    'De arbodienst had zelf een storing; Kluis probeert het later opnieuw.',
  'error.audit_witness':
    'De arbodienst heeft een nieuwer logboek dan deze pc: er zijn regels verwijderd of er is een oudere kopie van de kluis teruggezet.',
  // SyncStatus.lastError (app.SyncErrors) in plain words.
  'sync.error.not_linked': 'Er is nog geen arbodienst gekoppeld.',
  'sync.error.offline': 'De arbodienst was niet bereikbaar. Kluis probeert het over een paar minuten opnieuw; er gaat niets verloren.',
  'sync.error.certificate':
    'Het certificaat van de arbodienst is niet het certificaat van de koppeling; er is niets verstuurd. Vraag de arbodienst of het certificaat is vervangen.',
  'sync.error.refused': 'De arbodienst weigerde deze kluis. Een beheerder moet de arbodienst opnieuw koppelen.',
  'sync.error.service_error': 'De arbodienst had zelf een storing. Kluis probeert het later opnieuw; er gaat niets verloren.',
  'sync.error.audit_regressed':
    'De arbodienst heeft een nieuwer logboek van deze kluis dan deze pc: er zijn regels verwijderd of er is een oudere kopie teruggezet. Meld dit bij de functionaris gegevensbescherming.',
  'sync.error.failed': 'De synchronisatie is mislukt. Kluis probeert het later opnieuw; er gaat niets verloren.',

  // The Synchronisatie page.
  'sync.page.loading': 'Status van de synchronisatie laden…',
  'sync.page.retry': 'Opnieuw proberen',
  'sync.page.statusTitle': 'Status',
  'sync.page.linkedTo': 'Gekoppeld met {service}',
  'sync.page.notLinkedAdmin': 'Koppel de arbodienst onder Beheer → Arbodienst; daarna verstuurt Kluis wat er klaarstaat.',
  'sync.page.notLinkedUser': 'Een beheerder koppelt de arbodienst onder Beheer → Arbodienst.',
  'sync.page.toArbo': 'Naar Beheer → Arbodienst',
  'sync.page.lastSuccess': 'Laatst gesynchroniseerd {moment}',
  'sync.page.never': 'Nog nooit gesynchroniseerd',
  'sync.page.pending.one': '{n} bericht wacht op verzending',
  'sync.page.pending.other': '{n} berichten wachten op verzending',
  'sync.page.nonePending': 'Er wachten geen berichten op verzending',
  'sync.page.rejected.one': '{n} bericht is door de arbodienst geweigerd',
  'sync.page.rejected.other': '{n} berichten zijn door de arbodienst geweigerd',
  'sync.page.stale': 'Er kon al meer dan 24 uur niets naar de arbodienst worden verstuurd.',
  'sync.page.lastError': 'Laatste poging {moment}',
  'sync.page.helpdesk': 'Helpdesk van de arbodienst: {contact}',
  'sync.page.now': 'Nu synchroniseren',
  'sync.page.auto': 'Kluis synchroniseert ook vanzelf, elke vijf minuten zolang de kluis ontgrendeld is.',
  'sync.page.running': 'Bezig met synchroniseren…',
  'sync.page.progress.one': '{done} van {n} bericht',
  'sync.page.progress.other': '{done} van {n} berichten',
  'sync.page.progressLabel': 'Voortgang van de synchronisatie',
  'sync.report.title': 'Synchronisatie klaar',
  'sync.report.sent': 'Verstuurd',
  'sync.report.rejected': 'Geweigerd',
  'sync.report.retrievals': 'Opvragingen beantwoord',
  'sync.report.ended': 'Delingen afgelopen',
  'sync.report.waiting': 'Wacht nog op verzending',

  // The status dot on Actueel.
  'sync.dot.title': 'Synchronisatie met de arbodienst',
  'sync.dot.ok': 'Gesynchroniseerd',
  'sync.dot.pending': 'Wacht op verzending',
  'sync.dot.stale': 'Niet gesynchroniseerd sinds {date} {time}',
  'sync.moment.today': 'om {time}',
  'sync.moment.other': 'op {date} om {time}',
  'sync.dot.staleNever': 'Nog nooit gesynchroniseerd',
  'sync.dot.notLinked': 'Geen arbodienst gekoppeld',
  'sync.dot.unknown': 'Status onbekend',
  'sync.dot.open': 'Synchronisatie bekijken',
  'sync.retrievals': 'Opvragingen door de arbodienst deze maand: {n}',

  // Beheer → Arbodienst.
  'sync.arbo.tab': 'Arbodienst',
  'sync.arbo.loading': 'Koppeling laden…',
  'sync.arbo.enrolTitle': 'Arbodienst koppelen',
  'sync.arbo.enrolIntro':
    'De arbodienst geeft je het adres en een eenmalige code. Na het koppelen verstuurt Kluis alleen wat de wet toestaat: geanonimiseerde dienstverbanden, en NAW-gegevens alleen van gedeelde dossiers.',
  'sync.arbo.url': 'Adres van de arbodienst',
  'sync.arbo.urlHint': 'Zoals de arbodienst het gaf, bijvoorbeeld https://kluis.arbodienst.nl.',
  'sync.arbo.urlRequired': 'Vul het adres van de arbodienst in.',
  'sync.arbo.code': 'Eenmalige code',
  'sync.arbo.codeHint': 'De code werkt één keer. Is hij al gebruikt of verlopen, vraag de arbodienst dan om een nieuwe.',
  'sync.arbo.codeRequired': 'Vul de eenmalige code van de arbodienst in.',
  'sync.arbo.fingerprint': 'Vingerafdruk van het certificaat (optioneel)',
  'sync.arbo.fingerprintHint':
    'Alleen nodig als de arbodienst een eigen certificaat gebruikt: de SHA-256-vingerafdruk die de arbodienst je gaf, zoals AA:BB:CC:…. Leeg: het certificaat moet van een bekende uitgever zijn.',
  'sync.arbo.submit': 'Koppelen',
  'sync.arbo.done': 'De arbodienst is gekoppeld.',
  'sync.arbo.linkedTitle': 'Gekoppelde arbodienst',
  'sync.arbo.name': 'Naam',
  'sync.arbo.address': 'Adres',
  'sync.arbo.employerId': 'Werkgeversnummer bij de arbodienst',
  'sync.arbo.pinned': 'Vingerafdruk certificaat',
  'sync.arbo.notPinned': 'Niet vastgelegd (geen eigen certificaat)',
  'sync.arbo.linkedSince': 'Gekoppeld sinds',
  'sync.arbo.helpdesk': 'Helpdesk',
  'sync.arbo.helpdeskName': 'Naam',
  'sync.arbo.helpdeskEmail': 'E-mail',
  'sync.arbo.helpdeskPhone': 'Telefoon',
  'sync.arbo.helpdeskHours': 'Bereikbaar',
  'sync.arbo.helpdeskNone': 'De arbodienst gaf geen helpdesk op.',

  // The share dialog and panel: what has reached the arbo service.
  'sync.share.defaultService': 'de arbodienst',
  'sync.share.dialogTitle': 'Delen met {service}',
  'sync.share.sent': 'Gedeeld met {service}',
  'sync.share.waiting': 'Gedeeld; wacht op verzending naar {service}',
  'sync.share.changesWaiting': 'Wijzigingen wachten op verzending naar {service}',
  'sync.share.nextSync': 'Kluis verstuurt het bij de volgende synchronisatie.',
  'sync.share.doneWaiting': 'Het dossier is gedeeld. Het wacht op verzending naar {service}.',
  'sync.share.poortwachter': 'Poortwachter-stap volgens {service}: {step}',
  'sync.share.caseClosed': 'Het traject is afgesloten door {service}.',
  'sync.ended.until': 'De einddatum van de deling is bereikt.',
  'sync.ended.case-closed': 'De medewerker is hersteld en de arbodienst heeft het traject afgesloten.',
};
