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
	Created  time.Time
}

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
	Lang    string
	Created time.Time
}
