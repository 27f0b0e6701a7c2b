// Teksten van "Help mij": de lijst met taken en de rondleidingen over het echte scherm.
export const helpNl = {
  'help.button': 'Help mij',
  'help.buttonTitle': 'Laat stap voor stap zien hoe je een taak doet',
  'help.dialog.title': 'Help mij',
  'help.dialog.intro': 'Kies een taak. Kluis laat je op het echte scherm stap voor stap zien waar je moet klikken.',
  'help.dialog.close': 'Sluiten',
  'help.dialog.listLabel': 'Taken',

  'help.why.adminsOnly': 'Alleen voor datakluisbeheerders.',
  'help.why.notForRole': 'Niet met jouw rol.',
  'help.why.unlockFirst': 'Ontgrendel eerst de kluis.',
  'help.why.alreadyIn':
    'Je hebt al toegang. Een nieuwe collega vraagt toegang aan op het vergrendelscherm van deze pc (Vergrendelen, dan "Toegang aanvragen").',
  'help.why.noVault': 'Er is op deze pc nog geen kluis; maak er eerst een.',

  'help.walk.label': 'Rondleiding',
  'help.walk.step': 'Stap {n} van {total}',
  'help.walk.next': 'Volgende',
  'help.walk.prev': 'Vorige',
  'help.walk.stop': 'Stoppen',
  'help.walk.done': 'Klaar',
  'help.walk.keys': 'Pijltjes of Enter: verder. Esc: stoppen.',
  'help.walk.missing': 'Dit onderdeel is nu niet zichtbaar.',
  'help.when.employeeUnshared': 'Kies eerst een medewerker van wie het dossier nog niet gedeeld is.',
  'help.when.employeeShared': 'Kies eerst een medewerker van wie het dossier gedeeld is.',
  'help.when.requestWaiting': 'Er wacht nu geen aanvraag.',
  'help.when.arboUnlinked': 'Is de arbodienst al gekoppeld, dan staat dit formulier er niet.',
  'help.when.arboHttps': 'Dit veld verschijnt als het adres met https begint.',
  'help.walk.stopped': 'Rondleiding gestopt.',
  'help.walk.finished': 'Rondleiding klaar.',

  'help.import.title': 'Medewerkers importeren',
  'help.import.summary': 'Een CSV- of Excel-bestand uit je salarisadministratie inlezen.',
  'help.import.step1': 'Medewerkers staan op de pagina Medewerkers, in het menu links.',
  'help.import.step2':
    'Klik op Importeren. Je kiest een bestand, koppelt de kolommen en ziet elke foute regel met het regelnummer. Pas als alles klopt, sla je alles in één keer op, of niets.',
  'help.import.step3': 'Na het importeren staan de medewerkers hier, per werkgever en afdeling.',
  'help.import.step4': 'Zoek een medewerker op personeelsnummer, naam of BSN om te controleren of de import goed ging.',

  'help.request.title': 'Toegang aanvragen',
  'help.request.summary': 'Als nieuwe gebruiker toegang tot deze kluis vragen aan een beheerder.',
  'help.request.step1': 'Op het vergrendelscherm klik je op "Toegang aanvragen".',
  'help.request.step2': 'Vul je naam, je e-mailadres en een nieuwe, eigen wachtwoordzin in. Die wachtwoordzin ken alleen jij.',
  'help.request.step3': 'Kies de rol die je nodig hebt. De beheerder kan die bij het goedkeuren nog aanpassen.',
  'help.request.step4':
    'Verstuur de aanvraag. Je krijgt een controlecode: lees die voor aan de beheerder, zodat die weet dat de aanvraag echt van jou is.',

  'help.approve.title': 'Een gebruiker goedkeuren',
  'help.approve.summary': 'Een toegangsaanvraag van een collega goedkeuren.',
  'help.approve.step1': 'Aanvragen staan onder Beheer, op het tabblad Beheeracties.',
  'help.approve.step2': 'Elke wachtende aanvraag staat hier, met naam, e-mailadres, gevraagde rol en hoe lang geleden.',
  'help.approve.step3':
    'Klik op Akkoord. Vergelijk eerst de controlecode met wat de aanvrager je voorleest; pas dan kies je de rol en bevestig je.',
  'help.approve.step4': 'Goedgekeurde gebruikers staan onder Autorisaties. Daar wijzig je later een rol of trek je toegang in.',

  'help.share.title': 'Een dossier delen',
  'help.share.summary': 'De gegevens van een medewerker delen met de arbodienst bij een zorgvraag.',
  'help.share.step1': 'Zoek de medewerker op personeelsnummer, naam of BSN.',
  'help.share.step2': 'Of kies de medewerker in de boom, onder werkgever en afdeling.',
  'help.share.step3': 'Rechts zie je of de medewerker gedeeld is met de arbodienst, en de geschiedenis van het delen.',
  'help.share.step4':
    'Klik op Dossier delen en kies de zorgvraag. Schrijf in de toelichting nooit iets over de gezondheid of een diagnose.',

  'help.sick.title': 'Ziekmelden',
  'help.sick.summary': 'Een medewerker ziek melden bij de arbodienst.',
  'help.sick.step1': 'Zoek de medewerker op personeelsnummer, naam of BSN, of kies hem in de boom.',
  'help.sick.step2': 'Hier staat of het dossier al gedeeld is. Een ziekmelding heeft een deling nodig.',
  'help.sick.step3':
    'Klik op Ziekmelden. Is het dossier nog niet gedeeld, dan deel je eerst voor de ziekmelding. Vul alleen in wat mag: geen oorzaak en geen diagnose.',

  'help.revoke.title': 'Een deling intrekken',
  'help.revoke.summary': 'Stoppen met delen als de zorgvraag voorbij is.',
  'help.revoke.step1': 'Zoek de medewerker op personeelsnummer, naam of BSN, of kies hem in de boom.',
  'help.revoke.step2': 'Hier staat met welke zorgvraag het dossier gedeeld is.',
  'help.revoke.step3': 'Klik op Deling intrekken en kies de reden. Loopt er nog een verzuim, dan kan intrekken pas na de hersteldmelding.',
  'help.revoke.step4': 'Het intrekken komt in de geschiedenis te staan, met datum en wie het deed.',

  'help.backup.title': 'Een back-up maken',
  'help.backup.summary': 'De hele kluis als één versleuteld bestand bewaren.',
  'help.backup.step1': 'Hier zie je wanneer de laatste back-up is gemaakt.',
  'help.backup.step2': 'Klik op Back-up maken en kies waar je het bestand bewaart, het liefst buiten deze pc. Je kunt intussen doorwerken.',

  'help.arbo.title': 'De arbodienst koppelen',
  'help.arbo.summary': 'Kluis verbinden met je arbodienst met de eenmalige code die je van hen kreeg.',
  'help.arbo.step1': 'Hier koppel je Kluis aan je arbodienst. Is er al een koppeling, dan zie je die hier.',
  'help.arbo.step2': 'Vul het adres van de arbodienst in, zoals die het je gaf.',
  'help.arbo.step3': 'Vul de eenmalige code in die je van de arbodienst kreeg.',
  'help.arbo.step4': 'Begint het adres met https, dan verschijnt hier de vingerafdruk van het certificaat. Vul die in als je hem hebt gekregen; dan weet Kluis zeker dat het de juiste server is.',
  'help.arbo.step5': 'Klik op Koppelen. Daarna synchroniseert Kluis vanzelf.',
} as const;
