CREATE TABLE "chat_inbound_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"received_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	CONSTRAINT "chat_inbound_events_pk" PRIMARY KEY("provider","event_id"),
	CONSTRAINT "chat_inbound_events_status_ck" CHECK ("status" IN ('received', 'working', 'done', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "chat_inbound_events_status_idx" ON "chat_inbound_events" USING btree ("status","received_at");--> statement-breakpoint
CREATE TABLE "chat_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"request_id" uuid,
	"event" text,
	"text" text,
	"dedupe_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "chat_notices_kind_ck" CHECK ("kind" IN ('approval', 'channel_post')),
	CONSTRAINT "chat_notices_event_ck" CHECK ("event" IS NULL OR "event" IN ('opened', 'granted', 'rejected')),
	CONSTRAINT "chat_notices_status_ck" CHECK ("status" IN ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "chat_notices_status_idx" ON "chat_notices" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_notices_dedupe_uq" ON "chat_notices" USING btree ("dedupe_key");--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"provider" text NOT NULL,
	"request_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"message_ref" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_messages_pk" PRIMARY KEY("provider","request_id","user_id")
);
