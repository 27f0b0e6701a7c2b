import type { ImportField, ImportLayout, ImportReport } from '../../lib/api';

/** Test data for the import dialog: the backend's field list and report builders. */

export const FIELDS: ImportField[] = [
  'persnr', 'bsn', 'voorletters', 'roepnaam', 'voornamen', 'tussenvoegsel', 'achternaam', 'geboortedatum',
  'postcode', 'telefoon', 'email', 'afdeling', 'datum_in_dienst', 'datum_uit_dienst', 'uren_per_week',
].map((name) => ({ name, required: ['persnr', 'achternaam', 'afdeling', 'datum_in_dienst'].includes(name) }));

/** The backend's payroll layouts (importLayouts), in detection order. */
export const LAYOUTS: ImportLayout[] = [
  { name: 'kluis', title: 'Kluis template' },
  { name: 'nmbrs', title: 'Visma Nmbrs' },
  { name: 'afas', title: 'AFAS Profit' },
  { name: 'loket', title: 'Loket.nl' },
  { name: 'raet', title: 'Visma Raet / Youforce HR Core' },
  { name: 'exact', title: 'Exact Online' },
];

export const PATH = 'C:\\Users\\hr\\Downloads\\nmbrs-export.csv';

export function report(extra: Partial<ImportReport> = {}): ImportReport {
  return {
    path: PATH,
    fileName: 'nmbrs-export.csv',
    format: 'csv',
    encoding: 'windows-1252',
    separator: ';',
    sheet: '',
    layout: 'nmbrs',
    columns: [
      { header: 'Persnr', field: 'persnr' },
      { header: 'Naam', field: 'achternaam' },
      { header: 'Afdeling', field: 'afdeling' },
      { header: 'Begindatum', field: 'datum_in_dienst' },
      { header: 'Sofinummer', field: 'bsn' },
    ],
    sample: [
      ['001', 'Jansen', 'Utrecht/Magazijn', '01-03-2020', '111222333'],
      ['002', 'De Vries-Van Oosterhout-Meijerink en Zonen', 'Utrecht/Kantoor', '15-08-2021', ''],
    ],
    missing: [],
    rows: 2,
    valid: 2,
    problems: [],
    problemCount: 0,
    new: 2,
    changed: 0,
    ended: 0,
    unchanged: 0,
    departmentsCreated: 1,
    written: false,
    ...extra,
  };
}
