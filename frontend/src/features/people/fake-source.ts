import type { TreePage, TreeQuery, TreeRow, TreeSource } from '../../lib/components/tree';

/**
 * FakeOrgSource is an in-memory TreeSource with a deterministic synthetic org: one employer, a few
 * locations, about twenty departments in all, and N employees. It flattens the tree the way the
 * Go facade does (expansion, filters and sort, then a slice), so tests and demos exercise the same
 * contract. Unshared employees are anonymised: their label is ''.
 */

export type FakeOrgOptions = {
  employees: number;
  /** Departments in all, counting the locations at the first level (at least 2). */
  departments?: number;
  seed?: number;
  /** Share of employees that are shared with the arbo service, 0..1. */
  sharedRate?: number;
  /** Share of employees whose employment ended, 0..1. */
  endedRate?: number;
  /** Answer after this many ms (0 = on the next microtask). */
  latency?: number;
};

type Employee = { id: string; persnr: string; first: string; prefix: string; last: string; shared: boolean; active: boolean };
type Group = { id: string; kind: 'employer' | 'department'; name: string; children: Group[]; employees: Employee[] };
type View = { children: Map<Group, Group[]>; employees: Map<Group, Employee[]>; count: Map<Group, number>; active: Map<Group, number> };

const LOCATIONS = ['Utrecht', 'Amersfoort', 'Zeist', 'Nieuwegein', 'Houten', 'Veenendaal'];
const DEPARTMENTS = [
  'Financiën', 'Personeelszaken', 'ICT', 'Inkoop', 'Facilitaire dienst', 'Verpleging', 'Klantenservice', 'Logistiek',
  'Productie', 'Kwaliteit', 'Juridische zaken', 'Communicatie', 'Planning', 'Technische dienst', 'Verkoop', 'Marketing',
  'Schoonmaak', 'Receptie', 'Beveiliging', 'Keuken', 'Thuiszorg', 'Dagbesteding',
];
const FIRST = [
  'Anna', 'Bram', 'Daan', 'Emma', 'Fleur', 'Gijs', 'Hanna', 'Iris', 'Jan', 'Julia', 'Koen', 'Lars', 'Lisa', 'Lotte', 'Maarten',
  'Mila', 'Noah', 'Nina', 'Olivier', 'Pieter', 'Roos', 'Sanne', 'Sem', 'Sophie', 'Thijs', 'Tess', 'Vera', 'Wouter', 'Yara',
  'Zoë', 'Fatima', 'Mohamed', 'Priya', 'Stijn', 'Ilse', 'Ruben', 'Eva', 'Bas', 'Naomi', 'Joost',
];
const PREFIX = ['', '', '', '', '', 'de', 'van', 'van der', 'van den', 'van de', 'ter', 'el'];
const LAST = [
  'Jansen', 'Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Boer', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker',
  'Brouwer', 'Wit', 'Dijkstra', 'Smits', 'Graaf', 'Linden', 'Kok', 'Jacobs', 'Haan', 'Vermeulen', 'Heuvel', 'Veen', 'Broek',
  'Bruijn', 'Berg', 'Schouten', 'Willems', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'Prins', 'Amrani', 'Kaya', 'Yilmaz',
  'Sharma', 'Postma',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function displayName(e: Employee): string {
  return [e.first, e.prefix, e.last].filter(Boolean).join(' ');
}

const collator = new Intl.Collator('nl', { sensitivity: 'base' });

export class FakeOrgSource implements TreeSource {
  readonly employer: Group;
  readonly latency: number;
  #leaves: Group[] = [];
  #views = new Map<string, View>();

  constructor(options: FakeOrgOptions) {
    const rand = mulberry32(options.seed ?? 20240601);
    const sharedRate = options.sharedRate ?? 0.18;
    const endedRate = options.endedRate ?? 0.12;
    this.latency = options.latency ?? 0;

    this.employer = { id: 'employer-1', kind: 'employer', name: 'Zorggroep De Linde B.V.', children: [], employees: [] };
    const total = Math.max(2, options.departments ?? 20);
    const locations = Math.max(1, Math.min(LOCATIONS.length, Math.round(total / 5)));
    const leaves = Math.max(1, total - locations);
    for (let l = 0; l < locations; l++) {
      this.employer.children.push({ id: `dept-l${l + 1}`, kind: 'department', name: `Vestiging ${LOCATIONS[l]}`, children: [], employees: [] });
    }
    for (let d = 0; d < leaves; d++) {
      const loc = this.employer.children[d % locations] as Group;
      const leaf: Group = { id: `dept-${d + 1}`, kind: 'department', name: DEPARTMENTS[d % DEPARTMENTS.length] as string, children: [], employees: [] };
      loc.children.push(leaf);
      this.#leaves.push(leaf);
    }
    for (const loc of this.employer.children) loc.children.sort((a, b) => collator.compare(a.name, b.name));

    // Uneven department sizes, like a real org: weights between 1 and 6.
    const weights = this.#leaves.map(() => 1 + rand() * 5);
    const sum = weights.reduce((a, b) => a + b, 0);
    const cumulative: number[] = [];
    weights.reduce((acc, w) => (cumulative.push((acc + w) / sum), acc + w), 0);

    let persnr = 1000;
    for (let i = 0; i < options.employees; i++) {
      persnr += 1 + Math.floor(rand() * 3);
      const r = rand();
      const leaf = this.#leaves[Math.max(0, cumulative.findIndex((c) => r < c))] as Group;
      const p = String(persnr).padStart(6, '0');
      leaf.employees.push({
        id: `emp-${p}`,
        persnr: p,
        first: pick(rand, FIRST),
        prefix: pick(rand, PREFIX),
        last: pick(rand, LAST),
        shared: rand() < sharedRate,
        active: rand() >= endedRate,
      });
    }
  }

  /** Ids of the employer and every department: pass them to TreeState.setExpanded to open all. */
  groupIds(): string[] {
    const out: string[] = [];
    const walk = (g: Group) => {
      out.push(g.id);
      g.children.forEach(walk);
    };
    walk(this.employer);
    return out;
  }

  rows(q: TreeQuery): Promise<TreePage> {
    const page = this.page(q);
    if (this.latency > 0) return new Promise((resolve) => setTimeout(() => resolve(page), this.latency));
    return Promise.resolve(page);
  }

  /** The synchronous core of rows(). */
  page(q: TreeQuery): TreePage {
    const view = this.#view(q);
    const expanded = new Set(q.expanded);
    const filtered = q.status !== 'all' || q.share !== 'all';
    const visible = (g: Group) => !filtered || (view.count.get(g) ?? 0) > 0;

    const sizes = new Map<Group, number>();
    const size = (g: Group): number => {
      let s = 1;
      if (expanded.has(g.id)) {
        for (const c of view.children.get(g) ?? []) s += size(c);
        s += view.employees.get(g)?.length ?? 0;
      }
      sizes.set(g, s);
      return s;
    };
    const roots = visible(this.employer) ? [this.employer] : [];
    const total = roots.reduce((acc, g) => acc + size(g), 0);

    const offset = Math.max(0, Math.floor(q.offset));
    const limit = Math.max(0, Math.floor(q.limit));
    const out: TreeRow[] = [];
    let cursor = 0;

    const visit = (g: Group, depth: number, posInSet: number, setSize: number) => {
      const s = sizes.get(g) ?? 1;
      if (cursor + s <= offset) {
        cursor += s;
        return;
      }
      if (out.length >= limit) return;
      const open = expanded.has(g.id);
      const kids = view.children.get(g) ?? [];
      const emps = view.employees.get(g) ?? [];
      if (cursor >= offset) {
        out.push({
          id: g.id,
          kind: g.kind,
          depth,
          label: g.name,
          hasChildren: kids.length + emps.length > 0,
          expanded: open,
          count: view.count.get(g) ?? 0,
          activeCount: view.active.get(g) ?? 0,
          posInSet,
          setSize,
        });
      }
      cursor++;
      if (!open) return;
      const n = kids.length + emps.length;
      kids.forEach((c, k) => visit(c, depth + 1, k + 1, n));
      const from = Math.max(0, offset - cursor);
      const take = Math.max(0, Math.min(emps.length - from, limit - out.length));
      for (let j = from; j < from + take; j++) {
        const e = emps[j] as Employee;
        out.push({
          id: e.id,
          kind: 'employee',
          depth: depth + 1,
          label: e.shared ? displayName(e) : '',
          persnr: e.persnr,
          anonymised: !e.shared,
          shared: e.shared,
          active: e.active,
          hasChildren: false,
          expanded: false,
          posInSet: kids.length + j + 1,
          setSize: n,
        });
      }
      cursor += emps.length;
    };
    roots.forEach((g, k) => visit(g, 0, k + 1, roots.length));
    return { total, offset, rows: out };
  }

  /** Filtered and sorted employees and counts per group, cached per filter/sort combination. */
  #view(q: TreeQuery): View {
    const key = `${q.status}|${q.share}|${q.sort}`;
    const cached = this.#views.get(key);
    if (cached) return cached;
    const filtered = q.status !== 'all' || q.share !== 'all';
    const view: View = { children: new Map(), employees: new Map(), count: new Map(), active: new Map() };
    const keep = (e: Employee) =>
      (q.status === 'all' || (q.status === 'active') === e.active) && (q.share === 'all' || (q.share === 'shared') === e.shared);
    // Sorting by name uses only names the tree shows: anonymised employees follow, by persnr, so
    // their place in the list reveals nothing about their name.
    const byPersnr = (a: Employee, b: Employee) => (a.persnr < b.persnr ? -1 : a.persnr > b.persnr ? 1 : 0);
    const byName = (a: Employee, b: Employee) => {
      if (a.shared !== b.shared) return a.shared ? -1 : 1;
      if (!a.shared) return byPersnr(a, b);
      return collator.compare(a.last, b.last) || collator.compare(a.first, b.first) || collator.compare(a.prefix, b.prefix) || byPersnr(a, b);
    };
    const walk = (g: Group): void => {
      const emps = g.employees.filter(keep).sort(q.sort === 'name' ? byName : byPersnr);
      let count = emps.length;
      let active = emps.reduce((n, e) => n + (e.active ? 1 : 0), 0);
      const kids: Group[] = [];
      for (const c of g.children) {
        walk(c);
        const cc = view.count.get(c) ?? 0;
        count += cc;
        active += view.active.get(c) ?? 0;
        if (!filtered || cc > 0) kids.push(c);
      }
      view.children.set(g, kids);
      view.employees.set(g, emps);
      view.count.set(g, count);
      view.active.set(g, active);
    };
    walk(this.employer);
    this.#views.set(key, view);
    return view;
  }
}
