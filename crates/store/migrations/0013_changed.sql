-- Who changed since the last digest (the duplicate detector compares only them): read
-- through indexes on the last change instead of every row.
CREATE INDEX people_updated ON people(updated_at);
CREATE INDEX emails_linked_updated ON emails(updated_at) WHERE person_id IS NOT NULL;
