import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { startStubLlm, type StubServer } from '../llm/testing/stub-server.ts';
import { createEmbedder } from './embedder.ts';

let stub: StubServer | null = null;
afterEach(async () => {
  await stub?.close();
  stub = null;
});
const never = () => ({ status: 500, error: 'not used' });

describe('createEmbedder', () => {
  it('uses the built-in embedding when no embedding model is configured', async () => {
    const e = createEmbedder(loadConfig({ LLM_MODEL: 'm', LLM_API_KEY: 'k' }), 256);
    expect(e.model).toBe('local-hash-v1-256');
    expect((await e.embed(['travel expenses']))[0]).toHaveLength(256);
  });

  it('calls the OpenAI embeddings API with the model and the stored dimension when configured', async () => {
    stub = await startStubLlm(never);
    const e = createEmbedder(
      loadConfig({ LLM_BASE_URL: stub.baseURL, LLM_API_KEY: 'k', EMBEDDING_MODEL: 'text-embedding-3-small' }),
      256,
    );
    const vectors = await e.embed(['a', 'bb', 'ccc']);
    expect(vectors.map((v) => v.length)).toEqual([256, 256, 256]);
    expect(e.model).toBe('text-embedding-3-small-256');
    expect(stub.requests[0]?.body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 256,
      input: ['a', 'bb', 'ccc'],
    });
  });

  it('refuses vectors of another size than the column holds', async () => {
    stub = await startStubLlm(never, { embeddingSize: 1536 });
    const e = createEmbedder(
      loadConfig({ LLM_BASE_URL: stub.baseURL, EMBEDDING_MODEL: 'text-embedding-ada-002' }),
      256,
    );
    await expect(e.embed(['a'])).rejects.toThrow(/1536 dimensions, expected 256/);
  });
});
