//! The reports' tallies: per group, how many members, offers, needs, requests and ratings there
//! are in each cell of kind, organisation, day or month, area, aspect, the member's status and
//! the thing's own status. The database keeps them in the same transaction as every change of
//! the rows they count, by triggers, so no write path can forget them; reports sum a few cells
//! instead of reading the group's rows.
//!
//! A cell counts raw facts only — statuses as stored — and judges nothing: which statuses a
//! report counts is the core's rule, applied when the cells are summed.
//!
//! Every thing is counted twice over in time (in the cell of its day and of its month, so a
//! period is summed from whole months and the days at either end) and twice over in
//! organisation (in the cell of its organisation, or of "none", and in the cell of every
//! organisation). A request is counted in the cells of both its sides' organisations, once if
//! they are the same.

use sea_orm_migration::sea_orm::DatabaseBackend;

/// The organisation of the cells that count every organisation, and the area of cells that
/// are of no area (members): the nil UUID.
pub const EVERY: [u8; 16] = [0; 16];

/// The organisation of the cells that count members of no organisation: the max UUID.
pub const NONE: [u8; 16] = [0xff; 16];

/// The columns of a cell, in the order of the table's primary key, then its count.
pub const KEY: &str =
    "group_id, kind, organisation_id, grain, bucket, area_id, aspect, member_status, status";

/// A microsecond's worth of a day.
const DAY: &str = "86400000000";

struct Dialect(DatabaseBackend);

impl Dialect {
    fn uuid(&self, bytes: [u8; 16]) -> String {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        match self.0 {
            DatabaseBackend::Postgres => format!(
                "'{}-{}-{}-{}-{}'::uuid",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            ),
            _ => format!("X'{hex}'"),
        }
    }

    /// The day of `at` (microseconds since the epoch, UTC), counted from the epoch, rounding
    /// down on both sides of it.
    fn day(&self, at: &str) -> String {
        format!("((({at}) - ((({at}) % {DAY}) + {DAY}) % {DAY}) / {DAY})")
    }

    /// The day the month of `at` begins, counted from the epoch.
    fn month(&self, at: &str) -> String {
        match self.0 {
            DatabaseBackend::Postgres => format!(
                "((date_trunc('month', to_timestamp(({at}) / 1000000.0) AT TIME ZONE 'UTC'))::date \
                 - DATE '1970-01-01')::bigint"
            ),
            _ => format!(
                "CAST(julianday(date(({at}) / 1000000, 'unixepoch', 'start of month')) \
                 - 2440587.5 AS INTEGER)"
            ),
        }
    }

    /// The aspects of a JSON list, one row each, as `j.value`.
    fn each_aspect(&self, list: &str) -> String {
        match self.0 {
            DatabaseBackend::Postgres => {
                format!(
                    " CROSS JOIN LATERAL jsonb_array_elements_text(({list})::jsonb) AS j(value)"
                )
            }
            _ => format!(" CROSS JOIN json_each({list}) AS j"),
        }
    }

    fn differs(&self, a: &str, b: &str) -> String {
        match self.0 {
            DatabaseBackend::Postgres => format!("{a} IS DISTINCT FROM {b}"),
            _ => format!("{a} IS NOT {b}"),
        }
    }
}

/// What one kind of cell counts, of a row named `r`.
struct Kind {
    name: &'static str,
    area: String,
    aspect: Option<String>,
    member_status: String,
    status: String,
    at: String,
    /// The organisations of the thing's sides (the same twice but for requests).
    organisations: [String; 2],
    /// Which rows count at all.
    only: String,
}

/// Where the rows come from: the tables joined after the fan-out, and which of them count.
struct Rows {
    joins: String,
    only: String,
}

fn cells(d: &Dialect, kind: &Kind, group: &str, rows: &Rows, sign: i32) -> String {
    let none = d.uuid(NONE);
    let [one, other] = &kind.organisations;
    let one = format!("COALESCE({one}, {none})");
    let other = format!("COALESCE({other}, {none})");
    let (aspect, each) = match &kind.aspect {
        Some(list) => ("j.value".to_owned(), d.each_aspect(list)),
        None => ("''".to_owned(), String::new()),
    };
    format!(
        "SELECT {group} AS group_id, '{name}' AS kind, \
         CASE f.k WHEN 0 THEN {every} WHEN 1 THEN {one} ELSE {other} END AS organisation_id, \
         g.grain AS grain, CASE g.grain WHEN 'd' THEN {day} ELSE {month} END AS bucket, \
         {area} AS area_id, {aspect} AS aspect, {member_status} AS member_status, \
         {status} AS status, {sign} AS n \
         FROM (SELECT 'd' AS grain UNION ALL SELECT 'm') AS g \
         CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) AS f{joins}{each} \
         WHERE ({only}) AND ({kind_only}) AND (f.k < 2 OR {other} <> {one})",
        area = if kind.area.is_empty() {
            d.uuid(EVERY)
        } else {
            kind.area.clone()
        },
        name = kind.name,
        every = d.uuid(EVERY),
        day = d.day(&kind.at),
        month = d.month(&kind.at),
        member_status = kind.member_status,
        status = kind.status,
        joins = rows.joins,
        only = rows.only,
        kind_only = kind.only,
    )
}

/// Adds `cells` (a query of cells and counts) to the tallies, each cell once, in the order of
/// the key, so that concurrent writers on PostgreSQL lock shared cells in one order.
fn add(cells: &str) -> String {
    format!(
        "INSERT INTO tallies ({KEY}, n) SELECT {KEY}, SUM(n) FROM ({cells}) AS c WHERE true \
         GROUP BY {KEY} ORDER BY {KEY} \
         ON CONFLICT ({KEY}) DO UPDATE SET n = tallies.n + excluded.n"
    )
}

fn member(r: &str) -> Kind {
    Kind {
        name: "member",
        area: String::new(),
        aspect: None,
        member_status: format!("{r}.status"),
        status: format!("{r}.status"),
        at: format!("{r}.joined_at"),
        organisations: [
            format!("{r}.organisation_id"),
            format!("{r}.organisation_id"),
        ],
        only: "1 = 1".to_owned(),
    }
}

/// The offer or need kinds of a row `r` of `table`, its member's status `ms` and organisation
/// `mo`.
fn wishes(table: &str, r: &str, ms: &str, mo: &str) -> [Kind; 2] {
    let name = if table == "offers" { "offer" } else { "need" };
    let kind = |aspects: bool| Kind {
        name: match (name, aspects) {
            ("offer", false) => "offer",
            ("offer", true) => "offer_aspect",
            (_, false) => "need",
            _ => "need_aspect",
        },
        area: format!("{r}.area_id"),
        aspect: aspects.then(|| format!("{r}.aspects")),
        member_status: ms.to_owned(),
        status: format!("{r}.status"),
        at: format!("{r}.created_at"),
        organisations: [mo.to_owned(), mo.to_owned()],
        only: "1 = 1".to_owned(),
    };
    [kind(false), kind(true)]
}

/// The request kinds of a row `r`, its helper's organisation `ho` and its seeker's `so`.
fn requests(r: &str, ho: &str, so: &str) -> [Kind; 3] {
    let kind = |name, status: String, only: String| Kind {
        name,
        area: format!("{r}.area_id"),
        aspect: None,
        member_status: "''".to_owned(),
        status,
        at: format!("{r}.created_at"),
        organisations: [ho.to_owned(), so.to_owned()],
        only,
    };
    [
        kind("request", format!("{r}.status"), "1 = 1".to_owned()),
        kind(
            "rating",
            format!("CAST({r}.rating AS TEXT)"),
            format!("{r}.rating IS NOT NULL"),
        ),
        kind(
            "answered",
            "''".to_owned(),
            format!("{r}.answered_at IS NOT NULL"),
        ),
    ]
}

/// Every cell counted from the rows of the tables, with `n` of 1 a thing (to be summed).
fn recount_cells(d: &Dialect) -> Vec<String> {
    let mut selects = Vec::new();
    let members = Rows {
        joins: " CROSS JOIN members r".to_owned(),
        only: "1 = 1".to_owned(),
    };
    selects.push(cells(d, &member("r"), "r.group_id", &members, 1));
    for table in ["offers", "needs"] {
        let rows = Rows {
            joins: format!(" CROSS JOIN {table} r JOIN members m ON m.id = r.member_id"),
            only: "1 = 1".to_owned(),
        };
        for kind in wishes(table, "r", "m.status", "m.organisation_id") {
            selects.push(cells(d, &kind, "r.group_id", &rows, 1));
        }
    }
    let rows = Rows {
        joins: " CROSS JOIN requests r JOIN members h ON h.id = r.helper_id \
                JOIN members s ON s.id = r.seeker_id"
            .to_owned(),
        only: "1 = 1".to_owned(),
    };
    for kind in requests("r", "h.organisation_id", "s.organisation_id") {
        selects.push(cells(d, &kind, "r.group_id", &rows, 1));
    }
    selects
}

/// Every cell as the rows count it now, summed: what the tallies should hold (each with a count
/// other than nought), as `KEY, n`.
pub fn recount(backend: DatabaseBackend) -> String {
    let d = Dialect(backend);
    format!(
        "SELECT {KEY}, CAST(SUM(n) AS BIGINT) AS n FROM ({}) AS c GROUP BY {KEY}",
        recount_cells(&d).join(" UNION ALL ")
    )
}

/// The statements that count a change of one row of `table`: those for `row` being `OLD`
/// (taken away) or `NEW` (added).
fn moves(d: &Dialect, table: &str, row: &str, sign: i32) -> Vec<String> {
    let one = |kind: Kind, group: &str, rows: &Rows| add(&cells(d, &kind, group, rows, sign));
    let group = format!("{row}.group_id");
    match table {
        "members" => {
            let mut statements = vec![one(
                member(row),
                &group,
                &Rows {
                    joins: String::new(),
                    only: "1 = 1".to_owned(),
                },
            )];
            // The member's offers and needs move with their status and organisation.
            for things in ["offers", "needs"] {
                let rows = Rows {
                    joins: format!(" CROSS JOIN {things} t"),
                    only: format!("t.member_id = {row}.id"),
                };
                let ms = format!("{row}.status");
                let mo = format!("{row}.organisation_id");
                for kind in wishes(things, "t", &ms, &mo) {
                    statements.push(add(&cells(d, &kind, &group, &rows, sign)));
                }
            }
            // Their requests, on either side, with their organisation.
            let mo = format!("{row}.organisation_id");
            for (side, other, helper) in [
                ("helper_id", "seeker_id", true),
                ("seeker_id", "helper_id", false),
            ] {
                let rows = Rows {
                    joins: format!(" CROSS JOIN requests t JOIN members o ON o.id = t.{other}"),
                    only: format!("t.{side} = {row}.id"),
                };
                let (ho, so) = if helper {
                    (mo.clone(), "o.organisation_id".to_owned())
                } else {
                    ("o.organisation_id".to_owned(), mo.clone())
                };
                for kind in requests("t", &ho, &so) {
                    statements.push(add(&cells(d, &kind, &group, &rows, sign)));
                }
            }
            statements
        }
        "offers" | "needs" => {
            let rows = Rows {
                joins: format!(" JOIN members m ON m.id = {row}.member_id"),
                only: "1 = 1".to_owned(),
            };
            wishes(table, row, "m.status", "m.organisation_id")
                .into_iter()
                .map(|kind| one(kind, &group, &rows))
                .collect()
        }
        _ => {
            let rows = Rows {
                joins: format!(
                    " JOIN members h ON h.id = {row}.helper_id JOIN members s ON s.id = {row}.seeker_id"
                ),
                only: "1 = 1".to_owned(),
            };
            requests(row, "h.organisation_id", "s.organisation_id")
                .into_iter()
                .map(|kind| one(kind, &group, &rows))
                .collect()
        }
    }
}

/// The tables counted, and the columns whose change moves a row between cells.
const COUNTED: [(&str, &[&str]); 4] = [
    (
        "members",
        &["group_id", "status", "organisation_id", "joined_at"],
    ),
    (
        "offers",
        &[
            "group_id",
            "member_id",
            "area_id",
            "aspects",
            "status",
            "created_at",
        ],
    ),
    (
        "needs",
        &[
            "group_id",
            "member_id",
            "area_id",
            "aspects",
            "status",
            "created_at",
        ],
    ),
    (
        "requests",
        &[
            "group_id",
            "helper_id",
            "seeker_id",
            "area_id",
            "status",
            "rating",
            "answered_at",
            "created_at",
        ],
    ),
];

/// On PostgreSQL, the statements that hold the members a row of `table` is counted by (its
/// member, or its two sides, in the order of their ids) until the transaction ends: a
/// concurrent change of a member's status or organisation then waits for this row to be
/// counted, or this row waits for it and is counted as it left them — never both unseen.
fn sides_locked(table: &str, row: &str) -> Vec<String> {
    let sides = match table {
        "offers" | "needs" => format!("{row}.member_id"),
        "requests" => format!("{row}.helper_id, {row}.seeker_id"),
        _ => return Vec::new(),
    };
    vec![format!(
        "PERFORM 1 FROM members WHERE id IN ({sides}) ORDER BY id FOR SHARE"
    )]
}

/// The triggers that keep the tallies with every change of a counted row.
pub fn triggers(backend: DatabaseBackend) -> Vec<String> {
    let d = Dialect(backend);
    let mut statements = Vec::new();
    for (table, columns) in COUNTED {
        let changed: Vec<String> = columns
            .iter()
            .map(|c| d.differs(&format!("OLD.{c}"), &format!("NEW.{c}")))
            .collect();
        let changed = changed.join(" OR ");
        let mut old = moves(&d, table, "OLD", -1);
        let mut new = moves(&d, table, "NEW", 1);
        if backend == DatabaseBackend::Postgres {
            old.splice(0..0, sides_locked(table, "OLD"));
            new.splice(0..0, sides_locked(table, "NEW"));
        }
        let body = |parts: &[&Vec<String>]| {
            parts
                .iter()
                .flat_map(|p| p.iter())
                .map(|s| format!("{s};"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match backend {
            DatabaseBackend::Postgres => {
                statements.push(format!(
                    "CREATE FUNCTION tally_{table}() RETURNS trigger LANGUAGE plpgsql AS $body$ \
                     BEGIN \
                     IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN RETURN NULL; END IF; \
                     IF TG_OP <> 'INSERT' THEN {old} END IF; \
                     IF TG_OP <> 'DELETE' THEN {new} END IF; \
                     RETURN NULL; \
                     END $body$",
                    old = body(&[&old]),
                    new = body(&[&new]),
                ));
                statements.push(format!(
                    "CREATE TRIGGER tally_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION tally_{table}()"
                ));
            }
            _ => {
                statements.push(format!(
                    "CREATE TRIGGER tally_{table}_insert AFTER INSERT ON {table} BEGIN {} END",
                    body(&[&new])
                ));
                statements.push(format!(
                    "CREATE TRIGGER tally_{table}_update AFTER UPDATE ON {table} \
                     WHEN {changed} BEGIN {} END",
                    body(&[&old, &new])
                ));
                statements.push(format!(
                    "CREATE TRIGGER tally_{table}_delete AFTER DELETE ON {table} BEGIN {} END",
                    body(&[&old])
                ));
            }
        }
    }
    statements
}

/// Empties the tallies and counts them again from the rows.
pub fn rebuild(backend: DatabaseBackend) -> [String; 2] {
    [
        "DELETE FROM tallies".to_owned(),
        format!(
            "INSERT INTO tallies ({KEY}, n) SELECT {KEY}, n FROM ({}) AS r",
            recount(backend)
        ),
    ]
}

/// How many cells the tallies hold wrongly, in each group with any: a cell whose count differs
/// from the rows' (nought where there is none), as `group_id, cells`.
pub fn differences(backend: DatabaseBackend) -> String {
    let kept = format!("SELECT {KEY}, n FROM tallies WHERE n <> 0");
    let counted = recount(backend);
    format!(
        "SELECT group_id, COUNT(*) FROM (\
         SELECT {KEY} FROM (SELECT * FROM ({kept}) AS k EXCEPT SELECT * FROM ({counted}) AS c) AS a \
         UNION \
         SELECT {KEY} FROM (SELECT * FROM ({counted}) AS c EXCEPT SELECT * FROM ({kept}) AS k) AS b\
         ) AS d GROUP BY group_id"
    )
}
