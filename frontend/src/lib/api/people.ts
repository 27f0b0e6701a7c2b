import * as Directory from '../../../wailsjs/go/app/Directory';
import { app } from '../../../wailsjs/go/models';
import type { TreePage, TreeQuery, TreeRow, TreeRowKind, TreeSource } from '../components/tree';
import { call } from './call';

/** The Medewerkers screen's calls (app/directory.go). Ids are opaque strings. */

export interface EmployerInfo {
  id: string;
  name: string;
  kvk: string;
  /** Loonheffingennummer ('123456782L01'), '' when not recorded. */
  payrollTaxNumber?: string;
  visitAddress?: EmployerAddress;
  postalAddress?: EmployerAddress;
}

/** An employer's Dutch visiting or postal address; all '' when not recorded. */
export interface EmployerAddress {
  street: string;
  number: string;
  addition: string;
  postcode: string;
  city: string;
}

/** The admin's employer dialog. Field errors under name, kvk, payrollTax, visit.<part>, postal.<part>. */
export interface EmployerForm {
  name: string;
  kvk: string;
  payrollTaxNumber: string;
  visitAddress: EmployerAddress;
  postalAddress: EmployerAddress;
}

export function emptyEmployerAddress(): EmployerAddress {
  return { street: '', number: '', addition: '', postcode: '', city: '' };
}

export interface DepartmentInfo {
  id: string;
  employer: string;
  /** '' at the top level. */
  parent: string;
  name: string;
  code: string;
  /** 'Utrecht/Magazijn'. */
  path: string;
  depth: number;
  /** Employees in the department and below it. */
  employees: number;
}

export interface IdentityFields {
  initials: string;
  firstName: string;
  firstNames: string;
  prefix: string;
  surname: string;
  partnerPrefix: string;
  partnerSurname: string;
  /** own | partner | partner-own | own-partner | '' */
  nameUsage: string;
  /** M | V | X | O | '' */
  gender: string;
  bsn: string;
  /** jjjj-mm-dd from the backend; the form may send dd-mm-jjjj. */
  birthDate: string;
  street: string;
  number: string;
  addition: string;
  postcode: string;
  city: string;
  /** NL | BE | another country's name */
  country: string;
  phoneMobile: string;
  phoneWork: string;
  phonePrivate: string;
  emailWork: string;
  emailPrivate: string;
  displayName: string;
}

export interface EmploymentFacts {
  department: string;
  departmentPath: string;
  start: string;
  end: string;
  hours: string;
  costCentre: string;
  jobTitle: string;
  /** fixed-term | permanent | on-call | agency | '' (CONTRACTS). */
  contract?: string;
  /** UWV sector number, two digits. */
  sector?: string;
  /** Risk premium group, or the 3-digit sector/risk group code. */
  riskGroup?: string;
  uwvRef?: string;
}

/** The contract types, in the order the form offers them (validate.Contracts). */
export const CONTRACTS = ['permanent', 'fixed-term', 'on-call', 'agency'] as const;

export interface EmployeeDetail {
  id: string;
  employer: string;
  persnr: string;
  department: string;
  departmentPath: string;
  shared: boolean;
  active: boolean;
  /** Display name when shared and readable, else ''. */
  label: string;
  identityRead: boolean;
  identity?: IdentityFields;
  /** Newest first. */
  employments: EmploymentFacts[];
}

/**
 * EmployeeForm is the add/edit form. Field errors come back in AppError.fields under the
 * canonical column names: persnr, afdeling, voorletters, roepnaam, voornamen, tussenvoegsel,
 * achternaam, partner_tussenvoegsel, partner_achternaam, naamgebruik, geslacht, bsn,
 * geboortedatum, straat, huisnummer, toevoeging, postcode, woonplaats, land, telefoon,
 * telefoon_werk, telefoon_prive, email_werk, email_prive, datum_in_dienst, datum_uit_dienst,
 * uren_per_week, kostenplaats, functie, soort_contract, sector, risicopremiegroep, uwv_referentie.
 */
export interface EmployeeForm {
  persnr: string;
  /** Department id. */
  department: string;
  identity: IdentityFields;
  start: string;
  end: string;
  hours: string;
  costCentre: string;
  jobTitle: string;
  contract?: string;
  sector?: string;
  riskGroup?: string;
  uwvRef?: string;
}

export type MatchKind = 'persnr' | 'bsn' | 'birth_postcode' | 'name';

export interface SearchHit {
  id: string;
  persnr: string;
  employer: string;
  departmentPath: string;
  shared: boolean;
  active: boolean;
  matchedBy: MatchKind;
  /** '' unless the user's keys open the identity. */
  name: string;
}

export function emptyIdentity(): IdentityFields {
  return {
    initials: '', firstName: '', firstNames: '', prefix: '', surname: '', partnerPrefix: '', partnerSurname: '',
    nameUsage: '', gender: '', bsn: '', birthDate: '', street: '', number: '', addition: '', postcode: '', city: '',
    country: 'NL', phoneMobile: '', phoneWork: '', phonePrivate: '', emailWork: '', emailPrivate: '', displayName: '',
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const KINDS: readonly TreeRowKind[] = ['employer', 'department', 'employee'];
const MATCHES: readonly MatchKind[] = ['persnr', 'bsn', 'birth_postcode', 'name'];

export function toIdentity(i: app.IdentityFields | undefined): IdentityFields | undefined {
  if (!i) return undefined;
  const out = emptyIdentity();
  for (const k of Object.keys(out) as (keyof IdentityFields)[]) out[k] = str((i as unknown as Record<string, unknown>)[k]);
  return out;
}

export function toDetail(d: app.EmployeeDetail): EmployeeDetail {
  const out: EmployeeDetail = {
    id: str(d.id), employer: str(d.employer), persnr: str(d.persnr), department: str(d.department),
    departmentPath: str(d.departmentPath), shared: d.shared === true, active: d.active === true, label: str(d.label),
    identityRead: d.identityRead === true,
    employments: (d.employments ?? []).map((e) => ({
      department: str(e.department), departmentPath: str(e.departmentPath), start: str(e.start), end: str(e.end),
      hours: str(e.hours), costCentre: str(e.costCentre), jobTitle: str(e.jobTitle),
      contract: str(e.contract), sector: str(e.sector), riskGroup: str(e.riskGroup), uwvRef: str(e.uwvRef),
    })),
  };
  const identity = toIdentity(d.identity);
  if (identity) out.identity = identity;
  return out;
}

function toRow(r: app.TreeRow): TreeRow {
  const row: TreeRow = {
    id: str(r.id), kind: KINDS.includes(r.kind as TreeRowKind) ? (r.kind as TreeRowKind) : 'department',
    depth: num(r.depth), label: str(r.label), hasChildren: r.hasChildren === true, expanded: r.expanded === true,
    posInSet: num(r.posInSet), setSize: num(r.setSize),
  };
  if (row.kind === 'employee') {
    row.persnr = str(r.persnr);
    row.anonymised = r.anonymised === true;
    row.shared = r.shared === true;
    row.active = r.active === true;
  } else {
    row.count = num(r.count);
    row.activeCount = num(r.activeCount);
  }
  return row;
}

function toAddress(a: app.EmployerAddress | undefined): EmployerAddress {
  return {
    street: str(a?.street), number: str(a?.number), addition: str(a?.addition), postcode: str(a?.postcode), city: str(a?.city),
  };
}

function toEmployer(e: app.EmployerInfo): EmployerInfo {
  return {
    id: str(e.id), name: str(e.name), kvk: str(e.kvk), payrollTaxNumber: str(e.payrollTaxNumber),
    visitAddress: toAddress(e.visitAddress), postalAddress: toAddress(e.postalAddress),
  };
}

export async function employers(): Promise<EmployerInfo[]> {
  const list = await call(() => Directory.Employers());
  return (list ?? []).map(toEmployer);
}

/** addEmployer adds an employer (admins only); field errors under "name" and "kvk". */
export async function addEmployer(name: string, kvk: string): Promise<EmployerInfo> {
  const e = await call(() => Directory.AddEmployer(name, kvk));
  return { id: str(e.id), name: str(e.name), kvk: str(e.kvk) };
}

/** updateEmployer renames an employer or corrects its KvK number (admins only); field errors under "name" and "kvk". */
export async function updateEmployer(id: string, name: string, kvk: string): Promise<EmployerInfo> {
  return toEmployer(await call(() => Directory.UpdateEmployer(id, name, kvk)));
}

/**
 * updateEmployerDetails saves the employer dialog: name, KvK number, loonheffingennummer and
 * the two addresses (admins only); an empty fact clears it.
 */
export async function updateEmployerDetails(id: string, form: EmployerForm): Promise<EmployerInfo> {
  return toEmployer(await call(() => Directory.UpdateEmployerDetails(id, app.EmployerForm.createFrom(form))));
}

export async function departments(employerId: string): Promise<DepartmentInfo[]> {
  const list = await call(() => Directory.Departments(employerId));
  return (list ?? []).map((d) => ({
    id: str(d.id), employer: str(d.employer), parent: str(d.parent), name: str(d.name), code: str(d.code),
    path: str(d.path), depth: num(d.depth), employees: num(d.employees),
  }));
}

export async function treeRows(q: TreeQuery): Promise<TreePage> {
  const page = await call(() => Directory.TreeRows(new app.TreeQuery({ ...q })));
  return { total: num(page.total), offset: num(page.offset), rows: (page.rows ?? []).map(toRow) };
}

/** directorySource is the TreeSource the Medewerkers page feeds the tree with. */
export const directorySource: TreeSource = { rows: treeRows };

export async function employee(id: string): Promise<EmployeeDetail> {
  return toDetail(await call(() => Directory.Employee(id)));
}

/** The search box's answer: the first hits (at most 50) and how many employees match in all. */
export interface SearchAnswer {
  hits: SearchHit[];
  /** Every employee the query matches; more than hits.length when the list was cut. */
  total: number;
}

export async function search(query: string): Promise<SearchAnswer> {
  const answer = await call(() => Directory.Search(query));
  const hits = (answer?.hits ?? []).map((h) => ({
    id: str(h.id), persnr: str(h.persnr), employer: str(h.employer), departmentPath: str(h.departmentPath),
    shared: h.shared === true, active: h.active === true,
    matchedBy: MATCHES.includes(h.matchedBy as MatchKind) ? (h.matchedBy as MatchKind) : 'name', name: str(h.name),
  }));
  return { hits, total: Math.max(num(answer?.total), hits.length) };
}

export async function createEmployee(employerId: string, form: EmployeeForm): Promise<EmployeeDetail> {
  return toDetail(await call(() => Directory.CreateEmployee(employerId, app.EmployeeForm.createFrom(form))));
}

export async function updateEmployee(id: string, form: EmployeeForm): Promise<EmployeeDetail> {
  return toDetail(await call(() => Directory.UpdateEmployee(id, app.EmployeeForm.createFrom(form))));
}

export async function endEmployment(id: string, end: string): Promise<EmployeeDetail> {
  return toDetail(await call(() => Directory.EndEmployment(id, end)));
}

function toDepartment(d: app.DepartmentInfo): DepartmentInfo {
  return {
    id: str(d.id), employer: str(d.employer), parent: str(d.parent), name: str(d.name), code: str(d.code),
    path: str(d.path), depth: num(d.depth), employees: num(d.employees),
  };
}

export async function createDepartment(employerId: string, parentId: string, name: string, code: string): Promise<DepartmentInfo> {
  return toDepartment(await call(() => Directory.CreateDepartment(employerId, parentId, name, code)));
}

export async function renameDepartment(id: string, name: string, code: string): Promise<DepartmentInfo> {
  return toDepartment(await call(() => Directory.RenameDepartment(id, name, code)));
}

export async function moveDepartment(id: string, parentId: string): Promise<DepartmentInfo> {
  return toDepartment(await call(() => Directory.MoveDepartment(id, parentId)));
}

export async function archiveDepartment(id: string): Promise<void> {
  await call(() => Directory.ArchiveDepartment(id));
}
