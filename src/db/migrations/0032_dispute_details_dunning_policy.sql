-- Disputes gain what collections work with (issue 14): a reason code, evidence links, an owner, an
-- SLA due date, and the re-issue resolution (the credit note and the corrected invoice it led to).
-- IF NOT EXISTS throughout: a database that has the columns but not the migration's record is left as it is.
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "reason_code" text
  CONSTRAINT "invoice_disputes_reason_code_ck"
  CHECK ("reason_code" IS NULL OR "reason_code" IN ('rate', 'hours', 'scope', 'missing_po', 'duplicate', 'tax', 'quality'));
--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "owner_id" uuid REFERENCES "users"("id");
--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "due_on" date;
--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "evidence" jsonb DEFAULT '[]'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "credit_note_id" uuid REFERENCES "invoices"("id");
--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD COLUMN IF NOT EXISTS "reissued_invoice_id" uuid REFERENCES "invoices"("id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invoice_disputes_owner_idx" ON "invoice_disputes" ("owner_id") WHERE "resolved_at" IS NULL;
--> statement-breakpoint
-- Dunning policies are versioned: each change bumps the version (and is audited with before and after).
ALTER TABLE "dunning_policies" ADD COLUMN IF NOT EXISTS "version" integer DEFAULT 1 NOT NULL;
