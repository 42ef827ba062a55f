-- Each provider's (and brand's) emails carry its own sender; the host's mail.from is only the
-- fallback. Kept on the row so a retry days later still goes out as the brand it was written for.
ALTER TABLE mail_outbox ADD COLUMN from_address varchar(400);
ALTER TABLE mail_outbox ADD COLUMN reply_to varchar(255);
