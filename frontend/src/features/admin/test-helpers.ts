import type { UserRow } from '../../lib/api';

/** A user row with sensible defaults; override what the test is about. */
export function row(over: Partial<UserRow> & Pick<UserRow, 'id' | 'name'>): UserRow {
  return {
    email: `${over.name.split(' ')[0]!.toLowerCase()}@korenaar.example`,
    role: 'user',
    status: 'active',
    allDepartments: true,
    departments: [],
    below: 0,
    grantedBy: 'Petra de Beheerder',
    grantedAt: '2024-03-14T10:00:00Z',
    revokedBy: '',
    revokedAt: '',
    lastActivity: '',
    self: false,
    founder: false,
    ...over,
  };
}

export const PETRA = row({
  id: 'u-petra',
  name: 'Petra de Beheerder',
  role: 'admin',
  grantedBy: '',
  grantedAt: '2024-01-02T09:00:00Z',
  self: true,
  founder: true,
  lastActivity: new Date().toISOString(),
});
export const NOOR = row({ id: 'u-noor', name: 'Noor Nieuw', role: 'user' });
export const JORIS = row({
  id: 'u-joris',
  name: 'Joris Bakker',
  role: 'manager',
  allDepartments: false,
  departments: [
    { id: 'd-magazijn', path: 'Bakkerij De Korenaar / Utrecht / Magazijn' },
    { id: 'd-zeist', path: 'Bakkerij De Korenaar / Zeist' },
  ],
});
export const KEES = row({
  id: 'u-kees',
  name: 'Kees Oud',
  status: 'revoked',
  revokedBy: 'Petra de Beheerder',
  revokedAt: '2024-05-01T12:00:00Z',
});
