import { describe, expect, it, vi } from 'vitest';
import { shared } from './events';

describe('shared', () => {
  it('subscribes once for several listeners and stops after the last one left, each unlisten counting once', () => {
    const stop = vi.fn();
    const start = vi.fn(() => stop);
    const listen = shared(start);
    const a = listen();
    const b = listen();
    expect(start).toHaveBeenCalledTimes(1);
    a();
    a(); // an $effect may call its cleanup twice
    expect(stop).not.toHaveBeenCalled();
    b();
    expect(stop).toHaveBeenCalledTimes(1);
    listen();
    expect(start).toHaveBeenCalledTimes(2);
  });
});
