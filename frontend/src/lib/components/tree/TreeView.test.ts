import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import TreeView from './TreeView.svelte';
import { groupDigits } from './TreeItem.svelte';
import { TreeState } from './tree.svelte';
import type { TreePage, TreeQuery, TreeRow, TreeSource } from './types';
import { FakeOrgSource } from '../../../features/people/fake-source';
import { locale } from '../../state/locale.svelte';

afterEach(() => {
  cleanup();
  locale.set('nl');
});

function mount(tree: TreeState, onselect?: (row: TreeRow) => void) {
  return render(TreeView, { props: { tree, label: 'Organisatiestructuur', onselect } });
}

const items = () => screen.queryAllByRole('treeitem');
const item = (index: number) => document.querySelector<HTMLElement>(`[role="treeitem"][data-index="${index}"]`);
const focused = () => (document.activeElement as HTMLElement | null)?.dataset.index;

async function loaded(tree: TreeState) {
  await waitFor(() => expect(tree.loaded && !tree.busy).toBe(true));
  await waitFor(() => expect(item(0)?.getAttribute('aria-busy')).toBeNull());
}

/** A source with a handful of fixed rows, to test labels without the fake org's randomness. */
class FixedSource implements TreeSource {
  constructor(private readonly list: TreeRow[]) {}
  async rows(q: TreeQuery): Promise<TreePage> {
    return { total: this.list.length, offset: q.offset, rows: this.list.slice(q.offset, q.offset + q.limit) };
  }
}

const fixed: TreeRow[] = [
  { id: 'e', kind: 'employer', depth: 0, label: 'Zorggroep De Linde B.V.', hasChildren: true, expanded: true, count: 15, activeCount: 12, posInSet: 1, setSize: 1 },
  { id: 'd', kind: 'department', depth: 1, label: 'Financiën', hasChildren: true, expanded: true, count: 2, activeCount: 1, posInSet: 1, setSize: 1 },
  { id: 'a', kind: 'employee', depth: 2, label: '', persnr: '004711', anonymised: true, shared: false, active: true, hasChildren: false, expanded: false, posInSet: 1, setSize: 2 },
  { id: 's', kind: 'employee', depth: 2, label: 'Sanne de Vries', persnr: '004712', anonymised: false, shared: true, active: false, hasChildren: false, expanded: false, posInSet: 2, setSize: 2 },
];

describe('TreeView', () => {
  it('renders only the visible rows with 100,000 employees (fewer than 100 treeitems)', async () => {
    const source = new FakeOrgSource({ employees: 100_000 });
    const tree = new TreeState(source, { expanded: source.groupIds() });
    mount(tree);
    await loaded(tree);
    expect(tree.total).toBe(100_000 + 21);
    const canvas = screen.getByRole('tree');
    expect(canvas.style.height).toBe(`${(100_000 + 21) * 32}px`);
    expect(items().length).toBeGreaterThan(10);
    expect(items().length).toBeLessThan(100);

    // Jumping to the end renders the last row, still without rendering everything.
    item(0)?.focus();
    await fireEvent.keyDown(item(0)!, { key: 'End' });
    await waitFor(() => expect(focused()).toBe(String(tree.total - 1)));
    await waitFor(() => expect(item(tree.total - 1)?.getAttribute('aria-level')).toBe('4'));
    expect(items().length).toBeLessThan(100);
  });

  it('has the tree and treeitem aria attributes: level, expanded, selected, setsize, posinset, roving tabindex', async () => {
    const tree = new TreeState(new FixedSource(fixed), { expanded: ['e', 'd'] });
    mount(tree);
    await loaded(tree);
    const treeEl = screen.getByRole('tree', { name: 'Organisatiestructuur' });
    expect(treeEl).toBeInTheDocument();
    const [employer, dept, anon, named] = items();
    expect(employer).toHaveAttribute('aria-level', '1');
    expect(employer).toHaveAttribute('aria-expanded', 'true');
    expect(employer).toHaveAttribute('aria-selected', 'false');
    expect(employer).toHaveAttribute('aria-setsize', '1');
    expect(employer).toHaveAttribute('aria-posinset', '1');
    expect(employer).toHaveAttribute('tabindex', '0');
    expect(dept).toHaveAttribute('aria-level', '2');
    expect(dept).toHaveAttribute('tabindex', '-1');
    expect(anon).toHaveAttribute('aria-level', '3');
    expect(anon).not.toHaveAttribute('aria-expanded');
    expect(anon).toHaveAttribute('aria-posinset', '1');
    expect(named).toHaveAttribute('aria-posinset', '2');
    expect(named).toHaveAttribute('aria-setsize', '2');
    // Exactly one row is in the tab order.
    expect(items().filter((el) => el.tabIndex === 0)).toHaveLength(1);
  });

  it('rule: an anonymised employee is "Anoniem (Persnr …)" in Dutch and "Anonymous (staff no. …)" in English, never "Persnr" (issue 17)', async () => {
    const tree = new TreeState(new FixedSource(fixed), { expanded: ['e', 'd'] });
    mount(tree);
    await loaded(tree);
    expect(within(item(2)!).getByText('Anoniem (Persnr 004711)')).toBeInTheDocument();
    expect(within(item(3)!).getByText('Sanne de Vries')).toBeInTheDocument();
    locale.set('en');
    await waitFor(() => expect(within(item(2)!).getByText('Anonymous (staff no. 004711)')).toBeInTheDocument());
    expect(item(2)!).not.toHaveTextContent(/Persnr/);
  });

  it('marks a shared employee with text next to the dot, never by colour alone; the anonymised label says the rest', async () => {
    const tree = new TreeState(new FixedSource(fixed), { expanded: ['e', 'd'] });
    mount(tree);
    await loaded(tree);
    expect(item(2)).toHaveTextContent('Anoniem (Persnr 004711)');
    expect(item(2)).not.toHaveTextContent('Gedeeld');
    expect(item(3)).toHaveTextContent('Gedeeld');
    expect(item(3)).toHaveTextContent('Uit dienst');
    locale.set('en');
    await waitFor(() => expect(item(3)).toHaveTextContent('Shared'));
  });

  it('shows active and total counts on employer and department rows', async () => {
    const tree = new TreeState(new FixedSource(fixed), { expanded: ['e', 'd'] });
    mount(tree);
    await loaded(tree);
    expect(item(0)).toHaveTextContent('12 actief / 15');
    expect(item(0)).toHaveTextContent('12 van 15 medewerkers actief');
  });

  it('groups thousands in counts the Dutch or English way', () => {
    expect(groupDigits(87790, '.')).toBe('87.790');
    expect(groupDigits(100000, ',')).toBe('100,000');
    expect(groupDigits(999, '.')).toBe('999');
  });

  it('moves focus with Up, Down, Home and End, and expands, enters, collapses and leaves with Right and Left', async () => {
    const source = new FakeOrgSource({ employees: 40, departments: 5 });
    const tree = new TreeState(source, { expanded: ['employer-1'] });
    const onselect = vi.fn();
    mount(tree, onselect);
    await loaded(tree);
    expect(tree.total).toBe(2);
    item(0)!.focus();

    await fireEvent.keyDown(item(0)!, { key: 'ArrowUp' });
    await waitFor(() => expect(focused()).toBe('0'));
    await fireEvent.keyDown(item(0)!, { key: 'ArrowDown' });
    await waitFor(() => expect(focused()).toBe('1'));
    expect(item(1)).toHaveAttribute('tabindex', '0');
    expect(item(0)).toHaveAttribute('tabindex', '-1');

    // Right on a closed location opens it; focus stays.
    expect(item(1)).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.keyDown(item(1)!, { key: 'ArrowRight' });
    await waitFor(() => expect(tree.total).toBe(6));
    expect(item(1)).toHaveAttribute('aria-expanded', 'true');
    expect(focused()).toBe('1');

    // Right on an open row moves to its first child.
    await fireEvent.keyDown(item(1)!, { key: 'ArrowRight' });
    await waitFor(() => expect(focused()).toBe('2'));
    expect(item(2)).toHaveAttribute('aria-level', '3');

    // Right, Right: open the department, go to its first employee.
    await fireEvent.keyDown(item(2)!, { key: 'ArrowRight' });
    await waitFor(() => expect(item(2)).toHaveAttribute('aria-expanded', 'true'));
    await waitFor(() => expect(tree.total).toBeGreaterThan(6));
    await fireEvent.keyDown(item(2)!, { key: 'ArrowRight' });
    await waitFor(() => expect(focused()).toBe('3'));
    expect(item(3)).toHaveAttribute('aria-level', '4');

    // Left on an employee goes to the department; Left there closes it; Left again goes to the location.
    await fireEvent.keyDown(item(3)!, { key: 'ArrowLeft' });
    await waitFor(() => expect(focused()).toBe('2'));
    await fireEvent.keyDown(item(2)!, { key: 'ArrowLeft' });
    await waitFor(() => expect(item(2)).toHaveAttribute('aria-expanded', 'false'));
    await waitFor(() => expect(tree.total).toBe(6));
    await fireEvent.keyDown(item(2)!, { key: 'ArrowLeft' });
    await waitFor(() => expect(focused()).toBe('1'));

    await fireEvent.keyDown(item(1)!, { key: 'End' });
    await waitFor(() => expect(focused()).toBe('5'));
    await fireEvent.keyDown(item(5)!, { key: 'ArrowDown' });
    await waitFor(() => expect(focused()).toBe('5'));
    await fireEvent.keyDown(item(5)!, { key: 'Home' });
    await waitFor(() => expect(focused()).toBe('0'));

    // Enter selects and reports the row.
    await fireEvent.keyDown(item(0)!, { key: 'Enter' });
    expect(onselect).toHaveBeenCalledWith(expect.objectContaining({ id: 'employer-1', kind: 'employer' }));
    expect(item(0)).toHaveAttribute('aria-selected', 'true');
  });

  it('moves a viewport at a time with PageDown and PageUp', async () => {
    const source = new FakeOrgSource({ employees: 500, departments: 5 });
    const tree = new TreeState(source, { expanded: source.groupIds() });
    mount(tree);
    await loaded(tree);
    item(0)!.focus();
    await fireEvent.keyDown(item(0)!, { key: 'PageDown' });
    await waitFor(() => expect(focused()).toBe('19')); // jsdom's stand-in viewport is 20 rows
    await fireEvent.keyDown(item(19)!, { key: 'PageDown' });
    await waitFor(() => expect(focused()).toBe('38'));
    await fireEvent.keyDown(item(38)!, { key: 'PageUp' });
    await waitFor(() => expect(focused()).toBe('19'));
  });

  it('toggles a row from its chevron and selects a row on click', async () => {
    const source = new FakeOrgSource({ employees: 40, departments: 5 });
    const tree = new TreeState(source);
    const onselect = vi.fn();
    mount(tree, onselect);
    await loaded(tree);
    await fireEvent.click(item(0)!.querySelector('[data-chevron]')!);
    await waitFor(() => expect(tree.total).toBe(2));
    expect(onselect).not.toHaveBeenCalled();
    await fireEvent.click(item(1)!);
    expect(onselect).toHaveBeenCalledWith(expect.objectContaining({ id: 'dept-l1' }));
    expect(item(1)).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the empty state when the source has no rows', async () => {
    const tree = new TreeState(new FixedSource([]));
    mount(tree);
    expect(await screen.findByText('Nog geen medewerkers')).toBeInTheDocument();
    expect(screen.queryByRole('tree')).toBeNull();
  });

  it('shows skeleton rows, marked busy, when the first page is slow, until it arrives', async () => {
    let release: (p: TreePage) => void = () => {};
    const tree = new TreeState({ rows: () => new Promise<TreePage>((r) => (release = r)) });
    mount(tree);
    expect(screen.getByRole('tree')).toHaveAttribute('aria-busy', 'true');
    expect(items()).toHaveLength(0); // no flash of skeletons when the source is quick
    await waitFor(() => expect(items().length).toBeGreaterThan(0));
    expect(items()[0]).toHaveAttribute('aria-busy', 'true');
    expect(items()[0]).toHaveAccessibleName('Laden…');
    release({ total: fixed.length, offset: 0, rows: fixed });
    await waitFor(() => expect(screen.getByRole('tree')).toHaveAttribute('aria-busy', 'false'));
    expect(item(0)).toHaveTextContent('Zorggroep De Linde B.V.');
  });
});
