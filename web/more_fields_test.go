package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"juece/store"
	"juece/workflow"
)

// addField adds fd to the description of form, and its column to table of the database in dir
// as its migration would, as a new field is added: one line in workflow.Forms, one migration.
// The description is restored when the test ends, after its server has stopped.
func addField(t *testing.T, dir, form, table string, fd workflow.Field) {
	t.Helper()
	old := workflow.Forms[form]
	workflow.Forms[form] = append(slices.Clone(old), fd)
	t.Cleanup(func() { workflow.Forms[form] = old })
	path := filepath.Join(dir, "juece.db")
	db, err := store.Open(context.Background(), path) // the migrations so far
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`ALTER TABLE ` + table + ` ADD COLUMN ` + fd.Name + ` TEXT NOT NULL DEFAULT ''`); err != nil {
		t.Fatal(err)
	}
}

// TestFieldAddedByDescription: a field added to the comment notice by its description and its
// column alone is drawn with its label, read with its kind's checks (refused next to it, what
// was typed kept), stored, shown on the decision page and in the dossier, and written into the
// history with its label; the chain and the recorded rows still verify.
func TestFieldAddedByDescription(t *testing.T) {
	const name, label = "summary_due_on", "意见汇总完成日期"
	dir := t.TempDir()
	addField(t, dir, string(workflow.RecNotice), "comment_notices",
		workflow.Field{Name: name, Label: label, Kind: workflow.KindDate, Required: true, Hint: "征求意见截止后汇总公众意见的日期"})
	a := newAppIn(t, dir)
	id, clerk := a.inConsultation(t, "城市公共交通票价调整方案")
	page := "/decisions/" + itoa(id)

	input := func(doc *goquery.Document) *goquery.Selection {
		return doc.Find(`form[action="` + page + `/notice#form-notice"] input[name="` + name + `"]`)
	}
	_, doc := clerk.get(page)
	in := input(doc)
	if in.Length() != 1 || in.AttrOr("type", "") != "date" {
		t.Fatalf("the notice form has no date input %s: %d", name, in.Length())
	}
	if l := doc.Find(`label[for="` + in.AttrOr("id", "") + `"]`).Text(); l != label {
		t.Fatalf("the added field's label is %q, want %q", l, label)
	}

	notice := url.Values{"channel": {"市人民政府门户网站"}, "how_to_submit": {"信函"}, "explanation": {"起草说明"},
		"starts_on": {a.day(0)}, "ends_on": {a.day(29)}, "published_on": {a.day(0)}}
	for value, want := range map[string]string{"": "请填写" + label, "2026-02-30": label + "应为有效日期"} {
		notice.Set(name, value)
		before, events := a.decision(id), a.eventCount(id)
		r := clerk.send(id, "/notice", notice)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%s %q: status %d, want 422", name, value, r.status)
		}
		a.unchanged(t, id, before.State, before.Version, events)
		field := input(r.doc).Closest(".field")
		if msg := field.Find(".field-error").Text(); !strings.Contains(msg, want) {
			t.Fatalf("%s %q: next to the field %q, want %q", name, value, msg, want)
		}
		if got := input(r.doc).AttrOr("value", "?"); got != value {
			t.Fatalf("%s %q: the form kept %q", name, value, got)
		}
		if got := r.doc.Find(`form[action="`+page+`/notice#form-notice"] input[name="channel"]`).AttrOr("value", ""); got != "市人民政府门户网站" {
			t.Fatalf("the typed channel was not kept: %q", got)
		}
	}

	notice.Set(name, a.day(31))
	clerk.mustSend(id, "/notice", notice)
	if got := a.decision(id).Notice.More[name]; got != a.day(31) {
		t.Fatalf("stored %s = %q, want %s", name, got, a.day(31))
	}
	shown := func(path string) {
		t.Helper()
		_, doc := clerk.get(path)
		var found bool
		doc.Find(".kv").Each(func(_ int, kv *goquery.Selection) {
			found = found || kv.Find("dt").Text() == label && kv.Find("dd").Text() == a.day(31)
		})
		if !found {
			t.Fatalf("%s does not show %s: %s", path, label, a.day(31))
		}
	}
	shown(page)
	shown(page + "/dossier")
	if _, doc := clerk.get(page); input(doc).AttrOr("value", "") != a.day(31) {
		t.Fatalf("the notice's form does not carry the recorded %s", label)
	}

	// A change of the added field alone is its own history entry, before and after.
	notice.Set(name, a.day(32))
	clerk.mustSend(id, "/notice", notice)
	events, err := a.db.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var created, changed []store.Change
	for _, e := range events {
		if e.Action == "save_notice" {
			created, changed = changed, e.Changes
		}
	}
	if !slices.Contains(created, store.Change{Field: label, After: a.day(31)}) {
		t.Fatalf("the notice's first event does not record %s: %+v", label, created)
	}
	if !slices.Equal(changed, []store.Change{{Field: label, Before: a.day(31), After: a.day(32)}}) {
		t.Fatalf("the change of %s is recorded as %+v", label, changed)
	}
	if _, err := a.db.VerifyChain(context.Background(), nil); err != nil {
		t.Fatalf("the history chain does not verify: %v", err)
	}
	if res, err := a.db.VerifyRecords(context.Background()); err != nil || res.Total != 0 || len(res.Bare) != 0 {
		t.Fatalf("the recorded rows do not verify: %+v %v", res, err)
	}
}
