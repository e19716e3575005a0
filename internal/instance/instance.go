// Package instance opens and creates a Tocsin instance: the data directory
// with its database, keys and Maildir, and the CERT organisation that owns
// it. It wires the store, signer and mail sender that commands and the
// service share.
package instance

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/sign"
	"github.com/tocsin-cert/tocsin/internal/store"
	"github.com/tocsin-cert/tocsin/internal/store/sqlite"
)

// Files and folders inside the data directory.
const (
	DBFile         = "tocsin.db"
	KeysDir        = "keys"
	OpenPGPKeyFile = "openpgp-private.asc"
	MailDir        = "mail"
)

// Setting keys.
const (
	settingName  = "instance.name"
	settingEmail = "instance.email"
	settingCERT  = "instance.cert_org"
)

// ErrNotInitialised is returned by Open on a data directory without an
// instance.
var ErrNotInitialised = errors.New("no Tocsin instance in this data directory")

// Instance is an open Tocsin instance.
type Instance struct {
	// Dir is the data directory.
	Dir string
	// Name and Email are the CERT's name and the address mail comes from.
	Name  string
	Email string
	// CERT is the organisation that runs the instance.
	CERT  org.Org
	Store store.Store
	Keys  *sign.OpenPGP
}

// Exists reports whether dir holds an initialised instance.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, KeysDir, OpenPGPKeyFile))
	return err == nil
}

// Open opens the instance in dir.
func Open(ctx context.Context, dir string) (*Instance, error) {
	if !Exists(dir) {
		return nil, fmt.Errorf("open %s: %w; run `tocsin init --name NAME --email ADDR` (or `tocsin serve`) first", dir, ErrNotInitialised)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return nil, err
	}
	inst := &Instance{Dir: dir, Store: st}
	fail := func(err error) (*Instance, error) {
		st.Close()
		return nil, fmt.Errorf("open instance %s: %w", dir, err)
	}
	if inst.Name, err = st.Setting(ctx, settingName); err != nil {
		return fail(err)
	}
	if inst.Email, err = st.Setting(ctx, settingEmail); err != nil {
		return fail(err)
	}
	certName, err := st.Setting(ctx, settingCERT)
	if err != nil {
		return fail(err)
	}
	if inst.CERT, err = st.OrgByName(ctx, certName); err != nil {
		return fail(err)
	}
	if inst.Keys, err = sign.LoadOpenPGP(filepath.Join(dir, KeysDir, OpenPGPKeyFile)); err != nil {
		return fail(err)
	}
	return inst, nil
}

// Close releases the instance.
func (i *Instance) Close() error { return i.Store.Close() }

// MaildirPath is where outgoing mail goes when no SMTP server is set.
func (i *Instance) MaildirPath() string { return filepath.Join(i.Dir, MailDir) }

// Init creates a new instance in dir: the database, the CERT organisation,
// its OpenPGP signing key and an administrator with a random password,
// which is returned and must be shown once. It refuses a directory that
// already holds an instance.
func Init(ctx context.Context, dir, name, email string) (*Instance, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", errors.New("init: the CERT's name is empty; give --name")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" {
		return nil, "", fmt.Errorf("init: %q is not an e-mail address; give --email like cert@example.org", email)
	}
	email = addr.Address
	if Exists(dir) {
		return nil, "", fmt.Errorf("init: %s already holds a Tocsin instance; use another --data directory or remove it", dir)
	}
	for _, d := range []string{dir, filepath.Join(dir, KeysDir)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, "", fmt.Errorf("init: %w", err)
		}
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return nil, "", fmt.Errorf("init: %w", err)
	}
	fail := func(err error) (*Instance, string, error) {
		st.Close()
		return nil, "", fmt.Errorf("init: %w", err)
	}
	cert, err := st.CreateOrg(ctx, org.Org{Name: name, Kind: org.KindCERT})
	if err != nil {
		return fail(err)
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fail(err)
	}
	if _, err := st.CreateUser(ctx, org.User{OrgID: cert.ID, Email: email, Role: org.RoleAdmin, PasswordHash: hash}); err != nil {
		return fail(err)
	}
	for k, v := range map[string]string{settingName: name, settingEmail: email, settingCERT: name} {
		if err := st.SetSetting(ctx, k, v); err != nil {
			return fail(err)
		}
	}
	keys, err := sign.GenerateOpenPGP(name, email, time.Now())
	if err != nil {
		return fail(err)
	}
	// The key file is written last: its presence marks a complete instance.
	if err := keys.Save(filepath.Join(dir, KeysDir, OpenPGPKeyFile)); err != nil {
		return fail(err)
	}
	return &Instance{Dir: dir, Name: name, Email: email, CERT: cert, Store: st, Keys: keys}, password, nil
}
