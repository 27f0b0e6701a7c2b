import { getContext, setContext } from 'svelte';
import type { HelpPlace, HelpStep, HelpTask } from './types';

/** How the walkthrough shows a step's place: the app's own navigation (App.svelte wires it). */
export type GoTo = (place: HelpPlace) => void;

/**
 * Walkthrough is the running "Help mij" tour: which task, which step. It only moves between
 * steps and asks for navigation; finding and highlighting the control is the overlay's job, so a
 * missing control never stops the tour. One instance lives for the app, in context, so the tour
 * survives the screen changes it causes (the locked window's unlock and request screens).
 */
export class Walkthrough {
  task = $state.raw<HelpTask | null>(null);
  index = $state(0);
  /** Why the last tour ended: the overlay announces it and returns focus to "Help mij". */
  ended = $state<'stopped' | 'finished' | null>(null);

  readonly #goTo: GoTo;

  constructor(goTo: GoTo) {
    this.#goTo = goTo;
  }

  get step(): HelpStep | null {
    return this.task?.steps[this.index] ?? null;
  }

  get total(): number {
    return this.task?.steps.length ?? 0;
  }

  get first(): boolean {
    return this.index === 0;
  }

  get last(): boolean {
    return this.index === this.total - 1;
  }

  start(task: HelpTask): void {
    if (task.steps.length === 0) return;
    this.ended = null;
    this.task = task;
    this.index = 0;
    this.#goTo(task.steps[0]!.place);
  }

  next(): void {
    if (!this.task) return;
    if (this.last) return this.#end('finished');
    this.#show(this.index + 1);
  }

  prev(): void {
    if (!this.task || this.first) return;
    this.#show(this.index - 1);
  }

  stop(): void {
    if (this.task) this.#end('stopped');
  }

  #show(i: number): void {
    this.index = i;
    const step = this.step;
    if (step) this.#goTo(step.place);
  }

  #end(how: 'stopped' | 'finished'): void {
    this.task = null;
    this.index = 0;
    this.ended = how;
  }
}

const KEY = Symbol('kluis.help');

export function setWalkthrough(w: Walkthrough): Walkthrough {
  return setContext(KEY, w);
}

/** useWalkthrough is the app's tour, or undefined where no App provides one (component tests). */
export function useWalkthrough(): Walkthrough | undefined {
  return getContext<Walkthrough | undefined>(KEY);
}
