-- What a requester is told when their approval request is decided (granted, rejected, granted too late),
-- whatever channel they asked in: one row per request and person, with read state.
CREATE TABLE "approval_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"request_id" uuid NOT NULL REFERENCES "approval_requests"("id"),
	"event" text NOT NULL,
	"text" text NOT NULL,
	"resumed" jsonb,
	"thread_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"read_at" timestamp (3) with time zone,
	"read_via" text,
	CONSTRAINT "approval_notices_event_ck" CHECK ("event" IN ('granted', 'rejected', 'expired'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "approval_notices_request_user_uq" ON "approval_notices" USING btree ("request_id","user_id");--> statement-breakpoint
CREATE INDEX "approval_notices_user_idx" ON "approval_notices" USING btree ("user_id","created_at");
