-- What the morning digest asks once a day, each by index instead of a pass over everyone:
-- which addresses are new since the last digest, and whose birthday comes up (by month
-- and day). Who changed since then is indexed already (0013).
CREATE INDEX emails_created ON emails(created_at);
CREATE INDEX people_birthday_day ON people(substr(birthday, -5))
    WHERE birthday IS NOT NULL AND archived = 0 AND closeness IS NOT NULL;
