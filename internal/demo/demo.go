// Package demo loads a small example constituency and example advisories
// into an instance so that a newcomer can see the loop work: an SME whose
// profile matches some advisories, the advisories published, the mail
// queued. The advisories are fictional and written by this project.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/tocsin-cert/tocsin/internal/auth"
	"github.com/tocsin-cert/tocsin/internal/ingest"
	"github.com/tocsin-cert/tocsin/internal/instance"
	"github.com/tocsin-cert/tocsin/internal/org"
	"github.com/tocsin-cert/tocsin/internal/publish"
	"github.com/tocsin-cert/tocsin/internal/store"
)

//go:embed advisories/*.json
var advisories embed.FS

// The demo constituency.
const (
	OrgName     = "Example Manufacturing Ltd"
	UserEmail   = "it@example-manufacturing.test"
	ProfileName = "Production servers"
)

// ProfileProducts are the demo profile's product SPECs.
func ProfileProducts() []string {
	return []string{"acme industrial systems/widget server@>=3.0,<3.2", "vendor:globex"}
}

// Credentials says how to log in as the demo SME user.
type Credentials struct {
	Org        string
	Email      string
	Password   string
	Advisories int
}

// Load adds the demo SME, its administrator and profile (unless present),
// imports and publishes the example advisories, and gives the SME user a
// new password, which it returns. Loading twice changes nothing else.
func Load(ctx context.Context, inst *instance.Instance) (Credentials, error) {
	st := inst.Store
	o, err := st.OrgByName(ctx, OrgName)
	if errors.Is(err, store.ErrNotFound) {
		o, err = st.CreateOrg(ctx, org.Org{Name: OrgName, Kind: org.KindSME, ParentID: inst.CERT.ID})
	}
	if err != nil {
		return Credentials{}, err
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return Credentials{}, err
	}
	u, err := st.UserByEmail(ctx, UserEmail)
	switch {
	case errors.Is(err, store.ErrNotFound):
		_, err = st.CreateUser(ctx, org.User{OrgID: o.ID, Email: UserEmail, Role: org.RoleAdmin, PasswordHash: hash})
	case err == nil:
		if err = st.SetPassword(ctx, u.ID, hash); err == nil {
			err = st.DeleteUserSessions(ctx, u.ID)
		}
	}
	if err != nil {
		return Credentials{}, err
	}
	ps, err := st.ProfilesByOrg(ctx, o.ID)
	if err != nil {
		return Credentials{}, err
	}
	if len(ps) == 0 {
		_, err = st.CreateProfile(ctx, org.Profile{OrgID: o.ID, Name: ProfileName, Products: ProfileProducts(),
			Recipients: []string{UserEmail}, Formats: []string{"txt", "html"}, Level: "basic", Lang: "en"})
		if err != nil {
			return Credentials{}, err
		}
	}
	im, err := ingest.New(st)
	if err != nil {
		return Credentials{}, err
	}
	names, err := fs.Glob(advisories, "advisories/*.json")
	if err != nil {
		return Credentials{}, err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := advisories.ReadFile(name)
		if err != nil {
			return Credentials{}, err
		}
		r := im.Import(ctx, name, data, ingest.Result{Path: name})
		if r.Err != nil {
			return Credentials{}, fmt.Errorf("%s: %w", name, r.Err)
		}
		if _, err := publish.Publish(ctx, st, r.ID); err != nil {
			return Credentials{}, err
		}
	}
	return Credentials{Org: OrgName, Email: UserEmail, Password: password, Advisories: len(names)}, nil
}
