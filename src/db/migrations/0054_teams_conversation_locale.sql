-- The Teams locale ("fr-FR") of the person in a personal chat with the bot, from the latest activity that carried one:
-- the only place Teams tells a person's language, so the approval cards and notices sent to them later, unprompted, are
-- written in it. Null: never told (English).
ALTER TABLE "teams_conversations" ADD COLUMN "locale" text;
