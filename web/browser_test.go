package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axePath is axe-core as `make test` installs it (the version is pinned in testdata/axe).
const axePath = "testdata/axe/node_modules/axe-core/axe.min.js"

// tab is one browser tab of the journeys, with the checks every page gets.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	b    *browserRun
}

// browserRun is the one headless Chromium of a test run, with what it has checked so far.
type browserRun struct {
	alloc   context.Context
	browser context.Context
	axe     string
	checked map[string]bool // page kinds already checked for accessibility
	shots   string          // folder for screenshots (JUECE_SCREENSHOTS), "" for none
	pages   int             // pages checked
}

// startBrowser starts one headless Chromium for the whole test. A missing Chromium or axe-core
// fails the test with the command that installs it: a browser test is never skipped silently.
func startBrowser(t *testing.T) *browserRun {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Fatal("Chromium is needed for the browser tests: apt-get install chromium fonts-noto-cjk (or run .ci/run)")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core is needed for the accessibility checks: run make test (it runs npm ci --prefix web/testdata/axe): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("chromium"),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	bctx, cancelTimeout := context.WithTimeout(bctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b := &browserRun{alloc: actx, browser: bctx, axe: string(axe), checked: map[string]bool{}, shots: os.Getenv("JUECE_SCREENSHOTS")}
	if b.shots != "" {
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// newTab opens a tab in its own browser context: its own cookies, as a second browser would.
func (b *browserRun) newTab(t *testing.T, base string) *tab {
	ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: base, b: b}
}

func (p *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func evalIn[T any](p *tab, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

// text is an element's text with the white space folded.
func (p *tab) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func (p *tab) value(sel string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// open goes to path and checks the page as kind.
func (p *tab) open(path, kind string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.base+path))
	p.check(kind)
}

// waitNewPage waits for the page that replaces the one marked by markPage.
func (p *tab) markPage() { evalIn[bool](p, `document.body.dataset.old = "1", true`) }
func (p *tab) waitNewPage(what string) {
	p.t.Helper()
	p.do(what, chromedp.WaitReady(chromedp.CSS(`body:not([data-old])`)), chromedp.WaitReady(chromedp.CSS(`footer`)))
}

// press activates the element with the keyboard: it takes focus and Enter is pressed.
func (p *tab) press(sel string) {
	p.t.Helper()
	p.do("press "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(kb.Enter))
}

// login signs in through the login form, typing as a user does.
func (p *tab) login(username string) {
	p.t.Helper()
	p.open("/login", "login")
	p.do("type credentials", chromedp.SendKeys(chromedp.ID("login-username"), username),
		chromedp.SendKeys(chromedp.ID("login-password"), testPassword))
	p.markPage()
	p.press(`main button[type="submit"]`)
	p.waitNewPage("log in as " + username)
	p.do("logged in as "+username, chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
}

func (p *tab) logout() {
	p.t.Helper()
	p.markPage()
	p.press(`form[action="/logout"] button`)
	p.waitNewPage("log out")
}

// field is one form field to fill: its name and what to put in it.
type field struct{ name, value string }

// fill types into the fields of the form matched by form: text with the keyboard, dates and
// options set directly (the browser's own pickers), check boxes ticked with the space bar.
func (p *tab) fill(form string, fields ...field) {
	p.t.Helper()
	p.unfold(form)
	for _, f := range fields {
		sel := form + ` [name="` + f.name + `"]`
		kind := evalIn[string](p, `(() => { const e = document.querySelector(`+jsString(sel)+`);
			return e ? (e.tagName === 'INPUT' ? e.type : e.tagName.toLowerCase()) : '' })()`)
		switch kind {
		case "":
			p.t.Fatalf("no field %s", sel)
		case "checkbox":
			checked := evalIn[bool](p, `document.querySelector(`+jsString(sel)+`).checked`)
			if checked != (f.value == "1") {
				p.do("tick "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(" "))
			}
		case "date", "select":
			p.do("set "+sel, chromedp.SetValue(chromedp.CSS(sel), f.value))
		default:
			evalIn[bool](p, `(e => (e.value = '', true))(document.querySelector(`+jsString(sel)+`))`)
			p.do("type "+sel, chromedp.SendKeys(chromedp.CSS(sel), f.value))
		}
	}
}

// unfold opens, with the keyboard, the fold (details) a form sits in, if it is closed.
func (p *tab) unfold(form string) {
	p.t.Helper()
	if evalIn[bool](p, `(d => !!d && !d.open)(document.querySelector(`+jsString(form)+`).closest('details'))`) {
		p.press(`details:has(` + form + `) > summary`)
	}
}

// submit sends the form with Enter on its button and waits for the answer.
func (p *tab) submit(form string) {
	p.t.Helper()
	p.unfold(form)
	p.markPage()
	p.press(form + ` button[type="submit"]`)
	p.waitNewPage("submit " + form)
}

// errors are the messages the page shows about the last form: next to fields and above forms.
func (p *tab) errors() []string {
	return evalIn[[]string](p, `Array.from(document.querySelectorAll('.alert-error, .field-error, .alert-warn[role=alert]'))
		.filter(e => e.getClientRects().length > 0).map(e => e.innerText.trim())`)
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// check runs the accessibility checks on the page once per kind of page: axe-core finds no
// critical or serious violation, every control is reached with Tab and shows where the focus
// is. With JUECE_SCREENSHOTS set it also saves the page at desktop and phone widths.
func (p *tab) check(kind string) {
	p.t.Helper()
	if p.b.checked[kind] {
		return
	}
	p.b.checked[kind] = true
	p.b.pages++
	p.axe(kind)
	p.keyboard(kind)
	p.screenshot(kind)
}

func (p *tab) axe(kind string) {
	p.t.Helper()
	if !evalIn[bool](p, `typeof axe !== 'undefined'`) {
		evalIn[bool](p, p.b.axe+"\n;true")
	}
	found, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ['violations']}).then(r =>
		r.violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
			.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe on %s: %v", kind, err)
	}
	for _, v := range found {
		p.t.Errorf("accessibility (%s): %s", kind, v)
	}
}

// keyboard tabs through the page from the top: every visible control must take the focus in
// turn, and the focused control must be drawn differently (an outline or a shadow).
func (p *tab) keyboard(kind string) {
	p.t.Helper()
	n := evalIn[int](p, `(() => {
		const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
		let n = 0;
		for (const e of all) {
			if (e.tabIndex < 0 || e.disabled || e.getClientRects().length === 0 || e.closest('[aria-hidden=true]')) continue;
			// A summary shows while its own fold is closed, but not inside another closed fold.
			const shown = e.tagName === 'SUMMARY' ? e.parentElement.parentElement : e;
			if (shown && shown.closest('details:not([open])')) continue;
			e.dataset.kbd = String(n++);
		}
		document.activeElement && document.activeElement.blur();
		window.scrollTo(0, 0);
		return n;
	})()`)
	reached := map[string]bool{}
	for i := 0; i < 4*n+3 && len(reached) < n; i++ { // a date field takes a Tab for each of its parts
		p.do("tab", chromedp.KeyEvent(kb.Tab))
		got := evalIn[[]string](p, `(() => { const e = document.activeElement; if (!e || !e.dataset.kbd) return ['', ''];
			const s = getComputedStyle(e);
			const drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
			return [e.dataset.kbd, drawn ? '' : e.outerHTML.slice(0, 120)] })()`)
		if got[0] == "" {
			continue
		}
		reached[got[0]] = true
		if got[1] != "" {
			p.t.Errorf("keyboard (%s): no visible focus on %s", kind, got[1])
		}
	}
	if len(reached) < n {
		missed := evalIn[[]string](p, `Array.from(document.querySelectorAll('[data-kbd]')).filter(e => !`+
			jsString(strings.Join(keys(reached), ","))+`.split(',').includes(e.dataset.kbd)).slice(0, 5).map(e => e.outerHTML.slice(0, 120))`)
		p.t.Errorf("keyboard (%s): %d of %d controls not reached with Tab, e.g. %q", kind, n-len(reached), n, missed)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func (p *tab) screenshot(kind string) {
	p.t.Helper()
	if p.b.shots == "" {
		return
	}
	// From the top with nothing focused, as a reader first sees it (the side panel is sticky).
	evalIn[bool](p, `document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true`)
	// Back to the size it had after: a journey on a phone stays on the phone.
	was := evalIn[[]int64](p, `[window.innerWidth, window.innerHeight]`)
	for _, w := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		p.do("resize", chromedp.EmulateViewport(w.width, w.height))
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.t.Fatalf("screenshot %s: %v", kind, err)
		}
		if err := os.WriteFile(filepath.Join(p.b.shots, kind+"-"+w.name+".png"), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	p.do("resize back", chromedp.EmulateViewport(was[0], was[1]))
}
