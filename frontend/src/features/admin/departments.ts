import * as api from '../../lib/api';

/** A department offered as a check box when an admin chooses a manager's departments. */
export interface DepartmentChoice {
  id: string;
  /** 'Utrecht / Magazijn', prefixed with the employer's name when the vault has several. */
  label: string;
}

/** departmentChoices lists every department of every employer by path, for a manager's scope. */
export async function departmentChoices(): Promise<DepartmentChoice[]> {
  const emps = await api.employers();
  const lists = await Promise.all(emps.map((e) => api.departments(e.id)));
  const out: DepartmentChoice[] = [];
  emps.forEach((e, i) => {
    const depts = [...(lists[i] ?? [])].sort((a, b) => a.path.localeCompare(b.path, 'nl'));
    for (const d of depts) {
      const path = d.path.split('/').join(' / ');
      out.push({ id: d.id, label: emps.length > 1 ? `${e.name} / ${path}` : path });
    }
  });
  return out;
}
