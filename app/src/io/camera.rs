//! The device's camera, for reading a QR code live: open the back camera, take a frame's pixels,
//! stop it. Nothing is recorded or sent: frames go from the video element to a canvas in this
//! page and are dropped once read.

use super::pixels;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};

/// Why there is no camera picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraError {
    /// The person (or the browser's settings) refused the camera.
    Refused,
    /// No camera on this device.
    Absent,
    /// No camera access in this browser or page (an insecure origin, an old browser).
    Unavailable,
}

/// Opens the back camera (the one facing away from the nurse), or any camera there is.
pub async fn open() -> Result<MediaStream, CameraError> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or(CameraError::Unavailable)?;
    let video = Object::new();
    let _ = Reflect::set(&video, &"facingMode".into(), &"environment".into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio_bool(false);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraError::Unavailable)?;
    match JsFuture::from(promise).await {
        Ok(stream) => Ok(stream.unchecked_into()),
        Err(e) => {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            Err(match name.as_deref() {
                Some("NotAllowedError") | Some("SecurityError") => CameraError::Refused,
                Some("NotFoundError") | Some("OverconstrainedError") | Some("NotReadableError") => {
                    CameraError::Absent
                }
                _ => CameraError::Unavailable,
            })
        }
    }
}

/// Stops every track of the stream: the camera light goes off.
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Shows the stream in the video element.
pub fn show(video: &HtmlVideoElement, stream: Option<&MediaStream>) {
    video.set_src_object(stream);
    if stream.is_some() {
        let _ = video.play();
    }
}

/// The video's current frame (width, height, RGBA), scaled to at most `max_side_px`; `None`
/// before the first frame.
pub fn frame_rgba(video: &HtmlVideoElement, max_side_px: u32) -> Option<(usize, usize, Vec<u8>)> {
    pixels::scaled_rgba(
        video.video_width(),
        video.video_height(),
        max_side_px,
        |context, w, h| {
            context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w, h)
        },
    )
}
