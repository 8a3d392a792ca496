//! The reports as tables, for their CSV downloads.

use super::*;

/// A report as a table: one header row, then its lines.
pub fn table_of(report: &Report) -> Table {
    let count = |n: u32| n.to_string();
    let ratio = |r: Option<f64>| r.map(|r| format!("{r:.2}")).unwrap_or_default();
    match report {
        Report::Overview(o) => {
            let b = OverviewBody::from(o);
            Table::pairs(&[
                ("members_active", b.members_active),
                ("members_invited", b.members_invited),
                ("members_suspended", b.members_suspended),
                ("contributors", b.contributors),
                ("offers", b.offers),
                ("needs", b.needs),
                ("needs_met", b.needs_met),
                ("requests", b.requests),
                ("completed", b.completed),
                ("gaps", b.gaps),
                ("fragile", b.fragile),
                ("needs_raised", b.needs_raised),
                ("needs_raised_met", b.needs_raised_met),
            ])
        }
        Report::Areas(lines) => Table::new(
            &[
                "area",
                "archived",
                "offers",
                "helpers",
                "needs",
                "needs_met",
                "shortage",
            ],
            lines.iter().map(|l| {
                vec![
                    l.area.name.to_string(),
                    l.area.archived.to_string(),
                    count(l.tally.offers),
                    count(l.tally.helpers),
                    count(l.tally.needs),
                    count(l.tally.needs_met),
                    ratio(l.shortage),
                ]
            }),
        ),
        Report::Aspects(lines) => Table::new(
            &["area", "aspect", "offers", "needs", "shortage"],
            lines.iter().map(|l| {
                vec![
                    l.area.name.to_string(),
                    l.tally.aspect.to_string(),
                    count(l.tally.offers),
                    count(l.tally.needs),
                    ratio(l.shortage),
                ]
            }),
        ),
        Report::Organisations(lines) => Table::new(
            &[
                "organisation",
                "members",
                "offers",
                "needs",
                "given",
                "received",
                "within",
                "across",
            ],
            lines.iter().map(|l| {
                vec![
                    l.organisation
                        .as_ref()
                        .map_or_else(|| "(none)".to_owned(), |o| o.name.to_string()),
                    count(l.members),
                    count(l.offers),
                    count(l.needs),
                    count(l.given),
                    count(l.received),
                    count(l.within),
                    count(l.across),
                ]
            }),
        ),
        Report::Gaps(g) => {
            let areas = |kind: &'static str, lines: &[AreaLine]| {
                lines
                    .iter()
                    .map(move |l| {
                        vec![
                            kind.to_owned(),
                            l.area.name.to_string(),
                            String::new(),
                            count(l.tally.offers),
                            count(l.tally.helpers),
                            count(l.tally.needs),
                        ]
                    })
                    .collect::<Vec<_>>()
            };
            let aspects = g.aspects.iter().map(|l| {
                vec![
                    "aspect_gap".to_owned(),
                    l.area.name.to_string(),
                    l.tally.aspect.to_string(),
                    count(l.tally.offers),
                    String::new(),
                    count(l.tally.needs),
                ]
            });
            Table::new(
                &["kind", "area", "aspect", "offers", "helpers", "needs"],
                areas("gap", &g.areas)
                    .into_iter()
                    .chain(aspects)
                    .chain(areas("fragile", &g.fragile)),
            )
        }
        Report::Requests(f) => {
            let b = RequestFlowBody::from(f);
            let mut table = Table::pairs(&[
                ("total", b.total),
                ("pending", b.pending),
                ("accepted", b.accepted),
                ("completed", b.completed),
                ("declined", b.declined),
                ("cancelled", b.cancelled),
                ("expired", b.expired),
            ]);
            table.push(vec![
                "median_hours_to_answer".into(),
                ratio(b.median_hours_to_answer),
            ]);
            table.push(vec!["completion_rate".into(), ratio(b.completion_rate)]);
            table.push(vec!["expiry_rate".into(), ratio(b.expiry_rate)]);
            table
        }
        Report::Reciprocity(r) => Table::pairs(&[
            ("both", r.both),
            ("gave_only", r.gave_only),
            ("received_only", r.received_only),
            ("neither", r.neither),
        ]),
        Report::Feedback(lines) => Table::new(
            &[
                "area",
                "rated_1",
                "rated_2",
                "rated_3",
                "rated_4",
                "rated_5",
                "mean",
                "needs_met",
            ],
            lines.iter().map(|l| {
                let mut row = vec![l.area.name.to_string()];
                row.extend(l.ratings.iter().map(|n| count(*n)));
                row.push(ratio(l.mean));
                row.push(count(l.needs_met));
                row
            }),
        ),
        Report::PeerAssists(r) => {
            let figure = |kind: &str, name: &str, n: u32| {
                vec![
                    kind.to_owned(),
                    name.to_owned(),
                    count(n),
                    String::new(),
                    String::new(),
                ]
            };
            let statuses = r
                .by_status
                .iter()
                .map(|(s, n)| figure("status", s.as_str(), *n));
            let areas = r.areas.iter().map(|l| {
                let name = l.area.name.to_string();
                vec![
                    "area".to_owned(),
                    name,
                    count(l.convened),
                    count(l.held),
                    count(l.lessons),
                ]
            });
            let a = r.actions;
            let rest = [
                figure("actions", "open", a.open),
                figure("actions", "overdue", a.overdue),
                figure("actions", "done", a.done),
                figure("actions", "dropped", a.dropped),
                figure("reach", "people", r.people),
                figure("reach", "organisations", r.organisations),
                figure("lessons", "published", r.lessons),
            ];
            Table::new(
                &["kind", "name", "count", "held", "lessons"],
                statuses.chain(areas).chain(rest),
            )
        }
        Report::Matching(r) => {
            let line = |kind: &str, l: &collaborate_core::reports::NeedsMetLine| {
                vec![
                    kind.to_owned(),
                    l.name.as_ref().map(ToString::to_string).unwrap_or_default(),
                    count(l.raised),
                    count(l.met),
                    count(l.through_exchange),
                    l.share_met().map(count).unwrap_or_default(),
                    ratio(l.mean_days_to_met),
                    ratio(l.mean_rating),
                ]
            };
            let areas = r.areas.iter().map(|l| line("area", l));
            let organisations = r.organisations.iter().map(|l| line("organisation", l));
            let overall = r.overall.iter().map(|l| line("group", l));
            Table::new(
                &[
                    "kind",
                    "name",
                    "raised",
                    "met",
                    "met_through_exchange",
                    "percent_met",
                    "mean_days_to_met",
                    "mean_rating",
                ],
                areas.chain(organisations).chain(overall),
            )
        }
        Report::Thanks(helpers) => Table::new(
            &["display_name", "organisation", "completed"],
            helpers.iter().map(|h| {
                vec![
                    h.name.to_string(),
                    h.organisation
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    count(h.completed),
                ]
            }),
        ),
        Report::Trends(lines) => Table::new(
            &["month", "offers", "needs", "requests", "members"],
            lines.iter().map(|l| {
                vec![
                    l.month.clone(),
                    count(l.offers),
                    count(l.needs),
                    count(l.requests),
                    count(l.members),
                ]
            }),
        ),
    }
}
