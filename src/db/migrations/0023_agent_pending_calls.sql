CREATE TABLE "agent_pending_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"tool" text NOT NULL,
	"args" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"outcome" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "agent_pending_calls_request_thread_uq" ON "agent_pending_calls" USING btree ("request_id","thread_id");--> statement-breakpoint
CREATE INDEX "agent_pending_calls_thread_idx" ON "agent_pending_calls" USING btree ("thread_id","status");
