package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCanonicalEvent feeds arbitrary events to CanonicalEvent and EventHash. An event with a
// string that is not valid UTF-8 must be refused by both. Any other event must encode to valid
// UTF-8 JSON with exactly the twelve members, whose values decode back to the event (so two
// events never share an encoding), the same bytes every time, and re-encoding what was decoded
// must give the same bytes; its hash must be 64 lowercase hex digits, the same every time, and
// change with the previous hash.
func FuzzCanonicalEvent(f *testing.F) {
	f.Add(int64(1), int64(2), int64(3), "张明", "clerk", int64(4), int64(1772413200000), "start", "proposed", "drafting",
		"决定启动：依工作安排", `[{"field":"阶段","before":"决策启动","after":"起草"}]`, GenesisHash)
	f.Add(int64(-1), int64(0), int64(-9223372036854775808), "\"\\\b\f\n\r\t\x00\x1f\x7f", "", int64(9223372036854775807), int64(0),
		"\u2028\u2029", "<>&", "\ufeff", "𝄞😀", "", strings.Repeat("ab", 32))
	f.Add(int64(5), int64(6), int64(7), "bad \xff utf-8", "r", int64(8), int64(9), "a", "b", "c", "d", "[]", "not hex")
	f.Add(int64(5), int64(6), int64(7), "u", "r", int64(8), int64(9), "a", "b", "c", "d", "[]", strings.ToUpper(GenesisHash[:62])+"0A")
	f.Fuzz(func(t *testing.T, seq, decisionID, userID int64, userName, role string, unitID, at int64,
		action, from, to, summary, changes, prev string) {
		r := EventRow{Seq: seq, DecisionID: decisionID, UserID: userID, UserName: userName, Role: role, UnitID: unitID,
			At: at, Action: action, FromState: from, ToState: to, Summary: summary, Changes: changes}
		canon, err := CanonicalEvent(r)
		validPrev := len(prev) == 64 && isHex(prev)
		hash, herr := EventHash(prev, r)
		valid := true
		for _, s := range []string{userName, role, action, from, to, summary, changes} {
			valid = valid && utf8.ValidString(s)
		}
		if !valid {
			if err == nil || herr == nil {
				t.Fatalf("an event with invalid UTF-8 was encoded: %q, hash %q", canon, hash)
			}
			return
		}
		if err != nil {
			t.Fatalf("CanonicalEvent(%+v): %v", r, err)
		}
		if !utf8.Valid(canon) || !json.Valid(canon) {
			t.Fatalf("not valid UTF-8 JSON: %q", canon)
		}
		again, _ := CanonicalEvent(r)
		if !bytes.Equal(canon, again) {
			t.Fatalf("two encodings of one event:\n%q\n%q", canon, again)
		}

		// Decoded, the members are the event's values, and nothing else.
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(canon))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		str := func(k string) string { s, _ := m[k].(string); return s }
		num := func(k string) int64 {
			n, ok := m[k].(json.Number)
			if !ok {
				t.Fatalf("%s is %T, want a number: %q", k, m[k], canon)
			}
			v, err := strconv.ParseInt(string(n), 10, 64)
			if err != nil || string(n) != strconv.FormatInt(v, 10) {
				t.Fatalf("%s is %q, not a plain integer: %q", k, n, canon)
			}
			return v
		}
		back := EventRow{Seq: num("seq"), DecisionID: num("decision_id"), UserID: num("user_id"), UserName: str("user_name"),
			Role: str("role"), UnitID: num("unit_id"), At: num("at"), Action: str("action"), FromState: str("from_state"),
			ToState: str("to_state"), Summary: str("summary"), Changes: str("changes")}
		if len(m) != 12 || back != r {
			t.Fatalf("decoded %d members %+v, want %+v", len(m), back, r)
		}
		if re, err := CanonicalEvent(back); err != nil || !bytes.Equal(re, canon) {
			t.Fatalf("re-encoded differently:\n%q\n%q (%v)", canon, re, err)
		}

		if !validPrev {
			if herr == nil {
				t.Fatalf("EventHash accepted prev_hash %q", prev)
			}
			return
		}
		if herr != nil || len(hash) != 64 || !isHex(hash) || strings.ToLower(hash) != hash {
			t.Fatalf("EventHash: %q, %v", hash, herr)
		}
		if again, _ := EventHash(prev, r); again != hash {
			t.Fatalf("two hashes of one event: %s, %s", hash, again)
		}
		other := []byte(prev)
		if other[0] = '0'; prev[0] == '0' {
			other[0] = '1'
		}
		if h, _ := EventHash(string(other), r); h == hash {
			t.Fatalf("the hash ignores the previous hash")
		}
	})
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}
