//! Which address a request comes from, for the per-address limits, the lockout, sessions and
//! the audit log: the one place that decides it.
//!
//! The direct peer is the client, unless the peer is one of the configured trusted proxies
//! (`PICAP_TRUSTED_PROXIES`). Only then is the one forwarding header those proxies write read
//! (`X-Forwarded-For` by default, or RFC 7239 `Forwarded` with
//! `PICAP_FORWARDED_HEADER=forwarded`; never both, because a proxy passes the other header
//! through as the client wrote it), from the right: each proxy appends the address it received the
//! request from, so the right-most address that is not itself a trusted proxy is the first one
//! no proxy of ours vouches for. Anything to its left was written by the client and proves
//! nothing. The server computes it once per request ([`ClientAddr`]) and everything reads that.

use std::fmt;
use std::net::IpAddr;

/// The client address of a request, as decided here; the server puts it in the request's
/// extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// An address range in CIDR notation (a lone address is a range of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Parses `192.0.2.1`, `10.0.0.0/8`, `2001:db8::/32` or `::1`.
    pub fn parse(text: &str) -> Result<IpRange, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("'{text}' is not an IP address or CIDR range"))?;
        let longest = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= longest)
                .ok_or_else(|| format!("'{text}' has a prefix length outside 0 to {longest}"))?,
            None => longest,
        };
        Ok(IpRange { network, prefix })
    }

    /// Whether `ip` lies in the range. An IPv4 address written as IPv6 (`::ffff:a.b.c.d`)
    /// counts as the IPv4 address it is.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// What per-address limits and the lockout count under for a client address: the address
/// itself for IPv4, its /64 network for IPv6. One IPv6 subscriber is usually given a whole /64,
/// so counting single addresses would give them 2^64 fresh counters. Text that is not an
/// address is counted as it is (cut to 64 characters).
pub fn limit_key(client: &str) -> String {
    match client.trim().parse::<IpAddr>().map(canonical) {
        Ok(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
        Ok(ip) => ip.to_string(),
        Err(_) => client.chars().take(64).collect(),
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Which forwarding header the trusted proxies write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For` (nginx, HAProxy, cloud load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded`, `for=` parameters.
    Forwarded,
}

impl ForwardedHeader {
    /// Parses `x-forwarded-for` or `forwarded` (any case).
    pub fn parse(text: &str) -> Result<ForwardedHeader, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ForwardedHeader::XForwardedFor),
            "forwarded" => Ok(ForwardedHeader::Forwarded),
            other => Err(format!(
                "'{other}' is neither x-forwarded-for nor forwarded"
            )),
        }
    }
}

/// The proxies whose forwarding header is believed, and which header that is. No proxies by
/// default: then no header is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    ranges: Vec<IpRange>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR ranges; empty entries are ignored.
    /// The error names the first bad entry. A range of every address (`/0`) is refused: it
    /// would let any client write its own address.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let ranges = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                IpRange::parse(entry).and_then(|range| {
                    if range.prefix == 0 {
                        Err(format!("'{entry}' would trust every address"))
                    } else {
                        Ok(range)
                    }
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies {
            ranges,
            header: ForwardedHeader::default(),
        })
    }

    /// The same proxies, believed through `header` instead.
    pub fn reading(self, header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies { header, ..self }
    }

    /// The header the proxies write.
    pub fn header(&self) -> ForwardedHeader {
        self.header
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.ranges.iter().any(|range| range.contains(ip))
    }

    /// The ranges, as configured.
    pub fn ranges(&self) -> &[IpRange] {
        &self.ranges
    }
}

/// The address a forwarding header names: `192.0.2.43`, `192.0.2.43:47011`,
/// `"[2001:db8:cafe::17]:4711"` or `2001:db8::1`. `unknown` and obfuscated names are `None`.
fn forwarded_address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    // IPv4 with a port: one colon only (an IPv6 address has several).
    match text.split_once(':') {
        Some((host, port)) if !port.contains(':') => host.parse().ok(),
        _ => None,
    }
}

/// The `for=` values of `Forwarded` header lines, in order (RFC 7239 section 4).
fn forwarded_for<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .flat_map(|line| line.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| value.trim())
            })
        })
        .collect()
}

/// The client address of a request that reached us from `peer`, given its `Forwarded` and
/// `X-Forwarded-For` header lines (each header's lines in the order received); only the one
/// the trusted proxies write is read.
pub fn client_address(
    peer: IpAddr,
    forwarded: &[&str],
    x_forwarded_for: &[&str],
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.trusts(peer) {
        return peer;
    }
    let hops: Vec<&str> = match trusted.header {
        ForwardedHeader::XForwardedFor => x_forwarded_for
            .iter()
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect(),
        ForwardedHeader::Forwarded => forwarded_for(forwarded),
    };
    // From the right: the nearest hop no trusted proxy vouches for. A hop that cannot be read
    // stops the walk at the last address that could.
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = forwarded_address(hop).map(canonical) else {
            break;
        };
        client = ip;
        if !trusted.trusts(ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("test address")
    }

    #[test]
    fn ranges_table() {
        let cases = [
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.0.2.7", "192.0.2.7", true),
            ("192.0.2.7", "192.0.2.8", false),
            ("0.0.0.0/0", "203.0.113.9", true),
            ("127.0.0.1", "::ffff:127.0.0.1", true),
            ("2001:db8::/32", "2001:db8:cafe::17", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::1", "::1", true),
            ("::/0", "192.0.2.1", false),
        ];
        for (range, address, inside) in cases {
            let parsed = IpRange::parse(range).expect(range);
            assert_eq!(parsed.contains(ip(address)), inside, "{range} ∋ {address}");
        }
    }

    #[test]
    fn bad_entries_are_named() {
        for bad in [
            "proxy.internal",
            "10.0.0.0/33",
            "2001:db8::/129",
            "10.0.0.0/x",
            "10.0.0.1, nope",
        ] {
            let problem = TrustedProxies::parse(bad).expect_err(bad);
            assert!(
                problem.contains('\'') && !problem.is_empty(),
                "{bad}: {problem}"
            );
        }
        assert_eq!(
            TrustedProxies::parse(" 10.0.0.0/8 , ,::1 ")
                .expect("valid")
                .ranges()
                .len(),
            2
        );
        assert!(
            TrustedProxies::parse("")
                .expect("empty")
                .ranges()
                .is_empty()
        );
    }

    #[test]
    fn limits_count_ipv6_clients_by_their_64_network() {
        let cases = [
            ("198.51.100.7", "198.51.100.7"),
            ("::ffff:198.51.100.7", "198.51.100.7"),
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
            ("-", "-"),
        ];
        for (client, key) in cases {
            assert_eq!(limit_key(client), key, "{client}");
        }
    }

    #[test]
    fn client_address_table() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").expect("valid");
        // (peer, Forwarded, X-Forwarded-For, client)
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a str);
        let cases: &[Case] = &[
            // An untrusted peer's headers are ignored.
            ("203.0.113.9", &[], &["198.51.100.1"], "203.0.113.9"),
            ("203.0.113.9", &["for=198.51.100.1"], &[], "203.0.113.9"),
            // A trusted proxy without headers is the client.
            ("127.0.0.1", &[], &[], "127.0.0.1"),
            ("127.0.0.1", &[], &["198.51.100.1"], "198.51.100.1"),
            // The client cannot hide behind an address it wrote itself.
            (
                "127.0.0.1",
                &[],
                &["192.0.2.66, 198.51.100.1"],
                "198.51.100.1",
            ),
            // Trusted hops are skipped, across header lines.
            (
                "127.0.0.1",
                &[],
                &["192.0.2.66, 198.51.100.1", "10.1.2.3"],
                "198.51.100.1",
            ),
            // A Forwarded header the client wrote, passed through by an X-Forwarded-For proxy,
            // is not believed.
            (
                "127.0.0.1",
                &["for=192.0.2.60"],
                &["198.51.100.7"],
                "198.51.100.7",
            ),
            ("127.0.0.1", &["for=192.0.2.60"], &[], "127.0.0.1"),
            // Only trusted hops: the left-most of them.
            ("127.0.0.1", &[], &["10.0.0.1, 10.0.0.2"], "10.0.0.1"),
            // An IPv4 peer written as IPv6 is recognised.
            ("::ffff:127.0.0.1", &[], &["198.51.100.1"], "198.51.100.1"),
        ];
        for (peer, forwarded, xff, expected) in cases {
            assert_eq!(
                client_address(ip(peer), forwarded, xff, &proxies),
                ip(expected),
                "{peer} {forwarded:?} {xff:?}"
            );
        }
        // Proxies that write Forwarded: only it is read.
        let rfc = proxies.clone().reading(ForwardedHeader::Forwarded);
        let rfc_cases: &[Case] = &[
            (
                "127.0.0.1",
                &["for=192.0.2.60;proto=https, for=\"198.51.100.7:4711\""],
                &["192.0.2.1"],
                "198.51.100.7",
            ),
            (
                "10.0.0.5",
                &["For=\"[2001:db8:cafe::17]:4711\""],
                &[],
                "2001:db8:cafe::17",
            ),
            ("127.0.0.1", &[], &["192.0.2.1"], "127.0.0.1"),
            // Unreadable hops stop the walk at the last readable address.
            ("127.0.0.1", &["for=unknown"], &[], "127.0.0.1"),
            ("127.0.0.1", &["for=_hidden, for=10.0.0.9"], &[], "10.0.0.9"),
        ];
        for (peer, forwarded, xff, expected) in rfc_cases {
            assert_eq!(
                client_address(ip(peer), forwarded, xff, &rfc),
                ip(expected),
                "Forwarded: {peer} {forwarded:?} {xff:?}"
            );
        }
        assert!(TrustedProxies::parse("10.0.0.0/8, 0.0.0.0/0").is_err());
        assert!(TrustedProxies::parse("::/0").is_err());
        assert_eq!(
            ForwardedHeader::parse(" Forwarded "),
            Ok(ForwardedHeader::Forwarded)
        );
        assert!(ForwardedHeader::parse("x-real-ip").is_err());
        let nobody = TrustedProxies::default();
        assert_eq!(
            client_address(ip("127.0.0.1"), &[], &["198.51.100.1"], &nobody),
            ip("127.0.0.1"),
            "no proxy is trusted unless configured"
        );
    }
}
