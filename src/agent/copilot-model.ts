import type { Config } from '../config.ts';
import { modelEngine } from './model/model-engine.ts';
import { copilotChatModel } from './model/model-provider.ts';
import type { ModelEngine } from './turn.ts';

/** The copilot's model engine from configuration, or null (the built-in router answers) when no model is configured. */
export function copilotFromConfig(config: Config): ModelEngine | null {
  const model = copilotChatModel(config);
  return model && config.LLM_MODEL ? modelEngine(model, config.LLM_MODEL) : null;
}
