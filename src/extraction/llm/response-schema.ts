import { z } from 'zod';
import { capSchema, evidenceSchema, sowTermsSchema, type SowTerms } from '../sow-terms.ts';

/**
 * The schema the model must answer with: SowTerms v1 where every property is required (strict
 * structured output allows no optional keys), so the one optional key, caps[].amount, is nullable.
 */
export const llmSowTermsSchema = sowTermsSchema.extend({
  caps: z.array(
    capSchema.extend({ amount: z.string().nullable().describe('the cap amount; null for a percent-of-fees cap') }),
  ),
  // The model states quotes; confidence is the extractor's own judgement, set after verification.
  evidence: z
    .array(evidenceSchema.omit({ confidence: true }))
    .describe('one entry per extracted value: field path, verbatim quote and page'),
});
export type LlmSowTerms = z.infer<typeof llmSowTermsSchema>;

// Keywords strict structured output rejects or ignores; the zod schema still checks them on the way back.
const UNSUPPORTED = new Set([
  '$schema',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => !UNSUPPORTED.has(k))
      .map(([k, v]) => [k, strip(v)]),
  );
}

/** The JSON schema sent as response_format, from the zod schema (zod 4's z.toJSONSchema). */
export function responseJsonSchema(): Record<string, unknown> {
  return strip(z.toJSONSchema(llmSowTermsSchema, { target: 'draft-2020-12', io: 'output' })) as Record<string, unknown>;
}

/** Parses a model answer into SowTerms; null when it is not valid JSON of the schema. */
export function parseModelAnswer(content: string): SowTerms | null {
  let json: unknown;
  try {
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return null;
  }
  const parsed = llmSowTermsSchema.safeParse(json);
  if (!parsed.success) return null;
  return {
    ...parsed.data,
    caps: parsed.data.caps.map(({ amount, ...rest }) => (amount === null ? rest : { ...rest, amount })),
  };
}
