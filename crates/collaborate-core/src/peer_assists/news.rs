//! What a letter tells of a Peer Assist or a lesson, read when it is sent: none when its
//! recipient is no longer one of its people (an invitation withdrawn, a member who left), so
//! nobody hears of a Peer Assist they may not see.

use super::{Lesson, PeerAssist, Reader};
use crate::error::Result;
use crate::notifications::{News, Notice, PeerAssistNews};
use crate::ports::Transaction;
use crate::values::{
    AccountId, ActionStatus, AreaId, GroupId, InviteeStatus, LessonId, MemberStatus, Name,
    PeerAssistId, PeerAssistStatus,
};
use std::collections::BTreeSet;
use time::Date;

/// The news of a notice about a Peer Assist for the account `account_id`, as things are now.
///
/// # Errors
/// [`crate::Error::Port`] when the store fails.
pub(crate) async fn peer_assist_news<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
    id: PeerAssistId,
    notice: Notice,
    today: Date,
) -> Result<Option<News>> {
    let Some(member) = tx
        .member_of(group_id, account_id)
        .await?
        .filter(|m| m.status == MemberStatus::Active)
    else {
        return Ok(None);
    };
    let Some(peer_assist) = tx.peer_assist(group_id, id).await? else {
        return Ok(None);
    };
    let Some(brief) = &peer_assist.brief else {
        return Ok(None);
    };
    let reader = Reader {
        member_id: member.id,
        admin: false,
        active: true,
    };
    let theirs = peer_assist.is_seen_by(&reader);
    let what = match notice {
        Notice::PeerAssistPlanned(_) => {
            (peer_assist.status == PeerAssistStatus::Scheduled).then_some(PeerAssistNews::Planned)
        }
        _ if !theirs => None,
        Notice::PeerAssistInvitation(_) => peer_assist
            .invitation_of(member.id)
            .filter(|_| peer_assist.status == PeerAssistStatus::Inviting)
            .map(|(role, _)| PeerAssistNews::Invitation { role }),
        Notice::PeerAssistReply(_) => Some(replies(&peer_assist)),
        Notice::PeerAssistScheduled(_) => Some(PeerAssistNews::Scheduled),
        Notice::PeerAssistMoved(_) => Some(PeerAssistNews::Moved),
        Notice::PeerAssistCancelled(_) => Some(PeerAssistNews::Cancelled),
        Notice::PeerAssistUpdate(_) => peer_assist.updates.last().map(|u| PeerAssistNews::Update {
            message: u.message.clone(),
        }),
        Notice::ActionDue(_) | Notice::ActionOverdue(_) => {
            let overdue = matches!(notice, Notice::ActionOverdue(_));
            let actions: Vec<_> = peer_assist
                .actions
                .iter()
                .filter(|a| a.owner == Some(member.id) && a.status == ActionStatus::Open)
                .filter(|a| {
                    if overdue {
                        a.due_on < today
                    } else {
                        a.due_on >= today
                    }
                })
                .map(|a| (a.what.clone(), a.due_on))
                .collect();
            (!actions.is_empty()).then_some(PeerAssistNews::ActionsDue { actions, overdue })
        }
        _ => None,
    };
    let Some(what) = what else {
        return Ok(None);
    };
    let convenor = tx.member(group_id, peer_assist.convenor).await?;
    let Some(convenor) = convenor else {
        return Ok(None);
    };
    Ok(Some(News::PeerAssist {
        peer_assist_id: id,
        title: brief.title.clone(),
        areas: names_of_areas(tx, group_id, &peer_assist.areas).await?,
        convenor: convenor.profile.display_name,
        meeting: theirs.then(|| peer_assist.meeting.clone()),
        sequence: peer_assist.version.get(),
        changed_at: peer_assist.updated_at,
        what,
    }))
}

/// Where the answers to a Peer Assist's invitations stand.
fn replies(peer_assist: &PeerAssist) -> PeerAssistNews {
    let invitees: Vec<_> = peer_assist
        .facilitator
        .iter()
        .chain(&peer_assist.participants)
        .collect();
    let count = |status: InviteeStatus| {
        u32::try_from(invitees.iter().filter(|i| i.status == status).count()).unwrap_or(u32::MAX)
    };
    PeerAssistNews::Reply {
        accepted: count(InviteeStatus::Accepted),
        declined: count(InviteeStatus::Declined),
        waiting: count(InviteeStatus::Invited),
        ready: peer_assist.enough_accepted(),
    }
}

/// The news of a lesson published, for a member still active in its group.
///
/// # Errors
/// [`crate::Error::Port`] when the store fails.
pub(crate) async fn lesson_news<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    account_id: AccountId,
    id: LessonId,
) -> Result<Option<News>> {
    let active = tx
        .member_of(group_id, account_id)
        .await?
        .is_some_and(|m| m.status == MemberStatus::Active);
    if !active {
        return Ok(None);
    }
    let lesson: Option<Lesson> = tx.lesson(group_id, id).await?;
    let Some(lesson) = lesson else {
        return Ok(None);
    };
    Ok(Some(News::LessonPublished {
        lesson_id: id,
        areas: names_of_areas(tx, group_id, &lesson.areas).await?,
        title: lesson.title,
    }))
}

async fn names_of_areas<T: Transaction>(
    tx: &mut T,
    group_id: GroupId,
    areas: &BTreeSet<AreaId>,
) -> Result<Vec<Name>> {
    let mut names = Vec::new();
    for id in areas {
        if let Some(area) = tx.area(group_id, *id).await? {
            names.push(area.name);
        }
    }
    Ok(names)
}
