ALTER TYPE "public"."billing_run_status" ADD VALUE 'interrupted';--> statement-breakpoint
ALTER TABLE "billing_runs" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;