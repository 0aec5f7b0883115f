CREATE TYPE "public"."bank_statement_format" AS ENUM('camt053', 'csv');--> statement-breakpoint
CREATE TYPE "public"."bank_line_status" AS ENUM('pending', 'applied', 'proposed', 'unapplied', 'unidentified', 'failed', 'debit');--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legal_entity_id" uuid NOT NULL REFERENCES "legal_entities"("id"),
	"format" "bank_statement_format" NOT NULL,
	"statement_ref" text NOT NULL,
	"account" text,
	"file_sha256" text NOT NULL,
	"file_name" text,
	"line_count" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statements_file_uq" ON "bank_statements" USING btree ("legal_entity_id","file_sha256");--> statement-breakpoint
CREATE TABLE "bank_statement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL REFERENCES "bank_statements"("id"),
	"legal_entity_id" uuid NOT NULL REFERENCES "legal_entities"("id"),
	"line_no" integer NOT NULL,
	"bank_reference" text NOT NULL,
	"direction" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"booked_on" date NOT NULL,
	"value_on" date,
	"counterparty_name" text,
	"counterparty_account" text,
	"remittance" text,
	"status" "bank_line_status" DEFAULT 'pending' NOT NULL,
	"client_id" uuid REFERENCES "clients"("id"),
	"payment_id" uuid REFERENCES "payments"("id"),
	"match" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "bank_statement_lines_amount_positive" CHECK ("bank_statement_lines"."amount_minor" > 0),
	CONSTRAINT "bank_statement_lines_direction" CHECK ("bank_statement_lines"."direction" IN ('credit', 'debit'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statement_lines_reference_uq" ON "bank_statement_lines" USING btree ("legal_entity_id","bank_reference");--> statement-breakpoint
CREATE INDEX "bank_statement_lines_statement_idx" ON "bank_statement_lines" USING btree ("statement_id","line_no");--> statement-breakpoint
CREATE INDEX "bank_statement_lines_account_idx" ON "bank_statement_lines" USING btree ("legal_entity_id","counterparty_account");
