package render

import (
	"strings"
)

// richPara is a paragraph of a document text prepared for HTML: lines
// (shown with line breaks between them) of plain and link segments. The
// template escapes every segment; html/template also refuses link targets
// that are not http(s), mailto or relative.
type richPara [][]segment

// segment is a run of text, a link when URL is set.
type segment struct {
	Text string
	URL  string
}

// richText splits a document text into paragraphs at blank lines, keeps its
// line breaks, and turns the http and https URLs it holds into links.
func richText(s string) []richPara {
	var out []richPara
	var cur richPara
	for _, line := range unwrapLines(cleanText(s)) {
		line = strings.TrimSpace(line)
		if line == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, linkify(line))
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// linkify cuts a line into text and URL segments.
func linkify(line string) []segment {
	var out []segment
	for line != "" {
		i := urlStart(line)
		if i < 0 {
			out = append(out, segment{Text: line})
			break
		}
		if i > 0 {
			out = append(out, segment{Text: line[:i]})
		}
		n := urlLen(line[i:])
		out = append(out, segment{Text: line[i : i+n], URL: line[i : i+n]})
		line = line[i+n:]
	}
	return out
}

// urlStart finds the first "http://" or "https://" in s that has something
// after it, or -1.
func urlStart(s string) int {
	off := 0
	for {
		i := strings.Index(s[off:], "http")
		if i < 0 {
			return -1
		}
		i += off
		rest := s[i:]
		for _, p := range []string{"https://", "http://"} {
			if strings.HasPrefix(rest, p) && len(rest) > len(p) && !strings.ContainsAny(rest[len(p):len(p)+1], " <>\"'") {
				return i
			}
		}
		off = i + 4
	}
}

// urlLen measures the URL at the start of s: up to white space or an angle
// bracket or quote, without trailing punctuation, and without a closing
// parenthesis that has no opening one inside the URL.
func urlLen(s string) int {
	n := strings.IndexAny(s, " <>\"")
	if n < 0 {
		n = len(s)
	}
	for n > 0 {
		c := s[n-1]
		if strings.IndexByte(".,;:!?'", c) >= 0 {
			n--
			continue
		}
		if c == ')' && strings.Count(s[:n], "(") < strings.Count(s[:n], ")") {
			n--
			continue
		}
		if c == ']' && strings.Count(s[:n], "[") < strings.Count(s[:n], "]") {
			n--
			continue
		}
		break
	}
	return n
}
