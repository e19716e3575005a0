package render

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// defaultLang is the catalogue every other language falls back to, key by
// key. It must hold every message id the templates and the code use.
const defaultLang = "en"

// catalogue maps message ids ("section.summary") to text. Texts with
// arguments use fmt verbs with explicit indexes (%[1]s) so that a
// translation may reorder them.
type catalogue map[string]string

// loadCatalogues reads every locales/<lang>.json file. The English one must
// exist.
func loadCatalogues(fsys fs.FS) (map[string]catalogue, error) {
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("list label catalogues: %w", err)
	}
	out := make(map[string]catalogue, len(files))
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read label catalogue %s: %w", f, err)
		}
		var c catalogue
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("parse label catalogue %s: %w", f, err)
		}
		out[normLang(strings.TrimSuffix(path.Base(f), ".json"))] = c
	}
	if _, ok := out[defaultLang]; !ok {
		return nil, fmt.Errorf("label catalogue locales/%s.json is missing", defaultLang)
	}
	return out, nil
}

// normLang lower-cases a BCP 47 tag and uses "-" as separator.
func normLang(tag string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
}

// resolveLang picks the catalogue for a requested language: the full tag,
// then its primary subtag ("fr-CH" -> "fr"), then English.
func resolveLang(cats map[string]catalogue, want string) string {
	want = normLang(want)
	if _, ok := cats[want]; ok && want != "" {
		return want
	}
	if i := strings.IndexByte(want, '-'); i > 0 {
		if _, ok := cats[want[:i]]; ok {
			return want[:i]
		}
	}
	return defaultLang
}

// translator gives the labels of one rendering. Ids missing from the chosen
// catalogue fall back to English; ids missing from English come out as the
// id itself and are recorded, so that tests can insist on none.
type translator struct {
	lang     string
	cat      catalogue
	fallback catalogue
	missing  map[string]bool
}

func newTranslator(cats map[string]catalogue, want string) *translator {
	lang := resolveLang(cats, want)
	return &translator{lang: lang, cat: cats[lang], fallback: cats[defaultLang]}
}

// T returns the label for a message id.
func (l *translator) T(id string) string {
	if s, ok := l.cat[id]; ok {
		return s
	}
	if s, ok := l.fallback[id]; ok {
		return s
	}
	if l.missing == nil {
		l.missing = make(map[string]bool)
	}
	l.missing[id] = true
	return id
}

// F formats the label for a message id with arguments.
func (l *translator) F(id string, args ...any) string {
	return fmt.Sprintf(l.T(id), args...)
}

// Missing lists the message ids that no catalogue held, sorted.
func (l *translator) Missing() []string {
	out := make([]string, 0, len(l.missing))
	for id := range l.missing {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TOr returns the label for a message id built from document data (a
// status or category the catalogue may not know), or def.
func (l *translator) TOr(id, def string) string {
	if s, ok := l.cat[id]; ok {
		return s
	}
	if s, ok := l.fallback[id]; ok {
		return s
	}
	return def
}

// Date formats a date the way the language writes it, from the catalogue's
// "date.format" (arguments: day, month name, year) and "month.N" names;
// without them, ISO 8601 (2006-01-02).
func (l *translator) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	format := l.TOr("date.format", "")
	month := l.TOr("month."+strconv.Itoa(int(t.Month())), "")
	if format == "" || month == "" {
		return t.Format(time.DateOnly)
	}
	return fmt.Sprintf(format, t.Day(), month, t.Year())
}

// Score formats a CVSS score with the language's decimal separator.
func (l *translator) Score(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if sep := l.TOr("number.decimal", "."); sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return s
}
