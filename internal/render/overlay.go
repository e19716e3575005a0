package render

import (
	"errors"
	"io/fs"
	"sort"
)

// overlay is a file system whose files in over hide those of base with the
// same name; directory listings are merged.
type overlay struct {
	over, base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.over.Open(name); err == nil {
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	base, berr := fs.ReadDir(o.base, name)
	over, oerr := fs.ReadDir(o.over, name)
	if berr != nil && oerr != nil {
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range over {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range base {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	if len(out) == 0 && oerr != nil && !errors.Is(oerr, fs.ErrNotExist) {
		return nil, oerr
	}
	return out, nil
}
