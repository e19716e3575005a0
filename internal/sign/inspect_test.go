package sign

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"
)

func testCert(t *testing.T, email string, key any, pub any, notAfter time.Time) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: email}, EmailAddresses: []string{email},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter, KeyUsage: x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestInspectPublicKey(t *testing.T) {
	t.Parallel()
	now := time.Now()
	k, err := GenerateOpenPGP("Ops", "ops@example.org", now)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := k.PublicArmored()
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	good := testCert(t, "ops@example.org", rsaKey, &rsaKey.PublicKey, now.Add(365*24*time.Hour))
	expired := testCert(t, "ops@example.org", rsaKey, &rsaKey.PublicKey, now.Add(-time.Minute))
	ec := testCert(t, "ops@example.org", ecKey, &ecKey.PublicKey, now.Add(24*time.Hour))
	for _, c := range []struct {
		name, addr string
		data       []byte
		kind, err  string
	}{
		{"OpenPGP", "OPS@example.org", pub, "openpgp", ""},
		{"OpenPGP, other address", "boss@example.org", pub, "", "not boss@example.org"},
		{"certificate", "ops@example.org", good, "smime", ""},
		{"expired certificate", "ops@example.org", expired, "", "not now"},
		{"EC certificate", "ops@example.org", ec, "", "not RSA"},
		{"private key", "ops@example.org", []byte("-----BEGIN PGP PRIVATE KEY BLOCK-----"), "", "never a private key"},
		{"nonsense", "ops@example.org", []byte("hello"), "", "not an armored"},
	} {
		info, err := InspectPublicKey(c.data, c.addr, now)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: err = %v, want %q", c.name, err, c.err)
		case c.err == "" && (info.Kind != c.kind || info.Fingerprint == ""):
			t.Errorf("%s: %+v", c.name, info)
		}
	}
}
