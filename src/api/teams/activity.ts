import { createHash } from 'node:crypto';
import { z } from 'zod';
import { languageOfTag, type Language } from '../../agent/language/detect.ts';

/**
 * The fields of a Bot Framework activity the bot reads (everything else passes through unread).
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object
 */
export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(512).optional(),
  name: z.string().max(256).optional(),
  serviceUrl: z.url().max(2048),
  channelId: z.string().min(1).max(64),
  text: z.string().max(28_000).optional(),
  /** The sender's Teams locale, a BCP-47 tag ("fr-FR"); an odd one is dropped, never a reason to refuse the message. */
  locale: z.string().max(64).optional().catch(undefined),
  value: z.unknown().optional(),
  from: z.looseObject({ id: z.string().max(512), aadObjectId: z.string().max(128).optional() }),
  recipient: z.looseObject({ id: z.string().max(512) }).optional(),
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(128).optional(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(128) }).optional() }).optional(),
});
export type Activity = z.infer<typeof activitySchema>;

/** The tenant an activity comes from: channelData.tenant.id, else the conversation's; '' when neither. */
export const tenantOf = (a: Activity): string => a.channelData?.tenant?.id ?? a.conversation.tenantId ?? '';

/**
 * The sender's language as the copilot's reply-language preference: the activity's `locale`, else the one a
 * `clientInfo` entity carries; "fr-CA" is French, a language other than English, German or French is none.
 */
export function languageOfActivity(a: Activity): Language | null {
  return languageOfTag(localeOfActivity(a) ?? undefined);
}

/** The sender's Teams locale tag: the activity's `locale`, else a `clientInfo` entity's; null when neither. */
export function localeOfActivity(a: Activity): string | null {
  const entities = Array.isArray(a.entities) ? (a.entities as unknown[]) : [];
  const info = entities.find(
    (e): e is { locale?: unknown } => !!e && typeof e === 'object' && (e as { type?: unknown }).type === 'clientInfo',
  );
  const locale = a.locale ?? (typeof info?.locale === 'string' ? info.locale.slice(0, 64) : undefined);
  return locale || null;
}

/** The person's words without the bot's @mention (<at>Billing Copilot</at>) and markup Teams adds. */
export function wordsOf(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The copilot thread of a person in a Teams conversation: a stable UUID from tenant, conversation
 * and user, so the conversation keeps its memory and its paused approvals across messages.
 */
export function threadIdOf(tenantId: string, conversationId: string, userId: string): string {
  const h = createHash('sha256').update(`teams\n${tenantId}\n${conversationId}\n${userId}`).digest('hex');
  // Shaped as a version 4, variant 1 UUID (the thread column and the API's threadId are uuids).
  const v = `4${h.slice(13, 16)}`;
  const r = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16) + h.slice(17, 20);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${v}-${r}-${h.slice(20, 32)}`;
}
