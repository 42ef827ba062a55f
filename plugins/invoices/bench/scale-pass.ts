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
      const runs = new Map<string, Omit<PageFigures, 'bytes'>[]>();
      for (let round = 0; round < o.rounds; round++) {
        for (const page of PAGES) {
          // Which size goes first alternates, so neither always runs right after the other's load.
          const turns = [['small', small], ['large', large]] as const;
          for (const [size, s] of round % 2 === 0 ? turns : [...turns].reverse()) {
            const warm = { ...o, warmupSeconds: round === 0 ? o.warmupSeconds : 0 };
            const figures = await measure(`http://127.0.0.1:${s.info.portalPort}${page.path}`, { host: s.info.host, cookie: s.info.cookie }, warm);
            runs.set(`${page.name}:${size}`, [...(runs.get(`${page.name}:${size}`) ?? []), figures]);
          }
        }
      }
      const pick = (name: string, size: 'small' | 'large', info: ServeListInfo): PageFigures => ({ ...median(runs.get(`${name}:${size}`)!), bytes: info.pages[name].bytes });
      return {
        small: small.info.fill,
        large: large.info.fill,
        pages: PAGES.map((page) => {
          const s = pick(page.name, 'small', small.info);
          const l = pick(page.name, 'large', large.info);
          return { name: page.name, path: page.path, small: s, large: l, ratio: l.requestsPerSecond / s.requestsPerSecond };
        }),
        plans: large.info.plans ?? [],
      };
    } finally {
      await large.stop();
    }
  } finally {
    await small.stop();
  }
}

function median<T extends { requestsPerSecond: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[runs.length >> 1];
}
