CREATE TYPE "public"."rate_unit" AS ENUM('hour', 'day', 'half_day', 'month');--> statement-breakpoint
CREATE TYPE "public"."long_days" AS ENUM('pro_rata', 'cap');--> statement-breakpoint
ALTER TYPE "public"."line_kind" ADD VALUE IF NOT EXISTS 'recurring_fee';--> statement-breakpoint
ALTER TABLE "rate_card_entries" ADD COLUMN "unit" "rate_unit" DEFAULT 'hour' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "hours_per_day" numeric(4, 2) DEFAULT '8' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "long_days" "long_days" DEFAULT 'pro_rata' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "recurring_fees" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_hours_per_day_ck" CHECK ("contracts"."hours_per_day" > 0 AND "contracts"."hours_per_day" <= 24);
