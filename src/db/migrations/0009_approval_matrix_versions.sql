CREATE TABLE "approval_matrix_proposals" (
	"sha256" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"matrix" jsonb NOT NULL,
	"proposed_by" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "approval_matrix_proposals_sha256" CHECK ("approval_matrix_proposals"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "approval_matrix_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"matrix" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"effective_from" date NOT NULL,
	"proposed_by" text NOT NULL,
	"approval_request_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "approval_matrix_versions_after_bundled" CHECK ("approval_matrix_versions"."version" >= 2),
	CONSTRAINT "approval_matrix_versions_sha256" CHECK ("approval_matrix_versions"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "approval_matrix_versions" ADD CONSTRAINT "approval_matrix_versions_approval_request_id_approval_requests_id_fk" FOREIGN KEY ("approval_request_id") REFERENCES "public"."approval_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Versions of the approval matrix and proposals are append-only, like audit_log (0004).
CREATE OR REPLACE FUNCTION approval_matrix_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER approval_matrix_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON approval_matrix_versions
  FOR EACH ROW EXECUTE FUNCTION approval_matrix_reject_change();
--> statement-breakpoint
CREATE TRIGGER approval_matrix_versions_no_truncate
  BEFORE TRUNCATE ON approval_matrix_versions
  FOR EACH STATEMENT EXECUTE FUNCTION approval_matrix_reject_change();
--> statement-breakpoint
CREATE TRIGGER approval_matrix_proposals_no_update_delete
  BEFORE UPDATE OR DELETE ON approval_matrix_proposals
  FOR EACH ROW EXECUTE FUNCTION approval_matrix_reject_change();
--> statement-breakpoint
CREATE TRIGGER approval_matrix_proposals_no_truncate
  BEFORE TRUNCATE ON approval_matrix_proposals
  FOR EACH STATEMENT EXECUTE FUNCTION approval_matrix_reject_change();
