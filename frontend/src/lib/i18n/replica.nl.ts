// Texts of replication between the PCs of one vault (Dutch).

export const replicaNl = {
  'error.replica_server_down':
    'De opslagserver voor het delen tussen pc’s is niet bereikbaar; er gaat niets verloren, de volgende ronde haalt het in.',
  'error.replica_credentials':
    'De opslagserver weigerde de toegangssleutel of het geheim; controleer ze bij wie de server beheert.',
  'error.replica_bucket_missing':
    'De bucket bestaat niet op de opslagserver; controleer het bucketadres.',
  'error.replica_bucket_url':
    'Het bucketadres klopt niet; het ziet eruit als https://server:9000/bucket.',
  'error.replica_not_configured':
    'Er is geen bucket ingesteld voor deze kluis: geef het bucketadres, de toegangssleutel en het geheim op.',
  'error.replica_object_refused':
    'Een wijziging in de bucket is geweigerd (beschadigd, gekopieerd of niet ondertekend door een actieve gebruiker); die is niet verwerkt.',
  'error.replica_keyring_fork':
    'Twee beheerders wijzigden tegelijk dezelfde gebruiker, of trokken allebei toegang in, op verschillende pc’s; de wijziging van deze pc is niet gedeeld en de synchronisatie stopt hier. Voer de wijziging opnieuw uit op een andere pc en koppel deze pc opnieuw (Bestaande kluis koppelen).',
  'error.replica_join_refused':
    'Koppelen is geweigerd: de koppelcode klopt niet of de bucket bevat deze kluis niet.',
  'logbook.action.replicate.push': 'Wijzigingen naar andere pc’s verstuurd',
  'logbook.action.replicate.pull': 'Wijzigingen van andere pc’s ontvangen',
  'logbook.action.device.invite': 'Koppelcode voor een nieuwe pc gemaakt',
  'logbook.action.device.join': 'Deze pc aan de kluis gekoppeld',
};
