package store

import (
	"encoding/json"
	"errors"
	"hash/maphash"
	"strconv"
	"unicode/utf8"
)

// The replay reads every event's rows: with encoding/json that is most of verify's time on a
// long history. applyRows reads them in one pass without building values: each value is hashed
// straight from its bytes. It takes the form addEvent writes (objects with "t", "k" and "op"
// before "v", names without escapes); anything else — a hand-made forgery, say — is left to
// encoding/json.

// errNotPlain says that rows are not in the form applyRows reads.
var errNotPlain = errors.New("rows not in the plain form")

type rowsScanner struct {
	b []byte
	i int
}

func (s *rowsScanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and consumes c if it comes next.
func (s *rowsScanner) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string: its bytes between the quotes, and whether they hold escapes.
func (s *rowsScanner) str() (raw []byte, esc bool, err error) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false, errNotPlain
	}
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '\\':
			esc = true
			j++
		case c == '"':
			s.i = j + 1
			return s.b[start:j], esc, nil
		case c < 0x20: // JSON has no raw control characters in strings
			return nil, false, errNotPlain
		}
	}
	return nil, false, errNotPlain
}

// scalar reads a string, number, null, true or false: its kind ('s', 'n', 'z', 't', 'f') and
// bytes (a string's between its quotes).
func (s *rowsScanner) scalar() (kind byte, raw []byte, esc bool, err error) {
	s.ws()
	if s.i >= len(s.b) {
		return 0, nil, false, errNotPlain
	}
	switch c := s.b[s.i]; {
	case c == '"':
		raw, esc, err = s.str()
		return 's', raw, esc, err
	case c == '-' || '0' <= c && c <= '9':
		start := s.i
		for s.i < len(s.b) && (s.b[s.i] == '-' || s.b[s.i] == '+' || s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E' || '0' <= s.b[s.i] && s.b[s.i] <= '9') {
			s.i++
		}
		if !json.Valid(s.b[start:s.i]) { // 01, 1-2, 1e: not JSON numbers
			return 0, nil, false, errNotPlain
		}
		return 'n', s.b[start:s.i], false, nil
	}
	for _, lit := range []struct {
		text string
		kind byte
	}{{"null", 'z'}, {"true", 't'}, {"false", 'f'}} {
		if len(s.b)-s.i >= len(lit.text) && string(s.b[s.i:s.i+len(lit.text)]) == lit.text {
			s.i += len(lit.text)
			return lit.kind, nil, false, nil
		}
	}
	return 0, nil, false, errNotPlain
}

// rawValue turns a scalar's bytes into the value normalValue would give for it decoded.
func rawValue(kind byte, raw []byte, esc bool) (any, error) {
	switch kind {
	case 's':
		if esc || !utf8.Valid(raw) { // as encoding/json reads it: escapes, and U+FFFD per bad byte
			var v string
			if err := json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &v); err != nil {
				return nil, errNotPlain
			}
			return validUTF8(v), nil
		}
		return validUTF8(string(raw)), nil
	case 'n':
		return normalValue(json.Number(raw)), nil
	case 't':
		return int64(1), nil
	case 'f':
		return int64(0), nil
	}
	return nil, nil // null
}

// hashRaw is rp.hash of a scalar read by rowsScanner, without building a string when it holds
// plain valid UTF-8 text.
func (rp *replay) hashRaw(kind byte, raw []byte, esc bool) (uint32, error) {
	if kind == 's' && !esc && utf8.Valid(raw) {
		var h maphash.Hash
		h.SetSeed(rp.seed)
		h.WriteByte(2)
		h.Write(raw)
		s := h.Sum64()
		return uint32(s) ^ uint32(s>>32), nil
	}
	if kind == 'n' {
		if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return rp.hash(n), nil
		}
		if _, err := strconv.ParseFloat(string(raw), 64); err != nil {
			return 0, errNotPlain
		}
	}
	v, err := rawValue(kind, raw, esc)
	if err != nil {
		return 0, err
	}
	return rp.hash(v), nil
}

// applyRows applies an event's rows read in the plain form; errNotPlain when they are in
// another, maybe after applying some of its entries: the caller then applies them all again
// with encoding/json, which ends in the same state (each entry sets what it sets, in order).
func (rp *replay) applyRows(seq int64, text []byte) error {
	s := &rowsScanner{b: text}
	if !s.next('[') {
		return errNotPlain
	}
	if s.next(']') {
		s.ws()
		if s.i != len(s.b) {
			return errNotPlain
		}
		return nil
	}
	for {
		if !s.next('{') {
			return errNotPlain
		}
		var table, op []byte
		var keyKind byte
		var keyRaw []byte
		var keyEsc bool
		var r *replayedRow
		var cols map[string]int
		have := 0
		for {
			name, esc, err := s.str()
			if err != nil || esc || !s.next(':') {
				return errNotPlain
			}
			switch string(name) {
			case "t":
				if have != 0 {
					return errNotPlain
				}
				if table, esc, err = s.str(); err != nil || esc {
					return errNotPlain
				}
			case "k":
				if have != 1 {
					return errNotPlain
				}
				if keyKind, keyRaw, keyEsc, err = s.scalar(); err != nil || (keyKind != 'n' && keyKind != 's') {
					return errNotPlain
				}
			case "op":
				if have != 2 {
					return errNotPlain
				}
				if op, esc, err = s.str(); err != nil || esc || len(op) != 1 {
					return errNotPlain
				}
				r, cols = rp.begin(seq, table, keyKind, keyRaw, keyEsc, op[0])
			case "v":
				if have != 3 || !s.next('{') {
					return errNotPlain
				}
				if !s.next('}') {
					for {
						col, esc, err := s.str()
						if err != nil || esc || !s.next(':') {
							return errNotPlain
						}
						kind, raw, esc, err := s.scalar()
						if err != nil {
							return errNotPlain
						}
						h, err := rp.hashRaw(kind, raw, esc)
						if err != nil {
							return err
						}
						if r != nil {
							if j, ok := cols[string(col)]; ok {
								r.hashes[j], r.set[j] = h, true
							}
						}
						if s.next('}') {
							break
						}
						if !s.next(',') {
							return errNotPlain
						}
					}
				}
			default:
				return errNotPlain
			}
			have++
			if s.next('}') {
				break
			}
			if !s.next(',') {
				return errNotPlain
			}
		}
		if have < 3 {
			return errNotPlain
		}
		if s.next(']') {
			break
		}
		if !s.next(',') {
			return errNotPlain
		}
	}
	s.ws()
	if s.i != len(s.b) {
		return errNotPlain
	}
	return nil
}

// begin applies an entry's operation to its row and returns the row and its table's columns
// for the values to follow (nil for a deletion or a table the schema does not have).
func (rp *replay) begin(seq int64, table []byte, keyKind byte, keyRaw []byte, keyEsc bool, op byte) (*replayedRow, map[string]int) {
	var key any
	if keyKind == 'n' {
		n, err := strconv.ParseInt(string(keyRaw), 10, 64)
		if err != nil {
			key = string(keyRaw)
		} else {
			key = n
		}
	} else {
		key, _ = rawValue('s', keyRaw, keyEsc)
	}
	id, ok := rp.id(string(table), key)
	if !ok {
		return nil, nil
	}
	r := rp.rows[id]
	if r == nil {
		n := len(rp.tables[id.table].cols)
		r = &replayedRow{hashes: make([]uint32, n), set: make([]bool, n)}
		rp.rows[id] = r
	}
	r.seq = seq
	switch op {
	case 'd':
		r.deleted = true
		clear(r.set)
		return nil, nil
	case 'i', 'b':
		clear(r.set)
	}
	r.deleted = false
	return r, rp.cols[id.table]
}
