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

/** Problems of one parsed dataset line (schema, plus line ranges that run backwards). */
export function pairProblems(data: unknown): string[] {
  const found = problems(QA_PAIR_SCHEMA, data);
  if (found.length) return found;
  const source = (data as { source: Record<string, unknown> }).source;
  if (typeof source.start_line === 'number' && typeof source.end_line === 'number' && source.end_line < source.start_line) {
    return [`source.end_line must be >= source.start_line (got ${source.end_line} < ${source.start_line})`];
  }
  return [];
}

/** Problems of a parsed manifest. */
export function manifestProblems(data: unknown): string[] {
  return problems(QA_MANIFEST_SCHEMA, data);
}
