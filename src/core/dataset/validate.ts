/**
 * Validation of dataset lines and manifests against the shipped JSON Schemas (ajv), with messages that name the
 * field, e.g. `quality.score must be <= 1 (got 1.4)`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { QA_MANIFEST_SCHEMA, QA_PAIR_SCHEMA } from './schemas';

let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();

function validator(schema: object): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true });
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const name = path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return name || '(line)';
}

function valueAt(data: unknown, instancePath: string): unknown {
  let v: unknown = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(error: ErrorObject, data: unknown): string {
  const field = fieldOf(error);
  const prefix = field === '(line)' ? '' : `${field}.`;
  switch (error.keyword) {
    case 'required':
      return `missing field ${prefix}${String(error.params.missingProperty)}`;
    case 'additionalProperties':
      return `unknown field ${prefix}${String(error.params.additionalProperty)}`;
    case 'enum':
      return `${field} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(valueAt(data, error.instancePath))})`;
    default: {
      const got = JSON.stringify(valueAt(data, error.instancePath));
      return `${field} ${error.message ?? 'is invalid'}${got === undefined ? '' : ` (got ${got.length > 60 ? `${got.slice(0, 57)}...` : got})`}`;
    }
  }
}

/**
 * Problems of `data` against a schema, as readable messages naming the field; empty when valid.
 * Branch bookkeeping errors (if/oneOf) are left out when a more precise error exists.
 */
function problems(schema: object, data: unknown): string[] {
  const fn = validator(schema);
  if (fn(data)) return [];
  const errors = fn.errors ?? [];
  const precise = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf');
  // quality is null-or-object: report the object's errors, not "must be null".
  const useful = precise.filter((e) => !(e.keyword === 'type' && e.params.type === 'null' && precise.length > 1));
  const messages = (useful.length ? useful : errors).map((e) => describe(e, data));
  return [...new Set(messages)];
}

function backwards(field: string, source: Record<string, unknown>): string | undefined {
  if (typeof source.start_line === 'number' && typeof source.end_line === 'number' && source.end_line < source.start_line) {
    return `${field}.end_line must be >= ${field}.start_line (got ${source.end_line} < ${source.start_line})`;
  }
  return undefined;
}

/** A span's identity: two entries of `sources` with the same key are the same span. */
function spanKey(source: Record<string, unknown>): string {
  return 'session_file' in source
    ? JSON.stringify([source.session_file, source.session_id, source.message_indices])
    : JSON.stringify([source.path, source.start_line, source.end_line, source.page]);
}

/** What the schema cannot say about `sources`: the primary span comes first and no span is listed twice. */
function sourcesProblems(source: Record<string, unknown>, sources: Array<Record<string, unknown>>): string[] {
  const found: string[] = [];
  if (spanKey(sources[0]) !== spanKey(source)) found.push('sources[0] must be the same span as source (the primary span comes first)');
  const seen = new Map<string, number>();
  sources.forEach((s, i) => {
    const first = seen.get(spanKey(s));
    if (first !== undefined) found.push(`sources[${i}] is the same span as sources[${first}] (every span once)`);
    else seen.set(spanKey(s), i);
  });
  return found;
}

/**
 * Problems of one parsed dataset line: the schema (kind-specific fields included: a multi_hop pair needs at least
 * 2 `sources`, a multi_turn pair its `turns`), then line ranges that run backwards and `sources` that do not start
 * with `source` or list a span twice.
 */
export function pairProblems(data: unknown): string[] {
  const found = problems(QA_PAIR_SCHEMA, data);
  if (found.length) return found;
  const pair = data as { source: Record<string, unknown>; sources?: Array<Record<string, unknown>> };
  const ranges = [backwards('source', pair.source), ...(pair.sources ?? []).map((s, i) => backwards(`sources[${i}]`, s))];
  const rangeProblems = ranges.filter((p): p is string => p !== undefined);
  if (rangeProblems.length) return rangeProblems;
  return pair.sources ? sourcesProblems(pair.source, pair.sources) : [];
}

/** Problems of a parsed manifest. */
export function manifestProblems(data: unknown): string[] {
  return problems(QA_MANIFEST_SCHEMA, data);
}
