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

  it('rule: an employer without employees gets an empty state offering to add or import', async () => {
    source.current = new FakeOrgSource({ employees: 0 });
    render(PageFixture, { props: { status } });
    const pane = await screen.findByRole('region', { name: 'Gegevens' });
    await within(pane).findByText('Nog geen medewerkers');
    expect(within(pane).getByRole('button', { name: 'Medewerker toevoegen' })).toBeInTheDocument();
    expect(within(pane).getByRole('button', { name: 'Importeren' })).toBeInTheDocument();
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
