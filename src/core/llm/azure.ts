/**
 * The Azure OpenAI part of a client's configuration, from what a front end read (the extension's `qaforge.azure.*`
 * settings, the CLI's flags and environment): blanks dropped, the API version defaulted, and the first field that
 * cannot work named — each front end then says where that field is set (a setting, or a flag and its variable).
 * Also how an Azure deployment is named in the reply cache and the batch state, so a saved job's resource is known.
 */
import { DEFAULT_AZURE_API_VERSION } from './defaults';

/** A resolved Azure OpenAI connection (no key: each front end keeps that apart). */
export interface AzureConfig {
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com` (the client adds `/openai/…`). */
  endpoint: string;
  /** The chat deployment live calls go to. */
  deployment: string;
  apiVersion: string;
  /** The global batch deployment batch lines name as their model; absent: `deployment`. */
  batchDeployment?: string;
}

/** The fields as read, any of them blank or missing. */
export type AzureFields = { [K in keyof AzureConfig]?: string };

/** A field the connection cannot do without. */
export type AzureField = 'endpoint' | 'deployment';

/** Why a field cannot work: `reason` follows the field's name ("… is not set"); `missing` when it was not given at all. */
export interface AzureProblem<F extends AzureField = AzureField> { ok: false; field: F; reason: string; missing: boolean }

/** The config, or the first field that cannot work. */
export type AzureResolution = { ok: true; config: AzureConfig } | AzureProblem;

const NOT_SET = 'is not set';

const text = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** Why `endpoint` is not a resource endpoint the `openai` package's AzureOpenAI client can use, or undefined. */
function endpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `must be a URL such as https://my-resource.openai.azure.com; got ${JSON.stringify(endpoint)}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an https:// URL such as https://my-resource.openai.azure.com; got ${JSON.stringify(endpoint)}`;
  // The portal's "target URI" includes /openai/deployments/…; the client appends /openai itself, so it would double.
  const at = url.pathname.search(/\/openai(\/|$)/);
  if (at >= 0) return `must be the resource endpoint without /openai/… (the client adds that path): ${url.origin}${url.pathname.slice(0, at)}; got ${JSON.stringify(endpoint)}`;
  return undefined;
}

/** The resource part of a connection: what the batch endpoints (`/openai/files`, `/openai/batches`) need. */
export type AzureResource = Pick<AzureConfig, 'endpoint' | 'apiVersion'>;

/** The resource alone (no deployment: files and batches live at the resource), or why its endpoint cannot work. */
export function resolveAzureResource(fields: Pick<AzureFields, 'endpoint' | 'apiVersion'>): { ok: true; config: AzureResource } | AzureProblem<'endpoint'> {
  const endpoint = text(fields.endpoint);
  if (!endpoint) return { ok: false, field: 'endpoint', reason: NOT_SET, missing: true };
  const problem = endpointProblem(endpoint);
  if (problem) return { ok: false, field: 'endpoint', reason: problem, missing: false };
  return { ok: true, config: { endpoint, apiVersion: text(fields.apiVersion) ?? DEFAULT_AZURE_API_VERSION } };
}

/** Resolves the fields; the API version defaults to {@link DEFAULT_AZURE_API_VERSION}. */
export function resolveAzure(fields: AzureFields): AzureResolution {
  const resource = resolveAzureResource(fields);
  if (!resource.ok) return resource;
  const deployment = text(fields.deployment);
  if (!deployment) return { ok: false, field: 'deployment', reason: NOT_SET, missing: true };
  const batchDeployment = text(fields.batchDeployment);
  return { ok: true, config: { ...resource.config, deployment, ...(batchDeployment ? { batchDeployment } : {}) } };
}

/** The host (and port) of `url`, or `url` itself when it is no URL: how an endpoint is named in the cache and batch state. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What the reply cache, the batch state and messages call a deployment: `<host>/<deployment>`. */
export function azureEndpointName(endpoint: string, deployment: string): string {
  return `${hostOf(endpoint)}/${deployment}`;
}

/** True when `name` (an {@link azureEndpointName}) is a deployment of the resource at `endpoint`. */
export function isAzureEndpointName(name: string, endpoint: string): boolean {
  return name.startsWith(`${hostOf(endpoint)}/`);
}
