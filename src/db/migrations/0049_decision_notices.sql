-- A requester's notice is written with the decision itself (approvals_grant, approvals_reject, invoices_approve,
-- invoices_reject), in its transaction, whatever channel asked and whether or not a server relays chat. An invoice's
-- own approval has no approval request: its notice names the invoice and the revision it was decided at instead,
-- once per revision and person. What was decided is kept on the notice (before: read from the request).
ALTER TABLE "approval_notices" ALTER COLUMN "request_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "action_type" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "target_type" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "target_id" text;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD COLUMN "invoice_revision" integer;--> statement-breakpoint
UPDATE "approval_notices" n
SET "action_type" = r."action_type", "target_type" = r."target_type", "target_id" = r."target_id"
FROM "approval_requests" r
WHERE r."id" = n."request_id";--> statement-breakpoint
ALTER TABLE "approval_notices" ALTER COLUMN "action_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_notices" ALTER COLUMN "target_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_notices" ALTER COLUMN "target_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_notices" ADD CONSTRAINT "approval_notices_subject_ck"
CHECK ("request_id" IS NOT NULL
  OR ("target_type" = 'invoice' AND "invoice_revision" IS NOT NULL));--> statement-breakpoint
CREATE UNIQUE INDEX "approval_notices_invoice_decision_uq" ON "approval_notices"
USING btree ("target_id","invoice_revision","user_id") WHERE "request_id" IS NULL;
