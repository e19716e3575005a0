package cve5

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// decode reads one JSON value, keeping numbers as json.Number.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not valid JSON: more than one value")
	}
	return v, nil
}

// reader walks decoded JSON and remembers the first fault, named by its
// JSON pointer.
type reader struct {
	err error
}

func (r *reader) failf(path, format string, args ...any) {
	if r.err == nil {
		if path == "" {
			path = "/"
		}
		r.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

// wrap records err as the fault at path, keeping it for errors.Is/As.
func (r *reader) wrap(path string, err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: %w", path, err)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func (r *reader) obj(o map[string]any, key, path string) map[string]any {
	v, ok := o[key]
	if !ok || v == nil {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		return m
	}
	r.failf(path+"/"+key, "must be an object, not %s", typeName(v))
	return nil
}

func (r *reader) arr(o map[string]any, key, path string) []any {
	v, ok := o[key]
	if !ok || v == nil {
		return nil
	}
	if a, ok := v.([]any); ok {
		return a
	}
	r.failf(path+"/"+key, "must be an array, not %s", typeName(v))
	return nil
}

func (r *reader) str(o map[string]any, key, path string) string {
	v, ok := o[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	r.failf(path+"/"+key, "must be a string, not %s", typeName(v))
	return ""
}

// strs reads an array of strings.
func (r *reader) strs(o map[string]any, key, path string) []string {
	a := r.arr(o, key, path)
	out := make([]string, 0, len(a))
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			r.failf(path+"/"+key+"/"+strconv.Itoa(i), "must be a string, not %s", typeName(v))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// elem returns the i-th element of an array as an object, and its path.
func (r *reader) elem(a []any, i int, path string) (map[string]any, string) {
	p := path + "/" + strconv.Itoa(i)
	o, ok := a[i].(map[string]any)
	if !ok {
		r.failf(p, "must be an object, not %s", typeName(a[i]))
	}
	return o, p
}

func (r *reader) date(o map[string]any, key, path string) time.Time {
	s := strings.TrimSpace(r.str(o, key, path))
	if s == "" {
		return time.Time{}
	}
	t, err := parseDate(s)
	if err != nil {
		r.wrap(path+"/"+key, err)
	}
	return t
}

// parseDate reads an RFC 3339 date-time; forms without a time zone are
// read as UTC, and a date alone as midnight UTC.
func parseDate(s string) (time.Time, error) {
	for _, layout := range [...]string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999",
		"2006-01-02T15:04Z07:00",
		"2006-01-02T15:04",
		"2006-01-02",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read date %q: want an RFC 3339 date-time such as 2024-05-01T10:00:00Z", s)
}

// revision turns a modification time into a tracking version that orders
// like the time under advisory.CompareTrackingVersions: "YYYYMMDD.hhmmss"
// in UTC, with ".nnnnnnnnn" (nanoseconds, fixed width) when the time has a
// fraction of a second. A missing or zero time (the Go vulnerability
// database writes 0001-01-01) gives "0", older than every real revision.
func revision(t time.Time) string {
	if t.IsZero() || t.Year() <= 1 {
		return "0"
	}
	t = t.UTC()
	s := t.Format("20060102.150405")
	if ns := t.Nanosecond(); ns != 0 {
		s += fmt.Sprintf(".%09d", ns)
	}
	return s
}

// num reads a number; ok is false when it is missing.
func (r *reader) num(o map[string]any, key, path string) (float64, bool) {
	v, present := o[key]
	if !present || v == nil {
		return 0, false
	}
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			r.failf(path+"/"+key, "cannot read number %s: %v", n, err)
			return 0, false
		}
		return f, true
	case float64:
		return n, true
	}
	r.failf(path+"/"+key, "must be a number, not %s", typeName(v))
	return 0, false
}
