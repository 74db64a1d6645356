//! Lesson attachments as bytes: what a file is (from its first bytes, never its name), the
//! metadata an image must lose (location, camera), and the file store, where each file is named
//! by the SHA-256 of its bytes so no path is ever built from anything a person typed.

use std::path::{Path, PathBuf};

use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use sha2::{Digest, Sha256};

use super::dto::AttachmentKind;

/// What the bytes were recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// PDF, image or audio.
    pub kind: AttachmentKind,
    /// Its media type.
    pub media_type: &'static str,
    /// The extension it is offered with.
    pub extension: &'static str,
}

const fn sniffed(
    kind: AttachmentKind,
    media_type: &'static str,
    extension: &'static str,
) -> Sniffed {
    Sniffed {
        kind,
        media_type,
        extension,
    }
}

/// The kind of file `bytes` holds, from its signature: PDF, PNG, JPEG, WebP, MP3, Ogg, M4A or
/// WAV; anything else (HTML, SVG, scripts, archives) is `None`.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    use AttachmentKind::{Audio, Image, Pdf};
    let at = |offset: usize, signature: &[u8]| {
        bytes.get(offset..offset + signature.len()) == Some(signature)
    };
    if at(0, b"%PDF-") {
        Some(sniffed(Pdf, "application/pdf", "pdf"))
    } else if at(0, b"\x89PNG\r\n\x1a\n") {
        Some(sniffed(Image, "image/png", "png"))
    } else if at(0, &[0xFF, 0xD8, 0xFF]) {
        Some(sniffed(Image, "image/jpeg", "jpg"))
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some(sniffed(Image, "image/webp", "webp"))
    } else if at(0, b"RIFF") && at(8, b"WAVE") {
        Some(sniffed(Audio, "audio/wav", "wav"))
    } else if at(0, b"OggS") {
        Some(sniffed(Audio, "audio/ogg", "ogg"))
    } else if at(4, b"ftypM4A ") || at(4, b"ftypM4B ") {
        Some(sniffed(Audio, "audio/mp4", "m4a"))
    } else if at(0, b"ID3") || mpeg_audio_frame(bytes) {
        Some(sniffed(Audio, "audio/mpeg", "mp3"))
    } else {
        None
    }
}

/// Whether `bytes` starts with an MPEG audio frame header whose fields all hold allowed values
/// (a bare `FF Ex` start would also let through a UTF-16 text's byte-order mark).
fn mpeg_audio_frame(bytes: &[u8]) -> bool {
    let [0xFF, b1, b2, ..] = bytes else {
        return false;
    };
    let version = (b1 >> 3) & 0b11;
    let layer = (b1 >> 1) & 0b11;
    let bitrate = b2 >> 4;
    let rate = (b2 >> 2) & 0b11;
    b1 & 0xE0 == 0xE0
        && version != 0b01
        && layer != 0
        && bitrate != 0
        && bitrate != 0xF
        && rate != 0b11
}

/// Whether a JPEG segment may stay: everything but application segments and comments, and of
/// those only APP0 (JFIF), APP2 when it is a colour profile, and APP14 (Adobe colour), which the
/// picture needs. EXIF, XMP, MPF, IPTC, C2PA and maker notes all go.
fn jpeg_segment_kept(marker: u8, contents: &[u8]) -> bool {
    match marker {
        0xE0 | 0xEE => true,
        0xE2 => contents.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

/// The JPEG cut after its end-of-image marker: whatever follows (a second picture of an MPF
/// file with its own EXIF, a phone's motion video or trailer) goes. Stuffed bytes make `FF D9`
/// appear in the compressed data only as the end.
fn cut_after_end(jpeg: &mut Vec<u8>) {
    let scan = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap_or(0);
    if let Some(end) = jpeg[scan..].windows(2).position(|w| w == [0xFF, 0xD9]) {
        jpeg.truncate(scan + end + 2);
    }
}
/// PNG chunks that carry metadata: EXIF, text (where XMP lives) and the time of last change.
const PNG_METADATA: [[u8; 4]; 5] = [*b"eXIf", *b"tEXt", *b"iTXt", *b"zTXt", *b"tIME"];

/// The image without its metadata (location, camera, author, dates). `None` when the file is
/// not the well-formed image its signature says: it is refused rather than kept as it came.
pub fn strip_metadata(media_type: &str, bytes: Vec<u8>) -> Option<Vec<u8>> {
    let bytes = Bytes::from(bytes);
    let cleaned = match media_type {
        "image/jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            // A phone photo held upright says so in its EXIF: that one fact is kept, alone.
            let orientation = jpeg.exif().and_then(|tiff| exif_orientation(&tiff));
            jpeg.segments_mut()
                .retain(|s| jpeg_segment_kept(s.marker(), s.contents()));
            if let Some(orientation) = orientation.filter(|o| (2..=8).contains(o)) {
                jpeg.set_exif(Some(Bytes::from(orientation_only_exif(orientation))));
            }
            let mut out = jpeg.encoder().bytes().to_vec();
            cut_after_end(&mut out);
            return Some(out);
        }
        "image/png" => {
            let mut png = Png::from_bytes(bytes).ok()?;
            png.chunks_mut()
                .retain(|c| !PNG_METADATA.contains(&c.kind()));
            png.encoder().bytes()
        }
        "image/webp" => {
            let mut webp = WebP::from_bytes(bytes).ok()?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also rewrites the extended header's flags to match what is left.
            webp.set_exif(None);
            let mut out = webp.encoder().bytes().to_vec();
            clear_webp_xmp_flag(&mut out);
            return Some(out);
        }
        _ => bytes,
    };
    Some(cleaned.to_vec())
}

/// The orientation (EXIF tag 0x0112) in the first directory of a TIFF-structured EXIF block.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let little = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let directory = usize::try_from(u32_at(4)?).ok()?;
    let entries = u16_at(directory)?;
    (0..usize::from(entries))
        .map(|i| directory + 2 + i * 12)
        .find(|at| u16_at(*at) == Some(0x0112))
        .and_then(|at| u16_at(at + 8))
}

/// An EXIF block that says only the picture's orientation (little-endian TIFF, one entry).
fn orientation_only_exif(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0112u16.to_le_bytes());
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(orientation.to_le_bytes());
    tiff.extend([0, 0]);
    tiff.extend(0u32.to_le_bytes());
    tiff
}

/// img-parts recomputes the WebP header's EXIF and ICC flags but keeps its XMP flag: clear it
/// now that the XMP chunk is gone (byte 20 is the first of the VP8X chunk's flags).
fn clear_webp_xmp_flag(webp: &mut [u8]) {
    const XMP: u8 = 0b0000_0100;
    if webp.get(12..16) == Some(b"VP8X")
        && let Some(flags) = webp.get_mut(20)
    {
        *flags &= !XMP;
    }
}

/// The hex SHA-256 of `bytes`: the file's name in the store.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where the file of hash `sha256` lives under `store`: `lessons/ab/abcdef…`. `None` unless
/// `sha256` is 64 lower-case hex digits, so no other path can be asked for.
pub fn stored_path(store: &Path, sha256: &str) -> Option<PathBuf> {
    let valid = sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    valid.then(|| store.join("lessons").join(&sha256[..2]).join(sha256))
}

/// Keeps `bytes` in the store under their hash (written to a temporary name, then renamed, so
/// a reader never sees half a file; a file already there is the same bytes and is kept).
/// Returns the hash.
pub fn store(store: &Path, bytes: &[u8]) -> std::io::Result<String> {
    let sha256 = content_hash(bytes);
    let path = stored_path(store, &sha256).ok_or_else(|| std::io::Error::other("bad hash"))?;
    if path.exists() {
        return Ok(sha256);
    }
    let folder = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(folder)?;
    let temporary = folder.join(format!(".{sha256}.{}", uuid::Uuid::new_v4()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, &path)?;
    Ok(sha256)
}

/// The name a file is offered under: the uploaded name's letters, digits, `-`, `_` and `.`
/// (other characters become `_`), at most 100 of them, with the extension its bytes say.
pub fn offered_name(uploaded: &str, extension: &str) -> String {
    let last = uploaded.rsplit(['/', '\\']).next().unwrap_or("");
    let base = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let mut clean: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if clean.trim_matches('_').is_empty() {
        clean = "file".to_string();
    }
    format!("{clean}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_bytes_not_their_names() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"%PDF-1.7\n%\xe2\xe3", Some("application/pdf")),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("image/png")),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16], Some("image/jpeg")),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"RIFF\x24\0\0\0WAVEfmt ", Some("audio/wav")),
            (b"OggS\0\x02", Some("audio/ogg")),
            (b"\0\0\0\x20ftypM4A \0\0", Some("audio/mp4")),
            (b"ID3\x04\0\0", Some("audio/mpeg")),
            (&[0xFF, 0xFB, 0x90, 0x64], Some("audio/mpeg")),
            // A UTF-16 text's byte-order mark looks like a frame start; its fields do not.
            (&[0xFF, 0xFE, 0x3C, 0x00, 0x68, 0x00], None),
            (b"<!DOCTYPE html><script>alert(1)</script>", None),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
                None,
            ),
            (b"PK\x03\x04", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes).map(|s| s.media_type), *expected, "{bytes:?}");
        }
    }

    /// A minimal valid PNG (1×1, grey) with a text chunk holding a location.
    fn png_with_text() -> Vec<u8> {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(data);
            out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
            out
        }
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for byte in data {
                crc ^= u32::from(*byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        png.extend(chunk(b"tEXt", b"Location\0-12.0464,-77.0428"));
        png.extend(chunk(
            b"IDAT",
            &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        ));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn an_image_loses_its_location_and_keeps_its_picture() {
        let png = png_with_text();
        assert!(png.windows(8).any(|w| w == b"Location"));
        let cleaned = strip_metadata("image/png", png).expect("a valid PNG");
        assert!(
            !cleaned.windows(8).any(|w| w == b"Location"),
            "the text chunk is gone"
        );
        assert!(
            cleaned.windows(4).any(|w| w == b"IDAT"),
            "the picture stays"
        );
        // A JPEG with an EXIF segment between its JFIF header and its picture.
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend([0xFF, 0xE0, 0x00, 0x10]);
        jpeg.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        jpeg.extend([0xFF, 0xE1, 0x00, 0x0E]);
        jpeg.extend(b"Exif\0\0GPS-12");
        jpeg.extend([
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34,
        ]);
        jpeg.extend([0xFF, 0xD9]);
        let cleaned = strip_metadata("image/jpeg", jpeg).expect("a valid JPEG");
        assert!(!cleaned.windows(4).any(|w| w == b"Exif"), "{cleaned:?}");
        assert!(cleaned.windows(4).any(|w| w == b"JFIF"));
        // Bytes that only start like a PNG are refused.
        assert_eq!(
            strip_metadata("image/png", b"\x89PNG\r\n\x1a\ngarbage".to_vec()),
            None
        );
    }

    #[test]
    fn a_photo_keeps_which_way_is_up_and_nothing_else() {
        // EXIF: orientation 6 (rotated) and a GPS directory pointer.
        let mut tiff = b"MM\0*".to_vec();
        tiff.extend(8u32.to_be_bytes());
        tiff.extend(2u16.to_be_bytes());
        tiff.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
        tiff.extend([0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 38]);
        tiff.extend(0u32.to_be_bytes());
        tiff.extend(b"GPS-12.04");
        assert_eq!(exif_orientation(&tiff), Some(6));
        let mut jpeg = vec![0xFF, 0xD8];
        let segment_length = (2 + 6 + tiff.len()) as u16;
        jpeg.extend([0xFF, 0xE1]);
        jpeg.extend(segment_length.to_be_bytes());
        jpeg.extend(b"Exif\0\0");
        jpeg.extend(&tiff);
        jpeg.extend([
            0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34,
        ]);
        jpeg.extend([0xFF, 0xD9]);
        let cleaned = strip_metadata("image/jpeg", jpeg).expect("a valid JPEG");
        assert!(!cleaned.windows(3).any(|w| w == b"GPS"), "{cleaned:?}");
        let kept = Jpeg::from_bytes(Bytes::from(cleaned))
            .expect("still a JPEG")
            .exif();
        assert_eq!(kept.as_deref(), Some(&orientation_only_exif(6)[..]));
        assert_eq!(exif_orientation(&orientation_only_exif(6)), Some(6));
    }

    #[test]
    fn stored_paths_come_from_hashes_only() {
        let store = Path::new("/srv/files");
        let hash = content_hash(b"lesson");
        assert_eq!(
            stored_path(store, &hash),
            Some(store.join("lessons").join(&hash[..2]).join(&hash))
        );
        for bad in [
            "../../etc/passwd",
            "ABC",
            &hash.to_uppercase(),
            &format!("{hash}/x"),
        ] {
            assert_eq!(stored_path(store, bad), None, "{bad}");
        }
    }

    #[test]
    fn offered_names_keep_only_safe_characters() {
        let cases = [
            ("Guía de detención.pdf", "pdf", "Guía_de_detención.pdf"),
            ("../../etc/passwd", "pdf", "passwd.pdf"),
            ("photo.PNG.html", "png", "photo_PNG.png"),
            ("\"; filename=evil.exe", "jpg", "___filename_evil.jpg"),
            ("", "ogg", "file.ogg"),
        ];
        for (uploaded, extension, expected) in cases {
            assert_eq!(offered_name(uploaded, extension), expected, "{uploaded}");
        }
    }
}
