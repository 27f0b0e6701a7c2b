import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emptyIdentity, type Status } from '../../lib/api';
import type { Attention } from '../../lib/api/attention';
import { TreeState } from '../../lib/components/tree';
import { locale } from '../../lib/state/locale.svelte';
import PeopleTree from '../people/PeopleTree.svelte';
import { FakeOrgSource } from '../people/fake-source';
import ActueelFixture from '../shell/testing/ActueelFixture.svelte';
import ConflictsCard from './ConflictsCard.svelte';

// The "Conflict" chip in the tree and the card on Actueel (ADR 012).

const nothing: Attention = { openAbsences: [], pendingSync: 0, accessRequests: 0, retentionDue: 0 };
const status: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Hanna HR', email: 'hanna@korenaar.example', role: 'user' },
};

beforeEach(() => locale.set('nl'));
afterEach(() => cleanup());

describe('Conflict chip and card', () => {
  it('rule: the tree shows a "Conflict" chip on exactly the employees with a conflict', async () => {
    const source = new FakeOrgSource({ employees: 30 });
    const tree = new TreeState(source, { expanded: source.groupIds() });
    const first = (await source.rows({ expanded: source.groupIds(), offset: 0, limit: 200, status: 'all', share: 'all', sort: 'persnr' })).rows.find(
      (r) => r.kind === 'employee',
    )!;
    render(PeopleTree, { props: { tree, conflicts: new Set([first.id]) } });
    await waitFor(() => expect(tree.loaded).toBe(true));
    const chips = await screen.findAllByTestId('tree-conflict');
    expect(chips).toHaveLength(1);
    expect(chips[0]).toHaveTextContent('Conflict');
    expect(chips[0]!.closest('[role="treeitem"]')).toHaveAttribute('data-id', first.id);
  });

  it('rule: Actueel shows a card with the count (no names) and the dialog opens from it; none → no card and the page may say nothing needs you', async () => {
    render(ActueelFixture, { props: { status, load: async () => nothing, loadConflicts: async () => ['e1', 'e2'], onapp: () => {} } });
    const card = await screen.findByTestId('actueel-conflicts');
    expect(within(card).getByRole('heading')).toHaveTextContent('Conflict');
    expect(card).toHaveTextContent('2 medewerkers zijn op twee pc’s tegelijk gewijzigd.');
    expect(screen.queryByText('Er vraagt nu niets je aandacht')).toBeNull();
    cleanup();
    render(ActueelFixture, { props: { status, load: async () => nothing, loadConflicts: async () => [], onapp: () => {} } });
    expect(await screen.findByText('Er vraagt nu niets je aandacht')).toBeInTheDocument();
    expect(screen.queryByTestId('actueel-conflicts')).toBeNull();
  });

  it('rule: "Bekijken en oplossen" opens the resolve dialog; after the last resolution the card goes', async () => {
    const load = vi.fn().mockResolvedValueOnce(['e1']).mockResolvedValue([]);
    const resolve = vi.fn().mockResolvedValue(undefined);
    const loadConflicts = async () => [
      { id: 'c1', employee: 'e1', kept: { ...emptyIdentity(), surname: 'Janssen' }, current: { ...emptyIdentity(), surname: 'Jansen' },
        keptAt: '2026-12-02T10:04:00Z', currentAt: '2026-12-02T10:05:00Z', keptHere: false, currentHere: true },
    ];
    render(ConflictsCard, { props: { load, loadConflicts, resolve } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Bekijken en oplossen' }));
    const dialog = await screen.findByTestId('conflict-dialog');
    await fireEvent.click(await within(dialog).findByRole('button', { name: 'Huidige versie houden' }));
    expect(resolve).toHaveBeenCalledWith('c1', 'current');
    await waitFor(() => expect(screen.queryByTestId('actueel-conflicts')).toBeNull());
  });
});
