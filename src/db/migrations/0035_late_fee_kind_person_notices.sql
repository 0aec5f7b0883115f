-- A late fee is a line kind of its own (issue 14): compensation for paying late, not a fee for service, so
-- reports and aging can tell the two apart. Lines billed before this migration keep recurring_fee (their
-- line key `late_fee:<invoice>:<step>` still names them); the enum's new value cannot be used in the
-- transaction that adds it, so they are not rewritten here.
ALTER TYPE "public"."line_kind" ADD VALUE IF NOT EXISTS 'late_fee';
--> statement-breakpoint
-- The chat outbox gains notices to one person (the client's account manager when dunning escalates): kind
-- 'person', with the user to tell and the text.
ALTER TABLE "chat_notices" ADD COLUMN IF NOT EXISTS "user_id" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "chat_notices" DROP CONSTRAINT IF EXISTS "chat_notices_kind_ck";
--> statement-breakpoint
ALTER TABLE "chat_notices" ADD CONSTRAINT "chat_notices_kind_ck" CHECK ("kind" IN ('approval', 'channel_post', 'person'));
