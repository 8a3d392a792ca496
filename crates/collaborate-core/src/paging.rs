//! Cursor pagination for lists: a page holds at most `limit` items, in id order, and a cursor
//! to the next page when there is one.

use crate::values::{InvalidValue, Limit};
use uuid::Uuid;

/// Where a page starts: after the item with this id. Opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor(Uuid);

impl Cursor {
    /// Reads a cursor a client got from a previous page.
    ///
    /// # Errors
    /// An [`InvalidValue`] for `cursor` when it was not given by this service.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Uuid::parse_str(raw.trim())
            .map(Self)
            .map_err(|_| InvalidValue::new("cursor", "is not a cursor given by this service"))
    }

    /// The cursor after the item with `id`.
    pub fn after(id: Uuid) -> Self {
        Self(id)
    }

    /// The id the next page starts after.
    pub fn id(&self) -> Uuid {
        self.0
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Which page of a list to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// At most this many items.
    pub limit: Limit,
    /// Items after this cursor; `None` for the first page.
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// How many items to ask a store for: one more than the limit shows whether a next page exists.
    pub fn fetch_size(&self) -> usize {
        usize::try_from(self.limit.get())
            .unwrap_or(usize::MAX)
            .saturating_add(1)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items, in id order.
    pub items: Vec<T>,
    /// Where the next page starts, if there is one.
    pub next_cursor: Option<Cursor>,
}

impl<T> Page<T> {
    /// Cuts what a store returned for `request` (up to `fetch_size` items) into a page.
    pub fn from_fetched(mut items: Vec<T>, request: &PageRequest, id: impl Fn(&T) -> Uuid) -> Self {
        let limit = request.fetch_size() - 1;
        let next_cursor = if items.len() > limit {
            items.truncate(limit);
            items.last().map(|last| Cursor::after(id(last)))
        } else {
            None
        };
        Self { items, next_cursor }
    }

    /// The same page with each item transformed.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: u128) -> Vec<Uuid> {
        (1..=n).map(Uuid::from_u128).collect()
    }

    #[test]
    fn a_full_fetch_makes_a_page_with_a_cursor_to_the_rest() {
        let request = PageRequest {
            limit: Limit::new(2).unwrap(),
            after: None,
        };
        let page = Page::from_fetched(ids(3), &request, |id| *id);
        assert_eq!(page.items, ids(2));
        assert_eq!(page.next_cursor, Some(Cursor::after(Uuid::from_u128(2))));
    }

    #[test]
    fn the_last_page_has_no_cursor() {
        let request = PageRequest {
            limit: Limit::new(5).unwrap(),
            after: None,
        };
        let page = Page::from_fetched(ids(5), &request, |id| *id);
        assert_eq!(page.items.len(), 5);
        assert_eq!(page.next_cursor, None);
    }

    #[test]
    fn a_cursor_reads_back_and_refuses_garbage() {
        let cursor = Cursor::after(Uuid::from_u128(9));
        assert_eq!(Cursor::parse(&cursor.to_string()), Ok(cursor));
        assert_eq!(Cursor::parse("page-2").unwrap_err().field(), "cursor");
    }
}
