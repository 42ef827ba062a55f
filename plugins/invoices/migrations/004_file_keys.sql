-- Original PDFs sent from now on go to the portal's file store (storage.url: a folder or an S3
-- bucket) and the row keeps its key; rows written before keep their bytes in `content` and are
-- still served from there. Quick catalogue changes only: no rewrite of the table, and the check
-- is NOT VALID so existing rows (all with content) are not scanned under the lock.
ALTER TABLE invoice_files ALTER COLUMN content DROP NOT NULL;
ALTER TABLE invoice_files ADD COLUMN file_key varchar(100);
ALTER TABLE invoice_files ADD CONSTRAINT invoice_files_has_bytes CHECK (content IS NOT NULL OR file_key IS NOT NULL) NOT VALID;
