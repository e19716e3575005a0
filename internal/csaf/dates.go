package csaf

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the forms parseDate accepts, tried in order: RFC 3339
// (what CSAF requires), then forms seen in real documents: a numeric offset
// without colon, no time zone (read as UTC), no seconds, a space instead of
// "T", and a date alone (midnight UTC).
func dateLayouts() [9]string {
	return [...]string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02Z07:00",
		"2006-01-02",
	}
}

// parseDate reads a CSAF date-time leniently. Times without a zone are UTC.
func parseDate(s string) (time.Time, error) {
	v := strings.TrimSpace(s)
	// RFC 3339 allows lower-case "t" and "z".
	v = strings.Map(func(r rune) rune {
		switch r {
		case 't':
			return 'T'
		case 'z':
			return 'Z'
		}
		return r
	}, v)
	// RFC 3339 allows a leap second (23:59:60), which the time package
	// does not; read it as the second before.
	if len(v) >= 19 && v[16] == ':' && v[17:19] == "60" {
		v = v[:17] + "59" + v[19:]
	}
	for _, layout := range dateLayouts() {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read date %q: want an RFC 3339 date-time such as 2024-05-01T10:00:00Z", s)
}
