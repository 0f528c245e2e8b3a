/**
 * Azure OpenAI from the CLI: which provider the flags and environment choose, the one line a missing or wrong field
 * gives (naming its flag and variable, before any model call), the key never from a flag, and which saved batch runs
 * `qaforge batch` asks at which endpoint.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, tempDir as makeTempDir } from '../support/cliRun';
import { chooseProvider } from '../../../src/cli/generate/provider';
import { batchEndpoints } from '../../../src/cli/batchEndpoints';
import { EXIT } from '../../../src/cli/errors';
import { DEFAULT_AZURE_API_VERSION } from '../../../src/core/llm/defaults';
import { batchStateFile, saveBatchState } from '../../../src/core/llm/batch/state';

const tempDir = () => makeTempDir('qaforge-cli-azure-');

describe('qaforge CLI: provider choice for Azure OpenAI', () => {
  const base = { cache: true };
  const ENDPOINT = 'https://my-resource.openai.azure.com';
  const KEY = { AZURE_OPENAI_API_KEY: 'az-key' };
  const flags = { ...base, azureEndpoint: ENDPOINT, azureDeployment: 'chat' };

  it('is azure-openai from the flags, the deployment naming the model, with the default API version and the key from the environment', () => {
    const c = chooseProvider(flags, KEY, '/w');
    assert.equal(c.provider, 'azure-openai');
    assert.deepEqual(c.azure, { endpoint: ENDPOINT, deployment: 'chat', apiVersion: DEFAULT_AZURE_API_VERSION });
    assert.equal(c.model, 'chat');
    assert.equal(c.apiKey, 'az-key');
    assert.equal(c.baseURL, undefined);
    assert.equal(c.notice, undefined);
  });

  it('reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_DEPLOYMENT and OPENAI_API_VERSION, a flag beating its variable', () => {
    const env = { ...KEY, AZURE_OPENAI_ENDPOINT: 'https://env.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'env-chat', OPENAI_API_VERSION: '2025-01-01-preview' };
    assert.deepEqual(chooseProvider(base, env, '/w').azure, { endpoint: 'https://env.openai.azure.com', deployment: 'env-chat', apiVersion: '2025-01-01-preview' });
    const both = chooseProvider({ ...flags, azureApiVersion: '2024-06-01', azureBatchDeployment: 'chat-batch' }, env, '/w');
    assert.deepEqual(both.azure, { endpoint: ENDPOINT, deployment: 'chat', apiVersion: '2024-06-01', batchDeployment: 'chat-batch' });
  });

  it('is chosen by any --azure-* flag or by AZURE_OPENAI_ENDPOINT alone; OPENAI_* in the environment keep openai, with a notice', () => {
    const env = { ...KEY, AZURE_OPENAI_DEPLOYMENT: 'chat' };
    assert.equal(chooseProvider({ ...base, azureEndpoint: ENDPOINT }, env, '/w').provider, 'azure-openai');
    assert.equal(chooseProvider(base, { ...env, AZURE_OPENAI_ENDPOINT: ENDPOINT }, '/w').provider, 'azure-openai');
    const mixed = chooseProvider(base, { ...env, AZURE_OPENAI_ENDPOINT: ENDPOINT, OPENAI_API_KEY: 'sk' }, '/w');
    assert.equal(mixed.provider, 'openai');
    assert.match(mixed.notice!, /OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT are both set: using the OpenAI-compatible endpoint \(give --provider azure-openai for Azure\)/);
    assert.equal(chooseProvider({ ...flags }, { ...KEY, OPENAI_API_KEY: 'sk' }, '/w').provider, 'azure-openai', 'a flag beats the environment');
  });

  it('an explicit --provider always wins', () => {
    const env = { ...KEY, AZURE_OPENAI_ENDPOINT: ENDPOINT, AZURE_OPENAI_DEPLOYMENT: 'chat', OPENAI_API_KEY: 'sk' };
    assert.equal(chooseProvider({ ...base, provider: 'azure-openai' }, env, '/w').provider, 'azure-openai');
    const openai = chooseProvider({ ...base, provider: 'openai' }, env, '/w');
    assert.deepEqual([openai.provider, openai.apiKey, openai.notice], ['openai', 'sk', undefined]);
    assert.equal(chooseProvider({ ...flags, provider: 'offline' }, env, '/w').provider, 'offline');
  });

  it('never takes the Azure key from a flag either', async () => {
    for (const flag of ['--api-key', '--azure-api-key']) {
      const r = await cli(['generate', 'docs', '--out', 'x.qa.jsonl', '--provider', 'azure-openai', flag, 'az-secret456']);
      assert.equal(r.code, EXIT.usage, flag);
      assert.match(r.err, /AZURE_OPENAI_API_KEY for Azure — never from a flag/, flag);
      assert.doesNotMatch(r.err, /az-secret456/, flag);
    }
  });

  it('names the flag and the variable of a missing field, and of the key', () => {
    const azure = { ...base, provider: 'azure-openai' as const };
    assert.throws(() => chooseProvider(azure, KEY, '/w'),
      /^CliError: Azure OpenAI needs --azure-endpoint <url> or AZURE_OPENAI_ENDPOINT \(https:\/\/my-resource\.openai\.azure\.com\)$/);
    assert.throws(() => chooseProvider({ ...azure, azureEndpoint: ENDPOINT }, KEY, '/w'), /needs --azure-deployment <name> or AZURE_OPENAI_DEPLOYMENT/);
    assert.throws(() => chooseProvider(flags, {}, '/w'), /^CliError: Azure OpenAI needs AZURE_OPENAI_API_KEY in the environment \(the only way to give the key\)$/);
    assert.throws(() => chooseProvider(flags, { OPENAI_API_KEY: 'sk' }, '/w'), /AZURE_OPENAI_API_KEY .*; OPENAI_API_KEY is not sent to Azure/);
  });

  it('names where a bad endpoint came from, and refuses the portal\'s target URI', () => {
    assert.throws(() => chooseProvider({ ...flags, azureEndpoint: 'my-resource' }, KEY, '/w'), /^CliError: --azure-endpoint must be a URL such as/);
    assert.throws(() => chooseProvider(base, { ...KEY, AZURE_OPENAI_ENDPOINT: `${ENDPOINT}/openai/deployments/chat/chat/completions`, AZURE_OPENAI_DEPLOYMENT: 'chat' }, '/w'),
      /^CliError: AZURE_OPENAI_ENDPOINT must be the resource endpoint without \/openai\/… \(the client adds that path\): https:\/\/my-resource\.openai\.azure\.com;/);
  });

  it('refuses flags of the other kind of endpoint instead of ignoring them', () => {
    assert.throws(() => chooseProvider({ ...flags, baseUrl: 'http://h/v1' }, KEY, '/w'), /--base-url and the --azure-\* flags name two endpoints; choose one with --provider/);
    assert.throws(() => chooseProvider({ ...flags, provider: 'azure-openai', baseUrl: 'http://h/v1' }, KEY, '/w'), /--base-url does not go with --provider azure-openai/);
    assert.throws(() => chooseProvider({ ...flags, model: 'gpt-4o' }, KEY, '/w'), /--model does not go with --provider azure-openai: the deployment is the model/);
    assert.equal(chooseProvider(flags, { ...KEY, QAFORGE_MODEL: 'llama' }, '/w').model, 'chat', 'QAFORGE_MODEL (ambient) does not rename the deployment');
    assert.throws(() => chooseProvider({ ...base, provider: 'openai', azureDeployment: 'chat' }, { OPENAI_API_KEY: 'sk' }, '/w'), /the --azure-\* flags do not go with --provider openai/);
  });

  it('generate refuses them before any model call, in one line, exit 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.md'), 'The kettle boils water in four minutes.\n');
    const r = await cli(['generate', 'a.md', '--out', 'x.qa.jsonl', '--provider', 'azure-openai', '--azure-endpoint', ENDPOINT], dir, KEY);
    assert.equal(r.code, EXIT.usage);
    assert.equal(r.err, 'qaforge: error: Azure OpenAI needs --azure-deployment <name> or AZURE_OPENAI_DEPLOYMENT (the name of the chat deployment)\n');
    const file = await cli(['generate', 'a.md', '--out', 'x.qa.jsonl', '--batch-file', 'jobs', '--model', 'm', '--azure-deployment', 'chat'], dir, KEY);
    assert.equal(file.code, EXIT.usage);
    assert.match(file.err, /--batch-file writes OpenAI-format request files .*; for Azure OpenAI global batch use --batch with --provider azure-openai/);
    // priced by the deployment's name, as in the extension: a name not in the table cannot be held to a budget
    const budget = await cli(['generate', 'a.md', '--out', 'x.qa.jsonl', '--azure-endpoint', ENDPOINT, '--azure-deployment', 'prod-chat', '--budget', '1'], dir, KEY);
    assert.equal(budget.code, EXIT.usage);
    assert.match(budget.err, /a budget needs the price of model prod-chat, which is not in the price table; .*--price IN,OUT/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.qa.jsonl')));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generate --help and batch --help document the Azure flags and variables', async () => {
    const { out } = await cli(['generate', '--help']);
    for (const word of ['--azure-endpoint', '--azure-deployment', '--azure-api-version', '--azure-batch-deployment', 'azure-openai',
      'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_DEPLOYMENT', 'OPENAI_API_VERSION', DEFAULT_AZURE_API_VERSION]) {
      assert.ok(out.includes(word), word);
    }
    assert.doesNotMatch(out, /--azure-api-key/);
    const batch = await cli(['batch', 'status', '--help']);
    for (const word of ['--azure-endpoint', '--azure-api-version', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY']) assert.ok(batch.out.includes(word), word);
  });
});

describe('qaforge batch: which endpoint each saved run is asked at', () => {
  const ENDPOINT = 'https://my-resource.openai.azure.com';

  it('serves each saved run from the API its jobs were submitted to: OpenAI-compatible by host, Azure by resource', () => {
    const both = batchEndpoints({ baseUrl: 'http://127.0.0.1:8000/v1' }, { AZURE_OPENAI_ENDPOINT: ENDPOINT, AZURE_OPENAI_API_KEY: 'az' });
    assert.equal(both.length, 2);
    const servedBy = (saved: string) => both.findIndex((e) => e.serves(saved));
    assert.equal(servedBy('127.0.0.1:8000'), 0);
    assert.equal(servedBy('my-resource.openai.azure.com/chat'), 1);
    assert.equal(servedBy('api.openai.com'), -1);
    assert.equal(servedBy('batch-file'), -1);
    assert.ok(batchEndpoints({}, { OPENAI_API_KEY: 'sk' })[0].serves('api.openai.com'));
  });

  it('leaves out an AZURE_OPENAI_ENDPOINT without a key, but a --azure-endpoint without one names the key', () => {
    assert.deepEqual(batchEndpoints({}, { AZURE_OPENAI_ENDPOINT: ENDPOINT }), []);
    assert.throws(() => batchEndpoints({ azureEndpoint: ENDPOINT }, {}), /needs AZURE_OPENAI_API_KEY in the environment/);
    assert.throws(() => batchEndpoints({ azureEndpoint: 'my-resource' }, { AZURE_OPENAI_API_KEY: 'az' }), /^CliError: --azure-endpoint must be a URL/);
  });

  it('shows a run of an endpoint not configured here by its saved status, and cancel says it cancelled nothing there (exit 3)', async () => {
    const dir = tempDir();
    const dataset = path.join(dir, 'ds.qa.jsonl');
    await saveBatchState(batchStateFile(path.join(dir, 'llm'), dataset), {
      v: 1, dataset, endpoint: 'my-resource.openai.azure.com/chat', model: 'chat',
      jobs: [{ id: 'batch_az1', inputFileId: 'file-1', customIds: ['a', 'b'], status: 'in_progress', submittedAt: '2026-01-01T00:00:00.000Z' }],
    });
    // an OpenAI-compatible endpoint nobody listens on: it must not be asked about an Azure job
    const args = ['--cache-dir', path.join(dir, 'llm'), '--out', dataset, '--base-url', 'http://127.0.0.1:9/v1'];
    const status = await cli(['batch', 'status', ...args], dir);
    assert.equal(status.code, EXIT.ok, status.err);
    assert.match(status.out, /batch_az1  in_progress  0\/2 done, 0 failed[\s\S]*\(saved status: my-resource\.openai\.azure\.com\/chat is not the endpoint configured here, so it was not asked\)/);
    const cancel = await cli(['batch', 'cancel', ...args], dir);
    assert.equal(cancel.code, EXIT.failed);
    assert.match(cancel.out, /was not asked and nothing was cancelled/);
    assert.match(cancel.err, /1 saved run has jobs in flight at an endpoint not configured here; give its endpoint \(.*--azure-endpoint.*\) to cancel them/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('batch cancel without any endpoint names both kinds', async () => {
    const r = await cli(['batch', 'cancel', '--cache-dir', path.join(os.tmpdir(), 'qaforge-none', 'llm')]);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /batch cancel needs the endpoint of the jobs: OPENAI_API_KEY or --base-url; for Azure OpenAI, --azure-endpoint or AZURE_OPENAI_ENDPOINT with AZURE_OPENAI_API_KEY/);
  });
});
