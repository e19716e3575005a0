package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// limiter counts failed sign-ins per key (a client address or an e-mail
// address) over a sliding window, in memory. A key with max failures in the
// window is refused until the oldest of them leaves the window.
type limiter struct {
	max    int
	window time.Duration

	mu        sync.Mutex
	fails     map[string][]time.Time
	lastSweep time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// recent returns the failures of key still inside the window. l.mu must
// be held.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	if i > 0 {
		ts = ts[i:]
		if len(ts) == 0 {
			delete(l.fails, key)
		} else {
			l.fails[key] = ts
		}
	}
	return ts
}

// blocked reports whether any of the keys has reached the limit.
func (l *limiter) blocked(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k, now)) >= l.max {
			return true
		}
	}
	return false
}

// fail records a failure for each key.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	for _, k := range keys {
		ts := append(l.recent(k, now), now)
		if len(ts) > l.max {
			// Only the newest max failures matter.
			ts = ts[len(ts)-l.max:]
		}
		l.fails[k] = ts
	}
}

// reset forgets a key's failures (after a successful sign-in).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// sweep drops keys whose failures have all left the window, at most once
// per window, so that the map does not grow without bound. l.mu must be
// held.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < l.window {
		return
	}
	l.lastSweep = now
	for k := range l.fails {
		l.recent(k, now)
	}
}

// clientKey is the rate-limiting key of the request's client: its IP
// address, or its /64 network for IPv6 (one host usually holds a whole
// /64). It uses the connection's address: behind a reverse proxy all
// clients share the proxy's address.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return "ip:" + host
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, err := addr.Prefix(64)
		if err == nil {
			return "ip:" + p.String()
		}
	}
	return "ip:" + addr.String()
}

// emailKey is the rate-limiting key of an e-mail address.
func emailKey(email string) string {
	return "email:" + strings.ToLower(strings.TrimSpace(email))
}
