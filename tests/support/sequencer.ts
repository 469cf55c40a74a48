import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in within each phase (see vitest.config.ts). Vitest's own order is the
 * longest first by the last run's times, and by file size on a clean clone; the two longest
 * browser files (the accessibility walk and the organizer's pipeline, about 90 s each alone) go
 * first whatever the cache says, side by side, so that no long file starts last.
 */
const first = ['accessibility-walk.test.ts', 'organizer-pipeline.test.ts'];

export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = first.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i === -1 ? first.length : i;
    };
    return sorted
      .map((file, i) => ({ file, i }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i)
      .map(({ file }) => file);
  }
}
