import { describe, expect, it } from 'vitest';
import { FakeOrgSource } from './fake-source';
import type { TreeQuery } from '../../lib/components/tree';

const q = (over: Partial<TreeQuery> = {}): TreeQuery => ({
  expanded: [],
  offset: 0,
  limit: 1000,
  status: 'all',
  share: 'all',
  sort: 'persnr',
  ...over,
});

describe('FakeOrgSource', () => {
  it('is deterministic for a seed', () => {
    const a = new FakeOrgSource({ employees: 300 });
    const b = new FakeOrgSource({ employees: 300 });
    const all = q({ expanded: a.groupIds() });
    expect(a.page(all)).toEqual(b.page(all));
  });

  it('has one employer and about twenty departments, and counts every employee', () => {
    const s = new FakeOrgSource({ employees: 1000 });
    expect(s.groupIds()).toHaveLength(21);
    const [employer] = s.page(q()).rows;
    expect(employer).toMatchObject({ kind: 'employer', depth: 0, count: 1000 });
    expect(employer?.activeCount).toBeLessThan(1000);
  });

  it('flattens only expanded rows and slices by offset and limit', () => {
    const s = new FakeOrgSource({ employees: 1000 });
    expect(s.page(q()).total).toBe(1);
    const all = s.page(q({ expanded: s.groupIds() }));
    expect(all.total).toBe(1021);
    const slice = s.page(q({ expanded: s.groupIds(), offset: 500, limit: 10 }));
    expect(slice.rows).toEqual(s.page(q({ expanded: s.groupIds(), limit: 2000 })).rows.slice(500, 510));
    expect(slice.offset).toBe(500);
  });

  it('shows an unshared employee anonymised, with an empty label', () => {
    const s = new FakeOrgSource({ employees: 500 });
    const rows = s.page(q({ expanded: s.groupIds() })).rows.filter((r) => r.kind === 'employee');
    const anon = rows.filter((r) => !r.shared);
    expect(anon.length).toBeGreaterThan(0);
    expect(anon.every((r) => r.anonymised && r.label === '')).toBe(true);
    expect(rows.filter((r) => r.shared).every((r) => !r.anonymised && r.label !== '')).toBe(true);
  });

  it('filters on employment and share status, and hides departments left empty', () => {
    const s = new FakeOrgSource({ employees: 500 });
    const ended = s.page(q({ expanded: s.groupIds(), status: 'ended', share: 'shared' })).rows;
    const emps = ended.filter((r) => r.kind === 'employee');
    expect(emps.length).toBeGreaterThan(0);
    expect(emps.every((r) => r.active === false && r.shared === true)).toBe(true);
    expect(ended.filter((r) => r.kind !== 'employee').every((r) => (r.count ?? 0) > 0)).toBe(true);
    expect(ended[0]?.count).toBe(emps.length);
  });

  it('sorts by persnr, or by surname with anonymised employees after, in persnr order', () => {
    const s = new FakeOrgSource({ employees: 400, departments: 2 });
    const all = q({ expanded: s.groupIds() });
    const byPersnr = s.page(all).rows.filter((r) => r.kind === 'employee').map((r) => r.persnr ?? '');
    expect(byPersnr).toEqual([...byPersnr].sort());
    const byName = s.page({ ...all, sort: 'name' }).rows.filter((r) => r.kind === 'employee');
    const firstAnon = byName.findIndex((r) => r.anonymised);
    expect(byName.slice(firstAnon).every((r) => r.anonymised)).toBe(true);
    const anonPersnrs = byName.slice(firstAnon).map((r) => r.persnr ?? '');
    expect(anonPersnrs).toEqual([...anonPersnrs].sort());
  });

  it('numbers siblings for aria-posinset and aria-setsize', () => {
    const s = new FakeOrgSource({ employees: 50, departments: 2 });
    const rows = s.page(q({ expanded: s.groupIds() })).rows;
    const emps = rows.filter((r) => r.kind === 'employee');
    expect(emps.map((r) => r.posInSet)).toEqual(emps.map((_, i) => i + 1));
    expect(emps.every((r) => r.setSize === 50)).toBe(true);
  });
});
