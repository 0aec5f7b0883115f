-- An invoice's detail shows each time entry's external id beside its id (the first 50 per line):
-- looked up by id in the heap, that was most of the detail's engine time on the embedded database
-- (500 entries: ~20 ms of 30 on a busy machine); from this index alone (an index-only scan) ~2 ms.
CREATE INDEX "time_entries_id_external_idx" ON "time_entries" USING btree ("id") INCLUDE ("external_id");
