// Every error code the API answers with is listed once in shared's errorCodes, and each module's
// refusals (code, status, sentence) live in its `<feature>.errors.ts`. The typecheck already
// refuses a code missing from the list (AppError takes an ErrorCode); this scan also catches a
// code written as a plain string where the types cannot see it, and a refusal built inline.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allErrorCodes, errorCodes } from '@wuzhen/shared';
import { describe, expect, test } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [full] : [];
  });
}

const errorFactory = /\b(createError|conflict|badRequest|notFound|forbidden)\(/g;

/** The text of each error-factory call in a file: from its name to its closing parenthesis. */
export function errorCalls(text: string): Array<{ factory: string; call: string; line: number }> {
  const calls: Array<{ factory: string; call: string; line: number }> = [];
  for (const m of text.matchAll(errorFactory)) {
    let i = m.index + m[0].length;
    for (let depth = 1; depth > 0 && i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    calls.push({
      factory: m[1]!,
      call: text.slice(m.index, i),
      line: text.slice(0, m.index).split('\n').length,
    });
  }
  return calls;
}

/**
 * The codes a piece of code names: `errorCodes.a.b` references, resolved against the list, and
 * plain strings that look like codes (`'feature.snake_case'`) where an error is built or a
 * `code` is set. A reference that resolves to nothing comes back as its own text.
 */
export function codesNamed(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\berrorCodes((?:\.[A-Za-z]+)+)/g)) {
    const value = m[1]!
      .slice(1)
      .split('.')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], errorCodes);
    found.push(typeof value === 'string' ? value : `errorCodes${m[1]}`);
  }
  // Where a code goes: the first argument of conflict and badRequest, the second of notFound, a
  // `code:` property (createError, the error handler).
  const codeArguments = [
    ...errorCalls(text).flatMap(({ factory, call }) => {
      const args = topLevelArguments(call.slice(factory.length + 1, -1));
      const at = { conflict: 0, badRequest: 0, notFound: 1 }[factory];
      return at === undefined ? [] : [args[at] ?? ''];
    }),
    ...[...text.matchAll(/\bcode:\s*('[^']*'|`[^`]*`)/g)].map((m) => m[1]!),
  ];
  for (const argument of codeArguments) {
    const m = /^\s*['`]([a-z]+\.(?:[a-z_0-9]+|\$\{[^}]*\}))['`]\s*$/.exec(argument);
    if (m) found.push(m[1]!);
  }
  return [...new Set(found)];
}

/** A call's arguments, split at the commas outside brackets, strings and templates. */
function topLevelArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  args.push(text.slice(start));
  return args;
}

const files = sourceFiles(src).map((file) => ({
  file: path.relative(src, file),
  text: readFileSync(file, 'utf8'),
}));

describe('error codes', () => {
  test('the scan finds codes named by reference, by string and by template, and flags unknown ones', () => {
    expect(codesNamed("throw conflict(errorCodes.tally.noSnapshot, 'x')")).toEqual(['tally.no_snapshot']);
    expect(codesNamed("throw conflict(errorCodes.tally.nope, 'x')")).toEqual(['errorCodes.tally.nope']);
    expect(codesNamed("throw badRequest('entries.made_up', 'Say what to do.')")).toEqual(['entries.made_up']);
    expect(codesNamed("createError({ code: 'x.y', statusCode: 409, message: 'm' })")).toEqual(['x.y']);
    const dollar = '$';
    expect(codesNamed(`throw conflict(\`awards.${dollar}{first.code}\`, first.message)`)).toEqual([
      `awards.${dollar}{first.code}`,
    ]);
    // An audit action is not an error code.
    expect(codesNamed("audit.record(tx, { action: 'judge.created' })")).toEqual([]);
  });

  test('every code named in server/src is in shared errorCodes', () => {
    const known = new Set<string>(allErrorCodes);
    const unknown = files.flatMap(({ file, text }) =>
      codesNamed(text)
        .filter((code) => !known.has(code))
        .map((code) => `${file}: ${code}`),
    );
    expect(unknown).toEqual([]);
  });

  test('every code of the list is distinct and shaped feature.snake_case', () => {
    expect(new Set(allErrorCodes).size).toBe(allErrorCodes.length);
    for (const code of allErrorCodes) expect(code).toMatch(/^[a-z]+\.[a-z][a-z_0-9]*$/);
  });

  test("a module's refusals are built in its <feature>.errors.ts only", () => {
    // notFound and forbidden take the thing's name or the reason and carry the plumbing's codes:
    // they may be called anywhere. A refusal with a code of its own is built in the errors file.
    const inline = files
      .filter(({ file }) => file.startsWith(`modules${path.sep}`) && !file.endsWith('.errors.ts'))
      .flatMap(({ file, text }) =>
        errorCalls(text)
          .filter(
            ({ factory, call }) => !['notFound', 'forbidden'].includes(factory) || /, *['`e]/.test(call),
          )
          .map(({ call, line }) => `${file}:${line}: ${call.split('\n')[0]}`),
      );
    expect(inline).toEqual([]);
  });

  test('each errors file builds refusals with codes of the list', () => {
    const errorFiles = files.filter(({ file }) => file.endsWith('.errors.ts'));
    expect(errorFiles.length).toBeGreaterThanOrEqual(10);
    for (const { file, text } of errorFiles) {
      expect(errorCalls(text).length, file).toBeGreaterThan(0);
      expect(codesNamed(text).length, file).toBeGreaterThan(0);
    }
  });
});
