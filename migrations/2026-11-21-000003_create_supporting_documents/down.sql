DROP TABLE supporting_document_files;
DROP TABLE supporting_documents;
