import { describe, expect, it } from 'vitest';
import { toUserRow } from '../../lib/api/admin';
import { actionsFor, activeAdmins, demoteBlock, revokeBlock, sortUsers } from './users.svelte';
import { JORIS, KEES, NOOR, PETRA, row } from './test-helpers';

describe('the rules behind the buttons', () => {
  it('counts only active admins', () => {
    const revokedAdmin = row({ id: 'a', name: 'Oud Beheer', role: 'admin', status: 'revoked' });
    expect(activeAdmins([PETRA, NOOR, revokedAdmin])).toBe(1);
  });

  it('the only active admin cannot be demoted; with two, the other can, you cannot', () => {
    expect(demoteBlock(PETRA, [PETRA, NOOR])).toBe('last_admin');
    const anna = row({ id: 'a', name: 'Anna Tweede', role: 'admin' });
    expect(demoteBlock(anna, [PETRA, anna])).toBeNull();
    expect(demoteBlock(PETRA, [PETRA, anna])).toBe('self');
    expect(demoteBlock(NOOR, [PETRA, NOOR])).toBeNull();
  });

  it('you and admins cannot be revoked', () => {
    expect(revokeBlock(PETRA)).toBe('self');
    expect(revokeBlock(row({ id: 'a', name: 'Anna Tweede', role: 'admin' }))).toBe('admin');
    expect(revokeBlock(NOOR)).toBeNull();
  });

  it('offers actions per role, none for a revoked user', () => {
    expect(actionsFor(PETRA)).toEqual(['demote', 'revoke']);
    expect(actionsFor(NOOR)).toEqual(['grant-admin', 'departments', 'revoke']);
    expect(actionsFor(JORIS)).toEqual(['grant-admin', 'departments', 'revoke']);
    expect(actionsFor(KEES)).toEqual([]);
  });

  it('sorts active first, then admins, users, managers, then by name', () => {
    const anna = row({ id: 'a', name: 'Anna Tweede', role: 'admin' });
    expect(sortUsers([KEES, JORIS, NOOR, PETRA, anna]).map((u) => u.name)).toEqual([
      'Anna Tweede',
      'Petra de Beheerder',
      'Noor Nieuw',
      'Joris Bakker',
      'Kees Oud',
    ]);
  });
});

describe('toUserRow', () => {
  it('narrows what the backend sends; unknown values fall back to harmless ones', () => {
    const u = toUserRow({
      id: 'u-1', name: 'Noor', email: 'n@x.nl', role: 'superuser', status: 'weird', allDepartments: 'yes',
      departments: [{ id: 'd-1', path: 'A / B' }, { path: 'no id' }, null], self: true,
    });
    expect(u.role).toBe('user');
    expect(u.status).toBe('revoked');
    expect(u.allDepartments).toBe(false);
    expect(u.departments).toEqual([{ id: 'd-1', path: 'A / B' }]);
    expect(u.self).toBe(true);
    expect(u.founder).toBe(false);
    expect(u.grantedBy).toBe('');
    expect(toUserRow(null).id).toBe('');
  });
});
