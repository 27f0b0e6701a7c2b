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
});
