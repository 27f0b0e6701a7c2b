export const TOUCH_INTERVAL_MS = 30_000;
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

/**
 * trackActivity tells the backend about user activity (Touch) at most once per interval, so
 * its idle lock only fires when nobody is working. Returns the cleanup for an $effect.
 */
export function trackActivity(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  touch: () => Promise<void>,
  intervalMs = TOUCH_INTERVAL_MS,
  now: () => number = Date.now,
): () => void {
  let last = now();
  const onActivity = () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    touch().catch(() => {
      // a failed Touch only means the idle lock may come a little earlier
    });
  };
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, onActivity, { passive: true });
  return () => {
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, onActivity);
  };
}
