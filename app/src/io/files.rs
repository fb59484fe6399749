//! Files the person chooses: their bytes, or a picture's pixels.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Reads the bytes of a chosen file.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, ()> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A picture's pixels (width, height, RGBA bytes), decoded by the browser and scaled
/// to at most `max_side_px` on its longer side. `Err` holds the locale key of the reason.
pub async fn picture_rgba(
    file: &web_sys::File,
    max_side_px: u32,
) -> Result<(usize, usize, Vec<u8>), &'static str> {
    let window = web_sys::window().ok_or("import.no_picture")?;
    let promise = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| "import.no_picture")?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| "import.no_picture")?
        .unchecked_into();
    let pixels = super::pixels::scaled_rgba(
        bitmap.width(),
        bitmap.height(),
        max_side_px,
        |context, w, h| context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h),
    );
    bitmap.close();
    pixels.ok_or("import.no_picture")
}
