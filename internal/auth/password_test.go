package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q is not an argon2id PHC string", h)
	}
	if err := CheckPassword(h, "correct horse"); err != nil {
		t.Errorf("right password refused: %v", err)
	}
	for _, bad := range []string{"correct horse ", "Correct horse", ""} {
		if err := CheckPassword(h, bad); !errors.Is(err, ErrMismatch) {
			t.Errorf("wrong password %q: err = %v", bad, err)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$aa$bb", "plain"} {
		if err := CheckPassword(bad, "x"); !errors.Is(err, ErrMismatch) {
			t.Errorf("malformed hash %q: err = %v", bad, err)
		}
	}
	h2, _ := HashPassword("correct horse")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
}

func TestRandom(t *testing.T) {
	t.Parallel()
	p := NewPassword()
	if len(p) != 23 || strings.Count(p, "-") != 3 {
		t.Errorf("NewPassword = %q", p)
	}
	if NewPassword() == p || NewToken() == NewToken() {
		t.Error("random values repeat")
	}
	if len(TokenHash("x")) != 64 {
		t.Error("TokenHash length")
	}
}
