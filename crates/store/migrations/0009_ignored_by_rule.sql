-- Whether an ignore rule covers an address, kept by triggers when addresses or rules
-- come and go, so listing unknown attendees does not test every rule on every address.
ALTER TABLE emails ADD COLUMN ignored_by_rule INTEGER NOT NULL DEFAULT 0 CHECK (ignored_by_rule IN (0, 1));
UPDATE emails SET ignored_by_rule = 1
    WHERE EXISTS (SELECT 1 FROM ignore_rules r WHERE emails.address GLOB r.pattern);
CREATE INDEX emails_unknown ON emails(id) WHERE person_id IS NULL AND ignored = 0 AND ignored_by_rule = 0;

CREATE TRIGGER emails_rule_on_insert AFTER INSERT ON emails BEGIN
    UPDATE emails SET ignored_by_rule = 1
        WHERE id = new.id AND EXISTS (SELECT 1 FROM ignore_rules r WHERE new.address GLOB r.pattern);
END;
CREATE TRIGGER emails_rule_on_address AFTER UPDATE OF address ON emails BEGIN
    UPDATE emails SET ignored_by_rule = EXISTS (SELECT 1 FROM ignore_rules r WHERE new.address GLOB r.pattern)
        WHERE id = new.id;
END;
CREATE TRIGGER ignore_rule_added AFTER INSERT ON ignore_rules BEGIN
    UPDATE emails SET ignored_by_rule = 1 WHERE ignored_by_rule = 0 AND address GLOB new.pattern;
END;
CREATE TRIGGER ignore_rule_removed AFTER DELETE ON ignore_rules BEGIN
    UPDATE emails SET ignored_by_rule = EXISTS (SELECT 1 FROM ignore_rules r WHERE emails.address GLOB r.pattern)
        WHERE address GLOB old.pattern;
END;
