//! The group's taxonomy: support areas with their aspects, and organisations.

mod use_cases;

use crate::error::PortError;
use crate::values::{AreaId, Aspect, Aspects, Description, GroupId, Name, OrganisationId, Version};
use async_trait::async_trait;

/// A support area defined by the group's admins.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Its id.
    pub id: AreaId,
    /// The group.
    pub group_id: GroupId,
    /// Its name, unique in the group case-insensitively.
    pub name: Name,
    /// What it covers.
    pub description: Option<Description>,
    /// Its specific sub-topics.
    pub aspects: Aspects,
    /// An archived area keeps its history but takes no new offers or needs.
    pub archived: bool,
    /// Counts edits, for stale-edit detection.
    pub version: Version,
}

impl Area {
    /// Spells each of `names` as this area spells its aspect, or names the first it lacks.
    ///
    /// # Errors
    /// An [`crate::values::InvalidValue`] for `field` naming the unknown aspect.
    pub fn resolve_aspects(
        &self,
        names: &Aspects,
        field: &'static str,
    ) -> Result<Aspects, crate::values::InvalidValue> {
        let resolved = names
            .iter()
            .map(|name| self.resolve_aspect(name, field))
            .collect::<Result<Vec<_>, _>>()?;
        Aspects::new(resolved).map_err(|e| e.in_field(field))
    }

    /// Spells `name` as this area spells that aspect, or says it is not one of its aspects.
    ///
    /// # Errors
    /// An [`crate::values::InvalidValue`] for `field` when the area has no such aspect.
    pub fn resolve_aspect(
        &self,
        name: &Aspect,
        field: &'static str,
    ) -> Result<Aspect, crate::values::InvalidValue> {
        self.aspects.find(name.as_str()).cloned().ok_or_else(|| {
            crate::values::InvalidValue::new(
                field,
                format!("\"{name}\" is not an aspect of \"{}\"", self.name),
            )
        })
    }

    /// The aspects of this area that `aspects` no longer has.
    pub fn aspects_dropped_by(&self, aspects: &Aspects) -> Vec<Aspect> {
        self.aspects
            .iter()
            .filter(|a| !aspects.contains(a))
            .cloned()
            .collect()
    }
}

/// What creating an area asks for.
#[derive(Debug, Clone)]
pub struct NewArea {
    /// Its name.
    pub name: Name,
    /// What it covers.
    pub description: Option<Description>,
    /// Its aspects.
    pub aspects: Aspects,
}

/// Changes to an area; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AreaChanges {
    /// A new name.
    pub name: Option<Name>,
    /// A new description, or `Some(None)` to clear it.
    pub description: Option<Option<Description>>,
    /// The whole new list of aspects (aspects in use may not be dropped).
    pub aspects: Option<Aspects>,
    /// The version edited; a stale one is refused.
    pub version: Option<Version>,
}

/// What removing an area did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaRemoval {
    /// Nobody used it: it is gone.
    Deleted,
    /// Offers, needs or requests refer to it: it is archived instead, history intact.
    Archived,
}

/// A school, council, department or firm inside a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// The group.
    pub group_id: GroupId,
    /// Its name, unique in the group case-insensitively.
    pub name: Name,
}

/// An area with how many active offers and open needs it has: no names, so no standing needed.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSummary {
    /// The area.
    pub area: Area,
    /// Active offers of active members.
    pub offers: u32,
    /// Open needs of active members.
    pub needs: u32,
}

/// The counts a store gives for one area of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AreaCounts {
    /// The area.
    pub area_id: AreaId,
    /// Active offers of active members.
    pub offers: u32,
    /// Open needs of active members.
    pub needs: u32,
}

/// Areas and organisations, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait Taxonomy: Send {
    /// Adds an area; `Duplicate("an area with this name")` when the group has one of that name
    /// (case-insensitively).
    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError>;

    /// The area with this id in the group.
    async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError>;

    /// Every area of the group (archived too), by name.
    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError>;

    /// Replaces an area; `Duplicate("an area with this name")` as for insert.
    async fn update_area(&mut self, area: &Area) -> Result<(), PortError>;

    /// Removes an area nothing refers to.
    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError>;

    /// Whether any offer, need or request refers to the area.
    async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError>;

    /// Which of `aspects` an offer or need of the area names (compared case-insensitively).
    async fn aspects_in_use(
        &mut self,
        group_id: GroupId,
        id: AreaId,
        aspects: &[Aspect],
    ) -> Result<Vec<Aspect>, PortError>;

    /// Per non-archived area, its active offers and open needs, both of active members only.
    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError>;

    /// Adds an organisation; `Duplicate("an organisation with this name")` when the group has one
    /// of that name (case-insensitively).
    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError>;

    /// The organisation with this id in the group.
    async fn organisation(
        &mut self,
        group_id: GroupId,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, PortError>;

    /// Every organisation of the group, by name.
    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(aspects: &[&str]) -> Area {
        Area {
            id: AreaId::from_uuid(uuid::Uuid::from_u128(1)),
            group_id: GroupId::from_uuid(uuid::Uuid::from_u128(2)),
            name: Name::parse("Curriculum design").unwrap(),
            description: None,
            aspects: Aspects::parse(aspects).unwrap(),
            archived: false,
            version: Version::FIRST,
        }
    }

    #[test]
    fn aspects_are_resolved_to_the_areas_spelling() {
        let area = area(&["KS3 science", "Assessment"]);
        let asked = Aspects::parse(&["ks3 SCIENCE"]).unwrap();
        let resolved = area.resolve_aspects(&asked, "aspects").unwrap();
        assert_eq!(
            resolved.iter().next().map(Aspect::as_str),
            Some("KS3 science")
        );
    }

    #[test]
    fn an_unknown_aspect_is_refused_naming_the_field_and_the_aspect() {
        let area = area(&["KS3 science"]);
        let asked = Aspects::parse(&["Grant bids"]).unwrap();
        let error = area.resolve_aspects(&asked, "aspects").unwrap_err();
        assert_eq!(error.field(), "aspects");
        assert!(
            error
                .problem()
                .contains("\"Grant bids\" is not an aspect of \"Curriculum design\"")
        );
    }

    #[test]
    fn dropped_aspects_are_those_missing_from_the_new_list() {
        let area = area(&["A1", "B2", "C3"]);
        let kept = Aspects::parse(&["b2", "D4"]).unwrap();
        let dropped: Vec<_> = area
            .aspects_dropped_by(&kept)
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(dropped, vec!["A1", "C3"]);
    }
}
