//! The reports' tallies as aggregate queries: each counts in the database and returns a few rows,
//! never the group's rows. Each mirrors one definition of the core's memory store, which the
//! contract tests hold it to; status words come from the core's enums.
//!
//! What adds up is summed from the `tallies` table the database keeps with every change (see
//! `collaborate_migrations::tallies`): a few cells of the scope's organisation (or of every
//! one) and period, whatever the group's size. What does not add up — distinct people, ranks of
//! answer times, who gave and who received — is still counted from the rows.

use crate::Engine;
use crate::rows::Checked;
use crate::transaction::{SqlTransaction, failed};
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::reports::*;
use collaborate_core::values::*;
use sea_orm::{ConnectionTrait, QueryResult, Statement, Value};
use uuid::Uuid;

/// A query written in pieces, its values bound in order as the text is written.
struct Sql {
    engine: Engine,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(engine: Engine, text: &str) -> Self {
        Self {
            engine,
            text: text.to_owned(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.engine {
            Engine::Sqlite => self.text.push('?'),
            Engine::Postgres => self.text.push_str(&format!("${}", self.values.len())),
        }
        self
    }

    /// `column` in the scope's period.
    fn period(&mut self, scope: &ReportScope, column: &str) -> &mut Self {
        if let Some(since) = scope.since {
            self.push(&format!(" AND {column} >= ")).bind(micros(since));
        }
        if let Some(until) = scope.until {
            self.push(&format!(" AND {column} < ")).bind(micros(until));
        }
        self
    }

    /// `m` is a member reports count, of the scope's organisation.
    fn counted_member(&mut self, scope: &ReportScope, m: &str) -> &mut Self {
        let statuses: Vec<String> = MemberStatus::ALL
            .iter()
            .filter(|s| counts_member(**s))
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        self.push(&format!(" AND {m}.group_id = "))
            .bind(scope.group_id.as_uuid())
            .push(&format!(" AND {m}.status IN ({})", statuses.join(", ")));
        self.organisation(scope, m)
    }

    fn organisation(&mut self, scope: &ReportScope, m: &str) -> &mut Self {
        if let Some(organisation) = scope.organisation_id {
            self.push(&format!(" AND {m}.organisation_id = "))
                .bind(organisation.as_uuid());
        }
        self
    }

    /// Requests `r` of the group in the period, either side (`s`, `h`) of the organisation.
    fn requests(&mut self, scope: &ReportScope) -> &mut Self {
        self.push(" WHERE r.group_id = ")
            .bind(scope.group_id.as_uuid())
            .period(scope, "r.created_at");
        if let Some(organisation) = scope.organisation_id {
            self.push(" AND (s.organisation_id = ")
                .bind(organisation.as_uuid())
                .push(" OR h.organisation_id = ")
                .bind(organisation.as_uuid())
                .push(")");
        }
        self
    }

    /// Counted offers `o` of counted members `m` in the period (after a `WHERE`).
    fn counted_offers(&mut self, scope: &ReportScope) -> &mut Self {
        self.push(" o.group_id = ")
            .bind(scope.group_id.as_uuid())
            .push(&format!(
                " AND o.status = '{}'",
                OfferStatus::Active.as_str()
            ))
            .period(scope, "o.created_at")
            .counted_member(scope, "m")
    }

    /// Needs `n` of counted members `m` in the period, of `statuses` (after a `WHERE`).
    fn counted_needs(&mut self, scope: &ReportScope, statuses: &[NeedStatus]) -> &mut Self {
        let statuses: Vec<String> = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        self.push(" n.group_id = ")
            .bind(scope.group_id.as_uuid())
            .push(&format!(" AND n.status IN ({})", statuses.join(", ")))
            .period(scope, "n.created_at")
            .counted_member(scope, "m")
    }

    /// The sums of the tally cells of `kind` in the scope's group and period, by the cells'
    /// columns `by`, where `only` holds (SQL after an `AND`, of the cells' columns); the cells of
    /// the scope's organisation, or of every one — or, when `each_organisation`, of each one.
    fn tallied(
        &mut self,
        scope: &ReportScope,
        kind: &str,
        by: &str,
        only: &str,
        each_organisation: bool,
    ) -> &mut Self {
        self.push(&format!(
            "SELECT {by}, CAST(SUM(n) AS BIGINT) FROM tallies WHERE group_id = "
        ))
        .bind(scope.group_id.as_uuid())
        .push(&format!(" AND kind = '{kind}' AND ({only})"));
        match (scope.organisation_id, each_organisation) {
            (Some(organisation), _) => {
                self.push(" AND organisation_id = ")
                    .bind(organisation.as_uuid());
            }
            (None, false) => {
                self.push(" AND organisation_id = ").bind(EVERY);
            }
            (None, true) => {
                self.push(" AND organisation_id <> ").bind(EVERY);
            }
        }
        let cells = scope.period_cells();
        self.push(" AND (1 = 0");
        let spans = cells
            .months
            .iter()
            .map(|span| ("m", span))
            .chain(cells.days.iter().map(|span| ("d", span)));
        for (grain, (start, end)) in spans {
            self.push(&format!(" OR (grain = '{grain}' AND bucket >= "))
                .bind(*start)
                .push(" AND bucket < ")
                .bind(*end)
                .push(")");
        }
        self.push(&format!(") GROUP BY {by} HAVING SUM(n) <> 0"))
    }

    async fn rows(&self, tx: &SqlTransaction) -> Result<Vec<QueryResult>, PortError> {
        let backend = match self.engine {
            Engine::Sqlite => sea_orm::DatabaseBackend::Sqlite,
            Engine::Postgres => sea_orm::DatabaseBackend::Postgres,
        };
        let statement = Statement::from_sql_and_values(backend, &self.text, self.values.clone());
        tx.db()?
            .query_all_raw(statement)
            .await
            .map_err(failed("failed to count for a report"))
    }
}

fn micros(at: time::OffsetDateTime) -> i64 {
    crate::rows::micros(at)
}

const T: &str = "reports";

fn number(row: &QueryResult, index: usize) -> Result<u32, PortError> {
    let n: i64 = row.try_get_by_index(index).checked(T)?;
    u32::try_from(n).checked(T)
}

fn organisation(row: &QueryResult, index: usize) -> Result<Option<OrganisationId>, PortError> {
    let id: Option<Uuid> = row.try_get_by_index(index).checked(T)?;
    Ok(id.map(OrganisationId::from_uuid))
}

/// The organisation of the cells that count every one, and of those counting members of none.
const EVERY: Uuid = Uuid::nil();
const NONE: Uuid = Uuid::max();

/// The words of `statuses`, quoted for SQL: `'active', 'invited'`.
fn words<S: Copy>(
    statuses: impl IntoIterator<Item = S>,
    word: impl Fn(S) -> &'static str,
) -> String {
    statuses
        .into_iter()
        .map(|s| format!("'{}'", word(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cells of things of members reports count.
fn of_counted_members() -> String {
    let counted = MemberStatus::ALL
        .iter()
        .copied()
        .filter(|s| counts_member(*s));
    format!(
        "member_status IN ({})",
        words(counted, MemberStatus::as_str)
    )
}

/// Cells of offers reports count.
fn counted_offers() -> String {
    let counted = OfferStatus::ALL
        .iter()
        .copied()
        .filter(|s| counts_offer(*s));
    format!(
        "status IN ({}) AND {}",
        words(counted, OfferStatus::as_str),
        of_counted_members()
    )
}

/// Cells of needs of `statuses`, of members reports count.
fn needs_of(statuses: &[NeedStatus]) -> String {
    format!(
        "status IN ({}) AND {}",
        words(statuses.iter().copied(), NeedStatus::as_str),
        of_counted_members()
    )
}

fn open_needs() -> Vec<NeedStatus> {
    NeedStatus::ALL
        .iter()
        .copied()
        .filter(|s| counts_need(*s))
        .collect()
}

/// The organisation of a cell: `None` for members of none.
fn cell_organisation(row: &QueryResult, index: usize) -> Result<Option<OrganisationId>, PortError> {
    let id: Uuid = row.try_get_by_index(index).checked(T)?;
    Ok((id != NONE).then(|| OrganisationId::from_uuid(id)))
}

fn area(row: &QueryResult, index: usize) -> Result<AreaId, PortError> {
    Ok(AreaId::from_uuid(row.try_get_by_index(index).checked(T)?))
}

/// Requests `r` with their seeker `s` and helper `h`.
const REQUESTS: &str = " FROM requests r JOIN members s ON s.id = r.seeker_id \
                        JOIN members h ON h.id = r.helper_id";
const OFFERS: &str = " FROM offers o JOIN members m ON m.id = o.member_id";
const NEEDS: &str = " FROM needs n JOIN members m ON m.id = n.member_id";

impl SqlTransaction {
    fn sql(&self, text: &str) -> Sql {
        Sql::new(self.engine, text)
    }

    /// Members, offers or open needs of each organisation, counted from the rows: summed from
    /// the tallies, every organisation's cells of every day and month would be read.
    async fn by_every_organisation(
        &self,
        scope: &ReportScope,
        what: OrganisationCounted,
    ) -> Result<Vec<OrganisationCount>, PortError> {
        let mut sql = self.sql("SELECT m.organisation_id, COUNT(*)");
        match what {
            OrganisationCounted::Offers => {
                sql.push(OFFERS).push(" WHERE").counted_offers(scope);
            }
            OrganisationCounted::OpenNeeds => {
                sql.push(NEEDS)
                    .push(" WHERE")
                    .counted_needs(scope, &open_needs());
            }
            _ => {
                sql.push(" FROM members m WHERE 1 = 1")
                    .counted_member(scope, "m")
                    .period(scope, "m.joined_at");
            }
        }
        sql.push(" GROUP BY m.organisation_id");
        let mut counts = sql
            .rows(self)
            .await?
            .iter()
            .map(|row| {
                Ok(OrganisationCount {
                    organisation_id: organisation(row, 0)?,
                    count: number(row, 1)?,
                })
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        counts.sort_by_key(|c| c.organisation_id);
        Ok(counts)
    }
}

#[async_trait]
impl Reports for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn members_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<MemberStatus>>, PortError> {
        let mut sql = self.sql("");
        sql.tallied(scope, "member", "status", &of_counted_members(), false);
        let mut counts = Vec::new();
        for row in sql.rows(self).await? {
            let status: String = row.try_get_by_index(0).checked(T)?;
            counts.push(StatusCount {
                status: MemberStatus::parse(&status).checked(T)?,
                count: number(&row, 1)?,
            });
        }
        counts.sort_by_key(|c| c.status);
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn contributors(
        &mut self,
        scope: &ReportScope,
        min_offers: u32,
    ) -> Result<u32, PortError> {
        let mut sql = self.sql("SELECT COUNT(*) FROM (SELECT o.member_id");
        sql.push(OFFERS)
            .push(" WHERE o.aspects <> '[]' AND o.modes <> '' AND")
            .counted_offers(scope)
            .push(" GROUP BY o.member_id HAVING COUNT(DISTINCT o.area_id) >= ")
            .bind(i64::from(min_offers))
            .push(") AS contributors");
        let rows = sql.rows(self).await?;
        rows.first().map_or(Ok(0), |row| number(row, 0))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn area_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AreaTally>, PortError> {
        let mut tallies: std::collections::BTreeMap<AreaId, AreaTally> = Default::default();
        let mut offers = self.sql("");
        offers.tallied(scope, "offer", "area_id", &counted_offers(), false);
        for row in offers.rows(self).await? {
            let area = area(&row, 0)?;
            tallies.entry(area).or_insert(AreaTally::empty(area)).offers = number(&row, 1)?;
        }
        // Distinct people do not add up across cells: counted from the rows.
        let mut helpers = self.sql("SELECT o.area_id, COUNT(DISTINCT o.member_id)");
        helpers
            .push(OFFERS)
            .push(" WHERE")
            .counted_offers(scope)
            .push(" GROUP BY o.area_id");
        for row in helpers.rows(self).await? {
            let area = area(&row, 0)?;
            tallies
                .entry(area)
                .or_insert(AreaTally::empty(area))
                .helpers = number(&row, 1)?;
        }
        let mut needs = self.sql("");
        let raised = needs_of(&[NeedStatus::Open, NeedStatus::Met]);
        needs.tallied(scope, "need", "area_id, status", &raised, false);
        for row in needs.rows(self).await? {
            let area = area(&row, 0)?;
            let status: String = row.try_get_by_index(1).checked(T)?;
            let tally = tallies.entry(area).or_insert(AreaTally::empty(area));
            match NeedStatus::parse(&status).checked(T)? {
                NeedStatus::Met => tally.needs_met = number(&row, 2)?,
                _ => tally.needs = number(&row, 2)?,
            }
        }
        Ok(tallies.into_values().collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn aspect_tallies(&mut self, scope: &ReportScope) -> Result<Vec<AspectTally>, PortError> {
        let mut tallies: std::collections::BTreeMap<(AreaId, String), AspectTally> =
            Default::default();
        for offered in [true, false] {
            let mut sql = self.sql("");
            if offered {
                sql.tallied(
                    scope,
                    "offer_aspect",
                    "area_id, aspect",
                    &counted_offers(),
                    false,
                );
            } else {
                let open = needs_of(&open_needs());
                sql.tallied(scope, "need_aspect", "area_id, aspect", &open, false);
            }
            for row in sql.rows(self).await? {
                let area = area(&row, 0)?;
                let name: String = row.try_get_by_index(1).checked(T)?;
                let aspect = Aspect::parse(&name).checked(T)?;
                let tally = tallies.entry((area, name)).or_insert(AspectTally {
                    area_id: area,
                    aspect,
                    offers: 0,
                    needs: 0,
                });
                if offered {
                    tally.offers = number(&row, 2)?;
                } else {
                    tally.needs = number(&row, 2)?;
                }
            }
        }
        Ok(tallies.into_values().collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn by_organisation(
        &mut self,
        scope: &ReportScope,
        what: OrganisationCounted,
    ) -> Result<Vec<OrganisationCount>, PortError> {
        if scope.organisation_id.is_none() && what != OrganisationCounted::TakenUp {
            return self.by_every_organisation(scope, what).await;
        }
        let (kind, only) = match what {
            OrganisationCounted::Members => ("member", of_counted_members()),
            OrganisationCounted::Offers => ("offer", counted_offers()),
            OrganisationCounted::OpenNeeds => ("need", needs_of(&open_needs())),
            OrganisationCounted::TakenUp => {
                let taken_up = MemberStatus::ALL
                    .iter()
                    .copied()
                    .filter(|s| takes_up_place(*s));
                (
                    "member",
                    format!("status IN ({})", words(taken_up, MemberStatus::as_str)),
                )
            }
        };
        let mut sql = self.sql("");
        sql.tallied(scope, kind, "organisation_id", &only, true);
        let mut counts = sql
            .rows(self)
            .await?
            .iter()
            .map(|row| {
                Ok(OrganisationCount {
                    organisation_id: cell_organisation(row, 0)?,
                    count: number(row, 1)?,
                })
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        counts.sort_by_key(|c| c.organisation_id);
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn help_between(&mut self, scope: &ReportScope) -> Result<Vec<HelpBetween>, PortError> {
        let mut sql = self.sql("SELECT h.organisation_id, s.organisation_id, COUNT(*)");
        sql.push(REQUESTS)
            .requests(scope)
            .push(&format!(
                " AND r.status = '{}'",
                RequestStatus::Completed.as_str()
            ))
            .push(" GROUP BY h.organisation_id, s.organisation_id");
        let mut pairs = sql
            .rows(self)
            .await?
            .iter()
            .map(|row| {
                Ok(HelpBetween {
                    helper: organisation(row, 0)?,
                    seeker: organisation(row, 1)?,
                    completed: number(row, 2)?,
                })
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        pairs.sort_by_key(|p| (p.helper, p.seeker));
        Ok(pairs)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn requests_by_status(
        &mut self,
        scope: &ReportScope,
    ) -> Result<Vec<StatusCount<RequestStatus>>, PortError> {
        let pending = RequestStatus::Pending.as_str();
        let mut counts: std::collections::BTreeMap<RequestStatus, u32> = Default::default();
        let mut settled = self.sql("");
        settled.tallied(
            scope,
            "request",
            "status",
            &format!("status <> '{pending}'"),
            false,
        );
        // Whether a pending request has expired depends on the moment: counted from the rows,
        // the few still pending.
        let mut waiting = self.sql("SELECT CASE WHEN r.expires_at <= ");
        waiting
            .bind(micros(scope.now))
            .push(&format!(
                " THEN '{}' ELSE r.status END AS seen, COUNT(*)",
                RequestStatus::Expired.as_str()
            ))
            .push(REQUESTS)
            .requests(scope)
            .push(&format!(" AND r.status = '{pending}' GROUP BY seen"));
        for sql in [settled, waiting] {
            for row in sql.rows(self).await? {
                let status: String = row.try_get_by_index(0).checked(T)?;
                *counts
                    .entry(RequestStatus::parse(&status).checked(T)?)
                    .or_default() += number(&row, 1)?;
            }
        }
        Ok(counts
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn answer_time_at(
        &mut self,
        scope: &ReportScope,
        rank: u32,
    ) -> Result<Option<time::Duration>, PortError> {
        let mut sql = self.sql("SELECT r.answered_at - r.created_at AS waited");
        sql.push(REQUESTS)
            .requests(scope)
            .push(" AND r.answered_at IS NOT NULL ORDER BY waited LIMIT 1 OFFSET ")
            .bind(i64::from(rank));
        let rows = sql.rows(self).await?;
        rows.first()
            .map(|row| {
                let waited: i64 = row.try_get_by_index(0).checked(T)?;
                Ok(time::Duration::microseconds(waited))
            })
            .transpose()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn answered(&mut self, scope: &ReportScope) -> Result<u32, PortError> {
        let mut sql = self.sql("");
        sql.tallied(scope, "answered", "kind", "1 = 1", false);
        let rows = sql.rows(self).await?;
        rows.first().map_or(Ok(0), |row| number(row, 1))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn reciprocity(&mut self, scope: &ReportScope) -> Result<Reciprocity, PortError> {
        let completed = RequestStatus::Completed.as_str();
        let mut sql = self.sql("SELECT gave, received, COUNT(*) FROM (SELECT");
        for (side, name) in [("helper_id", "gave"), ("seeker_id", "received")] {
            if name == "received" {
                sql.push(",");
            }
            sql.push(" CASE WHEN EXISTS (SELECT 1 FROM requests r WHERE r.group_id = ")
                .bind(scope.group_id.as_uuid())
                .push(&format!(
                    " AND r.{side} = m.id AND r.status = '{completed}'"
                ))
                .period(scope, "r.created_at")
                .push(&format!(") THEN 1 ELSE 0 END AS {name}"));
        }
        sql.push(" FROM members m WHERE m.group_id = ")
            .bind(scope.group_id.as_uuid())
            .push(&format!(
                " AND m.status = '{}'",
                MemberStatus::Active.as_str()
            ))
            .organisation(scope, "m")
            .push(") AS sides GROUP BY gave, received");
        let mut found = Reciprocity::default();
        for row in sql.rows(self).await? {
            let gave: i32 = row.try_get_by_index(0).checked(T)?;
            let received: i32 = row.try_get_by_index(1).checked(T)?;
            let count = number(&row, 2)?;
            match (gave, received) {
                (1, 1) => found.both = count,
                (1, _) => found.gave_only = count,
                (_, 1) => found.received_only = count,
                _ => found.neither = count,
            }
        }
        Ok(found)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn ratings(&mut self, scope: &ReportScope) -> Result<Vec<RatingCount>, PortError> {
        let mut sql = self.sql("");
        sql.tallied(scope, "rating", "area_id, status", "1 = 1", false);
        let mut counts = sql
            .rows(self)
            .await?
            .iter()
            .map(|row| {
                let rating: String = row.try_get_by_index(1).checked(T)?;
                Ok(RatingCount {
                    area_id: area(row, 0)?,
                    rating: rating.parse().checked(T)?,
                    count: number(row, 2)?,
                })
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        counts.sort_by_key(|c| (c.area_id, c.rating));
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn help_given(&mut self, scope: &ReportScope) -> Result<Vec<HelpGiven>, PortError> {
        let mut sql = self.sql(
            "SELECT r.helper_id, COUNT(*) FROM requests r JOIN members h ON h.id = r.helper_id \
             WHERE r.group_id = ",
        );
        sql.bind(scope.group_id.as_uuid())
            .period(scope, "r.created_at")
            .push(&format!(
                " AND r.status = '{}'",
                RequestStatus::Completed.as_str()
            ))
            .counted_member(scope, "h")
            .push(" GROUP BY r.helper_id");
        let mut counts = sql
            .rows(self)
            .await?
            .iter()
            .map(|row| {
                Ok(HelpGiven {
                    member_id: MemberId::from_uuid(row.try_get_by_index(0).checked(T)?),
                    completed: number(row, 1)?,
                })
            })
            .collect::<Result<Vec<_>, PortError>>()?;
        counts.sort_by_key(|c| c.member_id);
        Ok(counts)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn needs_met(&mut self, scope: &ReportScope) -> Result<Vec<NeedsMetTally>, PortError> {
        let met = NeedStatus::Met.as_str();
        let through = "n.status = '{met}' AND x.need_id IS NOT NULL".replace("{met}", met);
        let sum = |what: &str| format!("CAST(COALESCE(SUM({what}), 0) AS BIGINT)");
        let mut sql = self.sql(&format!(
            "SELECT n.area_id, m.organisation_id, COUNT(*), {}, {}, {}, {}, {}",
            sum(&format!("CASE WHEN n.status = '{met}' THEN 1 ELSE 0 END")),
            sum(&format!("CASE WHEN {through} THEN 1 ELSE 0 END")),
            sum(&format!(
                "CASE WHEN {through} AND x.at > n.created_at THEN (x.at - n.created_at) / 1000000 ELSE 0 END"
            )),
            sum(&format!("CASE WHEN {through} AND x.rating IS NOT NULL THEN 1 ELSE 0 END")),
            sum(&format!("CASE WHEN {through} AND x.rating IS NOT NULL THEN x.rating ELSE 0 END")),
        ));
        sql.push(NEEDS)
            .push(
                " LEFT JOIN (SELECT need_id, MIN(need_answered_at) AS at, MAX(rating) AS rating \
                 FROM requests WHERE group_id = ",
            )
            .bind(scope.group_id.as_uuid())
            .push(&format!(
                " AND need_answer = '{}' AND need_id IS NOT NULL GROUP BY need_id) x ON x.need_id = n.id WHERE",
                NeedAnswer::Met.as_str()
            ))
            .counted_needs(scope, NeedStatus::ALL)
            .push(" GROUP BY n.area_id, m.organisation_id");
        sql.rows(self)
            .await?
            .iter()
            .map(|row| {
                let seconds: i64 = row.try_get_by_index(5).checked(T)?;
                Ok(NeedsMetTally {
                    area_id: AreaId::from_uuid(row.try_get_by_index(0).checked(T)?),
                    organisation_id: organisation(row, 1)?,
                    raised: number(row, 2)?,
                    met: number(row, 3)?,
                    through_exchange: number(row, 4)?,
                    seconds_to_met: u64::try_from(seconds).checked(T)?,
                    rated: number(row, 6)?,
                    ratings: number(row, 7)?,
                })
            })
            .collect()
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn monthly(
        &mut self,
        scope: &ReportScope,
        what: Counted,
    ) -> Result<Vec<MonthCount>, PortError> {
        let kind = match what {
            Counted::Offers => "offer",
            Counted::Needs => "need",
            Counted::Requests => "request",
            Counted::Members => "member",
        };
        let mut sql = self.sql("");
        sql.tallied(scope, kind, "bucket", "1 = 1", false);
        // A month's cell is numbered by its first day, a day's by itself: both fall in its month.
        let mut months: std::collections::BTreeMap<String, u32> = Default::default();
        for row in sql.rows(self).await? {
            let day: i64 = row.try_get_by_index(0).checked(T)?;
            let date = date_of_day(day).ok_or("a day no date names").checked(T)?;
            let month = format!("{:04}-{:02}", date.year(), u8::from(date.month()));
            *months.entry(month).or_default() += number(&row, 1)?;
        }
        Ok(months
            .into_iter()
            .map(|(month, count)| MonthCount { month, count })
            .collect())
    }
}
