DROP TABLE faults;
