-- Service identities (service:bank-import, service:scheduler, ...) are not rows of users, but their
-- catalogue calls take idempotency keys too (a bank line's reference): the key's owner is any actor id.
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "user_id" SET DATA TYPE text;
