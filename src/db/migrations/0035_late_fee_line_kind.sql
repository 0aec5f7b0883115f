-- A late fee is a line kind of its own (issue 14): compensation for paying late, not a fee for service, so
-- reports and aging can tell the two apart. Lines billed before this migration keep recurring_fee (their
-- line key `late_fee:<invoice>:<step>` still names them); the enum's new value cannot be used in the
-- transaction that adds it, so they are not rewritten here.
ALTER TYPE "public"."line_kind" ADD VALUE IF NOT EXISTS 'late_fee';
