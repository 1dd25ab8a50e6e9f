package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestDossierContents: the dossier of a decision taken to its publication opens with a contents
// list of its stages and their records, every link leading to one place in the document; each
// stage is printed once; what a record's creation wrote is marked for print to leave to its
// stage.
func TestDossierContents(t *testing.T) {
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	st, doc := a.login("auditor").get("/decisions/" + itoa(id) + "/dossier")
	if st != http.StatusOK {
		t.Fatalf("dossier: %d", st)
	}
	toc := doc.Find("nav.dossier-contents")
	if toc.Length() != 1 || toc.Find("h2").Text() != "目录" {
		t.Fatalf("the dossier has no contents list")
	}
	targets := map[string]bool{}
	toc.Find("a").Each(func(_ int, l *goquery.Selection) {
		href := l.AttrOr("href", "")
		if !strings.HasPrefix(href, "#") || strings.TrimSpace(l.Text()) == "" {
			t.Errorf("contents link %q %q", href, l.Text())
			return
		}
		id := href[1:]
		if n := doc.Find(`[id="` + id + `"]`).Length(); n != 1 {
			t.Errorf("contents link %s (%s): %d elements with that id", href, l.Text(), n)
		}
		targets[id] = true
	})
	// Every stage is listed, once, and is in the document once.
	titles := map[string]bool{}
	stages := doc.Find("main section.stage")
	stages.Each(func(_ int, s *goquery.Selection) {
		title := strings.Fields(s.Find("h2").First().Text())[0]
		if titles[title] {
			t.Errorf("stage %s printed twice", title)
		}
		titles[title] = true
		if !targets[s.AttrOr("id", "")] {
			t.Errorf("stage %s (#%s) missing from the contents", title, s.AttrOr("id", ""))
		}
	})
	for _, want := range []string{"决策启动", "起草", "征求意见", "听证", "风险评估", "合法性审查", "集体讨论决定", "决策公布", "附件清单", "办理记录（全程留痕）"} {
		if !titles[want] {
			t.Errorf("the dossier lacks the stage %s (has %v)", want, titles)
		}
	}
	// The records under their stage: the hearing's record under 听证, the publication under 决策公布.
	for stage, record := range map[string]string{"听证": "听证记录", "决策公布": "决策公布", "征求意见": "公众意见"} {
		found := false
		toc.Find("ol > li").Each(func(_ int, li *goquery.Selection) {
			if strings.TrimSpace(li.ChildrenFiltered("a").Text()) == stage && li.Find("ol a").FilterFunction(func(_ int, a *goquery.Selection) bool {
				return a.Text() == record
			}).Length() == 1 {
				found = true
			}
		})
		if !found {
			t.Errorf("contents: %s not listed under %s", record, stage)
		}
	}
	if len(targets) < stages.Length()+10 {
		t.Errorf("contents: %d links for %d stages, the records are missing", len(targets), stages.Length())
	}
	// A record's first entry in the history is left out in print; a change is kept.
	if doc.Find("#history .change-new").Length() == 0 || doc.Find("#history .print-note").Length() != 1 {
		t.Error("the history's first entries are not marked for print")
	}
}
