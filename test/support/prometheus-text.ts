/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: it throws on
 * anything a Prometheus server would refuse (malformed lines, a sample before its TYPE, a family
 * split in two, a series twice, a histogram whose +Inf bucket differs from its count).
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: Family | undefined;
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('exposition must end with a newline');
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m;
      if (!NAME.test(name)) fail('bad metric name');
      let family = families.get(name);
      if (family && closed.has(name)) fail('family continues after another one');
      if (!family) {
        if (current) closed.add(current.name);
        family = { name, type: 'untyped', samples: [] };
        families.set(name, family);
        current = family;
      }
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) fail('unknown type');
        if (family.samples.length) fail('TYPE after samples');
        family.type = rest as Family['type'];
      } else {
        if (family.help !== undefined) fail('second HELP');
        family.help = rest;
      }
      return;
    }
    const sample = parseSample(line, fail);
    if (!current || !SUFFIXES[current.type].some((s) => `${current!.name}${s}` === sample.name)) fail('sample outside its family (no TYPE before it?)');
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail('series repeated');
    seen.add(key);
    current!.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) fail('not a sample');
  const [, name, labelText, valueText] = m!;
  const labels: Record<string, string> = {};
  if (labelText) {
    let rest = labelText.slice(1, -1);
    while (rest.length) {
      const l = /^([^=]+)="((?:[^"\\]|\\[\\"n])*)"(,?)/.exec(rest);
      if (!l) fail('bad labels');
      const [all, label, raw, comma] = l!;
      if (!LABEL_NAME.test(label)) fail(`bad label name ${label}`);
      if (label in labels) fail(`label ${label} twice`);
      labels[label] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(all.length);
      if (!comma && rest.length) fail('labels not separated by commas');
    }
  }
  // As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case, with an optional sign.
  const special = /^([+-]?)(inf|nan)$/i.exec(valueText);
  const value = special ? (special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity) : Number(valueText);
  if (Number.isNaN(value) && !special) fail('bad value');
  return { name, labels, value };
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { inf?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? {};
    series.set(key, entry);
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      if (le === '+Inf') entry.inf = s.value;
    } else if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { inf, count }] of series) {
    if (inf === undefined || inf !== count) throw new Error(`${family.name}${key}: +Inf bucket ${inf} is not the count ${count}`);
  }
}

/** The value of the one sample of `name` whose labels include `labels`; throws when none or several match. */
export function valueOf(families: Map<string, Family>, family: string, name: string, labels: Record<string, string>): number {
  const f = families.get(family);
  if (!f) throw new Error(`no family ${family}`);
  const hits = f.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (hits.length !== 1) throw new Error(`${hits.length} samples of ${name} match ${JSON.stringify(labels)}:\n${f.samples.map((s) => JSON.stringify(s)).join('\n')}`);
  return hits[0].value;
}
