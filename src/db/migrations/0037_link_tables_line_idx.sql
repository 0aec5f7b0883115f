-- Link tables looked up by line: an invoice's detail (GET /invoices/:id) and deleting a draft's lines
-- (re-running a billing run) each scanned the whole table without these.
CREATE INDEX "invoice_line_expenses_line_idx" ON "invoice_line_expenses" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "invoice_line_milestones_line_idx" ON "invoice_line_milestones" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "invoice_line_time_entries_line_idx" ON "invoice_line_time_entries" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "invoice_line_usage_line_idx" ON "invoice_line_usage" USING btree ("line_id");
