package csaf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of arrays and objects, as encoding/json does.
const maxDepth = 10000

// internMax is the longest string value that is interned: short values
// (product ids, categories, names) repeat across a document.
const internMax = 64

// decodeJSON decodes one JSON value (RFC 8259) into the generic form the
// schema validator and the mapper share: map[string]any, []any, string,
// json.Number, bool and nil, the same values encoding/json gives with
// UseNumber. Like encoding/json it replaces invalid UTF-8 and unpaired
// surrogates with U+FFFD and lets a later duplicate key win.
//
// It is a purpose-built parser because decoding is half the cost of
// importing a document: it builds each map and slice at its final size and
// shares repeated keys and short values instead of allocating them again.
// Errors give the line, column and byte offset of the fault.
func decodeJSON(data []byte) (any, error) {
	p := parser{data: data, strs: make(map[string]string, 256)}
	p.skipSpace()
	if p.pos == len(data) {
		if len(data) == 0 {
			return nil, fmt.Errorf("not valid JSON: the input is empty")
		}
		return nil, fmt.Errorf("not valid JSON: the input holds only white space")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(data) {
		return nil, p.errorf("unexpected %s after the top-level value", p.describe())
	}
	return v, nil
}

// parser is the state of one decodeJSON call.
type parser struct {
	data []byte
	pos  int
	// strs interns keys and short string values.
	strs map[string]string
	// Stacks of the members of the objects (keys, ovals) and arrays
	// (avals) being built, so each can be allocated at its final size.
	keys  []string
	ovals []any
	avals []any
	buf   []byte
}

// errorf reports a fault at the current position.
func (p *parser) errorf(format string, args ...any) error {
	line, col := lineCol(p.data, int64(p.pos))
	return fmt.Errorf("not valid JSON at line %d, column %d (byte offset %d): %s", line, col, p.pos, fmt.Sprintf(format, args...))
}

// describe names the byte at the current position for an error message.
func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	if c < utf8.RuneSelf && strconv.IsPrint(rune(c)) {
		return "character " + strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at the current position (white space skipped).
func (p *parser) value(depth int) (any, error) {
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input, a value was expected")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.str(true)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.errorf("unexpected %s, a value was expected", p.describe())
}

func (p *parser) literal(lit string) error {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(lit)) {
		return p.errorf("unexpected %s, a value was expected", p.describe())
	}
	p.pos += len(lit)
	return nil
}

func (p *parser) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested deeper than %d levels", maxDepth)
	}
	p.pos++ // '{'
	base := len(p.keys)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return map[string]any{}, nil
	}
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("unexpected %s, a property name in double quotes was expected", p.describe())
		}
		k, err := p.str(false)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("unexpected %s, ':' was expected after a property name", p.describe())
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		p.keys = append(p.keys, k)
		p.ovals = append(p.ovals, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input, ',' or '}' was expected")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			continue
		case '}':
			p.pos++
			m := make(map[string]any, len(p.keys)-base)
			for i := base; i < len(p.keys); i++ {
				m[p.keys[i]] = p.ovals[i]
			}
			clear(p.ovals[base:])
			p.keys, p.ovals = p.keys[:base], p.ovals[:base]
			return m, nil
		}
		return nil, p.errorf("unexpected %s, ',' or '}' was expected", p.describe())
	}
}

func (p *parser) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested deeper than %d levels", maxDepth)
	}
	p.pos++ // '['
	base := len(p.avals)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return []any{}, nil
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		p.avals = append(p.avals, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input, ',' or ']' was expected")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			continue
		case ']':
			p.pos++
			a := make([]any, len(p.avals)-base)
			copy(a, p.avals[base:])
			clear(p.avals[base:])
			p.avals = p.avals[:base]
			return a, nil
		}
		return nil, p.errorf("unexpected %s, ',' or ']' was expected", p.describe())
	}
}

// str parses a string; keys are always interned, values when short.
func (p *parser) str(isValue bool) (string, error) {
	start := p.pos + 1
	i := start
	ascii := true
	for ; i < len(p.data); i++ {
		c := p.data[i]
		if c == '"' {
			break
		}
		if c == '\\' || c < ' ' {
			return p.slowStr(start)
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	if i >= len(p.data) {
		p.pos = len(p.data)
		return "", p.errorf("unexpected end of input inside a string")
	}
	raw := p.data[start:i]
	if !ascii && !utf8.Valid(raw) {
		return p.slowStr(start)
	}
	p.pos = i + 1
	return p.intern(raw, isValue), nil
}

// intern returns raw as a string, shared with earlier equal strings.
func (p *parser) intern(raw []byte, isValue bool) string {
	if isValue && len(raw) > internMax {
		return string(raw)
	}
	if s, ok := p.strs[string(raw)]; ok {
		return s
	}
	s := string(raw)
	p.strs[s] = s
	return s
}

// slowStr decodes a string with escapes, control characters or invalid
// UTF-8, from start (just after the opening quote).
func (p *parser) slowStr(start int) (string, error) {
	b := p.buf[:0]
	i := start
	for {
		if i >= len(p.data) {
			p.pos = len(p.data)
			return "", p.errorf("unexpected end of input inside a string")
		}
		c := p.data[i]
		switch {
		case c == '"':
			p.pos = i + 1
			p.buf = b
			return string(b), nil
		case c < ' ':
			p.pos = i
			return "", p.errorf("control character 0x%02x inside a string; it must be escaped", c)
		case c == '\\':
			if i+1 >= len(p.data) {
				p.pos = len(p.data)
				return "", p.errorf("unexpected end of input inside a string")
			}
			switch e := p.data[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				i += 2
			case 'b':
				b = append(b, '\b')
				i += 2
			case 'f':
				b = append(b, '\f')
				i += 2
			case 'n':
				b = append(b, '\n')
				i += 2
			case 'r':
				b = append(b, '\r')
				i += 2
			case 't':
				b = append(b, '\t')
				i += 2
			case 'u':
				r, ok := hex4(p.data[i+2:])
				if !ok {
					p.pos = i
					return "", p.errorf(`invalid \u escape inside a string; it needs four hexadecimal digits`)
				}
				i += 6
				if utf16.IsSurrogate(r) {
					r2, ok := rune(-1), false
					if i+1 < len(p.data) && p.data[i] == '\\' && p.data[i+1] == 'u' {
						r2, ok = hex4(p.data[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				p.pos = i
				return "", p.errorf("invalid escape %s inside a string", strconv.Quote(string(p.data[i:i+2])))
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			b = utf8.AppendRune(b, r) // invalid UTF-8 becomes U+FFFD
			i += size
		}
	}
}

// hex4 reads four hexadecimal digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number parses a number per the JSON grammar and keeps its text.
func (p *parser) number() (any, error) {
	d := p.data
	start := p.pos
	i := start
	if d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		p.pos = i
		return nil, p.errorf("unexpected %s in a number, a digit was expected", p.describe())
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return nil, p.errorf("unexpected %s after the decimal point, a digit was expected", p.describe())
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return nil, p.errorf("unexpected %s in an exponent, a digit was expected", p.describe())
		}
	}
	p.pos = i
	return json.Number(d[start:i]), nil
}

// lineCol converts a byte offset into a 1-based line and column (columns
// count bytes).
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
