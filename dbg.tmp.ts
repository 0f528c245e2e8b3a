import { readFileSync } from 'node:fs';
import { rstDocument } from './src/core/ingest/readers/markup/rst';
const f = process.argv[2];
const src = readFileSync(f, 'utf8');
const doc = rstDocument('x.rst', src, '', []);
console.log(doc.text.slice(0, Number(process.argv[3] ?? 3000)));
