ALTER TYPE "public"."exception_type" ADD VALUE 'unapproved_expense';--> statement-breakpoint
ALTER TABLE "expenses" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "fx_rates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Invoices written before fx_rates existed: their period rate (fx_from, fx_rate, fx_rate_date) becomes the list's one entry,
-- quoted as billing now quotes rates (at least four decimals). Rates their expense lines used stay in those lines' descriptions.
UPDATE "invoices" SET "fx_rates" = jsonb_build_array(jsonb_build_object(
  'from', "fx_from", 'to', "currency",
  'rate', CASE WHEN scale(trim_scale("fx_rate")) < 4 THEN round("fx_rate", 4)::text ELSE trim_scale("fx_rate")::text END,
  'rateDate', "fx_rate_date"::text, 'usedFor', jsonb_build_array('contract_currency')
)) WHERE "fx_from" IS NOT NULL AND "fx_rate" IS NOT NULL AND "fx_rate_date" IS NOT NULL;
