CREATE TYPE "public"."payment_method" AS ENUM('bank_transfer', 'direct_debit', 'card', 'check', 'cash', 'other');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('recorded', 'reversed');--> statement-breakpoint
CREATE TYPE "public"."dispute_resolution" AS ENUM('upheld', 'rejected');--> statement-breakpoint
CREATE TABLE "payment_allocations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "payment_allocations_amount_positive" CHECK ("payment_allocations"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legal_entity_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"currency" char(3) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"received_on" date NOT NULL,
	"method" "payment_method" NOT NULL,
	"bank_reference" text NOT NULL,
	"note" text,
	"status" "payment_status" DEFAULT 'recorded' NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_for" text,
	"reversed_at" timestamp (3) with time zone,
	"reversed_by" text,
	"reversal_reason" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_minor" > 0),
	CONSTRAINT "payments_reversal_complete" CHECK (("payments"."status" = 'reversed') = ("payments"."reversed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "invoice_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"disputed_amount_minor" bigint,
	"opened_by" text NOT NULL,
	"opened_for" text,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"resolution" "dispute_resolution",
	"resolution_note" text,
	"resolved_by" text,
	"resolved_at" timestamp (3) with time zone,
	CONSTRAINT "invoice_disputes_amount_positive" CHECK ("invoice_disputes"."disputed_amount_minor" IS NULL OR "invoice_disputes"."disputed_amount_minor" > 0),
	CONSTRAINT "invoice_disputes_resolution_complete" CHECK (("invoice_disputes"."resolution" IS NULL) = ("invoice_disputes"."resolved_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_disputes" ADD CONSTRAINT "invoice_disputes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_allocations_payment_invoice_uq" ON "payment_allocations" USING btree ("payment_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_bank_reference_uq" ON "payments" USING btree ("legal_entity_id","bank_reference");--> statement-breakpoint
CREATE INDEX "payments_client_idx" ON "payments" USING btree ("client_id","received_on");--> statement-breakpoint
CREATE INDEX "payments_entity_received_idx" ON "payments" USING btree ("legal_entity_id","received_on");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_disputes_one_open_uq" ON "invoice_disputes" USING btree ("invoice_id") WHERE "invoice_disputes"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "invoice_disputes_invoice_idx" ON "invoice_disputes" USING btree ("invoice_id");