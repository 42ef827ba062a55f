import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { unsupportedNode } from '../../core/cli/node-support.ts';

/**
 * Releases installed from npm (node@x.y.z) and tried with `portal tenant validate` (the floors
 * 22.18.0 and 24.3.0 also with `--help` and `start`): true where the CLI ran, false where it
 * failed (ERR_UNKNOWN_FILE_EXTENSION ".ts") or did nothing and exited 0 (import.meta.main not
 * true for a .ts entry point).
 */
const TRIED: [version: string, runs: boolean][] = [
  ['22.17.0', false],
  ['22.17.1', false],
  ['22.18.0', true],
  ['22.23.3', true],
  ['23.5.0', false],
  ['23.6.0', false],
  ['24.0.0', false],
  ['24.1.0', false],
  ['24.2.0', false],
  ['24.3.0', true],
  ['24.4.0', true],
  ['24.5.0', true],
  ['25.9.0', true],
];

/** The forms package.json uses, `^x.y.z` and `>=x.y.z` (minor and patch optional), joined by `||`; anything else fails the test. */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const atLeast = (floor: number[]) => v[0] !== floor[0] ? v[0] > floor[0] : v[1] !== floor[1] ? v[1] > floor[1] : v[2] >= floor[2];
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`engines form not understood by this test: ${part}`);
    const floor = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    return m[1] === '^' ? v[0] === floor[0] && atLeast(floor) : atLeast(floor);
  });
}

/** Runs .ci/run's node_is_recent check as if on `version`. */
function ciAccepts(version: string): boolean {
  const script = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
  const body = /node_is_recent\(\) \{[\s\S]*?node -e '([^']+)'/.exec(script)?.[1];
  if (!body) throw new Error('node_is_recent not found in .ci/run');
  let code: number | undefined;
  const fakeProcess = { versions: { node: version }, exit: (c: number) => void (code = c) };
  new Function('process', body)(fakeProcess);
  return code === 0;
}

describe('the Node.js floor', () => {
  const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

  it.each(TRIED)('package.json engines, .ci/run and the CLI agree with what %s did (ran: %s)', (version, runs) => {
    expect(satisfies(version, engines)).toBe(runs);
    expect(ciAccepts(version)).toBe(runs);
    expect(unsupportedNode(version) === undefined).toBe(runs);
  });

  it('names the version in use and the ones to install', () => {
    expect(unsupportedNode('24.2.0')).toMatch(/^Node\.js 24\.2\.0 cannot run the portal: .*22\.18.*24\.3/);
  });

  it("README states the same floor", () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('Node.js 22.18 or newer, or 24.3 or newer (no 23.x)');
  });
});
