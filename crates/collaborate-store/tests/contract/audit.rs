//! The audit trail read back: filters and pages, newest first, the same on every store.

use crate::harness::{app, contract};
use crate::walk::{asking, contributor, group};
use collaborate_core::audit::{AuditEvent, AuditFilter};
use collaborate_core::groups::MemberChanges;
use collaborate_core::paging::{Cursor, PageRequest};
use collaborate_core::ports::Store;
use collaborate_core::values::*;

async fn filtered<S: Store>(store: S) {
    let (app, clock) = app(store);
    let (group, admin, areas, code) = group(&app).await;
    let (helper, offers) = contributor(&app, group, &areas, &code, "helper@example.org", 5).await;
    let mut seekers = Vec::new();
    for i in 0..3 {
        let email = format!("seeker{i}@example.org");
        let (seeker, _) = contributor(&app, group, &areas, &code, &email, 5).await;
        clock.advance(time::Duration::hours(1));
        app.create_request(seeker, group, asking(offers[i % 3]))
            .await
            .unwrap();
        seekers.push(app.my_profile(seeker, group).await.unwrap().member.id);
    }
    clock.advance(time::Duration::hours(1));
    let suspended = MemberChanges {
        status: Some(MemberStatus::Suspended),
        ..MemberChanges::default()
    };
    app.update_member(admin, group, seekers[0], suspended)
        .await
        .unwrap();

    let read = |filter: AuditFilter, limit: i64| {
        let app = &app;
        async move {
            let mut all: Vec<AuditEvent> = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = PageRequest {
                    limit: Limit::new(limit).unwrap(),
                    after,
                };
                let got = app
                    .audit_log(admin, group, filter.clone(), page)
                    .await
                    .unwrap();
                all.extend(got.items);
                match got.next_cursor {
                    Some(next) => after = Some(next),
                    None => return all,
                }
            }
        }
    };
    let everything = read(AuditFilter::default(), 500).await;
    assert_eq!(
        everything.len(),
        10,
        "two reveals a request, one status change, the three areas added"
    );
    assert!(
        everything.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    assert_eq!(
        read(AuditFilter::default(), 2).await,
        everything,
        "pages of two"
    );

    let helper_id = app.my_profile(helper, group).await.unwrap().member.id;
    let start = everything.last().unwrap().at;
    let filters = [
        AuditFilter {
            kind: Some("status_changed"),
            ..AuditFilter::default()
        },
        AuditFilter {
            member_id: Some(seekers[0]),
            ..AuditFilter::default()
        },
        AuditFilter::reveals_of(helper_id),
        AuditFilter {
            from: Some(start + time::Duration::minutes(30)),
            to: Some(start + time::Duration::minutes(150)),
            ..AuditFilter::default()
        },
    ];
    let expected_counts = [1, 3, 3, 4];
    for (filter, count) in filters.into_iter().zip(expected_counts) {
        let oracle: Vec<_> = everything
            .iter()
            .filter(|e| filter.admits(e))
            .cloned()
            .collect();
        assert_eq!(oracle.len(), count, "{filter:?}");
        assert_eq!(read(filter, 2).await, oracle);
    }
}

contract!(
    /// The trail reads back newest first, in pages, filtered by kind, member, subject and time.
    the_audit_trail_reads_back_filtered_and_paged => filtered
);
