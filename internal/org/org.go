// Package org holds the constituency: organisations (the CERT,
// intermediaries, SMEs), their users and their profiles. Plain types only;
// storage and matching depend on it.
package org

import "time"

// Kind is the type of an organisation.
type Kind string

// Organisation kinds.
const (
	KindCERT         Kind = "cert"
	KindIntermediary Kind = "intermediary"
	KindSME          Kind = "sme"
)

// Org is an organisation of the constituency.
type Org struct {
	ID   int64
	Name string
	Kind Kind
	// ParentID is the administering organisation (the CERT or an
	// intermediary); 0 for the CERT itself.
	ParentID int64
	// Intermediary is the type of an intermediary: IntermediaryRegistrar
	// (registers and administers SMEs; the CERT delivers) or
	// IntermediaryRedistributor (also receives advisories and sends them on
	// to its SMEs under its own signature). Empty for other kinds.
	Intermediary string
	// TimeZone is the IANA zone digests are scheduled in ("Europe/Paris");
	// empty means UTC.
	TimeZone string
	Created  time.Time
}

// Intermediary types.
const (
	IntermediaryRegistrar     = "registrar"
	IntermediaryRedistributor = "redistributor"
)

// Role is a user's role within their organisation.
type Role string

// Roles. The administrators of the CERT organisation are the instance's
// operators.
const (
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// User is a person who logs in to the portal.
type User struct {
	ID    int64
	OrgID int64
	Email string
	Role  Role
	// PasswordHash is an argon2id PHC string; never logged or shown.
	PasswordHash string
	Created      time.Time
}

// Profile says what an organisation wants to hear about and how.
type Profile struct {
	ID    int64
	OrgID int64
	Name  string
	// Products are product SPECs as the user wrote them (see package product).
	Products []string
	// Recipients are e-mail addresses.
	Recipients []string
	// Formats are "txt" and/or "html".
	Formats []string
	// Level is "basic" or "expert".
	Level string
	// Lang is the preferred language tag ("en").
	Lang string
	// MinSeverity is the lowest severity that is mailed (low, medium, high,
	// critical); "" mails every severity. Lower ones still show in the
	// archive under "matching my profiles".
	MinSeverity string `json:",omitempty"`
	// TLPs are the TLP labels the profile may receive by mail (CLEAR, GREEN,
	// AMBER, AMBER+STRICT, RED); empty means every label.
	TLPs []string `json:",omitempty"`
	// Schedule is "immediate" (or ""), "daily@HH" or "weekly@DAY@HH" (DAY
	// mon..sun), in the organisation's time zone.
	Schedule string `json:",omitempty"`
	// AlertsOff turns alerts off for this profile (they are on by default).
	AlertsOff bool `json:",omitempty"`
	// Paused stops all mail to the profile ("vacation"); nothing
	// accumulates while it is paused.
	Paused bool `json:",omitempty"`
	// Keys are recipients' public keys or certificates for encrypting
	// their mail, by lower-case address.
	Keys    map[string]RecipientKey `json:",omitempty"`
	Created time.Time
}

// RecipientKey is a recipient's OpenPGP public key or S/MIME certificate.
type RecipientKey struct {
	// Kind is "openpgp" or "smime".
	Kind        string    `json:"kind"`
	Fingerprint string    `json:"fingerprint"`
	Expires     time.Time `json:"expires,omitzero"`
	// Data is the armored key or PEM certificate.
	Data string `json:"data"`
}

// ProfileSettings are the profile's options stored together.
type ProfileSettings struct {
	MinSeverity string                  `json:"min_severity,omitempty"`
	TLPs        []string                `json:"tlps,omitempty"`
	Schedule    string                  `json:"schedule,omitempty"`
	AlertsOff   bool                    `json:"alerts_off,omitempty"`
	Paused      bool                    `json:"paused,omitempty"`
	Keys        map[string]RecipientKey `json:"keys,omitempty"`
}

// Settings returns the profile's options.
func (p Profile) Settings() ProfileSettings {
	return ProfileSettings{MinSeverity: p.MinSeverity, TLPs: p.TLPs, Schedule: p.Schedule, AlertsOff: p.AlertsOff, Paused: p.Paused, Keys: p.Keys}
}

// SetSettings sets the profile's options.
func (p *Profile) SetSettings(s ProfileSettings) {
	p.MinSeverity, p.TLPs, p.Schedule, p.AlertsOff, p.Paused, p.Keys = s.MinSeverity, s.TLPs, s.Schedule, s.AlertsOff, s.Paused, s.Keys
}
