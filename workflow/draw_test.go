package workflow

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDrawDocumentedExample: the worked example of docs/hearing-draw.md is what the code computes,
// so the published description and the draw cannot drift apart.
func TestDrawDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/hearing-draw.md")
	if err != nil {
		t.Fatal(err)
	}
	seed := "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	entries := []DrawEntry{{"BM2026-000001", "利害关系人"}, {"BM2026-000002", "群众代表"}, {"BM2026-000003", "利害关系人"}, {"BM2026-000004", "利害关系人"}}
	quotas := []Quota{{"利害关系人", 2}, {"群众代表", 1}}
	want := []string{"H = `" + SeedHash(seed) + "`", "D = `" + ListDigest(entries) + "`"}
	draw := &HearingDraw{Quotas: quotas, DrawnAt: time.Unix(1, 0)}
	for _, x := range Draw(seed, entries, quotas) {
		draw.Signups = append(draw.Signups, HearingSignup{Ref: x.Ref, Category: x.Category, Rank: x.Rank})
		want = append(want, "| "+x.Category+" | "+strconv.Itoa(x.Rank)+" | "+x.Ref+" | `"+x.Key+"` |")
	}
	for _, w := range want {
		if !strings.Contains(string(doc), w) {
			t.Errorf("docs/hearing-draw.md lacks %q", w)
		}
	}
	st := draw.Standings()
	if len(st) != 4 || st[0].Signup.Ref != "BM2026-000004" || st[2].Status != SeatReserve || st[2].Reserve != 1 || st[3].Status != SeatTaken {
		t.Fatalf("standings: %+v", st)
	}
	// A seated participant withdraws: the reserve takes the seat.
	draw.Signups[0].WithdrawnAt = time.Unix(2, 0)
	st = draw.Standings()
	if st[0].Status != SeatWithdrawn || st[2].Status != SeatTaken || st[2].Reserve != 0 {
		t.Fatalf("standings after a withdrawal: %+v", st)
	}
	if got := draw.Entries(); len(got) != 4 {
		t.Fatalf("a drawn draw's entries are those it took, withdrawn since or not: %v", got)
	}
}
