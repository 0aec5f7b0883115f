-- Each message the chat relay posts (an approver's request card, a requester's decision, a channel post, a text for
-- one person) is recorded before it is posted, per notice, chat tool and place: a relay cut off between a post and its
-- record finds the try `sending` and looks it up (Slack: the conversation's history, by the post id in the message's
-- metadata) instead of posting again; an answer that may have followed the post is `unsure` and looked up the same way.
CREATE TABLE "chat_notice_posts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "notice_id" uuid NOT NULL REFERENCES "chat_notices"("id") ON DELETE CASCADE,
  "provider" text NOT NULL,
  "target" text NOT NULL,
  "state" text NOT NULL,
  "attempts" integer DEFAULT 1 NOT NULL,
  "created_at" timestamp (3) with time zone NOT NULL,
  "attempted_at" timestamp (3) with time zone NOT NULL,
  "posted_at" timestamp (3) with time zone,
  "error" text,
  CONSTRAINT "chat_notice_posts_state_ck" CHECK ("state" IN ('sending', 'retry', 'unsure', 'delivered', 'failed'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "chat_notice_posts_place_uq" ON "chat_notice_posts" USING btree ("notice_id", "provider", "target");
