CREATE TYPE "public"."delivery_channel" AS ENUM('email', 'portal', 'peppol', 'post');--> statement-breakpoint
CREATE TYPE "public"."billing_model" AS ENUM('time_and_materials', 'milestone', 'retainer', 'usage');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'active', 'ended');--> statement-breakpoint
CREATE TYPE "public"."invoice_frequency" AS ENUM('monthly', 'quarterly', 'milestone', 'in_advance_monthly', 'on_completion');--> statement-breakpoint
CREATE TYPE "public"."rounding_direction" AS ENUM('up', 'nearest', 'down');--> statement-breakpoint
CREATE TYPE "public"."tax_category" AS ENUM('standard', 'reduced', 'zero', 'exempt', 'reverse_charge');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('active', 'on_hold', 'closed');--> statement-breakpoint
CREATE TYPE "public"."milestone_status" AS ENUM('pending', 'completed', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."approval_status" AS ENUM('submitted', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."invoice_kind" AS ENUM('invoice', 'credit_note');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'pending_approval', 'approved', 'posted', 'delivered', 'partially_paid', 'paid', 'disputed', 'void', 'written_off');--> statement-breakpoint
CREATE TYPE "public"."line_kind" AS ENUM('time', 'milestone', 'retainer_fee', 'retainer_overage', 'usage', 'usage_minimum_shortfall', 'expense', 'discount');--> statement-breakpoint
CREATE TYPE "public"."billing_event_type" AS ENUM('period_close', 'time_approved', 'milestone_accepted', 'retainer_period_start', 'usage_reported');--> statement-breakpoint
CREATE TYPE "public"."billing_run_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."exception_severity" AS ENUM('info', 'warning', 'blocking');--> statement-breakpoint
CREATE TYPE "public"."exception_status" AS ENUM('open', 'assigned', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."exception_type" AS ENUM('unapproved_time', 'missing_po', 'missing_rate', 'rate_mismatch', 'cap_exceeded', 'retainer_overage', 'missing_fx_rate', 'missing_tax_setup', 'outside_contract_dates', 'contract_terms_mismatch');--> statement-breakpoint
CREATE TABLE "legal_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"country" char(2) NOT NULL,
	"functional_currency" char(3) NOT NULL,
	"tax_registration" text,
	"address" text,
	"invoice_prefix" text NOT NULL,
	"next_invoice_number" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_entities_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"legal_entity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"country" char(2) NOT NULL,
	"tax_id" text,
	"billing_contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delivery_channel" "delivery_channel" DEFAULT 'email' NOT NULL,
	"po_required" boolean DEFAULT false NOT NULL,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"credit_limit_minor" bigint,
	"credit_limit_currency" char(3),
	"account_manager" text,
	"language" text DEFAULT 'en' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"role" text NOT NULL,
	"legal_entity_id" uuid,
	"cost_rate" numeric(18, 6),
	"cost_currency" char(3),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"client_id" uuid NOT NULL,
	"legal_entity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "contract_status" DEFAULT 'active' NOT NULL,
	"models" "billing_model"[] NOT NULL,
	"currency" char(3) NOT NULL,
	"invoice_currency" char(3) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"time_rounding_minutes" integer DEFAULT 0 NOT NULL,
	"time_rounding_direction" "rounding_direction" DEFAULT 'nearest' NOT NULL,
	"not_to_exceed_minor" bigint,
	"fixed_fee_minor" bigint,
	"retainer" jsonb,
	"usage_terms" jsonb,
	"expense_terms" jsonb NOT NULL,
	"discounts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tax_treatment" "tax_category" DEFAULT 'standard' NOT NULL,
	"tax_jurisdiction" char(2) NOT NULL,
	"po_number" text,
	"payment_terms_days" integer DEFAULT 30 NOT NULL,
	"late_fee_percent_monthly" numeric(6, 3),
	"invoice_frequency" "invoice_frequency" DEFAULT 'monthly' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_code_unique" UNIQUE("code"),
	CONSTRAINT "contracts_dates_ck" CHECK ("contracts"."end_date" IS NULL OR "contracts"."end_date" >= "contracts"."start_date")
);
--> statement-breakpoint
CREATE TABLE "rate_card_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"role" text NOT NULL,
	"person_id" uuid,
	"rate" numeric(18, 6) NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "project_status" DEFAULT 'active' NOT NULL,
	"project_manager" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"name" text NOT NULL,
	"amount_minor" bigint,
	"percent" numeric(9, 4),
	"due_date" date,
	"status" "milestone_status" DEFAULT 'pending' NOT NULL,
	"completed_on" date,
	"accepted_on" date,
	"accepted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "time_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"external_id" text,
	"person_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"role" text NOT NULL,
	"work_date" date NOT NULL,
	"hours" numeric(8, 2) NOT NULL,
	"billable" boolean DEFAULT true NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rate_quoted" numeric(18, 6),
	"approval_status" "approval_status" DEFAULT 'submitted' NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_entries_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "time_entries_hours_ck" CHECK ("time_entries"."hours" > 0 AND "time_entries"."hours" <= 24)
);
--> statement-breakpoint
CREATE TABLE "expenses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "expenses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"external_id" text,
	"project_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"person_id" uuid,
	"incurred_on" date NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"billable" boolean DEFAULT true NOT NULL,
	"approval_status" "approval_status" DEFAULT 'submitted' NOT NULL,
	"approved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expenses_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "expenses_amount_ck" CHECK ("expenses"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_key" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_records_event_key_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "exchange_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"base" char(3) NOT NULL,
	"quote" char(3) NOT NULL,
	"rate" numeric(24, 12) NOT NULL,
	"rate_date" date NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_pair_date_uq" UNIQUE("base","quote","rate_date")
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"jurisdiction" char(2) NOT NULL,
	"category" "tax_category" NOT NULL,
	"rate_percent" numeric(7, 4) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"note" text,
	CONSTRAINT "tax_rates_key_uq" UNIQUE("jurisdiction","category","valid_from")
);
--> statement-breakpoint
CREATE TABLE "invoice_line_expenses" (
	"expense_id" bigint PRIMARY KEY NOT NULL,
	"line_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_line_milestones" (
	"milestone_id" uuid PRIMARY KEY NOT NULL,
	"line_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_line_time_entries" (
	"time_entry_id" bigint PRIMARY KEY NOT NULL,
	"line_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_line_usage" (
	"usage_record_id" bigint PRIMARY KEY NOT NULL,
	"line_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invoice_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"invoice_id" uuid NOT NULL,
	"line_key" text NOT NULL,
	"line_no" integer NOT NULL,
	"kind" "line_kind" NOT NULL,
	"description" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"unit" text NOT NULL,
	"unit_price" numeric(30, 12) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"precise_amount" numeric(40, 15) NOT NULL,
	"tax_category" "tax_category" NOT NULL,
	"tax_rate_percent" numeric(7, 4) NOT NULL,
	"tax_minor" bigint NOT NULL,
	"role" text,
	"person_id" uuid,
	"rate_card_entry_id" uuid,
	"milestone_id" uuid,
	"contract_term" text NOT NULL,
	"service_period_start" date NOT NULL,
	"service_period_end" date NOT NULL,
	"held" boolean DEFAULT false NOT NULL,
	"parent_line_id" bigint
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text,
	"kind" "invoice_kind" DEFAULT 'invoice' NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	"legal_entity_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"period" char(7) NOT NULL,
	"currency" char(3) NOT NULL,
	"fx_from" char(3),
	"fx_rate" numeric(24, 12),
	"fx_rate_date" date,
	"subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"held_minor" bigint DEFAULT 0 NOT NULL,
	"nte_consumed_minor" bigint DEFAULT 0 NOT NULL,
	"held" boolean DEFAULT false NOT NULL,
	"po_number" text,
	"payment_terms_days" integer NOT NULL,
	"issue_date" date,
	"due_date" date,
	"billing_run_id" uuid,
	"credits_invoice_id" uuid,
	"prepared_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retainer_periods" (
	"contract_id" uuid NOT NULL,
	"period" char(7) NOT NULL,
	"invoice_id" uuid,
	"rollover_in_hours" numeric(10, 2) NOT NULL,
	"rollover_out_hours" numeric(10, 2) NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "retainer_periods_contract_id_period_pk" PRIMARY KEY("contract_id","period")
);
--> statement-breakpoint
CREATE TABLE "billing_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_key" text NOT NULL,
	"type" "billing_event_type" NOT NULL,
	"payload" jsonb NOT NULL,
	"result" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "billing_events_event_key_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period" char(7) NOT NULL,
	"status" "billing_run_status" DEFAULT 'running' NOT NULL,
	"trigger" text DEFAULT 'cli' NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"type" "exception_type" NOT NULL,
	"severity" "exception_severity" NOT NULL,
	"owner_role" text NOT NULL,
	"status" "exception_status" DEFAULT 'open' NOT NULL,
	"message" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contract_id" uuid,
	"client_id" uuid,
	"invoice_id" uuid,
	"invoice_line_id" bigint,
	"period" char(7),
	"billing_run_id" uuid,
	"sla_hours" integer NOT NULL,
	"sla_due_at" timestamp with time zone NOT NULL,
	"assigned_to" text,
	"resolution_code" text,
	"resolution_note" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exceptions_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_entries" ADD CONSTRAINT "rate_card_entries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_card_entries" ADD CONSTRAINT "rate_card_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expenses" ADD CONSTRAINT "expenses_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_milestone_id_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_legal_entity_id_legal_entities_id_fk" FOREIGN KEY ("legal_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retainer_periods" ADD CONSTRAINT "retainer_periods_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retainer_periods" ADD CONSTRAINT "retainer_periods_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clients_legal_entity_idx" ON "clients" USING btree ("legal_entity_id");--> statement-breakpoint
CREATE INDEX "contracts_client_idx" ON "contracts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "rate_card_contract_idx" ON "rate_card_entries" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "projects_contract_idx" ON "projects" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "milestones_contract_idx" ON "milestones" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "time_entries_contract_date_idx" ON "time_entries" USING btree ("contract_id","work_date");--> statement-breakpoint
CREATE INDEX "expenses_contract_date_idx" ON "expenses" USING btree ("contract_id","incurred_on");--> statement-breakpoint
CREATE INDEX "usage_contract_date_idx" ON "usage_records" USING btree ("contract_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_key_uq" ON "invoice_lines" USING btree ("invoice_id","line_key");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_per_contract_period_uq" ON "invoices" USING btree ("contract_id","period","currency") WHERE "invoices"."kind" = 'invoice' AND "invoices"."status" <> 'void';--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_uq" ON "invoices" USING btree ("legal_entity_id","number");--> statement-breakpoint
CREATE INDEX "invoices_period_idx" ON "invoices" USING btree ("period");--> statement-breakpoint
CREATE INDEX "invoices_client_idx" ON "invoices" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "billing_runs_period_idx" ON "billing_runs" USING btree ("period");--> statement-breakpoint
CREATE INDEX "exceptions_status_idx" ON "exceptions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "exceptions_invoice_idx" ON "exceptions" USING btree ("invoice_id");