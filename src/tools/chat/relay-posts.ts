import {
  chatPostOf,
  claimChatPost,
  settleChatPost,
  type ChatPostPlace,
} from '../../db/stores/chat-notice-post-store.ts';
import { STALE_SENDING_MS } from '../../db/stores/notice-delivery-store.ts';
import type { NoticePostResult } from '../approvals/deliver-decision-notices.ts';
import type { ToolDeps } from '../define-tool.ts';

/**
 * The chat relay's messages (src/api/chat/relay-notices.ts) follow the decision notices' discipline
 * (deliver-decision-notices.ts): each post is recorded before it is made, per notice, chat tool and place
 * (chat_notice_posts), settled after; a try that may have posted (cut off while `sending`, or `unsure`) is looked up
 * before posting again, and never posted again by a chat tool that cannot look. The post's record id is its mark in
 * the message (Slack's metadata), by which the look-up finds it.
 */

export type { ChatPostPlace };

/** Whether a try that may have posted did: as NoticeMessenger.noticePosted answers. */
export type PostLookUp = 'posted' | 'not_posted' | 'cannot_tell' | { error: string };

/** How to post one message to one place and look it up, given the post's mark. */
export interface RelayPostIo {
  post(mark: string): Promise<NoticePostResult>;
  /** Absent: this chat tool cannot look (Teams): a try that may have posted is never posted again. */
  lookUp?: (mark: string, since: Date) => Promise<PostLookUp>;
}

/**
 * delivered (now, or by an earlier try); failed (for good: never posted again); retry (nothing posted: a later relay
 * posts); unsure (it may have posted: a later relay looks first); busy (another relay's try is under way).
 */
export type RelayPostOutcome =
  | { state: 'delivered'; now: boolean }
  | { state: 'failed' | 'retry' | 'unsure' | 'busy'; error: string };

const CANNOT_TELL = 'this chat tool cannot tell: not posted again';

/** Posts one message to one place at most once (see the module's words). */
export async function postOnce(deps: ToolDeps, place: ChatPostPlace, io: RelayPostIo): Promise<RelayPostOutcome> {
  const db = deps.database.db;
  const now = deps.now();
  const prev = await chatPostOf(db, place);
  if (prev?.state === 'delivered') return { state: 'delivered', now: false };
  if (prev?.state === 'failed') return { state: 'failed', error: prev.error ?? 'failed' };
  if (prev?.state === 'sending' && prev.attemptedAt.getTime() > now.getTime() - STALE_SENDING_MS)
    return { state: 'busy', error: 'another relay is posting it' };
  const claimed = await claimChatPost(db, place, prev, now);
  if (!claimed) return { state: 'busy', error: 'another relay is posting it' };
  const settle = async (
    s: 'delivered' | 'failed' | 'retry' | 'unsure',
    error: string | null,
  ): Promise<RelayPostOutcome> => {
    await settleChatPost(db, claimed, s, error, deps.now());
    return s === 'delivered' ? { state: s, now: true } : { state: s, error: error ?? s };
  };
  if (prev && (prev.state === 'sending' || prev.state === 'unsure')) {
    const found = io.lookUp ? await io.lookUp(claimed.id, claimed.createdAt) : 'cannot_tell';
    if (found === 'posted') {
      await settle('delivered', null);
      return { state: 'delivered', now: false };
    }
    if (found === 'cannot_tell') return settle('failed', `a try may have posted it and ${CANNOT_TELL}`);
    if (found !== 'not_posted') return settle('unsure', `could not look up an earlier try: ${found.error}`);
  }
  const r = await io.post(claimed.id);
  if (r.ok) return settle('delivered', null);
  if (r.kind === 'permanent') return settle('failed', r.error);
  // It may have arrived, and this chat tool cannot be asked: at most once, never twice.
  if (r.kind === 'unsure' && !io.lookUp)
    return settle('failed', `${r.error}: it may have been posted and ${CANNOT_TELL}`);
  return settle(r.kind === 'unsure' ? 'unsure' : 'retry', r.error);
}
