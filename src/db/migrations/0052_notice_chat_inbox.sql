-- A decision notice older than CHAT_NOTICE_MAX_AGE_HOURS when the delivery first takes it up (notices queued while
-- no chat tool was configured, or while the server was stopped) is not posted: a chat tool configured today does not
-- post last month's decisions. It is settled `inbox`: the person reads it in the API and the terminal, as before.
ALTER TABLE "approval_notices" DROP CONSTRAINT "approval_notices_chat_state_ck";--> statement-breakpoint
ALTER TABLE "approval_notices" ADD CONSTRAINT "approval_notices_chat_state_ck"
CHECK ("chat_state" IN ('queued', 'sending', 'retry', 'unsure', 'delivered', 'failed', 'no_chat', 'read', 'inbox'));
