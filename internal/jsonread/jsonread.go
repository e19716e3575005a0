// Package jsonread walks decoded JSON documents (OSV and CVE records) and
// remembers the first fault by its JSON pointer, so that a reader can go on
// and report one precise error.
package jsonread

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Decode reads one JSON value, keeping numbers as json.Number.
func Decode(data []byte) (any, error) {
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

// Reader walks decoded JSON and remembers the first fault, named by its
// JSON pointer.
type Reader struct {
	// Err is the first fault found, or nil.
	Err error
}

func (r *Reader) Failf(path, format string, args ...any) {
	if r.Err == nil {
		if path == "" {
			path = "/"
		}
		r.Err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

// Wrap records err as the fault at path, keeping it for errors.Is/As.
func (r *Reader) Wrap(path string, err error) {
	if r.Err == nil {
		r.Err = fmt.Errorf("%s: %w", path, err)
	}
}

func TypeName(v any) string {
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

func (r *Reader) Obj(o map[string]any, key, path string) map[string]any {
	v, ok := o[key]
	if !ok || v == nil {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		return m
	}
	r.Failf(path+"/"+key, "must be an object, not %s", TypeName(v))
	return nil
}

func (r *Reader) Arr(o map[string]any, key, path string) []any {
	v, ok := o[key]
	if !ok || v == nil {
		return nil
	}
	if a, ok := v.([]any); ok {
		return a
	}
	r.Failf(path+"/"+key, "must be an array, not %s", TypeName(v))
	return nil
}

func (r *Reader) Str(o map[string]any, key, path string) string {
	v, ok := o[key]
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	r.Failf(path+"/"+key, "must be a string, not %s", TypeName(v))
	return ""
}

// Strs reads an array of strings.
func (r *Reader) Strs(o map[string]any, key, path string) []string {
	a := r.Arr(o, key, path)
	out := make([]string, 0, len(a))
	for i, v := range a {
		s, ok := v.(string)
		if !ok {
			r.Failf(path+"/"+key+"/"+strconv.Itoa(i), "must be a string, not %s", TypeName(v))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// Elem returns the i-th element of an array as an object, and its path.
func (r *Reader) Elem(a []any, i int, path string) (map[string]any, string) {
	p := path + "/" + strconv.Itoa(i)
	o, ok := a[i].(map[string]any)
	if !ok {
		r.Failf(p, "must be an object, not %s", TypeName(a[i]))
	}
	return o, p
}

func (r *Reader) Date(o map[string]any, key, path string) time.Time {
	s := strings.TrimSpace(r.Str(o, key, path))
	if s == "" {
		return time.Time{}
	}
	t, err := ParseDate(s)
	if err != nil {
		r.Wrap(path+"/"+key, err)
	}
	return t
}

// ParseDate reads an RFC 3339 date-time; forms without a time zone are
// read as UTC, and a date alone as midnight UTC.
func ParseDate(s string) (time.Time, error) {
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

// Revision turns a modification time into a tracking version that orders
// like the time under advisory.CompareTrackingVersions: "YYYYMMDD.hhmmss"
// in UTC, with ".nnnnnnnnn" (nanoseconds, fixed width) when the time has a
// fraction of a second. A missing or zero time (the Go vulnerability
// database writes 0001-01-01) gives "0", older than every real revision.
func Revision(t time.Time) string {
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

// Num reads a number; ok is false when it is missing.
func (r *Reader) Num(o map[string]any, key, path string) (float64, bool) {
	v, present := o[key]
	if !present || v == nil {
		return 0, false
	}
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			r.Failf(path+"/"+key, "cannot read number %s: %v", n, err)
			return 0, false
		}
		return f, true
	case float64:
		return n, true
	}
	r.Failf(path+"/"+key, "must be a number, not %s", TypeName(v))
	return 0, false
}
