-- Versioned risk models (dispute and late payment), trained from the firm's own history: the model
-- as JSON, the date its history ends, who trained it, and its metrics on a held-out quarter.
CREATE TABLE "risk_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trained_through" date NOT NULL,
	"trained_by" text NOT NULL,
	"trained_at" timestamp (3) with time zone NOT NULL,
	"metrics" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	CONSTRAINT "risk_models_kind_check" CHECK ("kind" IN ('trained', 'prior'))
);
