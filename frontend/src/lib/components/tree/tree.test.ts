import { describe, expect, it, vi } from 'vitest';
import { TreeState } from './tree.svelte';
import type { TreePage, TreeQuery, TreeRow, TreeSource } from './types';
import { FakeOrgSource } from '../../../features/people/fake-source';

/** A source whose answers the test hands out, in any order. */
class DeferredSource implements TreeSource {
  calls: { q: TreeQuery; resolve: (p: TreePage) => void; reject: (e: unknown) => void }[] = [];
  rows(q: TreeQuery): Promise<TreePage> {
    return new Promise((resolve, reject) => this.calls.push({ q, resolve, reject }));
  }
}

function rows(prefix: string, offset: number, n: number): TreeRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${offset + i}`,
    kind: 'employee' as const,
    depth: 1,
    label: `${prefix} ${offset + i}`,
    hasChildren: false,
    expanded: false,
  }));
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('TreeState', () => {
  it('expanding and collapsing a row refetches and changes the total', async () => {
    const source = new FakeOrgSource({ employees: 120, departments: 5 });
    const spy = vi.spyOn(source, 'rows');
    const tree = new TreeState(source, { pageSize: 50 });
    tree.setViewport(0, 20);
    await flush();
    expect(tree.total).toBe(1);
    expect(tree.rowAt(0)).toMatchObject({ kind: 'employer', hasChildren: true, expanded: false });

    const calls = spy.mock.calls.length;
    tree.expand('employer-1');
    await flush();
    expect(spy.mock.calls.length).toBeGreaterThan(calls);
    expect(spy.mock.calls.at(-1)?.[0].expanded).toEqual(['employer-1']);
    expect(tree.total).toBe(2); // the employer and its one location
    tree.expand('dept-l1');
    await flush();
    expect(tree.total).toBe(6); // + four departments

    tree.collapse('employer-1');
    await flush();
    expect(tree.total).toBe(1);
    expect(tree.isExpanded('dept-l1')).toBe(true); // re-opening the employer restores it
  });

  it('ignores a page response that arrives after expansion, filters or sort changed', async () => {
    const source = new DeferredSource();
    const tree = new TreeState(source, { pageSize: 10 });
    tree.setViewport(0, 5);
    expect(source.calls).toHaveLength(1);
    tree.status = 'active';
    expect(source.calls).toHaveLength(2);
    expect(source.calls[1]?.q.status).toBe('active');

    // The newer answer comes first, the old one last: the old one must not win.
    source.calls[1]?.resolve({ total: 7, offset: 0, rows: rows('new', 0, 7) });
    await flush();
    source.calls[0]?.resolve({ total: 999, offset: 0, rows: rows('old', 0, 10) });
    await flush();
    expect(tree.total).toBe(7);
    expect(tree.rowAt(0)?.id).toBe('new-0');

    // And the other way round: an old answer arriving before the new one is dropped too.
    tree.expand('x');
    const fresh = source.calls.at(-1);
    tree.collapse('x');
    const newest = source.calls.at(-1);
    expect(newest).not.toBe(fresh);
    fresh?.resolve({ total: 50, offset: 0, rows: rows('mid', 0, 10) });
    await flush();
    expect(tree.rowAt(0)).toBeUndefined(); // nothing of the current generation has arrived yet
    expect(tree.total).toBe(7);
    newest?.resolve({ total: 8, offset: 0, rows: rows('last', 0, 8) });
    await flush();
    expect(tree.total).toBe(8);
    expect(tree.rowAt(0)?.id).toBe('last-0');
  });

  it('keeps drawing the previous rows while an expansion reloads, but not after a reorder', async () => {
    const source = new DeferredSource();
    const tree = new TreeState(source, { pageSize: 10 });
    tree.setViewport(0, 5);
    source.calls[0]?.resolve({ total: 10, offset: 0, rows: rows('a', 0, 10) });
    await flush();
    tree.expand('a-0');
    expect(tree.rowAt(1)).toBeUndefined();
    expect(tree.displayRowAt(1)?.id).toBe('a-1');
    tree.sort = 'name';
    expect(tree.displayRowAt(1)).toBeUndefined();
  });

  it('passes filters, sort and expansion through to the source', async () => {
    const source = new DeferredSource();
    const tree = new TreeState(source, { pageSize: 25, expanded: ['employer-1'] });
    tree.setViewport(0, 10);
    tree.status = 'ended';
    tree.share = 'unshared';
    tree.sort = 'name';
    expect(source.calls.at(-1)?.q).toEqual({
      expanded: ['employer-1'],
      offset: 0,
      limit: 25,
      status: 'ended',
      share: 'unshared',
      sort: 'name',
    });
  });

  it('fetches pages around the viewport and drops far ones', async () => {
    const source = new FakeOrgSource({ employees: 5000, departments: 5 });
    const spy = vi.spyOn(source, 'rows');
    const tree = new TreeState(source, { pageSize: 100, keepPages: 1, expanded: source.groupIds() });
    tree.setViewport(0, 25);
    await flush();
    expect(tree.total).toBe(5006);
    expect(spy.mock.calls.map((c) => c[0].offset)).toEqual([0]);
    tree.setViewport(3000, 3025);
    await flush();
    const offsets = spy.mock.calls.map((c) => c[0].offset);
    expect(offsets).toContain(2900);
    expect(offsets).toContain(3000);
    expect(tree.rowAt(3010)).toBeDefined();
    expect(tree.rowAt(50)).toBeDefined(); // page 0 holds the focused row, so it stays
    tree.focus(3010);
    tree.setViewport(3000, 3025);
    expect(tree.rowAt(50)).toBeUndefined(); // now it is far away and goes
  });

  it('finds the parent of a row even when it lies in an unloaded page', async () => {
    const source = new FakeOrgSource({ employees: 2000, departments: 2 });
    const tree = new TreeState(source, { pageSize: 50, keepPages: 0, expanded: source.groupIds() });
    tree.setViewport(0, 20);
    await flush();
    tree.focus(1900);
    tree.setViewport(1890, 1910);
    await flush();
    expect(tree.rowAt(1900)?.kind).toBe('employee');
    expect(tree.rowAt(10)).toBeUndefined();
    const parent = await tree.parentIndex(1900);
    expect(parent).toBe(2); // employer, location, department, employees
    expect(tree.rowAt(2)).toMatchObject({ kind: 'department', depth: 2 });
    expect(await tree.parentIndex(2)).toBe(1);
    expect(await tree.parentIndex(0)).toBeNull();
  });

  it('reports a failing source and recovers on refresh', async () => {
    const source = new DeferredSource();
    const tree = new TreeState(source, { pageSize: 10 });
    tree.setViewport(0, 5);
    source.calls[0]?.reject(new Error('ipc down'));
    await flush();
    expect(tree.error).toBeInstanceOf(Error);
    tree.refresh();
    source.calls.at(-1)?.resolve({ total: 3, offset: 0, rows: rows('b', 0, 3) });
    await flush();
    expect(tree.error).toBeNull();
    expect(tree.total).toBe(3);
  });
});
