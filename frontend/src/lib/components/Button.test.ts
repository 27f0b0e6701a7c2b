import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import BusyButtonFixture from './testing/BusyButtonFixture.svelte';

afterEach(cleanup);

describe('Button', () => {
  it('rule: a busy button keeps the keyboard focus (aria-disabled, not disabled) and says it is busy', async () => {
    const view = render(BusyButtonFixture, { busy: false, onsubmit: vi.fn(), onclick: vi.fn() });
    const button = screen.getByRole('button', { name: 'Opslaan' });
    button.focus();
    await view.rerender({ busy: true });
    expect(button).not.toBeDisabled();
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(document.activeElement).toBe(button);
  });

  it('rule: a busy button neither runs its click handler nor submits its form', async () => {
    const onsubmit = vi.fn();
    const onclick = vi.fn();
    render(BusyButtonFixture, { busy: true, onsubmit, onclick });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(onclick).not.toHaveBeenCalled();
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('a button that is not busy clicks and submits as usual', async () => {
    const onsubmit = vi.fn();
    const onclick = vi.fn();
    render(BusyButtonFixture, { busy: false, onsubmit, onclick });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(onclick).toHaveBeenCalledOnce();
    expect(onsubmit).toHaveBeenCalledOnce();
  });
});
