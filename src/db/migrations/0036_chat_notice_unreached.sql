-- A chat notice says who it could not reach and why (issue 13): a person linked to Teams who never talked to the
-- bot has no conversation the bot may write to, so no retry can reach them; the request waits in their inbox.
-- status 'inbox': nobody could be told in chat, everyone it was for finds the request in the approvals inbox.
ALTER TABLE "chat_notices" ADD COLUMN IF NOT EXISTS "unreached" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "chat_notices" DROP CONSTRAINT IF EXISTS "chat_notices_status_ck";
--> statement-breakpoint
ALTER TABLE "chat_notices" ADD CONSTRAINT "chat_notices_status_ck"
  CHECK ("status" IN ('queued', 'sent', 'failed', 'inbox'));
