import * as api from '../../lib/api';

/** A department offered as a check box when an admin chooses a manager's departments. */
export interface DepartmentChoice {
  id: string;
  /** 'Utrecht / Magazijn', prefixed with the employer's name when the vault has several. */
  label: string;
  /** The department's own name ('Magazijn'); the label when absent. */
  name?: string;
  /** The parent department's id; '' or absent at the top level. */
  parent?: string;
  /** 0 at the top level. */
  depth?: number;
}

/** Compare paths segment by segment, so a department's sub-departments follow it directly. */
function byPath(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = a[i]!.localeCompare(b[i]!, 'nl');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** departmentChoices lists every department of every employer as a tree in path order. */
export async function departmentChoices(): Promise<DepartmentChoice[]> {
  const emps = await api.employers();
  const lists = await Promise.all(emps.map((e) => api.departments(e.id)));
  const out: DepartmentChoice[] = [];
  emps.forEach((e, i) => {
    const depts = [...(lists[i] ?? [])].sort((a, b) => byPath(a.path.split('/'), b.path.split('/')));
    for (const d of depts) {
      const path = d.path.split('/').join(' / ');
      out.push({
        id: d.id,
        label: emps.length > 1 ? `${e.name} / ${path}` : path,
        name: d.name,
        parent: d.parent,
        depth: d.depth,
      });
    }
  });
  return out;
}

/**
 * includedVia maps each department below a chosen one to the name of its nearest chosen
 * ancestor: a manager's grant of a department covers every department below it, present and
 * future, so those are included without being chosen.
 */
export function includedVia(choices: readonly DepartmentChoice[], chosen: readonly string[]): Map<string, string> {
  const byId = new Map(choices.map((c) => [c.id, c]));
  const picked = new Set(chosen);
  const out = new Map<string, string>();
  for (const c of choices) {
    let p = c.parent ? byId.get(c.parent) : undefined;
    for (let guard = 0; p && guard < 1000; guard++) {
      if (picked.has(p.id)) {
        out.set(c.id, p.name ?? p.label);
        break;
      }
      p = p.parent ? byId.get(p.parent) : undefined;
    }
  }
  return out;
}

/** withoutCovered drops the chosen departments that lie below another chosen one (they are included anyway). */
export function withoutCovered(choices: readonly DepartmentChoice[], chosen: readonly string[]): string[] {
  const via = includedVia(choices, chosen);
  return chosen.filter((id) => !via.has(id));
}
