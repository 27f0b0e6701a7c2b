import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import WalkFixture from './testing/WalkFixture.svelte';
import type { Walkthrough } from './walkthrough.svelte';
import type { HelpTask } from './types';

const ADMIN: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Petra', email: 'p@x.nl', role: 'admin' },
};
const MANAGER: Status = { ...ADMIN, user: { name: 'Mo', email: 'm@x.nl', role: 'manager' } };

// A task over the fixture's controls: "three" sits in a hidden part, "gone" is nowhere.
const TASK: HelpTask = {
  id: 'import',
  title: 'help.import.title',
  summary: 'help.import.summary',
  audience: { roles: ['admin'] },
  steps: [
    { place: { page: 'medewerkers' }, target: 'one', text: 'help.import.step1' },
    { place: { page: 'medewerkers' }, target: 'gone', text: 'help.import.step2' },
    { place: { page: 'beheer', tab: 'backup' }, target: 'two', text: 'help.import.step3' },
  ],
};

function setup(status: Status = ADMIN) {
  const goTo = vi.fn();
  let walk: Walkthrough | undefined;
  render(WalkFixture, { props: { status, goTo, onready: (w: Walkthrough) => (walk = w) } });
  return { goTo, walk: () => walk! };
}

async function popoverAt(step: number) {
  const pop = await screen.findByTestId('help-popover');
  await waitFor(() => expect(pop).toHaveAttribute('data-step', String(step)));
  // Settled: the step has looked for its control (aria-busy is gone).
  await waitFor(() => expect(pop).not.toHaveAttribute('aria-busy'));
  await waitFor(() => expect(pop).toHaveFocus());
  return pop;
}

beforeEach(() => locale.set('nl'));
afterEach(() => cleanup());

describe('walkthrough', () => {
  it('shows each step in a focused popover with its text, navigates to its place, and announces it', async () => {
    const { goTo, walk } = setup();
    walk().start(TASK);
    const pop = await popoverAt(1);
    expect(goTo).toHaveBeenLastCalledWith({ page: 'medewerkers' });
    expect(within(pop).getByTestId('help-count')).toHaveTextContent('Stap 1 van 3');
    expect(within(pop).getByRole('heading', { name: 'Medewerkers importeren' })).toBeInTheDocument();
    expect(within(pop).getByTestId('help-text')).toHaveTextContent('Medewerkers staan op de pagina Medewerkers');
    expect(screen.getByTestId('help-prev')).toBeDisabled();
    expect(screen.getByTestId('help-live')).toHaveTextContent('Stap 1 van 3. Medewerkers staan op de pagina Medewerkers');
    expect(screen.queryByTestId('help-missing')).toBeNull();

    await fireEvent.click(screen.getByTestId('help-next'));
    await popoverAt(2);
    await fireEvent.click(screen.getByTestId('help-next'));
    await popoverAt(3);
    expect(goTo).toHaveBeenLastCalledWith({ page: 'beheer', tab: 'backup' });
    expect(screen.getByTestId('help-next')).toHaveTextContent('Klaar');
    await fireEvent.click(screen.getByTestId('help-prev'));
    await popoverAt(2);
  });

  it('is keyboard operable: arrows and Enter move, Esc stops and focus returns to Help mij', async () => {
    const { walk } = setup();
    walk().start(TASK);
    let pop = await popoverAt(1);
    await fireEvent.keyDown(pop, { key: 'ArrowRight' });
    pop = await popoverAt(2);
    await fireEvent.keyDown(pop, { key: 'Enter' });
    pop = await popoverAt(3);
    await fireEvent.keyDown(pop, { key: 'ArrowLeft' });
    pop = await popoverAt(2);
    await fireEvent.keyDown(pop, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('help-popover')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('help-button')).toHaveFocus());
    expect(screen.getByTestId('help-live')).toHaveTextContent('Rondleiding gestopt.');
  });

  it('finishing the last step ends the tour and gives focus back to Help mij', async () => {
    const { walk } = setup();
    walk().start(TASK);
    for (let i = 1; i <= 3; i++) {
      const pop = await popoverAt(i);
      await fireEvent.keyDown(pop, { key: 'ArrowDown' });
    }
    await waitFor(() => expect(screen.queryByTestId('help-popover')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('help-button')).toHaveFocus());
    expect(screen.getByTestId('help-live')).toHaveTextContent('Rondleiding klaar.');
  });

  it('rule: a missing control is reported ("Dit onderdeel is nu niet zichtbaar") and the tour goes on', async () => {
    const { walk } = setup();
    walk().start(TASK);
    await popoverAt(1);
    await fireEvent.click(screen.getByTestId('help-next'));
    const pop = await popoverAt(2);
    expect(within(pop).getByTestId('help-missing')).toHaveTextContent('Dit onderdeel is nu niet zichtbaar.');
    expect(within(pop).getByTestId('help-text')).toHaveTextContent('Klik op Importeren');
    expect(screen.getByTestId('help-live')).toHaveTextContent('Stap 2 van 3. Dit onderdeel is nu niet zichtbaar.');
    await fireEvent.keyDown(pop, { key: 'ArrowRight' });
    await popoverAt(3);
    expect(screen.queryByTestId('help-missing')).toBeNull();
  });

  it('a missing control whose step needs a situation says what to do first', async () => {
    const { walk } = setup();
    walk().start({ ...TASK, steps: [{ place: { page: 'medewerkers' }, target: 'gone', when: 'employee-shared', text: 'help.revoke.step3' }, TASK.steps[0]!] });
    const pop = await popoverAt(1);
    expect(within(pop).getByTestId('help-missing')).toHaveTextContent(
      'Dit onderdeel is nu niet zichtbaar. Kies eerst een medewerker van wie het dossier gedeeld is.',
    );
    expect(screen.getByTestId('help-live')).toHaveTextContent('Kies eerst een medewerker van wie het dossier gedeeld is. Klik op Deling intrekken');
  });

  it('rule: a control inside a hidden part (another tab) counts as missing', async () => {
    const { walk } = setup();
    walk().start({ ...TASK, steps: [{ place: { page: 'beheer', tab: 'arbo' }, target: 'three', text: 'help.arbo.step1' }] });
    const pop = await popoverAt(1);
    expect(within(pop).getByTestId('help-missing')).toBeInTheDocument();
  });

  it('Enter on Stoppen stops (a focused button handles Enter itself, the tour does not move on)', async () => {
    const { walk } = setup();
    walk().start(TASK);
    await popoverAt(1);
    const stop = screen.getByTestId('help-stop');
    stop.focus();
    await fireEvent.keyDown(stop, { key: 'Enter' });
    expect(screen.getByTestId('help-popover')).toHaveAttribute('data-step', '1');
    await fireEvent.click(stop);
    await waitFor(() => expect(screen.queryByTestId('help-popover')).toBeNull());
  });
});

describe('Help mij dialog', () => {
  it('lists the tasks; choosing one closes the dialog and starts its walkthrough', async () => {
    const { goTo } = setup();
    await fireEvent.click(screen.getByTestId('help-button'));
    const dialog = await screen.findByTestId('help-dialog');
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(8);
    await fireEvent.click(within(dialog).getByTestId('help-task-backup'));
    await waitFor(() => expect(screen.queryByTestId('help-dialog')).toBeNull());
    expect(goTo).toHaveBeenCalledWith({ page: 'beheer', tab: 'backup' });
    expect(await screen.findByTestId('help-popover')).toBeInTheDocument();
  });

  it('rule: a task the role cannot do stays listed, marked disabled with the reason, and does nothing', async () => {
    const { goTo } = setup(MANAGER);
    await fireEvent.click(screen.getByTestId('help-button'));
    const dialog = await screen.findByTestId('help-dialog');
    const backup = within(dialog).getByTestId('help-task-backup');
    expect(backup).toHaveAttribute('aria-disabled', 'true');
    expect(backup).toHaveAccessibleDescription('Alleen voor datakluisbeheerders.');
    await fireEvent.click(backup);
    expect(goTo).not.toHaveBeenCalled();
    expect(screen.getByTestId('help-dialog')).toBeInTheDocument();
    expect(within(dialog).getByTestId('help-task-import')).not.toHaveAttribute('aria-disabled');
  });
});
