import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { AppError, emptyIdentity, type IdentityConflict } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import ConflictDialog from './ConflictDialog.svelte';

// The resolve dialog of identity conflicts (ADR 012).

function conflict(id: string, employee: string, current: string, kept: string): IdentityConflict {
  return {
    id,
    employee,
    current: { ...emptyIdentity(), firstName: 'Anna', surname: current, bsn: '111222333', city: 'Utrecht' },
    kept: { ...emptyIdentity(), firstName: 'Anna', surname: kept, bsn: '111222333', city: 'Utrecht' },
    currentAt: '2026-12-02T10:05:00Z',
    keptAt: '2026-12-02T10:04:00Z',
    currentHere: false,
    keptHere: true,
  };
}

beforeEach(() => locale.set('nl'));
afterEach(() => cleanup());

describe('ConflictDialog', () => {
  it('rule: both versions are shown field by field, a differing field says so in words, and where each was made', async () => {
    render(ConflictDialog, { props: { onclose: () => {}, load: async () => [conflict('c1', 'e1', 'Jansen', 'Janssen')], resolve: vi.fn() } });
    const table = await screen.findByTestId('conflict-table');
    const surname = within(table).getAllByTestId('conflict-row').find((r) => r.dataset.field === 'surname')!;
    expect(surname).toHaveTextContent('Achternaam');
    expect(surname).toHaveTextContent('verschilt');
    expect(surname).toHaveTextContent('Jansen');
    expect(surname).toHaveTextContent('Janssen');
    const first = within(table).getAllByTestId('conflict-row').find((r) => r.dataset.field === 'firstName')!;
    expect(first.dataset.differs).toBe('false');
    // Equal fields other than the name are left out: the BSN and the city are the same.
    expect(within(table).queryAllByTestId('conflict-row').some((r) => r.dataset.field === 'bsn')).toBe(false);
    expect(table).toHaveTextContent('Huidige versie');
    expect(table).toHaveTextContent('andere pc');
    expect(table).toHaveTextContent('Bewaarde versie');
    expect(table).toHaveTextContent('deze pc');
  });

  it('rule: the choices are buttons (keyboard-operable); keeping the kept version resolves that conflict and moves on', async () => {
    const resolve = vi.fn().mockResolvedValue(undefined);
    const onresolved = vi.fn();
    render(ConflictDialog, {
      props: { onclose: () => {}, onresolved, resolve, load: async () => [conflict('c1', 'e1', 'Jansen', 'Janssen'), conflict('c2', 'e2', 'Bakker', 'Backer')] },
    });
    expect(await screen.findByTestId('conflict-position')).toHaveTextContent('Conflict 1 van 2');
    const keep = screen.getByRole('button', { name: 'Bewaarde versie houden' });
    keep.focus();
    expect(keep).toHaveFocus();
    await fireEvent.click(keep);
    expect(resolve).toHaveBeenCalledWith('c1', 'kept');
    expect(onresolved).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Opgelost. De keuze gaat met de volgende replicatie naar de andere pc’s.')).toBeInTheDocument();
    expect(screen.getByTestId('conflict-table')).toHaveTextContent('Backer');
    await fireEvent.click(screen.getByRole('button', { name: 'Huidige versie houden' }));
    expect(resolve).toHaveBeenLastCalledWith('c2', 'current');
    expect(await screen.findByTestId('conflict-none')).toHaveTextContent('Er zijn geen conflicten meer.');
  });

  it('rule: opened for one employee it shows only that employee’s conflict', async () => {
    render(ConflictDialog, {
      props: { employee: 'e2', onclose: () => {}, resolve: vi.fn(), load: async () => [conflict('c1', 'e1', 'Jansen', 'Janssen'), conflict('c2', 'e2', 'Bakker', 'Backer')] },
    });
    const table = await screen.findByTestId('conflict-table');
    expect(table).toHaveTextContent('Backer');
    expect(table).not.toHaveTextContent('Janssen');
    expect(screen.queryByTestId('conflict-position')).toBeNull();
  });

  it('rule: a conflict resolved meanwhile on another PC is said in plain words, and nothing is lost', async () => {
    const resolve = vi.fn().mockRejectedValue(new AppError('not_found', 'x'));
    render(ConflictDialog, { props: { onclose: () => {}, resolve, load: async () => [conflict('c1', 'e1', 'Jansen', 'Janssen')] } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Bewaarde versie houden' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByTestId('conflict-table')).toBeInTheDocument();
  });
});
