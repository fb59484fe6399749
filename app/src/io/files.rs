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
    let (w, h) = (bitmap.width().max(1), bitmap.height().max(1));
    let scale = (max_side_px as f64 / w.max(h) as f64).min(1.0);
    let (sw, sh) = (
        ((w as f64 * scale) as u32).max(1),
        ((h as f64 * scale) as u32).max(1),
    );
    let document = window.document().ok_or("import.no_picture")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "import.no_picture")?
        .unchecked_into();
    canvas.set_width(sw);
    canvas.set_height(sh);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("import.no_picture")?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, sw as f64, sh as f64);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, sw as f64, sh as f64)
        .map_err(|_| "import.no_picture")?;
    bitmap.close();
    let data = context
        .get_image_data(0.0, 0.0, sw as f64, sh as f64)
        .map_err(|_| "import.no_picture")?
        .data();
    Ok((sw as usize, sh as usize, data.to_vec()))
}
