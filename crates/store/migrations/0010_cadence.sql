-- A person's own keep-in-touch cadence, overriding their tier's: NULL follows the tier,
-- 0 means "not tracked" (never overdue), any other number is days between meetings.
ALTER TABLE people ADD COLUMN cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 0 AND 3660);
