package product

import "strings"

// gemSegments is Gem::Version#canonical_segments: runs of digits (as
// canonical numbers) and of letters, "-" read as ".pre."; trailing zeros
// dropped from the numeric part and from the part after the first word.
func gemSegments(v string) []vitem {
	v = strings.ReplaceAll(strings.TrimSpace(v), "-", ".pre.")
	var segs []vitem
	for i := 0; i < len(v); {
		j := i
		switch {
		case isDigit(v[i]):
			for j < len(v) && isDigit(v[j]) {
				j++
			}
			segs = append(segs, vitem{isNum: true, num: canonNum(v[i:j])})
		case isAlpha(v[i]):
			for j < len(v) && isAlpha(v[j]) {
				j++
			}
			segs = append(segs, vitem{word: v[i:j]})
		default:
			j++
		}
		i = j
	}
	firstWord := len(segs)
	for k, s := range segs {
		if !s.isNum {
			firstWord = k
			break
		}
	}
	trim := func(s []vitem) []vitem {
		for len(s) > 0 && s[len(s)-1].isNum && s[len(s)-1].num == "" {
			s = s[:len(s)-1]
		}
		return s
	}
	nums := trim(segs[:firstWord:firstWord])
	return append(nums, trim(segs[firstWord:])...)
}

// compareGem orders versions as RubyGems' Gem::Version#<=>: segment by
// segment, missing ones counting as 0; a word sorts before a number
// (so a word makes a pre-release), words compare as strings.
func compareGem(a, b string) int {
	x, y := gemSegments(a), gemSegments(b)
	for i := range max(len(x), len(y)) {
		p, q := vitem{isNum: true}, vitem{isNum: true}
		if i < len(x) {
			p = x[i]
		}
		if i < len(y) {
			q = y[i]
		}
		switch {
		case p.isNum && q.isNum:
			if c := cmpNum(p.num, q.num); c != 0 {
				return c
			}
		case p.isNum:
			return 1
		case q.isNum:
			return -1
		default:
			if c := strings.Compare(p.word, q.word); c != 0 {
				return sign(c)
			}
		}
	}
	return 0
}
