package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOverrides replaces the text template and adds a language from a
// folder, as an operator would in the data directory.
func TestOverrides(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, d := range []string{"templates", "locales"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	tmpl := "{{define \"advisory\"}}CUSTOM {{.Title}} / {{$.L.T \"section.todo\"}}{{end}}\n"
	if err := os.WriteFile(filepath.Join(dir, "templates", "advisory.txt.tmpl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "locales", "nl.json"), []byte(`{"section.todo": "Wat te doen"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := NewWithOverrides(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, r, fixture(), Options{Lang: "nl"})
	if !strings.HasPrefix(out, "CUSTOM Siemens SIMATIC S7-1500 / Wat te doen") {
		t.Errorf("override not used: %q", out)
	}
	// HTML still comes from the embedded template.
	if out := render(t, r, fixture(), Options{Format: FormatHTML}); !strings.Contains(out, "<article") {
		t.Error("HTML template lost")
	}
	// No folder: the embedded templates.
	r2, err := NewWithOverrides(filepath.Join(dir, "missing"))
	if err != nil {
		t.Fatal(err)
	}
	if out := render(t, r2, fixture(), Options{}); strings.HasPrefix(out, "CUSTOM") {
		t.Error("override used without its folder")
	}
	// A broken template is refused with a message naming the folder.
	if err := os.WriteFile(filepath.Join(dir, "templates", "advisory.txt.tmpl"), []byte("{{define"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewWithOverrides(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("broken template: err = %v", err)
	}
}
