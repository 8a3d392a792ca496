//! The HTTP contract through the real routes (poem's test client), on a fresh SQLite store each.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod addresses;
mod admin_pages;
mod attacks;
mod authorisation;
mod browser;
mod concern_pages;
mod concerns;
mod contract;
mod contribution;
mod fixture;
mod group_pages;
mod import_pages;
mod imports;
mod limits;
mod mail;
mod matching;
mod matching_pages;
mod offer_pages;
mod outside;
mod pages;
mod peer_assists;
mod profile_pages;
mod questionnaire_pages;
mod reports;
mod request_pages;
mod rights;
mod smtp;
mod trust;
