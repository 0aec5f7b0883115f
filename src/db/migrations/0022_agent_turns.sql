CREATE TABLE "agent_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"acting_as" text NOT NULL,
	"channel" text NOT NULL,
	"engine" text NOT NULL,
	"message" text NOT NULL,
	"tool_calls" jsonb NOT NULL,
	"refused" boolean NOT NULL,
	"reply" text NOT NULL,
	"correlation_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "agent_turns_thread_idx" ON "agent_turns" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "agent_turns_user_idx" ON "agent_turns" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "agent_turns_created_idx" ON "agent_turns" USING btree ("created_at");
