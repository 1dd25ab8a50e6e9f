package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"juece/store"
	"juece/workflow"
)

// apiGet reads a JSON answer of the public API.
func (a *app) apiGet(path string, v any) int {
	a.t.Helper()
	res, err := http.Get(a.srv.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		a.t.Fatalf("GET %s: %d: %v: %s", path, res.StatusCode, err, b)
	}
	return res.StatusCode
}

// apiListed says whether an API list names decision id.
func (a *app) apiListed(name string, id int64) bool {
	a.t.Helper()
	var got struct {
		Data []struct {
			DecisionID int64 `json:"decision_id"`
		}
	}
	if st := a.apiGet("/api/v1/public/"+name+"?per_page=200", &got); st != http.StatusOK {
		a.t.Fatalf("GET %s: %d", name, st)
	}
	for _, r := range got.Data {
		if r.DecisionID == id {
			return true
		}
	}
	return false
}

// TestOpenDataHidesWhatPagesHide: the edge cases of the portal's rules (a date still to come,
// a matter not to be disclosed, an approved decision not yet published, a publication recorded
// in a state before the decision) are hidden by the API as by the pages, and appear in both on
// the day they become public.
func TestOpenDataHidesWhatPagesHide(t *testing.T) {
	a := newApp(t)
	clerk, sec := a.users["clerk"].Actor(), a.users["secretary"].Actor()
	publish := func(ev workflow.Event, to workflow.State, days int) func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
		return func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
			if err := move(ctx, tx, sec, at, d, ev, to); err != nil {
				return err
			}
			return tx.SavePublication(ctx, sec, at, d, workflow.Publication{DocNumber: "江政发〔2026〕1号",
				PublishedOn: workflow.Day(at).AddDate(0, 0, days), Channels: "政府公报", Text: "正文"})
		}
	}
	cases := map[string]int64{
		"publication tomorrow":  a.seedDecision("明日公布的决策", publish(workflow.Approve, workflow.Published, 1)),
		"publication too early": a.seedDecision("集体讨论阶段记录了公布的决策", publish(workflow.Start, workflow.Drafting, 0)),
		"approved not published": a.seedDecision("已通过尚未公布的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
			return move(ctx, tx, sec, at, d, workflow.Approve, workflow.Published)
		}),
		"not disclosed": a.seedConsultation("依法不得公开的事项", workflow.Flags{NotDisclosed: true, NotDisclosedReason: "涉及国家秘密"}),
		"hearing notice tomorrow": a.seedDecision("听证公告明日发布的事项", func(ctx context.Context, tx *store.Tx, d *workflow.Decision, at time.Time) error {
			if err := move(ctx, tx, clerk, at, d, workflow.ToHearing, workflow.Hearing); err != nil {
				return err
			}
			day := workflow.Day(at).AddDate(0, 0, 1)
			return tx.SaveHearing(ctx, clerk, at, d, workflow.HearingRecord{NoticePublishedOn: day, Place: "会议室", HeldOn: day.AddDate(0, 0, 20)})
		}),
		"published": a.seedPublished("已公布的决策"),
	}
	check := func(when string) map[string]bool {
		t.Helper()
		shown := map[string]bool{}
		for name, id := range cases {
			for _, kind := range []string{"decisions", "consultations", "hearings"} {
				st, _ := a.anon().get("/public/" + kind + "/" + itoa(id))
				var v map[string]any
				ast := a.apiGet("/api/v1/public/"+kind+"/"+itoa(id), &v)
				listed := a.apiListed(kind, id)
				if ast != st || listed != (st == http.StatusOK) {
					t.Errorf("%s, %s (%s): page %d, API %d, listed %v", when, name, kind, st, ast, listed)
				}
				if st == http.StatusOK {
					shown[name+" "+kind] = true
				}
			}
		}
		return shown
	}
	today := check("today")
	if !today["published decisions"] || today["publication tomorrow decisions"] || today["publication too early decisions"] ||
		today["approved not published decisions"] || today["not disclosed consultations"] || today["hearing notice tomorrow hearings"] {
		t.Fatalf("today the portal shows %v", today)
	}
	a.clock.Add(24 * time.Hour)
	tomorrow := check("tomorrow")
	if !tomorrow["publication tomorrow decisions"] || !tomorrow["hearing notice tomorrow hearings"] || tomorrow["publication too early decisions"] {
		t.Fatalf("tomorrow the portal shows %v", tomorrow)
	}
}
