// `node bench/cpuprofile-summary.ts <file.cpuprofile> [--last <s>] [--skip-end <s>] [--top <n>]`:
// the functions with the most self and inclusive time in a `node --cpu-prof` profile, over the
// whole run or only its last seconds (the load on one page, without start-up and shutdown).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (!file) {
  console.error('usage: node bench/cpuprofile-summary.ts <file.cpuprofile> [--last <s>] [--skip-end <s>] [--top <n>]');
  process.exit(2);
}
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const lastSeconds = option('--last', 0);
const skipEnd = option('--skip-end', 0.7);
const top = option('--top', 30);

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/^file:\/\/.*?\/(core|plugins|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;

const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
const from = lastSeconds ? total - lastSeconds * 1e6 : 0;
const to = lastSeconds ? total - skipEnd * 1e6 : total;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let elapsed = 0;
let counted = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i];
  if (elapsed < from || elapsed > to) return;
  const dt = profile.timeDeltas[i];
  counted += dt;
  const leaf = nodes.get(id)!;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
  // A recursive function counts once per sample.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const key = name(nodes.get(cur)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
});

for (const [title, times] of [['self time', self], ['inclusive time', inclusive]] as const) {
  console.log(`-- ${title} (${(counted / 1e6).toFixed(1)} s sampled)`);
  for (const [key, t] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * t) / counted).toFixed(1).padStart(5)}%  ${key}`);
}
