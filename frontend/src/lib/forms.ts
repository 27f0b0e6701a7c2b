/**
 * submitWith turns a form action into an onsubmit handler: the browser's own submit is stopped
 * and the action runs instead (`onsubmit={submitWith(() => form.submit())}`).
 */
export function submitWith(action: () => unknown): (e: SubmitEvent) => void {
  return (e) => {
    e.preventDefault();
    void action();
  };
}
