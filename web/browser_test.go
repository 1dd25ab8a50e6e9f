package web_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts one headless Chromium for a test. A missing Chromium fails the test with the
// command that installs it: a browser test is never skipped silently.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Fatal("Chromium is needed for the browser tests: apt-get install chromium fonts-noto-cjk (or run .ci/run)")
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
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func step(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

func browserLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	step(t, ctx, "login as "+username,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("login-username"), username),
		chromedp.SendKeys(chromedp.ID("login-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
}

// TestBrowserFirstStage: a clerk registers a proposal in the browser; the secretary is refused
// without the basis (message next to the field, the date kept), then records the start, and the
// decision moves into drafting.
func TestBrowserFirstStage(t *testing.T) {
	a := newApp(t)
	ctx := browser(t)
	base := a.srv.URL

	browserLogin(t, ctx, base, "clerk")
	if h := text(t, ctx, "h1"); h != "我的待办" {
		t.Fatalf("after login: h1 %q", h)
	}
	step(t, ctx, "register a proposal",
		chromedp.Navigate(base+"/decisions/new"),
		chromedp.SendKeys(chromedp.ID("proposal-title"), "城市公共交通票价调整方案"),
		chromedp.SetValue(chromedp.ID("proposal-category"), "public_service"),
		chromedp.SetValue(chromedp.ID("proposal-proposer_kind"), "department"),
		chromedp.SendKeys(chromedp.ID("proposal-proposer"), "市交通运输局"),
		chromedp.SendKeys(chromedp.ID("proposal-problem"), "现行票价结构已十年未调整"),
		chromedp.SendKeys(chromedp.ID("proposal-reasons"), "运营成本上升，财政补贴压力加大"),
		chromedp.SendKeys(chromedp.ID("proposal-legal_basis"), "《中华人民共和国价格法》第二十三条"),
		chromedp.SendKeys(chromedp.ID("proposal-solution"), "实行里程计价与换乘优惠"),
		chromedp.SendKeys(chromedp.ID("proposal-necessity"), "必要且可行"),
		chromedp.SendKeys(chromedp.ID("proposal-responsible_leader"), "副市长 孙立"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.stepper`)),
	)
	if h := text(t, ctx, "h1"); h != "城市公共交通票价调整方案" {
		t.Fatalf("decision page h1 %q", h)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "log out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("login-username")))

	browserLogin(t, ctx, base, "secretary")
	step(t, ctx, "start without basis",
		chromedp.Navigate(url),
		chromedp.Click(chromedp.CSS(`#proposal details.record-form summary`)),
		chromedp.SetValue(chromedp.ID("start-decided_on"), "2026-03-02"),
		chromedp.Click(chromedp.CSS(`form[action$="/start"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("start-basis-err")),
	)
	if msg := text(t, ctx, "#start-basis-err"); !strings.Contains(msg, "请填写决定依据") {
		t.Fatalf("message next to the basis field: %q", msg)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("start-decided_on"))); err != nil || v != "2026-03-02" {
		t.Fatalf("typed date not kept: %q %v", v, err)
	}
	step(t, ctx, "start with basis",
		chromedp.SendKeys(chromedp.ID("start-basis"), "市政府第15次常务会议纪要"),
		chromedp.Click(chromedp.CSS(`form[action$="/start"] button[type="submit"]`)),
		// The drafting section appears only once the decision has left the proposal stage.
		chromedp.WaitVisible(chromedp.ID("drafting")),
	)
	if cur := text(t, ctx, ".step-current .step-label"); cur != "起草" {
		t.Fatalf("current stage after start: %q", cur)
	}
}
