//! Password hashing off the async workers: Argon2 is slow and memory-hard on purpose (19 MiB a
//! hash), so each hash runs on tokio's blocking pool instead of stalling other requests, and only
//! as many run at once as the machine has cores; the rest wait their turn.

use async_trait::async_trait;
use collaborate_core::accounts::PasswordHash;
use collaborate_core::ports::PasswordHasher;
use collaborate_core::values::Password;
use collaborate_core::{Argon2Hasher, PortError};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// An [`Argon2Hasher`] run on the blocking pool, a bounded number at a time.
#[derive(Debug, Clone)]
pub struct BlockingHasher {
    hasher: Arc<Argon2Hasher>,
    running: Arc<Semaphore>,
}

impl BlockingHasher {
    /// Wraps `hasher`, running as many hashes at once as there are cores.
    pub fn new(hasher: Argon2Hasher) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::at_most(hasher, cores)
    }

    /// Wraps `hasher`, running at most `at_once` hashes at once.
    pub fn at_most(hasher: Argon2Hasher, at_once: usize) -> Self {
        Self {
            hasher: Arc::new(hasher),
            running: Arc::new(Semaphore::new(at_once.max(1))),
        }
    }

    /// How many more hashes could start now.
    #[cfg(test)]
    fn free_slots(&self) -> usize {
        self.running.available_permits()
    }
}

#[async_trait]
impl PasswordHasher for BlockingHasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, PortError> {
        let _turn = self
            .running
            .acquire()
            .await
            .map_err(|e| PortError::failed("the hashing queue closed", e))?;
        let (hasher, password) = (Arc::clone(&self.hasher), password.clone());
        tokio::task::spawn_blocking(move || hasher.hash_blocking(&password))
            .await
            .map_err(|e| PortError::failed("the hashing task failed", e))?
    }

    async fn verify(&self, password: &Password, hash: Option<PasswordHash>) -> bool {
        let Ok(_turn) = self.running.acquire().await else {
            return false;
        };
        let (hasher, password) = (Arc::clone(&self.hasher), password.clone());
        tokio::task::spawn_blocking(move || hasher.verify_blocking(&password, hash.as_ref()))
            .await
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However many ask at once, no more than the bound hash together.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_the_bound() {
        let hasher = BlockingHasher::at_most(Argon2Hasher::for_tests().unwrap(), 2);
        let most_busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let (hasher, most_busy) = (hasher.clone(), Arc::clone(&most_busy));
                tokio::spawn(async move {
                    let password = Password::parse("a long enough password").unwrap();
                    let watch = async {
                        loop {
                            let busy = 2 - hasher.free_slots();
                            most_busy.fetch_max(busy, std::sync::atomic::Ordering::Relaxed);
                            tokio::task::yield_now().await;
                        }
                    };
                    tokio::select! {
                        hashed = hasher.hash(&password) => hashed.unwrap(),
                        () = watch => unreachable!(),
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most_busy.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert_eq!(hasher.free_slots(), 2);
    }
}
