-- What a calendar event or mail thread-day looked like when it was last applied (a
-- digest of its date, time, title, type, status and attendees): a re-sync skips an
-- event whose digest is unchanged instead of rewriting it.
ALTER TABLE interactions ADD COLUMN source_fingerprint TEXT;
