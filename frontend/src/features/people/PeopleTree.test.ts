import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import PeopleTree from './PeopleTree.svelte';
import { FakeOrgSource } from './fake-source';
import { TreeState } from '../../lib/components/tree';

afterEach(() => cleanup());

function setup() {
  const source = new FakeOrgSource({ employees: 300 });
  const spy = vi.spyOn(source, 'rows');
  const tree = new TreeState(source, { expanded: source.groupIds() });
  render(PeopleTree, { props: { tree } });
  return { source, spy, tree };
}

describe('PeopleTree toolbar', () => {
  it('has labelled selects for employment, share status and sort', () => {
    setup();
    expect(screen.getByRole('combobox', { name: 'Dienstverband' })).toHaveValue('all');
    expect(screen.getByRole('combobox', { name: 'Deelstatus' })).toHaveValue('all');
    expect(screen.getByRole('combobox', { name: 'Sorteren op' })).toHaveValue('persnr');
  });

  it('passes the filters and sort through to the source', async () => {
    const { spy, tree } = setup();
    await waitFor(() => expect(tree.loaded).toBe(true));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Dienstverband' }), { target: { value: 'ended' } });
    expect(spy.mock.calls.at(-1)?.[0]).toMatchObject({ status: 'ended', share: 'all', sort: 'persnr' });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Deelstatus' }), { target: { value: 'shared' } });
    expect(spy.mock.calls.at(-1)?.[0]).toMatchObject({ status: 'ended', share: 'shared', sort: 'persnr' });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sorteren op' }), { target: { value: 'name' } });
    expect(spy.mock.calls.at(-1)?.[0]).toMatchObject({ status: 'ended', share: 'shared', sort: 'name' });
    await waitFor(() => expect(tree.busy).toBe(false));
    const emps = screen.getAllByRole('treeitem').filter((el) => el.dataset.kind === 'employee');
    expect(emps.length).toBeGreaterThan(0);
    for (const el of emps) expect(el).toHaveTextContent('Uit dienst');
  });

  it('says no employee matches when the filters leave nothing', async () => {
    const source = new FakeOrgSource({ employees: 3, sharedRate: 0, endedRate: 0 });
    const tree = new TreeState(source);
    render(PeopleTree, { props: { tree } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Deelstatus' }), { target: { value: 'shared' } });
    expect(await screen.findByText('Geen medewerkers gevonden')).toBeInTheDocument();
  });

  it('collapses everything from the toolbar', async () => {
    const { tree } = setup();
    await waitFor(() => expect(tree.total).toBe(321));
    await fireEvent.click(screen.getByRole('button', { name: 'Alles inklappen' }));
    await waitFor(() => expect(tree.total).toBe(1));
    expect(screen.getByRole('button', { name: 'Alles inklappen' })).toBeDisabled();
  });
});
