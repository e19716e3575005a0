// Package sign holds the instance's OpenPGP key: it generates, stores and
// loads it, exports its public half and makes detached signatures with it
// (for PGP/MIME mail and for the .asc files beside downloads).
//
// Keys are legacy EdDSA v4 keys (algorithm 22 over Curve25519) with an
// X25519 encryption subkey, because gpg 2.2 rejects the newer Ed25519
// (algorithm 27) and v6 keys. Signatures use SHA-256.
//
// The package must not import other Tocsin packages, and it never logs,
// prints or puts private key material into error messages.
package sign

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// OpenPGP is the instance's OpenPGP key pair. It is safe for concurrent
// signing. Its String, GoString and LogValue methods show only the
// fingerprint, so printing or logging it never reveals the private key.
type OpenPGP struct {
	entity *openpgp.Entity
}

// keyConfig returns the go-crypto configuration for generating keys: legacy
// EdDSA over Curve25519, which gpg 2.2 accepts. A fresh value each call keeps
// the package free of shared mutable state.
func keyConfig(now time.Time) *packet.Config {
	return &packet.Config{
		Algorithm:   packet.PubKeyAlgoEdDSA,
		Curve:       packet.Curve25519,
		DefaultHash: crypto.SHA256,
		Time:        func() time.Time { return now },
	}
}

// signConfig returns the configuration for making signatures at the current
// time with SHA-256.
func signConfig() *packet.Config {
	return &packet.Config{DefaultHash: crypto.SHA256}
}

// GenerateOpenPGP makes a new key pair whose user ID is "NAME <EMAIL>" and
// whose creation time is now. The primary key signs and certifies; a
// Curve25519 subkey encrypts. name and email must not contain any of
// "()<>" or NUL. Pass the real current time: a key created in the future
// cannot sign until that time has come.
func GenerateOpenPGP(name, email string, now time.Time) (*OpenPGP, error) {
	name = strings.TrimSpace(name)
	email = strings.TrimSpace(email)
	if name == "" || email == "" {
		return nil, errors.New("generate OpenPGP key: the name or e-mail address is empty; give the instance's name and the address it sends from")
	}
	if strings.ContainsAny(name+email, "()<>\x00\r\n") {
		return nil, fmt.Errorf("generate OpenPGP key for %q <%s>: name and e-mail must not contain ( ) < > or line breaks", name, email)
	}
	if now.IsZero() {
		return nil, errors.New("generate OpenPGP key: no creation time given; pass the current time")
	}
	e, err := openpgp.NewEntity(name, "", email, keyConfig(now))
	if err != nil {
		return nil, fmt.Errorf("generate OpenPGP key for %s: %w", email, err)
	}
	return &OpenPGP{entity: e}, nil
}

// LoadOpenPGP reads an armored private key file as written by Save (or by
// "gpg --export-secret-keys --armor" for a key without a passphrase). The
// file must hold exactly one key, with an unencrypted private part that can
// sign.
func LoadOpenPGP(path string) (*OpenPGP, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load OpenPGP key: %w", err)
	}
	defer f.Close()
	k, err := readPrivate(f)
	if err != nil {
		return nil, fmt.Errorf("load OpenPGP key %s: %w", path, err)
	}
	return k, nil
}

// readPrivate parses an armored private key. Its errors never quote the
// input.
func readPrivate(r io.Reader) (*OpenPGP, error) {
	block, err := armor.Decode(r)
	if err != nil {
		return nil, errors.New("not an ASCII-armored OpenPGP key; the file should start with -----BEGIN PGP PRIVATE KEY BLOCK-----")
	}
	if block.Type != openpgp.PrivateKeyType {
		return nil, fmt.Errorf("armor type is %q, want %q; give the private key file, not the exported public key", block.Type, openpgp.PrivateKeyType)
	}
	list, err := openpgp.ReadKeyRing(block.Body)
	if err != nil {
		return nil, fmt.Errorf("parse key: %w", err)
	}
	if len(list) != 1 {
		return nil, fmt.Errorf("the file holds %d keys, want exactly 1", len(list))
	}
	e := list[0]
	if e.PrivateKey == nil {
		return nil, errors.New("the key has no private part")
	}
	if e.PrivateKey.Encrypted {
		return nil, errors.New("the private key is protected by a passphrase, which Tocsin does not support; export it without one (gpg --export-secret-keys after gpg --passwd with an empty passphrase) and keep the file mode 0600")
	}
	if _, ok := e.SigningKey(time.Now()); !ok {
		return nil, errors.New("the key has no valid signing key (expired, revoked or created in the future?)")
	}
	return &OpenPGP{entity: e}, nil
}

// Save writes the private key, armored, to a new file at path with mode
// 0600, creating missing parent folders with mode 0700. It refuses to
// overwrite an existing file (the error then satisfies
// errors.Is(err, fs.ErrExist)): remove or move the old key first. The file
// appears atomically: the key is written and synced to a temporary file in
// the same folder, which is then linked into place.
func (k *OpenPGP) Save(path string) error {
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PrivateKeyType, nil)
	if err != nil {
		return fmt.Errorf("save OpenPGP key %s: %w", path, err)
	}
	if err := k.entity.SerializePrivateWithoutSigning(w, nil); err != nil {
		return fmt.Errorf("save OpenPGP key %s: serialize: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("save OpenPGP key %s: %w", path, err)
	}
	defer clear(buf.Bytes())
	if err := writeNewFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("save OpenPGP key %s: %w", path, err)
	}
	return nil
}

// writeNewFile writes data to path, which must not exist yet, with mode
// 0600 through a synced temporary file.
func writeNewFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%w: refusing to overwrite an existing key; move it away first", fs.ErrExist)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tocsin-key-*.tmp")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // the key stays reachable through path only
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// A hard link, unlike rename, fails when path already exists, so a key
	// written meanwhile by someone else is never replaced.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: refusing to overwrite an existing key; move it away first", fs.ErrExist)
		}
		return err
	}
	if err := os.Remove(tmpName); err != nil {
		return err
	}
	return syncDir(dir)
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

// PublicArmored returns the armored public key (primary key, user IDs,
// subkeys and their self-signatures), as "tocsin keys export" prints it.
func (k *OpenPGP) PublicArmored() ([]byte, error) {
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err != nil {
		return nil, fmt.Errorf("export OpenPGP public key: %w", err)
	}
	if err := k.entity.Serialize(w); err != nil {
		return nil, fmt.Errorf("export OpenPGP public key: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("export OpenPGP public key: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Fingerprint returns the primary key's fingerprint as upper-case hex
// without spaces (40 characters for a v4 key).
func (k *OpenPGP) Fingerprint() string {
	return strings.ToUpper(hex.EncodeToString(k.entity.PrimaryKey.Fingerprint))
}

// UserID returns the key's primary user ID, such as "Tocsin <cert@example.org>".
func (k *OpenPGP) UserID() string {
	if id := k.entity.PrimaryIdentity(); id != nil {
		return id.Name
	}
	return ""
}

// DetachSignText returns an armored detached signature of type text (0x01)
// over data, made now with SHA-256. Line endings are canonicalised to CRLF
// before hashing, as OpenPGP requires for text signatures; this is the
// signature PGP/MIME (RFC 3156) needs.
func (k *OpenPGP) DetachSignText(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := openpgp.ArmoredDetachSignText(&buf, k.entity, bytes.NewReader(data), signConfig()); err != nil {
		return nil, fmt.Errorf("sign text with OpenPGP key %s: %w", k.Fingerprint(), err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// DetachSign returns an armored detached signature of type binary (0x00)
// over data exactly as given, made now with SHA-256; use it for the .asc
// file beside a download.
func (k *OpenPGP) DetachSign(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&buf, k.entity, bytes.NewReader(data), signConfig()); err != nil {
		return nil, fmt.Errorf("sign with OpenPGP key %s: %w", k.Fingerprint(), err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// String describes the key by its fingerprint; it never shows key material.
func (k *OpenPGP) String() string {
	return "OpenPGP key " + k.Fingerprint()
}

// GoString is like String, so that %#v does not dump the key either.
func (k *OpenPGP) GoString() string {
	return "sign.OpenPGP{" + k.Fingerprint() + "}"
}

// LogValue makes slog record only the fingerprint.
func (k *OpenPGP) LogValue() slog.Value {
	return slog.GroupValue(slog.String("fingerprint", k.Fingerprint()))
}
