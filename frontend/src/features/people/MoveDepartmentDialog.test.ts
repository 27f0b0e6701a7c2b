import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError, type DepartmentInfo } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import MoveDepartmentDialog from './MoveDepartmentDialog.svelte';
import { moveTargets } from './people-page.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, moveDepartment: vi.fn() };
});

const m = vi.mocked(api);

function dept(id: string, path: string, parent = '', employer = 'employer-1'): DepartmentInfo {
  const parts = path.split('/');
  return { id, employer, parent, name: parts[parts.length - 1] ?? path, code: '', path, depth: parts.length - 1, employees: 0 };
}

// Utrecht ─ Zorg ─ Wijkteam ─ Nacht; Utrecht ─ Kantoor; Zeist; and another employer's Utrecht.
const DEPTS: DepartmentInfo[] = [
  dept('d-utrecht', 'Utrecht'),
  dept('d-kantoor', 'Utrecht/Kantoor', 'd-utrecht'),
  dept('d-zorg', 'Utrecht/Zorg', 'd-utrecht'),
  dept('d-wijk', 'Utrecht/Zorg/Wijkteam', 'd-zorg'),
  dept('d-nacht', 'Utrecht/Zorg/Wijkteam/Nacht', 'd-wijk'),
  dept('d-zeist', 'Zeist'),
  dept('d-other', 'Utrecht', '', 'employer-2'),
];

function setup(department = DEPTS[2]!) {
  const onclose = vi.fn();
  const onmoved = vi.fn();
  render(MoveDepartmentDialog, { department, departments: DEPTS, onclose, onmoved });
  return { onclose, onmoved, select: screen.getByRole('combobox')  as HTMLSelectElement };
}

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('MoveDepartmentDialog', () => {
  it('descendants are not offered: only the top level and the same employer\'s other departments', () => {
    const { select } = setup();
    expect(select).toHaveAccessibleName('Nieuwe plek');
    expect(within(select).getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent])).toEqual([
      ['', 'Bovenste niveau'],
      ['d-utrecht', 'Utrecht (huidige plek)'],
      ['d-kantoor', 'Utrecht / Kantoor'],
      ['d-zeist', 'Zeist'],
    ]);
    expect(select).toHaveValue('d-utrecht');
    expect(moveTargets(DEPTS[0]!, DEPTS).map((d) => d.id)).toEqual(['d-zeist']);
    expect(moveTargets(DEPTS[4]!, DEPTS).map((d) => d.id)).toEqual(['d-utrecht', 'd-kantoor', 'd-zorg', 'd-wijk', 'd-zeist']);
  });

  it('the call sends the department and the chosen parent; the top level is ""', async () => {
    const { onmoved, select } = setup();
    const moved = dept('d-zorg', 'Zeist/Zorg', 'd-zeist');
    m.moveDepartment.mockResolvedValue(moved);
    await fireEvent.change(select, { target: { value: 'd-zeist' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verplaatsen' }));
    expect(m.moveDepartment).toHaveBeenCalledWith('d-zorg', 'd-zeist');
    await waitFor(() => expect(onmoved).toHaveBeenCalledWith(moved));

    cleanup();
    const top = setup(DEPTS[1]!);
    m.moveDepartment.mockResolvedValue(dept('d-kantoor', 'Kantoor'));
    await fireEvent.change(top.select, { target: { value: '' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verplaatsen' }));
    expect(m.moveDepartment).toHaveBeenLastCalledWith('d-kantoor', '');
  });

  it('department_cycle is shown translated and the dialog stays open', async () => {
    const { onmoved, onclose, select } = setup();
    m.moveDepartment.mockRejectedValue(new AppError('department_cycle', 'cannot move a department below itself'));
    await fireEvent.change(select, { target: { value: 'd-zeist' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verplaatsen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Een afdeling kan niet onder zichzelf worden geplaatst.');
    expect(screen.getByTestId('move-department')).toBeInTheDocument();
    expect(onmoved).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
  });

  it('a name clash among the new siblings marks the select; the current place is not sent', async () => {
    const { select } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Verplaatsen' }));
    expect(m.moveDepartment).not.toHaveBeenCalled();
    await waitFor(() => expect(select).toHaveAccessibleDescription(/Kies een andere plek dan de huidige/));

    m.moveDepartment.mockRejectedValue(new AppError('invalid_input', 'name taken', { name: 'duplicate' }));
    await fireEvent.change(select, { target: { value: 'd-zeist' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Verplaatsen' }));
    await waitFor(() => expect(select).toHaveAccessibleDescription(/Op die plek bestaat al een afdeling met de naam Zorg/));
    expect(select).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(select).toHaveFocus());
  });

  it('speaks English too', () => {
    locale.set('en');
    setup();
    expect(screen.getByRole('heading', { name: 'Move department' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'New place' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Top level' })).toBeInTheDocument();
  });
});
