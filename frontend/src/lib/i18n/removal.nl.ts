// Texts of removing a PC from the vault and of the arbo sync lease (Dutch, the source).

export const removalNl = {
  'error.replica_device_removed':
    "Deze pc is door een beheerder uit de kluis verwijderd: hij deelt geen wijzigingen meer met de andere pc's. De gegevens blijven op deze pc staan; vraag een beheerder als dit niet klopt.",
  'error.device_remove_self': 'U kunt de pc waarop u werkt niet verwijderen; verwijder hem vanaf de pc van een andere beheerder.',
  'error.device_unknown': "Die pc is niet bekend in de bucket; vernieuw de lijst met pc's.",
  'error.device_removed_before': 'Die pc is al eerder verwijderd.',
  'error.sync_lease_held':
    'Een andere pc van deze kluis verstuurt nu naar de arbodienst; vanaf deze pc is niets verstuurd. Probeer het over een paar minuten opnieuw.',
  'error.sync_lease_held.named': '{device} verstuurt nu naar de arbodienst, tot uiterlijk {time}; vanaf deze pc is niets verstuurd. Probeer het daarna opnieuw.',
  'error.sync_lease_lost': 'Het versturen naar de arbodienst is gestopt: een andere pc nam het over. Er gaat niets verloren; de volgende ronde gaat verder.',
  'logbook.action.device.remove': 'Pc uit de kluis verwijderd',

  'replica.devices.state': 'Status',
  'replica.devices.active': 'Actief',
  'replica.devices.removed': 'Verwijderd',
  'replica.devices.removedBy': 'door {name} op {date} om {time}',
  'replica.devices.removedAt': 'op {date} om {time}',
  'replica.devices.actions': 'Acties',
  'replica.devices.remove': 'Verwijderen',
  'replica.devices.removeLabel': '{label} verwijderen',
  'replica.devices.auditGap': 'Logboek onvolledig: {n} regels ontbreken (zie Logboek)',
  'replica.remove.title': '{label} verwijderen',
  'replica.remove.body':
    "Deze pc deelt daarna geen wijzigingen meer met de andere pc's: wat hij na nu nog verstuurt, weigeren alle pc's. Wat hij eerder verstuurde blijft staan.",
  'replica.remove.local': 'De gegevens op die pc zelf worden niet gewist; bij de volgende ronde meldt hij dat hij uit de kluis is verwijderd.',
  'replica.remove.stolen':
    'Is de pc gestolen of kwijt? Trek dan ook de toegang in van de gebruiker die erop werkte (Beheer → Gebruikers): verwijderen alleen houdt niemand buiten de gegevens op die pc.',
  'replica.remove.confirm': 'Pc verwijderen',
  'replica.remove.cancel': 'Annuleren',
  'replica.remove.close': 'Sluiten',
  'replica.remove.done': '{label} is verwijderd.',
  'replica.status.removed': "Deze pc is uit de kluis verwijderd en deelt geen wijzigingen meer met andere pc's. De gegevens op deze pc blijven staan.",
} as const;
