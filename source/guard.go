package source

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
)

// blockedPrefixes are the special-purpose ranges (IANA registries) a source may not be read from
// unless its host is allowed: loopback, private, link-local (cloud metadata at 169.254.169.254),
// CGNAT, documentation, benchmarking, multicast, reserved and unspecified addresses.
var blockedPrefixes = mustPrefixes(
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
	"192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
	"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
	"::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
	"fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
)

func mustPrefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// IsPublic says whether addr may be dialled without an allow-list entry. IPv4-mapped and
// IPv4-compatible IPv6 forms are judged by the IPv4 address they carry.
func IsPublic(addr netip.Addr) bool {
	if !addr.IsValid() {
		return false
	}
	addr = addr.Unmap()
	if addr.Is6() {
		if b := addr.As16(); isZero(b[:12]) { // ::a.b.c.d, the deprecated IPv4-compatible form
			addr = netip.AddrFrom4([4]byte(b[12:]))
		}
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsMulticast() || addr.IsUnspecified() || addr.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range blockedPrefixes {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// errBlocked is returned by the dialer for an address that is not public.
type errBlocked struct{ addr string }

func (e errBlocked) Error() string { return "refused to connect to non-public address " + e.addr }

// controlPublic is a net.Dialer Control function: it runs after name resolution, on the address
// actually being dialled, for every connection — redirects and DNS rebinding included.
func controlPublic(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return errBlocked{address}
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !IsPublic(addr) {
		return errBlocked{host}
	}
	return nil
}

// AllowList is the set of `host` and `host:port` entries that may be read even when they resolve
// to a private address (an intranet wiki). An entry with a port allows that port only.
type AllowList struct {
	hosts map[string]bool // host → any port
	ports map[string]bool // host:port
}

// ParseAllowList reads entries such as "wiki.internal", "10.0.0.5:8080" or "[fd00::1]:443".
func ParseAllowList(entries []string) (AllowList, error) {
	a := AllowList{hosts: map[string]bool{}, ports: map[string]bool{}}
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if host, port, err := net.SplitHostPort(e); err == nil {
			if n, perr := strconv.Atoi(port); perr != nil || n < 1 || n > 65535 || host == "" {
				return a, fmt.Errorf("%q: the port must be a number from 1 to 65535", e)
			}
			a.ports[net.JoinHostPort(host, port)] = true
			continue
		}
		if strings.ContainsAny(e, "/@?# ") {
			return a, fmt.Errorf("%q: give a host name or host:port, not a link", e)
		}
		a.hosts[strings.Trim(e, "[]")] = true
	}
	return a, nil
}

// allows says whether the host and port a URL names are on the list.
func (a AllowList) allows(hostport string) bool {
	host, port, err := net.SplitHostPort(strings.ToLower(hostport))
	if err != nil {
		return false
	}
	return a.hosts[host] || a.ports[net.JoinHostPort(host, port)]
}

// oddNumericHost says whether host spells an IPv4 address other than as four decimal parts —
// 2130706433, 0x7f.1, 0177.0.0.1, 127.1 — which some resolvers accept and people never write.
func oddNumericHost(host string) bool {
	if host == "" || strings.Contains(host, ":") {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	for _, part := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if part == "" {
			return false
		}
		p := strings.ToLower(part)
		if strings.HasPrefix(p, "0x") {
			if _, err := strconv.ParseUint(p[2:], 16, 32); err != nil && p != "0x" {
				return false
			}
			continue
		}
		if _, err := strconv.ParseUint(p, 10, 32); err != nil {
			return false
		}
	}
	return true
}
