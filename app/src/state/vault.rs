//! The children's data at rest, sealed with a ward passcode once one is set.
//!
//! Without a passcode, the draft, the saved assessments and the board are stored as plain JSON
//! (as before) and the idle time clears them. With one, each is sealed (AES-GCM, key from the
//! passcode by PBKDF2; `io::crypto`) before it reaches localStorage; the key lives only in this
//! page's memory, so a reload, a closed tab or the idle lock drops it and the data can be read
//! again only with the passcode. Forgetting the passcode means erasing ("end of shift").
//!
//! Writes are asynchronous when sealed (WebCrypto is): each key keeps only its latest write,
//! and a write made while locked is dropped (there is nothing in memory to write then).

use crate::io::crypto::{self, CryptoError, SEALED_PREFIX};
use crate::io::storage::{self, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use web_sys::CryptoKey;

/// Where the lock's salt, iteration count and check value are kept (none of them secret).
pub const LOCK_KEY: &str = "pediatriage.lock";
/// PBKDF2-SHA-256 rounds (OWASP's 2023 figure for this hash).
const ITERATIONS: u32 = 600_000;
const SALT_BYTES: usize = 16;
/// Sealed with the key when the passcode is set; opening it tells a right passcode from a
/// wrong one before any child's data is touched.
const CHECK_TEXT: &str = "pediatriage ward lock";
/// The shortest passcode accepted.
pub const MIN_PASSCODE_CHARS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    format: u32,
    salt: String,
    iterations: u32,
    check: String,
}

/// Why the vault refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultError {
    /// The passcode does not open the lock.
    WrongPasscode,
    /// Too short (`MIN_PASSCODE_CHARS`).
    TooShort,
    /// No WebCrypto here, or the lock file is damaged.
    Unavailable,
    Storage(StoreError),
}

type LateErrorReport = Box<dyn Fn(StoreError)>;

thread_local! {
    /// The key while unlocked. Never stored, never extractable.
    static KEY: RefCell<Option<CryptoKey>> = const { RefCell::new(None) };
    /// Per storage key, the number of the latest sealed write: an older write finishing late
    /// does not overwrite a newer one.
    static LATEST: RefCell<BTreeMap<String, u64>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
    /// Told when a sealed write could not be stored (it is no longer in the caller's hands).
    static ON_LATE_ERROR: RefCell<Option<LateErrorReport>> = const { RefCell::new(None) };
}

/// Whether a ward passcode is set on this device.
pub fn configured() -> bool {
    storage::get(LOCK_KEY).is_some()
}

/// Whether the key is in memory (a passcode is set and was given).
pub fn is_open() -> bool {
    KEY.with(|k| k.borrow().is_some())
}

/// Where a sealed write that failed is reported.
pub fn on_late_error(report: impl Fn(StoreError) + 'static) {
    ON_LATE_ERROR.with(|r| *r.borrow_mut() = Some(Box::new(report)));
}

/// Stores a text of children's data: plain without a passcode; sealed with one (written a
/// moment later); dropped while locked.
pub fn set(key: &str, text: &str) -> Result<(), StoreError> {
    if !configured() {
        return storage::set(key, text);
    }
    let Some(crypto_key) = KEY.with(|k| k.borrow().clone()) else {
        return Ok(());
    };
    let number = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    LATEST.with(|l| l.borrow_mut().insert(key.to_string(), number));
    let (key, text) = (key.to_string(), text.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(sealed) = crypto::seal(&crypto_key, &text).await else {
            return report(StoreError::Unavailable);
        };
        if LATEST.with(|l| l.borrow().get(&key) == Some(&number))
            && let Err(e) = storage::set(&key, &sealed)
        {
            report(e);
        }
    });
    Ok(())
}

fn report(e: StoreError) {
    ON_LATE_ERROR.with(|r| {
        if let Some(r) = r.borrow().as_ref() {
            r(e)
        }
    });
}

/// The stored text when it is plain; `None` when absent or sealed (sealed data is read only
/// through `unlock`).
pub fn get(key: &str) -> Option<String> {
    storage::get(key).filter(|t| !t.starts_with(SEALED_PREFIX))
}

/// Removes a key of children's data, unless locked (a locked app holds nothing, so nothing it
/// does may erase what is sealed; erasing on purpose uses `storage::remove`).
pub fn remove(key: &str) {
    if configured() && !is_open() {
        return;
    }
    LATEST.with(|l| l.borrow_mut().remove(key));
    storage::remove(key);
}

/// Sets the ward passcode: the key is derived and kept in memory, and whatever children's data
/// is stored now under `protected` is sealed with it.
pub async fn set_passcode(passcode: &str, protected: &[&'static str]) -> Result<(), VaultError> {
    if passcode.chars().count() < MIN_PASSCODE_CHARS {
        return Err(VaultError::TooShort);
    }
    let salt = crypto::random_bytes(SALT_BYTES).map_err(|_| VaultError::Unavailable)?;
    let key = crypto::derive_key(passcode, &salt, ITERATIONS)
        .await
        .map_err(|_| VaultError::Unavailable)?;
    let check = crypto::seal(&key, CHECK_TEXT)
        .await
        .map_err(|_| VaultError::Unavailable)?;
    let mut sealed = Vec::new();
    for &name in protected {
        if let Some(text) = storage::get(name).filter(|t| !t.starts_with(SEALED_PREFIX)) {
            let s = crypto::seal(&key, &text)
                .await
                .map_err(|_| VaultError::Unavailable)?;
            sealed.push((name, s));
        }
    }
    let file = LockFile {
        format: 1,
        salt: B64.encode(&salt),
        iterations: ITERATIONS,
        check,
    };
    let text = serde_json::to_string(&file).map_err(|_| VaultError::Unavailable)?;
    storage::set(LOCK_KEY, &text).map_err(VaultError::Storage)?;
    for (name, s) in sealed {
        storage::set(name, &s).map_err(VaultError::Storage)?;
    }
    KEY.with(|k| *k.borrow_mut() = Some(key));
    Ok(())
}

/// Opens the lock with the passcode: the key back in memory, and the children's data stored
/// under `protected`, opened (by storage key). A wrong passcode changes nothing.
pub async fn unlock(
    passcode: &str,
    protected: &[&'static str],
) -> Result<BTreeMap<&'static str, String>, VaultError> {
    let file: LockFile = storage::get(LOCK_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or(VaultError::Unavailable)?;
    let salt = B64
        .decode(&file.salt)
        .map_err(|_| VaultError::Unavailable)?;
    let key = crypto::derive_key(passcode, &salt, file.iterations)
        .await
        .map_err(|_| VaultError::Unavailable)?;
    match crypto::open(&key, &file.check).await {
        Ok(t) if t == CHECK_TEXT => {}
        Ok(_) | Err(CryptoError::CannotOpen) => return Err(VaultError::WrongPasscode),
        Err(CryptoError::Unavailable) => return Err(VaultError::Unavailable),
    }
    let mut opened = BTreeMap::new();
    for &name in protected {
        let Some(text) = storage::get(name) else {
            continue;
        };
        let plain = if text.starts_with(SEALED_PREFIX) {
            // Sealed with this passcode, so it opens; a damaged one is left where it is.
            match crypto::open(&key, &text).await {
                Ok(p) => p,
                Err(_) => continue,
            }
        } else {
            text
        };
        opened.insert(name, plain);
    }
    KEY.with(|k| *k.borrow_mut() = Some(key));
    Ok(opened)
}

/// Locks: the key leaves memory. (The caller clears what the page shows.)
pub fn lock() {
    KEY.with(|k| k.borrow_mut().take());
}

/// End of shift: the passcode is forgotten (the caller erases the data).
pub fn forget() {
    lock();
    LATEST.with(|l| l.borrow_mut().clear());
    storage::remove(LOCK_KEY);
}
