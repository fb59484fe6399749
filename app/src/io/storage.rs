//! This browser's localStorage, with its two ways of failing told apart.

/// Why something could not be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage for this site is full.
    Full,
    /// No storage (private mode, or storage disabled).
    Unavailable,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text stored under `key`; `None` when absent or when there is no storage.
pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `text` under `key`.
pub fn set(key: &str, text: &str) -> Result<(), StoreError> {
    let storage = local_storage().ok_or(StoreError::Unavailable)?;
    storage.set_item(key, text).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        match name.as_deref() {
            Some("QuotaExceededError") => StoreError::Full,
            _ => StoreError::Unavailable,
        }
    })
}

/// Removes `key`; nothing to do when there is no storage.
pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
