package web_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserDossierPrint prints the dossier of a published decision in Chromium, on the A4
// paper its stylesheet asks for: a reasonable number of pages, each numbered in its footer
// ("第 N 页 共 M 页", CSS paged media), read back from the PDF with pdftotext.
func TestBrowserDossierPrint(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed to read the printed dossier: apt-get install poppler-utils (or run .ci/run)")
	}
	a := newApp(t)
	id := a.seedPublished("城市公共交通票价调整方案")
	b := startBrowser(t)
	p := b.newTab(t, a.srv.URL)
	p.login("auditor")
	p.open("/decisions/"+itoa(id)+"/dossier", "dossier")
	if n := evalIn[int](p, `document.querySelectorAll('nav.dossier-contents a').length`); n < 10 {
		t.Fatalf("contents list: %d links", n)
	}
	// The contents' links move within the page, with the keyboard too.
	p.press(`nav.dossier-contents a[href="#hearing"]`)
	if top := evalIn[float64](p, `document.getElementById('hearing').getBoundingClientRect().top`); top < -1 || top > 100 {
		t.Fatalf("after following the contents link, #hearing is at %v px", top)
	}
	pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(func(o *page.PrintToPDFParams) {
		css := true
		o.PreferCSSPageSize = &css
	}))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
	if pages < 3 || pages > 20 {
		t.Fatalf("the dossier prints on %d pages", pages)
	}
	file := filepath.Join(t.TempDir(), "dossier.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for n := 1; n <= pages; n++ {
		if want := "第 " + itoa(int64(n)) + " 页 共 " + itoa(int64(pages)) + " 页"; !strings.Contains(text, want) {
			t.Errorf("page %d of %d: no footer %q", n, pages, want)
		}
	}
	// Each stage once: its heading starts a line once in the whole print.
	for _, h := range []string{"听证 规划三", "合法性审查 规划三", "决策公布 条例第31"} {
		if n := strings.Count(text, h); n != 1 {
			t.Errorf("%q printed %d times", h, n)
		}
	}
	t.Logf("the dossier prints on %d A4 pages", pages)
}
