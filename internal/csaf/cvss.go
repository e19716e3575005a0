package csaf

import (
	"math"
	"strings"
)

// cvssScores are the scores a CVSS vector gives.
type cvssScores struct {
	base, temporal, environmental float64
}

// parseVector splits "CVSS:3.1/AV:N/..." or "AV:N/..." into metric ->
// value; ok is false when a part is not METRIC:VALUE.
func parseVector(vec string) (map[string]string, bool) {
	parts := strings.Split(vec, "/")
	out := make(map[string]string, len(parts))
	for _, p := range parts {
		k, v, ok := strings.Cut(p, ":")
		if !ok {
			return nil, false
		}
		if k == "CVSS" {
			continue
		}
		out[k] = v
	}
	return out, true
}

// cvss3Weights gives the numeric weight of a CVSS v3 metric value;
// changed says whether the (modified) scope is changed, for PR.
func cvss3Weight(metric, val string, changed bool) (float64, bool) {
	switch metric {
	case "AV":
		switch val {
		case "N":
			return 0.85, true
		case "A":
			return 0.62, true
		case "L":
			return 0.55, true
		case "P":
			return 0.2, true
		}
	case "AC":
		switch val {
		case "L":
			return 0.77, true
		case "H":
			return 0.44, true
		}
	case "PR":
		switch val {
		case "N":
			return 0.85, true
		case "L":
			if changed {
				return 0.68, true
			}
			return 0.62, true
		case "H":
			if changed {
				return 0.5, true
			}
			return 0.27, true
		}
	case "UI":
		switch val {
		case "N":
			return 0.85, true
		case "R":
			return 0.62, true
		}
	case "C", "I", "A":
		switch val {
		case "H":
			return 0.56, true
		case "L":
			return 0.22, true
		case "N":
			return 0, true
		}
	case "E":
		switch val {
		case "X", "H":
			return 1, true
		case "F":
			return 0.97, true
		case "P":
			return 0.94, true
		case "U":
			return 0.91, true
		}
	case "RL":
		switch val {
		case "X", "U":
			return 1, true
		case "W":
			return 0.97, true
		case "T":
			return 0.96, true
		case "O":
			return 0.95, true
		}
	case "RC":
		switch val {
		case "X", "C":
			return 1, true
		case "R":
			return 0.96, true
		case "U":
			return 0.92, true
		}
	case "CR", "IR", "AR":
		switch val {
		case "X", "M":
			return 1, true
		case "H":
			return 1.5, true
		case "L":
			return 0.5, true
		}
	}
	return 0, false
}

// roundUp30 is CVSS v3.0's round up to one decimal.
func roundUp30(x float64) float64 {
	return math.Ceil(x*10-1e-9) / 10
}

// roundUp31 is CVSS v3.1's round up to one decimal, which avoids
// floating-point artefacts.
func roundUp31(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return float64(i/10000+1) / 10
}

// cvss3Compute computes the scores of a CVSS v3.0 or v3.1 vector.
func cvss3Compute(version string, m map[string]string) (cvssScores, bool) {
	roundUp := roundUp31
	if version == "3.0" {
		roundUp = roundUp30
	}
	get := func(metric string, changed bool) (float64, bool) {
		return cvss3Weight(metric, m[metric], changed)
	}
	changed := m["S"] == "C"
	if m["S"] != "C" && m["S"] != "U" {
		return cvssScores{}, false
	}
	av, ok1 := get("AV", changed)
	ac, ok2 := get("AC", changed)
	pr, ok3 := get("PR", changed)
	ui, ok4 := get("UI", changed)
	c, ok5 := get("C", changed)
	i, ok6 := get("I", changed)
	a, ok7 := get("A", changed)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return cvssScores{}, false
	}
	opt := func(metric string) (float64, bool) {
		v, ok := m[metric]
		if !ok {
			v = "X"
		}
		return cvss3Weight(metric, v, false)
	}
	e, ok1 := opt("E")
	rl, ok2 := opt("RL")
	rc, ok3 := opt("RC")
	cr, ok4 := opt("CR")
	ir, ok5 := opt("IR")
	ar, ok6 := opt("AR")
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return cvssScores{}, false
	}

	iss := 1 - (1-c)*(1-i)*(1-a)
	var impact float64
	if changed {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	} else {
		impact = 6.42 * iss
	}
	expl := 8.22 * av * ac * pr * ui
	var s cvssScores
	switch {
	case impact <= 0:
		s.base = 0
	case changed:
		s.base = roundUp(math.Min(1.08*(impact+expl), 10))
	default:
		s.base = roundUp(math.Min(impact+expl, 10))
	}
	s.temporal = roundUp(s.base * e * rl * rc)

	// Modified metrics default to the base values.
	mod := func(metric string) (string, bool) {
		if v, ok := m["M"+metric]; ok && v != "X" {
			return v, true
		}
		return m[metric], true
	}
	ms, _ := mod("S")
	mchanged := ms == "C"
	mw := func(metric string) (float64, bool) {
		v, _ := mod(metric)
		return cvss3Weight(metric, v, mchanged)
	}
	mav, ok1 := mw("AV")
	mac, ok2 := mw("AC")
	mpr, ok3 := mw("PR")
	mui, ok4 := mw("UI")
	mc, ok5 := mw("C")
	mi, ok6 := mw("I")
	ma, ok7 := mw("A")
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return cvssScores{}, false
	}
	miss := math.Min(1-(1-cr*mc)*(1-ir*mi)*(1-ar*ma), 0.915)
	var mimpact float64
	switch {
	case !mchanged:
		mimpact = 6.42 * miss
	case version == "3.0":
		mimpact = 7.52*(miss-0.029) - 3.25*math.Pow(miss-0.02, 15)
	default:
		mimpact = 7.52*(miss-0.029) - 3.25*math.Pow(miss*0.9731-0.02, 13)
	}
	mexpl := 8.22 * mav * mac * mpr * mui
	switch {
	case mimpact <= 0:
		s.environmental = 0
	case mchanged:
		s.environmental = roundUp(roundUp(math.Min(1.08*(mimpact+mexpl), 10)) * e * rl * rc)
	default:
		s.environmental = roundUp(roundUp(math.Min(mimpact+mexpl, 10)) * e * rl * rc)
	}
	return s, true
}

// cvss3Severity is the qualitative rating of a v3 score.
func cvss3Severity(score float64) string {
	switch {
	case score == 0:
		return "NONE"
	case score < 4:
		return "LOW"
	case score < 7:
		return "MEDIUM"
	case score < 9:
		return "HIGH"
	}
	return "CRITICAL"
}

// cvss2Weight gives the numeric weight of a CVSS v2 metric value.
func cvss2Weight(metric, val string) (float64, bool) {
	switch metric + ":" + val {
	case "AV:L":
		return 0.395, true
	case "AV:A":
		return 0.646, true
	case "AV:N":
		return 1.0, true
	case "AC:H":
		return 0.35, true
	case "AC:M":
		return 0.61, true
	case "AC:L":
		return 0.71, true
	case "Au:M":
		return 0.45, true
	case "Au:S":
		return 0.56, true
	case "Au:N":
		return 0.704, true
	case "C:N", "I:N", "A:N", "CDP:N", "CDP:ND", "TD:N":
		return 0, true
	case "C:P", "I:P", "A:P":
		return 0.275, true
	case "C:C", "I:C", "A:C":
		return 0.660, true
	case "E:U":
		return 0.85, true
	case "E:POC", "RL:TF", "RC:UC":
		return 0.90, true
	case "E:F", "RL:W", "RC:UR":
		return 0.95, true
	case "E:H", "E:ND", "RL:U", "RL:ND", "RC:C", "RC:ND", "TD:H", "TD:ND",
		"CR:M", "CR:ND", "IR:M", "IR:ND", "AR:M", "AR:ND":
		return 1, true
	case "RL:OF":
		return 0.87, true
	case "CDP:L":
		return 0.1, true
	case "CDP:LM":
		return 0.3, true
	case "CDP:MH":
		return 0.4, true
	case "CDP:H":
		return 0.5, true
	case "TD:L":
		return 0.25, true
	case "TD:M":
		return 0.75, true
	case "CR:L", "IR:L", "AR:L":
		return 0.5, true
	case "CR:H", "IR:H", "AR:H":
		return 1.51, true
	}
	return 0, false
}

// round1 rounds to one decimal, halves up.
func round1(x float64) float64 {
	return math.Floor(x*10+0.5+1e-9) / 10
}

// cvss2Compute computes the scores of a CVSS v2 vector.
func cvss2Compute(m map[string]string) (cvssScores, bool) {
	w := func(metric string) (float64, bool) {
		v, ok := m[metric]
		if !ok {
			v = "ND"
		}
		return cvss2Weight(metric, v)
	}
	var vals [14]float64
	for i, metric := range []string{"AV", "AC", "Au", "C", "I", "A", "E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"} {
		if _, ok := m[metric]; !ok && i < 6 {
			return cvssScores{}, false
		}
		v, ok := w(metric)
		if !ok {
			return cvssScores{}, false
		}
		vals[i] = v
	}
	av, ac, au, c, i, a := vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]
	e, rl, rc, cdp, td, cr, ir, ar := vals[6], vals[7], vals[8], vals[9], vals[10], vals[11], vals[12], vals[13]
	base := func(impact float64) float64 {
		f := 1.176
		if impact == 0 {
			f = 0
		}
		return round1((0.6*impact + 0.4*20*av*ac*au - 1.5) * f)
	}
	var s cvssScores
	s.base = base(10.41 * (1 - (1-c)*(1-i)*(1-a)))
	s.temporal = round1(s.base * e * rl * rc)
	adjImpact := math.Min(10, 10.41*(1-(1-c*cr)*(1-i*ir)*(1-a*ar)))
	adjTemporal := round1(base(adjImpact) * e * rl * rc)
	s.environmental = round1((adjTemporal + (10-adjTemporal)*cdp) * td)
	return s, true
}
