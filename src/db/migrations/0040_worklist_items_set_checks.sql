-- The nightly ranking inserts every open receivable's worklist row in one statement; PostgreSQL checks
-- a foreign key row by row (a lookup and a KEY SHARE lock of the referenced row per insert), and the
-- three checks were most of that statement: 4.9 s of 8.0 s at 100,000 rows. The ranking statement now
-- checks the references set-based (it joins the run, the invoices and the collectors and refuses the
-- run when a row has none); nothing deletes a run, an issued invoice or a user, so they cannot go later.
ALTER TABLE "worklist_items" DROP CONSTRAINT "worklist_items_run_id_fkey";--> statement-breakpoint
ALTER TABLE "worklist_items" DROP CONSTRAINT "worklist_items_invoice_id_fkey";--> statement-breakpoint
ALTER TABLE "worklist_items" DROP CONSTRAINT "worklist_items_collector_id_fkey";
