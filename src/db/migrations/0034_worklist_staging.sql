-- The prioritization run stages its scored rows here, a batch of clients per statement (each its own
-- short transaction), then ranks them into worklist_items in one INSERT ... SELECT beside the run row
-- and its audit row: no run holds a transaction open while it scores, and no run keeps its rows in
-- memory for the global sort. Unlogged: the rows live for one run; a crash loses only a run that
-- is retried, and a run deletes what it staged (or what a crashed run left a day before). Reasons are
-- staged as text joined by U+001F, made jsonb when ranked (cheaper than parsing JSON per row).
CREATE UNLOGGED TABLE "worklist_staging" (
	"build_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"collector_id" uuid,
	"priority" numeric(20, 4) NOT NULL,
	"action" text NOT NULL,
	"step" text,
	"reasons" text NOT NULL,
	"open_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"days_past_due" integer NOT NULL,
	"late_probability" numeric(6, 4) NOT NULL,
	"expected_days_late" numeric(8, 2) NOT NULL,
	"dispute_probability" numeric(6, 4) NOT NULL,
	"staged_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
