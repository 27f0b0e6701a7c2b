import type { factsNl } from './facts.nl';

// English texts of the employment and employer facts, typed against facts.nl.ts.
export const factsEn: Record<keyof typeof factsNl, string> = {
  'facts.employment.legend': 'Details for the arbo service',
  'facts.employment.hint':
    'Employment data, not personal data: contract type, sector and risk group travel anonymised for the absence statistics.',
  'facts.contract': 'Contract type',
  'facts.contract.none': 'Not given',
  'facts.contract.permanent': 'Permanent',
  'facts.contract.fixed-term': 'Fixed term',
  'facts.contract.on-call': 'On call',
  'facts.contract.agency': 'Agency worker',
  'facts.sector': 'Sector',
  'facts.sectorHint': "UWV's sector number, 1 to 69, as on the payslip or in the payroll tax return.",
  'facts.riskGroup': 'Risk premium group',
  'facts.riskGroupHint': "One or two digits, or the payroll tax return's three-digit sector/risk group code (such as 152).",
  'facts.uwvRef': 'UWV reference',
  'facts.uwvRefHint': 'The reference UWV gives in its letters. Stays on this PC.',
  'facts.hoursHint': 'At most 60 (Working Hours Act). 0 only for an on-call contract.',
  'facts.employer.payrollTax': 'Payroll tax number',
  'facts.employer.payrollTaxHint': '9 digits, the letter L and 2 digits, such as 123456782L01.',
  'facts.employer.visit': 'Visiting address',
  'facts.employer.postal': 'Postal address',
  'facts.employer.addressHint': 'Fill in an address completely or leave it empty.',
  'facts.employer.street': 'Street or PO box',
  'facts.employer.number': 'Number',
  'facts.employer.addition': 'Addition',
  'facts.employer.postcode': 'Postcode',
  'facts.employer.city': 'Town',
  'facts.sivi.payrollTaxHint': "Leave empty to use the employer's number (Edit employer).",
  'validation.sector_format': "Enter UWV's sector number, from 1 to 69.",
  'validation.risk_group_format': 'Enter a risk premium group (1 or 2 digits) or the sector/risk group code (3 digits).',
  'validation.risk_group_sector': 'This code belongs to another sector than the one above.',
  'validation.hours_zero': '0 hours a week only fits an on-call contract.',
  'validation.payroll_tax_format':
    'A payroll tax number is 9 digits passing the elfproef, the letter L and 2 digits, such as 123456782L01.',
};
