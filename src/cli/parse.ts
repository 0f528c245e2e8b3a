/** Parsers of option values: each names the flag and what is allowed, as a usage error. */
import { CliError } from './errors';

/** An integer from min to max. */
export function intOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min || n > max) {
      throw new CliError(`${flag} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}; got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

/** A number from min to max. */
export function numberOption(flag: string, min: number, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new CliError(`${flag} must be a number from ${min}${Number.isFinite(max) ? ` to ${max}` : ' up'}; got ${JSON.stringify(value)}`);
    }
    return n;
  };
}

/** One of a fixed list. */
export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new CliError(`${flag} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
    }
    return value as T;
  };
}

/** A comma-separated list of non-empty items. */
export function listOption(flag: string) {
  return (value: string): string[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (!items.length) throw new CliError(`${flag} needs at least one value, comma-separated; got ${JSON.stringify(value)}`);
    return items;
  };
}

/** Repeatable option: collects every occurrence. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A JSON object. */
export function jsonObjectOption(flag: string) {
  return (value: string): Record<string, unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (e) {
      throw new CliError(`${flag} must be a JSON object such as '{"persona":"a new user"}'; ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CliError(`${flag} must be a JSON object such as '{"persona":"a new user"}'; got ${JSON.stringify(value)}`);
    }
    return parsed as Record<string, unknown>;
  };
}

/** A model price: `IN,OUT` in USD per million input and output tokens. */
export function priceOption(flag: string) {
  return (value: string): { inputPerMTok: number; outputPerMTok: number } => {
    const parts = value.split(',').map((s) => s.trim());
    const [input, output] = parts.map(Number);
    if (parts.length !== 2 || parts.some((p) => p === '') || !(input >= 0) || !(output >= 0) || !Number.isFinite(input + output)) {
      throw new CliError(`${flag} must be two numbers >= 0, USD per million input and output tokens, e.g. 0.15,0.6; got ${JSON.stringify(value)}`);
    }
    return { inputPerMTok: input, outputPerMTok: output };
  };
}

/**
 * A distribution: `name=share,name=share`, each name one of `names` (`what` says what they are, for the message),
 * each share a number, no name twice. The shares' range (0 or more, at least one above 0) and their scaling to sum 1
 * are left to resolveParams, which names the parameter.
 */
export function sharesOption<K extends string>(flag: string, what: string, names: readonly K[]) {
  const example = names.slice(0, 2).map((n, i) => `${n}=${i ? 0.4 : 0.6}`).join(',');
  return (value: string): Partial<Record<K, number>> => {
    const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (!parts.length) throw new CliError(`${flag} needs name=share pairs, comma-separated, e.g. ${example}; got ${JSON.stringify(value)}`);
    const out: Partial<Record<K, number>> = {};
    for (const part of parts) {
      const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(part);
      if (!match) throw new CliError(`${flag}: ${JSON.stringify(part)} is not name=share (e.g. ${example})`);
      const [, name, share] = match;
      if (!(names as readonly string[]).includes(name)) {
        throw new CliError(`${flag}: unknown ${what} ${JSON.stringify(name)} in ${JSON.stringify(part)}; allowed: ${names.join(', ')}`);
      }
      if (name in out) throw new CliError(`${flag}: ${name} is given twice`);
      const n = Number(share);
      if (share === '' || !Number.isFinite(n)) throw new CliError(`${flag}: the share of ${name} must be a number; got ${JSON.stringify(share)} in ${JSON.stringify(part)}`);
      out[name as K] = n;
    }
    return out;
  };
}
