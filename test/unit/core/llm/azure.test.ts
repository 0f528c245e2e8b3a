import { strict as assert } from 'node:assert';
import { azureEndpointName, isAzureEndpointName, resolveAzure } from '../../../../src/core/llm/azure';
import { DEFAULT_AZURE_API_VERSION } from '../../../../src/core/llm/defaults';
import { createOpenAiTransport } from '../../../../src/core/llm/openaiTransport';
import { createOpenAiBatchApi } from '../../../../src/core/llm/batch/api';

describe('Azure OpenAI configuration (shared by the extension and the CLI)', () => {
  const endpoint = 'https://my-resource.openai.azure.com';

  it('defaults the API version, trims blanks and drops an empty batch deployment', () => {
    assert.deepEqual(resolveAzure({ endpoint: ` ${endpoint} `, deployment: 'chat', apiVersion: '', batchDeployment: ' ' }),
      { ok: true, config: { endpoint, deployment: 'chat', apiVersion: DEFAULT_AZURE_API_VERSION } });
    assert.deepEqual(resolveAzure({ endpoint, deployment: 'chat', apiVersion: '2025-01-01-preview', batchDeployment: 'chat-batch' }),
      { ok: true, config: { endpoint, deployment: 'chat', apiVersion: '2025-01-01-preview', batchDeployment: 'chat-batch' } });
  });

  it('names the first field that cannot work: endpoint, then deployment', () => {
    assert.deepEqual(resolveAzure({ deployment: 'chat' }), { ok: false, field: 'endpoint', reason: 'is not set', missing: true });
    assert.deepEqual(resolveAzure({ endpoint, deployment: '  ' }), { ok: false, field: 'deployment', reason: 'is not set', missing: true });
    const notUrl = resolveAzure({ endpoint: 'my-resource', deployment: 'chat' });
    assert.ok(!notUrl.ok && notUrl.field === 'endpoint' && !notUrl.missing && /must be a URL such as https:\/\/my-resource\.openai\.azure\.com; got "my-resource"/.test(notUrl.reason));
    assert.equal(resolveAzure({ endpoint: 'ftp://x', deployment: 'chat' }).ok, false);
  });

  it('refuses the portal\'s target URI (the client adds /openai itself) and says which endpoint to give', () => {
    const target = resolveAzure({ endpoint: `${endpoint}/openai/deployments/chat/chat/completions?api-version=2024-10-21`, deployment: 'chat' });
    assert.ok(!target.ok && target.field === 'endpoint');
    assert.match(target.reason, /without \/openai\/… \(the client adds that path\): https:\/\/my-resource\.openai\.azure\.com;/);
    assert.equal(resolveAzure({ endpoint: 'https://gateway.example.com/azure-llm', deployment: 'chat' }).ok, true, 'a gateway path is kept');
  });

  it('names a deployment <host>/<deployment> and knows its resource from that name', () => {
    assert.equal(azureEndpointName(`${endpoint}/`, 'chat'), 'my-resource.openai.azure.com/chat');
    assert.ok(isAzureEndpointName('my-resource.openai.azure.com/chat', endpoint));
    assert.ok(!isAzureEndpointName('my-resource.openai.azure.com', endpoint), 'an OpenAI-compatible endpoint of that host is not a deployment');
    assert.ok(!isAzureEndpointName('other.openai.azure.com/chat', endpoint));
  });
});

describe('Azure OpenAI clients and OPENAI_BASE_URL', () => {
  const saved = process.env.OPENAI_BASE_URL;
  before(() => { process.env.OPENAI_BASE_URL = 'http://localhost:11434/v1'; });
  after(() => {
    if (saved === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved;
  });
  const azure = { endpoint: 'https://my-resource.openai.azure.com', deployment: 'chat', apiVersion: DEFAULT_AZURE_API_VERSION };

  it('are built although OPENAI_BASE_URL is set for another endpoint (the SDK would refuse it beside the Azure endpoint)', () => {
    const transport = createOpenAiTransport({ apiKey: 'k', model: 'chat', embeddingModel: 'embed', azure });
    assert.equal(transport.endpoint, 'my-resource.openai.azure.com/chat');
    assert.doesNotThrow(() => createOpenAiBatchApi({ apiKey: 'k', endpoint: transport.endpoint, azure }));
  });
});
