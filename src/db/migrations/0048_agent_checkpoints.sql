-- The copilot's LangGraph checkpoints, on the product's own database (embedded or server): a model
-- conversation paused on an approval request survives a restart and resumes from here. One row per
-- checkpoint and one per pending write, as LangGraph's own savers keep them; values are LangGraph's
-- serializer output (type + bytes). A thread's rows live only while its run is paused (deleted when the
-- run ends); agent_pending_calls stays the record of the exact call and its idempotency key.
CREATE TABLE "agent_checkpoints" (
	"thread_id" text NOT NULL,
	"checkpoint_ns" text DEFAULT '' NOT NULL,
	"checkpoint_id" text NOT NULL,
	"parent_checkpoint_id" text,
	"checkpoint_type" text NOT NULL,
	"checkpoint" bytea NOT NULL,
	"metadata_type" text NOT NULL,
	"metadata" bytea NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_checkpoints_pk" PRIMARY KEY("thread_id","checkpoint_ns","checkpoint_id")
);--> statement-breakpoint
CREATE TABLE "agent_checkpoint_writes" (
	"thread_id" text NOT NULL,
	"checkpoint_ns" text DEFAULT '' NOT NULL,
	"checkpoint_id" text NOT NULL,
	"task_id" text NOT NULL,
	"idx" integer NOT NULL,
	"channel" text NOT NULL,
	"task_path" text DEFAULT '' NOT NULL,
	"value_type" text NOT NULL,
	"value" bytea NOT NULL,
	CONSTRAINT "agent_checkpoint_writes_pk" PRIMARY KEY("thread_id","checkpoint_ns","checkpoint_id","task_id","idx")
);--> statement-breakpoint
CREATE INDEX "agent_checkpoints_created_idx" ON "agent_checkpoints" USING btree ("created_at");
