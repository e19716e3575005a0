package csaf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// decodeJSON decodes one JSON value into the generic form the schema
// validator and the mapper share: map[string]any, []any, string,
// json.Number, bool and nil. Errors give the line, column and byte offset.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(data, err, dec.InputOffset())
	}
	// Only white space may follow the value.
	if off := dec.InputOffset(); off < int64(len(data)) {
		rest := data[off:]
		trimmed := bytes.TrimLeft(rest, " \t\r\n")
		if len(trimmed) > 0 {
			at := off + int64(len(rest)-len(trimmed))
			line, col := lineCol(data, at)
			return nil, fmt.Errorf("not valid JSON: unexpected data after the top-level value at line %d, column %d (byte offset %d)", line, col, at)
		}
	}
	return doc, nil
}

// jsonError describes a decoding error with its position.
func jsonError(data []byte, err error, fallback int64) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included.
		at := max(syn.Offset-1, 0)
		line, col := lineCol(data, at)
		return fmt.Errorf("not valid JSON at line %d, column %d (byte offset %d): %w", line, col, at, err)
	case errors.Is(err, io.EOF) && len(bytes.TrimSpace(data)) == 0:
		return errors.New("not valid JSON: the input is empty")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		at := int64(len(data))
		line, col := lineCol(data, at)
		return fmt.Errorf("not valid JSON: unexpected end of input at line %d, column %d (byte offset %d)", line, col, at)
	default:
		line, col := lineCol(data, fallback)
		return fmt.Errorf("not valid JSON near line %d, column %d (byte offset %d): %w", line, col, fallback, err)
	}
}

// lineCol converts a byte offset into a 1-based line and column (columns
// count bytes).
func lineCol(data []byte, off int64) (line, col int) {
	off = min(off, int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
