// Package ingest imports advisory documents from files and folders into the
// store: it recognises the format, validates, converts to the advisory model
// and saves, one file at a time, so that one bad file never stops a batch.
package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/advisory"
	"github.com/tocsin-cert/tocsin/internal/catalogue"
	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/cve5"
	"github.com/tocsin-cert/tocsin/internal/eispp"
	"github.com/tocsin-cert/tocsin/internal/osv"
	"github.com/tocsin-cert/tocsin/internal/store"
)

// MaxFileSize is the largest document accepted (CSAF advisories of several
// megabytes exist; far larger files are not advisories).
const MaxFileSize = 64 << 20

// Result is what happened to one file.
type Result struct {
	Path     string
	ID       int64
	Advisory *advisory.Advisory
	Outcome  store.Outcome
	// Previous is the replaced version when Outcome is updated.
	Previous string
	// Err is set when the file was refused; the message names the fault.
	Err error
}

// Importer reads documents and stores them.
type Importer struct {
	Store     store.Store
	Validator *csaf.Validator
}

// New returns an importer that stores into st.
func New(st store.Store) (*Importer, error) {
	v, err := csaf.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return &Importer{Store: st, Validator: v}, nil
}

// Files expands paths (files and folders, recursively) into the list of
// documents to import: every *.json file, sorted within each folder. A path
// that does not exist is reported as a result with an error.
func Files(paths []string) ([]string, []Result) {
	var files []string
	var bad []Result
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			bad = append(bad, Result{Path: p, Err: fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))})
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				bad = append(bad, Result{Path: p, Err: fmt.Errorf("%s is not a regular file (a pipe, device or socket); give files or folders", p)})
				continue
			}
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, Result{Path: path, Err: fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))})
				return nil
			}
			if ext := strings.ToLower(filepath.Ext(path)); !d.IsDir() && (ext == ".json" || ext == ".xml") {
				if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
					// A pipe would block the import for ever.
					bad = append(bad, Result{Path: path, Err: fmt.Errorf("%s is not a regular file (a pipe, device or socket); skipped", path)})
					return nil
				}
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			bad = append(bad, Result{Path: p, Err: err})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ImportFile reads, validates and stores one document.
func (im *Importer) ImportFile(ctx context.Context, path string) Result {
	r := Result{Path: path}
	info, err := os.Stat(path)
	if err != nil {
		r.Err = fmt.Errorf("cannot read the file: %w", unwrapPath(err))
		return r
	}
	if info.Size() > MaxFileSize {
		r.Err = fmt.Errorf("the file is %d MB, more than the %d MB an advisory may have", info.Size()>>20, MaxFileSize>>20)
		return r
	}
	data, err := os.ReadFile(path)
	if err != nil {
		r.Err = fmt.Errorf("cannot read the file: %w", unwrapPath(err))
		return r
	}
	return im.Import(ctx, filepath.Base(path), data, r)
}

// Import validates and stores one document given as bytes; name is kept as
// its source name.
func (im *Importer) Import(ctx context.Context, name string, data []byte, r Result) Result {
	a, format, err := im.decode(data)
	if err != nil {
		r.Err = err
		return r
	}
	res, err := im.Store.SaveAdvisory(ctx, a, store.Source{Format: format, Data: data, Name: name})
	if err != nil {
		r.Err = err
		return r
	}
	r.ID, r.Outcome, r.Previous, r.Advisory = res.ID, res.Outcome, res.Previous, a
	r.Err = im.addToCatalogue(ctx, r)
	return r
}

// addToCatalogue adds a new or updated advisory's products to the product
// catalogue.
func (im *Importer) addToCatalogue(ctx context.Context, r Result) error {
	if r.Outcome != store.OutcomeCreated && r.Outcome != store.OutcomeUpdated {
		return nil
	}
	return im.Store.AddCatalogue(ctx, catalogue.FromAdvisory(r.Advisory))
}

// Source formats, as stored with each advisory.
const (
	FormatCSAF  = "csaf"
	FormatOSV   = "osv"
	FormatCVE5  = "cve5"
	FormatEISPP = "eispp-xml"
)

// decode recognises the document by its content and reads it: EISPP XML,
// an OSV record, a CVE JSON 5 record, else CSAF 2.0. CSAF is refused when it
// fails the schema or one of the mandatory tests (section 6.1), with the
// test, path and fix; only then is the format probed, to say what a
// non-CSAF file is, so a CSAF document is not parsed twice.
func (im *Importer) decode(data []byte) (*advisory.Advisory, string, error) {
	// Cheap byte tests first: the full detectors decode the JSON, which
	// would double the cost of every CSAF import. A CSAF document always
	// has "csaf_version"; a CVE record always has "CVE_RECORD".
	isCSAF := bytes.Contains(data, []byte(`"csaf_version"`))
	switch {
	case eispp.Detect(data):
		a, err := eispp.Unmarshal(data)
		return a, FormatEISPP, err
	case !isCSAF && bytes.Contains(data, []byte(`"CVE_RECORD"`)) && cve5.Detect(data):
		a, err := cve5.Parse(data)
		return a, FormatCVE5, err
	case !isCSAF && osv.Detect(data):
		a, err := osv.Parse(data)
		return a, FormatOSV, err
	}
	a, err := im.Validator.Decode(data)
	if err != nil {
		if derr := detect(data); derr != nil {
			err = derr
		}
		return nil, "", err
	}
	return a, FormatCSAF, nil
}

// detect checks that the document is one Tocsin reads (CSAF 2.0 today) and
// says what it is otherwise.
func detect(data []byte) error {
	var probe struct {
		Document *struct {
			CSAFVersion string `json:"csaf_version"`
		} `json:"document"`
	}
	if err := json.Unmarshal(data, &probe); err != nil || probe.Document != nil {
		// Let the CSAF decoder report where the JSON breaks, or what is
		// wrong with the CSAF document.
		return nil
	}
	return errors.New("not an advisory Tocsin knows: the JSON has no \"document\" object (CSAF 2.0), no \"dataType\": \"CVE_RECORD\" (CVE JSON 5) and no \"id\" with \"modified\" (OSV); Tocsin imports CSAF 2.0, CVE JSON 5, OSV and EISPP XML")
}

// Doc is one document to import: its bytes, or a path to read them from.
type Doc struct {
	// Path is where the document is (shown in results; read when Data is nil).
	Path string
	// Data is the document; nil means read Path.
	Data []byte
}

type decoded struct {
	r      Result
	a      *advisory.Advisory
	format string
	data   []byte
	name   string
	done   chan struct{}
}

// ImportAll imports docs in order, the way `tocsin import` does: up to
// workers documents are read and decoded (parsed, validated, mapped) at once
// while the ones before them are stored, so both cores work; results reach
// fn in input order. A bad document is reported and the rest go on.
func (im *Importer) ImportAll(ctx context.Context, docs []Doc, workers int, fn func(Result)) {
	if workers < 1 {
		workers = 1
	}
	jobs := make(chan *decoded)
	queue := make(chan *decoded, workers*2)
	go func() {
		defer close(queue)
		for _, d := range docs {
			item := &decoded{r: Result{Path: d.Path}, data: d.Data, name: filepath.Base(d.Path), done: make(chan struct{})}
			select {
			case queue <- item:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- item:
			case <-ctx.Done():
				item.r.Err = ctx.Err()
				close(item.done)
				return
			}
		}
	}()
	for range workers {
		go func() {
			for item := range jobs {
				im.decodeItem(item)
				close(item.done)
			}
		}()
	}
	defer close(jobs)
	for item := range queue {
		<-item.done
		if item.r.Err == nil {
			res, err := im.Store.SaveAdvisory(ctx, item.a, store.Source{Format: item.format, Data: item.data, Name: item.name})
			if err != nil {
				item.r.Err = err
			} else {
				item.r.ID, item.r.Outcome, item.r.Previous, item.r.Advisory = res.ID, res.Outcome, res.Previous, item.a
				item.r.Err = im.addToCatalogue(ctx, item.r)
			}
		}
		fn(item.r)
	}
}

func (im *Importer) decodeItem(item *decoded) {
	if item.data == nil {
		info, err := os.Stat(item.r.Path)
		if err != nil {
			item.r.Err = fmt.Errorf("cannot read the file: %w", unwrapPath(err))
			return
		}
		if !info.Mode().IsRegular() {
			item.r.Err = errors.New("not a regular file (a pipe, device or socket); skipped")
			return
		}
		if info.Size() > MaxFileSize {
			item.r.Err = fmt.Errorf("the file is %d MB, more than the %d MB an advisory may have", info.Size()>>20, MaxFileSize>>20)
			return
		}
		if item.data, err = os.ReadFile(item.r.Path); err != nil {
			item.r.Err = fmt.Errorf("cannot read the file: %w", unwrapPath(err))
			return
		}
	}
	item.a, item.format, item.r.Err = im.decode(item.data)
}
