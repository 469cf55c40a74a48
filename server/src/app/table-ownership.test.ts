// Each table belongs to one module (docs/ARCHITECTURE.md lists them), and the code of another
// module reaches it through the owner's repository or service. Two kinds of import are not that:
// - a table file naming another module's table in a foreign key: that is the schema, and fine;
// - app/schema.ts gathering every table for Drizzle's client.
// Repositories that need another module's rows in the same statement join that module's read
// views (`entriesView`, `assignmentsView`, ...), which the owner's repository exports; the demo's
// seed writes through the owners' repositories. No file imports a foreign table.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The module a file under server/src belongs to: modules/<name>/…, else the plumbing (app, main). */
const moduleOf = (file: string) => {
  const parts = path.relative(src, file).split(path.sep);
  return parts[0] === 'modules' ? parts[1]! : parts[0]!;
};

/** The modules whose tables a file imports, its own aside. */
export function foreignTables(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+\.table\.ts)'/g)) {
    const owner = moduleOf(path.resolve(path.dirname(file), m[1]!));
    if (owner !== moduleOf(file)) found.add(owner);
  }
  return [...found].sort();
}

describe('table ownership', () => {
  test('the scan sees an import of another module’s table, and not one of its own', () => {
    const file = path.join(src, 'modules/reviews/reviews.service.ts');
    expect(foreignTables(file, "import { entries } from '../entries/entries.table.ts';")).toEqual([
      'entries',
    ]);
    expect(foreignTables(file, "import type { reviews } from './reviews.table.ts';")).toEqual([]);
  });

  test('no module imports another module’s tables', () => {
    const found: Record<string, string[]> = {};
    for (const file of sourceFiles(src)) {
      const name = path.relative(src, file).split(path.sep).join('/');
      if (name.endsWith('.table.ts') || name === 'app/schema.ts') continue;
      const owners = foreignTables(file, readFileSync(file, 'utf8'));
      if (owners.length > 0) found[name] = owners;
    }
    expect(found).toEqual({});
  });

  test('routes, services, jobs and pure rules import no table at all, not even their own', () => {
    const offenders = sourceFiles(src)
      .map((file) => path.relative(src, file).split(path.sep).join('/'))
      .filter((name) => /\.(routes|service|jobs|fns)\.ts$/.test(name))
      .filter((name) =>
        /\bfrom\s+'[^']+\.table\.ts'/.test(
          readFileSync(path.join(src, name), 'utf8').replace(/import type [^;]+;/g, ''),
        ),
      );
    expect(offenders).toEqual([]);
  });
});

// One parameter style across services (docs/ARCHITECTURE.md, "Services"): who acts comes first as
// an `Actor`, then the subject(s), then the input, then the request id; never an options object
// that carries the actor and request id beside them.
/** Whether a service's text takes the actor inside a destructured object (`{ actor, requestId }`). */
export const takesActorInAnObject = (text: string) => /\{\s*actor\b[^}]*\}\s*:/.test(text);

describe('service parameters', () => {
  test('the scan sees an actor destructured from an object, and not an actor first', () => {
    expect(takesActorInAnObject('async remove(award: AwardRow, { actor, requestId }: Context) {')).toBe(true);
    expect(takesActorInAnObject('async remove(actor: Actor, award: AwardRow, requestId: string) {')).toBe(
      false,
    );
  });

  test('no service takes its actor inside an object', () => {
    const offenders = sourceFiles(src)
      .filter((file) => file.endsWith('.service.ts'))
      .filter((file) => takesActorInAnObject(readFileSync(file, 'utf8')))
      .map((file) => path.relative(src, file));
    expect(offenders).toEqual([]);
  });
});
