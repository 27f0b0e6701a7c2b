// Texts of the printed reports (Dutch): the access export, the share history and Beheer → Rapportages.
export const reportsNl = {
  'error.report_admin_only':
    'Alleen een beheerder kan dit maken: het vraagt het logboek (het ophalen door de arbodienst) of de instellingen van de kluis.',
  'error.statistics_all_departments':
    'De statistiek telt alle afdelingen; een leidinggevende heeft alleen de eigen afdelingen.',
  'reports.accessExport': 'Inzageverzoek (AVG art. 15)',
  'reports.accessExport.hint': 'Alle gegevens over deze medewerker als PDF en JSON, voor een inzageverzoek.',
  'reports.shareHistory': 'Deelgeschiedenis (PDF)',
  'reports.saved': 'Opgeslagen: {files}',
  'reports.saving': 'Bezig met opslaan…',
  'reports.tab': 'Rapportages',
  'reports.title': 'Rapportages',
  'reports.intro': 'Documenten voor de verantwoording: elk document wordt in het logboek vastgelegd.',
  'reports.employer': 'Werkgever',
  'reports.noEmployers': 'Er is nog geen werkgever.',
  'reports.loading': 'Werkgevers laden…',
  'reports.statistics.title': 'Verzuim- en personeelsstatistiek',
  'reports.statistics.intro':
    'Per afdeling per kwartaal: medewerkers, instroom, uitstroom en verzuim. Geanonimiseerd: groepen onder 5 personen staan er als "< 5".',
  'reports.statistics.year': 'Jaar',
  'reports.statistics.save': 'Statistiek opslaan (PDF)',
  'reports.register.title': 'Verwerkingsregister (AVG art. 30)',
  'reports.register.intro':
    'Doelen, gegevens, ontvangers (de gekoppelde arbodienst), bewaartermijnen en beveiliging, uit de instellingen van de kluis, om te ondertekenen door de functionaris gegevensbescherming.',
  'reports.register.save': 'Register opslaan (PDF)',
} as const;
