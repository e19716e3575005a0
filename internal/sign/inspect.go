package sign

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// KeyInfo describes a recipient's public key or certificate, as given to
// Tocsin for encrypting the mail sent to them.
type KeyInfo struct {
	// Kind is "openpgp" or "smime".
	Kind        string
	Fingerprint string
	// Expires is when the key or certificate stops being usable; zero when
	// it does not expire.
	Expires time.Time
	// Emails are the addresses the key or certificate names.
	Emails []string
}

// InspectPublicKey reads an armored OpenPGP public key or a PEM X.509
// certificate and checks that it can encrypt to addr now: an OpenPGP key
// needs an encryption (sub)key and a user id with the address; a
// certificate must name the address, be valid now and hold an RSA key (the
// S/MIME encryption Tocsin uses). The message says what to fix.
func InspectPublicKey(data []byte, addr string, now time.Time) (KeyInfo, error) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	switch {
	case bytes.Contains(data, []byte("-----BEGIN PGP PUBLIC KEY BLOCK-----")):
		return inspectOpenPGP(data, addr, now)
	case bytes.Contains(data, []byte("-----BEGIN CERTIFICATE-----")):
		return inspectCertificate(data, addr, now)
	case bytes.Contains(data, []byte("PRIVATE KEY")):
		return KeyInfo{}, errors.New("this is a private key; give the recipient's public key (gpg --armor --export) or certificate, never a private key")
	}
	return KeyInfo{}, errors.New("not an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----) nor a PEM certificate (-----BEGIN CERTIFICATE-----)")
}

func inspectOpenPGP(data []byte, addr string, now time.Time) (KeyInfo, error) {
	el, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	if err != nil {
		return KeyInfo{}, fmt.Errorf("read OpenPGP key: %w", err)
	}
	if len(el) != 1 {
		return KeyInfo{}, fmt.Errorf("the file holds %d OpenPGP keys; give exactly one", len(el))
	}
	e := el[0]
	info := KeyInfo{Kind: "openpgp", Fingerprint: strings.ToUpper(hex.EncodeToString(e.PrimaryKey.Fingerprint))}
	for _, id := range e.Identities {
		if id.UserId != nil && id.UserId.Email != "" {
			info.Emails = append(info.Emails, strings.ToLower(id.UserId.Email))
		}
	}
	if !containsString(info.Emails, addr) {
		return info, fmt.Errorf("the key is for %s, not %s", strings.Join(info.Emails, ", "), addr)
	}
	enc, ok := e.EncryptionKey(now)
	if !ok {
		return info, errors.New("the key cannot encrypt now (expired, revoked, or without an encryption subkey); ask the recipient for a current key")
	}
	if sig := enc.SelfSignature; sig != nil && sig.KeyLifetimeSecs != nil && *sig.KeyLifetimeSecs > 0 {
		info.Expires = enc.PublicKey.CreationTime.Add(time.Duration(*sig.KeyLifetimeSecs) * time.Second)
	}
	if id := e.PrimaryIdentity(); id != nil && id.SelfSignature != nil && id.SelfSignature.KeyLifetimeSecs != nil && *id.SelfSignature.KeyLifetimeSecs > 0 {
		primary := e.PrimaryKey.CreationTime.Add(time.Duration(*id.SelfSignature.KeyLifetimeSecs) * time.Second)
		if info.Expires.IsZero() || primary.Before(info.Expires) {
			info.Expires = primary
		}
	}
	return info, nil
}

func inspectCertificate(data []byte, addr string, now time.Time) (KeyInfo, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return KeyInfo{}, errors.New("cannot read the PEM certificate")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return KeyInfo{}, fmt.Errorf("read certificate: %w", err)
	}
	info := KeyInfo{Kind: "smime", Expires: cert.NotAfter}
	sum := sha256.Sum256(cert.Raw)
	info.Fingerprint = strings.ToUpper(hex.EncodeToString(sum[:]))
	for _, e := range cert.EmailAddresses {
		info.Emails = append(info.Emails, strings.ToLower(e))
	}
	if !containsString(info.Emails, addr) {
		return info, fmt.Errorf("the certificate is for %s, not %s", strings.Join(info.Emails, ", "), addr)
	}
	if now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		return info, fmt.Errorf("the certificate is valid from %s to %s, not now; ask the recipient for a current one", cert.NotBefore.Format(time.DateOnly), cert.NotAfter.Format(time.DateOnly))
	}
	if _, ok := cert.PublicKey.(*rsa.PublicKey); !ok {
		return info, errors.New("the certificate's key is not RSA; S/MIME encryption here needs an RSA certificate")
	}
	return info, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
