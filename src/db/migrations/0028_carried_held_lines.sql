-- What a held line holds (issue 11). A held line either holds its whole draft (the draft cannot be
-- submitted) or is carried: the rest of the period is billed, and the line is billed later, once its
-- exception is released, on a supplementary invoice for the same contract and period.
ALTER TABLE "invoices" ADD COLUMN "supplements_invoice_id" uuid;
--> statement-breakpoint
-- One standard invoice per contract, period and currency still; supplementary ones sit beside it.
DROP INDEX IF EXISTS "invoices_one_per_contract_period_uq";
--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_per_contract_period_uq" ON "invoices" USING btree ("contract_id","period","currency")
  WHERE "invoices"."kind" = 'invoice' AND "invoices"."status" <> 'void' AND "invoices"."supplements_invoice_id" IS NULL;
--> statement-breakpoint
CREATE INDEX "invoices_supplements_idx" ON "invoices" USING btree ("supplements_invoice_id");
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "carried" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "carried_from_line_id" bigint;
--> statement-breakpoint
-- A held line is carried onto a supplementary invoice at most once: the index is what makes it so.
CREATE UNIQUE INDEX "invoice_lines_carried_from_uq" ON "invoice_lines" USING btree ("carried_from_line_id");
--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "hold_scope" text;
