package advisory

import (
	"strings"
)

// TLP is a Traffic Light Protocol label. Tocsin uses TLP 2.0 names; the
// CSAF 2.0 label WHITE is read as CLEAR.
type TLP string

// TLP labels.
const (
	TLPClear       TLP = "CLEAR"
	TLPGreen       TLP = "GREEN"
	TLPAmber       TLP = "AMBER"
	TLPAmberStrict TLP = "AMBER+STRICT"
	TLPRed         TLP = "RED"
)

// ParseTLP reads a TLP label in any case, with or without a "TLP:" prefix.
// WHITE is CLEAR. An unknown label gives "" and false.
func ParseTLP(s string) (TLP, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "TLP:")
	switch s {
	case "WHITE", "CLEAR":
		return TLPClear, true
	case "GREEN":
		return TLPGreen, true
	case "AMBER":
		return TLPAmber, true
	case "AMBER+STRICT":
		return TLPAmberStrict, true
	case "RED":
		return TLPRed, true
	}
	return "", false
}

// Restricted reports whether the label limits the document to the
// organisations it was sent to (AMBER, AMBER+STRICT, RED).
func (t TLP) Restricted() bool {
	return t == TLPAmber || t == TLPAmberStrict || t == TLPRed
}

// String gives the label as written in subjects and pages ("TLP:CLEAR").
// A document without a label is shown as TLP:CLEAR only if the publisher said
// so; otherwise "TLP:UNLABELED".
func (t TLP) String() string {
	if t == "" {
		return "TLP:UNLABELED"
	}
	return "TLP:" + string(t)
}

// Severity is an overall qualitative rating.
type Severity int

// Severities, from unknown to critical.
const (
	SeverityUnknown Severity = iota
	SeverityNone
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

// SeverityFromScore maps a CVSS v3/v4 base score to its qualitative rating.
func SeverityFromScore(score float64) Severity {
	switch {
	case score >= 9.0:
		return SeverityCritical
	case score >= 7.0:
		return SeverityHigh
	case score >= 4.0:
		return SeverityMedium
	case score > 0:
		return SeverityLow
	default:
		return SeverityNone
	}
}

// ParseSeverity reads a rating word in English or German ("high", "Hoch",
// "important", "moderate"...). Unknown words give SeverityUnknown.
func ParseSeverity(s string) Severity {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical", "kritisch":
		return SeverityCritical
	case "high", "hoch", "important":
		return SeverityHigh
	case "medium", "mittel", "moderate":
		return SeverityMedium
	case "low", "niedrig":
		return SeverityLow
	case "none", "keine":
		return SeverityNone
	}
	return SeverityUnknown
}

// String gives the English name: "critical", "high", "medium", "low",
// "none" or "unknown".
func (s Severity) String() string {
	switch s {
	case SeverityCritical:
		return "critical"
	case SeverityHigh:
		return "high"
	case SeverityMedium:
		return "medium"
	case SeverityLow:
		return "low"
	case SeverityNone:
		return "none"
	}
	return "unknown"
}
