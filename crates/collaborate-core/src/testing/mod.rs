//! Property-testing support for those who embed Collaborate (cargo feature `proptest`).
//!
//! - Strategies for valid values: [`email`], [`display_name`], [`position_in_the_uk`] …
//! - Whole groups: [`group_plan`] draws a taxonomy and members with offers, needs and places;
//!   [`World::build`] makes it real through the use cases of any [`Collaborate`].
//! - Sequences of use cases: [`operations`] draws [`Op`]s that refer to the world by index, so
//!   they stay meaningful whatever ids the store hands out; [`World::apply`] runs one.
//!
//! Embedders run these against their own wiring to check that the rules still hold there.

mod operations;
mod plans;
mod values;
mod world;

pub use operations::*;
pub use plans::*;
pub use values::*;
pub use world::*;

use crate::accounts::NewAccount;
use crate::groups::{MemberChanges, NewGroup, ProfileChanges, SettingsChanges};
use crate::offers::{NewNeed, NewOffer, OfferChanges, Topic};
use crate::ports::Environment;
use crate::requests::{NewFeedback, NewRequest, Transition};
use crate::search::{SearchHit, SearchQuery};
use crate::taxonomy::NewArea;
use crate::values::{
    AccountId, AreaId, Aspect, Aspects, Capacity, Description, DisplayName, Email, GroupId,
    GroupName, GrowthMode, Latitude, Limit, Location, Longitude, MemberId, MemberStatus, Message,
    MinOffers, Mode, Modes, Name, OfferId, OfferStatus, OrganisationId, Password, Position, Rank,
    Rating, RequestId, TravelRadius,
};
use crate::{Collaborate, Error};
use proptest::prelude::*;
use proptest::sample::Index;
