import { ClipboardSetText, EventsOn } from '../../../wailsjs/runtime/runtime';

interface WailsWindow {
  runtime?: { EventsOnMultiple?: unknown };
}

/** hasRuntime is false in Vitest and in a plain browser, where Wails injects no window.runtime. */
export function hasRuntime(): boolean {
  if (typeof window === 'undefined') return false;
  const rt = (window as unknown as WailsWindow).runtime;
  return typeof rt === 'object' && rt !== null && typeof rt.EventsOnMultiple === 'function';
}

/** onEvent listens to a Go event and returns the function that stops listening. */
export function onEvent(name: string, handler: (payload: unknown) => void): () => void {
  if (!hasRuntime()) return () => {};
  const off = EventsOn(name, (...data: unknown[]) => handler(data[0]));
  return typeof off === 'function' ? off : () => {};
}

/**
 * copyText puts text on the system clipboard: through Wails in the window (the webview may refuse
 * navigator.clipboard), through the browser otherwise. False when neither could.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (hasRuntime()) return await ClipboardSetText(text);
    if (typeof navigator !== 'undefined' && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through: not copied
  }
  return false;
}
