import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { RecentEmployee } from '../../lib/api';
import RecentEmployees from './RecentEmployees.svelte';

afterEach(() => cleanup());

function item(over: Partial<RecentEmployee>): RecentEmployee {
  return { id: 'e1', persnr: '00042', label: 'Jan Jansen', departmentPath: 'Utrecht/Magazijn', active: true, ...over };
}

describe('RecentEmployees', () => {
  it('lists the employees newest first as buttons, an unshared one as "Anoniem (Persnr …)"', () => {
    const items = [item({ id: 'a', label: 'Jan Jansen' }), item({ id: 'b', label: '', persnr: '00077' })];
    render(RecentEmployees, { props: { items, onopen: vi.fn() } });
    const list = screen.getByRole('list', { name: 'Laatst bezochte medewerkers' });
    const buttons = within(list).getAllByRole('button');
    expect(buttons.map((b) => b.querySelector('.name')?.textContent)).toEqual(['Jan Jansen', 'Anoniem (Persnr 00077)']);
    expect(screen.getByRole('navigation', { name: 'Laatst bezocht' })).toBeTruthy();
    expect(buttons[0]?.textContent).toContain('Utrecht / Magazijn');
  });

  it('opens the chosen employee by click and by keyboard (a real button)', async () => {
    const onopen = vi.fn();
    render(RecentEmployees, { props: { items: [item({ id: 'a' }), item({ id: 'b', label: 'Piet' })], onopen } });
    const piet = screen.getByRole('button', { name: /Piet/ });
    await fireEvent.click(piet);
    expect(onopen).toHaveBeenCalledWith('b');
    expect(piet.tagName).toBe('BUTTON');
    expect(piet.getAttribute('type')).toBe('button');
  });

  it('marks the employee in the pane as current', () => {
    render(RecentEmployees, { props: { items: [item({ id: 'a' }), item({ id: 'b', label: 'Piet' })], current: 'b', onopen: vi.fn() } });
    expect(screen.getByRole('button', { name: /Piet/ }).getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('button', { name: /Jan Jansen/ }).getAttribute('aria-current')).toBeNull();
  });

  it('says an ended employment', () => {
    render(RecentEmployees, { props: { items: [item({ active: false })], onopen: vi.fn() } });
    expect(screen.getByRole('button').textContent).toContain('uit dienst');
  });

  it('shows nothing while the list is empty', () => {
    render(RecentEmployees, { props: { items: [], onopen: vi.fn() } });
    expect(screen.queryByTestId('recent-employees')).toBeNull();
  });
});
