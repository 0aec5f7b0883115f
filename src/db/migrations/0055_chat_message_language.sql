-- The language ('en', 'de', 'fr') an approver's chat message was written in, so the update that takes its buttons
-- away after the decision is written in the same one, also after a restart (it was kept in the server's memory).
-- Null: a message remembered before this migration (its update is in English).
ALTER TABLE "chat_messages" ADD COLUMN "language" text;
