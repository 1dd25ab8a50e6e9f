package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// The public draw of hearing participants (听证参加人公开随机抽选, 条例第16条 "公平公开"): citizens
// sign up on the portal in a category; the undertaking unit sets the seats of each category and
// commits to a random seed by publishing its hash with the method, before anyone signs up; after
// the sign-up closes the seed is revealed in front of witnesses and the list follows from the
// seed and the published sign-ups alone, by the algorithm below (docs/hearing-draw.md), so that
// anyone can recompute it.

// Quota is the number of seats of one category.
type Quota struct {
	Category string
	Seats    int
}

// DrawEntry is a sign-up as the draw sees it: its receipt number and category.
type DrawEntry struct {
	Ref      string
	Category string
}

// Drawn is an entry's place in its category's order: Rank 1 is drawn first. The first Seats
// ranks of a category take part; the others are reserves, called in rank order.
type Drawn struct {
	DrawEntry
	Rank int
	Key  string // the entry's draw key, hex
}

// SeedHash is the published commitment to a seed: the SHA-256 of the seed's text, hex.
func SeedHash(seed string) string {
	h := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(h[:])
}

// ListDigest is the SHA-256, hex, of the sign-up list: one line "ref<TAB>category<LF>" per
// entry, the entries sorted by ref (byte order).
func ListDigest(entries []DrawEntry) string {
	sorted := append([]DrawEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Ref < sorted[j].Ref })
	var b strings.Builder
	for _, e := range sorted {
		b.WriteString(e.Ref + "\t" + e.Category + "\n")
	}
	h := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(h[:])
}

// DrawKey is an entry's key: SHA-256, hex, of "seed<LF>digest<LF>ref". Through the digest every
// key depends on the whole list, so a sign-up added or removed changes every key.
func DrawKey(seed, digest, ref string) string {
	h := sha256.Sum256([]byte(seed + "\n" + digest + "\n" + ref))
	return hex.EncodeToString(h[:])
}

// Draw orders each category's entries by key (then ref), in the order of quotas. Entries of a
// category without a quota are not drawn.
func Draw(seed string, entries []DrawEntry, quotas []Quota) []Drawn {
	digest := ListDigest(entries)
	var out []Drawn
	for _, q := range quotas {
		var cat []Drawn
		for _, e := range entries {
			if e.Category == q.Category {
				cat = append(cat, Drawn{DrawEntry: e, Key: DrawKey(seed, digest, e.Ref)})
			}
		}
		sort.Slice(cat, func(i, j int) bool {
			if cat[i].Key != cat[j].Key {
				return cat[i].Key < cat[j].Key
			}
			return cat[i].Ref < cat[j].Ref
		})
		for i := range cat {
			cat[i].Rank = i + 1
		}
		out = append(out, cat...)
	}
	return out
}

// HearingDraw is a decision's draw of hearing participants.
type HearingDraw struct {
	ID             int64
	SignupClosesOn time.Time // the last day of sign-up (included)
	Quotas         []Quota
	SeedHash       string
	Seed           string // secret until the draw: empty when not drawn, whoever reads it
	CommittedAt    time.Time
	DrawnAt        time.Time // zero until drawn
	Witnesses      string
	ListDigest     string
	Signups        []HearingSignup // by ref
}

// Drawn says whether the draw has taken place.
func (d *HearingDraw) Drawn() bool { return !d.DrawnAt.IsZero() }

// Seats is the number of seats of a category; 0 when it has none.
func (d *HearingDraw) Seats(category string) int {
	for _, q := range d.Quotas {
		if q.Category == category {
			return q.Seats
		}
	}
	return 0
}

// HearingSignup is a citizen's sign-up for a hearing.
type HearingSignup struct {
	ID              int64
	Ref             string // receipt number, e.g. BM2026-000012
	Name            string
	Category        string
	Organisation    string // work unit or identity
	Contact         string // never published
	Interest        string // declaration of interest (利害关系声明), never published
	SignedUpAt      time.Time
	Rank            int // place in its category's draw order, from 1; 0 until drawn
	WithdrawnAt     time.Time
	WithdrawnReason string
}

// Withdrawn says whether the sign-up was withdrawn (before the draw: left out of it; after: its
// seat goes to the next reserve).
func (s HearingSignup) Withdrawn() bool { return !s.WithdrawnAt.IsZero() }

// SeatStatus is what a drawn sign-up is now.
type SeatStatus string

// The statuses of a drawn sign-up.
const (
	SeatTaken     SeatStatus = "seated"    // 入选
	SeatReserve   SeatStatus = "reserve"   // 候补
	SeatWithdrawn SeatStatus = "withdrawn" // 已退出
)

// Label is the status in Chinese.
func (s SeatStatus) Label() string {
	switch s {
	case SeatTaken:
		return "入选"
	case SeatReserve:
		return "候补"
	case SeatWithdrawn:
		return "已退出"
	}
	return string(s)
}

// Standing lists the drawn sign-ups of each category in rank order with their status now:
// withdrawals leave their seat to the reserves in rank order. Reserve gives a reserve's place
// in the queue (1 is called first).
type Standing struct {
	Signup  HearingSignup
	Status  SeatStatus
	Reserve int
}

// Standings is the current list of a drawn draw, category by category in the quotas' order.
func (d *HearingDraw) Standings() []Standing {
	var out []Standing
	for _, q := range d.Quotas {
		var cat []HearingSignup
		for _, s := range d.Signups {
			if s.Category == q.Category && s.Rank > 0 {
				cat = append(cat, s)
			}
		}
		sort.Slice(cat, func(i, j int) bool { return cat[i].Rank < cat[j].Rank })
		seated, reserve := 0, 0
		for _, s := range cat {
			st := Standing{Signup: s}
			switch {
			case s.Withdrawn():
				st.Status = SeatWithdrawn
			case seated < q.Seats:
				st.Status = SeatTaken
				seated++
			default:
				reserve++
				st.Status, st.Reserve = SeatReserve, reserve
			}
			out = append(out, st)
		}
	}
	return out
}

// Entries are the sign-ups the draw takes: those not withdrawn before it, in a category with seats.
func (d *HearingDraw) Entries() []DrawEntry {
	var out []DrawEntry
	for _, s := range d.Signups {
		taken := !s.Withdrawn() && d.Seats(s.Category) > 0
		if d.Drawn() { // the entries the draw took, whatever happened to them since
			taken = s.Rank > 0
		}
		if taken {
			out = append(out, DrawEntry{Ref: s.Ref, Category: s.Category})
		}
	}
	return out
}
