package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Maildir is a Sender that stores each message as a file in a Maildir
// folder (tmp, new, cur), for development, tests and local archiving. Mail
// clients such as mutt and Thunderbird, and Dovecot, read it directly. The
// files hold the message bytes exactly as composed (CRLF line endings) and
// have mode 0600.
//
// Send is idempotent per key within the folder: the file name ends in a hash
// of the key, and a second Send with a key already found in new/ or cur/
// does nothing. Concurrent Sends through one *Maildir are safe; two processes
// sending the same key at the same moment may both deliver it.
type Maildir struct {
	dir string
	mu  sync.Mutex // serialises the check for an existing key with the delivery
}

// NewMaildir returns a Maildir sender for dir, creating dir and its tmp,
// new and cur folders (mode 0700) when missing.
func NewMaildir(dir string) (*Maildir, error) {
	if dir == "" {
		return nil, errors.New("open Maildir: no folder given")
	}
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("open Maildir %s: %w", dir, err)
		}
	}
	return &Maildir{dir: dir}, nil
}

// String names the folder.
func (m *Maildir) String() string { return "maildir:" + m.dir }

// keyTag returns the part of the file name derived from the key.
func keyTag(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// Send stores msg as new/<unixnano>.<hash of key>.tocsin unless a message
// with the same key is already in new/ or cur/ (where readers may have
// renamed it with a ":2,..." suffix). from and to are not recorded: the
// message header says who it is from and to.
func (m *Maildir) Send(ctx context.Context, from string, to []string, msg []byte, key string) error {
	if key == "" {
		return permanent(errors.New("maildir delivery: empty idempotency key"))
	}
	if len(msg) == 0 {
		return permanent(fmt.Errorf("maildir delivery %s: empty message", key))
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("maildir delivery %s: %w", key, err)
	}
	tag := keyTag(key)

	m.mu.Lock()
	defer m.mu.Unlock()

	found, err := m.has(tag)
	if err != nil {
		return fmt.Errorf("maildir delivery %s: %w", key, err)
	}
	if found {
		return nil
	}
	name := fmt.Sprintf("%d.%s.tocsin", time.Now().UnixNano(), tag)
	if err := m.deliver(name, msg); err != nil {
		return fmt.Errorf("maildir delivery %s: %w", key, err)
	}
	return nil
}

// has reports whether a message with the key tag is in new/ or cur/.
func (m *Maildir) has(tag string) (bool, error) {
	marker := "." + tag + ".tocsin"
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(m.dir, sub))
		if err != nil {
			return false, err
		}
		for _, e := range entries {
			base, _, _ := strings.Cut(e.Name(), ":") // cur/ names carry ":2,FLAGS"
			if strings.HasSuffix(base, marker) {
				return true, nil
			}
		}
	}
	return false, nil
}

// deliver writes msg to tmp/name, syncs it and renames it into new/.
func (m *Maildir) deliver(name string, msg []byte) error {
	tmpPath := filepath.Join(m.dir, "tmp", name)
	newPath := filepath.Join(m.dir, "new", name)
	f, err := os.OpenFile(tmpPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(msg); err != nil {
		f.Close()
		os.Remove(tmpPath)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmpPath)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmpPath)
		return err
	}
	if err := os.Rename(tmpPath, newPath); err != nil {
		os.Remove(tmpPath)
		return err
	}
	return syncDir(filepath.Join(m.dir, "new"))
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
