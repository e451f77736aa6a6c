//! One-call compliance applications (Plivo's Compliance API): the applications, their documents
//! and files, the numbers linked to them, and each account's Plivo credentials.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    compliance_applications as apps, compliance_documents as docs,
    compliance_number_links as links, phone_numbers, plivo_credentials,
};
use super::AnyConnection;

/// An account's Plivo identity.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = plivo_credentials)]
pub struct PlivoCredentialRow {
    pub auth_id: String,
    pub account_sid: String,
    pub auth_token: String,
    pub date_created: NaiveDateTime,
}

/// A stored application.
#[derive(Clone, Debug, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = apps, treat_none_as_null = true)]
pub struct ApplicationRow {
    pub id: String,
    pub account_sid: String,
    pub alias: String,
    pub status: String,
    pub country_iso: String,
    pub number_type: String,
    pub user_type: String,
    pub requirement_id: String,
    pub end_user_id: String,
    /// The end user's fields, a JSON object of strings.
    pub end_user: String,
    pub callback_url: Option<String>,
    pub callback_method: Option<String>,
    pub rejection_reason: Option<String>,
    pub review_due_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A document of an application, without its file's bytes.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = docs)]
pub struct DocumentRow {
    pub id: String,
    pub application_id: String,
    pub position: i32,
    pub document_type_id: String,
    pub document_name: String,
    pub file_name: String,
    pub meta_information: String,
    pub mime_type: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A document to store, with its file.
#[derive(Clone, Debug, Insertable)]
#[diesel(table_name = docs)]
pub struct NewDocumentRow {
    pub id: String,
    pub application_id: String,
    pub position: i32,
    pub document_type_id: String,
    pub document_name: String,
    pub file_name: String,
    pub meta_information: String,
    pub mime_type: Option<String>,
    pub content: Option<Vec<u8>>,
    pub created_at: NaiveDateTime,
}

/// A stored file and who owns it.
pub struct StoredFile {
    pub account_sid: String,
    pub file_name: String,
    pub mime_type: String,
    pub content: Vec<u8>,
}

/// The list filters; each is an exact match when set.
#[derive(Clone, Debug, Default)]
pub struct ApplicationFilter {
    pub status: Option<String>,
    pub country_iso: Option<String>,
    pub number_type: Option<String>,
    pub user_type: Option<String>,
    pub alias: Option<String>,
}

/// Inserts the credentials, or sets the token of the account's existing ones (the default
/// account follows its settings).
pub fn upsert_credentials(conn: &mut AnyConnection, row: &PlivoCredentialRow) -> QueryResult<()> {
    diesel::delete(
        plivo_credentials::table.filter(
            plivo_credentials::account_sid
                .eq(&row.account_sid)
                .and(plivo_credentials::auth_id.ne(&row.auth_id)),
        ),
    )
    .execute(conn)?;
    let updated = diesel::update(plivo_credentials::table.find(&row.auth_id))
        .set((
            plivo_credentials::auth_token.eq(&row.auth_token),
            plivo_credentials::account_sid.eq(&row.account_sid),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(plivo_credentials::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts new credentials.
pub fn insert_credentials(conn: &mut AnyConnection, row: &PlivoCredentialRow) -> QueryResult<()> {
    diesel::insert_into(plivo_credentials::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The credentials with this Auth ID.
pub fn find_credentials(
    conn: &mut AnyConnection,
    auth_id: &str,
) -> QueryResult<Option<PlivoCredentialRow>> {
    plivo_credentials::table
        .find(auth_id)
        .select(PlivoCredentialRow::as_select())
        .first(conn)
        .optional()
}

/// The account's credentials.
pub fn credentials_of(
    conn: &mut AnyConnection,
    account: &str,
) -> QueryResult<Option<PlivoCredentialRow>> {
    plivo_credentials::table
        .filter(plivo_credentials::account_sid.eq(account))
        .select(PlivoCredentialRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts an application.
pub fn insert(conn: &mut AnyConnection, row: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(apps::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Writes every column of the application.
pub fn save(conn: &mut AnyConnection, row: &ApplicationRow) -> QueryResult<usize> {
    diesel::update(apps::table.find(&row.id))
        .set(row.clone())
        .execute(conn)
}

/// Moves the application from `from` only (zero rows: someone moved it first).
pub fn save_if_status(
    conn: &mut AnyConnection,
    row: &ApplicationRow,
    from: &str,
) -> QueryResult<usize> {
    diesel::update(apps::table.find(&row.id).filter(apps::status.eq(from)))
        .set(row.clone())
        .execute(conn)
}

/// The account's application.
pub fn find(
    conn: &mut AnyConnection,
    account: &str,
    id: &str,
) -> QueryResult<Option<ApplicationRow>> {
    apps::table
        .filter(apps::account_sid.eq(account).and(apps::id.eq(id)))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// The account's application, locked for update (PostgreSQL; SQLite has one writer anyway).
pub fn find_for_update(
    conn: &mut AnyConnection,
    account: &str,
    id: &str,
) -> QueryResult<Option<ApplicationRow>> {
    let query = apps::table.filter(apps::account_sid.eq(account).and(apps::id.eq(id)));
    // `as_select()` is typed by backend, so each arm selects for its own.
    match conn {
        AnyConnection::Postgresql(pg) => query
            .select(ApplicationRow::as_select())
            .for_update()
            .first(pg)
            .optional(),
        AnyConnection::Sqlite(_) => query
            .select(ApplicationRow::as_select())
            .first(conn)
            .optional(),
    }
}

/// Whether the account holds another application with this alias and end-user name.
pub fn alias_taken(
    conn: &mut AnyConnection,
    account: &str,
    alias: &str,
    except: Option<&str>,
) -> QueryResult<bool> {
    let mut query = apps::table
        .filter(apps::account_sid.eq(account).and(apps::alias.eq(alias)))
        .select(apps::id)
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(apps::id.ne(id.to_string()));
    }
    Ok(query.first::<String>(conn).optional()?.is_some())
}

/// Deletes the application with its documents and links.
pub fn delete(conn: &mut AnyConnection, account: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(links::table.filter(links::application_id.eq(id))).execute(conn)?;
    diesel::delete(docs::table.filter(docs::application_id.eq(id))).execute(conn)?;
    diesel::delete(apps::table.filter(apps::account_sid.eq(account).and(apps::id.eq(id))))
        .execute(conn)
}

/// One page of the account's applications, oldest first, and how many match in all.
pub fn list(
    conn: &mut AnyConnection,
    account: &str,
    filter: &ApplicationFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<ApplicationRow>, i64)> {
    let filtered = || {
        let mut query = apps::table
            .filter(apps::account_sid.eq(account.to_string()))
            .into_boxed();
        if let Some(v) = &filter.status {
            query = query.filter(apps::status.eq(v.clone()));
        }
        if let Some(v) = &filter.country_iso {
            query = query.filter(apps::country_iso.eq(v.clone()));
        }
        if let Some(v) = &filter.number_type {
            query = query.filter(apps::number_type.eq(v.clone()));
        }
        if let Some(v) = &filter.user_type {
            query = query.filter(apps::user_type.eq(v.clone()));
        }
        if let Some(v) = &filter.alias {
            query = query.filter(apps::alias.eq(v.clone()));
        }
        query
    };
    let total = filtered().count().get_result::<i64>(conn)?;
    let rows = filtered()
        .order((apps::created_at.asc(), apps::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Submitted applications whose review decision is due at `now`.
pub fn due_reviews(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ApplicationRow>> {
    apps::table
        .filter(
            apps::status
                .eq("submitted")
                .and(apps::review_due_at.le(now)),
        )
        .order((apps::review_due_at.asc(), apps::id.asc()))
        .limit(limit)
        .select(ApplicationRow::as_select())
        .load(conn)
}

/// Inserts documents.
pub fn insert_documents(conn: &mut AnyConnection, rows: Vec<NewDocumentRow>) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(docs::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Removes every document of the application.
pub fn delete_documents(conn: &mut AnyConnection, application: &str) -> QueryResult<usize> {
    diesel::delete(docs::table.filter(docs::application_id.eq(application))).execute(conn)
}

/// The documents of the application, in request order.
pub fn documents(conn: &mut AnyConnection, application: &str) -> QueryResult<Vec<DocumentRow>> {
    docs::table
        .filter(docs::application_id.eq(application))
        .order(docs::position.asc())
        .select(DocumentRow::as_select())
        .load(conn)
}

/// A document's file, with the account that owns it.
pub fn file(conn: &mut AnyConnection, document: &str) -> QueryResult<Option<StoredFile>> {
    let found = docs::table
        .inner_join(apps::table)
        .filter(docs::id.eq(document))
        .select((
            apps::account_sid,
            docs::file_name,
            docs::mime_type,
            docs::content,
        ))
        .first::<(String, String, Option<String>, Option<Vec<u8>>)>(conn)
        .optional()?;
    Ok(found.and_then(|(account_sid, file_name, mime, content)| {
        Some(StoredFile {
            account_sid,
            file_name,
            mime_type: mime?,
            content: content?,
        })
    }))
}

/// The numbers linked to the application, with their types: `(E.164, inventory type)`.
pub fn linked_numbers(
    conn: &mut AnyConnection,
    application: &str,
) -> QueryResult<Vec<(String, String)>> {
    links::table
        .inner_join(phone_numbers::table)
        .filter(links::application_id.eq(application))
        .order(phone_numbers::phone_number.asc())
        .select((phone_numbers::phone_number, phone_numbers::number_type))
        .load(conn)
}

/// Links the number to the application, moving it from any other.
pub fn link(
    conn: &mut AnyConnection,
    phone_number_sid: &str,
    application: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(links::table.find(phone_number_sid)).execute(conn)?;
    diesel::insert_into(links::table)
        .values((
            links::phone_number_sid.eq(phone_number_sid),
            links::application_id.eq(application),
            links::date_created.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The application the number is linked to, if any.
pub fn link_of(conn: &mut AnyConnection, phone_number_sid: &str) -> QueryResult<Option<String>> {
    links::table
        .find(phone_number_sid)
        .select(links::application_id)
        .first(conn)
        .optional()
}
