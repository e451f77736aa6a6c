DROP TABLE account_profiles;
