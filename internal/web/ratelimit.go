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

// limit is the number of failures a key may have in the window: a client
// address gets clientFactor times the limit of an e-mail address, so that
// many people behind one proxy are not all locked out by a few mistakes,
// while guessing one account's password stays slow.
func (l *limiter) limit(key string) int {
	if strings.HasPrefix(key, "ip:") {
		return l.max * clientFactor
	}
	return l.max
}

// clientFactor multiplies the limit for client addresses.
const clientFactor = 5

// attempt checks the keys and, when none is blocked, counts a failure for
// each at once (in one critical section): concurrent attempts cannot all
// pass the check before any failure is recorded. A successful sign-in
// takes its count back with succeeded.
func (l *limiter) attempt(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	for _, k := range keys {
		if len(l.recent(k, now)) >= l.limit(k) {
			return false
		}
	}
	for _, k := range keys {
		ts := append(l.recent(k, now), now)
		if n := l.limit(k); len(ts) > n {
			ts = ts[len(ts)-n:]
		}
		l.fails[k] = ts
	}
	return true
}

// succeeded takes back the failure attempt counted for the client and
// forgets the e-mail address's failures.
func (l *limiter) succeeded(now time.Time, clientKey, emailKey string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ts := l.fails[clientKey]; len(ts) > 0 {
		for i := len(ts) - 1; i >= 0; i-- {
			if ts[i].Equal(now) {
				l.fails[clientKey] = append(ts[:i:i], ts[i+1:]...)
				break
			}
		}
	}
	delete(l.fails, emailKey)
}

// blocked reports whether any of the keys has reached the limit.
func (l *limiter) blocked(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		if len(l.recent(k, now)) >= l.limit(k) {
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
