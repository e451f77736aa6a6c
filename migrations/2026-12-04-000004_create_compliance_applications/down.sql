-- Undoes exactly the ADD COLUMNs above (see migrations/README.md on DROP COLUMN).
ALTER TABLE callbacks DROP COLUMN nonce;
ALTER TABLE callbacks DROP COLUMN method;
DROP TABLE compliance_number_links;
DROP TABLE compliance_documents;
DROP TABLE compliance_applications;
DROP TABLE plivo_credentials;
