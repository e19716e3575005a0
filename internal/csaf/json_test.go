package csaf

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// jsonCases are inputs on which decodeJSON must agree with
// jsonschema.UnmarshalJSON (encoding/json with UseNumber): same value, or
// both an error.
func jsonCases() []string {
	return []string{
		`{}`, `[]`, `""`, `0`, `-0`, `1.5e+3`, `-12.25E-2`, `true`, `false`, `null`,
		` {"a" : [ 1 , 2 ] } `, "\t\r\n[1]\n",
		`{"a":"\u00e9\ud83d\ude00\n\"x\" \\ \/ \b\f\r\t"}`,
		`{"a":1,"a":2}`,
		`["\ud800"]`, `["\ud800x"]`, `["\udc00"]`, `["\ud800\u0041"]`, `["\ud83d\ude00\ud83d"]`,
		"[\"\xff\xfe\"]", "{\"k\xff\":\"v\xc3\"}", "[\"caf\xc3\xa9\"]", "[\"\xe2\x82\"]",
		`{"nested":{"a":[{"b":[[],{}]}],"c":{"d":null}}}`,
		`[1,[2,[3,{"x":[4]}]],5]`,
		// Errors.
		``, ` `, `{`, `[`, `]`, `}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{,}`, `{"a"}`, `{1:2}`,
		`01`, `1.`, `-`, `1e`, `1e+`, `.5`, `+1`, `0x10`, `NaN`, `Infinity`,
		`"abc`, "\"a\tb\"", "\"a\nb\"", `"\x"`, `"\u12"`, `"\u12G4"`, `"\`, `tru`, `nul`, `falsey`,
		`{} x`, `{}{}`, `[] []`, `'a'`, "\xef\xbb\xbf{}",
	}
}

func TestDecodeJSONMatchesStdlib(t *testing.T) {
	t.Parallel()
	cases := jsonCases()
	cases = append(cases,
		strings.Repeat("[", 10000)+strings.Repeat("]", 10000),
		strings.Repeat("[", 10001)+strings.Repeat("]", 10001),
		strings.Repeat(`{"a":`, 10001)+"1"+strings.Repeat("}", 10001),
	)
	for _, in := range cases {
		compareWithStdlib(t, []byte(in))
	}
}

// TestDecodeJSONCorpus compares decodeJSON with the standard library on
// every corpus file.
func TestDecodeJSONCorpus(t *testing.T) {
	t.Parallel()
	root, files := corpusFiles(t)
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		compareWithStdlib(t, data)
	}
}

func compareWithStdlib(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	got, err := decodeJSON(data)
	name := string(data)
	if len(name) > 60 {
		name = name[:60] + "..."
	}
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("%q: decodeJSON error %v, encoding/json error %v", name, err, wantErr)
	case err == nil && !reflect.DeepEqual(got, want):
		t.Errorf("%q: decodeJSON = %#v, encoding/json = %#v", name, got, want)
	case err != nil && !strings.HasPrefix(err.Error(), "not valid JSON"):
		t.Errorf("%q: error %q does not say the input is not JSON", name, err)
	}
}

// FuzzDecodeJSON checks decodeJSON against the standard library on
// arbitrary input: go test -fuzz FuzzDecodeJSON ./internal/csaf/
func FuzzDecodeJSON(f *testing.F) {
	for _, c := range jsonCases() {
		f.Add([]byte(c))
	}
	f.Add([]byte(minimalDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareWithStdlib(t, data)
	})
}

func TestLineCol(t *testing.T) {
	t.Parallel()
	data := []byte("ab\ncd\n\nef")
	tests := []struct {
		off       int64
		line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3}, {99, 4, 3},
	}
	for _, tc := range tests {
		if l, c := lineCol(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}
