package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestDossierOfNormativeDocument: the dossier of a normative document is its own procedure's
// record: it says so, names the stage by the procedure, and holds the register entry with its
// number and filing clock and the objections received — read-only, with no form.
func TestDossierOfNormativeDocument(t *testing.T) {
	a := newApp(t)
	id := a.publishedNormative("江澜市城区停车管理办法")
	citizen := a.anon()
	form := citizen.objectionForm(id)
	form.Set("provision", "第五条")
	form.Set("body", "收费标准未经听证，高于周边城市。")
	form.Set("author", "张三")
	if r := citizen.post(fmt.Sprintf("/public/normative/%d/objections", id), form); r.status >= 400 {
		t.Fatalf("objection: %d", r.status)
	}

	st, doc := a.login("auditor").get(fmt.Sprintf("/decisions/%d/dossier", id))
	if st != http.StatusOK {
		t.Fatalf("dossier: %d", st)
	}
	if kind := doc.Find(".dossier-kind").Text(); !strings.Contains(kind, "行政规范性文件") {
		t.Errorf("the dossier calls itself %q", kind)
	}
	register := doc.Find("#norm-register")
	if register.Length() != 1 || !strings.Contains(register.Text(), "澜政规〔") || !strings.Contains(register.Text(), "报送备案期限") {
		t.Errorf("the register entry is missing or without its number and filing clock: %q", register.Text())
	}
	if obj := doc.Find("#objections"); !strings.Contains(obj.Text(), "收费标准未经听证") {
		t.Errorf("the objection is not in the dossier: %q", obj.Text())
	}
	if doc.Find("#departments").Length() != 1 {
		t.Error("the departments' section is missing")
	}
	if n := doc.Find("main form").Length(); n != 0 {
		t.Errorf("the dossier has %d forms", n)
	}
	if doc.Find(`.contents a[href="#norm-register"]`).Length() == 0 && doc.Find(`a[href="#norm-register"]`).Length() == 0 {
		t.Error("the contents list does not lead to the register entry")
	}
}
