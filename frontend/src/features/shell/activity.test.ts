import { describe, expect, it, vi } from 'vitest';
import { trackActivity } from './activity';

describe('trackActivity', () => {
  it('calls Touch at most once per interval and stops on cleanup', () => {
    let now = 1_000_000;
    const touch = vi.fn(() => Promise.resolve());
    const target = new EventTarget();
    const stop = trackActivity(target as unknown as Window, touch, 30_000, () => now);

    target.dispatchEvent(new Event('keydown'));
    expect(touch).not.toHaveBeenCalled(); // just unlocked: the backend saw activity

    now += 30_000;
    target.dispatchEvent(new Event('pointerdown'));
    target.dispatchEvent(new Event('keydown'));
    expect(touch).toHaveBeenCalledTimes(1);

    now += 10_000;
    target.dispatchEvent(new Event('keydown'));
    expect(touch).toHaveBeenCalledTimes(1);

    now += 30_000;
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(touch).toHaveBeenCalledTimes(1);
  });
});
