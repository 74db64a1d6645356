//! CSV files people download (the scholarship ledger, the audit log): RFC 4180, every field
//! quoted, and no cell a spreadsheet would run as a formula.
//!
//! A downloaded file is opened in Excel or LibreOffice, where a cell that starts with `=`, `+`,
//! `-` or `@` (or a tab or carriage return, which some programs skip before reading one) is a
//! formula: a name typed as `=HYPERLINK(…)` by an applicant would run on the administrator's
//! machine (OWASP "CSV injection"). Every export goes through [`csv`], which neutralises such
//! cells with a leading `'`.

/// `text` as one quoted CSV field, neutralised: a value that could start a formula gets a
/// leading `'`. A plain signed decimal number ("-25.00", an amount released) is left as it is:
/// it cannot run, and a spreadsheet keeps it a number.
pub fn cell(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(text);
    let safe = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// An optional sign, digits, and at most one decimal point with digits after it.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// A whole CSV file: the header line, then one line per row, each line ending in CRLF.
pub fn csv<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut out = header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = row.into_iter().map(|c| cell(&c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        let cases: &[(&str, &str)] = &[
            ("Ana Quispe", "\"Ana Quispe\""),
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1+2", "\"'+1+2\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1:A2)", "\"'@SUM(A1:A2)\""),
            ("\t=1", "\"'\t=1\""),
            ("\r=1", "\"'\r=1\""),
            ("-25.00", "\"-25.00\""),
            ("+3", "\"+3\""),
            ("-", "\"'-\""),
            ("-1.", "\"'-1.\""),
            ("-inf", "\"'-inf\""),
            ("1500.00", "\"1500.00\""),
            ("a=b", "\"a=b\""),
            ("", "\"\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
        ];
        for (input, expected) in cases {
            assert_eq!(cell(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn a_file_is_a_header_and_crlf_lines() {
        let file = csv(
            &["id", "name"],
            vec![
                vec!["1".to_string(), "=cmd".to_string()],
                vec!["2".to_string(), "Zoé".to_string()],
            ],
        );
        assert_eq!(
            file,
            "\"id\",\"name\"\r\n\"1\",\"'=cmd\"\r\n\"2\",\"Zoé\"\r\n"
        );
    }
}
