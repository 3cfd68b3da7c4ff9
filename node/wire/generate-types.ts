import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from '@grpc/proto-loader';
import { CLIENT_PROTO_FILES, LOADER_OPTIONS, protoPath } from './protos.ts';

/**
 * Build step, not used at run time: writes the TypeScript types of the client contract
 * (CLIENT_PROTO_FILES) into node/wire/generated/ with proto-loader-gen-types, which ships
 * with @grpc/proto-loader. `npm run gen:proto` runs it; `npm run typecheck` runs it
 * first, so a .proto change whose callers were not updated fails the type check.
 * test/wire/generated-types.test.ts fails when the checked-in folder is stale.
 *
 * For each message M the generator writes M (what a sender may pass: every field
 * optional, longs and enums in any accepted form) and M__Output (what the loader hands
 * a receiver: every field present), and per service S the handler types SHandlers and
 * the method table SDefinition.
 */

/** Where the checked-in types live. */
export const GENERATED_DIR = fileURLToPath(new URL('./generated/', import.meta.url));

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * proto-loader-gen-types flags that make the generated types describe what
 * proto-loader delivers under `options`. Throws for an option it cannot express, so the
 * loader and the types cannot silently disagree.
 */
export function generatorFlags(options: Readonly<Options>): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === false) continue;
    if (key === 'keepCase' || key === 'defaults' || key === 'arrays' || key === 'objects' || key === 'oneofs' || key === 'json') {
      if (value !== true) throw new Error(`generatorFlags: ${key} must be a boolean, got ${String(value)}`);
      flags.push(`--${key}`);
    } else if (key === 'longs' && (value === Number || value === String)) {
      flags.push('--longs', value.name);
    } else if (key === 'enums' && value === String) {
      flags.push('--enums', 'String');
    } else if (key === 'bytes' && (value === String || value === Array)) {
      flags.push('--bytes', value.name);
    } else {
      throw new Error(`generatorFlags: loader option ${key}=${String(value)} has no proto-loader-gen-types equivalent`);
    }
  }
  return flags;
}

/**
 * Replaces `outDir` with freshly generated types of CLIENT_PROTO_FILES, plus one
 * index.ts per proto package that re-exports every type of that package. The output
 * depends only on the .proto files, LOADER_OPTIONS and the generator's version.
 */
export function generateTypes(outDir: string): void {
  const bin = createRequire(import.meta.url).resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // Files are named relative to the repository root: the generator copies the name into
  // every file ("Original file: ..."), and it must not depend on where the repo is.
  const files = CLIENT_PROTO_FILES.map((f) => path.relative(REPO_ROOT, protoPath(f)));
  const flags = [
    ...generatorFlags(LOADER_OPTIONS),
    '--includeComments',
    '--grpcLib',
    '@grpc/grpc-js',
    // The project imports .ts files directly (allowImportingTsExtensions; tsx at run time).
    '--importFileExtension',
    '.ts',
    '--outDir',
    outDir,
  ];
  execFileSync(process.execPath, [bin, ...flags, ...files], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  writePackageIndexes(outDir, outDir);
}

/** Writes index.ts into every directory below `root` that holds generated files. */
function writePackageIndexes(root: string, dir: string): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const modules = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts').map((e) => e.name);
  if (dir !== root && modules.length > 0) {
    const pkg = path.relative(root, dir).split(path.sep).join('.');
    const lines = [`// Every type of proto package ${pkg}. Written by node/wire/generate-types.ts (npm run gen:proto); do not edit.`, ''];
    for (const m of modules) lines.push(`export * from './${m}';`);
    writeFileSync(path.join(dir, 'index.ts'), `${lines.join('\n')}\n`);
  }
  for (const e of entries) if (e.isDirectory()) writePackageIndexes(root, path.join(dir, e.name));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generateTypes(GENERATED_DIR);
}
