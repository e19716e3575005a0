package mail

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestMaildir(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	msg, err := Compose(baseMessage())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// before runs after the first delivery, e.g. to imitate a reader.
		before  func(t *testing.T, dir, first string)
		wantNew int
		wantCur int
	}{
		{name: "second send is a no-op", wantNew: 1},
		{name: "message already read into cur", wantCur: 1, before: func(t *testing.T, dir, first string) {
			if err := os.Rename(filepath.Join(dir, "new", first), filepath.Join(dir, "cur", first+":2,S")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "message moved to cur without flags", wantCur: 1, before: func(t *testing.T, dir, first string) {
			if err := os.Rename(filepath.Join(dir, "new", first), filepath.Join(dir, "cur", first)); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "message deleted is delivered again", wantNew: 1, before: func(t *testing.T, dir, first string) {
			if err := os.Remove(filepath.Join(dir, "new", first)); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "Maildir")
			md, err := NewMaildir(dir)
			if err != nil {
				t.Fatalf("NewMaildir: %v", err)
			}
			for _, sub := range []string{"tmp", "new", "cur"} {
				st, err := os.Stat(filepath.Join(dir, sub))
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode().Perm() != 0o700 {
					t.Errorf("%s mode %o, want 700", sub, st.Mode().Perm())
				}
			}
			if err := md.Send(ctx, "cert@example.org", []string{"alice@example.net"}, msg, "42-3-alice@example.net"); err != nil {
				t.Fatalf("Send: %v", err)
			}
			news := listDir(t, filepath.Join(dir, "new"))
			if len(news) != 1 || !strings.HasSuffix(news[0], "."+keyTag("42-3-alice@example.net")+".tocsin") {
				t.Fatalf("new/ holds %v, want one file named after the key", news)
			}
			path := filepath.Join(dir, "new", news[0])
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if perm := st.Mode().Perm(); perm&^0o640 != 0 {
				t.Errorf("message file mode %o, want 0600 or 0640 at most", perm)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, msg) {
				t.Error("stored message differs from the composed one")
			}
			if tc.before != nil {
				tc.before(t, dir, news[0])
			}
			if err := md.Send(ctx, "cert@example.org", []string{"alice@example.net"}, msg, "42-3-alice@example.net"); err != nil {
				t.Fatalf("second Send: %v", err)
			}
			if n := len(listDir(t, filepath.Join(dir, "new"))); n != tc.wantNew {
				t.Errorf("new/ holds %d files, want %d", n, tc.wantNew)
			}
			if n := len(listDir(t, filepath.Join(dir, "cur"))); n != tc.wantCur {
				t.Errorf("cur/ holds %d files, want %d", n, tc.wantCur)
			}
			if tmp := listDir(t, filepath.Join(dir, "tmp")); len(tmp) != 0 {
				t.Errorf("tmp/ not empty: %v", tmp)
			}
		})
	}
}

func TestMaildirDistinctKeysAndConcurrency(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md, err := NewMaildir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		for range 2 { // every key sent twice at once
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- md.Send(context.Background(), "a@example.org", []string{"b@example.org"}, []byte(fmt.Sprintf("Subject: %d\r\n\r\nbody\r\n", i)), fmt.Sprintf("key-%d", i))
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(listDir(t, filepath.Join(dir, "new"))); n != 20 {
		t.Errorf("new/ holds %d files, want 20 (one per key)", n)
	}
}

func TestMaildirErrors(t *testing.T) {
	t.Parallel()
	md, err := NewMaildir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		msg       []byte
		key       string
		permanent bool
	}{
		{name: "empty key", ctx: context.Background(), msg: []byte("x"), key: "", permanent: true},
		{name: "empty message", ctx: context.Background(), msg: nil, key: "k", permanent: true},
		{name: "cancelled", ctx: ctx, msg: []byte("x"), key: "k", permanent: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := md.Send(tc.ctx, "a@example.org", []string{"b@example.org"}, tc.msg, tc.key)
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if IsPermanent(err) != tc.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tc.permanent)
			}
		})
	}
	if _, err := NewMaildir(""); err == nil {
		t.Error("NewMaildir(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewMaildir(file); err == nil {
		t.Error("NewMaildir on a regular file succeeded")
	}
}
