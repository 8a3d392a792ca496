//! The questionnaire import (admins): the file is read before anything is written, then every
//! row's person is pre-loaded or updated in one transaction — all of it, or nothing.

use crate::accounts::Account;
use crate::app::{Clearance, Collaborate, membership};
use crate::audit::{Actor, AuditAction};
use crate::error::{ConflictReason, Error, Result};
use crate::groups::{Group, Groups as _, Invitation, Member, Profile};
use crate::notifications::{Notice, OutboxMessage};
use crate::offers::{Need, Offer};
use crate::ports::{Clock, Environment, IdSource, Transaction as _, Tx};
use crate::questionnaire::landing::{Landing, Pending};
use crate::questionnaire::{
    ImportMode, ImportReport, Importer, InvitationKind, IssuedInvitation, MemberOutcome,
    Questionnaire, QuestionnaireRow, RowOutcome, RowProblem, Tally,
};
use crate::taxonomy::{Organisation, Taxonomy as _};
use crate::values::{
    AccountId, AreaId, DeliveryStatus, Email, GroupId, InvitationId, MemberId, MemberStatus,
    MessageId, Name, NotificationPreference, OrganisationId, Role, Slug, Version,
};
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

impl<E: Environment> Collaborate<E> {
    /// Imports a questionnaire file (admins): people new to the group are pre-loaded and invited
    /// (to claim a new account, or to accept with theirs); people already in it are updated —
    /// the file's non-empty cells replace their profile's, each strength updates their offer in
    /// that area or makes one, each need their open need in that area or makes one, and ranks no
    /// longer in their top five are cleared. Nothing is ever deleted. A dry run answers exactly
    /// what the import would do, and writes nothing. `progress` hears how many rows are done, of
    /// how many, as the import goes.
    ///
    /// # Errors
    /// [`Error::ImportRejected`] listing every problem of every row, when there is any;
    /// [`Error::Stale`] when the group's areas changed while the file was read; the errors of
    /// [`membership`].
    #[tracing::instrument(skip_all, fields(bytes = file.len(), ?mode))]
    pub async fn import_questionnaire(
        &self,
        importer: Importer,
        group_id: GroupId,
        file: &[u8],
        mode: ImportMode,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportReport> {
        let areas = {
            let mut tx = self.read().await?;
            importing(&mut tx, importer, group_id).await?;
            tx.areas(group_id).await?
        };
        let questionnaire = Questionnaire::read(file, &areas).map_err(Error::ImportRejected)?;
        let mut tx = self.write().await?;
        let (group, issuer, actor) = importing(&mut tx, importer, group_id).await?;
        check_areas_unchanged(&mut tx, group.id, &questionnaire.areas).await?;
        let mut run = Run::start(&mut tx, group, issuer.id, self.clock.now()).await?;
        let mut rows = Vec::with_capacity(questionnaire.people);
        let mut problems = Vec::new();
        let total = questionnaire.people;
        let mut reading = questionnaire.rows();
        loop {
            let batch: Vec<QuestionnaireRow> = reading.by_ref().take(Pending::ROWS).collect();
            if batch.is_empty() {
                break;
            }
            let mut known = Known::of_batch(&mut tx, run.group.id, &batch).await?;
            for row in &batch {
                let known = known.remove(&row.email.key()).unwrap_or_default();
                match self.import_row(&mut tx, &mut run, row, known).await? {
                    Ok(outcome) => rows.push(outcome),
                    Err(problem) => problems.push(problem),
                }
                progress(rows.len() + problems.len(), total);
            }
            run.pending.write(&mut tx).await?;
        }
        if !problems.is_empty() {
            return Err(Error::ImportRejected(problems));
        }
        let report = ImportReport {
            dry_run: mode == ImportMode::DryRun,
            organisations_created: run.organisations_created,
            invitations: match mode {
                ImportMode::DryRun => Vec::new(),
                ImportMode::Commit => run.invitations,
            },
            rows,
        };
        if mode == ImportMode::Commit {
            self.record_as(&mut tx, run.group.id, actor, run.now, audit_of(&report))
                .await?;
            tx.commit().await?;
        }
        Ok(report)
    }

    /// The group an operator names by its id or its slug.
    ///
    /// # Errors
    /// [`Error::NotFound`] when no group has it; [`Error::Conflict`] when several groups share
    /// the slug (name one by its id).
    #[tracing::instrument(skip_all)]
    pub async fn group_named(&self, reference: &str) -> Result<Group> {
        let mut tx = self.read().await?;
        if let Ok(id) = GroupId::parse(reference) {
            return tx.group(id).await?.ok_or(Error::NotFound("group"));
        }
        let slug = Slug::parse(reference).map_err(|_| Error::NotFound("group"))?;
        let mut groups = tx.groups_with_slug(&slug).await?;
        match groups.len() {
            0 => Err(Error::NotFound("group")),
            1 => Ok(groups.remove(0)),
            _ => Err(Error::conflict(
                ConflictReason::Duplicate,
                "several groups have this slug: name the group by its id",
            )),
        }
    }

    /// The questionnaire's template (admins), with an example row in the group's own areas
    /// ([`Questionnaire::template_for`]).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn questionnaire_template(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<String> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        Ok(Questionnaire::template_for(&tx.areas(group_id).await?))
    }

    /// Pre-loads or updates one row's person, of whom the store holds `known`; a problem of
    /// the row is the inner error.
    async fn import_row(
        &self,
        tx: &mut Tx<E>,
        run: &mut Run,
        row: &QuestionnaireRow,
        known: Known,
    ) -> Result<std::result::Result<RowOutcome, RowProblem>> {
        let account = known.account.unwrap_or_else(|| {
            let account = Account {
                id: AccountId::from_uuid(self.ids.new_id()),
                email: row.email.clone(),
                display_name: row.display_name.clone(),
                password_hash: None,
                language: None,
                created_at: run.now,
                preloaded_by: Some(run.group.id),
                address_confirmed_at: None,
            };
            run.pending.accounts.push(account.clone());
            account
        });
        let organisation_id = match &row.organisation {
            Some(name) => Some(self.organisation_named(tx, run, name).await?),
            None => None,
        };
        if let Some(member) = known
            .member
            .as_ref()
            .filter(|m| owns_their_profile(m, &account))
        {
            return self.keep_own_profile(run, row, member, &account);
        }
        let (member, outcome) = match known.member {
            None => {
                let member = Member {
                    id: MemberId::from_uuid(self.ids.new_id()),
                    group_id: run.group.id,
                    account_id: account.id,
                    role: Role::Member,
                    status: MemberStatus::Invited,
                    profile: answered(Profile::starting_from(&account), row, organisation_id),
                    notifications: NotificationPreference::Immediate,
                    named_in_thanks: true,
                    version: Version::FIRST,
                    joined_at: run.now,
                };
                run.pending.members.push(member.clone());
                (member, MemberOutcome::Created)
            }
            Some(member) => {
                let status = match member.status {
                    MemberStatus::Left | MemberStatus::Removed => MemberStatus::Invited,
                    kept => kept,
                };
                let member = Member {
                    status,
                    profile: answered(member.profile.clone(), row, organisation_id),
                    version: member.version.next(),
                    ..member
                };
                tx.update_member(&member).await?;
                (member, MemberOutcome::Updated)
            }
        };
        let mut landing = Landing {
            group_id: run.group.id,
            member: &member,
            now: run.now,
            pending: &mut run.pending,
        };
        let landed = match self
            .land_strengths(tx, &mut landing, known.offers, &row.strengths, &row.modes)
            .await?
        {
            Ok(offers) => self
                .land_needs(tx, &mut landing, known.needs, &row.needs)
                .await?
                .map(|needs| (offers, needs)),
            Err(refused) => Err(refused),
        };
        let (offers, needs) = match landed {
            Ok(tallies) => tallies,
            Err(refused) => return Ok(Err(RowProblem::of_cell(row.line, &refused))),
        };
        let invitation = if member.status == MemberStatus::Invited {
            self.invite_if_needed(run, &member, &account, &row.email, InvitationKind::Claim)?
        } else {
            None
        };
        Ok(Ok(RowOutcome {
            line: row.line,
            email: row.email.clone(),
            member: outcome,
            invitation,
            offers,
            needs,
        }))
    }

    /// The group's organisation of this name, made if it has none.
    async fn organisation_named(
        &self,
        tx: &mut Tx<E>,
        run: &mut Run,
        name: &Name,
    ) -> Result<OrganisationId> {
        if let Some(id) = run.organisations.get(&name.key()) {
            return Ok(*id);
        }
        let organisation = Organisation {
            id: OrganisationId::from_uuid(self.ids.new_id()),
            group_id: run.group.id,
            name: name.clone(),
        };
        tx.insert_organisation(&organisation).await?;
        run.organisations.insert(name.key(), organisation.id);
        run.organisations_created.push(name.clone());
        Ok(organisation.id)
    }

    /// A row of a member who has claimed their place: nothing of theirs changes. One who left
    /// or was removed is invited back, to accept, keeping the profile they made.
    fn keep_own_profile(
        &self,
        run: &mut Run,
        row: &QuestionnaireRow,
        member: &Member,
        account: &Account,
    ) -> Result<std::result::Result<RowOutcome, RowProblem>> {
        // One who left or was removed stays so until they accept: their place, and what they
        // made in it, stays theirs (in their download too) meanwhile.
        let invitation = if matches!(member.status, MemberStatus::Left | MemberStatus::Removed) {
            self.invite_if_needed(run, member, account, &row.email, InvitationKind::Accept)?
        } else {
            None
        };
        Ok(Ok(RowOutcome {
            line: row.line,
            email: row.email.clone(),
            member: MemberOutcome::Kept,
            invitation,
            offers: Tally::default(),
            needs: Tally::default(),
        }))
    }

    /// Invites a member the caller found needs it (pre-loaded, or back after leaving) who has
    /// no pending invitation yet, at the address the file
    /// gave. What the report calls the invitation (`kind`) is decided by what the group knows,
    /// never by accounts beyond it: anyone who has not taken up their place is invited to claim
    /// (the page also lets one with an account accept), a member who had and left to accept;
    /// the email tells the person which applies.
    fn invite_if_needed(
        &self,
        run: &mut Run,
        member: &Member,
        account: &Account,
        address: &Email,
        kind: InvitationKind,
    ) -> Result<Option<InvitationKind>> {
        if !run.invited.insert(account.email.key()) {
            return Ok(None);
        }
        let token = self.ids.new_token()?;
        let invitation_id = InvitationId::from_uuid(self.ids.new_id());
        run.pending.invitations.push(Invitation {
            id: invitation_id,
            group_id: run.group.id,
            email: address.clone(),
            role: member.role,
            token_hash: token.hash(),
            invited_by: run.admin_id,
            created_at: run.now,
            accepted_at: None,
            revoked_at: None,
        });
        let notice = if account.can_be_claimed_through(run.group.id) {
            Notice::ProfileToClaim(invitation_id)
        } else {
            Notice::Invitation(invitation_id)
        };
        run.pending.messages.push(OutboxMessage::new(
            MessageId::from_uuid(self.ids.new_id()),
            Some(run.group.id),
            Some(account.id),
            address.clone(),
            notice,
            Some(token.clone()),
            DeliveryStatus::Waiting,
            run.now,
        ));
        run.invitations.push(IssuedInvitation {
            email: address.clone(),
            kind,
            token,
        });
        Ok(Some(kind))
    }
}

/// Whether `member`, whose account this is, has taken up their place: they signed in to it
/// (their account has a password) and joined, or did and then left or were removed. An import
/// never changes what such a member made their own.
fn owns_their_profile(member: &Member, account: &Account) -> bool {
    account.password_hash.is_some()
        && matches!(
            member.status,
            MemberStatus::Active
                | MemberStatus::Suspended
                | MemberStatus::Left
                | MemberStatus::Removed
        )
}

/// The group, the admin who issues the import's invitations, and the actor the audit names.
///
/// # Errors
/// The errors of [`membership`] for an admin; for the operator, [`Error::NotFound`] for no such
/// group and [`Error::Conflict`] when it has no active admin.
async fn importing<T: crate::groups::Groups>(
    tx: &mut T,
    importer: Importer,
    group_id: GroupId,
) -> Result<(Group, Member, Actor)> {
    match importer {
        Importer::Admin(account_id) => {
            let (group, admin) = membership(tx, group_id, account_id, Clearance::Admin).await?;
            let actor = Actor::Member(admin.id);
            Ok((group, admin, actor))
        }
        Importer::Operator => {
            let group = tx.group(group_id).await?.ok_or(Error::NotFound("group"))?;
            let admin = tx
                .active_admins(group_id)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    Error::conflict(
                        ConflictReason::WrongState,
                        "the group has no active admin to issue its invitations",
                    )
                })?;
            Ok((group, admin, Actor::System))
        }
    }
}

/// What one import run knows and has made so far.
struct Run {
    group: Group,
    admin_id: MemberId,
    now: OffsetDateTime,
    /// The group's organisations by name key.
    organisations: HashMap<String, OrganisationId>,
    organisations_created: Vec<Name>,
    /// Email keys with a pending invitation to the group.
    invited: HashSet<String>,
    invitations: Vec<IssuedInvitation>,
    pending: Pending,
}

/// What the store already holds of one row's person.
#[derive(Default)]
struct Known {
    account: Option<Account>,
    member: Option<Member>,
    /// Their offers in the group, by id.
    offers: Vec<Offer>,
    /// Their needs in the group, by id.
    needs: Vec<Need>,
}

impl Known {
    /// What the store holds of a batch's people, by email key, read in four queries.
    async fn of_batch<T: crate::ports::Transaction>(
        tx: &mut T,
        group_id: GroupId,
        batch: &[QuestionnaireRow],
    ) -> Result<HashMap<String, Known>> {
        let emails: Vec<Email> = batch.iter().map(|row| row.email.clone()).collect();
        let accounts = tx.accounts_with_emails(&emails).await?;
        let account_ids: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
        let members = tx.members_of_accounts(group_id, &account_ids).await?;
        let member_ids: Vec<MemberId> = members.iter().map(|m| m.id).collect();
        let mut offers = tx.offers_of_members(group_id, &member_ids).await?;
        let mut needs = tx.needs_of_members(group_id, &member_ids).await?;
        offers.sort_by_key(|o| o.id);
        needs.sort_by_key(|n| n.id);

        let mut offers_of: HashMap<MemberId, Vec<Offer>> = HashMap::new();
        for offer in offers {
            offers_of.entry(offer.member_id).or_default().push(offer);
        }
        let mut needs_of: HashMap<MemberId, Vec<Need>> = HashMap::new();
        for need in needs {
            needs_of.entry(need.member_id).or_default().push(need);
        }
        let mut key_of_account = HashMap::with_capacity(accounts.len());
        let mut known = HashMap::with_capacity(accounts.len());
        for account in accounts {
            let key = account.email.key();
            key_of_account.insert(account.id, key.clone());
            let person = Known {
                account: Some(account),
                ..Known::default()
            };
            known.insert(key, person);
        }
        for member in members {
            let Some(person) = key_of_account
                .get(&member.account_id)
                .and_then(|key| known.get_mut(key))
            else {
                continue;
            };
            person.offers = offers_of.remove(&member.id).unwrap_or_default();
            person.needs = needs_of.remove(&member.id).unwrap_or_default();
            person.member = Some(member);
        }
        Ok(known)
    }
}

impl Run {
    async fn start<T: crate::ports::Transaction>(
        tx: &mut T,
        group: Group,
        admin_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<Self> {
        let organisations = tx
            .organisations(group.id)
            .await?
            .into_iter()
            .map(|o| (o.name.key(), o.id))
            .collect();
        let invited = tx
            .pending_invitations(group.id, now)
            .await?
            .into_iter()
            .map(|i| i.email.key())
            .collect();
        Ok(Self {
            group,
            admin_id,
            now,
            organisations,
            organisations_created: Vec::new(),
            invited,
            invitations: Vec::new(),
            pending: Pending::default(),
        })
    }
}

/// Refuses to write an import read against areas that have changed since.
async fn check_areas_unchanged<T: crate::taxonomy::Taxonomy>(
    tx: &mut T,
    group_id: GroupId,
    read_at: &[(AreaId, Version)],
) -> Result<()> {
    let now: HashMap<AreaId, (Version, bool)> = tx
        .areas(group_id)
        .await?
        .into_iter()
        .map(|a| (a.id, (a.version, a.archived)))
        .collect();
    let unchanged = read_at
        .iter()
        .all(|(id, version)| now.get(id) == Some(&(*version, false)));
    if unchanged {
        Ok(())
    } else {
        Err(Error::Stale(
            "the group's areas changed while the file was being read: import it again".into(),
        ))
    }
}

/// `profile` with the row's answers: every non-empty cell replaces what was there.
fn answered(
    profile: Profile,
    row: &QuestionnaireRow,
    organisation_id: Option<OrganisationId>,
) -> Profile {
    let mut contact = profile.contact;
    contact.phone = row.phone.clone().or(contact.phone);
    contact.video_link = row.video_link.clone().or(contact.video_link);
    Profile {
        display_name: row.display_name.clone(),
        organisation_id: organisation_id.or(profile.organisation_id),
        job_title: row.job_title.clone().or(profile.job_title),
        location: row.location.clone().or(profile.location),
        contact,
        ..profile
    }
}

/// The audit event of an import.
fn audit_of(report: &ImportReport) -> AuditAction {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    AuditAction::QuestionnaireImported {
        rows: count(report.rows.len()),
        members_created: report.members(MemberOutcome::Created),
        members_updated: report.members(MemberOutcome::Updated),
        invitations: count(report.invitations.len()),
    }
}
