DROP TABLE item_assignments;
