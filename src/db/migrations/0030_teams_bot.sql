CREATE TABLE "teams_activities" (
	"activity_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams_conversations" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT '' NOT NULL,
	"service_url" text NOT NULL,
	"conversation_type" text NOT NULL,
	"bot_id" text NOT NULL,
	"aad_object_id" text,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "teams_activities_received_idx" ON "teams_activities" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "teams_conversations_person_idx" ON "teams_conversations" USING btree ("tenant_id","aad_object_id","updated_at");
