package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"juece/store"
	"juece/workflow"
)

// TestBrowserHearingDraw: in real Chromium, the clerk publishes the draw's method, a citizen
// signs up on the hearing's page in a browser of their own and keeps the receipt number, and
// after the sign-up closes the clerk draws in front of witnesses; the citizen then reads the
// seed and the drawn list, with their number in it. Every page is checked with axe-core and the
// keyboard.
func TestBrowserHearingDraw(t *testing.T) {
	a := newApp(t)
	b := startBrowser(t)
	id := a.seedHearing("城市燃气价格调整方案")
	staff, citizen := b.newTab(t, a.srv.URL), b.newTab(t, a.srv.URL)
	dec := "/decisions/" + itoa(id)
	path := "/public/hearings/" + itoa(id)

	staff.login("clerk")
	staff.open(dec, "decision-hearing-draw")
	setup := `form[action="` + dec + `/draw/setup#form-draw"]`
	staff.fill(setup, field{"signup_closes_on", a.day(5)}, field{"seats_0", "2"}, field{"seats_6", "1"})
	staff.submit(setup)
	if errs := staff.errors(); len(errs) > 0 {
		t.Fatalf("publishing the method: %q", errs)
	}

	// The citizen's first try lacks the declaration of interest: refused next to the field,
	// the name kept.
	citizen.open(path, "public-hearing-signup")
	pub := `form.public-form`
	citizen.fill(pub, field{"name", "孙小梅"}, field{"category", "利害关系人"}, field{"organisation", "燃气用户"},
		field{"contact", "13900001111"})
	citizen.submit(pub)
	if msg := citizen.text("#signup-interest-err"); !strings.Contains(msg, "利害关系声明") {
		t.Fatalf("a sign-up without the declaration: message %q", msg)
	}
	if v := citizen.value(pub + ` [name="name"]`); v != "孙小梅" {
		t.Fatalf("the name typed was lost: %q", v)
	}
	citizen.fill(pub, field{"interest", "本市管道燃气用户"})
	citizen.submit(pub)
	ref := citizen.text(".receipt-ref")
	if !strings.HasPrefix(ref, "BM2026-") {
		t.Fatalf("no receipt number: %q; the page says %q", ref, citizen.errors())
	}
	err := a.db.InTx(context.Background(), func(tx *store.Tx) error {
		for i, cat := range []string{"利害关系人", "利害关系人", "群众代表", "群众代表"} {
			if _, err := tx.AddHearingSignup(context.Background(), a.clock.Now(), id, workflow.HearingSignup{Name: "报名人" + itoa(int64(i)),
				Category: cat, Contact: "1380000000" + itoa(int64(i)), Interest: "本市居民"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// After the last day the clerk draws, the witnesses named.
	a.clock.Add(6 * 24 * time.Hour)
	staff.do("drop the expired session", chromedp.Navigate(staff.base+"/login"))
	staff.login("clerk")
	staff.open(dec, "decision-hearing-drawn")
	run := `form[action="` + dec + `/draw#form-run-draw"]`
	staff.fill(run, field{"witnesses", "公证员 韦志明；市人大代表 吴丽华"})
	staff.submit(run)
	if errs := staff.errors(); len(errs) > 0 {
		t.Fatalf("the draw: %q", errs)
	}

	if draw, err := a.db.HearingDraw(context.Background(), id); err != nil || !draw.Drawn() {
		t.Fatalf("not drawn: %v", err)
	}
	// The page before the draw may still be in the browser's cache for its minute: a new address.
	citizen.open(path+"?drawn", "public-hearing-drawn")
	if seed := citizen.text(".seed"); len(seed) != 64 {
		t.Fatalf("the seed is not shown: %q", seed)
	}
	if list := citizen.text("table.standings"); !strings.Contains(list, ref) || !strings.Contains(list, "孙小梅") || strings.Contains(list, "13900001111") {
		t.Fatalf("the drawn list: %q", list)
	}
}
