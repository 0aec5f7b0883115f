import { ChatOpenAI } from '@langchain/openai';
import { llmClientOptions, llmConfigured, type Config } from '../../config.ts';

/**
 * The copilot's chat model on the OpenAI API shape (OpenAI, Azure OpenAI, vLLM, Ollama), from the
 * same options every client of the product is built with (config.ts llmClientOptions), or null
 * when no model is configured. Retries are the agent's modelRetryMiddleware's, not the SDK's.
 */
export function copilotChatModel(config: Config, opts: { timeoutMs?: number } = {}): ChatOpenAI | null {
  const o = llmConfigured(config)
    ? llmClientOptions(config, { timeoutMs: opts.timeoutMs ?? 60_000, maxRetries: 0 })
    : null;
  if (!o) return null;
  return new ChatOpenAI({
    model: o.model,
    apiKey: o.apiKey,
    temperature: 0,
    maxRetries: 0,
    timeout: o.timeout,
    configuration: { baseURL: o.baseURL, timeout: o.timeout, maxRetries: 0 },
  });
}
