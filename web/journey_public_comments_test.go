package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"juece/workflow"
)

// TestBrowserJourneysPublicComments: a citizen reads the handling of a fare consultation's
// 1,202 comments, grouped, on a 1280 px screen and on a 390 px phone, and goes to the second
// page with the keyboard; the comment form is still reached from the top of the first page.
func TestBrowserJourneysPublicComments(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	a.seedFareComments(id, 1200)
	a.seedFareFeedback(id)
	a.clock.Add(time.Hour)
	b := startBrowser(t)
	citizen := b.newTab(t, a.srv.URL)
	path := "/public/consultations/" + itoa(id)
	for _, w := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		citizen.do(w.name, chromedp.EmulateViewport(w.width, w.height))
		citizen.open(path, "public-comments-"+w.name)
		if got := citizen.text("#comments-total"); !strings.Contains(got, "共 56 组") {
			t.Fatalf("%s: the total %q", w.name, got)
		}
		if n := evalIn[int](citizen, `document.querySelectorAll('.public-comments > li').length`); n != 50 {
			t.Fatalf("%s: %d groups", w.name, n)
		}
		if wide := evalIn[int](citizen, `document.documentElement.scrollWidth`); wide > int(w.width) {
			t.Errorf("%s: the page is %d px wide", w.name, wide)
		}
		citizen.markPage()
		citizen.press(`.pager a[rel="next"]`)
		citizen.waitNewPage("page 2")
		citizen.check("public-comments-page2-" + w.name)
		if got := citizen.text(".page-note"); !strings.Contains(got, "公众意见第 2 页，共 2 页") {
			t.Fatalf("%s: page 2 says %q", w.name, got)
		}
		citizen.markPage()
		citizen.press(`.page-note a`)
		citizen.waitNewPage("back to page 1")
		citizen.press(`#page-links a[href="#comment"]`)
		if focused := evalIn[bool](citizen, `location.hash === '#comment' && document.querySelector('#comment textarea[name="body"]') !== null`); !focused {
			t.Fatalf("%s: the link at the top does not lead to the form", w.name)
		}
	}
}
