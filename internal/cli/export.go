package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tocsin-cert/tocsin/internal/csaf"
	"github.com/tocsin-cert/tocsin/internal/eispp"
	"github.com/tocsin-cert/tocsin/internal/present"
	"github.com/tocsin-cert/tocsin/internal/render"
	"github.com/tocsin-cert/tocsin/internal/store"
)

func runExport(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("", "[--out DIR] [--format LIST] [--level LIST] [--lang LIST|all] [--sign] [ID...]",
		`Write advisories to files, in several formats, levels and languages at
once: text and HTML (basic and expert), EISPP XML and CSAF JSON. Without IDs,
every advisory. With --sign, the XML and CSAF files get a detached OpenPGP
signature (.asc) and SHA-256/SHA-512 checksum files, as in a CSAF provider's
directory.`)
	out := fs.String("out", "export", "folder to write into (created if missing)")
	formats := fs.String("format", strings.Join(present.Formats(), ","), "formats, comma-separated: txt, html, xml, csaf")
	levels := fs.String("level", "basic,expert", "levels for txt and html, comma-separated")
	langs := fs.String("lang", "", "languages, comma-separated, or all (the advisory's own, its translations and the label languages); default the advisory's own")
	sign := fs.Bool("sign", false, "also write .asc signatures and .sha256/.sha512 checksums for the XML and CSAF files")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	fmts := splitList(*formats)
	for _, f := range fmts {
		if !slices.Contains(present.Formats(), f) {
			return c.usageErr("--format %q: use txt, html, xml or csaf", f)
		}
	}
	lvls := splitList(*levels)
	for _, l := range lvls {
		if l != "basic" && l != "expert" {
			return c.usageErr("--level %q: use basic or expert", l)
		}
	}
	inst, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer inst.Close()
	r, err := render.NewWithOverrides(inst.Dir)
	if err != nil {
		return err
	}
	cv, err := csaf.NewValidator()
	if err != nil {
		return err
	}
	p := &present.Presenter{Store: inst.Store, Renderer: r, Signer: inst.Keys, MarshalXML: eispp.Marshal, Validator: cv}
	var recs []*store.Record
	if fs.NArg() == 0 {
		for offset := 0; ; offset += 500 {
			list, err := inst.Store.ListAdvisories(ctx, store.Filter{Limit: 500, Offset: offset})
			if err != nil {
				return err
			}
			for _, s := range list {
				rec, err := inst.Store.Advisory(ctx, s.ID)
				if err != nil {
					return err
				}
				recs = append(recs, rec)
			}
			if len(list) < 500 {
				break
			}
		}
	} else {
		for _, id := range fs.Args() {
			rec, err := findAdvisory(ctx, inst, id)
			if err != nil {
				return err
			}
			recs = append(recs, rec)
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	total := 0
	for i, rec := range recs {
		var ls []string
		switch *langs {
		case "":
			ls = []string{""}
		case "all":
			ls, _ = present.Languages(rec)
		default:
			ls = splitList(*langs)
		}
		n := 0
		for _, lang := range ls {
			for _, f := range fmts {
				lv := lvls
				if f == present.XML || f == present.CSAF {
					lv = []string{""}
				}
				for _, level := range lv {
					file, err := p.File(ctx, rec, present.Request{Format: f, Level: level, Lang: lang})
					if errors.Is(err, present.ErrUnavailable) {
						continue // e.g. CSAF in a language it was never translated into
					}
					if err != nil {
						return err
					}
					files := []present.File{file}
					if *sign && (f == present.XML || f == present.CSAF) {
						sig, err := p.Signature(file)
						if err != nil {
							return err
						}
						s256, _ := present.Checksum(file, "sha256")
						s512, _ := present.Checksum(file, "sha512")
						files = append(files, sig, s256, s512)
					}
					for _, ff := range files {
						if err := os.WriteFile(filepath.Join(*out, ff.Name), ff.Body, 0o644); err != nil {
							return fmt.Errorf("export: %w", err)
						}
						n++
					}
				}
			}
		}
		total += n
		fmt.Fprintf(c.Stdout, "[%d/%d] %s: %s\n", i+1, len(recs), rec.TrackingID, plural(n, "file"))
	}
	fmt.Fprintf(c.Stdout, "Wrote %s for %s to %s\n", plural(total, "file"), plural(len(recs), "advisory"), *out)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.ToLower(strings.TrimSpace(x)); x != "" {
			out = append(out, x)
		}
	}
	return out
}
