//! The browser's WebCrypto, for the ward passcode: a key derived with PBKDF2 (SHA-256) from the
//! passcode and a random salt, AES-GCM (256 bits, a fresh 96-bit IV per message) to seal the
//! children's data at rest. The key is a non-extractable `CryptoKey`: the page can use it but
//! not read it, and it is never stored.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// What a sealed text starts with (and the format of what follows: base64 of IV ‖ ciphertext).
pub const SEALED_PREFIX: &str = "pediatriage-sealed-1:";
const IV_BYTES: usize = 12;

/// Why a crypto step failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto (an insecure origin, or a very old browser).
    Unavailable,
    /// The text was not sealed with this key (a wrong passcode), or was damaged.
    CannotOpen,
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CryptoError::Unavailable)
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    Ok(crypto()?.subtle())
}

/// `n` random bytes from the browser's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| CryptoError::Unavailable)?;
    Ok(bytes)
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn usages(list: &[&str]) -> JsValue {
    list.iter()
        .map(|u| JsValue::from_str(u))
        .collect::<Array>()
        .into()
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The AES-GCM key of a passcode and salt (PBKDF2-SHA-256, `iterations` rounds).
pub async fn derive_key(
    passcode: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(passcode.as_bytes());
    let base =
        settle(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"])))
            .await
            .map_err(|_| CryptoError::Unavailable)?;
    let base: CryptoKey = base.unchecked_into();
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = settle(subtle.derive_key_with_object_and_object(
        &params,
        &base,
        &aes,
        false,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
    .map_err(|_| CryptoError::Unavailable)?;
    Ok(key.unchecked_into())
}

/// Seals a text with the key: `SEALED_PREFIX` + base64(IV ‖ AES-GCM ciphertext and tag).
pub async fn seal(key: &CryptoKey, text: &str) -> Result<String, CryptoError> {
    let iv = random_bytes(IV_BYTES)?;
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
    ]);
    let sealed = settle(subtle()?.encrypt_with_object_and_u8_array(&params, key, text.as_bytes()))
        .await
        .map_err(|_| CryptoError::Unavailable)?;
    let mut bytes = iv;
    bytes.extend(Uint8Array::new(&sealed).to_vec());
    Ok(format!("{SEALED_PREFIX}{}", B64.encode(bytes)))
}

/// Opens a sealed text; `CannotOpen` for another key, a damaged text or one not sealed.
pub async fn open(key: &CryptoKey, sealed: &str) -> Result<String, CryptoError> {
    let bytes = sealed
        .strip_prefix(SEALED_PREFIX)
        .and_then(|b| B64.decode(b).ok())
        .filter(|b| b.len() > IV_BYTES)
        .ok_or(CryptoError::CannotOpen)?;
    let (iv, data) = bytes.split_at(IV_BYTES);
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    let plain = settle(subtle()?.decrypt_with_object_and_u8_array(&params, key, data))
        .await
        .map_err(|_| CryptoError::CannotOpen)?;
    String::from_utf8(Uint8Array::new(&plain).to_vec()).map_err(|_| CryptoError::CannotOpen)
}
