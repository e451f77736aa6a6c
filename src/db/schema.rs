// @generated automatically by Diesel CLI.

diesel::table! {
    account_profiles (sid) {
        sid -> Text,
        owner_account_sid -> Text,
        status -> Text,
        date_updated -> Timestamp,
    }
}

diesel::table! {
    accounts (sid) {
        sid -> Text,
        auth_token -> Text,
        friendly_name -> Text,
        date_created -> Timestamp,
        clock_offset_seconds -> BigInt,
    }
}

diesel::table! {
    addresses (sid) {
        sid -> Text,
        account_sid -> Text,
        friendly_name -> Nullable<Text>,
        customer_name -> Text,
        street -> Text,
        street_secondary -> Nullable<Text>,
        city -> Text,
        region -> Text,
        postal_code -> Text,
        iso_country -> Text,
        emergency_enabled -> Bool,
        validated -> Bool,
        verified -> Bool,
        date_created -> Timestamp,
        date_updated -> Timestamp,
    }
}

diesel::table! {
    api_keys (sid) {
        sid -> Text,
        account_sid -> Text,
        secret -> Text,
        friendly_name -> Text,
        date_created -> Timestamp,
    }
}

diesel::table! {
    bundles (sid) {
        sid -> Text,
        account_sid -> Text,
        regulation_sid -> Text,
        friendly_name -> Text,
        email -> Text,
        status_callback -> Nullable<Text>,
        status -> Text,
        failure_reason -> Nullable<Text>,
        valid_until -> Nullable<Timestamp>,
        is_test -> Bool,
        copied_from -> Nullable<Text>,
        review_due_at -> Nullable<Timestamp>,
        date_created -> Timestamp,
        date_updated -> Timestamp,
    }
}

diesel::table! {
    callbacks (sid) {
        sid -> Text,
        account_sid -> Text,
        bundle_sid -> Text,
        url -> Text,
        params -> Text,
        signature -> Text,
        state -> Text,
        attempts -> Integer,
        last_http_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamp,
        date_created -> Timestamp,
        date_updated -> Timestamp,
        method -> Text,
        nonce -> Nullable<Text>,
    }
}

diesel::table! {
    compliance_applications (id) {
        id -> Text,
        account_sid -> Text,
        alias -> Text,
        status -> Text,
        country_iso -> Text,
        number_type -> Text,
        user_type -> Text,
        requirement_id -> Text,
        end_user_id -> Text,
        end_user -> Text,
        callback_url -> Nullable<Text>,
        callback_method -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        review_due_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    compliance_documents (id) {
        id -> Text,
        application_id -> Text,
        position -> Integer,
        document_type_id -> Text,
        document_name -> Text,
        file_name -> Text,
        meta_information -> Text,
        mime_type -> Nullable<Text>,
        content -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    compliance_number_links (phone_number_sid) {
        phone_number_sid -> Text,
        application_id -> Text,
        date_created -> Timestamp,
    }
}

diesel::table! {
    end_users (sid) {
        sid -> Text,
        account_sid -> Text,
        friendly_name -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        attributes -> Text,
        date_created -> Timestamp,
        date_updated -> Timestamp,
    }
}

diesel::table! {
    evaluations (sid) {
        sid -> Text,
        bundle_sid -> Text,
        account_sid -> Text,
        regulation_sid -> Text,
        status -> Text,
        results -> Text,
        date_created -> Timestamp,
    }
}

diesel::table! {
    faults (sid) {
        sid -> Text,
        account_sid -> Text,
        path -> Text,
        method -> Nullable<Text>,
        status -> Nullable<Integer>,
        code -> Nullable<Integer>,
        message -> Nullable<Text>,
        total -> Integer,
        remaining -> Integer,
        delay_ms -> Integer,
        date_created -> Timestamp,
    }
}

diesel::table! {
    item_assignments (sid) {
        sid -> Text,
        bundle_sid -> Text,
        account_sid -> Text,
        object_sid -> Text,
        date_created -> Timestamp,
    }
}

diesel::table! {
    phone_numbers (sid) {
        sid -> Text,
        account_sid -> Text,
        phone_number -> Text,
        iso_country -> Text,
        number_type -> Text,
        address_requirements -> Text,
        capabilities -> Text,
        beta -> Bool,
        bundle_sid -> Nullable<Text>,
        address_sid -> Nullable<Text>,
        friendly_name -> Text,
        api_version -> Text,
        voice_url -> Nullable<Text>,
        voice_method -> Text,
        voice_fallback_url -> Nullable<Text>,
        voice_fallback_method -> Text,
        voice_caller_id_lookup -> Bool,
        voice_application_sid -> Nullable<Text>,
        voice_receive_mode -> Text,
        trunk_sid -> Nullable<Text>,
        sms_url -> Nullable<Text>,
        sms_method -> Text,
        sms_fallback_url -> Nullable<Text>,
        sms_fallback_method -> Text,
        sms_application_sid -> Nullable<Text>,
        status_callback -> Nullable<Text>,
        status_callback_method -> Text,
        emergency_status -> Text,
        emergency_address_sid -> Nullable<Text>,
        identity_sid -> Nullable<Text>,
        date_created -> Timestamp,
        date_updated -> Timestamp,
    }
}

diesel::table! {
    plivo_credentials (auth_id) {
        auth_id -> Text,
        account_sid -> Text,
        auth_token -> Text,
        date_created -> Timestamp,
    }
}

diesel::table! {
    supporting_document_files (document_sid) {
        document_sid -> Text,
        mime_type -> Text,
        content -> Binary,
        date_created -> Timestamp,
    }
}

diesel::table! {
    supporting_documents (sid) {
        sid -> Text,
        account_sid -> Text,
        friendly_name -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        attributes -> Text,
        status -> Text,
        failure_reason -> Nullable<Text>,
        errors -> Nullable<Text>,
        mime_type -> Nullable<Text>,
        date_created -> Timestamp,
        date_updated -> Timestamp,
    }
}

diesel::joinable!(addresses -> accounts (account_sid));
diesel::joinable!(api_keys -> accounts (account_sid));
diesel::joinable!(bundles -> accounts (account_sid));
diesel::joinable!(callbacks -> accounts (account_sid));
diesel::joinable!(compliance_applications -> accounts (account_sid));
diesel::joinable!(compliance_documents -> compliance_applications (application_id));
diesel::joinable!(compliance_number_links -> compliance_applications (application_id));
diesel::joinable!(compliance_number_links -> phone_numbers (phone_number_sid));
diesel::joinable!(end_users -> accounts (account_sid));
diesel::joinable!(evaluations -> accounts (account_sid));
diesel::joinable!(evaluations -> bundles (bundle_sid));
diesel::joinable!(faults -> accounts (account_sid));
diesel::joinable!(item_assignments -> accounts (account_sid));
diesel::joinable!(item_assignments -> bundles (bundle_sid));
diesel::joinable!(phone_numbers -> accounts (account_sid));
diesel::joinable!(plivo_credentials -> accounts (account_sid));
diesel::joinable!(supporting_document_files -> supporting_documents (document_sid));
diesel::joinable!(supporting_documents -> accounts (account_sid));

diesel::allow_tables_to_appear_in_same_query!(
    account_profiles,
    accounts,
    addresses,
    api_keys,
    bundles,
    callbacks,
    compliance_applications,
    compliance_documents,
    compliance_number_links,
    end_users,
    evaluations,
    faults,
    item_assignments,
    phone_numbers,
    plivo_credentials,
    supporting_document_files,
    supporting_documents,
);
