CREATE TABLE "invoice_line_usage_shares" (
	"line_id" bigint NOT NULL,
	"usage_record_id" bigint NOT NULL,
	CONSTRAINT "invoice_line_usage_shares_line_id_usage_record_id_pk" PRIMARY KEY("line_id","usage_record_id")
);--> statement-breakpoint
-- Lines billed before this table existed: each usage record's one link becomes its first share.
INSERT INTO "invoice_line_usage_shares" ("line_id", "usage_record_id") SELECT "line_id", "usage_record_id" FROM "invoice_line_usage";
