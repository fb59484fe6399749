//! The live QR scanner: the camera on, a frame read a few times a second, the camera off as
//! soon as a code is read or the scanner is closed. One scanner at a time.

use crate::io::camera::{self, CameraError};
use gloo::timers::callback::Interval;
use leptos::prelude::*;
use std::cell::RefCell;
use web_sys::{HtmlVideoElement, MediaStream};

/// How often a frame is read: often enough to feel instant, rarely enough to leave the tablet
/// responsive (a frame is decoded in the page).
const FRAME_MS: u32 = 250;
/// Frames are scaled down to this side before decoding (a code filling part of the picture
/// stays readable).
const FRAME_SIDE_PX: u32 = 800;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanState {
    Closed,
    /// Asking for the camera.
    Opening,
    Scanning,
    Failed(CameraError),
}

thread_local! {
    /// The open camera and the frame timer, while scanning.
    static ACTIVE: RefCell<Option<(MediaStream, Interval)>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy)]
pub struct Scanner {
    pub state: RwSignal<ScanState>,
}

impl Scanner {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ScanState::Closed),
        }
    }

    /// Opens the camera into `video` and reads frames until a QR code is found; `on_code`
    /// gets its text once, after the camera is off.
    pub fn start(&self, video: HtmlVideoElement, on_code: impl Fn(String) + 'static) {
        self.stop();
        let state = self.state;
        state.set(ScanState::Opening);
        leptos::task::spawn_local(async move {
            let stream = match camera::open().await {
                Ok(s) => s,
                Err(e) => return state.set(ScanState::Failed(e)),
            };
            if state.get_untracked() != ScanState::Opening {
                // Closed while the camera was being asked for.
                return camera::stop(&stream);
            }
            camera::show(&video, Some(&stream));
            let frames_from = video.clone();
            let timer = Interval::new(FRAME_MS, move || {
                let Some((w, h, rgba)) = camera::frame_rgba(&frames_from, FRAME_SIDE_PX) else {
                    return;
                };
                if let Ok(text) = crate::qr::decode_luma(w, h, &crate::qr::rgba_to_luma(&rgba)) {
                    close(&frames_from);
                    state.set(ScanState::Closed);
                    on_code(text);
                }
            });
            ACTIVE.with(|a| *a.borrow_mut() = Some((stream, timer)));
            state.set(ScanState::Scanning);
        });
    }

    /// Closes the scanner: the camera off.
    pub fn stop(&self) {
        ACTIVE.with(|a| {
            if let Some((stream, timer)) = a.borrow_mut().take() {
                timer.cancel();
                camera::stop(&stream);
            }
        });
        self.state.set(ScanState::Closed);
    }
}

impl Default for Scanner {
    fn default() -> Self {
        Self::new()
    }
}

/// Stops the camera and the frame timer from inside the timer's own callback (the timer is
/// dropped after the callback returns, not while it runs).
fn close(video: &HtmlVideoElement) {
    let active = ACTIVE.with(|a| a.borrow_mut().take());
    if let Some((stream, timer)) = active {
        camera::stop(&stream);
        camera::show(video, None);
        // Cancelling from inside the callback is fine; dropping the closure is not.
        std::mem::forget(timer.cancel());
    }
}
