-- Twilio's 2010-04-01 IncomingPhoneNumbers (PN…): the numbers accounts have bought.
CREATE TABLE phone_numbers (
    sid TEXT PRIMARY KEY NOT NULL,
    account_sid TEXT NOT NULL REFERENCES accounts (sid),
    -- E.164; unique across accounts, so a number is bought once even by concurrent requests
    phone_number TEXT NOT NULL UNIQUE,
    iso_country TEXT NOT NULL,
    number_type TEXT NOT NULL,
    address_requirements TEXT NOT NULL,
    -- what the number can do, comma-separated: voice,sms,mms,fax (one column, as diesel's
    -- tables hold at most 32)
    capabilities TEXT NOT NULL,
    beta BOOLEAN NOT NULL DEFAULT FALSE,
    -- the regulatory bundle the number was bought with (or moved to); bundles with numbers
    -- cannot be deleted
    bundle_sid TEXT,
    address_sid TEXT,
    friendly_name TEXT NOT NULL,
    api_version TEXT NOT NULL,
    voice_url TEXT,
    voice_method TEXT NOT NULL,
    voice_fallback_url TEXT,
    voice_fallback_method TEXT NOT NULL,
    voice_caller_id_lookup BOOLEAN NOT NULL DEFAULT FALSE,
    voice_application_sid TEXT,
    voice_receive_mode TEXT NOT NULL,
    trunk_sid TEXT,
    sms_url TEXT,
    sms_method TEXT NOT NULL,
    sms_fallback_url TEXT,
    sms_fallback_method TEXT NOT NULL,
    sms_application_sid TEXT,
    status_callback TEXT,
    status_callback_method TEXT NOT NULL,
    emergency_status TEXT NOT NULL,
    emergency_address_sid TEXT,
    identity_sid TEXT,
    date_created TIMESTAMP NOT NULL,
    date_updated TIMESTAMP NOT NULL
);
CREATE INDEX phone_numbers_account_created ON phone_numbers (account_sid, date_created, sid);
CREATE INDEX phone_numbers_bundle ON phone_numbers (bundle_sid);
CREATE INDEX phone_numbers_address ON phone_numbers (address_sid);
CREATE INDEX phone_numbers_country ON phone_numbers (iso_country, phone_number);
