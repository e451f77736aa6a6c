//! The 2010-04-01 API's list envelope, which differs from the v2 `meta` one:
//! `{<key>: [...], end, first_page_uri, next_page_uri, page, page_size, previous_page_uri, start,
//! uri}` with URIs relative to the host. twilio-python finds the records as the one key that is not
//! one of those, so the envelope must hold no other key, and it follows `next_page_uri` by
//! prefixing its own base URL (`Domain.absolute_url`), so a relative URI keeps clients on regbox.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::page::{Cursor, Page, PageRequest};

const PAGING_KEYS: [&str; 3] = ["PageSize", "Page", "PageToken"];

/// Renders a page of 2010-API resources under `key` (e.g. `addresses`).
pub fn list_response_2010<T: Serialize>(
    req: &HttpRequest,
    key: &str,
    request: &PageRequest,
    page: Page<T>,
) -> HttpResponse {
    let uris = PageUris::new(req, request.size);
    let number = request.number;
    let start = u64::from(number) * u64::from(request.size);
    let end = match page.items.len() {
        0 => start,
        n => start + n as u64 - 1,
    };
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|item| serde_json::to_value(item).unwrap_or(Value::Null))
        .collect();
    let previous = page
        .previous
        .as_ref()
        .map(|c| uris.at(number.saturating_sub(1), Some(c)));
    let next = page
        .next
        .as_ref()
        .map(|c| uris.at(request.next_number(), Some(c)));
    let mut body = Map::new();
    body.insert(key.to_string(), Value::Array(items));
    body.insert("end".into(), end.into());
    body.insert("first_page_uri".into(), uris.at(0, None).into());
    body.insert("next_page_uri".into(), next.into());
    body.insert("page".into(), number.into());
    body.insert("page_size".into(), request.size.into());
    body.insert("previous_page_uri".into(), previous.into());
    body.insert("start".into(), start.into());
    body.insert(
        "uri".into(),
        uris.at(number, request.cursor.as_ref()).into(),
    );
    HttpResponse::Ok().json(Value::Object(body))
}

/// Builds relative page URIs: the request's path and filters (in the order received), then paging.
struct PageUris {
    path: String,
    filters: Vec<(String, String)>,
    size: u32,
}

impl PageUris {
    fn new(req: &HttpRequest, size: u32) -> Self {
        let filters = url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, _)| !PAGING_KEYS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        PageUris {
            path: req.path().to_string(),
            filters,
            size,
        }
    }

    fn at(&self, number: u32, cursor: Option<&Cursor>) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.filters {
            query.append_pair(k, v);
        }
        query.append_pair("PageSize", &self.size.to_string());
        query.append_pair("Page", &number.to_string());
        if let Some(cursor) = cursor {
            query.append_pair("PageToken", &cursor.encode());
        }
        format!("{}?{}", self.path, query.finish())
    }
}
