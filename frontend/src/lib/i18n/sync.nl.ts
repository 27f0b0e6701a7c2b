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
};
