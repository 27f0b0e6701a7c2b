import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import type { DepartmentInfo, UserRow } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import AuthorisationsPanel from './AuthorisationsPanel.svelte';
import { Authorisations } from './users.svelte';
import { JORIS, KEES, NOOR, PETRA, row } from './test-helpers';

// The backend seam is mocked; AppError stays real. onEvent keeps the handlers so a test can emit.
const handlers = new Map<string, (payload: unknown) => void>();
vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    users: vi.fn(),
    pendingRevocation: vi.fn(),
    setRole: vi.fn(),
    revokeUser: vi.fn(),
    resumeRevocation: vi.fn(),
    employers: vi.fn(),
    departments: vi.fn(),
    onEvent: vi.fn((name: string, h: (p: unknown) => void) => {
      handlers.set(name, h);
      return () => handlers.delete(name);
    }),
  };
});

const m = vi.mocked(api);
const NO_KIT = { newRecoveryCode: '', status: null };

function emit(name: string, payload: unknown) {
  const h = handlers.get(name);
  if (!h) throw new Error(`nobody listens to ${name}`);
  h(payload);
}

function dept(id: string, path: string): DepartmentInfo {
  const parts = path.split('/');
  return { id, employer: 'e-1', parent: '', name: parts[parts.length - 1]!, code: '', path, depth: parts.length - 1, employees: 0 };
}

/** A call that stays running until the test settles it. */
function pending(mock: { mockReturnValue: (p: Promise<void>) => unknown }) {
  let resolve: () => void = () => {};
  let reject: (e: unknown) => void = () => {};
  mock.mockReturnValue(
    new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
  );
  return { resolve: () => resolve(), reject: (e: unknown) => reject(e) };
}

/** A SetRole that stays running until the test settles it. */
function pendingResult(mock: typeof m.setRole) {
  let resolve: (r: api.RoleChangeResult) => void = () => {};
  mock.mockReturnValue(new Promise<api.RoleChangeResult>((res) => (resolve = res)));
  return { resolve: (r: api.RoleChangeResult) => resolve(r) };
}

async function start(list: UserRow[] = [PETRA, NOOR, JORIS, KEES], pendingRevocation = false) {
  m.users.mockResolvedValue(list);
  m.pendingRevocation.mockResolvedValue(pendingRevocation);
  render(AuthorisationsPanel);
  return screen.findByTestId('users-table');
}

function rowOf(u: UserRow) {
  return screen.getByTestId(`user-${u.email}`);
}

/** Opens the row's Acties menu and returns its items. */
async function openMenu(u: UserRow) {
  await fireEvent.click(screen.getByRole('button', { name: `Acties voor ${u.name}` }));
  return screen.getByRole('menu');
}

async function choose(u: UserRow, item: string) {
  const menu = await openMenu(u);
  await fireEvent.click(within(menu).getByRole('menuitem', { name: item }));
}

beforeEach(() => {
  locale.set('nl');
  handlers.clear();
  m.employers.mockResolvedValue([{ id: 'e-1', name: 'Bakkerij De Korenaar', kvk: '12345678' }]);
  m.departments.mockResolvedValue([dept('d-utrecht', 'Utrecht'), dept('d-magazijn', 'Utrecht/Magazijn'), dept('d-zeist', 'Zeist')]);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Autorisaties: the list', () => {
  it('shows every user with role, scope, status as text, last activity and who granted access', async () => {
    const table = await start();
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Gebruiker', 'Rol en afdelingen', 'Status', 'Laatst actief', 'Toegang gegeven', 'Acties']);

    const petra = rowOf(PETRA);
    expect(within(petra).getByRole('rowheader')).toHaveTextContent('Petra de Beheerder');
    expect(petra).toHaveTextContent('jij');
    expect(petra).toHaveTextContent('eerste beheerder');
    expect(petra).toHaveTextContent('Beheerder');
    expect(petra).toHaveTextContent('Alle afdelingen');
    expect(within(petra).getByTestId('user-status')).toHaveTextContent('Actief');
    expect(petra).toHaveTextContent('zojuist');
    expect(petra).toHaveTextContent('Heeft de kluis aangemaakt');
    expect(petra).toHaveTextContent('02-01-2024');

    const joris = rowOf(JORIS);
    expect(joris).toHaveTextContent('Leidinggevende');
    expect(joris).toHaveTextContent('Bakkerij De Korenaar / Utrecht / Magazijn');
    expect(joris).toHaveTextContent('Bakkerij De Korenaar / Zeist');
    expect(joris).not.toHaveTextContent('Alle afdelingen');
    expect(joris).toHaveTextContent('Nog niet');
    expect(joris).toHaveTextContent('Door Petra de Beheerder');
    expect(joris).not.toHaveTextContent('jij');

    const noor = rowOf(NOOR);
    expect(noor).toHaveTextContent('Gebruiker');
    expect(noor).toHaveTextContent('Alle afdelingen');

    // Revoked: the status says so in words (not only by colour) and there are no actions.
    const kees = rowOf(KEES);
    expect(within(kees).getByTestId('user-status')).toHaveTextContent('Ingetrokken');
    expect(kees).toHaveTextContent('door Petra de Beheerder');
    expect(within(kees).queryByRole('button')).toBeNull();
    expect(kees).toHaveTextContent('Geen acties');
  });

  it('in English the same list speaks English', async () => {
    locale.set('en');
    await start();
    expect(within(rowOf(PETRA)).getByTestId('user-status')).toHaveTextContent('Active');
    expect(rowOf(PETRA)).toHaveTextContent('you');
    expect(within(rowOf(KEES)).getByTestId('user-status')).toHaveTextContent('Revoked');
    expect(rowOf(JORIS)).toHaveTextContent('Not yet');
    expect(screen.getByRole('button', { name: 'Actions for Noor Nieuw' })).toBeInTheDocument();
  });

  it('a failed load shows the error and a retry', async () => {
    m.users.mockRejectedValueOnce(new api.AppError('locked', 'locked'));
    m.pendingRevocation.mockResolvedValue(false);
    render(AuthorisationsPanel);
    expect(await screen.findByText('De kluis is vergrendeld. Ontgrendel hem eerst.')).toBeInTheDocument();
    m.users.mockResolvedValue([PETRA]);
    await fireEvent.click(screen.getByRole('button', { name: 'Opnieuw proberen' }));
    expect(await screen.findByTestId('users-table')).toBeInTheDocument();
  });
});

describe('Autorisaties: the actions menu', () => {
  it('opens with the keyboard on its first item; arrows move, Escape closes and returns focus', async () => {
    await start();
    const button = screen.getByRole('button', { name: 'Acties voor Noor Nieuw' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    button.focus();
    await fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = await screen.findByRole('menu');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const items = within(menu).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent?.trim())).toEqual(['Beheerrechten geven', 'Rol en afdelingen wijzigen', 'Toegang intrekken']);
    await waitFor(() => expect(items[0]).toHaveFocus());
    await fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    expect(items[1]).toHaveFocus();
    await fireEvent.keyDown(items[1]!, { key: 'ArrowDown' });
    expect(items[2]).toHaveFocus();
    await fireEvent.keyDown(items[2]!, { key: 'ArrowDown' });
    expect(items[0]).toHaveFocus();
    await fireEvent.keyDown(items[0]!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('the only admin cannot lose the admin rights: disabled with the reason, and choosing it does nothing', async () => {
    await start();
    const menu = await openMenu(PETRA);
    const demote = within(menu).getByRole('menuitem', { name: 'Beheerrechten intrekken' });
    expect(demote).toHaveAttribute('aria-disabled', 'true');
    expect(demote).toHaveAccessibleDescription('Dit is de enige beheerder. Maak eerst iemand anders beheerder.');
    await fireEvent.click(demote);
    expect(screen.queryByTestId('role-dialog')).toBeNull();
    expect(m.setRole).not.toHaveBeenCalled();
  });

  it('with a second active admin, the other admin can lose the admin rights, you cannot (another admin must)', async () => {
    const second = row({ id: 'u-anna', name: 'Anna Tweede', role: 'admin' });
    const revokedAdmin = row({ id: 'u-oud', name: 'Oud Beheer', role: 'admin', status: 'revoked' });
    await start([PETRA, second, revokedAdmin]);
    let menu = await openMenu(second);
    expect(within(menu).getByRole('menuitem', { name: 'Beheerrechten intrekken' })).not.toHaveAttribute('aria-disabled');
    await fireEvent.keyDown(within(menu).getAllByRole('menuitem')[0]!, { key: 'Escape' });
    menu = await openMenu(PETRA);
    const demote = within(menu).getByRole('menuitem', { name: 'Beheerrechten intrekken' });
    expect(demote).toHaveAttribute('aria-disabled', 'true');
    expect(demote).toHaveAccessibleDescription('Een andere beheerder moet jouw beheerrechten intrekken.');
  });

  it('an admin (and you) cannot be revoked before the admin rights go: disabled with the reason', async () => {
    const second = row({ id: 'u-anna', name: 'Anna Tweede', role: 'admin' });
    await start([PETRA, second]);
    let menu = await openMenu(second);
    let revoke = within(menu).getByRole('menuitem', { name: 'Toegang intrekken' });
    expect(revoke).toHaveAttribute('aria-disabled', 'true');
    expect(revoke).toHaveAccessibleDescription('Trek eerst de beheerrechten in.');
    await fireEvent.click(revoke);
    expect(screen.queryByTestId('revoke-dialog')).toBeNull();
    await fireEvent.keyDown(revoke, { key: 'Escape' });

    menu = await openMenu(PETRA);
    revoke = within(menu).getByRole('menuitem', { name: 'Toegang intrekken' });
    expect(revoke).toHaveAccessibleDescription('Je kunt je eigen toegang niet intrekken.');
  });
});

describe('Autorisaties: changing a role', () => {
  it('Beheerrechten geven asks, then sets the role to admin and reloads with a notice', async () => {
    await start();
    await choose(NOOR, 'Beheerrechten geven');
    const dialog = await screen.findByTestId('role-dialog');
    expect(dialog).toHaveTextContent('Noor Nieuw wordt beheerder');
    m.setRole.mockResolvedValueOnce(NO_KIT);
    m.users.mockResolvedValue([PETRA, { ...NOOR, role: 'admin' }, JORIS, KEES]);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Beheerrechten geven' }));
    await waitFor(() => expect(m.setRole).toHaveBeenCalledWith('u-noor', 'admin', []));
    expect(await screen.findByText('Noor Nieuw is nu beheerder.')).toBeInTheDocument();
    expect(screen.queryByTestId('role-dialog')).toBeNull();
    expect(m.users).toHaveBeenCalledTimes(2);
  });

  it('last_admin from the backend shows in the dialog, which stays open', async () => {
    const second = row({ id: 'u-anna', name: 'Anna Tweede', role: 'admin' });
    await start([PETRA, second]);
    await choose(second, 'Beheerrechten intrekken');
    const dialog = await screen.findByTestId('role-dialog');
    expect(within(dialog).getByRole('radio', { name: /Gebruiker/ })).toBeChecked();
    m.setRole.mockRejectedValueOnce(new api.AppError('last_admin', 'The vault must keep at least one administrator.'));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Beheerrechten intrekken' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('De kluis moet ten minste één beheerder houden.');
    expect(m.setRole).toHaveBeenCalledWith('u-anna', 'user', []);
  });

  it('an admin becoming a manager must get departments; the dialog warns about the new kit and shows the progress', async () => {
    const second = row({ id: 'u-anna', name: 'Anna Tweede', role: 'admin' });
    await start([PETRA, second]);
    await choose(second, 'Beheerrechten intrekken');
    const dialog = await screen.findByTestId('role-dialog');
    expect(within(dialog).getByTestId('demote-new-kit')).toHaveTextContent('Daarna sla je een nieuwe noodkit op');
    await fireEvent.click(within(dialog).getByRole('radio', { name: /Leidinggevende/ }));
    const zeist = await within(dialog).findByRole('checkbox', { name: 'Zeist' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Beheerrechten intrekken' }));
    expect(await within(dialog).findByText('Kies ten minste één afdeling.')).toBeInTheDocument();
    expect(m.setRole).not.toHaveBeenCalled();
    await fireEvent.click(zeist);
    const call = pendingResult(m.setRole);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Beheerrechten intrekken' }));
    expect(m.setRole).toHaveBeenCalledWith('u-anna', 'manager', ['d-zeist']);
    expect(await within(dialog).findByTestId('rotation')).toHaveTextContent('De rechten van Anna Tweede worden aangepast');
    call.resolve(NO_KIT);
    expect(await screen.findByText('Anna Tweede is geen beheerder meer.')).toBeInTheDocument();
  });

  it('a new recovery code after an admin stepped down goes to the page (for the emergency kit)', async () => {
    const second = row({ id: 'u-anna', name: 'Anna Tweede', role: 'admin' });
    const onRoleChanged = vi.fn();
    m.users.mockResolvedValue([PETRA, second]);
    m.pendingRevocation.mockResolvedValue(false);
    render(AuthorisationsPanel, { props: { model: new Authorisations(onRoleChanged) } });
    await screen.findByTestId('users-table');
    await choose(second, 'Beheerrechten intrekken');
    const dialog = await screen.findByTestId('role-dialog');
    const status: api.Status = { state: 'unlocked', vaultPath: '/v', idleLockMinutes: 10, recoveryKitPending: true };
    m.setRole.mockResolvedValueOnce({ newRecoveryCode: 'ABCD-EFGH', status });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Beheerrechten intrekken' }));
    await waitFor(() => expect(onRoleChanged).toHaveBeenCalledWith({ newRecoveryCode: 'ABCD-EFGH', status }));
  });

  it("Rol en afdelingen wijzigen starts from the manager's departments; removing one shows the re-encryption progress", async () => {
    await start();
    await choose(JORIS, 'Rol en afdelingen wijzigen');
    const dialog = await screen.findByTestId('role-dialog');
    const magazijn = await within(dialog).findByRole('checkbox', { name: 'Utrecht / Magazijn' });
    expect(magazijn).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'Zeist' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'Utrecht' })).not.toBeChecked();
    expect(within(dialog).queryByTestId('removing-departments')).toBeNull();
    await fireEvent.click(magazijn);
    expect(within(dialog).getByTestId('removing-departments')).toHaveTextContent('Joris Bakker raakt 1 afdeling kwijt.');

    const call = pendingResult(m.setRole);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    expect(m.setRole).toHaveBeenCalledWith('u-joris', 'manager', ['d-zeist']);
    expect(await within(dialog).findByTestId('rotation')).toHaveTextContent('De rechten van Joris Bakker worden aangepast');
    expect(within(dialog).queryByRole('button', { name: 'Sluiten' })).toBeNull(); // cannot be closed while it runs
    emit('admin:rotation', { phase: 'sealing', done: 1500, total: 4000 });
    await waitFor(() => expect(within(dialog).getByTestId('rotation-count')).toHaveTextContent('1.500 van 4.000 opnieuw versleuteld'));
    m.users.mockResolvedValue([PETRA, NOOR, { ...JORIS, departments: [JORIS.departments[1]!] }, KEES]);
    call.resolve(NO_KIT);
    expect(await screen.findByText('De afdelingen van Joris Bakker zijn gewijzigd.')).toBeInTheDocument();
  });

  it('Rol en afdelingen wijzigen without a change sends nothing', async () => {
    await start();
    await choose(JORIS, 'Rol en afdelingen wijzigen');
    const dialog = await screen.findByTestId('role-dialog');
    await within(dialog).findByRole('checkbox', { name: 'Zeist' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.queryByTestId('role-dialog')).toBeNull());
    expect(m.setRole).not.toHaveBeenCalled();
  });
  it('rule: a user can be limited to departments as manager, and a manager given every department as user', async () => {
    await start();
    await choose(NOOR, 'Rol en afdelingen wijzigen');
    let dialog = await screen.findByTestId('role-dialog');
    expect(within(dialog).getByRole('radio', { name: /Gebruiker/ })).toBeChecked();
    await fireEvent.click(within(dialog).getByRole('radio', { name: /Leidinggevende/ }));
    await fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Zeist' }));
    m.setRole.mockResolvedValueOnce(NO_KIT);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(m.setRole).toHaveBeenCalledWith('u-noor', 'manager', ['d-zeist']));
    await waitFor(() => expect(screen.queryByTestId('role-dialog')).toBeNull());

    await choose(JORIS, 'Rol en afdelingen wijzigen');
    dialog = await screen.findByTestId('role-dialog');
    await fireEvent.click(within(dialog).getByRole('radio', { name: /Gebruiker/ }));
    expect(within(dialog).queryByRole('checkbox', { name: 'Zeist' })).toBeNull();
    m.setRole.mockResolvedValueOnce(NO_KIT);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(m.setRole).toHaveBeenCalledWith('u-joris', 'user', []));
  });
});

describe('Autorisaties: revoking access', () => {
  it('explains what happens, requires a reason, then shows progress from admin:rotation events', async () => {
    await start();
    await choose(NOOR, 'Toegang intrekken');
    const dialog = await screen.findByTestId('revoke-dialog');
    expect(dialog).toHaveTextContent('De sleutels van de afdelingen van Noor Nieuw worden vervangen en de gegevens opnieuw versleuteld.');
    expect(dialog).toHaveTextContent('Noor Nieuw kan de kluis daarna niet meer ontgrendelen.');
    expect(dialog).toHaveTextContent('wachtwoordzin vergeten? Trek dan de toegang in en laat Noor Nieuw opnieuw toegang aanvragen.');

    const reason = within(dialog).getByRole('textbox', { name: 'Reden' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toegang intrekken' }));
    expect(await within(dialog).findByText('Schrijf kort op waarom je de toegang intrekt.')).toBeInTheDocument();
    await waitFor(() => expect(reason).toHaveFocus());
    expect(m.revokeUser).not.toHaveBeenCalled();

    await fireEvent.input(reason, { target: { value: 'Uit dienst per 1 juni' } });
    const call = pending(m.revokeUser);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toegang intrekken' }));
    expect(m.revokeUser).toHaveBeenCalledWith('u-noor', 'Uit dienst per 1 juni');

    // Before the first event the bar is indeterminate; then it follows the events.
    const progress = await within(dialog).findByTestId('rotation-progress');
    expect(progress).not.toHaveAttribute('value');
    expect(dialog).toHaveTextContent('De toegang van Noor Nieuw wordt ingetrokken');
    await waitFor(() => expect(within(dialog).getByRole('heading', { name: 'De toegang van Noor Nieuw wordt ingetrokken' })).toHaveFocus());
    emit('admin:rotation', { phase: 'sealing', done: 250, total: 1000 });
    await waitFor(() => expect(within(dialog).getByTestId('rotation-count')).toHaveTextContent('250 van 1.000 opnieuw versleuteld'));
    const bar = within(dialog).getByRole('progressbar', { name: 'Voortgang van het opnieuw versleutelen' }) as HTMLProgressElement;
    expect(bar.value).toBe(250);
    expect(bar.max).toBe(1000);
    emit('admin:rotation', { phase: 'sealing', done: 1000, total: 1000 });
    await waitFor(() => expect(bar.value).toBe(1000));
    // Escape does not close it while it runs.
    await fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(screen.getByTestId('revoke-dialog')).toBeInTheDocument();

    m.users.mockResolvedValue([PETRA, { ...NOOR, status: 'revoked' }, JORIS, KEES]);
    emit('admin:rotation', { phase: 'done', done: 1000, total: 1000 });
    call.resolve();
    expect(await screen.findByText('De toegang van Noor Nieuw is ingetrokken.')).toBeInTheDocument();
    expect(screen.queryByTestId('revoke-dialog')).toBeNull();
    await waitFor(() => expect(within(rowOf(NOOR)).getByTestId('user-status')).toHaveTextContent('Ingetrokken'));
  });

  it('a refusal from the backend shows in the dialog with the reason kept', async () => {
    await start();
    await choose(NOOR, 'Toegang intrekken');
    const dialog = await screen.findByTestId('revoke-dialog');
    await fireEvent.input(within(dialog).getByRole('textbox', { name: 'Reden' }), { target: { value: 'Uit dienst' } });
    m.revokeUser.mockRejectedValueOnce(new api.AppError('denied', 'no'));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Toegang intrekken' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Je hebt geen recht om dit te doen.');
    expect(within(dialog).getByRole('textbox', { name: 'Reden' })).toHaveValue('Uit dienst');
  });

  it('events arriving when nothing runs are ignored', async () => {
    await start();
    emit('admin:rotation', { phase: 'sealing', done: 1, total: 2 });
    expect(screen.queryByTestId('rotation')).toBeNull();
  });
});

describe('Autorisaties: an interrupted revocation', () => {
  it('shows a banner; Hervatten resumes with progress and the banner goes', async () => {
    await start([PETRA, NOOR], true);
    const banner = await screen.findByTestId('pending-revocation');
    expect(banner).toHaveTextContent('Een intrekking is niet afgemaakt');
    const call = pending(m.resumeRevocation);
    await fireEvent.click(within(banner).getByRole('button', { name: 'Hervatten' }));
    const dialog = await screen.findByTestId('resume-dialog');
    expect(m.resumeRevocation).toHaveBeenCalled();
    emit('admin:rotation', { phase: 'sealing', done: 10, total: 20 });
    await waitFor(() => expect(within(dialog).getByTestId('rotation-count')).toHaveTextContent('10 van 20 opnieuw versleuteld'));
    m.pendingRevocation.mockResolvedValue(false);
    call.resolve();
    expect(await screen.findByText('De onderbroken intrekking is afgemaakt.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('pending-revocation')).toBeNull());
    expect(screen.queryByTestId('resume-dialog')).toBeNull();
  });

  it('a failed resume says why and can be closed; the banner stays', async () => {
    await start([PETRA], true);
    m.resumeRevocation.mockRejectedValueOnce(new api.AppError('corrupt', 'bad'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Hervatten' }));
    const dialog = await screen.findByTestId('resume-dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Een deel van de kluis is beschadigd.');
    await fireEvent.click(within(dialog).getAllByRole('button', { name: 'Sluiten' })[0]!);
    expect(screen.queryByTestId('resume-dialog')).toBeNull();
    expect(screen.getByTestId('pending-revocation')).toBeInTheDocument();
  });
});
