//! The tables, as SeaORM entities. They stay inside this crate: the rest of the world sees only
//! the core's domain types, converted in `rows`.

pub(crate) mod accounts {
    //! Account rows.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "accounts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        pub email_key: String,
        pub display_name: String,
        pub password_hash: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod sessions {
    //! Session rows: the token's hash, never the token.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub account_id: Uuid,
        pub created_at: i64,
        pub last_seen_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod groups {
    //! Group rows with their settings.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "groups")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub slug: String,
        pub growth_mode: String,
        pub min_offers: i32,
        pub request_expiry_days: i32,
        pub peer_assist_min_days_ahead: i32,
        pub join_code: Option<String>,
        pub version: i32,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod organisations {
    //! Organisation rows.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "organisations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub name: String,
        pub name_key: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod members {
    //! Member rows with their live profile.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub account_id: Uuid,
        pub role: String,
        pub status: String,
        pub display_name: String,
        pub organisation_id: Option<Uuid>,
        pub job_title: Option<String>,
        pub bio: Option<String>,
        pub location_label: Option<String>,
        pub lat: Option<f64>,
        pub lon: Option<f64>,
        pub contact_email: Option<String>,
        pub phone: Option<String>,
        pub video_link: Option<String>,
        pub preferred_modes: String,
        pub version: i32,
        pub joined_at: i64,
        pub grid: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::groups::Entity",
            from = "Column::GroupId",
            to = "super::groups::Column::Id"
        )]
        Group,
    }

    impl Related<super::groups::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Group.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod invitations {
    //! Invitation rows.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "invitations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub email: String,
        pub role: String,
        pub token_hash: String,
        pub invited_by: Uuid,
        pub created_at: i64,
        pub accepted_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod areas {
    //! Area rows; aspects as a JSON array.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "areas")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub name: String,
        pub name_key: String,
        pub description: Option<String>,
        pub aspects: String,
        pub archived: bool,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod offers {
    //! Offer rows; aspects as a JSON array, modes comma-separated.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "offers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub member_id: Uuid,
        pub area_id: Uuid,
        pub aspects: String,
        pub description: String,
        pub modes: String,
        pub capacity: i32,
        pub travel_radius_km: Option<f64>,
        pub rank: Option<i32>,
        pub status: String,
        pub version: i32,
        pub created_at: i64,
        /// The grid cell of the member's place, kept in step with `members.grid`.
        pub grid: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::members::Entity",
            from = "Column::MemberId",
            to = "super::members::Column::Id"
        )]
        Member,
    }

    impl Related<super::members::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Member.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod needs {
    //! Need rows; aspects as a JSON array, modes comma-separated.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "needs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub member_id: Uuid,
        pub area_id: Uuid,
        pub aspects: String,
        pub description: String,
        pub modes: String,
        pub rank: Option<i32>,
        pub status: String,
        pub version: i32,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::members::Entity",
            from = "Column::MemberId",
            to = "super::members::Column::Id"
        )]
        Member,
    }

    impl Related<super::members::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Member.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod requests {
    //! Support request rows with their feedback.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub offer_id: Uuid,
        pub area_id: Uuid,
        pub seeker_id: Uuid,
        pub helper_id: Uuid,
        pub need_id: Option<Uuid>,
        pub message: String,
        pub mode: String,
        pub status: String,
        pub created_at: i64,
        pub expires_at: i64,
        pub updated_at: i64,
        pub rating: Option<i32>,
        pub comment: Option<String>,
        pub feedback_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod audit_events {
    //! Audit event rows.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub group_id: Uuid,
        pub actor_id: Uuid,
        pub at: i64,
        pub action: String,
        pub subject_id: Uuid,
        pub request_id: Option<Uuid>,
        pub from_value: Option<String>,
        pub to_value: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
