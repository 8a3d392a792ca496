//! Password hashing with Argon2id: the recommended memory-hard algorithm.

use crate::accounts::PasswordHash;
use crate::error::PortError;
use crate::ports::PasswordHasher;
use crate::values::Password;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;

/// Argon2id with chosen costs. Hashing here is synchronous: an adapter with an async runtime
/// wraps it to run off its workers.
#[derive(Debug, Clone)]
pub struct Argon2Hasher {
    params: Params,
    /// A hash of a random password, checked against when an account is unknown so the answer
    /// takes as long as for a wrong password.
    decoy: PasswordHash,
}

impl Argon2Hasher {
    /// Argon2id with OWASP's recommended costs: 19 MiB of memory, 2 passes, 1 lane.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the decoy hash cannot be made.
    pub fn recommended() -> Result<Self, PortError> {
        Self::with_costs(19 * 1024, 2, 1)
    }

    /// Argon2id with the cheapest costs the algorithm accepts: for tests only.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the decoy hash cannot be made.
    pub fn for_tests() -> Result<Self, PortError> {
        Self::with_costs(Params::MIN_M_COST, Params::MIN_T_COST, 1)
    }

    /// Argon2id with `memory_kib` of memory, `passes` passes and `lanes` lanes.
    ///
    /// # Errors
    /// [`PortError::Failed`] for costs Argon2 refuses.
    pub fn with_costs(memory_kib: u32, passes: u32, lanes: u32) -> Result<Self, PortError> {
        let params = Params::new(memory_kib, passes, lanes, None)
            .map_err(|e| PortError::failed("invalid Argon2 costs", e.to_string()))?;
        let decoy = Password::parse("decoy password that nobody has")
            .map_err(|e| PortError::failed("invalid decoy password", e.to_string()))?;
        let decoy = hash_with(&params, &decoy)?;
        Ok(Self { params, decoy })
    }

    fn argon2(&self) -> Argon2<'static> {
        argon2id(&self.params)
    }

    /// Hashes now, on this thread (slow on purpose: async callers use [`PasswordHasher::hash`],
    /// or run this on a blocking pool).
    ///
    /// # Errors
    /// [`PortError::Failed`] when hashing fails.
    pub fn hash_blocking(&self, password: &Password) -> Result<PasswordHash, PortError> {
        hash_with(&self.params, password)
    }

    /// Checks now, on this thread; given no hash, checks against a decoy and answers `false`.
    pub fn verify_blocking(&self, password: &Password, hash: Option<&PasswordHash>) -> bool {
        match hash {
            Some(hash) => self.verify_now(password, hash),
            None => {
                let _ = self.verify_now(password, &self.decoy);
                false
            }
        }
    }

    fn verify_now(&self, password: &Password, hash: &PasswordHash) -> bool {
        argon2::password_hash::PasswordHash::new(hash.as_str()).is_ok_and(|parsed| {
            self.argon2()
                .verify_password(password.expose().as_bytes(), &parsed)
                .is_ok()
        })
    }
}

fn argon2id(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_with(params: &Params, password: &Password) -> Result<PasswordHash, PortError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| PortError::failed("failed to make a salt", e.to_string()))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| PortError::failed("failed to encode a salt", e.to_string()))?;
    let hash = argon2id(params)
        .hash_password(password.expose().as_bytes(), &salt)
        .map_err(|e| PortError::failed("failed to hash a password", e.to_string()))?;
    PasswordHash::parse(&hash.to_string())
        .map_err(|e| PortError::failed("Argon2 made an unreadable hash", e.to_string()))
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, PortError> {
        self.hash_blocking(password)
    }

    async fn verify(&self, password: &Password, hash: Option<PasswordHash>) -> bool {
        self.verify_blocking(password, hash.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(raw: &str) -> Password {
        Password::parse(raw).unwrap()
    }

    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        pollster::block_on(async {
            let hasher = Argon2Hasher::for_tests().unwrap();
            let hash = hasher
                .hash(&password("correct horse battery"))
                .await
                .unwrap();
            assert!(hash.as_str().starts_with("$argon2id$"));
            assert!(
                hasher
                    .verify(&password("correct horse battery"), Some(hash.clone()))
                    .await
            );
            assert!(
                !hasher
                    .verify(&password("wrong horse battery"), Some(hash.clone()))
                    .await
            );
        });
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        pollster::block_on(async {
            let hasher = Argon2Hasher::for_tests().unwrap();
            let a = hasher
                .hash(&password("correct horse battery"))
                .await
                .unwrap();
            let b = hasher
                .hash(&password("correct horse battery"))
                .await
                .unwrap();
            assert_ne!(a.as_str(), b.as_str());
        });
    }

    #[test]
    fn no_hash_never_verifies() {
        pollster::block_on(async {
            let hasher = Argon2Hasher::for_tests().unwrap();
            assert!(
                !hasher
                    .verify(&password("decoy password that nobody has"), None)
                    .await
            );
        });
    }
}
