#!/usr/bin/env node
// The entry point stays this small so that Node's compile cache is on before the portal's modules
// load: each .ts file's type-stripped text and V8 code are then kept on disk, keyed by the file's
// content (a changed file is compiled again), and a restart skips that work (a quarter of a
// boot's CPU time). NODE_COMPILE_CACHE chooses the folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { enableCompileCache } from 'node:module';
import { processIo } from './io.ts';
import { unsupportedNode } from './node-support.ts';

// Checked on loading, not under import.meta.main: on the releases it refuses, that is never true.
const unsupported = unsupportedNode();
if (unsupported) {
  process.stderr.write(`error: ${unsupported}\n`);
  process.exit(1);
}

enableCompileCache();
const cli = await import('./main.ts');

/** Runs one command line and returns the exit code; tests call it with their own Io. */
export const main = cli.main;

if (import.meta.main) {
  const code = await main(process.argv.slice(2), processIo);
  process.exitCode = code;
  // Whatever a command left open (a pool, a timer) must not keep a finished command alive.
  setTimeout(() => process.exit(code), 2000).unref();
}
