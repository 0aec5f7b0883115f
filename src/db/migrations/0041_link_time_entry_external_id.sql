-- The timesheet system's id of each billed time entry, beside its link: GET /invoices/:id lists
-- them per line without reading time_entries. A billed entry cannot change, so the copy stays true.
ALTER TABLE "invoice_line_time_entries" ADD COLUMN "external_id" text;--> statement-breakpoint
UPDATE "invoice_line_time_entries" l SET "external_id" = te."external_id"
  FROM "time_entries" te WHERE te."id" = l."time_entry_id" AND te."external_id" IS NOT NULL;
