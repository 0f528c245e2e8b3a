/**
 * The generation params of the `qaforge.generation.*` settings. The rules (what counts as unset, which value of a
 * distribution counts, which setting a bad value is in) are here, apart from the VS Code API: config.ts hands over
 * the `qaforge` configuration, which has the two methods read here.
 */
import { InvalidParamsError, resolveParams, snakeName, type GenerationParams } from '../core/domain/params';

/** A setting's value at each level, as `WorkspaceConfiguration.inspect` gives it. */
export interface SettingLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The settings under `qaforge.`, by key (e.g. `generation.numPairs`): a `vscode.WorkspaceConfiguration`. */
export interface SettingsSource {
  /** The effective value (VS Code merges an object's levels key by key). */
  get(key: string): unknown;
  /** The value at each level. */
  inspect(key: string): SettingLevels | undefined;
}

/** The fields read from a `qaforge.generation.<field>` setting of the same name (dimensions have one per key). */
const FIELDS: readonly (keyof GenerationParams)[] = [
  'numPairs', 'questionTypes', 'difficulty', 'splitterType', 'chunkSize', 'statementsPerChunk', 'answerLength',
  'validationThreshold', 'maxReflectionIterations', 'customGuidelines', 'exampleQuestion', 'exampleAnswer',
  'breakpointPercentileThreshold', 'kinds', 'queryStyles', 'queryLengths',
];
const TEXT_FIELDS: ReadonlySet<keyof GenerationParams> = new Set(['customGuidelines', 'exampleQuestion', 'exampleAnswer']);
const SHARE_FIELDS: ReadonlySet<keyof GenerationParams> = new Set(['kinds', 'queryStyles', 'queryLengths']);
const DIMENSIONS = ['features', 'persona', 'scenarios'] as const;

/** The setting of each snake_case field, for messages. */
const SETTING_OF: Readonly<Record<string, string>> = Object.fromEntries(FIELDS.map((f) => [snakeName(f), `qaforge.generation.${f}`]));

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * A distribution setting: the value of the most specific level that sets one, whole — VS Code's `get` would merge a
 * workspace's `{multi_hop: 1}` into a user's `{single_hop: 1}` — and unset, null or `{}` is no distribution; anything
 * else goes to resolveParams as it is.
 */
function optionalShares(levels: SettingLevels | undefined): unknown {
  const value = [levels?.workspaceFolderValue, levels?.workspaceValue, levels?.globalValue, levels?.defaultValue].find((v) => v !== undefined);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
  return value;
}

/** The setting a field of an InvalidParamsError is read from (`dimensions.persona` → `qaforge.generation.dimensions.persona`). */
export function settingOfField(field: string): string | undefined {
  if (field.startsWith('dimensions.')) return `qaforge.generation.${field}`;
  return SETTING_OF[field.split('.')[0]];
}

/**
 * The params the settings give, validated.
 * @throws InvalidParamsError naming the setting (then the field) when a setting is out of range.
 */
export function paramsFromSettings(settings: SettingsSource): GenerationParams {
  const input: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const key = `generation.${field}`;
    if (SHARE_FIELDS.has(field)) input[field] = optionalShares(settings.inspect(key));
    else input[field] = TEXT_FIELDS.has(field) ? optionalText(settings.get(key)) : settings.get(key);
  }
  input.dimensions = Object.fromEntries(DIMENSIONS.flatMap((d) => {
    const text = optionalText(settings.get(`generation.dimensions.${d}`));
    return text === undefined ? [] : [[d, text]];
  }));
  try {
    return resolveParams(input);
  } catch (e) {
    const setting = e instanceof InvalidParamsError ? settingOfField(e.field) : undefined;
    if (e instanceof InvalidParamsError && setting) throw new InvalidParamsError(e.field, `setting ${setting}: ${e.message}`);
    throw e;
  }
}
