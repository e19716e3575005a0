package product

import (
	"strings"
	"unicode"
)

// mvnItem is one item of a Maven version as ComparableVersion (Maven
// 3.8) parses it: a number, a qualifier or a sub-list (after "-" and at
// digit/letter changes).
type mvnItem struct {
	kind int // mvnInt, mvnString or mvnList
	num  string
	str  string
	list []mvnItem
}

const (
	mvnInt = iota
	mvnString
	mvnList
)

// mvnQualifier returns the sortable form of a qualifier: its index among
// alpha, beta, milestone, rc, snapshot, "" (release), sp, or "7-"+word
// for any other word (after them all, in string order).
func mvnQualifier(q string) string {
	switch q {
	case "alpha":
		return "0"
	case "beta":
		return "1"
	case "milestone":
		return "2"
	case "rc", "cr":
		return "3"
	case "snapshot":
		return "4"
	case "", "ga", "final", "release":
		return "5"
	case "sp":
		return "6"
	}
	return "7-" + q
}

func mvnStringItem(s string, followedByDigit bool) mvnItem {
	if followedByDigit && len(s) == 1 {
		switch s {
		case "a":
			s = "alpha"
		case "b":
			s = "beta"
		case "m":
			s = "milestone"
		}
	}
	return mvnItem{kind: mvnString, str: mvnQualifier(s)}
}

func mvnParseItem(isDigit bool, s string) mvnItem {
	if isDigit {
		return mvnItem{kind: mvnInt, num: canonNum(s)}
	}
	return mvnStringItem(s, false)
}

func (it mvnItem) isNull() bool {
	switch it.kind {
	case mvnInt:
		return it.num == ""
	case mvnString:
		return it.str == "5"
	}
	return len(it.list) == 0
}

// parseMaven is ComparableVersion.parseVersion of Maven 3.8.
func parseMaven(version string) []mvnItem {
	v := []rune(strings.ToLower(version))
	// lists are built on a stack of indices into a tree of slices; keep
	// the path of the open lists and append through it.
	root := &mvnItem{kind: mvnList}
	stack := []*mvnItem{root}
	cur := root
	push := func() {
		cur.list = append(cur.list, mvnItem{kind: mvnList})
		cur = &cur.list[len(cur.list)-1]
		stack = append(stack, cur)
	}
	digit := false
	start := 0
	for i, c := range v {
		switch {
		case c == '.':
			if i == start {
				cur.list = append(cur.list, mvnItem{kind: mvnInt})
			} else {
				cur.list = append(cur.list, mvnParseItem(digit, string(v[start:i])))
			}
			start = i + 1
		case c == '-':
			if i == start {
				cur.list = append(cur.list, mvnItem{kind: mvnInt})
			} else {
				cur.list = append(cur.list, mvnParseItem(digit, string(v[start:i])))
			}
			start = i + 1
			push()
		case unicode.IsDigit(c):
			if !digit && i > start {
				cur.list = append(cur.list, mvnStringItem(string(v[start:i]), true))
				start = i
				push()
			}
			digit = true
		default:
			if digit && i > start {
				cur.list = append(cur.list, mvnParseItem(true, string(v[start:i])))
				start = i
				push()
			}
			digit = false
		}
	}
	if len(v) > start {
		cur.list = append(cur.list, mvnParseItem(digit, string(v[start:])))
	}
	// Pointers into parents' slices stay valid: a list only grows while
	// it is the current one, and children are pushed after it stops.
	for k := len(stack) - 1; k >= 0; k-- {
		stack[k].normalize()
	}
	return root.list
}

// normalize drops trailing null items (0, release qualifiers, empty
// lists), stopping at the first non-null item that is not a list.
func (it *mvnItem) normalize() {
	for i := len(it.list) - 1; i >= 0; i-- {
		last := it.list[i]
		if last.isNull() {
			it.list = append(it.list[:i], it.list[i+1:]...)
		} else if last.kind != mvnList {
			break
		}
	}
}

// mvnCompare compares an item with another; b == nil stands for a
// missing item.
func mvnCompare(a mvnItem, b *mvnItem) int {
	switch a.kind {
	case mvnInt:
		if b == nil {
			if a.num == "" {
				return 0
			}
			return 1
		}
		switch b.kind {
		case mvnInt:
			return cmpNum(a.num, b.num)
		}
		return 1 // 1.1 > 1-sp, 1.1 > 1-1
	case mvnString:
		if b == nil {
			return sign(strings.Compare(a.str, "5"))
		}
		switch b.kind {
		case mvnInt, mvnList:
			return -1
		}
		return sign(strings.Compare(a.str, b.str))
	}
	if b == nil {
		if len(a.list) == 0 {
			return 0
		}
		return mvnCompare(a.list[0], nil)
	}
	switch b.kind {
	case mvnInt:
		return -1
	case mvnString:
		return 1
	}
	return mvnCompareLists(a.list, b.list)
}

func mvnCompareLists(l, r []mvnItem) int {
	for i := range max(len(l), len(r)) {
		var c int
		switch {
		case i >= len(l):
			c = -mvnCompare(r[i], nil)
		case i >= len(r):
			c = mvnCompare(l[i], nil)
		default:
			c = mvnCompare(l[i], &r[i])
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compareMaven orders Maven versions as Maven 3.8's ComparableVersion.
func compareMaven(a, b string) int {
	return mvnCompareLists(parseMaven(strings.TrimSpace(a)), parseMaven(strings.TrimSpace(b)))
}
