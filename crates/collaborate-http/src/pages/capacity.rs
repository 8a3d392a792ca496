//! The map of the group's capacity for admins: where help is offered and where it is needed, by
//! area, counted in cells of a coarse grid that the core shows only where enough people share
//! one; drawn on the map with a table, and downloadable as CSV.

use super::Pages;
use super::groups::group_of;
use super::map::{Map, Point, Spot};
use super::render::{Chrome, ok};
use super::visit::Failure;
use crate::tables::{Table, csv_of};
use askama::Template;
use collaborate_core::capacity::{CapacityMap, FEWEST_PEOPLE};
use collaborate_core::places;
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::Area;
use collaborate_core::values::{AreaId, GroupId};
use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use std::sync::Arc;

/// The area asked for, and the format.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Asked {
    area: String,
    format: String,
}

/// One cell as the table shows it.
pub struct Row {
    near: String,
    offers: u32,
    needs: u32,
}

/// A cell on the map: two circles side by side, their areas in proportion to the offers and
/// the needs.
pub struct Dot {
    x: f64,
    y: f64,
    offers: f64,
    needs: f64,
}

/// The dots of `map`'s markers for `rows`, the largest count as large as three markers.
fn dots(map: &Map, rows: &[Row]) -> Vec<Dot> {
    let most = rows
        .iter()
        .map(|r| r.offers.max(r.needs))
        .max()
        .unwrap_or(1)
        .max(1);
    let radius = |count: u32| map.radius * 1.5 * (f64::from(count) / f64::from(most)).sqrt();
    map.markers
        .iter()
        .zip(rows)
        .map(|(marker, row)| Dot {
            x: marker.x,
            y: marker.y,
            offers: radius(row.offers),
            needs: radius(row.needs),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/capacity.html")]
struct CapacityPage<'a> {
    page: Chrome<'a>,
    group: GroupId,
    areas: Vec<Area>,
    area: String,
    map: Option<Map>,
    dots: Vec<Dot>,
    rows: Vec<Row>,
    capacity: CapacityMap,
    fewest: usize,
}

/// The capacity map, or its CSV.
#[handler]
pub async fn show<E: Environment>(
    pages: Data<&Arc<Pages<E>>>,
    request: &Request,
    Path(group): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let visit = pages.visit(request).await;
    let shown = async {
        let (account, group) = (visit.account()?, group_of(&group)?);
        let area = Some(asked.area.as_str())
            .filter(|a| !a.is_empty())
            .map(|a| AreaId::parse(a).map_err(|e| e.in_field("area_id")))
            .transpose()?;
        let capacity = pages.app.capacity_map(account, group, area).await?;
        let rows: Vec<Row> = capacity
            .cells
            .iter()
            .map(|c| Row {
                near: places::nearest(c.lat, c.lon)
                    .map(places::Place::label)
                    .unwrap_or_default(),
                offers: c.offers,
                needs: c.needs,
            })
            .collect();
        if asked.format == "csv" {
            return Ok(csv(&capacity, &rows));
        }
        let areas = pages.app.list_areas(account, group).await?;
        let spots: Vec<Spot> = capacity
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| Spot {
                point: Point {
                    lat: c.lat,
                    lon: c.lon,
                },
                number: i + 1,
                count: 1,
            })
            .collect();
        let map = Map::fitted(&spots, None, None);
        Ok::<_, Failure>(ok(&CapacityPage {
            page: visit.chrome("capacity-title"),
            group,
            areas,
            area: asked.area.clone(),
            dots: map.as_ref().map(|m| dots(m, &rows)).unwrap_or_default(),
            map,
            rows,
            capacity,
            fewest: FEWEST_PEOPLE,
        }))
    };
    visit.answer(shown.await)
}

/// The cells as a spreadsheet: where, and how many offers and needs.
fn csv(capacity: &CapacityMap, rows: &[Row]) -> Response {
    let table = Table::new(
        &["near", "lat", "lon", "offers", "needs"],
        capacity.cells.iter().zip(rows).map(|(cell, row)| {
            vec![
                row.near.clone(),
                format!("{:.2}", cell.lat),
                format!("{:.2}", cell.lon),
                cell.offers.to_string(),
                cell.needs.to_string(),
            ]
        }),
    );
    Response::builder()
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(CONTENT_DISPOSITION, "attachment; filename=\"capacity.csv\"")
        .body(csv_of(&table))
        .into_response()
}
