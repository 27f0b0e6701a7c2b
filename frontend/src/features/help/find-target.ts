/**
 * findTarget is the first element with data-help="name" that is shown: not inside a hidden tab
 * panel or another [hidden] or inert part. Walkthroughs point at controls by this attribute only,
 * never by CSS classes or text, so a restyled or translated screen keeps its tour.
 */
export function findTarget(name: string, root: ParentNode = document): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(`[data-help="${name}"]`)) {
    if (!el.closest('[hidden], [inert]')) return el;
  }
  return null;
}

/** TARGET_NAME is the shape of a data-help value: lower case words joined by dashes. */
export const TARGET_NAME = /^[a-z]+(?:-[a-z]+)*$/;
