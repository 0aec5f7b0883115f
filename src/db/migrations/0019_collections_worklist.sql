-- Collections: a segment per client, a collector assigned per client (a user, not the free-text
-- account_manager), and the ranked worklist of each prioritization run, one run per as-of date.
ALTER TABLE "clients" ADD COLUMN "segment" text DEFAULT 'standard' NOT NULL;
--> statement-breakpoint
CREATE TABLE "client_collectors" (
	"client_id" uuid PRIMARY KEY NOT NULL REFERENCES "clients"("id"),
	"collector_id" uuid NOT NULL REFERENCES "users"("id"),
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "client_collectors_collector_idx" ON "client_collectors" ("collector_id");
--> statement-breakpoint
CREATE TABLE "worklist_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"as_of" date NOT NULL,
	"model_version" integer REFERENCES "risk_models"("version"),
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "worklist_runs_as_of_uq" ON "worklist_runs" ("as_of");
--> statement-breakpoint
CREATE TABLE "worklist_items" (
	"run_id" uuid NOT NULL REFERENCES "worklist_runs"("id"),
	"invoice_id" uuid NOT NULL REFERENCES "invoices"("id"),
	"collector_id" uuid REFERENCES "users"("id"),
	"rank" integer NOT NULL,
	"priority" numeric(20, 4) NOT NULL,
	"action" text NOT NULL,
	"step" text,
	"reasons" jsonb NOT NULL,
	"open_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"days_past_due" integer NOT NULL,
	"late_probability" numeric(6, 4) NOT NULL,
	"expected_days_late" numeric(8, 2) NOT NULL,
	"dispute_probability" numeric(6, 4) NOT NULL,
	CONSTRAINT "worklist_items_pk" PRIMARY KEY ("run_id", "invoice_id")
);
--> statement-breakpoint
CREATE INDEX "worklist_items_collector_idx" ON "worklist_items" ("run_id", "collector_id", "rank");
