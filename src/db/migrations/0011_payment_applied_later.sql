-- Allocations made when a payment was recorded keep that part in recorded_minor; cash applied later adds to amount_minor only.
ALTER TABLE "payment_allocations" ADD COLUMN "recorded_minor" bigint;--> statement-breakpoint
UPDATE "payment_allocations" SET "recorded_minor" = "amount_minor";--> statement-breakpoint
ALTER TABLE "payment_allocations" ALTER COLUMN "recorded_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_recorded_within_amount" CHECK ("payment_allocations"."recorded_minor" >= 0 AND "payment_allocations"."recorded_minor" <= "payment_allocations"."amount_minor");
