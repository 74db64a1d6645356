//! Dates, times, numbers and amounts as a reader of each language writes them.
//!
//! Services and DTOs carry dates as ISO text (`2027-01-14`) and amounts as exact decimal text
//! (`6000.00`); pages turn them into "14 de enero de 2027" and "6.000,00 USD" here, at the last
//! step, so that the API and the calendar files keep the machine forms.

use super::Locale;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_PT: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// French and Portuguese group thousands with a (narrow) no-break space, so that a figure never
/// breaks across lines.
const NARROW_NBSP: char = '\u{202F}';

/// Year, month (1–12) and day of an ISO date at the start of `text` (`2027-01-14`, also the date
/// part of `2027-01-14T09:00`).
fn parse_date(text: &str) -> Option<(i32, usize, u32)> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

impl Locale {
    /// An ISO date (`2027-01-14`) in words: "14 January 2027", "14 de enero de 2027",
    /// "14 de janeiro de 2027", "14 janvier 2027". Text that is not a date is returned as it is.
    pub fn date(self, iso: &str) -> String {
        let Some((year, month, day)) = parse_date(iso) else {
            return iso.to_string();
        };
        match self {
            Locale::En => format!("{day} {} {year}", MONTHS_EN[month - 1]),
            Locale::Es => format!("{day} de {} de {year}", MONTHS_ES[month - 1]),
            Locale::Pt => format!("{day} de {} de {year}", MONTHS_PT[month - 1]),
            Locale::Fr if day == 1 => format!("1er {} {year}", MONTHS_FR[month - 1]),
            Locale::Fr => format!("{day} {} {year}", MONTHS_FR[month - 1]),
        }
    }

    /// An ISO date and time (`2027-01-14T09:00` or `2027-01-14 09:00:00`) as the date in words
    /// and the time on a 24-hour clock ("14 de enero de 2027, 09:00"); English keeps the 24-hour
    /// clock too, as the programme's schedules do.
    pub fn date_time(self, iso: &str) -> String {
        let time = iso.get(11..16).filter(|t| {
            t.len() == 5
                && t.as_bytes()[2] == b':'
                && t.bytes().filter(u8::is_ascii_digit).count() == 4
        });
        match (parse_date(iso), time) {
            (Some(_), Some(time)) => match self {
                Locale::Fr => format!("{} à {time}", self.date(iso)),
                Locale::Pt => format!("{} às {time}", self.date(iso)),
                _ => format!("{}, {time}", self.date(iso)),
            },
            _ => self.date(iso),
        }
    }

    /// A whole number with the language's thousands separator: 12,500 · 12.500 · 12 500.
    pub fn integer(self, value: i64) -> String {
        let digits = value.unsigned_abs().to_string();
        let separator = match self {
            Locale::En => ",".to_string(),
            Locale::Es | Locale::Pt => ".".to_string(),
            Locale::Fr => NARROW_NBSP.to_string(),
        };
        // Spanish leaves four-digit numbers ungrouped (RAE: "2500", but "12.500").
        let group = !(self == Locale::Es && digits.len() <= 4);
        let mut out = String::with_capacity(digits.len() + 4);
        for (i, c) in digits.chars().enumerate() {
            if group && i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&separator);
            }
            out.push(c);
        }
        if value < 0 { format!("-{out}") } else { out }
    }

    /// A score or a number of points with at most two decimals, as the language writes
    /// decimals: "7.5", "7,5", "12" (whole numbers without decimals).
    pub fn points(self, value: f64) -> String {
        let hundredths = (value * 100.0).round() as i64;
        let whole = self.integer(hundredths / 100);
        let whole = if hundredths < 0 && hundredths / 100 == 0 {
            format!("-{whole}")
        } else {
            whole
        };
        let cents = (hundredths % 100).abs();
        let decimal = if self == Locale::En { "." } else { "," };
        match cents {
            0 => whole,
            c if c % 10 == 0 => format!("{whole}{decimal}{}", c / 10),
            c => format!("{whole}{decimal}{c:02}"),
        }
    }

    /// A share (0 to 1) as a whole percentage: "85%", "85 %" in French.
    pub fn percent(self, share: f64) -> String {
        let value = self.integer((share * 100.0).round() as i64);
        if self == Locale::Fr {
            format!("{value}{NARROW_NBSP}%")
        } else {
            format!("{value}%")
        }
    }

    /// A file's size as the language writes it, in kilobytes below a megabyte (rounded up) and
    /// in megabytes with one decimal above: "820 KB", "2.4 MB", "2,4 Mo".
    pub fn file_size(self, bytes: i64) -> String {
        if bytes < 1024 * 1024 {
            let kb = self.integer((bytes.max(0) + 1023) / 1024);
            return self.format(crate::i18n::Key::SizeKilobytes, &[("size", &kb)]);
        }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        let decimal = if self == Locale::En { "." } else { "," };
        let mb = format!("{}{decimal}{}", self.integer(tenths / 10), tenths % 10);
        self.format(crate::i18n::Key::SizeMegabytes, &[("size", &mb)])
    }

    /// An exact decimal amount (`6000.00`, `-12.5`) with its currency code, as the language
    /// writes money: "USD 6,000.00", "6000,00 USD", "6.000,00 USD", "6 000,00 USD". Text that
    /// is not a decimal is returned as it is, beside the code.
    pub fn money(self, amount: &str, currency: &str) -> String {
        let amount = amount.trim();
        let (negative, unsigned) = match amount.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, amount),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let parsed: Option<i64> = whole.parse().ok();
        let fraction_ok = fraction.len() <= 2 && fraction.bytes().all(|b| b.is_ascii_digit());
        let Some(whole) = parsed.filter(|_| fraction_ok && !whole.starts_with('+')) else {
            return format!("{amount} {currency}");
        };
        let cents = format!("{fraction:0<2}");
        let decimal = if self == Locale::En { "." } else { "," };
        let sign = if negative { "-" } else { "" };
        let figure = format!("{sign}{}{decimal}{cents}", self.integer(whole));
        match self {
            Locale::En => format!("{currency}\u{a0}{figure}"),
            _ => format!("{figure}\u{a0}{currency}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_are_written_as_each_language_reads_them() {
        let cases = [
            (Locale::En, 3_255, "4 KB"),
            (Locale::Fr, 3_255, "4 Ko"),
            (Locale::En, 2_516_582, "2.4 MB"),
            (Locale::Es, 2_516_582, "2,4 MB"),
            (Locale::Fr, 2_516_582, "2,4 Mo"),
            (Locale::Pt, 20 * 1024 * 1024, "20,0 MB"),
        ];
        for (locale, bytes, expected) in cases {
            assert_eq!(locale.file_size(bytes), expected, "{locale:?} {bytes}");
        }
    }

    #[test]
    fn points_and_shares_are_written_as_each_language_reads_them() {
        let cases = [
            (Locale::En, 7.5, "7.5"),
            (Locale::Es, 7.5, "7,5"),
            (Locale::Pt, 12.0, "12"),
            (Locale::Fr, 0.25, "0,25"),
            (Locale::En, -0.5, "-0.5"),
            (Locale::En, -2.25, "-2.25"),
            (Locale::En, 1500.0, "1,500"),
        ];
        for (locale, value, expected) in cases {
            assert_eq!(locale.points(value), expected, "{locale:?} {value}");
        }
        assert_eq!(Locale::En.percent(0.854), "85%");
        assert_eq!(Locale::Fr.percent(1.0), "100\u{202F}%");
    }

    #[test]
    fn dates_are_written_as_each_language_reads_them() {
        let cases = [
            (Locale::En, "2027-01-14", "14 January 2027"),
            (Locale::Es, "2027-01-14", "14 de enero de 2027"),
            (Locale::Pt, "2027-01-14", "14 de janeiro de 2027"),
            (Locale::Fr, "2027-01-14", "14 janvier 2027"),
            (Locale::Fr, "2027-03-01", "1er mars 2027"),
            (Locale::Pt, "2027-03-01", "1 de março de 2027"),
            (
                Locale::Es,
                "2026-12-31T23:00:00Z",
                "31 de diciembre de 2026",
            ),
            (Locale::En, "not a date", "not a date"),
            (Locale::Es, "2027-13-01", "2027-13-01"),
            (Locale::Fr, "", ""),
        ];
        for (locale, iso, expected) in cases {
            assert_eq!(locale.date(iso), expected, "{locale:?} {iso}");
        }
    }

    #[test]
    fn times_follow_the_date_on_a_24_hour_clock() {
        let cases = [
            (Locale::En, "2027-01-14T09:30", "14 January 2027, 09:30"),
            (
                Locale::Es,
                "2027-01-14 16:05:00",
                "14 de enero de 2027, 16:05",
            ),
            (
                Locale::Pt,
                "2027-01-14T16:05",
                "14 de janeiro de 2027 às 16:05",
            ),
            (Locale::Fr, "2027-01-14T16:05", "14 janvier 2027 à 16:05"),
            (Locale::Es, "2027-01-14", "14 de enero de 2027"),
        ];
        for (locale, iso, expected) in cases {
            assert_eq!(locale.date_time(iso), expected, "{locale:?} {iso}");
        }
    }

    #[test]
    fn amounts_use_the_languages_separators_and_keep_their_currency() {
        let cases = [
            (Locale::En, "6000.00", "USD", "USD\u{a0}6,000.00"),
            (Locale::Es, "6000.00", "USD", "6000,00\u{a0}USD"),
            (Locale::Es, "12500.5", "USD", "12.500,50\u{a0}USD"),
            (Locale::Pt, "6000.00", "BRL", "6.000,00\u{a0}BRL"),
            (Locale::Fr, "6000.00", "EUR", "6\u{202F}000,00\u{a0}EUR"),
            (Locale::En, "1234567.89", "USD", "USD\u{a0}1,234,567.89"),
            (Locale::En, "-15.00", "USD", "USD\u{a0}-15.00"),
            (Locale::Fr, "0", "USD", "0,00\u{a0}USD"),
            (Locale::Es, "abc", "USD", "abc USD"),
            (Locale::En, "1.234", "USD", "1.234 USD"),
        ];
        for (locale, amount, currency, expected) in cases {
            assert_eq!(
                locale.money(amount, currency),
                expected,
                "{locale:?} {amount}"
            );
        }
    }

    #[test]
    fn counts_group_thousands() {
        let cases = [
            (Locale::En, 1500, "1,500"),
            (Locale::Es, 1500, "1500"),
            (Locale::Es, 15000, "15.000"),
            (Locale::Pt, 1500, "1.500"),
            (Locale::Fr, 1500, "1\u{202F}500"),
            (Locale::En, 7, "7"),
            (Locale::En, -1234, "-1,234"),
        ];
        for (locale, value, expected) in cases {
            assert_eq!(locale.integer(value), expected, "{locale:?} {value}");
        }
    }
}
