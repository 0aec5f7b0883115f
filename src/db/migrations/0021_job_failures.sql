CREATE TABLE "job_failures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"queue" text NOT NULL,
	"job_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"will_retry" boolean NOT NULL,
	"retry_at" timestamp with time zone,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"acted_as" text NOT NULL,
	"error" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_failures_object_idx" ON "job_failures" USING btree ("object_type","object_id","failed_at");--> statement-breakpoint
CREATE INDEX "job_failures_failed_at_idx" ON "job_failures" USING btree ("failed_at");--> statement-breakpoint
CREATE INDEX "job_failures_job_idx" ON "job_failures" USING btree ("job_id");
