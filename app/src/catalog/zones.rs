//! The IANA time zones an offering's sessions may be held in: those of the programme's member
//! states in the Americas (with their islands in the Pacific and Atlantic) and of Spain,
//! Portugal and France, whose instructors teach in the programme. From the `zone.tab` of the
//! tz database; a zone missing here is refused by the offering rules, so that a typo never
//! reaches a calendar.

use crate::i18n::Locale;

/// (ISO country, its zones as `zone.tab` lists them, most populous first).
const ZONES: &[(&str, &[&str])] = &[
    ("AG", &["America/Antigua"]),
    (
        "AR",
        &[
            "America/Argentina/Buenos_Aires",
            "America/Argentina/Cordoba",
            "America/Argentina/Salta",
            "America/Argentina/Jujuy",
            "America/Argentina/Tucuman",
            "America/Argentina/Catamarca",
            "America/Argentina/La_Rioja",
            "America/Argentina/San_Juan",
            "America/Argentina/Mendoza",
            "America/Argentina/San_Luis",
            "America/Argentina/Rio_Gallegos",
            "America/Argentina/Ushuaia",
        ],
    ),
    ("BB", &["America/Barbados"]),
    ("BO", &["America/La_Paz"]),
    (
        "BR",
        &[
            "America/Noronha",
            "America/Belem",
            "America/Fortaleza",
            "America/Recife",
            "America/Araguaina",
            "America/Maceio",
            "America/Bahia",
            "America/Sao_Paulo",
            "America/Campo_Grande",
            "America/Cuiaba",
            "America/Santarem",
            "America/Porto_Velho",
            "America/Boa_Vista",
            "America/Manaus",
            "America/Eirunepe",
            "America/Rio_Branco",
        ],
    ),
    ("BS", &["America/Nassau"]),
    ("BZ", &["America/Belize"]),
    (
        "CA",
        &[
            "America/St_Johns",
            "America/Halifax",
            "America/Glace_Bay",
            "America/Moncton",
            "America/Goose_Bay",
            "America/Blanc-Sablon",
            "America/Toronto",
            "America/Iqaluit",
            "America/Atikokan",
            "America/Winnipeg",
            "America/Resolute",
            "America/Rankin_Inlet",
            "America/Regina",
            "America/Swift_Current",
            "America/Edmonton",
            "America/Cambridge_Bay",
            "America/Inuvik",
            "America/Creston",
            "America/Dawson_Creek",
            "America/Fort_Nelson",
            "America/Whitehorse",
            "America/Dawson",
            "America/Vancouver",
        ],
    ),
    (
        "CL",
        &[
            "America/Santiago",
            "America/Coyhaique",
            "America/Punta_Arenas",
            "Pacific/Easter",
        ],
    ),
    ("CO", &["America/Bogota"]),
    ("CR", &["America/Costa_Rica"]),
    ("CU", &["America/Havana"]),
    ("DM", &["America/Dominica"]),
    ("DO", &["America/Santo_Domingo"]),
    ("EC", &["America/Guayaquil", "Pacific/Galapagos"]),
    ("ES", &["Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary"]),
    ("FR", &["Europe/Paris"]),
    ("GD", &["America/Grenada"]),
    ("GT", &["America/Guatemala"]),
    ("GY", &["America/Guyana"]),
    ("HN", &["America/Tegucigalpa"]),
    ("HT", &["America/Port-au-Prince"]),
    ("JM", &["America/Jamaica"]),
    ("KN", &["America/St_Kitts"]),
    ("LC", &["America/St_Lucia"]),
    (
        "MX",
        &[
            "America/Mexico_City",
            "America/Cancun",
            "America/Merida",
            "America/Monterrey",
            "America/Matamoros",
            "America/Chihuahua",
            "America/Ciudad_Juarez",
            "America/Ojinaga",
            "America/Mazatlan",
            "America/Bahia_Banderas",
            "America/Hermosillo",
            "America/Tijuana",
        ],
    ),
    ("NI", &["America/Managua"]),
    ("PA", &["America/Panama"]),
    ("PE", &["America/Lima"]),
    (
        "PT",
        &["Europe/Lisbon", "Atlantic/Madeira", "Atlantic/Azores"],
    ),
    ("PY", &["America/Asuncion"]),
    ("SR", &["America/Paramaribo"]),
    ("SV", &["America/El_Salvador"]),
    ("TT", &["America/Port_of_Spain"]),
    (
        "US",
        &[
            "America/New_York",
            "America/Detroit",
            "America/Kentucky/Louisville",
            "America/Kentucky/Monticello",
            "America/Indiana/Indianapolis",
            "America/Indiana/Vincennes",
            "America/Indiana/Winamac",
            "America/Indiana/Marengo",
            "America/Indiana/Petersburg",
            "America/Indiana/Vevay",
            "America/Chicago",
            "America/Indiana/Tell_City",
            "America/Indiana/Knox",
            "America/Menominee",
            "America/North_Dakota/Center",
            "America/North_Dakota/New_Salem",
            "America/North_Dakota/Beulah",
            "America/Denver",
            "America/Boise",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "America/Juneau",
            "America/Sitka",
            "America/Metlakatla",
            "America/Yakutat",
            "America/Nome",
            "America/Adak",
            "Pacific/Honolulu",
        ],
    ),
    ("UY", &["America/Montevideo"]),
    ("VC", &["America/St_Vincent"]),
    ("VE", &["America/Caracas"]),
];

/// Coordinated Universal Time, for distance windows that belong to no place.
pub const UTC: &str = "UTC";

/// Whether `zone` is one of the zones the programme holds sessions in.
pub fn is_known(zone: &str) -> bool {
    zone == UTC || ZONES.iter().any(|(_, zones)| zones.contains(&zone))
}

/// The zones of `country` (any case); empty for a country the table lacks.
pub fn of_country(country: &str) -> &'static [&'static str] {
    ZONES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(country.trim()))
        .map(|(_, zones)| *zones)
        .unwrap_or(&[])
}

/// The zone to suggest for a new session in `country`: its only zone, when it has one.
pub fn only_zone(country: &str) -> Option<&'static str> {
    match of_country(country) {
        [zone] => Some(zone),
        _ => None,
    }
}

/// One `<optgroup>` of the zone list: a country (or UTC, `country` empty) and its zones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneGroup {
    /// ISO country code; empty for the UTC group.
    pub country: &'static str,
    /// IANA zone names.
    pub zones: &'static [&'static str],
}

/// Every zone grouped by country: the countries in `first` (the offering's, the session's) at
/// the top in that order, so that the likely zone is a glance away, then the others by their
/// name in `locale`, then UTC.
pub fn grouped(first: &[&str], locale: Locale) -> Vec<ZoneGroup> {
    let mut groups: Vec<ZoneGroup> = Vec::new();
    let mut add = |code: &str| {
        if let Some((country, zones)) = ZONES.iter().find(|(c, _)| c.eq_ignore_ascii_case(code))
            && !groups.iter().any(|g| g.country == *country)
        {
            groups.push(ZoneGroup { country, zones });
        }
    };
    for code in first {
        add(code);
    }
    for (code, _) in crate::accounts::countries::options(locale) {
        add(&code);
    }
    groups.push(ZoneGroup {
        country: "",
        zones: &[UTC],
    });
    groups
}

/// What a person reads for a zone: its place, without the region prefix and underscores
/// ("America/Argentina/Buenos_Aires" → "Buenos Aires").
pub fn place(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offerings_country_comes_first_then_the_others_by_name() {
        let groups = grouped(&["pe", "BR", "PE"], Locale::Es);
        assert_eq!(groups[0].country, "PE");
        assert_eq!(groups[0].zones, ["America/Lima"]);
        assert_eq!(groups[1].country, "BR");
        assert_eq!(groups.last().map(|g| g.zones), Some(&[UTC][..]));
        assert_eq!(groups.len(), ZONES.len() + 1, "every country once, and UTC");
        let rest: Vec<&str> = groups[2..groups.len() - 1]
            .iter()
            .map(|g| g.country)
            .collect();
        let by_name: Vec<String> = crate::accounts::countries::options(Locale::Es)
            .into_iter()
            .map(|(code, _)| code)
            .filter(|code| code != "PE" && code != "BR" && !of_country(code).is_empty())
            .collect();
        assert_eq!(rest, by_name, "the others follow by their Spanish name");
    }

    #[test]
    fn zones_are_known_or_refused() {
        let cases = [
            ("America/Lima", true),
            ("America/Port_of_Spain", true),
            ("Pacific/Galapagos", true),
            ("Europe/Madrid", true),
            ("UTC", true),
            ("America/Atlantis", false),
            ("america/lima", false),
            ("Asia/Tokyo", false),
            ("", false),
            ("-05:00", false),
        ];
        for (zone, known) in cases {
            assert_eq!(is_known(zone), known, "{zone}");
        }
    }

    #[test]
    fn single_zone_countries_suggest_their_zone() {
        let cases = [
            ("PE", Some("America/Lima")),
            ("gt", Some("America/Guatemala")),
            ("BR", None),
            ("DE", None),
            ("", None),
        ];
        for (country, zone) in cases {
            assert_eq!(only_zone(country), zone, "{country}");
        }
    }

    #[test]
    fn places_read_like_places() {
        assert_eq!(place("America/Argentina/Buenos_Aires"), "Buenos Aires");
        assert_eq!(place("America/Port-au-Prince"), "Port-au-Prince");
        assert_eq!(place("UTC"), "UTC");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_listed_zone_is_in_the_time_zone_database() {
        for (_, zones) in ZONES {
            for zone in *zones {
                assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
            }
        }
        assert!(UTC.parse::<chrono_tz::Tz>().is_ok());
    }
}
