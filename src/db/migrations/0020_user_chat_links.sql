CREATE TABLE "user_chat_links" (
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"workspace_id" text DEFAULT '' NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_chat_links_pk" PRIMARY KEY("provider","workspace_id","external_id"),
	CONSTRAINT "user_chat_links_provider_ck" CHECK ("provider" IN ('slack', 'teams'))
);
--> statement-breakpoint
ALTER TABLE "user_chat_links" ADD CONSTRAINT "user_chat_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "user_chat_links_user_provider_uq" ON "user_chat_links" USING btree ("user_id","provider","workspace_id");
