import type OpenAI from 'openai';
import type { Config } from '../../config.ts';
import { LOCAL_EMBEDDING_MODEL, localEmbedding } from './local-embedding.ts';

/** Turns texts into vectors of a fixed size; the model name is stored with each vector. */
export interface Embedder {
  model: string;
  dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

/** The built-in embedder. */
export function localEmbedder(dimensions: number): Embedder {
  return {
    model: `${LOCAL_EMBEDDING_MODEL}-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map((t) => localEmbedding(t, dimensions)),
  };
}

/** An OpenAI-API-shaped embedder asking for `dimensions` (text-embedding-3 models support it). */
export function openAiEmbedder(config: Config, dimensions: number): Embedder {
  if (!config.EMBEDDING_MODEL) throw new Error('EMBEDDING_MODEL is not configured');
  const model = config.EMBEDDING_MODEL;
  // The SDK is loaded on the first embedding, not at start: most installations run the built-in embedder.
  let client: Promise<OpenAI> | undefined;
  const clientOf = () =>
    (client ??= import('openai').then(
      ({ default: SDK }) =>
        new SDK({
          apiKey: config.LLM_API_KEY ?? 'not-needed',
          baseURL: config.LLM_BASE_URL ?? 'https://api.openai.com/v1',
          maxRetries: 1,
        }),
    ));
  return {
    model: `${model}-${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += 64) {
        // Floats, not the SDK's default base64: OpenAI-compatible servers (vLLM, Ollama) do not all support base64.
        const res = await (await clientOf()).embeddings.create({
          model,
          input: texts.slice(i, i + 64),
          dimensions,
          encoding_format: 'float',
        });
        for (const d of [...res.data].sort((a, b) => a.index - b.index)) {
          if (d.embedding.length !== dimensions)
            throw new Error(
              `Embedding model ${model} returned ${d.embedding.length} dimensions, expected ${dimensions}`,
            );
          out.push(d.embedding);
        }
      }
      return out;
    },
  };
}

/** The configured embedder: the OpenAI API shape when EMBEDDING_MODEL is set with an endpoint or key, else the built-in one. */
export function createEmbedder(config: Config, dimensions: number): Embedder {
  return config.EMBEDDING_MODEL && (config.LLM_BASE_URL || config.LLM_API_KEY)
    ? openAiEmbedder(config, dimensions)
    : localEmbedder(dimensions);
}
