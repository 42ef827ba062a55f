import { StackCpu } from './cpu-usage.ts';
import { measure, serveList, type PageFigures } from './list-throughput.ts';
import type { QueryPlan } from './query-plans.ts';
import { PAGES } from './pages.ts';
import type { ServeListInfo } from './serve-list.ts';

export interface ScaleOptions {
  serverUrl: string;
  /** Accounts in the smaller and the larger database, e.g. 100k and 1M. */
  small: number;
  large: number;
  perAccount: number;
  connections?: number;
  warmupSeconds?: number;
  seconds?: number;
  /** Each page is measured this many times at each size, the sizes taking turns; the median counts. */
  rounds?: number;
  poolSize?: number;
}

export interface ScalePage {
  name: string;
  path: string;
  small: PageFigures;
  large: PageFigures;
  /** large ÷ small requests per second: 1 means the page does not notice the provider grew. */
  ratio: number;
  /** Requests per CPU second of the whole stack (node and its PostgreSQL backends), each size. */
  perCpuSecond: { small: number; large: number };
  /** large ÷ small requests per CPU second: the same ratio, out of reach of other work on the machine. */
  cpuRatio: number;
}

export interface ScaleResult {
  small: ServeListInfo['fill'];
  large: ServeListInfo['fill'];
  pages: ScalePage[];
  /** The SQL each page ran for the signed-in customer at the larger size, with its plan. */
  plans: { page: string; plans: QueryPlan[] }[];
}

/**
 * The signed-in list and statement pages over two databases that differ only in how many
 * accounts the tenant has. Both children stay up and the sizes take turns round after round, so
 * the ratio compares figures taken under the same load on this shared machine.
 */
export async function benchScale(options: ScaleOptions): Promise<ScaleResult> {
  const o = { connections: 10, warmupSeconds: 2, seconds: 4, rounds: 5, poolSize: 10, ...options };
  const serve = (accounts: number, explain: boolean) => serveList({ serverUrl: o.serverUrl, accounts, perAccount: o.perAccount, poolSize: o.poolSize, explain });
  const small = await serve(o.small, false);
  try {
    const large = await serve(o.large, true);
    try {
      const cpu = { small: await stackCpu(o.serverUrl, small), large: await stackCpu(o.serverUrl, large) };
      try {
        const runs = new Map<string, Omit<PageFigures, 'bytes'>[]>();
        const cpuOf = new Map<string, { requests: number; seconds: number }>();
        for (let round = 0; round < o.rounds; round++) {
          for (const page of PAGES) {
            // Which size goes first alternates, so neither always runs right after the other's load.
            const turns = [['small', small], ['large', large]] as const;
            for (const [size, s] of round % 2 === 0 ? turns : [...turns].reverse()) {
              const key = `${page.name}:${size}`;
              const url = `http://127.0.0.1:${s.info.portalPort}${page.path}`;
              const headers = { host: s.info.host, cookie: s.info.cookie };
              if (round === 0) await measure(url, headers, { ...o, seconds: o.warmupSeconds, warmupSeconds: 0 });
              const before = await cpu[size].sample();
              const figures = await measure(url, headers, { ...o, warmupSeconds: 0 });
              const seconds = StackCpu.seconds(before, await cpu[size].sample());
              runs.set(key, [...(runs.get(key) ?? []), figures]);
              const sum = cpuOf.get(key) ?? { requests: 0, seconds: 0 };
              cpuOf.set(key, { requests: sum.requests + figures.requests, seconds: sum.seconds + seconds });
            }
          }
        }
        const pick = (name: string, size: 'small' | 'large', info: ServeListInfo): PageFigures => ({ ...median(runs.get(`${name}:${size}`)!), bytes: info.pages[name].bytes });
        const perCpu = (name: string, size: 'small' | 'large') => {
          const c = cpuOf.get(`${name}:${size}`)!;
          return c.requests / c.seconds;
        };
        return {
          small: small.info.fill,
          large: large.info.fill,
          pages: PAGES.map((page) => {
            const s = pick(page.name, 'small', small.info);
            const l = pick(page.name, 'large', large.info);
            const perCpuSecond = { small: perCpu(page.name, 'small'), large: perCpu(page.name, 'large') };
            return { name: page.name, path: page.path, small: s, large: l, ratio: l.requestsPerSecond / s.requestsPerSecond, perCpuSecond, cpuRatio: perCpuSecond.large / perCpuSecond.small };
          }),
          plans: large.info.plans ?? [],
        };
      } finally {
        await Promise.all([cpu.small.close(), cpu.large.close()]);
      }
    } finally {
      await large.stop();
    }
  } finally {
    await small.stop();
  }
}

async function stackCpu(serverUrl: string, served: { info: ServeListInfo; pid: number }): Promise<StackCpu> {
  const url = new URL(serverUrl);
  url.pathname = `/${served.info.fill.database}`;
  const cpu = new StackCpu(url.toString(), served.pid);
  await cpu.connect();
  return cpu;
}

function median<T extends { requestsPerSecond: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[runs.length >> 1];
}
