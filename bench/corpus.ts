/**
 * A deterministic benchmark corpus: technical documentation about fictional components, generated from a
 * seeded PRNG so every run (and every machine) measures the same text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPONENTS = ['Harbor gateway', 'Ledger service', 'Tidewater cache', 'Beacon scheduler', 'Quarry indexer', 'Lantern auth proxy', 'Meridian queue', 'Copperline exporter'];
const VERBS = ['stores', 'validates', 'replicates', 'compresses', 'schedules', 'encrypts', 'batches', 'routes'];
const OBJECTS = ['session tokens', 'audit events', 'invoice records', 'search shards', 'retry budgets', 'tenant quotas', 'webhook payloads', 'metric samples'];
const UNITS = ['seconds', 'minutes', 'megabytes', 'requests per second', 'replicas', 'partitions'];

function sentence(r: () => number, component: string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const n = 2 + Math.floor(r() * 250);
  switch (Math.floor(r() * 5)) {
    case 0: return `The ${component} ${pick(VERBS)} ${pick(OBJECTS)} every ${n} ${pick(UNITS)}.`;
    case 1: return `By default, ${component} keeps at most ${n} ${pick(OBJECTS)} in memory before it ${pick(VERBS)} them to disk.`;
    case 2: return `${component} is a component that ${pick(VERBS)} ${pick(OBJECTS)} for the ${pick(COMPONENTS)}.`;
    case 3: return `When the limit of ${n} ${pick(UNITS)} is reached, ${component} rejects new ${pick(OBJECTS)} with error code E${100 + n}.`;
    default: return `Operators configure ${component} through the ${pick(OBJECTS).replace(/ /g, '_')}_limit setting, which defaults to ${n}.`;
  }
}

/** Writes `files` markdown documents of about `wordsPerFile` words under `dir`; returns their paths. */
export function writeCorpus(dir: string, files = 8, wordsPerFile = 1500, seed = 42): string[] {
  const r = prng(seed);
  fs.mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const component = COMPONENTS[f % COMPONENTS.length];
    const lines = [`# ${component}`, ''];
    let words = 0;
    let section = 1;
    while (words < wordsPerFile) {
      lines.push(`## Section ${section++}`, '');
      const para: string[] = [];
      for (let s = 0; s < 5; s++) {
        const text = sentence(r, component);
        para.push(text);
        words += text.split(' ').length;
      }
      lines.push(para.join(' '), '');
    }
    const file = path.join(dir, `${component.toLowerCase().replace(/ /g, '-')}.md`);
    fs.writeFileSync(file, lines.join('\n'));
    paths.push(file);
  }
  return paths;
}
