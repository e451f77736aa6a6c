//! Twilio's list envelope: `{<key>: [...], meta: {page, page_size, first_page_url, previous_page_url,
//! url, next_page_url, key}}`, with absolute URLs on this server that carry every filter.

use actix_web::{HttpRequest, HttpResponse};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::domain::page::{Cursor, Page, PageRequest};

const PAGING_KEYS: [&str; 3] = ["PageSize", "Page", "PageToken"];

/// Renders a page of resources under `key` (`results`, `end_user_types`, …).
pub fn list_response<T: Serialize>(
    req: &HttpRequest,
    base_url: &str,
    key: &str,
    request: &PageRequest,
    page: Page<T>,
) -> HttpResponse {
    let urls = PageUrls::new(req, base_url, request.size);
    let number = request.number;
    let meta = Meta {
        page: number,
        page_size: request.size,
        first_page_url: urls.at(0, None),
        previous_page_url: page
            .previous
            .as_ref()
            .map(|c| urls.at(number.saturating_sub(1), Some(c))),
        url: urls.at(number, request.cursor.as_ref()),
        next_page_url: page
            .next
            .as_ref()
            .map(|c| urls.at(request.next_number(), Some(c))),
        key,
    };
    HttpResponse::Ok().json(ListBody {
        key,
        items: &page.items,
        meta,
    })
}

/// `meta` of every list, in the order of Twilio's examples.
#[derive(Serialize)]
struct Meta<'a> {
    page: u32,
    page_size: u32,
    first_page_url: String,
    previous_page_url: Option<String>,
    url: String,
    next_page_url: Option<String>,
    key: &'a str,
}

/// `{<key>: [items], meta}`, serialised straight from the items: no intermediate JSON values.
struct ListBody<'a, T> {
    key: &'a str,
    items: &'a [T],
    meta: Meta<'a>,
}

impl<T: Serialize> Serialize for ListBody<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.key, self.items)?;
        map.serialize_entry("meta", &self.meta)?;
        map.end()
    }
}

/// Builds page URLs: the request's path and filters (in the order received), then paging.
struct PageUrls {
    prefix: String,
    filters: Vec<(String, String)>,
    size: u32,
}

impl PageUrls {
    fn new(req: &HttpRequest, base_url: &str, size: u32) -> Self {
        let filters = url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, _)| !PAGING_KEYS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        PageUrls {
            prefix: format!("{base_url}{}", req.path()),
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
        format!("{}?{}", self.prefix, query.finish())
    }
}
