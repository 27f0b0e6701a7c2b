import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import type { AccessRequestInfo, DepartmentInfo } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import AccessRequestsCard from './AccessRequestsCard.svelte';
import { displayDate } from './access-requests.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    accessRequests: vi.fn(),
    approveRequest: vi.fn(),
    rejectRequest: vi.fn(),
    employers: vi.fn(),
    departments: vi.fn(),
  };
});

const m = vi.mocked(api);

const JORIS: AccessRequestInfo = {
  id: 'r-1',
  name: 'Joris Bakker',
  email: 'joris@example.nl',
  role: 'manager',
  fingerprint: '3F2A 9C41 77D0 B5E8',
  created: '2024-03-14T10:00:00Z',
};

function dept(id: string, path: string): DepartmentInfo {
  const parts = path.split('/');
  return { id, employer: 'e-1', parent: '', name: parts[parts.length - 1]!, code: '', path, depth: parts.length - 1, employees: 0 };
}

async function start(list: AccessRequestInfo[] = [JORIS]) {
  m.accessRequests.mockResolvedValue(list);
  render(AccessRequestsCard);
  if (list.length > 0) await screen.findByText(list[0]!.name);
}

async function openApproval() {
  await fireEvent.click(screen.getByRole('button', { name: 'Akkoord' }));
  const dialog = await screen.findByTestId('approve-request');
  await waitFor(() => expect(within(dialog).getByRole('checkbox', { name: 'Utrecht / Magazijn' })).toBeInTheDocument());
  return dialog;
}

beforeEach(() => {
  locale.set('nl');
  m.employers.mockResolvedValue([{ id: 'e-1', name: 'Bakkerij Jansen', kvk: '12345678' }]);
  m.departments.mockResolvedValue([dept('d-utrecht', 'Utrecht'), dept('d-magazijn', 'Utrecht/Magazijn'), dept('d-zeist', 'Zeist')]);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Beheeracties: access requests', () => {
  it('lists a pending request with e-mail, role, date dd-mm-jjjj and fingerprint', async () => {
    await start();
    const item = screen.getByRole('listitem', { name: 'Joris Bakker' });
    expect(item).toHaveTextContent('joris@example.nl');
    expect(item).toHaveTextContent('Leidinggevende');
    expect(item).toHaveTextContent(displayDate(JORIS.created));
    expect(displayDate('2024-03-14T10:00:00Z')).toMatch(/^14-03-2024$/);
    expect(item).toHaveTextContent('3F2A 9C41 77D0 B5E8');
  });

  it('shows an empty text without requests', async () => {
    await start([]);
    expect(await screen.findByText('Geen openstaande aanvragen')).toBeInTheDocument();
  });

  it('a manager without departments is refused inline and nothing is sent', async () => {
    await start();
    const dialog = await openApproval();
    expect(within(dialog).getByText('3F2A 9C41 77D0 B5E8')).toBeInTheDocument();
    expect(within(dialog).getByText('Vergelijk deze code met het scherm van de aanvrager')).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: /Leidinggevende/ })).toBeChecked();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Akkoord geven' }));
    expect(await within(dialog).findByText('Kies ten minste één afdeling.')).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Afdelingen' })).toHaveAccessibleDescription(/Kies ten minste één afdeling\./);
    expect(m.approveRequest).not.toHaveBeenCalled();
  });

  it('rule: "Kies ten minste één afdeling" disappears once a department is ticked or the role changes (issue 17)', async () => {
    await start();
    const dialog = await openApproval();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Akkoord geven' }));
    expect(await within(dialog).findByText('Kies ten minste één afdeling.')).toBeInTheDocument();
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Zeist' }));
    expect(within(dialog).queryByText('Kies ten minste één afdeling.')).not.toBeInTheDocument();
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Zeist' }));
    expect(within(dialog).getByText('Kies ten minste één afdeling.')).toBeInTheDocument();
    await fireEvent.click(within(dialog).getByRole('radio', { name: /Gebruiker/ }));
    expect(within(dialog).queryByText('Kies ten minste één afdeling.')).not.toBeInTheDocument();
    expect(m.approveRequest).not.toHaveBeenCalled();
  });

  it('approval sends the chosen role and department ids, then reloads with a notice', async () => {
    await start();
    const dialog = await openApproval();
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Utrecht / Magazijn' }));
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Zeist' }));
    m.approveRequest.mockResolvedValueOnce();
    m.accessRequests.mockResolvedValue([]);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Akkoord geven' }));
    await waitFor(() => expect(m.approveRequest).toHaveBeenCalledWith('r-1', 'manager', ['d-magazijn', 'd-zeist']));
    expect(await screen.findByText('Joris Bakker heeft nu toegang tot de kluis.')).toBeInTheDocument();
    expect(await screen.findByText('Geen openstaande aanvragen')).toBeInTheDocument();
    expect(screen.queryByTestId('approve-request')).not.toBeInTheDocument();
    expect(m.accessRequests).toHaveBeenCalledTimes(2);
  });

  it('the admin can change the role; a user or admin gets no department ids', async () => {
    await start();
    const dialog = await openApproval();
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Zeist' }));
    await fireEvent.click(within(dialog).getByRole('radio', { name: /Beheerder/ }));
    expect(within(dialog).queryByRole('group', { name: 'Afdelingen' })).not.toBeInTheDocument();
    m.approveRequest.mockResolvedValueOnce();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Akkoord geven' }));
    await waitFor(() => expect(m.approveRequest).toHaveBeenCalledWith('r-1', 'admin', []));
  });

  it('reject asks first with a reason; cancelling sends nothing, confirming rejects and reloads', async () => {
    await start();
    await fireEvent.click(screen.getByRole('button', { name: 'Afwijzen' }));
    let dialog = await screen.findByTestId('reject-request');
    expect(dialog).toHaveTextContent('Joris Bakker (joris@example.nl)');
    expect(m.rejectRequest).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByTestId('reject-request')).not.toBeInTheDocument();
    expect(m.rejectRequest).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Afwijzen' }));
    dialog = await screen.findByTestId('reject-request');
    const reason = within(dialog).getByRole('textbox', { name: 'Reden' });
    expect(reason).toHaveAccessibleDescription(/leest dit bij de volgende poging/);
    await fireEvent.input(reason, { target: { value: '  Geen medewerker van ons.  ' } });
    m.rejectRequest.mockResolvedValueOnce();
    m.accessRequests.mockResolvedValue([]);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Afwijzen' }));
    await waitFor(() => expect(m.rejectRequest).toHaveBeenCalledWith('r-1', 'Geen medewerker van ons.'));
    expect(await screen.findByText('De aanvraag van Joris Bakker is afgewezen.')).toBeInTheDocument();
    expect(await screen.findByText('Geen openstaande aanvragen')).toBeInTheDocument();
  });

  it('a rejection without a reason is refused inline, the reason gets focus, nothing is sent', async () => {
    await start();
    await fireEvent.click(screen.getByRole('button', { name: 'Afwijzen' }));
    const dialog = await screen.findByTestId('reject-request');
    const reason = within(dialog).getByRole('textbox', { name: 'Reden' });
    await fireEvent.input(reason, { target: { value: '   ' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Afwijzen' }));
    expect(await within(dialog).findByText('Schrijf kort op waarom je de aanvraag afwijst.')).toBeInTheDocument();
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/Schrijf kort op waarom/);
    await waitFor(() => expect(reason).toHaveFocus());
    expect(m.rejectRequest).not.toHaveBeenCalled();
    // Typing clears the message.
    await fireEvent.input(reason, { target: { value: 'Geen medewerker' } });
    expect(within(dialog).queryByText('Schrijf kort op waarom je de aanvraag afwijst.')).toBeNull();
  });

  it("the backend's reason error shows under the reason", async () => {
    await start();
    await fireEvent.click(screen.getByRole('button', { name: 'Afwijzen' }));
    const dialog = await screen.findByTestId('reject-request');
    await fireEvent.input(within(dialog).getByRole('textbox', { name: 'Reden' }), { target: { value: 'x'.repeat(20) } });
    m.rejectRequest.mockRejectedValueOnce(new api.AppError('invalid_input', 'too long', { reason: 'too_long' }));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Afwijzen' }));
    expect(await within(dialog).findByText('Dit is te lang.')).toBeInTheDocument();
    expect(screen.getByTestId('reject-request')).toBeInTheDocument();
  });

  it('a failed approval shows the error text and keeps the dialog open', async () => {
    await start();
    const dialog = await openApproval();
    await fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Zeist' }));
    m.approveRequest.mockRejectedValueOnce(new api.AppError('not_found', 'gone'));
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Akkoord geven' }));
    expect(await within(dialog).findByText('Dit bestaat niet meer. Vernieuw het overzicht.')).toBeInTheDocument();
  });
});
