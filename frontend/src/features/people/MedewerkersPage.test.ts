import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { FakeOrgSource } from './fake-source';

const source = vi.hoisted(() => ({ current: null as unknown as import('../../lib/components/tree').TreeSource }));

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    directorySource: { rows: (q: import('../../lib/components/tree').TreeQuery) => source.current.rows(q) },
    employers: vi.fn(),
    departments: vi.fn(),
    employee: vi.fn(),
    search: vi.fn(),
    moveDepartment: vi.fn(),
    dossier: vi.fn(),
    share: vi.fn(),
    importFields: vi.fn(),
    interruptedImports: vi.fn(),
    importLayouts: vi.fn(),
    recentEmployees: vi.fn(),
  };
});

import * as api from '../../lib/api';
import { emptyIdentity, type Status } from '../../lib/api';
import PageFixture from './testing/PageFixture.svelte';

const m = vi.mocked(api);
const status: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Sanne', email: 's@example.nl', role: 'admin' }, employer: { name: 'Zorggroep De Linde B.V.', kvk: '12345678' },
};

beforeEach(() => {
  m.employers.mockResolvedValue([{ id: 'employer-1', name: 'Zorggroep De Linde B.V.', kvk: '12345678' }]);
  m.departments.mockResolvedValue([]);
  m.recentEmployees.mockResolvedValue([]);
});
afterEach(() => cleanup());

describe('MedewerkersPage', () => {
  it('opens the employer on first load and shows a chosen employee in the pane', async () => {
    const fake = new FakeOrgSource({ employees: 40, sharedRate: 0 });
    source.current = fake;
    render(PageFixture, { props: { status } });
    const tree = await screen.findByRole('tree');
    // The employer is expanded, so its locations (departments) show.
    await within(tree).findByRole('treeitem', { name: /Vestiging Utrecht/ });

    // Open a location and choose its first employee.
    const loc = within(tree).getByRole('treeitem', { name: /Vestiging Utrecht/ });
    await fireEvent.dblClick(loc);
    await fireEvent.dblClick(await within(tree).findByRole('treeitem', { name: /Productie/ }));
    const emp = (await within(tree).findAllByRole('treeitem', { name: /Anoniem \(Persnr/ }))[0]!;
    const id = emp.dataset.id!;
    m.employee.mockResolvedValue({
      id, employer: 'employer-1', persnr: '001001', department: 'x', departmentPath: 'Vestiging Utrecht/ICT', shared: false,
      active: true, label: '', identityRead: true, identity: { ...emptyIdentity(), surname: 'Jansen', displayName: 'Jan Jansen' },
      employments: [],
    });
    await fireEvent.click(emp);
    expect(m.employee).toHaveBeenCalledWith(id);
    expect(await screen.findByTestId('employee-title')).toHaveTextContent('Jan Jansen');
  });

  it('rule: "Laatst bezocht" is read again after an employee opens, and its buttons open an employee in the pane', async () => {
    source.current = new FakeOrgSource({ employees: 10, sharedRate: 0 });
    const detail = (id: string, persnr: string) => ({
      id, employer: 'employer-1', persnr, department: 'x', departmentPath: 'Utrecht/Magazijn', shared: false,
      active: true, label: '', identityRead: false, employments: [],
    });
    m.employee.mockImplementation(async (id: string) => detail(id, id === 'e-1' ? '00001' : '00002'));
    m.recentEmployees.mockResolvedValueOnce([
      { id: 'e-2', persnr: '00002', label: '', departmentPath: 'Utrecht/Magazijn', active: true },
      { id: 'e-1', persnr: '00001', label: 'Jan de Vries', departmentPath: 'Utrecht', active: true },
    ]);
    render(PageFixture, { props: { status } });
    const list = await screen.findByRole('list', { name: 'Laatst bezochte medewerkers' });
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual([
      expect.stringContaining('Anoniem (Persnr 00002)'),
      expect.stringContaining('Jan de Vries'),
    ]);
    const calls = m.recentEmployees.mock.calls.length;
    await fireEvent.click(within(list).getByRole('button', { name: /Jan de Vries/ }));
    expect(m.employee).toHaveBeenCalledWith('e-1');
    await waitFor(() => expect(m.recentEmployees.mock.calls.length).toBeGreaterThan(calls));
  });

  it('rule: an import asked for by another page (Actueel, an undone import) opens the import dialog', async () => {
    source.current = new FakeOrgSource({ employees: 10, sharedRate: 0 });
    m.importFields.mockResolvedValue([]);
    m.interruptedImports.mockResolvedValue([]);
    m.importLayouts.mockResolvedValue([]);
    render(PageFixture, { props: { status, pendingImport: true } });
    expect(await screen.findByTestId('import-dialog')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Kies een bestand' })).toBeInTheDocument();
  });

  it('rule: an employee asked for by another page (Actueel) opens in the pane', async () => {
    source.current = new FakeOrgSource({ employees: 10, sharedRate: 0 });
    m.employee.mockResolvedValue({
      id: 'e-42', employer: 'employer-1', persnr: '00042', department: 'x', departmentPath: 'Utrecht/Magazijn', shared: true,
      active: true, label: 'Jan de Vries', identityRead: true, identity: { ...emptyIdentity(), surname: 'Vries', displayName: 'Jan de Vries' },
      employments: [],
    });
    render(PageFixture, { props: { status, pendingEmployee: 'e-42' } });
    expect(await screen.findByTestId('employee-title')).toHaveTextContent('Jan de Vries');
    expect(m.employee).toHaveBeenCalledWith('e-42');
  });

  it('after a share from the pane, the page reads the employee and the tree again (badge, header and row follow)', async () => {
    const fake = new FakeOrgSource({ employees: 40, sharedRate: 0 });
    source.current = fake;
    render(PageFixture, { props: { status } });
    const tree = await screen.findByRole('tree');
    await fireEvent.dblClick(await within(tree).findByRole('treeitem', { name: /Vestiging Utrecht/ }));
    await fireEvent.dblClick(await within(tree).findByRole('treeitem', { name: /Productie/ }));
    const emp = (await within(tree).findAllByRole('treeitem', { name: /Anoniem \(Persnr/ }))[0]!;
    const id = emp.dataset.id!;
    const detail = {
      id, employer: 'employer-1', persnr: '001001', department: 'x', departmentPath: 'Vestiging Utrecht/ICT', shared: false,
      active: true, label: '', identityRead: true, identity: { ...emptyIdentity(), surname: 'Jansen', displayName: 'Jan Jansen' },
      employments: [],
    };
    m.employee.mockResolvedValue(detail);
    m.dossier.mockResolvedValue({ shared: false, share: null, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: false, history: [], absence: null, employmentEnded: false });
    await fireEvent.click(emp);
    const panel = within(await screen.findByTestId('share-panel'));
    await fireEvent.click(await panel.findByRole('button', { name: 'Dossier delen' }));

    const rows = vi.spyOn(fake, 'rows');
    m.employee.mockClear();
    m.employee.mockResolvedValue({ ...detail, shared: true });
    m.share.mockResolvedValue({
      shared: true, share: { careQuestion: 'consultation', since: '2026-11-20T10:00:00Z', until: '' }, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: true,
      history: [], absence: null, employmentEnded: false,
    });
    const dialog = within(screen.getByTestId('share-dialog'));
    await fireEvent.click(dialog.getByRole('radio', { name: '(Open) spreekuur' }));
    await fireEvent.input(dialog.getByRole('textbox', { name: 'Toelichting' }), { target: { value: 'Spreekuur aangevraagd.' } });
    await fireEvent.click(dialog.getByRole('checkbox', { name: 'Ik begrijp dat de arbodienst deze gegevens ontvangt' }));
    await fireEvent.click(dialog.getByRole('button', { name: 'Delen' }));

    await waitFor(() => expect(m.employee).toHaveBeenCalledWith(id));
    await waitFor(() => expect(screen.getByTestId('badge-share')).toHaveTextContent(/^Gedeeld$/));
    expect(rows).toHaveBeenCalled();
    expect(screen.getByTestId('share-panel')).toHaveTextContent('Het dossier is gedeeld met de arbodienst.');
  });

  it('rule: an employer without employees gets an empty state offering to add or import', async () => {
    source.current = new FakeOrgSource({ employees: 0 });
    m.departments.mockResolvedValue([
      { id: 'd1', employer: 'employer-1', parent: '', name: 'Kantoor', code: '', path: 'Kantoor', depth: 0, employees: 0 },
    ]);
    render(PageFixture, { props: { status } });
    const pane = await screen.findByRole('region', { name: 'Gegevens' });
    await within(pane).findByText('Nog geen medewerkers');
    expect(await within(pane).findByRole('button', { name: 'Medewerker toevoegen' })).toBeInTheDocument();
    expect(within(pane).getByRole('button', { name: 'Importeren' })).toBeInTheDocument();
  });

  it('rule: without any department the empty state offers a department or an import first, since an employee needs one', async () => {
    source.current = new FakeOrgSource({ employees: 0 });
    render(PageFixture, { props: { status } });
    const pane = await screen.findByRole('region', { name: 'Gegevens' });
    await within(pane).findByText(/Maak eerst een afdeling aan/);
    expect(within(pane).getByRole('button', { name: 'Afdeling toevoegen' })).toBeInTheDocument();
    expect(within(pane).getByRole('button', { name: 'Importeren' })).toBeInTheDocument();
    expect(within(pane).queryByRole('button', { name: 'Medewerker toevoegen' })).toBeNull();
  });

  it('moves a department from its pane: only other places are offered, then the lists refresh and success is announced', async () => {
    source.current = new FakeOrgSource({ employees: 10 });
    const dep = (id: string, path: string, parent = '') => ({
      id, employer: 'employer-1', parent, name: path.split('/').pop() ?? path, code: '', path, depth: path.split('/').length - 1, employees: 0,
    });
    m.departments.mockResolvedValue([
      dep('dept-l1', 'Vestiging Utrecht'),
      dep('dept-1', 'Vestiging Utrecht/Financiën', 'dept-l1'),
      dep('dept-l2', 'Vestiging Amersfoort'),
    ]);
    render(PageFixture, { props: { status } });
    const tree = await screen.findByRole('tree');
    await fireEvent.click(await within(tree).findByRole('treeitem', { name: /Vestiging Utrecht/ }));
    const pane = await screen.findByTestId('group-pane');
    await waitFor(() => expect(m.departments).toHaveBeenCalled());
    await fireEvent.click(await within(pane).findByRole('button', { name: 'Verplaatsen' }));

    const dialog = await screen.findByTestId('move-department');
    const select = within(dialog).getByRole('combobox', { name: 'Nieuwe plek' });
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Bovenste niveau (huidige plek)', 'Vestiging Amersfoort']);
    m.moveDepartment.mockResolvedValue(dep('dept-l1', 'Vestiging Amersfoort/Vestiging Utrecht', 'dept-l2'));
    const loads = m.departments.mock.calls.length;
    await fireEvent.change(select, { target: { value: 'dept-l2' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Verplaatsen' }));
    expect(m.moveDepartment).toHaveBeenCalledWith('dept-l1', 'dept-l2');
    expect(await screen.findByText('Afdeling Vestiging Utrecht valt nu onder Vestiging Amersfoort.')).toBeInTheDocument();
    expect(screen.queryByTestId('move-department')).not.toBeInTheDocument();
    await waitFor(() => expect(m.departments.mock.calls.length).toBeGreaterThan(loads));
  });

  it('opens the add form from the page header', async () => {
    source.current = new FakeOrgSource({ employees: 3 });
    render(PageFixture, { props: { status } });
    const add = screen.getAllByRole('button', { name: 'Medewerker toevoegen' })[0]!;
    await waitFor(() => expect(add).toBeEnabled());
    await fireEvent.click(add);
    expect(await screen.findByTestId('employee-form')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Medewerker toevoegen' })).toBeInTheDocument();
  });
});
