import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in, for three workers on two cores. A browser file drives a server,
 * PostgreSQL and Chromium and keeps a core busy; the unit and integration files mostly wait on
 * PostgreSQL and Redis. So the two longest browser files (the walk and the organizer's pipeline)
 * start first, side by side, while the third worker goes through the integration files; the
 * other browser files come after, between the last integration files, so that seldom more than
 * two browser files run at once. Within each kind, Vitest's own order (longest first).
 */
export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((f) => f.project.name === 'browser');
    const rest = sorted.filter((f) => f.project.name !== 'browser');
    const head = rest.slice(0, Math.ceil(rest.length * 0.6));
    const tail = rest.slice(head.length);
    const later = browser.slice(2);
    const mixed: TestSpecification[] = [];
    while (later.length > 0 || tail.length > 0) {
      const b = later.shift();
      if (b) mixed.push(b);
      mixed.push(...tail.splice(0, 2));
    }
    return [...browser.slice(0, 2), ...head, ...mixed];
  }
}
