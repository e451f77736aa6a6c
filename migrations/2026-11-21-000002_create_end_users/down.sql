DROP TABLE end_users;
