//! A picture's pixels, as the QR reader wants them: drawn onto a canvas of this page, scaled
//! down to at most a given side, on white (transparent parts read as paper), read back as RGBA.
//! Shared by a chosen photo (`files`) and a camera frame (`camera`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Pixels of a picture of `width` × `height`: `draw` paints it into the context at the size it
/// is given. `None` when the picture is empty or the canvas refuses.
pub fn scaled_rgba(
    width: u32,
    height: u32,
    max_side_px: u32,
    draw: impl FnOnce(&CanvasRenderingContext2d, f64, f64) -> Result<(), JsValue>,
) -> Option<(usize, usize, Vec<u8>)> {
    if width == 0 || height == 0 {
        return None;
    }
    let scale = (f64::from(max_side_px) / f64::from(width.max(height))).min(1.0);
    let (sw, sh) = (
        ((f64::from(width) * scale) as u32).max(1),
        ((f64::from(height) * scale) as u32).max(1),
    );
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .unchecked_into();
    canvas.set_width(sw);
    canvas.set_height(sh);
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten()?.unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(sw), f64::from(sh));
    draw(&context, f64::from(sw), f64::from(sh)).ok()?;
    let data = context
        .get_image_data(0.0, 0.0, f64::from(sw), f64::from(sh))
        .ok()?
        .data();
    Some((sw as usize, sh as usize, data.to_vec()))
}
