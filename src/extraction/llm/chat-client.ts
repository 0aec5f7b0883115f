import OpenAI from 'openai';
import { llmClientOptions, type Config } from '../../config.ts';

/** The one call the LLM extractor makes: a chat completion with a JSON-schema response format. */
export interface ChatClient {
  model: string;
  complete(request: {
    system: string;
    user: string;
    schema: Record<string, unknown>;
  }): Promise<{ content: string | null; toolCalls: number }>;
}

/**
 * An OpenAI-API-shaped client (OpenAI, Azure OpenAI, vLLM, Ollama) from config. Base URL and key
 * are passed explicitly so the SDK never falls back to reading the environment; the key travels
 * only in the Authorization header.
 */
export function openAiChatClient(config: Config, opts: { timeoutMs?: number } = {}): ChatClient {
  const options = llmClientOptions(config, { timeoutMs: opts.timeoutMs ?? 120_000 });
  if (!options) throw new Error('LLM_MODEL is not configured');
  const { model, ...clientOptions } = options;
  const client = new OpenAI(clientOptions);
  return {
    model,
    async complete({ system, user, schema }) {
      const res = await client.chat.completions.create({
        model,
        temperature: 0,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'sow_terms', strict: true, schema } },
      });
      const message = res.choices[0]?.message;
      return { content: message?.content ?? null, toolCalls: message?.tool_calls?.length ?? 0 };
    },
  };
}
