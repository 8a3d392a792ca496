//! Password hashing off the async workers: Argon2 is slow on purpose, so each hash runs on
//! tokio's blocking pool instead of stalling other requests.

use async_trait::async_trait;
use collaborate_core::accounts::PasswordHash;
use collaborate_core::ports::PasswordHasher;
use collaborate_core::values::Password;
use collaborate_core::{Argon2Hasher, PortError};
use std::sync::Arc;

/// An [`Argon2Hasher`] run on the blocking pool.
#[derive(Debug, Clone)]
pub struct BlockingHasher(Arc<Argon2Hasher>);

impl BlockingHasher {
    /// Wraps `hasher`.
    pub fn new(hasher: Argon2Hasher) -> Self {
        Self(Arc::new(hasher))
    }
}

#[async_trait]
impl PasswordHasher for BlockingHasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, PortError> {
        let (hasher, password) = (Arc::clone(&self.0), password.clone());
        tokio::task::spawn_blocking(move || hasher.hash_blocking(&password))
            .await
            .map_err(|e| PortError::failed("the hashing task failed", e))?
    }

    async fn verify(&self, password: &Password, hash: Option<PasswordHash>) -> bool {
        let (hasher, password) = (Arc::clone(&self.0), password.clone());
        tokio::task::spawn_blocking(move || hasher.verify_blocking(&password, hash.as_ref()))
            .await
            .unwrap_or(false)
    }
}
