//! # Collaborate: the core
//!
//! The pure domain of a private, reciprocal peer-support exchange: members of a group record
//! where they are strong (offers) and where they want to grow (needs), and find peers who can
//! help — once they offer help themselves.
//!
//! This crate holds every rule and does no I/O. It talks to the world through [`ports`], which
//! adapters implement (the [`memory`] adapter here; SQL and HTTP adapters elsewhere). The
//! application API is [`Collaborate`]: one method per use case, each committing whole or changing
//! nothing.
//!
//! ```
//! use collaborate_core::memory::MemoryStore;
//! use collaborate_core::system::{RandomIds, SystemClock};
//! use collaborate_core::{Argon2Hasher, Collaborate};
//!
//! let app = Collaborate::new(
//!     MemoryStore::new(),
//!     Argon2Hasher::for_tests().expect("hasher"),
//!     SystemClock,
//!     RandomIds,
//! );
//! # let _ = app;
//! ```

pub mod accounts;
mod app;
pub mod attempts;
pub mod audit;
pub mod capacity;
pub mod concerns;
pub mod contribution;
pub mod error;
pub mod groups;
pub mod home;
pub mod matching;
pub mod memory;
pub mod notifications;
pub mod offers;
pub mod paging;
mod passwords;
pub mod peer_assists;
pub mod places;
pub mod ports;
pub mod questionnaire;
pub mod reports;
pub mod requests;
pub mod rights;
pub mod search;
pub mod simulated;
pub mod system;
pub mod taxonomy;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod values;

pub use accounts::{LinkKind, Me, Registered};
pub use app::Collaborate;
pub use audit::Reveal;
pub use concerns::ConcernView;
pub use error::{ConflictReason, Error, PortError, Result};
pub use groups::MyProfile;
pub use notifications::{SETTLED_MESSAGES_KEPT, Swept};
pub use passwords::Argon2Hasher;
pub use questionnaire::{AnswersSaved, MyQuestionnaire};
