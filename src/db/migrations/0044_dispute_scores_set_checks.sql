-- The first nightly run after a new risk model stores a dispute score for every open invoice (990,000 in
-- bench/prioritize); PostgreSQL checked the two foreign keys row by row (a lookup and a KEY SHARE lock of the
-- invoice and of the model per row): 300,000 scores took 3.7-4.6 s with them and 1.2 s without, at a load of 8.
-- writeDisputeScores now checks both set-based (it joins the invoices and the model and writes nothing unless
-- every score found its invoice), and the ON DELETE CASCADE the keys gave is kept by two statement-level
-- triggers: deleting invoices (re-drafting deletes drafts) or a model deletes their scores in one statement.
ALTER TABLE "invoice_dispute_scores" DROP CONSTRAINT "invoice_dispute_scores_invoice_id_fkey";--> statement-breakpoint
ALTER TABLE "invoice_dispute_scores" DROP CONSTRAINT "invoice_dispute_scores_model_version_fkey";--> statement-breakpoint
CREATE FUNCTION "invoice_dispute_scores_of_deleted_invoices"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM invoice_dispute_scores s USING gone g WHERE s.invoice_id = g.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "invoice_dispute_scores_invoices_deleted" AFTER DELETE ON "invoices"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "invoice_dispute_scores_of_deleted_invoices"();--> statement-breakpoint
CREATE FUNCTION "invoice_dispute_scores_of_deleted_models"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM invoice_dispute_scores s USING gone g WHERE s.model_version = g.version;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "invoice_dispute_scores_models_deleted" AFTER DELETE ON "risk_models"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "invoice_dispute_scores_of_deleted_models"();
