//! Session times in the reader's own clock. The server writes each session in the zone where it
//! meets ("09:00–13:00 (Bogota, UTC−05:00)"); it cannot know the reader's zone, the browser
//! can. This island adds "Your time: 16:00–20:00" beside the sessions whose offset differs from
//! the reader's. Without JavaScript the session's own time, with its offset, stays.

use leptos::prelude::*;

/// The offset in minutes east of UTC at the end of an RFC 3339 time (`-05:00` → −300).
#[cfg(any(feature = "hydrate", test))]
fn offset_minutes(rfc3339: &str) -> Option<i32> {
    if rfc3339.ends_with('Z') {
        return Some(0);
    }
    let tail = rfc3339.get(rfc3339.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = tail.get(1..3)?.parse().ok()?;
    let minutes: i32 = tail.get(4..6)?.parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

/// Adds the reader's local time beside every session time on the page (`.session-list
/// time[datetime]`) when the reader's zone differs from the session's.
#[island]
pub fn LocalTimes(
    /// "Your time" in the page's language.
    label: String,
) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        annotate(&label);
        #[cfg(not(feature = "hydrate"))]
        let _ = &label;
    });
}

#[cfg(feature = "hydrate")]
fn annotate(label: &str) {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(times) = document.query_selector_all(".session-list time[datetime]") else {
        return;
    };
    let locale = document
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|lang| crate::i18n::Locale::from_code(&lang))
        .unwrap_or_default();
    for i in 0..times.length() {
        let Some(time) = times
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let (Some(start), Some(end)) = (
            time.get_attribute("datetime"),
            time.get_attribute("data-end"),
        ) else {
            continue;
        };
        let starts = js_sys::Date::new(&JsValue::from_str(&start));
        let ends = js_sys::Date::new(&JsValue::from_str(&end));
        if starts.get_time().is_nan() || ends.get_time().is_nan() {
            continue;
        }
        let reader = -(starts.get_timezone_offset() as i32);
        if offset_minutes(&start) == Some(reader) {
            continue;
        }
        let day = format!(
            "{:04}-{:02}-{:02}",
            starts.get_full_year(),
            starts.get_month() + 1,
            starts.get_date()
        );
        // The date is repeated only when the reader's clock puts the session on another day.
        let date = if start.get(..10) == Some(day.as_str()) {
            String::new()
        } else {
            format!("{}, ", locale.date(&day))
        };
        let text = format!(
            "{label}: {date}{:02}:{:02}\u{2013}{:02}:{:02}",
            starts.get_hours(),
            starts.get_minutes(),
            ends.get_hours(),
            ends.get_minutes()
        );
        if let Ok(span) = document.create_element("span") {
            span.set_class_name("local-time");
            span.set_text_content(Some(&text));
            let _ = time.parent_node().map(|parent| parent.append_child(&span));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offset_minutes;

    #[test]
    fn offsets_are_read_from_the_end_of_a_time() {
        assert_eq!(offset_minutes("2027-01-14T09:00:00-05:00"), Some(-300));
        assert_eq!(offset_minutes("2027-01-14T09:00:00+05:30"), Some(330));
        assert_eq!(offset_minutes("2027-01-14T09:00:00Z"), Some(0));
        assert_eq!(offset_minutes("2027-01-14T09:00:00"), None);
        assert_eq!(offset_minutes(""), None);
    }
}
