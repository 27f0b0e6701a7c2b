import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscribe, EVENTS } from './events';

describe('events.subscribe', () => {
  afterEach(() => {
    delete (window as unknown as { runtime?: unknown }).runtime;
  });

  it('does not crash without a Wails runtime and returns a no-op unsubscribe', () => {
    const off = subscribe(EVENTS.vaultLocked, () => {});
    expect(() => off()).not.toThrow();
  });

  it('passes a validated payload to the handler and unsubscribes', () => {
    let cb: ((...data: unknown[]) => void) | undefined;
    const cancel = vi.fn();
    (window as unknown as { runtime: unknown }).runtime = {
      EventsOnMultiple: (_name: string, f: (...data: unknown[]) => void) => {
        cb = f;
        return cancel;
      },
    };
    const seen: string[] = [];
    const off = subscribe(EVENTS.vaultLocked, (p) => seen.push(p.reason));
    cb?.({ reason: 'sleep' });
    cb?.({ reason: 'bogus' });
    expect(seen).toEqual(['sleep', 'user']);
    off();
    expect(cancel).toHaveBeenCalled();
  });

  it('admin:rotation payloads are checked: unknown phase reads as sealing, bad counts as 0', () => {
    let cb: ((...data: unknown[]) => void) | undefined;
    (window as unknown as { runtime: unknown }).runtime = {
      EventsOnMultiple: (_name: string, f: (...data: unknown[]) => void) => {
        cb = f;
        return () => {};
      },
    };
    const seen: unknown[] = [];
    subscribe(EVENTS.adminRotation, (p) => seen.push(p));
    cb?.({ phase: 'done', done: 5, total: 5 });
    cb?.({ phase: 'x', done: -1, total: 'many' });
    expect(seen).toEqual([
      { phase: 'done', done: 5, total: 5 },
      { phase: 'sealing', done: 0, total: 0 },
    ]);
  });
});
