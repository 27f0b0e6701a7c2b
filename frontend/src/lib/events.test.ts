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

describe('sync events', () => {
  afterEach(() => {
    delete (window as unknown as { runtime?: unknown }).runtime;
  });

  it('sync:progress and sync:status payloads are checked', () => {
    const cbs = new Map<string, (...data: unknown[]) => void>();
    (window as unknown as { runtime: unknown }).runtime = {
      EventsOnMultiple: (name: string, f: (...data: unknown[]) => void) => {
        cbs.set(name, f);
        return () => {};
      },
    };
    const progress: unknown[] = [];
    const status: unknown[] = [];
    subscribe(EVENTS.syncProgress, (p) => progress.push(p));
    subscribe(EVENTS.syncStatus, (s) => status.push({ linked: s.linked, pending: s.pending, lastError: s.lastError }));
    cbs.get('sync:progress')?.({ done: 2, total: 'x' });
    cbs.get('sync:status')?.({ linked: true, pending: 4, lastError: 'offline' });
    expect(progress).toEqual([{ done: 2, total: 0 }]);
    expect(status).toEqual([{ linked: true, pending: 4, lastError: 'offline' }]);
  });
});
