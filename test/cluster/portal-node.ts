import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { CLI } from '../cli/run-cli.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const handedOut = new Set<number>();

/**
 * A loopback port nobody listens on right now, for a process started later (a node restarted on
 * its own port). Drawn below the kernel's ephemeral ports (32768 up), which any outgoing
 * connection may take meanwhile, and from a range of this worker's own: the storage kinds run in
 * two workers at once, and a port one had found free was taken by the other's node before its own
 * bound it ("port already in use").
 */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.VITEST_POOL_ID ?? 1);
  const base = 20_000 + ((worker - 1) % 4) * 3000;
  for (let i = 0; i < 500; i++) {
    const port = base + Math.floor(Math.random() * 3000);
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${base} and ${base + 2999}`);
}

/** GET /readyz on one port: its status, or 0 when nothing answers. */
export function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/readyz', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One `portal start` process on a port of its own; its log goes to a file of the run. A node
 * can be killed (SIGKILL, as a crash or the OOM killer does) and started again on the same port.
 */
export class PortalNode {
  readonly name: string;
  readonly port: number;
  readonly #configFile: string;
  readonly #env: Record<string, string>;
  readonly #logFile: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly pids: number[] = [];

  constructor(name: string, port: number, configFile: string, env: Record<string, string>, logFile: string) {
    this.name = name;
    this.port = port;
    this.#configFile = configFile;
    this.#env = env;
    this.#logFile = logFile;
  }

  get pid(): number | undefined {
    return this.#child?.exitCode === null ? this.#child.pid : undefined;
  }

  /** Starts the process and resolves once its /readyz answers 200. */
  async start(): Promise<void> {
    const log = openSync(this.#logFile, 'a');
    const child = spawn(process.execPath, [CLI, 'start', '--config', this.#configFile], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.#env, PORT: String(this.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.#child = child;
    this.pids.push(child.pid!);
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    // Bounded by a count of polls: a node that cannot start fails the run with its log.
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode} while starting:\n${this.logTail()}`);
      if ((await readyz(this.port)) === 200) return;
      await pause(200);
    }
    throw new Error(`${this.name} never answered /readyz 200:\n${this.logTail()}`);
  }

  kill(): void {
    this.#child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.#exited;
    clearTimeout(timer);
  }

  exited(): Promise<void> {
    return this.#exited;
  }

  /** Everything this node's processes (the first and any restarted one) wrote. */
  logText(): string {
    try {
      return readFileSync(this.#logFile, 'utf8');
    } catch {
      return '';
    }
  }

  logTail(lines = 40): string {
    try {
      // JSON log lines of a database error carry the whole pg client: the start of each says enough.
      return readFileSync(this.#logFile, 'utf8').split('\n').slice(-lines).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
