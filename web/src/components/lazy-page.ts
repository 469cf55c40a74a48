import { type ComponentType, lazy } from 'react';

/**
 * A page loaded on its first visit, together with the styles of the components that only such
 * pages draw (styles/mantine-later.css; the first pages' are in the first stylesheet).
 */
// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own signature (props of any page).
export function lazyPage<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), import('../styles/mantine-later.css')]).then(([page]) => page));
}
