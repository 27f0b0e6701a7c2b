/** Countdown ticks once a second until a retry time (too_many_attempts.retryAt). */
export class Countdown {
  until = $state<number | null>(null);
  now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | undefined;

  remainingMs = $derived(this.until === null ? 0 : Math.max(0, this.until - this.now));
  active = $derived(this.remainingMs > 0);
  /** m:ss, rounded up so it never shows 0:00 while still waiting. */
  label = $derived.by(() => {
    const total = Math.ceil(this.remainingMs / 1000);
    const m = Math.floor(total / 60);
    const s = total % 60;
    return `${m}:${String(s).padStart(2, '0')}`;
  });

  start(until: Date): void {
    this.stop();
    this.until = until.getTime();
    this.now = Date.now();
    if (!this.active) return;
    this.#timer = setInterval(() => {
      this.now = Date.now();
      if (!this.active) this.stop();
    }, 1000);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  dispose(): void {
    this.stop();
    this.until = null;
  }
}
