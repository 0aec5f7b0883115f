-- A billed time entry, expense or usage record cannot be deleted or moved to another contract, and
-- its billed quantities cannot change: the invoice line that bills it would no longer explain it.
-- (The link tables carry no foreign key to these rows, for billing-run speed; this guards them instead.)
CREATE OR REPLACE FUNCTION bc_guard_billed_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  billed boolean;
BEGIN
  IF TG_TABLE_NAME = 'time_entries' THEN
    SELECT EXISTS (SELECT 1 FROM invoice_line_time_entries WHERE time_entry_id = OLD.id) INTO billed;
  ELSIF TG_TABLE_NAME = 'expenses' THEN
    SELECT EXISTS (SELECT 1 FROM invoice_line_expenses WHERE expense_id = OLD.id) INTO billed;
  ELSE
    SELECT EXISTS (SELECT 1 FROM invoice_line_usage WHERE usage_record_id = OLD.id) INTO billed;
  END IF;
  IF NOT billed THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'billed record %.% cannot be deleted', TG_TABLE_NAME, OLD.id USING ERRCODE = '23503';
  END IF;
  IF TG_TABLE_NAME = 'time_entries' AND (NEW.hours, NEW.work_date, NEW.contract_id, NEW.person_id, NEW.role, NEW.billable)
       IS DISTINCT FROM (OLD.hours, OLD.work_date, OLD.contract_id, OLD.person_id, OLD.role, OLD.billable)
     OR TG_TABLE_NAME = 'expenses' AND (NEW.amount_minor, NEW.currency, NEW.contract_id, NEW.billable)
       IS DISTINCT FROM (OLD.amount_minor, OLD.currency, OLD.contract_id, OLD.billable)
     OR TG_TABLE_NAME = 'usage_records' AND (NEW.quantity, NEW.contract_id, NEW.occurred_on)
       IS DISTINCT FROM (OLD.quantity, OLD.contract_id, OLD.occurred_on) THEN
    RAISE EXCEPTION 'billed record %.% cannot change what was billed', TG_TABLE_NAME, OLD.id USING ERRCODE = '23503';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER time_entries_billed_guard BEFORE UPDATE OR DELETE ON time_entries FOR EACH ROW EXECUTE FUNCTION bc_guard_billed_record();
--> statement-breakpoint
CREATE TRIGGER expenses_billed_guard BEFORE UPDATE OR DELETE ON expenses FOR EACH ROW EXECUTE FUNCTION bc_guard_billed_record();
--> statement-breakpoint
CREATE TRIGGER usage_records_billed_guard BEFORE UPDATE OR DELETE ON usage_records FOR EACH ROW EXECUTE FUNCTION bc_guard_billed_record();
