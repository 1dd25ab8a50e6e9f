package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"juece/workflow"
)

// The working day's journeys (issue 16): the admin's day, a refused form landing at its error
// summary, a success banner, a confirmation page and the citizen's receipt on a phone. Every
// page goes through axe-core and the keyboard walk (tab.check); selectors name forms by their
// action and fields by their name, not by where the page puts them.

// landedAtSummary checks the page a refused form answered: 错误 in the title, the error summary
// focused and in view, each of its links leading to a field of the page that is drawn, and
// following a link with the keyboard brings the field into view. It returns the summary's text.
func landedAtSummary(t *testing.T, p *tab) string {
	t.Helper()
	// The focus moves when the page has loaded (static/app.js): wait for it, a few seconds at most.
	_, _ = chromedp.Run(p.ctx, chromedp.Poll[bool](`document.readyState === 'complete' && document.activeElement.classList.contains('error-summary')`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if title := evalIn[string](p, `document.title`); !strings.Contains(title, "错误") {
		t.Errorf("refused form: the title %q does not say 错误", title)
	}
	got := evalIn[[]string](p, `(() => {
		const s = document.activeElement;
		if (!s || !s.classList.contains('error-summary')) return ['not focused: ' + (s ? s.outerHTML.slice(0, 80) : '')];
		const r = s.getBoundingClientRect();
		if (r.top < 0 || r.top > window.innerHeight - 40) return ['out of view at ' + r.top + ' of ' + window.innerHeight];
		return [];
	})()`)
	if len(got) > 0 {
		t.Fatalf("refused form: the error summary is %s", got[0])
	}
	links := evalIn[[]string](p, `Array.from(document.activeElement.querySelectorAll('a[href^="#"]')).map(a => a.getAttribute('href'))`)
	if len(links) == 0 {
		t.Fatal("refused form: the error summary links to no field")
	}
	for _, href := range links {
		if !evalIn[bool](p, `(e => !!e && ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && e.getClientRects().length > 0)(document.getElementById(`+jsString(href[1:])+`))`) {
			t.Errorf("refused form: the summary's link %s leads to no field in view", href)
		}
	}
	summary := evalIn[string](p, `document.activeElement.innerText`)
	// Clicked, not pressed: the browser moves the focus to the field the link leads to, and the
	// Enter the test would send after the key-down would then submit the form.
	evalIn[bool](p, `document.querySelector('.error-summary a[href="`+links[0]+`"]').click(), true`)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.hash === `+jsString(links[0]), chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("following %s: %v", links[0], err)
	}
	if top := evalIn[float64](p, `document.getElementById(`+jsString(links[0][1:])+`).getBoundingClientRect().top`); top < -2 || top > 900 {
		t.Errorf("refused form: after following %s the field is at %v px", links[0], top)
	}
	return summary
}

// banner is the text of the page's success banner ("" for none).
func banner(p *tab) string {
	return evalIn[string](p, `Array.from(document.querySelectorAll('.alert-ok[role=status]')).map(e => e.innerText.trim()).join(' ')`)
}

// TestBrowserJourneysAdmin: the admin in October, when next year's holidays are due — the
// calendar banner; a new undertaking unit; a third-party body registered; a 合法性审查人员 put in
// the new unit is refused with the separation-of-duties message at the top, the page landing
// there; put in the legal office as its head, the account is added with a banner and its 负责人
// flag in the list; next year's first holiday entered, the banner goes; the settings refused
// below the legal minimum, then saved with a banner.
func TestBrowserJourneysAdmin(t *testing.T) {
	a := newApp(t)
	a.setClock("2026-10-12 09:00")
	b := startBrowser(t)
	admin := b.newTab(t, a.srv.URL)
	admin.login("admin")

	admin.open("/admin/users", "admin-users")
	if msg := admin.text("#calendar-missing"); !strings.Contains(msg, "2027") {
		t.Fatalf("calendar banner: %q", msg)
	}

	// A new undertaking unit, then an account in it.
	admin.open("/admin/units", "admin-units")
	admin.fill(`form[action="/admin/units"]`, field{"name", "市交通运输局"}, field{"kind", "undertaking"})
	admin.submit(`form[action="/admin/units"]`)
	if !strings.Contains(banner(admin), "单位已新增") || !strings.Contains(admin.text("#unit-list"), "市交通运输局") {
		t.Fatalf("unit: banner %q, errors %q", banner(admin), admin.errors())
	}
	admin.check("admin-units-added")
	unit, err := a.db.UnitByName(t.Context(), "市交通运输局")
	if err != nil {
		t.Fatal(err)
	}

	admin.open("/admin/bodies", "admin-bodies")
	admin.fill(`form[action="/admin/bodies"]`, field{"name", "江澜大学公共政策研究中心"})
	admin.submit(`form[action="/admin/bodies"]`)
	admin.check("admin-bodies-saved")
	if !strings.Contains(admin.text("main"), "江澜大学公共政策研究中心") || banner(admin) == "" {
		t.Fatalf("third-party body: banner %q, page %q", banner(admin), admin.text("main"))
	}

	add := `form[action="/admin/users"]`
	admin.open("/admin/users", "admin-users")
	admin.fill(add, field{"username", "shencha.li"}, field{"display_name", "李审"},
		field{"unit", strconv.FormatInt(unit.ID, 10)}, field{"role", string(workflow.RoleReviewer)},
		field{"password", "a-long-password-42"})
	admin.submit(add)
	if summary := landedAtSummary(t, admin); !strings.Contains(summary, "合法性审查人员应属于司法局") {
		t.Fatalf("a reviewer outside the legal office: summary %q", summary)
	}
	if admin.value(add+` [name="username"]`) != "shencha.li" || admin.value(add+` [name="display_name"]`) != "李审" {
		t.Fatal("the refused account form lost what was typed")
	}
	admin.check("admin-users-refused")

	admin.fill(add, field{"unit", strconv.FormatInt(a.units["市司法局"], 10)}, field{"legal_head", "1"},
		field{"password", "a-long-password-42"})
	admin.submit(add)
	if got := banner(admin); !strings.Contains(got, "账号已新增") {
		t.Fatalf("account added: banner %q, errors %q", got, admin.errors())
	}
	row := evalIn[string](admin, `(() => { const r = Array.from(document.querySelectorAll('tr')).find(r => r.innerText.includes('shencha.li'));
		return r ? r.querySelector('td.heads').innerText : '' })()`)
	if row != "法制机构负责人" {
		t.Fatalf("the new account's 负责人 flag in the list: %q", row)
	}
	admin.check("admin-users-added")

	admin.open("/admin/calendar?year=2027", "admin-calendar")
	admin.fill(`form[action="/admin/calendar"][method="post"]`, field{"day", "2027-01-01"}, field{"kind", "off"}, field{"name", "元旦"})
	admin.submit(`form[action="/admin/calendar"][method="post"]`)
	if banner(admin) == "" || !strings.Contains(admin.text("main"), "元旦") {
		loc, _ := chromedp.Run(admin.ctx, chromedp.Location())
		t.Fatalf("calendar day: banner %q, errors %q at %s: %s", banner(admin), admin.errors(), loc, admin.text("main"))
	}
	admin.open("/admin/users", "admin-users")
	if evalIn[bool](admin, `!!document.getElementById('calendar-missing')`) {
		t.Fatal("the calendar banner stays once 2027 has its first holiday")
	}

	settings := `form[action="/admin/settings"]`
	admin.open("/admin/settings", "admin-settings")
	admin.fill(settings, field{"min_comment_days", "20"})
	admin.submit(settings)
	if summary := landedAtSummary(t, admin); !strings.Contains(summary, "条例第15条") {
		t.Fatalf("a comment period under the legal minimum: summary %q", summary)
	}
	admin.check("admin-settings-refused")
	admin.fill(settings, field{"min_comment_days", "35"})
	admin.submit(settings)
	if got := banner(admin); !strings.Contains(got, "已保存") {
		t.Fatalf("settings: banner %q, errors %q", got, admin.errors())
	}
	if v := admin.value(settings + ` [name="min_comment_days"]`); v != "35" {
		t.Fatalf("settings after the save: %q", v)
	}
	admin.check("admin-settings-saved")
}

// TestBrowserJourneysAnswers: the secretary's refused start lands at its error summary, linked to
// the empty field, the date typed kept; the start then answers with a banner. On a second
// proposal, 不予启动 asks for confirmation with the reason typed; 返回修改 gives the form back
// with the reason, nothing decided; 确认 decides, with a banner.
func TestBrowserJourneysAnswers(t *testing.T) {
	a := newApp(t)
	clerk := a.login("clerk")
	first := clerk.createDecision("城市公共交通票价调整方案")
	second := clerk.createDecision("中心城区停车收费标准调整")
	b := startBrowser(t)
	sec := b.newTab(t, a.srv.URL)
	sec.login("secretary")
	dpath := func(id int64) string { return "/decisions/" + itoa(id) }
	form := func(id int64, action string) string {
		a := dpath(id) + action
		return `form:is([action="` + a + `"], [action^="` + a + `#"])` // with or without its anchor
	}

	sec.open(dpath(first), "decision-proposed")
	sec.fill(form(first, "/start"), field{"decided_on", a.day(0)})
	sec.submit(form(first, "/start"))
	if summary := landedAtSummary(t, sec); !strings.Contains(summary, "决定依据") {
		t.Fatalf("start without its basis: summary %q", summary)
	}
	if v := sec.value(form(first, "/start") + ` [name="decided_on"]`); v != a.day(0) {
		t.Fatalf("the date typed was lost: %q", v)
	}
	sec.check("decision-refused-summary")
	sec.fill(form(first, "/start"), field{"basis", "市政府第15次常务会议纪要"})
	sec.submit(form(first, "/start"))
	if st := a.decision(first).State; st != workflow.Drafting {
		t.Fatalf("after the start: %s, %q", st, sec.errors())
	}
	if got := banner(sec); !strings.Contains(got, "已") {
		t.Fatalf("the start answered with no banner: %q", got)
	}
	sec.check("decision-saved-banner")

	reason := "不属于本级政府重大行政决策事项目录范围"
	decline := form(second, "/events/decline")
	sec.open(dpath(second), "decision-proposed")
	events := a.eventCount(second)
	sec.fill(decline, field{"reason", reason})
	sec.submit(decline)
	if !evalIn[bool](sec, `!!document.querySelector('form.confirm-form')`) || !strings.Contains(sec.text("main"), reason) ||
		!strings.Contains(sec.text("main"), "不能恢复") {
		t.Fatalf("不予启动: no confirmation page with the reason: %q", sec.text("main"))
	}
	sec.check("confirm-decline")
	sec.markPage()
	sec.press(`form.confirm-form button[value="back"]`)
	sec.waitNewPage("返回修改")
	if v := sec.value(decline + ` [name="reason"]`); v != reason {
		t.Fatalf("返回修改: the reason is %q", v)
	}
	if a.decision(second).State != workflow.Proposed || a.eventCount(second) != events {
		t.Fatal("返回修改 decided something")
	}
	sec.check("decision-confirm-back")
	sec.submit(decline)
	sec.markPage()
	sec.press(`form.confirm-form button[value="yes"]`)
	sec.waitNewPage("确认不予启动")
	if st := a.decision(second).State; st != workflow.Declined {
		t.Fatalf("after 确认: %s, %q", st, sec.errors())
	}
	if got := banner(sec); !strings.Contains(got, "不予启动") {
		t.Fatalf("不予启动 answered with no banner: %q", got)
	}
	sec.check("decision-declined")
}

// TestBrowserJourneysReceipt: a citizen on a 390 px phone comments on a consultation, gets the
// receipt, and looks the comment up later by its number and code: a mistyped code lands at the
// error summary; the right one, typed in lower case, finds it. No page is wider than the screen.
func TestBrowserJourneysReceipt(t *testing.T) {
	a := newApp(t)
	id := a.seedConsultation("城市公共交通票价调整方案", workflow.Flags{AffectsInterests: true})
	b := startBrowser(t)
	citizen := b.newTab(t, a.srv.URL)
	phone := func() { citizen.do("phone", chromedp.EmulateViewport(390, 844)) }
	fits := func(what string) {
		t.Helper()
		if w := evalIn[int](citizen, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s is %d px wide on a 390 px screen", what, w)
		}
	}
	phone()
	citizen.open("/public/consultations/"+itoa(id), "public-consultation-phone")
	phone()
	fits("the consultation")
	pub := `form.public-form`
	citizen.fill(pub, field{"body", "建议保留老年人免费乘车"}, field{"author", "市民钱女士"})
	citizen.submit(pub)
	ref, code := citizen.text(".receipt-ref"), citizen.text(".receipt-code")
	if !strings.HasPrefix(ref, "YJ") || len(code) != 9 {
		t.Fatalf("receipt: %q %q", ref, code)
	}
	citizen.check("public-receipt-new")
	phone()
	fits("the receipt")
	if loc, err := chromedp.Run(citizen.ctx, chromedp.Location()); err != nil || !strings.Contains(loc, "/public/receipts?") {
		t.Fatalf("the receipt is not a page of its own: %q %v", loc, err)
	}

	lookup := `form[action="/public/receipts"]`
	citizen.open("/public/receipts", "public-receipts-phone")
	phone()
	wrong := "2222-2222"
	if wrong == code {
		wrong = "3333-3333"
	}
	citizen.fill(lookup, field{"ref", ref}, field{"code", wrong})
	citizen.submit(lookup)
	if summary := landedAtSummary(t, citizen); !strings.Contains(summary, "意见编号") {
		t.Fatalf("a mistyped code: summary %q", summary)
	}
	citizen.check("public-receipts-missing")
	phone()
	fits("the refused lookup")
	citizen.fill(lookup, field{"ref", ref}, field{"code", strings.ToLower(strings.ReplaceAll(code, "-", ""))})
	citizen.submit(lookup)
	if got := citizen.text(".receipt-status"); !strings.Contains(got, "待承办单位研究处理") {
		t.Fatalf("lookup: status %q", got)
	}
	if citizen.text(".receipt-ref") != ref || !strings.Contains(citizen.text("main"), "建议保留老年人免费乘车") {
		t.Fatalf("lookup: found %q", citizen.text("main"))
	}
	citizen.check("public-receipt-found")
	phone()
	fits("the receipt found")
}
