//! The taxonomy use cases: areas with aspects, organisations, and the area summary.

use crate::app::{Clearance, Collaborate, check_version, membership};
use crate::audit::{AreaChange, AuditAction};
use crate::error::{ConflictReason, Error, Result};
use crate::ports::{Clock, Environment, IdSource, Transaction, Tx};
use crate::taxonomy::{
    Area, AreaChanges, AreaRemoval, AreaSummary, NewArea, Organisation, Taxonomy,
};
use crate::values::{AccountId, AreaId, GroupId, MemberId, Name, OrganisationId, Version};

impl<E: Environment> Collaborate<E> {
    /// The group's areas, archived ones included, by name.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn list_areas(&self, account_id: AccountId, group_id: GroupId) -> Result<Vec<Area>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        Ok(tx.areas(group_id).await?)
    }

    /// Adds an area (admins).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the group has an area of that name, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn create_area(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewArea,
    ) -> Result<Area> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let area = Area {
            id: AreaId::from_uuid(self.ids.new_id()),
            group_id,
            name: new.name,
            description: new.description,
            aspects: new.aspects,
            archived: false,
            version: Version::FIRST,
        };
        ensure_area_name_free(&mut tx, &area).await?;
        tx.insert_area(&area).await?;
        self.record_area(&mut tx, admin.id, &area, AreaChange::Added)
            .await?;
        tx.commit().await?;
        Ok(area)
    }

    /// Renames an area, describes it or changes its aspects (admins). Aspects that offers or needs
    /// name cannot be dropped.
    ///
    /// # Errors
    /// [`Error::Conflict`] for a taken name or a dropped aspect in use, [`Error::Stale`] for a
    /// stale version;
    /// [`Error::NotFound`] for an area of another group.
    #[tracing::instrument(skip_all)]
    pub async fn update_area(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        area_id: AreaId,
        changes: AreaChanges,
    ) -> Result<Area> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let area = tx
            .area(group_id, area_id)
            .await?
            .ok_or(Error::NotFound("area"))?;
        check_version(changes.version, area.version)?;
        if let Some(aspects) = &changes.aspects {
            let dropped = area.aspects_dropped_by(aspects);
            let in_use = tx.aspects_in_use(group_id, area_id, &dropped).await?;
            if !in_use.is_empty() {
                let names: Vec<_> = in_use.iter().map(|a| format!("\"{a}\"")).collect();
                return Err(Error::conflict(
                    ConflictReason::InUse,
                    format!(
                        "aspects in use by offers or needs cannot be removed: {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        let updated = Area {
            name: changes.name.unwrap_or(area.name.clone()),
            description: changes.description.unwrap_or(area.description.clone()),
            aspects: changes.aspects.unwrap_or(area.aspects.clone()),
            version: area.version.next(),
            ..area
        };
        ensure_area_name_free(&mut tx, &updated).await?;
        tx.update_area(&updated).await?;
        self.record_area(&mut tx, admin.id, &updated, AreaChange::Changed)
            .await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Removes an area (admins): deleted when nothing refers to it, archived otherwise.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an area of another group, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn remove_area(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        area_id: AreaId,
    ) -> Result<AreaRemoval> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        let area = tx
            .area(group_id, area_id)
            .await?
            .ok_or(Error::NotFound("area"))?;
        let (removal, change) = if tx.area_in_use(group_id, area_id).await? {
            tx.update_area(&Area {
                archived: true,
                version: area.version.next(),
                ..area.clone()
            })
            .await?;
            (AreaRemoval::Archived, AreaChange::Archived)
        } else {
            tx.delete_area(group_id, area_id).await?;
            (AreaRemoval::Deleted, AreaChange::Deleted)
        };
        self.record_area(&mut tx, admin.id, &area, change).await?;
        tx.commit().await?;
        Ok(removal)
    }

    /// Every current area with its counts of active offers and open needs. Shows no names, so it
    /// needs no contributor standing.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn area_summary(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Vec<AreaSummary>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let counts = tx.area_counts(group_id).await?;
        let areas = tx.areas(group_id).await?;
        Ok(areas
            .into_iter()
            .filter(|a| !a.archived)
            .map(|area| {
                let c = counts.iter().find(|c| c.area_id == area.id);
                AreaSummary {
                    offers: c.map_or(0, |c| c.offers),
                    needs: c.map_or(0, |c| c.needs),
                    area,
                }
            })
            .collect())
    }

    /// The group's organisations, by name.
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn list_organisations(
        &self,
        account_id: AccountId,
        group_id: GroupId,
    ) -> Result<Vec<Organisation>> {
        let mut tx = self.read().await?;
        membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        Ok(tx.organisations(group_id).await?)
    }

    /// Adds an organisation (admins).
    ///
    /// # Errors
    /// [`Error::Conflict`] when the group has one of that name, and the errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn create_organisation(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        name: Name,
    ) -> Result<Organisation> {
        let mut tx = self.write().await?;
        let (_, admin) = membership(&mut tx, group_id, account_id, Clearance::Admin).await?;
        if tx
            .organisations(group_id)
            .await?
            .iter()
            .any(|o| o.name.key() == name.key())
        {
            return Err(Error::conflict(
                ConflictReason::Duplicate,
                format!("an organisation named \"{name}\" already exists"),
            ));
        }
        let organisation = Organisation {
            id: OrganisationId::from_uuid(self.ids.new_id()),
            group_id,
            name,
        };
        tx.insert_organisation(&organisation).await?;
        let added = AuditAction::OrganisationAdded {
            organisation_id: organisation.id,
            name: organisation.name.clone(),
        };
        self.record(&mut tx, group_id, admin.id, self.clock.now(), added)
            .await?;
        tx.commit().await?;
        Ok(organisation)
    }

    /// Appends to the trail what `admin` did to `area`.
    async fn record_area(
        &self,
        tx: &mut Tx<E>,
        admin: MemberId,
        area: &Area,
        change: AreaChange,
    ) -> Result<()> {
        let action = AuditAction::AreaChanged {
            area_id: area.id,
            name: area.name.clone(),
            change,
        };
        self.record(tx, area.group_id, admin, self.clock.now(), action)
            .await
    }
}

/// Refuses a name another area of the group has (case-insensitively).
async fn ensure_area_name_free<T: Taxonomy>(tx: &mut T, area: &Area) -> Result<()> {
    let taken = tx
        .areas(area.group_id)
        .await?
        .iter()
        .any(|other| other.id != area.id && other.name.key() == area.name.key());
    if taken {
        return Err(Error::conflict(
            ConflictReason::Duplicate,
            format!("an area named \"{}\" already exists", area.name),
        ));
    }
    Ok(())
}
