-- Each invoice's dispute probability as the risk model saw it at issue, per model version: it reads
-- only the client's history before the issue date, so the nightly prioritization reads it instead of
-- running the 200-tree model on every open invoice again. model_hash (sha256 of the stored model)
-- guards against a version number that came to name another model (a restored or rebuilt database).
CREATE TABLE "invoice_dispute_scores" (
	"invoice_id" uuid NOT NULL REFERENCES "invoices"("id") ON DELETE CASCADE,
	"model_version" integer NOT NULL REFERENCES "risk_models"("version") ON DELETE CASCADE,
	"model_hash" text NOT NULL,
	"probability" numeric NOT NULL,
	"scored_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "invoice_dispute_scores_pk" PRIMARY KEY ("invoice_id", "model_version"),
	CONSTRAINT "invoice_dispute_scores_probability_ck" CHECK ("probability" >= 0 AND "probability" <= 1)
);
