// Package textclean keeps hostile text out of juece at its edges: what comes in is normalised
// once, in the form reader, and what goes out as CSV cannot be read as a formula.
package textclean

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean normalises one text field as typed: CRLF and a bare CR become a newline; NUL and every
// other control character but newline and tab are removed (they cannot be seen, break the
// history's exports and end up raw in a page's <title>); bidi embedding, override and isolate
// characters are removed and reported, since they make a text read differently from what it
// says (the caller refuses the field); the rest is NFC-normalised so that the same words are
// stored, searched and compared as the same bytes. Clean expects valid UTF-8.
func Clean(s string) (clean string, hadBidi bool) {
	if isPlain(s) {
		return s, false
	}
	if !hasControl(s) {
		return norm.NFC.String(s), false // returns s itself when it is NFC already
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case IsBidiControl(r):
			hadBidi = true
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String()), hadBidi
}

// isPlain says s is printable ASCII (with newline and tab): nothing for Clean to do, which is
// the common case of a form's numbers, dates and choices.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || (c < 0x20 && c != '\n' && c != '\t') {
			return false
		}
	}
	return true
}

// hasControl says whether valid UTF-8 s holds anything Clean removes or changes besides NFC: a
// control character but newline and tab (C0, DEL, C1 as C2 80–9F) or a bidi control (E2 80 AA–AE,
// E2 81 A6–A9). Most text has none and is only NFC-normalised.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\n' && c != '\t', c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return true
		case c == 0xe2 && i+2 < len(s) && ((s[i+1] == 0x80 && s[i+2] >= 0xaa && s[i+2] <= 0xae) || (s[i+1] == 0x81 && s[i+2] >= 0xa6 && s[i+2] <= 0xa9)):
			return true
		}
	}
	return false
}

// Line is Clean for a one-line field (a title, a name): newlines and tabs become spaces.
func Line(s string) (clean string, hadBidi bool) {
	clean, hadBidi = Clean(s)
	if strings.ContainsAny(clean, "\n\t") {
		clean = strings.Join(strings.FieldsFunc(clean, func(r rune) bool { return r == '\n' || r == '\t' }), " ")
	}
	return clean, hadBidi
}

// IsBidiControl reports the characters that change the direction text is shown in: the
// embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069 ("Trojan Source").
func IsBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// CSVWriter writes CSV whose cells a spreadsheet shows as text: a cell that starts like a
// formula (= + - @, or a tab or CR before one) gets a leading apostrophe. Every CSV juece
// exports goes through it.
type CSVWriter struct{ *csv.Writer }

// NewCSVWriter writes formula-safe CSV to w.
func NewCSVWriter(w io.Writer) CSVWriter { return CSVWriter{csv.NewWriter(w)} }

// Write writes one row, each cell made safe.
func (w CSVWriter) Write(row []string) error {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = SafeCell(v)
	}
	return w.Writer.Write(out)
}

// SafeCell is v as a cell a spreadsheet will not evaluate.
func SafeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// UnsafeCell undoes SafeCell, for a file juece exported that comes back in an import.
func UnsafeCell(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}
