//! The taxonomy: a group's areas of support with their aspects, and its organisations.

use super::Tag;
use super::shared::{
    Answer, Context, aspects, created, list_of, maybe, names, path_id, text, version,
};
use crate::auth::Credentials;
use crate::payload::JsonBody;
use collaborate_core::ports::Environment;
use collaborate_core::taxonomy::{
    Area, AreaChanges, AreaRemoval, AreaSummary, NewArea, Organisation,
};
use collaborate_core::values::{AreaId, Description, Name};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

/// The operations on areas and organisations.
pub struct TaxonomyApi<E: Environment>(pub(super) Context<E>);

#[OpenApi(prefix_path = "/api/v1", tag = "Tag::Taxonomy")]
impl<E: Environment> TaxonomyApi<E> {
    /// The group's areas of support, archived ones included.
    #[oai(
        path = "/groups/:group_id/areas",
        method = "get",
        operation_id = "listAreas"
    )]
    async fn areas(&self, auth: Credentials, group_id: Path<String>) -> Answer<Json<AreaList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let areas = self.0.app.list_areas(account, group).await?;
        Ok(Json(AreaList::of(&areas)))
    }

    /// Add an area with its aspects (admins).
    #[oai(
        path = "/groups/:group_id/areas",
        method = "post",
        operation_id = "createArea"
    )]
    async fn create_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NewAreaInput>,
    ) -> Answer<AreaCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let b = body.0;
        let area = self.0.app.create_area(account, group, b.read()?).await?;
        Ok(AreaCreated::Created(Json(AreaBody::from(&area))))
    }

    /// Rename an area, describe it, or change its aspects (admins).
    #[oai(
        path = "/groups/:group_id/areas/:area_id",
        method = "patch",
        operation_id = "updateArea"
    )]
    async fn update_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        area_id: Path<String>,
        body: JsonBody<AreaPatch>,
    ) -> Answer<Json<AreaBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let area = path_id(&area_id, AreaId::parse, "area")?;
        let b = body.0;
        let changes = AreaChanges {
            name: text(b.name, Name::parse)?,
            description: maybe(b.description, |d| Description::parse(&d))?,
            aspects: b.aspects.as_deref().map(|a| aspects(Some(a))).transpose()?,
            version: version(b.version),
        };
        let updated = self
            .0
            .app
            .update_area(account, group, area, changes)
            .await?;
        Ok(Json(AreaBody::from(&updated)))
    }

    /// Remove an area (admins): deleted if unused, archived if offers, needs or requests refer to it.
    #[oai(
        path = "/groups/:group_id/areas/:area_id",
        method = "delete",
        operation_id = "removeArea"
    )]
    async fn remove_area(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        area_id: Path<String>,
    ) -> Answer<Json<AreaRemovalBody>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let area = path_id(&area_id, AreaId::parse, "area")?;
        let outcome = match self.0.app.remove_area(account, group, area).await? {
            AreaRemoval::Deleted => "deleted",
            AreaRemoval::Archived => "archived",
        };
        Ok(Json(AreaRemovalBody {
            outcome: outcome.to_owned(),
        }))
    }

    /// Every current area with its counts of offers and needs (no names: needs no standing).
    #[oai(
        path = "/groups/:group_id/areas/summary",
        method = "get",
        operation_id = "getAreaSummary"
    )]
    async fn area_summary(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<AreaSummaryList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let summary = self.0.app.area_summary(account, group).await?;
        Ok(Json(AreaSummaryList::of(&summary)))
    }

    /// The group's organisations.
    #[oai(
        path = "/groups/:group_id/organisations",
        method = "get",
        operation_id = "listOrganisations"
    )]
    async fn organisations(
        &self,
        auth: Credentials,
        group_id: Path<String>,
    ) -> Answer<Json<OrganisationList>> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let list = self.0.app.list_organisations(account, group).await?;
        Ok(Json(OrganisationList::of(&list)))
    }

    /// Add an organisation (admins).
    #[oai(
        path = "/groups/:group_id/organisations",
        method = "post",
        operation_id = "createOrganisation"
    )]
    async fn create_organisation(
        &self,
        auth: Credentials,
        group_id: Path<String>,
        body: JsonBody<NewOrganisationInput>,
    ) -> Answer<OrganisationCreated> {
        let (account, group) = self.0.in_group(&auth, &group_id).await?;
        let name = Name::parse(&body.0.name)?;
        let created = self.0.app.create_organisation(account, group, name).await?;
        Ok(OrganisationCreated::Created(Json(OrganisationBody::from(
            &created,
        ))))
    }
}

/// An area to add.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewAreaInput {
    /// Its name, unique in the group.
    #[oai(validator(
        max_length = 120,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    ))]
    pub name: String,
    /// What it covers.
    #[oai(
        nullable,
        validator(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
    /// Its aspects, by name (at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
}

impl NewAreaInput {
    /// The area asked for, each field checked.
    pub(super) fn read(self) -> Result<NewArea, crate::errors::ApiError> {
        Ok(NewArea {
            name: Name::parse(&self.name)?,
            description: text(self.description, Description::parse)?,
            aspects: aspects(self.aspects.as_deref())?,
        })
    }
}

/// Changes to an area.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct AreaPatch {
    /// A new name.
    #[oai(
        nullable,
        validator(
            max_length = 120,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    /// What it covers; `null` clears it.
    #[serde(default)]
    #[oai(
        nullable,
        validator(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: MaybeUndefined<String>,
    /// The whole new list of aspects (aspects in use may not be dropped; at most 30).
    #[oai(nullable, validator(max_items = 30))]
    pub aspects: Option<Vec<String>>,
    /// The version edited; a stale one is refused with 409 `stale`.
    #[oai(nullable)]
    pub version: Option<u32>,
}

/// An organisation.
#[derive(Debug, Deserialize, Object)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisationInput {
    /// Its name, unique in the group.
    #[oai(validator(
        max_length = 120,
        pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
    ))]
    pub name: String,
}

/// An area.
#[derive(Debug, Object)]
pub struct AreaBody {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it covers.
    #[oai(nullable)]
    pub description: Option<String>,
    /// Its aspects.
    pub aspects: Vec<String>,
    /// Archived areas keep their history but take no new offers or needs.
    pub archived: bool,
    /// Version, for edits.
    pub version: u32,
}

impl From<&Area> for AreaBody {
    fn from(a: &Area) -> Self {
        Self {
            id: a.id.to_string(),
            name: a.name.to_string(),
            description: a.description.as_ref().map(ToString::to_string),
            aspects: names(a.aspects.iter()),
            archived: a.archived,
            version: a.version.get(),
        }
    }
}

/// An area with its counts.
#[derive(Debug, Object)]
pub struct AreaSummaryBody {
    /// The area.
    pub area: AreaBody,
    /// Active offers.
    pub offers: u32,
    /// Open needs.
    pub needs: u32,
}

impl From<&AreaSummary> for AreaSummaryBody {
    fn from(s: &AreaSummary) -> Self {
        Self {
            area: AreaBody::from(&s.area),
            offers: s.offers,
            needs: s.needs,
        }
    }
}

/// An organisation.
#[derive(Debug, Object)]
pub struct OrganisationBody {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl From<&Organisation> for OrganisationBody {
    fn from(o: &Organisation) -> Self {
        Self {
            id: o.id.to_string(),
            name: o.name.to_string(),
        }
    }
}

/// What removing an area did.
#[derive(Debug, Object)]
pub struct AreaRemovalBody {
    /// `deleted` (nothing referred to it) or `archived` (kept for its history).
    pub outcome: String,
}

list_of!(
    /// A group's areas.
    whole AreaList, AreaBody
);
list_of!(
    /// Every current area with its counts.
    whole AreaSummaryList, AreaSummaryBody
);
list_of!(
    /// A group's organisations.
    whole OrganisationList, OrganisationBody
);

created!(
    /// An area made.
    AreaCreated,
    /// The area.
    AreaBody
);
created!(
    /// An organisation made.
    OrganisationCreated,
    /// The organisation.
    OrganisationBody
);
