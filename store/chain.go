package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The history is a hash chain: event seq carries prev_hash, the hash of event seq-1 (GenesisHash
// for the first), and hash = SHA-256(0x01 || prev_hash bytes || CanonicalEvent(row)), both as
// lowercase hex. Changing, deleting or reordering an event breaks the chain at that event;
// rewriting the chain from some event on, with every later hash recomputed, is caught by the
// signed checkpoints (checkpoint.go).

// GenesisHash is the prev_hash of the first event: 32 zero bytes in hex.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// eventHashDomain is the first byte hashed for an event, so that an event's hash can never be
// taken for the hash of anything else built from the same bytes.
const eventHashDomain = 0x01

// EventRow is one history event exactly as the events table stores it: the values the chain
// hash covers. NULL ids are 0, times Unix milliseconds UTC.
type EventRow struct {
	Seq        int64
	DecisionID int64
	UserID     int64
	UserName   string
	Role       string
	UnitID     int64
	At         int64
	Action     string
	FromState  string
	ToState    string
	Summary    string
	Changes    string // the stored JSON array text, byte for byte
	Rows       string // the values written (records.go), byte for byte; "" for events before them
}

// CanonicalEvent is the one encoding of an event that its hash covers, used by the writer and
// by the verifier alike: a JSON object with the keys in byte order, integers in decimal and
// strings as UTF-8 with only '"', '\' and the control characters escaped — the form RFC 8785
// (JCS) gives this shape, so an outside verifier can rebuild it (Python's json.dumps with
// sort_keys=True, ensure_ascii=False, separators=(",", ":") gives the same bytes). The key
// "rows" is present only when the event has them, so events written before they existed keep
// their hashes. A string that is not valid UTF-8 has no canonical form and is an error.
func CanonicalEvent(r EventRow) ([]byte, error) {
	b := make([]byte, 0, 256+len(r.UserName)+len(r.Summary)+len(r.Changes)+len(r.Rows))
	b = append(b, '{')
	var err error
	str := func(key, v string) {
		if err == nil && !utf8.ValidString(v) {
			err = fmt.Errorf("store: event %d: %s is not valid UTF-8", r.Seq, key)
		}
		b = appendKey(b, key)
		b = appendString(b, v)
	}
	num := func(key string, v int64) {
		b = appendKey(b, key)
		b = strconv.AppendInt(b, v, 10)
	}
	// The keys in byte order; TestCanonicalEventKeysSorted keeps them so.
	str("action", r.Action)
	num("at", r.At)
	str("changes", r.Changes)
	num("decision_id", r.DecisionID)
	str("from_state", r.FromState)
	str("role", r.Role)
	if r.Rows != "" {
		str("rows", r.Rows)
	}
	num("seq", r.Seq)
	str("summary", r.Summary)
	str("to_state", r.ToState)
	num("unit_id", r.UnitID)
	num("user_id", r.UserID)
	str("user_name", r.UserName)
	b = append(b, '}')
	if err != nil {
		return nil, err
	}
	return b, nil
}

// appendKey appends a member's key and colon, with a comma before every member but the first.
func appendKey(b []byte, key string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = appendString(b, key)
	return append(b, ':')
}

// appendString appends s as a JSON string the way RFC 8785 writes it: '"' and '\' escaped,
// \b \t \n \f \r for those controls, \u00xx for the other controls, everything else as is.
func appendString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // the bytes from start on are copied as they are, in one go
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// EventHash is the chain hash of event r following an event whose hash is prevHash (both hex):
// hex(SHA-256(0x01 || prevHash bytes || CanonicalEvent(r))).
func EventHash(prevHash string, r EventRow) (string, error) {
	prev, err := hex.DecodeString(prevHash)
	if err != nil || len(prev) != sha256.Size {
		return "", fmt.Errorf("store: event %d: prev_hash %q is not %d bytes of hex", r.Seq, prevHash, sha256.Size)
	}
	canon, err := CanonicalEvent(r)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte{eventHashDomain})
	h.Write(prev)
	h.Write(canon)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ChainHead is the last event of the chain: its seq (the number of events) and its hash.
// The empty chain's head is {0, GenesisHash}.
type ChainHead struct {
	Seq  int64
	Hash string
}

// ChainError says where the history fails its check: Seq is the first bad event (for a gap,
// the first missing seq), Reason says what is wrong, in Chinese, for the audit page.
type ChainError struct {
	Seq    int64
	Reason string
}

func (e *ChainError) Error() string { return "审计链校验失败：" + e.Reason }

// Head is the chain's last event, or {0, GenesisHash} when there is none yet.
func (db *DB) Head(ctx context.Context) (ChainHead, error) {
	return chainHead(ctx, db.read)
}

// chainHead reads the chain's last event through q: the reader pool or the write transaction.
func chainHead(ctx context.Context, q querier) (ChainHead, error) {
	h := ChainHead{Hash: GenesisHash}
	err := q.QueryRowContext(ctx, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").Scan(&h.Seq, &h.Hash)
	if isNoRows(err) {
		return ChainHead{Hash: GenesisHash}, nil
	}
	if err != nil {
		return ChainHead{}, fmt.Errorf("store: chain head: %w", err)
	}
	return h, nil
}

// VerifyChain checks the whole history: the seqs run from 1 without a gap, every event's
// prev_hash is its predecessor's hash, every hash matches its event, and every checkpoint's
// event exists and carries the checkpoint's hash. It streams the events in one read, so it
// works on a history of any length, and stops at the first bad event: the error is then a
// *ChainError naming it (other errors are reading failures). Checkpoints come from
// ReadCheckpoints, whose signatures are already checked. On success it returns the head.
func (db *DB) VerifyChain(ctx context.Context, checkpoints []Checkpoint) (ChainHead, error) {
	return db.verifyFrom(ctx, 1, checkpoints)
}

// verifyFrom checks the events from seq start on (see VerifyChain) and returns the head. From start 1 the first event must follow GenesisHash. From a
// later start the first event's prev_hash is taken as stored (its own hash is still checked):
// a checkpoint at start must vouch for it, so checkpoints must hold one of that size.
func (db *DB) verifyFrom(ctx context.Context, start int64, checkpoints []Checkpoint) (ChainHead, error) {
	cps := slices.Clone(checkpoints)
	slices.SortStableFunc(cps, func(a, b Checkpoint) int { return cmp.Compare(a.Size, b.Size) })
	for _, cp := range cps {
		if cp.Size < start {
			return ChainHead{}, fmt.Errorf("store: checkpoint %s: size %d before the checked range from %d", cp.File, cp.Size, start)
		}
	}
	if start > 1 && (len(cps) == 0 || cps[0].Size != start) {
		return ChainHead{}, fmt.Errorf("store: verify chain from %d: no checkpoint vouches for event %d", start, start)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, seq, prev_hash, hash, coalesce(decision_id, 0), coalesce(user_id, 0),
		user_name, role, coalesce(unit_id, 0), at, action, from_state, to_state, summary, changes, rows
		FROM events WHERE seq >= ? ORDER BY seq`, start)
	if err != nil {
		return ChainHead{}, fmt.Errorf("store: verify chain: %w", err)
	}
	defer rows.Close()
	head := ChainHead{Seq: start - 1, Hash: GenesisHash}
	for rows.Next() {
		var id int64
		var prevHash, hash string
		var r EventRow
		if err := rows.Scan(&id, &r.Seq, &prevHash, &hash, &r.DecisionID, &r.UserID, &r.UserName, &r.Role, &r.UnitID,
			&r.At, &r.Action, &r.FromState, &r.ToState, &r.Summary, &r.Changes, &r.Rows); err != nil {
			return ChainHead{}, fmt.Errorf("store: verify chain after event %d: %w", head.Seq, err)
		}
		want := head.Seq + 1
		switch {
		case r.Seq > want:
			return ChainHead{}, &ChainError{Seq: want, Reason: fmt.Sprintf("序号 %d 缺失（事件被删除）", want)}
		case r.Seq < want:
			return ChainHead{}, &ChainError{Seq: want, Reason: fmt.Sprintf("第 %d 号事件之后出现序号 %d（序号重复或错乱）", head.Seq, r.Seq)}
		case id != r.Seq:
			return ChainHead{}, &ChainError{Seq: r.Seq, Reason: fmt.Sprintf("第 %d 号事件的行号为 %d，与序号不符（事件被挪动）", r.Seq, id)}
		case (r.Seq > start || start == 1) && prevHash != head.Hash:
			return ChainHead{}, &ChainError{Seq: r.Seq, Reason: fmt.Sprintf("第 %d 号事件记载的前一哈希与第 %d 号事件的哈希不符（链接断开）", r.Seq, head.Seq)}
		}
		got, err := EventHash(prevHash, r)
		if err != nil || got != hash {
			return ChainHead{}, &ChainError{Seq: r.Seq, Reason: fmt.Sprintf("第 %d 号事件的哈希值与内容不符（内容被改动）", r.Seq)}
		}
		head = ChainHead{Seq: r.Seq, Hash: hash}
		for len(cps) > 0 && cps[0].Size == head.Seq {
			if cps[0].Hash != head.Hash {
				return ChainHead{}, &ChainError{Seq: head.Seq, Reason: fmt.Sprintf(
					"第 %d 号事件的哈希值与检查点 %s 不符（此前的历史被改写）", head.Seq, filepath.Base(cps[0].File))}
			}
			cps = cps[1:]
		}
	}
	if err := rows.Err(); err != nil {
		return ChainHead{}, fmt.Errorf("store: verify chain after event %d: %w", head.Seq, err)
	}
	if len(cps) > 0 {
		cp := cps[len(cps)-1]
		return ChainHead{}, &ChainError{Seq: head.Seq + 1, Reason: fmt.Sprintf(
			"序号 %d 缺失：检查点 %s 记载了 %d 个事件，库中只有 %d 个（链尾被截断）", head.Seq+1, filepath.Base(cp.File), cp.Size, head.Seq)}
	}
	return head, nil
}
