-- Reminders told clients to pay by bank transfer but named no account. Each legal entity gets where its clients
-- pay: an IBAN (stored compact, checksum checked on input) with BIC and bank name, or, where the country has no
-- IBAN, an account number with its routing code (US routing number, UK sort code). Never both.
ALTER TABLE "legal_entities"
  ADD COLUMN "bank_name" text,
  ADD COLUMN "iban" text,
  ADD COLUMN "bic" text,
  ADD COLUMN "account_number" text,
  ADD COLUMN "routing_code" text,
  ADD CONSTRAINT "legal_entities_one_account" CHECK ("iban" IS NULL OR "account_number" IS NULL);
--> statement-breakpoint
-- With a model configured a reminder may be the model's draft: each row says who wrote it and, when the template
-- was sent instead, why the model's draft was refused (the check's problems, a timeout, an error).
ALTER TABLE "reminder_outbox"
  ADD COLUMN "drafted_by" text DEFAULT 'template' NOT NULL,
  ADD COLUMN "model_refusal" text;
