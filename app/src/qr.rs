//! QR codes for the hand-off: drawn as SVG (qrcode) and read back from a picture (rqrr), both
//! in the browser, with nothing sent anywhere.

use qrcode::{EcLevel, QrCode};

/// Largest picture side read, in pixels: a bigger photo is scaled down first (a QR code that
/// fills a phone photo stays readable, and a hostile 30 000 px image costs nothing).
pub const MAX_SIDE_PX: u32 = 1600;

/// The payload as an SVG QR code (error correction M: readable from a screen or a print).
pub fn svg(text: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).map_err(|e| e.to_string())?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .build())
}

/// Reads the first QR code found in a greyscale picture (`luma`, row by row).
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Result<String, String> {
    if luma.len() != width * height {
        return Err("picture size mismatch".into());
    }
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    let grids = img.detect_grids();
    let mut last_error = "no QR code found".to_string();
    for grid in grids {
        match grid.decode() {
            Ok((_, text)) => return Ok(text),
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(last_error)
}

/// RGBA pixels (a canvas's `ImageData`) to luma, Rec. 601 weights.
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let (r, g, b, a) = (p[0] as u32, p[1] as u32, p[2] as u32, p[3] as u32);
            // Transparent pixels read as white paper.
            let y = (299 * r + 587 * g + 114 * b) / 1000;
            ((y * a + 255 * (255 - a)) / 255) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws a code as a picture would show it: 4 px modules and a white quiet zone.
    fn picture(text: &str) -> (usize, Vec<u8>) {
        let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
        let n = code.width();
        let scale = 4;
        let side = (n + 8) * scale;
        let mut luma = vec![255u8; side * side];
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (mx, my) = (i % n + 4, i / n + 4);
                for dy in 0..scale {
                    for dx in 0..scale {
                        luma[(my * scale + dy) * side + mx * scale + dx] = 0;
                    }
                }
            }
        }
        (side, luma)
    }

    #[test]
    fn a_hand_off_payload_reads_back_from_its_picture() {
        let mut answers = rules::Responses::new();
        answers.insert("age_years".into(), rules::Response::Number(4.0));
        answers.insert(
            "medicines".into(),
            rules::Response::Text("Ventoline 2 bouffées".into()),
        );
        let payload = rules::handoff::to_qr_text(&answers, rules::Lang::Fr);
        let (side, luma) = picture(&payload);
        assert_eq!(decode_luma(side, side, &luma).unwrap(), payload);
        assert!(svg(&payload).unwrap().starts_with("<?xml"));
    }

    #[test]
    fn a_picture_without_a_code_is_an_error() {
        assert!(decode_luma(50, 50, &[255u8; 2500]).is_err());
        assert!(decode_luma(50, 50, &[0u8; 10]).is_err());
    }

    #[test]
    fn transparent_is_white_and_black_is_black() {
        assert_eq!(rgba_to_luma(&[0, 0, 0, 0, 0, 0, 0, 255]), vec![255, 0]);
    }
}
